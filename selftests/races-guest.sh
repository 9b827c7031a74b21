#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script: the races of issue 8, one TAP test each, each one a
# regression test for a defect found in the module (see
# Documentation/design.rst, "Races"). Each test sweeps the moment at which
# the second party acts over the first one's window, a few rounds, so a
# CI run is quick; selftests/stress.sh runs the same with more rounds
# (ROUNDS=N). The kernel log check of guest-tests.sh runs after it: an
# oops, a KASAN or list corruption report fails the run there.
#
# Runs in a directory holding data/ and tools/. Needs python3, bpftool,
# setpriv (util-linux), udevadm: a missing one fails the test that needs
# it.
set -u
tools=${HBF_TOOLS:-$PWD/tools}
data=${HBF_DATA:-$PWD/data}
M=hid_bpf_fixes
P=/sys/module/$M/parameters
DBG=/sys/kernel/debug/$M
# One round in CI's run (each test still sweeps its delay over several
# steps); selftests/stress.sh runs ten.
ROUNDS=${ROUNDS:-1}
scale=${HBF_TIMEOUT_SCALE:-1}
XK=$data/XKeys__XK24
XK_PARAM=xkeys_xk24

modprobe uhid
modprobe hid-generic 2>/dev/null
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
. "$tools/guest-lib.sh"
isd=/sys/module/hid/parameters/ignore_special_drivers
[ -w $isd ] && echo 1 >$isd


# Every test starts here: module out, no device, counts at the baseline.
reset() {
	unplug_all
	loaded && rmmod $M 2>/dev/null
	wait_for 30 unloaded || rmmod $M 2>/dev/null
	# a self-unload helper may still be about
	sleep 0.5
	loaded && rmmod $M 2>/dev/null
	wait_for 10 counts_are "$base"
}

oopsed() { dmesg | grep -qE 'BUG:|Oops|KASAN|list_(add|del) corruption|general protection'; }

command -v bpftool >/dev/null || { echo "1..1"; echo "not ok 1 races: no bpftool"; exit 1; }
rmmod $M 2>/dev/null
base=$(counts) || { echo "1..1"; echo "not ok 1 races: bpftool failed"; exit 1; }
say "baseline: progs maps links = $base"

echo "TAP version 13"
# ---------------------------------------------------------------------
# (1) A failing init (resident=0) with an unplug during its walk: init must
# not leave the release or the unload work queued into freed module text.
t_init_unplug() {
	local r delay ok=1 why=
	for ((r = 0; r < ROUNDS * 3; r++)); do
		delay=$(awk -v r=$r -v n=$((ROUNDS * 3)) 'BEGIN { printf "%.2f", r * 1.5 / n }')
		reset
		plug A "$XK"; dev_name A || { ok=0; why="no device"; break; }
		wait_for 10 has_rdesc "$A" "$XK/rdesc.hex"
		nofifos modprobe $M & mp=$!
		sleep "$delay"
		unplug A
		wait $mp
		if ! wait_for 30 unloaded; then ok=0; why="delay $delay: still loaded with nothing to fix"; break; fi
		sleep 1	# any work queued into the freed module would run now
		if oopsed; then ok=0; why="delay $delay: the kernel oopsed"; break; fi
		if ! wait_for 10 counts_are "$base"; then ok=0; why="delay $delay: BPF objects left: $(counts) vs $base"; break; fi
	done
	[ $ok = 1 ] && t_ok "init_unplug_during_walk: $((ROUNDS * 3)) rounds, unplug 0-1.5 s into modprobe" ||
		t_fail "init_unplug_during_walk: $why"
}

