#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script: the module parameters of the plug-to-fixed work (issue 9).
#   linger_replug   linger=N (6 s times the timeout scale): unplugged and
#                   plugged again within N s, the
#                   device finds the module loaded and is fixed before its
#                   first probe (one bind); then the module leaves.
#   linger_values   linger takes 0-3600 and nothing else.
#   timings         timings=1 lists each attach's phases in debugfs, on
#                   both attach paths; without it there is no file.
# Runs in a directory holding data/ and tools/. Prints TAP, kselftest
# style, with a "# Totals:" line.
set -u
tools=${HBF_TOOLS:-$PWD/tools}
data=${HBF_DATA:-$PWD/data}
XK=$data/XKeys__XK24
modprobe uhid
modprobe hid-generic 2>/dev/null
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
. "$tools/guest-lib.sh"
P=/sys/module/$M/parameters
isd=/sys/module/hid/parameters/ignore_special_drivers
[ -w $isd ] && echo 1 >$isd

echo "TAP version 13"
echo "1..3"
command -v bpftool >/dev/null || { echo "not ok 1 features: no bpftool"; exit 1; }
rmmod $M 2>/dev/null
base=$(counts) || { echo "not ok 1 features: bpftool failed: $bpf_err"; exit 1; }
say "baseline: progs maps links = $base"

reset() {
	unplug_all
	loaded && rmmod $M 2>/dev/null
	wait_for 30 unloaded || rmmod $M 2>/dev/null
	wait_for 10 counts_are "$base"
}

# binds DEV FILE: how many times udevadm monitor saw DEV bound
binds() { grep -cE "[[:space:]]bind[[:space:]]+/.*/$1 \\(hid\\)" "$2"; }

t_linger_replug() {
	# 6 s, scaled like the timeouts: a plug under the debug kernel's
	# KASAN takes seconds of its own (6 s were not enough there)
	local why= mon line b t_gone gap lg=$((6 * scale))
	reset
	# no udevd yet: it would load the module for A, with linger=0
	plug A "$XK"; dev_name A || why="no device A"
	[ -z "$why" ] && { wait_for 10 has_rdesc "$A" "$XK/rdesc.hex" || why="A never had its descriptor"; }
	[ -z "$why" ] && { modprobe $M linger=$lg || why="modprobe linger=$lg failed"; }
	[ -z "$why" ] && { wait_for 30 attached "$A" XKeys__XK24 || why="A not fixed"; }
	[ -z "$why" ] && { udevd_start || why="udevd does not start"; }
	if [ -z "$why" ]; then
		dmesg -C
		nofifos udevadm monitor --kernel --subsystem-match=hid >/tmp/hbf-features-mon 2>&1 & mon=$!
		sleep 0.5
		unplug A
		t_gone=$(date +%s%N)
		sleep 1
		loaded || why="unloaded 1 s after the last device went away, with linger=$lg"
		dmesg | grep -q "no device left to fix, unloading" &&
			why="'unloading' logged within the linger time"
		[ -z "$why" ] && { plug B "$XK"; dev_name B || why="no device B"; }
		gap=$((($(date +%s%N) - t_gone) / 1000000))
		say "B plugged $gap ms after A was gone (linger=$lg s)"
		[ -z "$why" ] && { wait_for 30 attached "$B" XKeys__XK24 || why="B, plugged again within the linger time, not fixed"; }
		if [ -z "$why" ]; then
			line=$(dmesg | grep -E "$M: $B: XKeys__XK24 attached " | head -n1)
			[[ $line =~ attached\ \(map\ [0-9]+,\ before\ the\ first\ probe\)$ ]] ||
				why="B not fixed before its first probe: '${line#*] }' (plugged $gap ms after A was gone, linger $lg s)"
		fi
		udevadm settle --timeout=30
		sleep 1
		kill $mon; wait $mon 2>/dev/null
		if [ -z "$why" ]; then
			b=$(binds "$B" /tmp/hbf-features-mon)
			[ "$b" = 1 ] || why="B bound $b times, want 1"
		fi
	fi
	unplug B
	if [ -z "$why" ]; then
		sleep 2
		loaded || why="unloaded 2 s after B went away, with linger=$lg"
	fi
	[ -z "$why" ] && { wait_for 40 unloaded || why="still loaded $((40 * scale)) s after B went away, with linger=$lg"; }
	[ -z "$why" ] && { wait_for 10 counts_are "$base" || why="BPF objects $(counts), at the start $base"; }
	udevd_stop
	reset
	[ -z "$why" ] && t_ok "linger_replug: replugged within linger=$lg: fixed before its first probe, one bind; then unloaded" ||
		t_fail "linger_replug: $why"
}

