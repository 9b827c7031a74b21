#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmarks, side by side with udev-hid-bpf in the same VM run (Debian
# unstable's kernel): the module's size and the cost of each fix, load
# time, and for the same device (XP-Pen Deco 01 V3 pad) the time from plug
# to fixed descriptor, the number of driver binds, and BPF memory per device.
# Numbers from a TCG guest: compare them with each other, not with real
# hardware. 5 runs per side.
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"

make -s -C "$HBF_TOP" generate >/dev/null
ko=$("$HBF_TOP/selftests/vm/build-module.sh" distro)

echo "== size (distro build: $ko)"
size "$ko" | awk 'NR == 2 { printf "module text %d, data %d, bss %d bytes\n", $1, $2, $3 }'
echo "per fix (embedded loader program + data blob, bytes):"
for h in "$HBF_TOP"/hid_bpf_fixes/generated/*.lskel.h; do
	name=$(basename "$h" .lskel.h)
	awk -v n="$name" '/^static (const )?u8 hbf_(data|insns)_/ { gsub(/.*\[|\].*/, ""); s += $0 } END { printf "  %-36s %7d\n", n, s }' "$h"
done

out=$HBF_CACHE/bench
"$HBF_TOP/selftests/vm/run-vm.sh" -o "$out" -m "$ko" \
	-f "$HBF_TOP/selftests/data/XPPen__Deco01V3" \
	-f "$HBF_TOP/selftests/tools/uhid-device.py" \
	distro "$HBF_TOP/selftests/bench/bench-guest.sh" >"$out.log" 2>&1 || {
	cat "$out.log"; die "benchmark VM failed"; }

echo "== same device, same VM (5 runs per side, medians)"
printf '%-24s %16s %16s\n' metric hid-bpf-fixes udev-hid-bpf
for m in plug_to_fixed_ms binds_per_plug bpf_memlock_per_device failures; do
	a=$(awk -v m=$m '$1 == "hid-bpf-fixes" && $2 == m { $1 = $2 = ""; print }' "$out.log")
	b=$(awk -v m=$m '$1 == "udev-hid-bpf" && $2 == m { $1 = $2 = ""; print }' "$out.log")
	printf '%-24s %16s %16s\n' "$m" "$a" "$b"
done
grep -E '^(hid-bpf-fixes (modprobe_ms|module_core_size)|udev-hid-bpf (objects|binary_size))' "$out.log"
