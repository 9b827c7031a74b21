#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Show the key codes and axes of the input devices of a HID device.

Usage: input-caps.py HID-SYSFS-NAME     (e.g. 0003:05F3:0405.0001)
"""
import glob
import os
import sys

NAMES = {0x14a: "BTN_TOUCH", 0x1fe: "0x1fe"}
NAMES.update({0x290 + i: "KEY_MACRO%d" % (i + 1) for i in range(30)})
NAMES.update({0x100 + i: "BTN_%d" % i for i in range(10)})
NAMES.update({0x14b: "BTN_STYLUS", 0x14c: "BTN_STYLUS2", 0x140: "BTN_TOOL_PEN",
              0x141: "BTN_TOOL_RUBBER", 0x110: "BTN_LEFT", 0x111: "BTN_RIGHT",
              0x112: "BTN_MIDDLE"})
ABS = {0: "ABS_X", 1: "ABS_Y", 2: "ABS_Z", 0x18: "ABS_PRESSURE",
       0x1a: "ABS_TILT_X", 0x1b: "ABS_TILT_Y", 0x28: "ABS_MISC"}


def bits(path):
    words = open(path).read().split()
    value = 0
    for w in words:
        value = (value << 64) | int(w, 16)
    return [i for i in range(value.bit_length()) if value >> i & 1]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    inputs = sorted(glob.glob("/sys/bus/hid/devices/%s/input/input*" % sys.argv[1]))
    if not inputs:
        print("  no input device")
    for inp in inputs:
        name = open(os.path.join(inp, "name")).read().strip()
        keys = [NAMES.get(k, "0x%x" % k) for k in bits(os.path.join(inp, "capabilities/key"))]
        axes = [ABS.get(a, "0x%x" % a) for a in bits(os.path.join(inp, "capabilities/abs"))]
        print("  %s: %d keys: %s" % (name, len(keys), " ".join(keys) or "-"))
        if axes:
            print("  %s: axes: %s" % (name, " ".join(axes)))


if __name__ == "__main__":
    main()
