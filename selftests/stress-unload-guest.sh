#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script: plug during self-unload. With udev running and resident=0,
# each round plugs device A (udev autoloads the module, which fixes A),
# unplugs A (the module starts removing itself) and plugs device B after a
# delay that sweeps the unload window. B must end up fixed, by the module
# still loaded or by the instance that comes back. Then B goes away and the
# module must be gone, with no BPF program, map or link left behind.
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
pgrep -x systemd-udevd >/dev/null ||
	"$(command -v systemd-udevd || echo /usr/lib/systemd/systemd-udevd)" --daemon
udevadm control --reload
rmmod hid_bpf_fixes 2>/dev/null

count() { ls /proc/self/fd >/dev/null; bpftool "$1" show 2>/dev/null | grep -c '^[0-9]'; }
base="$(count prog) $(count map) $(count link)"

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
gone() {	# the module is out and the counts are back, within 20 s
	local i
	for i in $(seq 200); do
		[ ! -e /sys/module/hid_bpf_fixes ] &&
			[ "$(count prog) $(count map) $(count link)" = "$base" ] && return 0
		sleep 0.1
	done
	return 1
}

echo "TAP version 13"
echo "1..$ROUNDS"
pass=0 fail=0
for r in $(seq "$ROUNDS"); do
	delay=$(awk -v r="$r" -v n="$ROUNDS" 'BEGIN { printf "%.2f", (r - 1) * 1.2 / n }')
	ready A
	plug A
	if ! fixed "$dev_A"; then
		echo "not ok $r plug during unload, B after ${delay}s: A was not fixed by the autoloaded module"
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
	[ $ok = 1 ] && ! gone && { ok=0; why="module or BPF objects left: $(count prog) $(count map) $(count link) vs $base"; }
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
