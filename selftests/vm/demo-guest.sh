#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of selftests/demo.sh: a virtual X-Keys XK-24 without, then
# with, hid-bpf-fixes. Runs in OUTDIR/files (tools and data copied there).
set -u
modprobe uhid
modprobe hid-generic 2>/dev/null	# built in on some kernels; no udev here
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug

ids=0003:05F3:0405
plug() {
	coproc DEV { python3 uhid-device.py "$ids" XKeys__XK24/rdesc.hex "X-Keys XK-24 (virtual)"; }
	read -r -t 20 dev <&"${DEV[0]}"
	udevadm settle 2>/dev/null || sleep 1
}
unplug() {
	eval "exec ${DEV[1]}>&-"
	wait "$DEV_PID" 2>/dev/null
}
show() {
	echo "--- report descriptor of $dev as the kernel parses it"
	python3 rdesc-decode.py "/sys/bus/hid/devices/$dev/report_descriptor"
	echo "--- what userspace gets"
	python3 input-caps.py "$dev"
}

echo "=== 1. X-Keys XK-24 ($ids) plugged in, hid-bpf-fixes not loaded"
plug
show
unplug

echo
echo "=== 2. modprobe hid-bpf-fixes resident=1"
modinfo hid_bpf_fixes | grep -E '^(filename|alias|parm)'
modprobe hid_bpf_fixes resident=1 || exit 1

echo
echo "=== 3. the same device plugged in again"
plug
show
echo "--- dmesg"
dmesg | grep -E 'hid_bpf_fixes|hid-generic' | tail -n 3
echo "--- /sys/kernel/debug/hid_bpf_fixes/attached"
cat /sys/kernel/debug/hid_bpf_fixes/attached
echo "--- bpftool"
bpftool prog show | grep -E 'struct_ops' || true
bpftool link show | grep -E 'struct_ops' || true
unplug
sleep 1
echo
echo "=== 4. unplugged: links dropped"
cat /sys/kernel/debug/hid_bpf_fixes/attached
dmesg | grep hid_bpf_fixes | tail -n 1
