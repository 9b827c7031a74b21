#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Descriptor fuzz for hid-bpf-fixes (stress (g)), run in a test VM.

Usage: fuzz-rdesc.py DATA_DIR ITERATIONS [SEED]

With hid_bpf_fixes loaded (resident=1), plugs uhid devices with the IDs of
every data set in DATA_DIR and a mutation of its report descriptor:
truncated, one byte shorter or longer, padded to 4096 bytes, one of the
first bytes flipped (where the probes look), or random bytes of the exact
size. Passes when no mutated descriptor that differs from every known
descriptor of its IDs gets a fix attached, and, at the end, each real
descriptor is still fixed (the fixed descriptor, and the fix listed in
debugfs). Devices carry the name of their data set's name file, where a
probe checks the name. Prints TAP with a "# Totals:" line.
"""
import collections
import glob
import os
import random
import struct
import sys
import time

UHID_CREATE2, UHID_DESTROY = 11, 1
ATTACHED = "/sys/kernel/debug/hid_bpf_fixes/attached"


def hexfile(path):
    with open(path) as f:
        return bytes(int(t, 16) for t in f.read().split())


def datasets(top):
    sets = []
    for d in sorted(glob.glob(os.path.join(top, "*"))):
        if not os.path.exists(os.path.join(d, "ids")):
            continue
        with open(os.path.join(d, "ids")) as f:
            bus, vid, pid = (int(x, 16) for x in f.readline().split()[:3])
        fixed = os.path.join(d, "rdesc-fixed.hex")
        name = None
        if os.path.exists(os.path.join(d, "name")):
            with open(os.path.join(d, "name")) as f:
                name = f.readline().strip()
        sets.append({
            "name": os.path.basename(d),
            "fix": os.path.basename(d).split("@")[0],
            "ids": (bus, vid, pid),
            "rdesc": hexfile(os.path.join(d, "rdesc.hex")),
            "fixed": hexfile(fixed) if os.path.exists(fixed) else None,
            # the device's name, where the fix's probe checks it
            "hid_name": name,
        })
    return sets


def mutate(rng, rdesc):
    kind = rng.randrange(6)
    if kind == 0 and len(rdesc) > 1:
        return "truncated", rdesc[:rng.randrange(1, len(rdesc))]
    if kind == 1:
        return "len-1", rdesc[:-1]
    if kind == 2:
        return "len+1", rdesc + bytes([rng.randrange(256)])
    if kind == 3:
        return "padded", rdesc + bytes(4096 - len(rdesc))
    if kind == 4:
        b = bytearray(rdesc)
        i = rng.randrange(min(len(b), 32))
        b[i] ^= 1 << rng.randrange(8)
        return "flip@%d" % i, bytes(b)
    return "random", bytes(rng.randrange(256) for _ in rdesc)


def create(ids, rdesc, name):
    fd = os.open("/dev/uhid", os.O_RDWR)
    before = set(glob.glob("/sys/bus/hid/devices/*"))
    os.write(fd, struct.pack("<I128s64s64sHHIIII4096s", UHID_CREATE2,
                             name.encode(), b"", b"", len(rdesc), ids[0],
                             ids[1], ids[2], 0, 0, rdesc))
    for _ in range(200):
        new = set(glob.glob("/sys/bus/hid/devices/*")) - before
        if new:
            return fd, os.path.basename(new.pop())
        time.sleep(0.02)
    return fd, None


def destroy(fd):
    os.write(fd, struct.pack("<I", UHID_DESTROY))
    os.close(fd)


def attached(sysname):
    try:
        with open(ATTACHED) as f:
            return any(line.split()[0] == sysname for line in f if line.strip())
    except OSError:
        return False


def kmsg_open():
    """The kernel log, from now on."""
    fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
    os.lseek(fd, 0, os.SEEK_END)
    return fd


def probe_failed(kfd, sysname):
    """Has the kernel logged a failed driver probe of the device since the
    last call? (A descriptor the HID core cannot parse binds no driver.)"""
    while True:
        try:
            rec = os.read(kfd, 8192).decode(errors="replace")
        except BlockingIOError:
            return False
        except OSError:
            continue        # EPIPE: records overwritten meanwhile
        if (sysname + ": probe with driver") in rec and "failed" in rec:
            return True


def settled(sysname, timeout, kfd):
    """Wait until the device is bound, its probe failed, or it is gone: the
    module decided before any of these (in the bus notifier)."""
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists("/sys/bus/hid/devices/%s/driver" % sysname):
            time.sleep(0.05)
            return True
        if not os.path.exists("/sys/bus/hid/devices/" + sysname):
            return True
        if probe_failed(kfd, sysname):
            return True
        time.sleep(0.02)
    return False


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sets = datasets(sys.argv[1])
    iterations = int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) == 4 else 1
    rng = random.Random(seed)
    scale = int(os.environ.get("HBF_TIMEOUT_SCALE", "1"))
    kfd = kmsg_open()
    known = {}
    for s in sets:
        known.setdefault(s["ids"], set()).add(s["rdesc"])
    print("TAP version 13")
    print("1..2")
    print("# %d data sets, %d iterations, seed %d" % (len(sets), iterations, seed))
    bad = []
    undecided = 0
    for i in range(iterations):
        s = rng.choice(sets)
        kind, rdesc = mutate(rng, s["rdesc"])
        if not rdesc or len(rdesc) > 4096:
            continue
        fd, sysname = create(s["ids"], rdesc, s["hid_name"] or "hbf fuzz")
        if sysname is None:
            destroy(fd)
            continue
        if not settled(sysname, 10 * scale, kfd):
            undecided += 1
        if attached(sysname) and rdesc not in known[s["ids"]]:
            bad.append("%s %s (%d bytes): attached" % (s["name"], kind, len(rdesc)))
        destroy(fd)
        if i % 500 == 499:
            print("# %d done, %d wrongly attached, %d never bound" %
                  (i + 1, len(bad), undecided), flush=True)
    if bad:
        print("not ok 1 fuzz: %d mutated descriptors got a fix" % len(bad))
        per = collections.Counter(b.split()[0] for b in bad)
        print("# per data set: " + ", ".join("%s %d" % (k, per[k]) for k in sorted(per)))
        for b in bad[:20]:
            print("# " + b)
    else:
        print("ok 1 fuzz: %d mutated descriptors, none wrongly fixed "
              "(%d never bound, tolerated)" % (iterations, undecided))
    lost = []
    for s in sets:
        if s["fixed"] is None:
            continue
        fd, sysname = create(s["ids"], s["rdesc"], s["hid_name"] or "hbf fuzz real")
        ok = False
        end = time.time() + 20 * scale
        # the fixed descriptor, and the fix listed (an event-only fix
        # leaves the descriptor as it was)
        while sysname and time.time() < end:
            try:
                with open("/sys/bus/hid/devices/%s/report_descriptor" % sysname, "rb") as f:
                    if f.read() == s["fixed"] and attached(sysname):
                        ok = True
                        break
            except OSError:
                pass
            time.sleep(0.1)
        destroy(fd)
        if not ok:
            lost.append(s["name"])
        time.sleep(0.2)
    if lost:
        print("not ok 2 real descriptors still fixed after the fuzz: %s" % " ".join(lost))
    else:
        print("ok 2 real descriptors still fixed after the fuzz (%d)" %
              sum(1 for s in sets if s["fixed"] is not None))
    passed = (not bad) + (not lost)
    print("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0" %
          (passed, 2 - passed))
    sys.exit(0 if passed == 2 else 1)


if __name__ == "__main__":
    main()