# (2) Parameter writes during init: the walk a write starts must not meet
# init's own bookkeeping. Ends fixed.
t_param_during_init() {
	local r ok=1 why= i
	for ((r = 0; r < ROUNDS * 2; r++)); do
		reset
		plug A "$XK"; dev_name A || { ok=0; why="no device"; break; }
		wait_for 10 has_rdesc "$A" "$XK/rdesc.hex"
		nofifos modprobe $M & mp=$!
		for ((i = 0; i < 400; i++)); do
			[ -e $P/$XK_PARAM ] && break
			sleep 0.005
		done
		for ((i = 0; i < 6; i++)); do
			{ echo $((i % 2)) >$P/$XK_PARAM; } 2>/dev/null
		done
		wait $mp
		{ echo 1 >$P/$XK_PARAM; } 2>/dev/null
		if oopsed; then ok=0; why="round $r: the kernel oopsed"; break; fi
		if loaded && ! wait_for 20 attached "$A" XKeys__XK24; then
			ok=0; why="round $r: loaded, enabled, and $A not attached"; break
		fi
		if loaded && ! wait_for 20 has_rdesc "$A" "$XK/rdesc-fixed.hex"; then
			ok=0; why="round $r: $A not fixed"; break
		fi
	done
	[ $ok = 1 ] && t_ok "param_write_during_init: $((ROUNDS * 2)) rounds" ||
		t_fail "param_write_during_init: $why"
}

# (3) off, then on, while the notifier attaches: the device ends fixed.
t_off_on_during_attach() {
	local r delay ok=1 why= i
	for ((r = 0; r < ROUNDS * 2; r++)); do
		delay=$(awk -v r=$r -v n=$((ROUNDS * 2)) 'BEGIN { printf "%.2f", r * 0.4 / n }')
		reset
		modprobe $M resident=1 || { ok=0; why="modprobe failed"; break; }
		plug A "$XK"
		# the notifier attaches as soon as the device is on the bus
		for ((i = 0; i < 2000; i++)); do
			ls /sys/bus/hid/devices/ 2>/dev/null | grep -q '^0003:05F3:0405\.' && break
			sleep 0.005
		done
		sleep "$delay"
		echo 0 >$P/$XK_PARAM
		echo 1 >$P/$XK_PARAM
		dev_name A || { ok=0; why="no device"; break; }
		if ! wait_for 20 attached "$A" XKeys__XK24; then
			ok=0; why="off/on ${delay}s after plug: enabled, and $A not attached"; break
		fi
		if ! wait_for 20 has_rdesc "$A" "$XK/rdesc-fixed.hex"; then
			ok=0; why="off/on ${delay}s after plug: $A not fixed"; break
		fi
	done
	[ $ok = 1 ] && t_ok "off_on_during_attach: $((ROUNDS * 2)) rounds, 0-0.4 s after the device is on the bus" ||
		t_fail "off_on_during_attach: $why"
}

# (4) A quick re-attach (off/on with no wait, rmmod then modprobe) must not
# meet the previous release: fixed, and no "already fixes" refusal.
t_quick_reattach() {
	local r ok=1 why= before
	reset
	plug A "$XK"; dev_name A || { t_fail "quick_reattach: no device"; return; }
	modprobe $M resident=1
	wait_for 20 attached "$A" XKeys__XK24 || { t_fail "quick_reattach: never attached"; return; }
	before=$(dmesg | grep -c 'another HID-BPF program')
	for ((r = 0; r < ROUNDS * 2 && ok; r++)); do
		echo 0 >$P/$XK_PARAM
		echo 1 >$P/$XK_PARAM
		wait_for 20 attached "$A" XKeys__XK24 || { ok=0; why="off/on round $r: not attached again"; }
	done
	for ((r = 0; r < ROUNDS && ok; r++)); do
		rmmod $M && modprobe $M resident=1 ||
			{ ok=0; why="rmmod/modprobe failed"; break; }
		wait_for 20 attached "$A" XKeys__XK24 || { ok=0; why="rmmod/modprobe round $r: not attached again"; }
	done
	[ $ok = 1 ] && ! wait_for 20 has_rdesc "$A" "$XK/rdesc-fixed.hex" && { ok=0; why="$A not fixed at the end"; }
	[ $ok = 1 ] && [ "$(dmesg | grep -c 'another HID-BPF program')" != "$before" ] &&
		{ ok=0; why="the module met its own previous attach: $(dmesg | grep 'another HID-BPF program' | tail -n1)"; }
	[ $ok = 1 ] && t_ok "quick_reattach: $((ROUNDS * 2)) off/on, $ROUNDS rmmod/modprobe, no wait" ||
		t_fail "quick_reattach: $why"
}

# load_err of a fix, from debugfs
load_err() { sed -n "s/^$1 enabled=. load_err=\(-\{0,1\}[0-9]*\) .*/\1/p" "$DBG/fixes"; }

