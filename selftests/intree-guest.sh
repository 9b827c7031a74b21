#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script of vm/intree.sh: the 6.12 kernel built with
# CONFIG_HID_BPF_FIXES=y by the admin guide's in-tree steps, booted with
# hid_bpf_fixes.xkeys_xk24=0 on its command line. Nothing loads a module
# here (no modprobe, no udevd): what fixes the XK-24 is the built-in code,
# started at late_initcall_sync, after HID-BPF. Checks that it is built in
# and took its command-line parameter, that its init did not give up, that
# a uhid XK-24 gets the fixed descriptor byte for byte, that turning the fix
# off and on works, and that with nothing left to fix it stays (there is
# nothing to unload).
#
# Runs in a directory holding data/XKeys__XK24 and tools/uhid-device.py.
# Prints TAP, kselftest style, with a "# Totals:" line.
set -u
M=hid_bpf_fixes
S=/sys/module/$M
P=$S/parameters
DBG=/sys/kernel/debug/$M
tools=${HBF_TOOLS:-$PWD/tools}
XK=${HBF_DATA:-$PWD/data}/XKeys__XK24
FIX=XKeys__XK24
PARAM=xkeys_xk24

modprobe uhid
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
isd=/sys/module/hid/parameters/ignore_special_drivers
[ -w $isd ] && echo 1 >$isd

# TAP helpers, check, wait_for, has_rdesc: the guest scripts' shared file.
. "$tools/guest-lib.sh"
attached() { grep -qE "^$1 $FIX (link|map)=[0-9]+\$" "$DBG/attached" 2>/dev/null; }
klog_has() { dmesg | grep -qF "$M: $1"; }

# plug VAR: a uhid XK-24, its sysfs name in $VAR; unplug VAR
plug() {
	local f=/tmp/hbf-intree-$1 fd i ids
	ids=$(head -n1 "$XK/ids" | tr ' ' ':')
	rm -f "$f.in" "$f.out"
	mkfifo "$f.in"
	python3 "$tools/uhid-device.py" "$ids" "$XK/rdesc.hex" "hbf intree $1" \
		<"$f.in" >"$f.out" &
	eval "${1}_pid=$!"
	exec {fd}>"$f.in"
	eval "${1}_fd=$fd $1="
	for ((i = 0; i < 100; i++)); do
		[ -s "$f.out" ] && { eval "$1=\$(head -n1 $f.out)"; return 0; }
		sleep 0.1
	done
	return 1
}
unplug() {
	local fd pid
	eval "fd=\${${1}_fd:-} pid=\${${1}_pid:-}"
	[ -n "$fd" ] || return 0
	exec {fd}>&-
	wait "$pid" 2>/dev/null
	eval "${1}_fd="
}

echo "TAP version 13"
echo "1..9"

built_in() {
	[ -d $S ] || { why="no $S"; return 1; }
	! grep -q "^$M " /proc/modules || { why="listed in /proc/modules"; return 1; }
	[ ! -e $S/initstate ] || { why="$S/initstate exists: a loaded module"; return 1; }
	local f
	f=$(modinfo -F filename $M 2>&1)
	[ "$f" = "(builtin)" ] || { why="modinfo says '$f'"; return 1; }
}
check "built in: $S without a modprobe, modinfo says (builtin)" built_in

params() {
	local p
	for p in resident $PARAM; do
		[ -f $P/$p ] || { why="no $P/$p"; return 1; }
	done
	p=$(cat $P/$PARAM)
	[ "$p" = N ] || { why="$PARAM reads '$p' after $M.$PARAM=0 on the command line"; return 1; }
	grep -qw "$M.$PARAM=0" /proc/cmdline || { why="not on the command line"; return 1; }
}
check "parameters: resident and $PARAM exist, $M.$PARAM=0 from the command line reads N" params

