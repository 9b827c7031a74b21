#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Volume stress for hid-bpf-fixes (stress (f)), run in a test VM.

Usage: many-devices.py DATA_DIR PARALLEL CYCLES

With hid_bpf_fixes loaded (resident=1): creates PARALLEL uhid devices at
once, mixing every data set that has a fixed descriptor with the
descriptors their probes refuse (rdesc-other.hex), checks that each one
ends fixed or untouched as it should, removes them in random order, and
checks that nothing is left attached and the BPF object counts are back.
Then plugs and unplugs one device CYCLES times, checking the counts every
100 cycles. A device counts as fixed once it has its fixed descriptor and
debugfs lists it (an event-only fix leaves the descriptor as it was). Each
device gets the name of its data set's name file, where a probe checks it.
Prints TAP with a "# Totals:" line.
"""
import glob
import os
import random
import struct
import subprocess
import sys
import time

UHID_CREATE2, UHID_DESTROY = 11, 1
ATTACHED = "/sys/kernel/debug/hid_bpf_fixes/attached"



def tap(num, desc, problems):
    """One TAP result: ok, or not ok with the first 30 problems."""
    print("%s %d %s" % ("not ok" if problems else "ok", num, desc))
    for p in problems[:30]:
        print("# " + p)

def hexfile(path):
    with open(path) as f:
        return bytes(int(t, 16) for t in f.read().split())


def counts():
    out = []
    for kind in ("prog", "map", "link"):
        r = subprocess.run(["bpftool", kind, "show"], capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError("bpftool %s show failed: %s" % (kind, r.stderr.strip()))
        out.append(sum(1 for line in r.stdout.splitlines() if line[:1].isdigit()))
    return tuple(out)


def wait_counts(want, timeout):
    end = time.time() + timeout
    got = counts()
    while got != want and time.time() < end:
        time.sleep(0.2)
        got = counts()
    return got


def create(ids, rdesc, name):
    fd = os.open("/dev/uhid", os.O_RDWR)
    os.write(fd, struct.pack("<I128s64s64sHHIIII4096s", UHID_CREATE2,
                             name.encode(), b"", b"", len(rdesc), ids[0],
                             ids[1], ids[2], 0, 0, rdesc))
    return fd


def destroy(fd):
    os.write(fd, struct.pack("<I", UHID_DESTROY))
    os.close(fd)


def rdesc_of(sysname):
    try:
        with open("/sys/bus/hid/devices/%s/report_descriptor" % sysname, "rb") as f:
            return f.read()
    except OSError:
        return None


def describe(got, kind):
    """What a device's descriptor is, against its kind's files."""
    if got is None:
        return "no device"
    for what, want in (("the original", kind[2]), ("the fixed one", kind[3])):
        if got == want:
            return what
    return "%d other bytes (%s...)" % (len(got), got[:8].hex())


def fixed_as_expected(kind, sysname, attached):
    """The device has the descriptor it should end with, and is listed in
    debugfs unless its probe refuses it."""
    if rdesc_of(sysname) != kind[3]:
        return False
    return kind[0].endswith(":refused") or sysname in attached


def attached_set():
    try:
        with open(ATTACHED) as f:
            return {line.split()[0] for line in f if line.strip()}
    except OSError:
        return set()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    top, parallel, cycles = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    scale = int(os.environ.get("HBF_TIMEOUT_SCALE", "1"))
    kinds = []
    for d in sorted(glob.glob(os.path.join(top, "*"))):
        if not os.path.exists(os.path.join(d, "rdesc-fixed.hex")):
            continue
        with open(os.path.join(d, "ids")) as f:
            ids = tuple(int(x, 16) for x in f.readline().split()[:3])
        name = None
        if os.path.exists(os.path.join(d, "name")):
            with open(os.path.join(d, "name")) as f:
                name = f.readline().strip()
        kinds.append((os.path.basename(d), ids, hexfile(os.path.join(d, "rdesc.hex")),
                      hexfile(os.path.join(d, "rdesc-fixed.hex")), name))
        other = os.path.join(d, "rdesc-other.hex")
        if os.path.exists(other):
            o = hexfile(other)
            kinds.append((os.path.basename(d) + ":refused", ids, o, o, name))
    rng = random.Random(1)
    base = counts()
    print("TAP version 13")
    print("1..3")
    print("# baseline progs maps links %s; %d kinds of device" % (base, len(kinds)))

    # 64 at once, each its own kind in turn
    before = set(glob.glob("/sys/bus/hid/devices/*"))
    devs = []
    t0 = time.time()
    for i in range(parallel):
        k = kinds[i % len(kinds)]
        devs.append((k, create(k[1], k[2], k[4] or "hbf many %d" % i)))
    # match sysfs names to devices by creation order (ids increase)
    end = time.time() + 60 * scale
    names = []
    while time.time() < end:
        new = sorted(set(glob.glob("/sys/bus/hid/devices/*")) - before,
                     key=lambda p: int(p.rsplit(".", 1)[1], 16))
        if len(new) == parallel:
            names = [os.path.basename(p) for p in new]
            break
        time.sleep(0.1)
    bad = []
    if len(names) != parallel:
        bad.append("only %d of %d devices appeared" % (len(names), parallel))
    else:
        end = time.time() + 120 * scale
        pending = list(range(parallel))
        while pending and time.time() < end:
            att = attached_set()
            pending = [i for i in pending if not fixed_as_expected(devs[i][0], names[i], att)]
            time.sleep(0.2)
        # the refused ones: still untouched once the others are decided
        time.sleep(scale)
        att = attached_set()
        for i, n in enumerate(names):
            refused = devs[i][0][0].endswith(":refused")
            got = rdesc_of(n)
            if got != devs[i][0][3]:
                drv = os.path.realpath("/sys/bus/hid/devices/%s/driver" % n)
                bad.append("%s (%s): descriptor not as expected: %s, driver %s" %
                           (n, devs[i][0][0], describe(got, devs[i][0]),
                            os.path.basename(drv) if "/drivers/" in drv else "none"))
            if refused == (n in att):
                bad.append("%s (%s): %s" % (n, devs[i][0][0],
                           "attached" if refused else "not attached"))
    print("# %d devices decided in %.1f s" % (parallel, time.time() - t0))
    order = list(range(parallel))
    rng.shuffle(order)
    for i in order:
        destroy(devs[i][1])
    got = wait_counts(base, 30 * scale)
    end = time.time() + 30 * scale
    while attached_set() and time.time() < end:
        time.sleep(0.2)
    if attached_set():
        bad.append("still attached after removal: %s" % " ".join(sorted(attached_set())))
    if got != base:
        bad.append("BPF objects %s after removal, baseline %s" % (got, base))
    tap(1, "%d devices at once, removed in random order" % parallel, bad)

    # sequential cycles
    fails = []
    t0 = time.time()
    fixable = [k for k in kinds if not k[0].endswith(":refused")]
    for c in range(cycles):
        k = fixable[c % len(fixable)]
        before = set(glob.glob("/sys/bus/hid/devices/*"))
        fd = create(k[1], k[2], k[4] or "hbf cycle")
        name = None
        end = time.time() + 20 * scale
        while time.time() < end:
            new = set(glob.glob("/sys/bus/hid/devices/*")) - before
            if new:
                name = os.path.basename(new.pop())
                if fixed_as_expected(k, name, attached_set()):
                    break
                name = name + "?"
            time.sleep(0.05)
        if not name or name.endswith("?"):
            fails.append("cycle %d (%s): not fixed" % (c, k[0]))
        destroy(fd)
        if c % 100 == 99:
            got = wait_counts(base, 30 * scale)
            print("# cycle %d: counts %s (%.1f s)" % (c + 1, got, time.time() - t0), flush=True)
            if got != base:
                fails.append("cycle %d: BPF objects %s, baseline %s" % (c + 1, got, base))
    got = wait_counts(base, 30 * scale)
    if got != base:
        fails.append("end: BPF objects %s, baseline %s" % (got, base))
    tap(2, "%d plug/unplug cycles, counts back every 100" % cycles, fails)
    leftover = attached_set()
    if leftover:
        print("not ok 3 nothing attached at the end: %s" % " ".join(sorted(leftover)))
    else:
        print("ok 3 nothing attached at the end")
    npass = (not bad) + (not fails) + (not leftover)
    print("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0" % (npass, 3 - npass))
    sys.exit(0 if npass == 3 else 1)


if __name__ == "__main__":
    main()