# (5) Errors that belong to the caller are not the fix's: a signal during
# the write, a writer without CAP_BPF. A later enable fixes the device.
t_caller_errors() {
	local r delay ok=1 why= e
	command -v setpriv >/dev/null || { t_fail "caller_errors: no setpriv"; return; }
	reset
	plug A "$XK"; dev_name A || { t_fail "caller_errors: no device"; return; }
	modprobe $M resident=1 $XK_PARAM=0
	for ((r = 0; r < ROUNDS * 2 && ok; r++)); do
		delay=$(awk -v r=$r -v n=$((ROUNDS * 2)) 'BEGIN { printf "%.3f", 0.02 + r * 0.3 / n }')
		nofifos dfl_int sh -c "echo 1 >$P/$XK_PARAM" & w=$!
		sleep "$delay"
		kill -INT $w 2>/dev/null
		wait $w
		e=$(load_err XKeys__XK24)
		[ "$e" = 0 ] || { ok=0; why="SIGINT ${delay}s into the write: load_err=$e"; break; }
		echo 0 >$P/$XK_PARAM
		wait_for 20 bash -c "! grep -q '^$A ' $DBG/attached"
	done
	if [ $ok = 1 ]; then
		setpriv --bounding-set=-bpf,-sys_admin,-perfmon,-net_admin bash -c "echo 1 >$P/$XK_PARAM"
		e=$(load_err XKeys__XK24)
		[ "$e" = 0 ] || { ok=0; why="writer without CAP_BPF: load_err=$e"; }
	fi
	if [ $ok = 1 ]; then
		echo 0 >$P/$XK_PARAM
		echo 1 >$P/$XK_PARAM
		wait_for 20 attached "$A" XKeys__XK24 || { ok=0; why="a later enable does not attach"; }
	fi
	[ $ok = 1 ] && t_ok "caller_errors: SIGINT during $((ROUNDS * 2)) writes, a writer without CAP_BPF; then fixed" ||
		t_fail "caller_errors: $why"
}

# (9) Nothing left to own: the module goes, whatever the way it got there.
t_no_linger() {
	local ok=1 why=
	reset
	plug A "$XK"; dev_name A || { t_fail "no_linger: no device"; return; }
	modprobe $M
	wait_for 20 attached "$A" XKeys__XK24 || { t_fail "no_linger: never attached"; return; }
	echo 0 >$P/$XK_PARAM
	wait_for 30 unloaded || { ok=0; why="still loaded after its only fix was turned off"; }
	if [ $ok = 1 ]; then
		reset
		plug A "$XK"; dev_name A
		modprobe $M
		wait_for 20 attached "$A" XKeys__XK24 || { t_fail "no_linger: never attached (2)"; return; }
		exec {h}<"$DBG/attached"
		unplug A
		sleep $((3 * scale))
		exec {h}<&-
		wait_for 30 unloaded || { ok=0; why="still loaded after a debugfs reader held it during the unload"; }
	fi
	if [ $ok = 1 ]; then
		reset
		plug A "$XK"; dev_name A
		modprobe $M
		wait_for 20 attached "$A" XKeys__XK24 || { t_fail "no_linger: never attached (3)"; return; }
		plug B "$XK" "$XK/rdesc-other.hex"
		sleep 0.2
		unplug A
		dev_name B
		wait_for 30 unloaded || { ok=0; why="still loaded after the last in-flight attach (refused) ended"; }
	fi
	[ $ok = 1 ] && t_ok "no_linger: fix turned off, rmmod refused once, last attach refused" ||
		t_fail "no_linger: $why"
}

