#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make (once) a Debian unstable chroot that carries the newest Debian kernel
# with CONFIG_HID_BPF=y, its headers, a BPF toolchain, virtme-ng and the
# reference loader udev-hid-bpf. Prints the chroot path.
set -euo pipefail
. "$(dirname "$0")/common.sh"

root=$HBF_CACHE/sid
pkgs="linux-image-amd64 linux-headers-amd64 bpftool clang llvm libbpf-dev
	make gcc kmod python3 virtme-ng qemu-system-x86 busybox-static
	udev-hid-bpf udev libelf-dev pkg-config procps"
stamp="v1 $(echo $pkgs)"

if [ -f "$root/.hbf-ready" ] && [ "$(cat "$root/.hbf-ready")" = "$stamp" ]; then
	echo "$root"
	exit 0
fi
hbf_apt debootstrap

# Same mirror host as the machine's own sources.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	/etc/apt/sources.list.d/*.sources 2>/dev/null | sed -e 's/#.*//' |
	grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | sed -n '1p' || true)
mirror=${mirror% }
[ -n "$mirror" ] || die "no Debian mirror in /etc/apt/sources.list*"

mounts() {
	local m
	for m in proc sys dev dev/pts; do
		mountpoint -q "$root/$m" || mount --bind "/$m" "$root/$m"
	done
}
umounts() {
	local m
	for m in dev/pts dev sys proc; do
		mountpoint -q "$root/$m" && umount -l "$root/$m"
	done
	return 0
}
trap umounts EXIT

if [ ! -x "$root/usr/bin/apt-get" ]; then
	log "debootstrap sid from $mirror"
	rm -rf "$root"
	debootstrap --variant=minbase sid "$root" "$mirror" >"$HBF_CACHE/debootstrap.log" 2>&1 ||
		{ tail "$HBF_CACHE/debootstrap.log" >&2; die "debootstrap failed"; }
fi
echo "deb $mirror sid main" >"$root/etc/apt/sources.list"
echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99hbf"
mounts
log "installing the distro kernel and tools in the chroot"
chroot "$root" apt-get update -q >/dev/null
# shellcheck disable=SC2086
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends $pkgs >"$HBF_CACHE/chroot-apt.log" 2>&1 ||
	{ tail "$HBF_CACHE/chroot-apt.log" >&2; die "apt-get in the chroot failed"; }
echo "$stamp" >"$root/.hbf-ready"
echo "$root"
