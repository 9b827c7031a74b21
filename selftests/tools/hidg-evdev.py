#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a HID device's evdev nodes against a fix's evdev.txt, with the
input reports sent from the device side: a USB HID gadget's /dev/hidgN.

Usage: hidg-evdev.py HID-SYSFS-NAME EVDEV-TXT /dev/hidgN [SCALE]

Checks the capabilities ("keys", "leds", "absent") on the union of the
HID device's input devices, then writes each "in:" report to the gadget
and compares the EV_KEY events that come out (all event nodes at once)
with the lines that follow it. Prints "# " notes; the last line says what
failed. Exit status 0 when everything matched.
"""
import glob
import os
import re
import select
import signal
import struct
import sys
import time

EVENT = struct.Struct("llHHi")  # struct input_event on 64-bit
EV_SYN, EV_KEY = 0, 1
SYN_REPORT = 0
HEADER = "/usr/include/linux/input-event-codes.h"


def codes():
    names = {}
    with open(HEADER) as f:
        for line in f:
            m = re.match(r"#define\s+((?:KEY|BTN|LED)_\w+)\s+(0x[0-9a-fA-F]+|\d+)\b", line)
            if m:
                names[m.group(1)] = int(m.group(2), 0)
    return names


def code_of(names, word):
    if word.startswith("0x"):
        return int(word, 16)
    if word not in names:
        raise ValueError("unknown code name %s" % word)
    return names[word]


def parse(path, names):
    caps = {"keys": [], "leds": [], "absent": []}
    reports = []
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] in caps:
                caps[w[0]] = [code_of(names, x) for x in w[1:]]
            elif w[0] == "in:":
                reports.append((bytes(int(x, 16) for x in w[1:]), []))
            elif w[0] == "EV_KEY" and reports:
                reports[-1][1].append((code_of(names, w[1]), int(w[2])))
    return caps, reports


def bits(path):
    value = 0
    for word in open(path).read().split():
        value = (value << 64) | int(word, 16)
    return {i for i in range(value.bit_length()) if value >> i & 1}


def fail(msg):
    print(msg)
    sys.exit(1)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    hid, txt, hidg = sys.argv[1:4]
    scale = int(sys.argv[4]) if len(sys.argv) == 5 else 1
    names = codes()
    caps, reports = parse(txt, names)
    inputs = sorted(glob.glob("/sys/bus/hid/devices/%s/input/input*" % hid))
    if not inputs:
        fail("no input device under %s" % hid)
    keys, leds = set(), set()
    for inp in inputs:
        keys |= bits(os.path.join(inp, "capabilities/key"))
        leds |= bits(os.path.join(inp, "capabilities/led"))
    missing = [hex(k) for k in caps["keys"] if k not in keys]
    missing += ["led " + hex(k) for k in caps["leds"] if k not in leds]
    extra = [hex(k) for k in caps["absent"] if k in keys]
    if missing or extra:
        fail("capabilities: missing %s, present but absent in evdev.txt %s" %
             (" ".join(missing) or "-", " ".join(extra) or "-"))
    print("# capabilities: %d keys, %d leds present, %d absent" %
          (len(caps["keys"]), len(caps["leds"]), len(caps["absent"])))
    if not reports:
        fail("%s has no input reports" % txt)

    # Open evdev first: that opens the HID device, and usbhid starts
    # polling the interrupt IN endpoint only then.
    nodes = ["/dev/input/" + os.path.basename(p)
             for inp in inputs for p in glob.glob(os.path.join(inp, "event*"))]
    fds = [os.open(n, os.O_RDONLY | os.O_NONBLOCK) for n in nodes]
    if not fds:
        fail("no event node under %s" % hid)
    time.sleep(0.5 * scale)
    for fd in fds:  # nothing queued before the first report
        try:
            while os.read(fd, EVENT.size * 64):
                pass
        except BlockingIOError:
            pass
    signal.signal(signal.SIGALRM, lambda *a: fail("writing to %s blocked" % hidg))
    out = os.open(hidg, os.O_WRONLY)
    for i, (report, want) in enumerate(reports, 1):
        signal.alarm(10 * scale)
        os.write(out, report)
        signal.alarm(0)
        got, synced = [], False
        # A report with key events ends with SYN_REPORT; one without
        # produces nothing at all: wait the whole time for it.
        end = time.monotonic() + (5 if want else 1.5) * scale
        while time.monotonic() < end and not (want and synced and len(got) >= len(want)):
            ready, _, _ = select.select(fds, [], [], max(0, end - time.monotonic()))
            for fd in ready:
                try:
                    data = os.read(fd, EVENT.size * 64)
                except BlockingIOError:
                    continue
                for off in range(0, len(data), EVENT.size):
                    _, _, typ, code, value = EVENT.unpack_from(data, off)
                    if typ == EV_KEY:
                        got.append((code, value))
                    elif typ == EV_SYN and code == SYN_REPORT:
                        synced = True
        if got != want:
            fail("report %d (%s): EV_KEY %s, want %s" % (
                i, report.hex(" "),
                " ".join("%#x=%d" % e for e in got) or "none",
                " ".join("%#x=%d" % e for e in want) or "none"))
    print("# %d reports through /dev/hidg: the EV_KEY events of evdev.txt" % len(reports))


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError) as e:
        fail("error: %s" % e)
