#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM, on the Debian unstable chroot as root filesystem.
# run-vm.sh installs it in the chroot as /usr/local/lib/hid-bpf-fixes/guest-init
# and starts it either as PID 1 (6.12 kernels booted by plain qemu) or via
# `vng --exec` (the distro kernel, where virtme-ng-init already mounted /proc,
# /sys, /dev, /run and made /lib/modules a writable overlay).
#
# Contract with run-vm.sh, all under the share $HBF_SHARE (/mnt/hbf):
#   kernel        name of the kernel under test (lts, debug, distro)
#   kmod/         lib/modules/VER to copy over the guest's: the whole tree
#                 for a 6.12 kernel, the files depmod changed for the distro
#                 one (with our module in updates/)
#   modules/*.ko  the out-of-tree modules installed there, for reference
#   scripts/NN-*  guest scripts, run in order, cwd files/
#   files/        anything else the scripts need (tests, data)
#   out/          written here: one NN-*.log per script, status, dmesg.txt
# Every script runs even if an earlier one failed; out/status holds one
# "name exit-code" line per script and a final "done" line.

HBF_SHARE=/mnt/hbf
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8

pid1=0
[ $$ -eq 1 ] && pid1=1

say() { echo "guest-init: $*"; }

finish() {
	[ -d "$HBF_SHARE/out" ] && dmesg >"$HBF_SHARE/out/dmesg.txt" 2>&1
	sync
	if [ $pid1 -eq 1 ]; then
		# No ACPI in the tiny kernel: reboot, which qemu -no-reboot turns
		# into an exit.
		umount "$HBF_SHARE" 2>/dev/null
		echo b >/proc/sysrq-trigger
		sleep 10
	fi
	exit "${1:-0}"
}

if [ $pid1 -eq 1 ]; then
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
	mkdir -p /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	for d in /run /tmp /var/tmp /var/log /var/cache /root; do
		mount -t tmpfs -o mode=0755 tmpfs "$d"
	done
	chmod 1777 /tmp /var/tmp
	mkdir -p /run/lock
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 hbfshare "$HBF_SHARE" ||
		{ say "cannot mount the share"; finish 1; }
	# The chroot's /lib/modules belongs to the distro kernel: give this
	# kernel a private one in memory.
	mount -t tmpfs tmpfs /lib/modules
	hostname "hbf-$(cat "$HBF_SHARE/kernel")" 2>/dev/null
	ip link set lo up 2>/dev/null
fi

mkdir -p "$HBF_SHARE/out"
out=$HBF_SHARE/out
: >"$out/status"
export HBF_SHARE HBF_OUT=$out HBF_FILES=$HBF_SHARE/files
HBF_KERNEL=$(cat "$HBF_SHARE/kernel")
export HBF_KERNEL

mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null

# virtme-ng-init may have started a udevd: the tests decide when one runs.
if pgrep -x systemd-udevd >/dev/null; then
	udevadm control --exit 2>/dev/null || pkill -x systemd-udevd
fi

# run-vm.sh ran depmod on the host: copy its result over /lib/modules.
cp -a "$HBF_SHARE"/kmod/lib/modules/. /lib/modules/ || say "no modules for $(uname -r)"
# What udev would load on a real system (modules on the distro kernel).
modprobe -a uhid hid-generic evdev || say "modprobe uhid hid-generic evdev failed"
say "kernel $HBF_KERNEL ($(uname -r)) ready after $(cut -d' ' -f1 /proc/uptime) s"

rc=0
cd "$HBF_FILES" 2>/dev/null || cd /
for s in "$HBF_SHARE"/scripts/*; do
	[ -f "$s" ] || continue
	name=${s##*/}
	say "running $name"
	# The console gets the live output, out/ keeps it per script.
	bash "$s" 2>&1 | tee "$out/$name.log"
	src=${PIPESTATUS[0]}
	echo "$name $src" >>"$out/status"
	[ "$src" -eq 0 ] || rc=1
done
echo done >>"$out/status"
say "finished after $(cut -d' ' -f1 /proc/uptime) s"
finish $rc
