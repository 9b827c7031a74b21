#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Create a virtual HID device with uhid and keep it until stdin closes.

Usage: uhid-device.py [--wait] BUS:VENDOR:PRODUCT RDESC.hex [NAME]

Prints the device's sysfs name once the kernel has added it. Input reports
(hex) written to stdin, one per line, are injected as they arrive. With
--wait, the device is created only when a first line arrives on stdin
(so a test can start the process early and plug at a precise moment).
"""
import glob
import os
import struct
import sys
import time

UHID_CREATE2, UHID_DESTROY, UHID_INPUT2 = 11, 1, 12


def main():
    wait = len(sys.argv) > 1 and sys.argv[1] == "--wait"
    if wait:
        del sys.argv[1]
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    bus, vid, pid = (int(x, 16) for x in sys.argv[1].split(":"))
    rdesc = bytes(int(t, 16) for t in open(sys.argv[2]).read().split())
    name = (sys.argv[3] if len(sys.argv) == 4 else "hbf demo").encode()
    fd = os.open("/dev/uhid", os.O_RDWR)
    if wait:
        sys.stdin.readline()
    before = set(glob.glob("/sys/bus/hid/devices/*"))
    os.write(fd, struct.pack("<I128s64s64sHHIIII4096s", UHID_CREATE2, name,
                             b"", b"", len(rdesc), bus, vid, pid, 0, 0, rdesc))
    for _ in range(100):
        new = set(glob.glob("/sys/bus/hid/devices/*")) - before
        if new:
            print(os.path.basename(new.pop()), flush=True)
            break
        time.sleep(0.05)
    for line in sys.stdin:
        data = bytes(int(t, 16) for t in line.split())
        if data:
            os.write(fd, struct.pack("<IH4096s", UHID_INPUT2, len(data), data))
    os.write(fd, struct.pack("<I", UHID_DESTROY))
    os.close(fd)


if __name__ == "__main__":
    main()
