#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Plug-to-fixed benchmark, hid-bpf-fixes against udev-hid-bpf, all in one
# VM run (`make bench`). Usage: run.sh [distro|lts]   (default distro)
#
# Every data set in selftests/data is plugged N times (default 10) in each
# column: (a) module resident, (b) module autoloaded by udev from the
# modalias, (c) udev-hid-bpf through its udev rule; plus a replug column,
# a boot path (device present before udevd, coldplug), the cost per input
# report of one event fix, and memory with 1, 8 and 64 devices. The guest
# half is bench-guest.sh, the plugger hbf-bench.c, the tables and the plot
# bench-report.py. Environment: PARTS (default "plug replug udev events
# memory boot"), N, SETS (data set names), QUIET (ms
# without uevents after fixed), EVENTS, MANY, UMANY (devices at once, module
# and udev-hid-bpf), BOOT_RUNS, BOOT_SETS,
# REPLUG_SETS, PLOT (default Documentation/bench-plug.svg; "-" for none),
# OUT (results directory, default $HBF_CACHE/bench-KERNEL).
# TCG times are context only; compare the columns of one run.
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"

kernel=${1:-distro}
case $kernel in
distro | lts) ;;
*) die "usage: run.sh [distro|lts]" ;;
esac
out=${OUT:-$HBF_CACHE/bench-$kernel}
stage=$(mktemp -d "${TMPDIR:-/tmp}/hbf-bench.XXXXXX")
trap 'rm -rf "$stage"' EXIT

make -s -C "$HBF_TOP" generate >/dev/null
ko=$("$HBF_TOP/selftests/vm/build-module.sh" "$kernel")
mkdir -p "$stage/mod"
cp "$ko" "$stage/mod/hid-bpf-fixes.ko"
gcc -O2 -Wall -static -o "$stage/hbf-bench" "$HBF_TOP/selftests/bench/hbf-bench.c" ||
	die "cannot build hbf-bench"
: >"$stage/bench.env"
for v in PARTS N SETS QUIET TIMEOUT EVENTS MANY UMANY BOOT_RUNS BOOT_SETS REPLUG_SETS; do
	[ -n "${!v:-}" ] && printf '%s=%q\n' "$v" "${!v}" >>"$stage/bench.env"
done

start=$(date +%s)
rc=0
"$HBF_TOP/selftests/vm/run-vm.sh" -o "$out" -m "$stage/mod/hid-bpf-fixes.ko" \
	-f "$HBF_TOP/selftests/data" -f "$stage/hbf-bench" -f "$stage/bench.env" \
	-t "${VM_TIMEOUT:-5400}" \
	"$kernel" "$HBF_TOP/selftests/bench/bench-guest.sh" >"$out.log" 2>&1 || rc=$?
log "VM run: $(($(date +%s) - start)) s (exit $rc), log in $out.log"
[ -s "$out/out/bench-raw.txt" ] || { tail -n 40 "$out.log" >&2; die "no results"; }
cp "$out/out/bench-raw.txt" "$out.raw.txt"
plot=${PLOT:-$HBF_TOP/Documentation/bench-plug.svg}
[ "$plot" = - ] && plot=
python3 "$HBF_TOP/selftests/bench/bench-report.py" "$out/out/bench-raw.txt" $plot
[ $rc -eq 0 ] || die "the guest script failed (exit $rc), see $out.log"
