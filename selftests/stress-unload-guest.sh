#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script: plug during self-unload. With udev running and resident=0,
# each round plugs device A (udev autoloads the module, which fixes A),
# unplugs A (the module starts removing itself) and plugs device B after a
# delay that sweeps the unload window. B must end up fixed, by the module
# still loaded or by the instance that comes back. Then B goes away and the
# module must be gone, with no BPF program, map or link left behind.
# The counts come from bpftool: a failing bpftool fails the run, and while
# a device is fixed its counts must show the module's objects.
# Runs in a directory holding data/; tools from $HBF_TOOLS (default
# ./tools). Prints TAP, kselftest style, with a "# Totals:" line.
set -u
tools=${HBF_TOOLS:-$PWD/tools}
case ${HBF_KERNEL:-} in
debug) ROUNDS=${ROUNDS:-4} ;;	# KASAN and lockdep: slow, but the races count
*) ROUNDS=${ROUNDS:-12} ;;
esac
d=data/XKeys__XK24
ids=$(head -n1 "$d/ids" | tr ' ' ':')
want=$(wc -w <"$d/rdesc-fixed.hex")

modprobe uhid
modprobe hid-generic 2>/dev/null
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
. "$tools/guest-lib.sh"
# udevd loads the module, with udev-hid-bpf's rule masked (the module is
# the only loader here), and is stopped at the end: the programs after
# this one must not find it running.
udevd_start
trap udevd_stop EXIT
rmmod hid_bpf_fixes 2>/dev/null

# counts_now: sets now to "PROGS MAPS LINKS" in the whole system. A
# failing bpftool is the caller's failure, never "0 0 0": counts_now then
# returns non-zero with the reason in counts_err.
counts_now() {
	bpf_counts
	local rc=$?
	now=$bpf_now counts_err=$bpf_err
	return $rc
}
now= counts_err=

echo "TAP version 13"
if ! command -v bpftool >/dev/null; then
	echo "1..1"
	echo "not ok 1 plug during unload: no bpftool in this root filesystem"
	echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
	exit 1
fi
if ! counts_now; then
	echo "1..1"
	echo "not ok 1 plug during unload: no baseline: $counts_err"
	echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
	exit 1
fi
base=$now
echo "# BPF progs maps links before the first round: $base"

ready() {	# ready NAME: a device process named NAME, waiting to plug
	eval "coproc $1 { python3 '$tools/uhid-device.py' --wait '$ids' '$d/rdesc.hex' '$1'; }"
}
plug() {	# plug NAME: plug it now, sets dev_NAME
	local in out
	eval "in=\${$1[1]} out=\${$1[0]}"
	echo go >&"$in"
	read -r -t 30 "dev_$1" <&"$out"
}
unplug() {
	local fd pid
	eval "fd=\${$1[1]} pid=\${$1_PID}"
	eval "exec $fd>&-"
	wait "$pid" 2>/dev/null
}
fixed() {	# fixed DEV: waits up to 20 s for the fixed descriptor
	local i
	for i in $(seq 200); do
		[ "$(wc -c <"/sys/bus/hid/devices/$1/report_descriptor" 2>/dev/null)" = "$want" ] && return 0
		sleep 0.1
	done
	return 1
}
gone() {	# the module is out and the counts are back, within 20 s; sets now
	local i
	for i in $(seq 200); do
		counts_now || return 1
		[ ! -e /sys/module/hid_bpf_fixes ] && [ "$now" = "$base" ] && return 0
		sleep 0.1
	done
	return 1
}
# more_than_base: while a device is fixed the module holds at least one
# program and one map more than at the start: bpftool must see them, or
# its counts prove nothing. Sets now.
more_than_base() {
	local bp bm p m
	counts_now || return 1
	read -r bp bm _ <<<"$base"
	read -r p m _ <<<"$now"
	[ "$p" -gt "$bp" ] && [ "$m" -gt "$bm" ]
}

echo "1..$ROUNDS"
pass=0 fail=0
for r in $(seq "$ROUNDS"); do
	delay=$(awk -v r="$r" -v n="$ROUNDS" 'BEGIN { printf "%.2f", (r - 1) * 1.2 / n }')
	counts_err=
	ready A
	plug A
	if ! fixed "$dev_A"; then
		echo "not ok $r plug during unload, B after ${delay}s: A was not fixed by the autoloaded module"
		fail=$((fail + 1)); unplug A; sleep 3; continue
	fi
	if ! more_than_base; then
		echo "not ok $r plug during unload, B after ${delay}s: A fixed, but bpftool counts ${now:-nothing} (${counts_err:-no more than $base}, progs maps links)"
		fail=$((fail + 1)); unplug A; sleep 3; continue
	fi
	ready B
	sleep 1	# B's process is up and waiting
	unplug A
	sleep "$delay"
	plug B
	ok=1 why=
	fixed "$dev_B" || { ok=0; why="B not fixed ($(lsmod | grep -c hid_bpf_fixes) module loaded)"; }
	unplug B
	udevadm settle
	if [ $ok = 1 ] && ! gone; then
		ok=0
		if [ -n "$counts_err" ]; then
			why=$counts_err
		else
			why="module or BPF objects left: progs maps links $now vs $base, module $([ -e /sys/module/hid_bpf_fixes ] && echo loaded || echo gone)"
		fi
	fi
	if [ $ok = 1 ]; then
		echo "ok $r plug during unload, B after ${delay}s: fixed, then all gone"
		pass=$((pass + 1))
	else
		echo "not ok $r plug during unload, B after ${delay}s: $why"
		dmesg | grep hid_bpf_fixes | tail -n 6 | sed 's/^/# /'
		fail=$((fail + 1))
		rmmod hid_bpf_fixes 2>/dev/null
		sleep 2
	fi
done
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
[ "$fail" -eq 0 ]
