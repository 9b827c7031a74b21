#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The adversarial suite of issue 8, outside CI's time: long runs of the
# races, plug during self-unload, volume, descriptor fuzz and hostile
# callers, the module with udev-hid-bpf on every shared fix (distro), then the kernel log check (KASAN, kmemleak, lockdep... on the
# debug kernel) and the leak check of guest-tests.sh.
#
#   selftests/stress.sh [lts] [debug] [distro]      (default: all three)
#
# Knobs (environment): RACE_ROUNDS (10), UNLOAD_ROUNDS (16), PARALLEL (64),
# CYCLES (1000; 100 on debug), FUZZ (10000; 1000 on debug).
# The guest runs, in this order: plug during self-unload, the 64 devices and
# the plug cycles, the descriptor fuzz, the races (the longest: last, so a
# run cut short still has the others), udev-hid-bpf on every shared fix.
# Results: selftests/out/stress-KERNEL/, TAP on stdout, then
# "N passed, N failed[, N skipped]".
set -uo pipefail
. "$(dirname "$0")/vm/common.sh"

hbf_kernels stress.sh "lts debug distro" "$@"

hbf_apt $HBF_HOST_PKGS
"$HBF_TOP/selftests/vm/distro-chroot.sh" >/dev/null || die "no chroot"
out=$HBF_TOP/selftests/out
pass=0 fail=0 skip=0
t0=$(date +%s)
for k in "${kernels[@]}"; do
	case $k in
	lts | debug)
		"$HBF_TOP/selftests/vm/kernel-lts.sh" "$k" >/dev/null || die "6.12 $k kernel build failed"
		;;
	esac
	ko=$("$HBF_TOP/selftests/vm/build-module.sh" "$k") || die "module for $k did not build"
	cycles=${CYCLES:-1000} fuzz=${FUZZ:-10000}
	if [ "$k" = debug ]; then
		cycles=${CYCLES:-100} fuzz=${FUZZ:-1000}
	fi
	stage=$out/stress-stage-$k
	rm -rf "$stage"
	mkdir -p "$stage/bin"
	cp -a "$HBF_TOP/selftests/data" "$HBF_TOP/selftests/tools" "$stage/"
	cp "$HBF_TOP/selftests/races-guest.sh" "$HBF_TOP/selftests/stress-unload-guest.sh" \
		"$HBF_TOP/selftests/coexist-guest.sh" "$stage/tools/"
	cat >"$stage/bin/40-races" <<-EOF
		#!/bin/bash
		ROUNDS=${RACE_ROUNDS:-10} exec bash tools/races-guest.sh
	EOF
	cat >"$stage/bin/10-unload" <<-EOF
		#!/bin/bash
		ROUNDS=${UNLOAD_ROUNDS:-16} exec bash tools/stress-unload-guest.sh
	EOF
	cat >"$stage/bin/20-many" <<-EOF
		#!/bin/bash
		modprobe uhid; rmmod hid_bpf_fixes 2>/dev/null
		mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
		modprobe hid_bpf_fixes resident=1 || { echo "1..1"; echo "not ok 1 many: modprobe failed"; exit 1; }
		python3 tools/many-devices.py data ${PARALLEL:-64} $cycles
		rc=\$?
		rmmod hid_bpf_fixes
		exit \$rc
	EOF
	cat >"$stage/bin/30-fuzz" <<-EOF
		#!/bin/bash
		modprobe uhid; rmmod hid_bpf_fixes 2>/dev/null
		mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
		modprobe hid_bpf_fixes resident=1 || { echo "1..1"; echo "not ok 1 fuzz: modprobe failed"; exit 1; }
		python3 tools/fuzz-rdesc.py data $fuzz 1
		rc=\$?
		rmmod hid_bpf_fixes
		exit \$rc
	EOF
	cat >"$stage/bin/50-coexist" <<-EOF
		#!/bin/bash
		HBF_COEXIST=all exec bash tools/coexist-guest.sh
	EOF
	chmod +x "$stage"/bin/*
	echo "# === stress on $k"
	step=$(date +%s)
	"$HBF_TOP/selftests/vm/run-vm.sh" -o "$out/stress-$k" -m "$ko" -t 14400 \
		-f "$stage/bin" -f "$stage/data" -f "$stage/tools" \
		"$k" "$HBF_TOP/selftests/vm/guest-tests.sh" >"$out/stress-$k.tap"
	cat "$out/stress-$k.tap"
	read -r p f s < <(awk '/^# Totals: / { for (i = 3; i <= NF; i++) { split($i, kv, ":"); t[kv[1]] += kv[2] } }
		END { print t["pass"] + 0, t["fail"] + t["error"] + 0, t["skip"] + 0 }' "$out/stress-$k.tap")
	grep -q '^# Totals: ' "$out/stress-$k.tap" || { f=$((f + 1)); echo "not ok - stress.$k # the VM did not finish"; }
	echo "# $k: $p passed, $f failed, $s skipped in $(($(date +%s) - step)) s"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done
echo "# stress done in $(($(date +%s) - t0)) s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
