#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""How many first reports does the HID core drop while a probe still runs?

Usage: probe-window.py node|bound ROUNDS

Plugs a one-button uhid device ROUNDS times (no fix involved: hid-generic)
and writes one button press per plug, either as soon as the device's evdev
node can be opened (node) or once the kernel has sent the device's "bind"
uevent (bound). Prints "mode=M rounds=N lost=L": L presses never reached
evdev. hid_device_probe() holds driver_input_lock until the driver's probe
returns, hid_input_report() answers -EBUSY meanwhile, and uhid does not pass
that on: a report written in that window is lost without a trace. This is
why the selftests wait for "bind" (hbf_dev_bound()) before writing reports.
"""
import glob
import os
import select
import socket
import struct
import sys
import time

UHID_CREATE2, UHID_DESTROY, UHID_INPUT2 = 11, 1, 12
EV_KEY, BTN_LEFT = 1, 0x110
# Report 1: one button, 7 bits of padding, a relative X.
RDESC = bytes.fromhex("05010902a1018501050919012901150025019501750181029507"
                      "8101050109301581257f750895018106c0")


def plug_once(mode):
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 15)  # KOBJECT_UEVENT
    nl.bind((0, 1))
    fd = os.open("/dev/uhid", os.O_RDWR)
    before = set(glob.glob("/sys/bus/hid/devices/*"))
    os.write(fd, struct.pack("<I128s64s64sHHIIII4096s", UHID_CREATE2,
                             b"probe window", b"", b"", len(RDESC), 3, 0x1234,
                             0x5678, 0, 0, RDESC))
    sysname = None
    while not sysname:
        new = set(glob.glob("/sys/bus/hid/devices/*")) - before
        sysname = os.path.basename(new.pop()) if new else None
    ev = None
    while ev is None:
        nodes = glob.glob("/sys/bus/hid/devices/%s/input/input*/event*" % sysname)
        try:
            if nodes:
                ev = os.open("/dev/input/" + os.path.basename(nodes[0]),
                             os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError:
            pass
    bound = mode != "bound"
    while not bound:
        for msg in nl.recv(8192).split(b"\0"):
            bound = bound or (msg.startswith(b"bind@") and
                              msg.endswith(b"/" + sysname.encode()))
    os.write(fd, struct.pack("<IH4096s", UHID_INPUT2, 3, b"\x01\x01\x00"))
    got, end = False, time.time() + 3
    while not got and time.time() < end:
        if not select.select([ev], [], [], 0.2)[0]:
            continue
        data = os.read(ev, 24 * 64)
        for i in range(0, len(data), 24):
            t, c, v = struct.unpack("HHi", data[i + 16:i + 24])
            got = got or (t == EV_KEY and c == BTN_LEFT and v == 1)
    os.close(ev)
    os.write(fd, struct.pack("<I", UHID_DESTROY))
    os.close(fd)
    nl.close()
    return got


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("node", "bound"):
        sys.exit(__doc__)
    rounds = int(sys.argv[2])
    lost = 0
    for _ in range(rounds):
        lost += not plug_once(sys.argv[1])
        time.sleep(0.1)
    print("mode=%s rounds=%d lost=%d" % (sys.argv[1], rounds, lost), flush=True)


if __name__ == "__main__":
    main()