# (7) A driver probing the device while the notifier attaches (6.12 puts
# the device on the bus list before the notifier, so a HID driver
# registering during coldplug can do this). With drivers_autoprobe off the
# device is probed only when the test says so: right after it appears on
# the bus, inside the notifier's window. The device must end fixed.
t_driver_during_attach() {
	local r delay ok=1 why= i dev ap=/sys/bus/hid/drivers_autoprobe
	[ -w $ap ] || { t_fail "driver_during_attach: no $ap"; return; }
	for ((r = 0; r < ROUNDS * 2 && ok; r++)); do
		delay=$(awk -v r=$r -v n=$((ROUNDS * 2)) 'BEGIN { printf "%.2f", r * 0.3 / n }')
		reset
		modprobe $M resident=1
		echo 0 >$ap
		plug A "$XK"
		dev=
		for ((i = 0; i < 2000; i++)); do
			dev=$(ls /sys/bus/hid/devices/ 2>/dev/null | grep -m1 '^0003:05F3:0405\.')
			[ -n "$dev" ] && break
			sleep 0.005
		done
		sleep "$delay"
		[ -n "$dev" ] && echo "$dev" >/sys/bus/hid/drivers_probe
		echo 1 >$ap
		dev_name A || { ok=0; why="no device"; break; }
		# a kernel with the ready-to-probe gate refused that early probe:
		# probe it now, as the driver core would have
		sleep 0.5
		[ -e "/sys/bus/hid/devices/$A/driver" ] || echo "$A" >/sys/bus/hid/drivers_probe
		wait_for 20 has_rdesc "$A" "$XK/rdesc-fixed.hex" ||
			{ ok=0; why="probed ${delay}s after it appeared: $A bound unfixed"; }
		wait_for 20 attached "$A" XKeys__XK24 ||
			{ ok=0; why="probed ${delay}s after it appeared: $A not attached"; }
	done
	echo 1 >$ap
	[ $ok = 1 ] && t_ok "driver_during_attach: $((ROUNDS * 2)) rounds, probed 0-0.3 s after it appeared" ||
		t_fail "driver_during_attach: $why"
}

# (h) Hostile callers: bad, unknown and over-long parameter values; SIGINT
# during modprobe; modprobe with 8 fds. Each gets a clear message, leaves
# nothing behind, and a later load fixes the device.
t_hostile() {
	local ok=1 why= long d
	reset
	plug A "$XK"; dev_name A || { t_fail "hostile_callers: no device"; return; }
	wait_for 10 has_rdesc "$A" "$XK/rdesc.hex"
	dmesg -C
	if modprobe $M $XK_PARAM=maybe 2>/dev/null; then
		ok=0; why="loaded with $XK_PARAM=maybe"
	elif ! dmesg | grep -qF "$M: $XK_PARAM: 'maybe' is not a boolean"; then
		ok=0; why="no clear message for $XK_PARAM=maybe: $(dmesg | grep $M | tail -n1)"
	fi
	[ $ok = 1 ] && ! wait_for 10 counts_are "$base" && { ok=0; why="bad value left BPF objects: $(counts)"; }
	if [ $ok = 1 ]; then
		modprobe $M resident=1 nosuch=1
		dmesg | grep -qF "$M: unknown parameter 'nosuch' ignored" ||
			{ ok=0; why="no message for an unknown parameter"; }
		wait_for 20 attached "$A" XKeys__XK24 || { ok=0; why="not attached after an unknown parameter"; }
	fi
	if [ $ok = 1 ]; then
		long=1$(head -c 3000 /dev/zero | tr '\0' x)
		if echo "$long" >$P/$XK_PARAM 2>/dev/null; then
			ok=0; why="a 3001-byte value was accepted"
		elif ! dmesg | grep -qF "$M: $XK_PARAM: '1xxxxxxxxxxxxxxx...' is not a boolean"; then
			ok=0; why="no clear message for an over-long value: $(dmesg | grep $M | tail -n1)"
		fi
		[ "$(cat $P/$XK_PARAM)" = Y ] || { ok=0; why="the over-long value changed the parameter"; }
	fi
	for d in 0.05 0.3 0.8; do
		[ $ok = 1 ] || break
		rmmod $M
		wait_for 10 counts_are "$base"
		nofifos dfl_int modprobe $M & mp=$!
		sleep $d
		kill -INT $mp 2>/dev/null
		wait $mp
		if ! loaded; then
			wait_for 10 counts_are "$base" || { ok=0; why="SIGINT ${d}s into modprobe left BPF objects: $(counts)"; break; }
			sleep 1
			modprobe $M
		fi
		wait_for 20 attached "$A" XKeys__XK24 || { ok=0; why="SIGINT ${d}s into modprobe: a later load does not fix the device"; }
	done
	if [ $ok = 1 ]; then
		rmmod $M
		wait_for 10 counts_are "$base"
		(ulimit -n 8; modprobe $M) 2>/dev/null
		if ! loaded; then
			wait_for 10 counts_are "$base" || { ok=0; why="modprobe with 8 fds left BPF objects: $(counts)"; }
			sleep 1
			modprobe $M
		fi
		wait_for 20 attached "$A" XKeys__XK24 || { ok=0; why="after modprobe with 8 fds: a later load does not fix the device"; }
	fi
	[ $ok = 1 ] && t_ok "hostile_callers: bad, unknown, over-long values; SIGINT during modprobe; 8 fds" ||
		t_fail "hostile_callers: $why"
}