t_linger_values() {
	local why= v err
	reset
	modprobe $M resident=1 linger=5 || { t_fail "linger_values: modprobe linger=5 failed"; return; }
	[ "$(cat $P/linger)" = 5 ] || why="linger reads '$(cat $P/linger)' after linger=5"
	for v in 3601 -1 abc 1.5 ""; do
		[ -n "$why" ] && break
		if err=$(echo "$v" 2>&1 >$P/linger); then
			why="writing '$v' to linger succeeded"
		elif [ "$(cat $P/linger)" != 5 ]; then
			why="writing '$v' changed linger to $(cat $P/linger)"
		fi
	done
	[ -z "$why" ] && { echo 3600 >$P/linger && [ "$(cat $P/linger)" = 3600 ] || why="3600 refused"; }
	[ -z "$why" ] && { echo 0 >$P/linger && [ "$(cat $P/linger)" = 0 ] || why="0 refused"; }
	rmmod $M
	[ -z "$why" ] && { modprobe $M linger=4000 2>/dev/null && why="modprobe linger=4000 succeeded"; }
	reset
	[ -z "$why" ] && t_ok "linger_values: 0-3600 taken; 3601, -1, abc, 1.5, empty refused, value kept" ||
		t_fail "linger_values: $why"
}

# timing_line DEV FIX KIND: the module's last timings line for DEV, all
# numbers
timing_line() {
	grep -E "^$1 $2 $3 probe_loader=[0-9]+ loader=[0-9]+ btf=[0-9]+ progs=[0-9]+ prog_load=[0-9]+ verify=[0-9]+ probe=[0-9]+ register=[0-9]+ attach=[0-9]+ driver_probe=([0-9]+|-)\$" \
		"$DBG/timings" 2>/dev/null | tail -n1
}
has_timing() { [ -n "$(timing_line "$@")" ]; }

# field LINE NAME: one value of a timings line
field() { sed -n "s/.* $2=\([0-9-]*\).*/\1/p" <<<"$1"; }

# timing_sane LINE: no part larger than its whole
timing_sane() {
	local l=$1 pl ld btf pg vf pr rg at
	pl=$(field "$l" probe_loader) ld=$(field "$l" loader) btf=$(field "$l" btf)
	pg=$(field "$l" prog_load) vf=$(field "$l" verify) pr=$(field "$l" probe)
	rg=$(field "$l" register) at=$(field "$l" attach)
	[ "$vf" -le "$pg" ] || { echo "verify $vf > prog_load $pg"; return 1; }
	[ "$pg" -le $((pl + ld)) ] && [ "$btf" -le $((pl + ld)) ] ||
		{ echo "btf $btf or prog_load $pg > the loaders' $((pl + ld))"; return 1; }
	[ $((pl + ld + pr + rg)) -le "$at" ] ||
		{ echo "probe_loader+loader+probe+register > attach $at"; return 1; }
}

