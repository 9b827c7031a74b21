#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print a HID report descriptor one item per line, indented by collection.

Usage: rdesc-decode.py FILE      (hex bytes, or raw bytes from sysfs)
       rdesc-decode.py -         (the same on stdin)
"""
import sys

MAIN = {0x8: "Input", 0x9: "Output", 0xB: "Feature", 0xA: "Collection",
        0xC: "End Collection"}
GLOBAL = {0x0: "Usage Page", 0x1: "Logical Minimum", 0x2: "Logical Maximum",
          0x3: "Physical Minimum", 0x4: "Physical Maximum",
          0x5: "Unit Exponent", 0x6: "Unit", 0x7: "Report Size",
          0x8: "Report ID", 0x9: "Report Count", 0xA: "Push", 0xB: "Pop"}
LOCAL = {0x0: "Usage", 0x1: "Usage Minimum", 0x2: "Usage Maximum",
         0x3: "Designator Index", 0x4: "Designator Minimum",
         0x5: "Designator Maximum", 0x7: "String Index",
         0x8: "String Minimum", 0x9: "String Maximum", 0xA: "Delimiter"}
PAGES = {0x01: "Generic Desktop", 0x02: "Simulation", 0x05: "Game",
         0x06: "Generic Device", 0x07: "Keyboard", 0x08: "LED",
         0x09: "Button", 0x0C: "Consumer", 0x0D: "Digitizers",
         0x20: "Sensors", 0x59: "Lighting"}
COLLECTIONS = {0: "Physical", 1: "Application", 2: "Logical", 3: "Report",
               4: "Named Array", 5: "Usage Switch", 6: "Usage Modifier"}
SIGNED = {"Logical Minimum", "Logical Maximum", "Physical Minimum",
          "Physical Maximum", "Unit Exponent"}


def flags(v):
    bits = [("Data", "Const"), ("Array", "Var"), ("Abs", "Rel"),
            ("No Wrap", "Wrap"), ("Linear", "Non Linear"),
            ("Preferred", "No Preferred"), ("No Null", "Null")]
    return ",".join(b[(v >> i) & 1] for i, b in enumerate(bits))


def decode(data):
    i, depth, out = 0, 0, []
    while i < len(data):
        b = data[i]
        if b == 0xFE:  # long item
            size = data[i + 1] if i + 1 < len(data) else 0
            out.append("%-24s Long Item (%d bytes)" % (" ".join("%02x" % x for x in data[i:i + 3 + size]), size))
            i += 3 + size
            continue
        size = (0, 1, 2, 4)[b & 3]
        kind, tag = (b >> 2) & 3, b >> 4
        raw = data[i + 1:i + 1 + size]
        value = int.from_bytes(raw, "little") if raw else 0
        hexs = " ".join("%02x" % x for x in data[i:i + 1 + size])
        name = {0: MAIN, 1: GLOBAL, 2: LOCAL}.get(kind, {}).get(tag, "Reserved")
        if name in SIGNED and size and value >= 1 << (8 * size - 1):
            value -= 1 << (8 * size)
        text = "%s (%d)" % (name, value)
        if name == "Usage Page":
            text = "Usage Page (%s)" % PAGES.get(value, "0x%04x" % value)
        elif name in ("Usage", "Usage Minimum", "Usage Maximum"):
            text = "%s (0x%02x)" % (name, value)
        elif name in ("Input", "Output", "Feature"):
            text = "%s (%s)" % (name, flags(value))
        elif name == "Collection":
            text = "Collection (%s)" % COLLECTIONS.get(value, "0x%02x" % value)
        elif name == "End Collection":
            depth = max(depth - 1, 0)
            text = name
        out.append("%-24s %s%s" % (hexs, "  " * depth, text))
        if name == "Collection":
            depth += 1
        i += 1 + size
    return out


def read(path):
    raw = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    try:
        return bytes(int(t, 16) for t in raw.decode().split())
    except (UnicodeDecodeError, ValueError):
        return raw


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    data = read(sys.argv[1])
    print("\n".join(decode(data)))
    print("(%d bytes)" % len(data))