# (c) rmmod during attach: 4 devices present, the module loading (its walk
# attaching them) while a parameter write loops; rmmod after a delay swept
# over the walk. Nothing may be left: no BPF object, every descriptor back.
t_rmmod_during_attach() {
	local r delay ok=1 why= i w d
	for ((r = 0; r < ROUNDS * 2 && ok; r++)); do
		delay=$(awk -v r=$r -v n=$((ROUNDS * 2)) 'BEGIN { printf "%.2f", r * 1.5 / n }')
		reset
		for d in A B C D; do plug $d "$XK"; done
		for d in A B C D; do dev_name $d; done
		nofifos modprobe $M resident=1 & mp=$!
		( close_fifos; for ((i = 0; i < 40; i++)); do
			{ echo $((i % 2)) >$P/$XK_PARAM; } 2>/dev/null; sleep 0.05
		done ) & w=$!
		sleep "$delay"
		wait $mp
		rmmod $M 2>/dev/null
		wait $w
		loaded && rmmod $M
		if oopsed; then ok=0; why="rmmod ${delay}s into the load: the kernel oopsed"; break; fi
		wait_for 20 counts_are "$base" || { ok=0; why="rmmod ${delay}s into the load: BPF objects left: $(counts) vs $base"; break; }
		for d in "$A" "$B" "$C" "$D"; do
			wait_for 20 has_rdesc "$d" "$XK/rdesc.hex" ||
				{ ok=0; why="rmmod ${delay}s into the load: $d keeps a fixed descriptor"; break; }
		done
	done
	for d in A B C D; do unplug $d; done
	[ $ok = 1 ] && t_ok "rmmod_during_attach: $((ROUNDS * 2)) rounds, 4 devices, rmmod 0-1.5 s into the load, parameter writes looping" ||
		t_fail "rmmod_during_attach: $why"
}

# (d) Unplug during attach, on each path that attaches: the notifier (a
# new device), the walk (modprobe with the device present) and a parameter
# write (the fix turned on). Nothing may be left behind.
t_unplug_during_attach() {
	local r delay ok=1 why= path
	for path in notifier walk param; do
		for ((r = 0; r < ROUNDS * 2 && ok; r++)); do
			delay=$(awk -v r=$r -v n=$((ROUNDS * 2)) 'BEGIN { printf "%.2f", r * 1.0 / n }')
			reset
			case $path in
			notifier)
				modprobe $M resident=1
				plug A "$XK"
				sleep "$delay"
				unplug A
				;;
			walk)
				plug A "$XK"; dev_name A
				nofifos modprobe $M resident=1 & mp=$!
				sleep "$delay"
				unplug A
				wait $mp
				;;
			param)
				plug A "$XK"; dev_name A
				modprobe $M resident=1 $XK_PARAM=0
				(close_fifos; echo 1 >$P/$XK_PARAM) & w=$!
				sleep "$delay"
				unplug A
				wait $w
				;;
			esac
			if oopsed; then ok=0; why="$path, unplug after ${delay}s: the kernel oopsed"; break; fi
			wait_for 20 bash -c "[ ! -s $DBG/attached ]" ||
				{ ok=0; why="$path, unplug after ${delay}s: still listed: $(cat $DBG/attached)"; break; }
			rmmod $M
			wait_for 20 counts_are "$base" || { ok=0; why="$path, unplug after ${delay}s: BPF objects left: $(counts) vs $base"; break; }
		done
	done
	[ $ok = 1 ] && t_ok "unplug_during_attach: notifier, walk and parameter paths, $((ROUNDS * 2)) rounds each, unplug 0-1 s in" ||
		t_fail "unplug_during_attach: $why"
}

