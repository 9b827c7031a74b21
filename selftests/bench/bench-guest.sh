#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of selftests/bench/run.sh (distro kernel): the same device,
# fixed by hid-bpf-fixes and by udev-hid-bpf, measured the same way.
# Prints "name value unit" lines; the host script makes the table.
set -u
N=${N:-5}
fix=XPPen__Deco01V3
ids=$(tr ' ' ':' <"$fix/ids" | head -n1)
want=$(wc -w <"$fix/rdesc-fixed.hex")

modprobe uhid
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug

now_us() { echo $(($(date +%s%N) / 1000)); }

# plug; wait until the kernel's descriptor is the fixed one; print the
# time that took (us), the binds the device went through, the BPF memory
# (memlock of progs + maps) while it is plugged; unplug.
measure() {
	local t0 t1 dev size binds mem
	t0=$(now_us)
	coproc DEV { python3 uhid-device.py "$ids" "$fix/rdesc.hex" bench; }
	read -r -t 20 dev <&"${DEV[0]}"
	while [ $(($(now_us) - t0)) -lt 15000000 ]; do
		size=$(wc -c <"/sys/bus/hid/devices/$dev/report_descriptor" 2>/dev/null || echo 0)
		[ "$size" = "$want" ] && grep -q . "/sys/bus/hid/devices/$dev/input"/input*/name 2>/dev/null && break
		sleep 0.005
	done
	t1=$(now_us)
	sleep 1
	binds=$(dmesg | grep -c "hid-generic $dev: input")
	mem=$(bpftool -j prog show | python3 -c 'import json,sys; print(sum(p.get("bytes_memlock",0) for p in json.load(sys.stdin)))')
	mem=$((mem + $(bpftool -j map show | python3 -c 'import json,sys; print(sum(p.get("bytes_memlock",0) for p in json.load(sys.stdin)))')))
	[ "$size" = "$want" ] || t1=-1
	eval "exec ${DEV[1]}>&-"
	wait "$DEV_PID" 2>/dev/null
	sleep 1
	echo "$((t1 < 0 ? -1 : t1 - t0)) $binds $mem"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

run_set() {
	local who=$1 i
	: >"/tmp/$who"
	for i in $(seq "$N"); do
		measure >>"/tmp/$who"
	done
	echo "$who plug_to_fixed_ms $(awk '{ print $1 / 1000 }' "/tmp/$who" | median) ms"
	echo "$who binds_per_plug $(awk '{ print $2 }' "/tmp/$who" | median) binds"
	echo "$who bpf_memlock_per_device $(awk '{ print $3 }' "/tmp/$who" | median) bytes"
	echo "$who failures $(awk '$1 < 0' "/tmp/$who" | wc -l) of $N"
}

# udev runs in both rounds (it loads hid-generic and the like); in the
# first one udev-hid-bpf's rule is masked.
rules=$(ls /usr/lib/udev/rules.d/*-hid-bpf.rules)
mount --bind /dev/null "$rules"
udevd=$(command -v systemd-udevd || echo /usr/lib/systemd/systemd-udevd)
pgrep -x systemd-udevd >/dev/null || "$udevd" --daemon
udevadm control --reload
modprobe hid-generic

# hid-bpf-fixes: module resident, attaches from the HID bus notifier
t0=$(now_us)
modprobe hid_bpf_fixes resident=1
t1=$(now_us)
echo "hid-bpf-fixes modprobe_ms $(((t1 - t0) / 1000)) ms"
echo "hid-bpf-fixes module_core_size $(awk '$1 == "hid_bpf_fixes" { print $2 }' /proc/modules) bytes"
run_set hid-bpf-fixes
rmmod hid_bpf_fixes
sleep 2

# udev-hid-bpf: its udev rule attaches the fix on the device's add event
umount "$rules"
udevadm control --reload
udevadm settle
run_set udev-hid-bpf
echo "udev-hid-bpf objects $(ls /usr/lib/*/bpf/*.bpf.o | wc -l) files"
echo "udev-hid-bpf binary_size $(stat -c %s /usr/bin/udev-hid-bpf) bytes"
