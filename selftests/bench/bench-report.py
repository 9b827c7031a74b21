#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tables (stdout) and a plot (SVG) from bench-guest.sh's raw results.

Usage: bench-report.py BENCH-RAW.txt [PLOT.svg]
"""
import collections
import statistics
import sys

COLS = [("a", "module resident"), ("b", "module autoloaded"),
        ("c", "udev-hid-bpf")]
COLOURS = {"a": "#1b7837", "b": "#5aae61", "c": "#762a83"}


def pct(v, p):
    """Nearest-rank percentile of a non-empty list."""
    v = sorted(v)
    k = max(1, -(-len(v) * p // 100))
    return v[int(k) - 1]


def med(v):
    return statistics.median(v) if v else None


def ms(us):
    return "-" if us is None else "%.0f" % (us / 1000.0)


def load(path):
    plugs = collections.defaultdict(lambda: collections.defaultdict(list))
    meta, boot, events, many, udev_many = {}, [], [], {}, {}
    timings = collections.defaultdict(list)
    notes = []
    for line in open(path):
        w = line.split()
        if not w:
            continue
        if w[0] == "P" and len(w) == 8:
            col, s, t, b, u, ia, ir = w[1], w[2], *map(int, w[3:8])
            plugs[col][s].append((t, b, u, ia, ir))
        elif w[0] == "B":
            boot.append((w[1], w[2], int(w[3]), int(w[4]), int(w[5]),
                         int(w[6]), int(w[7]), int(w[8]), int(w[9])))
        elif w[0] == "E":
            events.append((w[1], int(w[2]), int(w[3])))
        elif w[0] == "A":
            many[int(w[1])] = int(w[2])
        elif w[0] == "U":
            udev_many[int(w[1])] = int(w[2])
        elif w[0] == "M":
            meta[w[1]] = " ".join(w[2:])
        elif w[0] == "T":
            timings[w[1]].append(w[2:])
        elif w[0] == "X":
            notes.append(" ".join(w[1:]))
    return plugs, meta, boot, events, many, udev_many, timings, notes


def plug_table(plugs):
    sets = sorted(set().union(*(plugs[c].keys() for c, _ in COLS)))
    print("== plug to fixed descriptor, ms (median / p90), binds per plug (median)")
    print("%-34s" % "data set" + "".join("%20s" % n for _, n in COLS))
    for s in sets:
        row = "%-34s" % s
        for c, _ in COLS:
            v = plugs[c].get(s, [])
            t = [x[0] for x in v if x[0] >= 0]
            if not v:
                row += "%20s" % "n/a"
                continue
            fails = len(v) - len(t)
            cell = "%s/%s b%s" % (ms(med(t)) if t else "-",
                                 ms(pct(t, 90)) if t else "-",
                                 "%g" % med([x[1] for x in v]))
            if fails:
                cell += " !%d" % fails
            row += "%20s" % cell
        print(row)
    common = [s for s in sets
              if all(any(x[0] >= 0 for x in plugs[c].get(s, [])) for c, _ in COLS)]
    summary = {}
    print("== overall (the %d data sets every column fixed at least once; "
          "all their plugs)" % len(common))
    print("%-20s %8s %8s %10s %8s %12s %12s %8s" % (
        "column", "median", "p90", "ratio/c", "plugs", "binds/plug",
        "binds 1/2/3+", "inputs"))
    for c, n in COLS:
        v = [x for s in common for x in plugs[c][s]]
        t = [x[0] for x in v if x[0] >= 0]
        summary[c] = (med(t), pct(t, 90) if t else None)
    for c, n in COLS:
        v = [x for s in common for x in plugs[c][s]]
        m, p = summary[c]
        ratio = "-" if not (m and summary["c"][0]) else "%.2fx" % (m / summary["c"][0])
        binds = [x[1] for x in v]
        hist = "%d/%d/%d" % (sum(b == 1 for b in binds), sum(b == 2 for b in binds),
                             sum(b >= 3 for b in binds))
        rec = sum(x[4] > 0 for x in v)
        print("%-20s %8s %8s %10s %8d %12.2f %12s %8s" % (
            n, ms(m), ms(p), ratio, len(v),
            statistics.mean(binds) if binds else 0, hist,
            "%d recr." % rec))
    print("== each column over all the data sets it fixed at least once")
    for c, n in COLS:
        v = [x for s in sets for x in plugs[c].get(s, [])
             if any(y[0] >= 0 for y in plugs[c][s])]
        t = [x[0] for x in v if x[0] >= 0]
        binds = [x[1] for x in v]
        print("%-20s %8s %8s %10s %8d %12.2f %12s %8s" % (
            n, ms(med(t)), ms(pct(t, 90)) if t else "-", "",
            len(v), statistics.mean(binds) if binds else 0,
            "%d/%d/%d" % (sum(b == 1 for b in binds), sum(b == 2 for b in binds),
                          sum(b >= 3 for b in binds)),
            "%d recr." % sum(x[4] > 0 for x in v)))
    nf = sum(1 for c, _ in COLS for s in plugs[c] for x in plugs[c][s] if x[0] < 0)
    print("not fixed within the timeout: %d plugs" % nf)
    print("(binds: kernel 'bind' uevents of the hid device per plug; inputs:"
          " plugs whose input device was removed and added again while"
          " plugged)")
    return sets, common, summary


def replug_table(plugs):
    if not plugs.get("r"):
        return
    print("== replug one second after an unplug (module defaults)")
    for s, v in sorted(plugs["r"].items()):
        t = [x[0] for x in v if x[0] >= 0]
        print("%-34s median %s ms, binds per plug %s, input recreated %d of %d" % (
            s, ms(med(t)), "/".join(str(x[1]) for x in v),
            sum(x[4] > 0 for x in v), len(v)))


def boot_table(boot):
    if not boot:
        return
    print("== boot path: device present before udevd; udevd start + "
          "`udevadm trigger` to fixed (ms), binds")
    by = collections.defaultdict(list)
    for who, s, run, t, b, u, ia, ir, before in boot:
        by[(s, who)].append((t, b, before))
    for (s, who), v in sorted(by.items()):
        print("%-34s %-13s %s" % (s, who, "; ".join(
            "%s ms, %d binds%s" % ("not fixed" if t < 0 else ms(t), b,
                                   " (bound before udevd)" if before else "")
            for t, b, before in v)))


def event_table(events, meta):
    if not events:
        return
    by = collections.defaultdict(list)
    for who, _, ns in events:
        by[who].append(ns)
    print("== per input report (%s event fix; uhid write -> "
          "hidraw read, ns/report, median of %d rounds)" % (
              meta.get("event_set", "?"), len(by["none"])))
    base = med(by.get("none", []))
    for who in ("none", "module", "udev-hid-bpf"):
        if who in by:
            m = med(by[who])
            extra = ""
            if who != "none" and base:
                extra = "  (+%.0f ns over no fix)" % (m - base)
            print("%-14s %8.0f %s" % (who, m, extra))
    if "module" in by and "udev-hid-bpf" in by:
        print("module / udev-hid-bpf: %.3f" % (med(by["module"]) / med(by["udev-hid-bpf"])))


def memory_table(meta, many, udev_many):
    if "module_coresize" not in meta:
        return
    print("== memory (%s)" % meta.get("mem_set", "?"))
    print("module: .ko %s bytes, core %s bytes, init %s bytes, "
          "BPF memlock with no device %s bytes" % (
              meta.get("module_ko_size"), meta["module_coresize"],
              meta.get("module_initsize"), meta.get("module_memlock_idle")))
    for who in ("module", "udev-hid-bpf"):
        cells = []
        for n in (1, 8, 64):
            m = meta.get("%s_memlock_%d" % (who, n))
            s = meta.get("%s_slab_%d" % (who, n))
            if m is not None:
                cells.append("n=%d memlock %d B/dev, slab %+d B/dev" % (
                    n, int(m) // n, int(s) // n))
        print("%-13s %s" % (who, "; ".join(cells)))
    for who, v in (("module", many), ("udev-hid-bpf", udev_many)):
        if not v:
            continue
        pts = [n for n in (1, 8, 16, 32, 64) if n in v]
        print("%s: time to fixed of the Nth device, ms: %s" % (who, ", ".join(
            "n=%d %s" % (n, ms(v[n])) for n in pts)))
        first = [v[n] for n in sorted(v)[:8] if v[n] >= 0]
        last = [v[n] for n in sorted(v)[-8:] if v[n] >= 0]
        if first and last:
            r = med(last) / med(first)
            print("  last 8 / first 8 medians: %.2f (%s)" % (
                r, "flat per attach: total grows linearly" if r < 1.5
                else "per-attach cost grows with n: NOT linear"))


def timing_table(timings, meta):
    print("== in-kernel timings (/sys/kernel/debug/hid_bpf_fixes/timings)")
    if not timings:
        print("timings: not available in this module")
        return
    for col, lines in sorted(timings.items()):
        phases = collections.defaultdict(list)
        for w in lines:
            for kv in w[2:]:
                if "=" in kv:
                    k, v = kv.split("=", 1)
                    try:
                        phases[k].append(int(v))
                    except ValueError:
                        pass
        print("column %s (%d attaches): %s" % (col, len(lines), ", ".join(
            "%s %.2f ms" % (k, med(v) / 1e6) for k, v in phases.items())))


def nice_step(vmax):
    """A round tick step giving at most about 8 ticks up to vmax."""
    for step in (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000):
        if vmax / step <= 8:
            return step
    return 50000


def svg(path, plugs, sets, summary, meta):
    rows = list(sets)
    left, width, rowh = 250, 520, 15
    top = 50 + 22 * len(COLS) + 40
    vmax = 1
    for c, _ in COLS:
        if summary.get(c, (None, None))[1]:
            vmax = max(vmax, summary[c][1])
        for s in rows:
            t = [x[0] for x in plugs[c].get(s, []) if x[0] >= 0]
            if t:
                vmax = max(vmax, pct(t, 90))
    vmax = vmax / 1000.0
    step = nice_step(vmax)
    vmax = (int(vmax / step) + 1) * step
    h = top + rowh * len(rows) + 50

    def x(v_ms):
        return left + width * v_ms / vmax

    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
         'font-family="sans-serif" font-size="11">' % (left + width + 170, h),
         '<rect width="100%" height="100%" fill="white"/>']
    o.append('<text x="10" y="18" font-size="14" font-weight="bold">'
             'Plug to fixed descriptor: hid-bpf-fixes against udev-hid-bpf'
             '</text>')
    o.append('<text x="10" y="34" fill="#555">TCG guest, kernel %s, %s plugs '
             'per data set and column; bar or dot: median, line: to p90; '
             'compare the columns, not the absolute times</text>' % (
                 meta.get("kernel", "?"), meta.get("plugs", "?")))
    y = 50
    for c, n in COLS:
        m, p = summary.get(c, (None, None))
        if m is None:
            continue
        ratio = ("%.2fx udev-hid-bpf" % (m / summary["c"][0])
                 if summary["c"][0] else "")
        o.append('<text x="%d" y="%d" text-anchor="end" font-weight="bold">'
                 '%s, overall</text>' % (left - 6, y + 12, n))
        o.append('<rect x="%d" y="%d" width="%.1f" height="16" fill="%s"/>'
                 % (left, y, x(m / 1000.0) - left, COLOURS[c]))
        o.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" '
                 'stroke-width="2"/>' % (x(m / 1000.0), y + 8, x(p / 1000.0),
                                         y + 8, COLOURS[c]))
        o.append('<text x="%.1f" y="%d">%s ms (p90 %s)  %s</text>'
                 % (x(p / 1000.0) + 6, y + 12, ms(m), ms(p),
                    "" if c == "c" else ratio))
        y += 22
    for i in range(0, int(vmax) + 1, step):
        o.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>'
                 % (x(i), 46, x(i), top + rowh * len(rows)))
        o.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#555">'
                 '%d ms</text>' % (x(i), top + rowh * len(rows) + 14, i))
    o.append('<text x="%d" y="%d" fill="#555">per data set:</text>'
             % (10, top - 8))
    for r, s in enumerate(rows):
        yy = top + r * rowh + rowh / 2
        o.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>'
                 % (left - 6, yy + 4, s))
        for k, (c, _) in enumerate(COLS):
            t = [x_[0] for x_ in plugs[c].get(s, []) if x_[0] >= 0]
            if not t:
                continue
            dy = (k - 1) * 4
            m, p = med(t) / 1000.0, pct(t, 90) / 1000.0
            o.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" '
                     'stroke="%s" stroke-width="2" opacity="0.6"/>'
                     % (x(m), yy + dy, x(p), yy + dy, COLOURS[c]))
            o.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>'
                     % (x(m), yy + dy, COLOURS[c]))
    o.append('<text x="10" y="%d" fill="#555">t0: the UHID_CREATE2 write; '
             't1: the kernel uevent after which sysfs report_descriptor is '
             'the fixed one (event-only fixes: the attach).</text>' % (h - 22))
    o.append('<text x="10" y="%d" fill="#555">Made by selftests/bench/run.sh '
             '(make bench).</text>' % (h - 8))
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")
    print("plot: %s" % path)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    plugs, meta, boot, events, many, udev_many, timings, notes = load(sys.argv[1])
    print("kernel %s, %s data sets, %s plugs per data set and column" % (
        meta.get("kernel", "?"), meta.get("sets", "?"), meta.get("plugs", "?")))
    sets, common, summary = plug_table(plugs)
    replug_table(plugs)
    boot_table(boot)
    event_table(events, meta)
    memory_table(meta, many, udev_many)
    timing_table(timings, meta)
    for n in notes:
        print("note: %s" % n)
    if len(sys.argv) == 3 and summary.get("c", (None,))[0]:
        svg(sys.argv[2], plugs, sets, summary, meta)
    if "done" not in meta:
        print("INCOMPLETE: the guest script did not finish")
        sys.exit(1)


if __name__ == "__main__":
    main()