# (e) A device plugged while init fails (nothing to fix at load), with
# udev running as on a real system (udev-hid-bpf's rule masked): udev's
# modprobe for it is skipped or refused while the failing instance is
# still there, so the helper that init starts must load the module again.
t_plug_during_failing_init() {
	local r delay ok=1 why=
	command -v udevadm >/dev/null || { t_fail "plug_during_failing_init: no udevadm"; return; }
	udevd_start || { t_fail "plug_during_failing_init: udevd does not start"; return; }
	for ((r = 0; r < ROUNDS * 2 && ok; r++)); do
		delay=$(awk -v r=$r -v n=$((ROUNDS * 2)) 'BEGIN { printf "%.2f", r * 1.0 / n }')
		reset
		nofifos modprobe $M 2>/dev/null & mp=$!
		sleep "$delay"
		plug A "$XK"
		wait $mp
		dev_name A || { ok=0; why="no device"; break; }
		wait_for 30 has_rdesc "$A" "$XK/rdesc-fixed.hex" ||
			{ ok=0; why="plugged ${delay}s into a failing init: $A not fixed within 30 s ($(loaded && echo loaded || echo not loaded))"; break; }
	done
	reset
	udevd_stop
	[ $ok = 1 ] && t_ok "plug_during_failing_init: $((ROUNDS * 2)) rounds, plug 0-1 s into modprobe, udev running" ||
		t_fail "plug_during_failing_init: $why"
}

# (11) A device plugged while the module unloads itself (its last device
# just went away): it ends fixed, bound at most twice (udev-hid-bpf's
# count), and its first probe does not fail: a module going away attaches
# nothing, and a registration made before the first probe is released as
# if it had never been.
t_plug_during_self_unload() {
	local r delay ok=1 why= binds mon
	udevd_start || { t_fail "plug_during_self_unload: udevd does not start"; return; }
	for ((r = 0; r < ROUNDS * 3 && ok; r++)); do
		delay=$(awk -v r=$r -v n=$((ROUNDS * 3)) 'BEGIN { printf "%.2f", r * 1.2 / n }')
		reset
		plug A "$XK"; dev_name A || { ok=0; why="no device A"; break; }
		wait_for 30 attached "$A" XKeys__XK24 || { ok=0; why="A not fixed by the autoloaded module"; break; }
		dmesg -C
		nofifos udevadm monitor --kernel --subsystem-match=hid >/tmp/hbf-races-mon 2>&1 & mon=$!
		sleep 0.5
		unplug A
		sleep "$delay"
		plug B "$XK"; dev_name B || { ok=0; why="no device B"; kill $mon; break; }
		wait_for 30 has_rdesc "$B" "$XK/rdesc-fixed.hex" ||
			{ ok=0; why="B plugged ${delay}s into the unload: not fixed within 30 s"; }
		udevadm settle --timeout=30
		sleep 1
		kill $mon; wait $mon 2>/dev/null
		binds=$(grep -cE "[[:space:]]bind[[:space:]]+/.*/$B \\(hid\\)" /tmp/hbf-races-mon)
		[ $ok = 1 ] && [ "$binds" -gt 2 ] && { ok=0; why="B plugged ${delay}s into the unload: bound $binds times"; }
		[ $ok = 1 ] && dmesg | grep -E "$B.*(failed with error|rejecting)" >/dev/null &&
			{ ok=0; why="B plugged ${delay}s into the unload: $(dmesg | grep -E "$B.*(failed with error|rejecting)" | head -n1)"; }
	done
	reset
	udevd_stop
	[ $ok = 1 ] && t_ok "plug_during_self_unload: $((ROUNDS * 3)) rounds, plug 0-1.2 s into the unload, at most 2 binds, no failed probe" ||
		t_fail "plug_during_self_unload: $why"
}

# RACES="name ..." (the t_ functions without t_) runs some of them.
all="init_unplug param_during_init off_on_during_attach quick_reattach caller_errors no_linger driver_during_attach hostile rmmod_during_attach unplug_during_attach plug_during_failing_init plug_during_self_unload"
tests=(${RACES:-$all})
echo "1..${#tests[@]}"
for t in "${tests[@]}"; do
	[[ " $all " = *" $t "* ]] || { t_fail "$t: no such race test"; continue; }
	start=$(date +%s)
	"t_$t"
	say "$t took $(($(date +%s) - start)) s"
done
reset
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$fail" -eq 0 ]