init_ok() {
	local bad
	bad=$(dmesg | grep -F "$M:" | grep -E 'no device to fix|error|cannot|refuses|unloading')
	[ -z "$bad" ] || { why="kernel log: $(echo $bad)"; return 1; }
	[ -d $DBG ] || { why="no $DBG"; return 1; }
}
check "init did not give up: no 'no device to fix' or error line, $DBG exists" init_ok

# Off from the command line: a device plugged now keeps its descriptor.
kept() {
	plug A || { why="no device"; return 1; }
	wait_for 10 test -e "/sys/bus/hid/devices/$A/driver" ||
		{ why="$A: no driver bound"; return 1; }
	sleep 2
	has_rdesc "$A" "$XK/rdesc.hex" ||
		{ why="$A: descriptor changed with $PARAM=0"; return 1; }
	! klog_has "$A: $FIX attached" || { why="$A: attached with $PARAM=0"; return 1; }
}
check "$PARAM=0 from the command line: a device keeps its descriptor" kept

# Turned on at run time: the walk attaches to the bound device (a link).
walk() {
	echo 1 >$P/$PARAM || { why="cannot write 1"; return 1; }
	wait_for 20 has_rdesc "$A" "$XK/rdesc-fixed.hex" ||
		{ why="$A: descriptor not fixed"; return 1; }
	attached "$A" || { why="$A: not in $DBG/attached"; return 1; }
	klog_has "$A: $FIX attached (link" ||
		{ why="no '$A: $FIX attached (link' in the kernel log"; return 1; }
	unplug A
}
check "$PARAM=1 at run time: the present device gets the fixed descriptor byte for byte" walk

# A device plugged with the fix on: attached before its first probe.
notifier() {
	plug B || { why="no device"; return 1; }
	wait_for 20 has_rdesc "$B" "$XK/rdesc-fixed.hex" ||
		{ why="$B: descriptor not fixed"; return 1; }
	attached "$B" || { why="$B: not in $DBG/attached"; return 1; }
	klog_has "$B: $FIX attached (map" ||
		{ why="no '$B: $FIX attached (map ..., before the first probe)' line"; return 1; }
}
check "a device plugged with the fix on: fixed descriptor byte for byte, attached before its first probe" notifier

off_on() {
	echo 0 >$P/$PARAM || { why="cannot write 0"; return 1; }
	wait_for 20 has_rdesc "$B" "$XK/rdesc.hex" ||
		{ why="$B: descriptor still fixed after $PARAM=0"; return 1; }
	klog_has "$B: $FIX detached (" || { why="no detach line"; return 1; }
	echo 1 >$P/$PARAM || { why="cannot write 1"; return 1; }
	wait_for 20 has_rdesc "$B" "$XK/rdesc-fixed.hex" ||
		{ why="$B: descriptor not fixed again after $PARAM=1"; return 1; }
	attached "$B" || { why="$B: not in $DBG/attached"; return 1; }
}
check "$PARAM=0 then 1 at run time: original descriptor back, then fixed again" off_on

stays() {
	local b=$B
	unplug B
	wait_for 20 klog_has "$b: $FIX detached (" ||
		{ why="no detach line for $b"; return 1; }
	sleep 2	# a self-unload would start now
	[ -d $S ] && [ -d $DBG ] || { why="$S or $DBG gone"; return 1; }
	! dmesg | grep -F "$M:" | grep -qE 'unloading|rmmod' ||
		{ why="it tried to unload itself"; return 1; }
	[ -z "$(cat $DBG/attached 2>/dev/null)" ] ||
		{ why="$DBG/attached still lists: $(cat $DBG/attached)"; return 1; }
}
check "last device unplugged: detached, nothing listed, nothing tries to unload" stays

log_clean() {
	local r
	r=$(dmesg | grep -E 'BUG:|WARNING:|Oops|general protection|list_(add|del) corruption|Kernel panic')
	[ -z "$r" ] || { why="$(echo "$r" | head -n 3)"; return 1; }
}
check "kernel log: no BUG, WARNING or Oops" log_clean

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
[ "$fail" -eq 0 ]
