#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script of vm/install.sh: the distro kernel booted from a chroot copy
# where DKMS (or the Debian package) installed hid-bpf-fixes; run-vm.sh
# installed no module. Checks that the module is DKMS's, that udevd loads
# it when a uhid XK-24 appears and the fix attaches (kernel log line, fixed
# descriptor byte for byte), that it unloads itself after the unplug, and
# that the example modprobe.d / modules-load.d files keep it resident.
#
# Runs in a directory holding data/XKeys__XK24, tools/uhid-device.py and
# examples/ (Documentation/examples). Prints TAP with a "# Totals:" line.
set -u
M=hid_bpf_fixes
S=/sys/module/$M
tools=$PWD/tools
XK=$PWD/data/XKeys__XK24
FIX=XKeys__XK24
want_dir=${HBF_WANT_DIR:-updates/dkms}

modprobe uhid
isd=/sys/module/hid/parameters/ignore_special_drivers
[ -w $isd ] && echo 1 >$isd

# TAP helpers, check, wait_for, has_rdesc: the guest scripts' shared file.
. "$tools/guest-lib.sh"
klog_has() { dmesg | grep -qF "$M: $1"; }
loaded() { grep -q "^$M " /proc/modules; }
unloaded() { ! loaded; }

plug() {	# plug: a uhid XK-24, its sysfs name in $A
	local f=/tmp/hbf-install i ids
	ids=$(head -n1 "$XK/ids" | tr ' ' ':')
	rm -f "$f.in" "$f.out"
	mkfifo "$f.in"
	python3 "$tools/uhid-device.py" "$ids" "$XK/rdesc.hex" "hbf install" \
		<"$f.in" >"$f.out" &
	A_pid=$!
	exec {A_fd}>"$f.in"
	A=
	for ((i = 0; i < 100; i++)); do
		[ -s "$f.out" ] && { A=$(head -n1 "$f.out"); return 0; }
		sleep 0.1
	done
	return 1
}
unplug() {
	[ -n "${A_fd:-}" ] || return 0
	exec {A_fd}>&-
	wait "$A_pid" 2>/dev/null
	A_fd=
}

echo "TAP version 13"
echo "1..5"

# udev-hid-bpf's own rule would load its XK-24 fix too: the module is the
# only loader here.
mkdir -p /run/udev/rules.d
for r in /usr/lib/udev/rules.d/*-hid-bpf.rules; do
	[ -e "$r" ] && ln -sf /dev/null "/run/udev/rules.d/${r##*/}"
done

installed() {
	local f
	f=$(modinfo -F filename $M 2>&1)
	case $f in
	"/lib/modules/$(uname -r)/$want_dir/hid-bpf-fixes.ko"*) ;;
	*) why="modinfo: '$f', not under $want_dir"; return 1 ;;
	esac
	unloaded || { why="loaded before any device"; return 1; }
}
check "installed in $want_dir for $(uname -r), not loaded yet" installed

autoload() {
	"$(command -v systemd-udevd || echo /usr/lib/systemd/systemd-udevd)" \
		--daemon --resolve-names=never || { why="udevd did not start"; return 1; }
	plug || { why="no uhid device"; return 1; }
	wait_for 120 loaded || { why="udevd did not load $M for $A in 120 s"; return 1; }
	wait_for 60 klog_has "$A: $FIX attached (" ||
		{ why="no '$M: $A: $FIX attached (' in the kernel log"; return 1; }
	wait_for 20 has_rdesc "$A" "$XK/rdesc-fixed.hex" ||
		{ why="$A: report_descriptor is not rdesc-fixed.hex"; return 1; }
	echo "# $(dmesg | grep -F "$M: $A: $FIX attached (" | tail -n1 | sed 's/^\[[^]]*\] //')"
}
check "udevd autoloads $M for a uhid XK-24: '$FIX attached', fixed descriptor in sysfs" autoload

self_unload() {
	unplug
	wait_for 60 unloaded || { why="still loaded 60 s after the unplug"; return 1; }
}
check "unplugged: the module unloads itself" self_unload

udevadm control --exit 2>/dev/null

# The example files, where a user would put them (/run: /etc is read-only
# in the guest).
mkdir -p /run/modprobe.d /run/modules-load.d
cp examples/modprobe.d/hid-bpf-fixes.conf /run/modprobe.d/
cp examples/modules-load.d/hid-bpf-fixes.conf /run/modules-load.d/

resident() {
	local mload
	mload=$(command -v systemd-modules-load || echo /usr/lib/systemd/systemd-modules-load)
	[ -x "$mload" ] || { why="no systemd-modules-load"; return 1; }
	"$mload" || { why="systemd-modules-load failed"; return 1; }
	loaded || { why="not loaded by systemd-modules-load"; return 1; }
	[ "$(cat $S/parameters/resident)" = Y ] ||
		{ why="resident reads $(cat $S/parameters/resident)"; return 1; }
	sleep 5
	loaded || { why="gone with no device, resident=1 ignored"; return 1; }
}
check "examples: modules-load.d loads it, modprobe.d sets resident=1, it stays with no device" resident

stays() {
	plug || { why="no uhid device"; return 1; }
	wait_for 30 has_rdesc "$A" "$XK/rdesc-fixed.hex" || { why="$A: not fixed"; return 1; }
	unplug
	sleep 5
	loaded || { why="resident, yet gone after the last device"; return 1; }
	rmmod $M || { why="rmmod failed"; return 1; }
}
check "resident: fixes a device, stays after its unplug, rmmod works" stays

rm -f /run/modprobe.d/hid-bpf-fixes.conf /run/modules-load.d/hid-bpf-fixes.conf
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
[ $fail -eq 0 ]