# expect_timing VAR DEV KIND PROGS: the line for DEV is there, sane, and
# counts PROGS program loads (empty: any); the line goes to VAR
expect_timing() {
	local var=$1 dev=$2 kind=$3 progs=$4 l msg
	wait_for 30 has_timing "$dev" XKeys__XK24 "$kind"
	l=$(timing_line "$dev" XKeys__XK24 "$kind")
	say "${l:-no $kind line for $dev}"
	[ -n "$l" ] || { why="no complete '$kind' line for $dev: $(tr '\n' '|' <"$DBG/timings" 2>&1)"; return 1; }
	msg=$(timing_sane "$l") || { why="$kind line: $msg"; return 1; }
	[ -z "$progs" ] || [ "$(field "$l" progs)" = "$progs" ] ||
		{ why="$kind line for $dev: progs=$(field "$l" progs), want $progs"; return 1; }
	eval "$var=\$l"
}

t_timings() {
	local why= map link ref np
	reset
	modprobe $M resident=1 || why="modprobe failed"
	[ -z "$why" ] && [ -e "$DBG/timings" ] && why="a timings file without timings=1"
	rmmod $M 2>/dev/null
	[ -z "$why" ] && { modprobe $M resident=1 timings=1 || why="modprobe timings=1 failed"; }
	[ -z "$why" ] && dmesg | grep -q "$M: timings: " &&
		why="$(dmesg | grep "$M: timings: " | head -n1)"
	# A new descriptor: the probe's own instance, then the fix's; attached
	# before the first probe, by a map, the driver's probe comes after.
	[ -z "$why" ] && { plug A "$XK"; dev_name A || why="no device"; }
	[ -z "$why" ] && { wait_for 30 attached "$A" XKeys__XK24 || why="not fixed"; }
	[ -z "$why" ] && { wait_for 10 has_rdesc "$A" "$XK/rdesc-fixed.hex" || why="descriptor not fixed"; }
	[ -z "$why" ] && expect_timing map "$A" map ""
	[ -z "$why" ] && [ "$(field "$map" driver_probe)" = - ] && sleep 2 && expect_timing map "$A" map ""
	[ -z "$why" ] && [ "$(field "$map" driver_probe)" = - ] && why="map line: no driver probe timed"
	# The same descriptor again, by a link: its verdict is known, no probe
	# instance (two program loads less: its loader, its probe); the
	# reprobe is inside the attach. progs counts every BPF_PROG_LOAD,
	# the loader programs' own included.
	if [ -z "$why" ]; then
		echo 0 >$P/xkeys_xk24 && echo 1 >$P/xkeys_xk24 || why="toggling xkeys_xk24 failed"
	fi
	[ -z "$why" ] && expect_timing link "$A" link ""
	if [ -z "$why" ]; then
		np=$(field "$link" progs)
		[ "$(field "$map" progs)" = $((np + 2)) ] ||
			why="a new descriptor loaded $(field "$map" progs) programs, a known one $np: want two more (the probe instance's loader and probe)"
		[ "$(field "$link" probe_loader)" = 0 ] || why="link line: a probe instance for a known descriptor"
	fi
	# A descriptor the probe refuses: the probe's instance only, its
	# loader and its probe; then the same descriptor again: nothing loaded.
	[ -z "$why" ] && { plug B "$XK" "$XK/rdesc-other.hex"; dev_name B || why="no device B"; }
	[ -z "$why" ] && expect_timing ref "$B" refused 2
	[ -z "$why" ] && [ "$(field "$ref" loader)" != 0 ] && why="refused: the fix's own instance was loaded"
	unplug B
	[ -z "$why" ] && { plug C "$XK" "$XK/rdesc-other.hex"; dev_name C || why="no device C"; }
	[ -z "$why" ] && expect_timing ref "$C" refused 0
	[ -z "$why" ] && attached "$C" XKeys__XK24 && why="C, refused, is attached"
	reset
	[ -z "$why" ] && t_ok "timings: both attach paths, the probe first for a new descriptor, nothing loaded for a known refused one; no file without timings=1" ||
		t_fail "timings: $why"
}

t_linger_replug
t_linger_values
t_timings
t_totals
[ "$fail" -eq 0 ]
