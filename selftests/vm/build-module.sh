#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build hid-bpf-fixes.ko for one test kernel; print the path of the .ko.
# Usage: build-module.sh lts|debug|distro
#
# The source tree ($HBF_MODULE_SRC, default this repository) is copied to
# $HBF_CACHE/build/src, where `make generate` runs on the host (it needs the
# host's clang and libbpf); that copy, generated files included, is then
# copied to $HBF_CACHE/build/KERNEL and `make module KDIR=...` runs there:
# on the host against the 6.12 build tree, inside the Debian unstable chroot
# against /lib/modules/VER/build for the distro kernel (its gcc is the one
# that built that kernel). rsync keeps timestamps, so make rebuilds only
# what changed; the working tree itself is never written.
set -euo pipefail
. "$(dirname "$0")/common.sh"

kernel=${1:-}
case $kernel in
lts | debug | distro) ;;
*) die "usage: build-module.sh lts|debug|distro" ;;
esac
src=${HBF_MODULE_SRC:-$HBF_TOP}
[ -f "$src/Makefile" ] || die "$src has no Makefile"
hbf_apt $HBF_HOST_PKGS

build=${HBF_BUILD:-$HBF_CACHE/build}
mkdir -p "$build"
# One build at a time: the src copy is shared by every kernel.
exec 9>"$build/.lock"
flock 9

# Module build products stay in each copy (excluded files are not deleted).
kbuild_out=(--exclude='*.ko' --exclude='*.o' --exclude='*.mod' --exclude='*.mod.c'
	--exclude='.*.cmd' --exclude='Module.symvers' --exclude='modules.order'
	--exclude='.tmp_versions' --exclude='*.a')
rsync -a --delete --exclude=.git --exclude=/selftests/out --exclude=/.cache \
	--exclude=/gen/tests/out --exclude=/build --exclude=/gen/hbf-gen --exclude=/hid_bpf_fixes/generated \
	"${kbuild_out[@]}" "$src/" "$build/src/"
log "make generate (host)"
make -s -C "$build/src" generate >"$build/generate.log" 2>&1 ||
	{ tail -n 30 "$build/generate.log" >&2; die "make generate failed"; }

out=$build/$kernel
mkdir -p "$out"
rsync -a --delete --exclude=/build --exclude=/gen/hbf-gen \
	--exclude=/gen/tests/out "${kbuild_out[@]}" \
	"$build/src/" "$out/"

case $kernel in
lts | debug)
	kdir=$("$HBF_TOP/selftests/vm/kernel-lts.sh" "$kernel")
	log "make module KDIR=$kdir"
	make -C "$out" module KDIR="$kdir" >"$out/module.log" 2>&1 ||
		{ tail -n 30 "$out/module.log" >&2; die "module build for $kernel failed"; }
	;;
distro)
	root=$("$HBF_TOP/selftests/vm/distro-chroot.sh")
	kver=$(hbf_distro_kver "$root")
	log "make module KDIR=/lib/modules/$kver/build (in the chroot)"
	mkdir -p "$root/mnt/hbf-build"
	unshare -m --propagation private bash -c '
		set -e
		root=$1 out=$2 kver=$3
		for m in proc sys dev; do
			mount --bind "/$m" "$root/$m"
		done
		mount --bind "$out" "$root/mnt/hbf-build"
		chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root make -C /mnt/hbf-build module \
			KDIR="/lib/modules/$kver/build"
		' bash "$root" "$out" "$kver" >"$out/module.log" 2>&1 ||
		{ tail -n 30 "$out/module.log" >&2; die "module build for distro failed"; }
	;;
esac
[ -f "$out/hid-bpf-fixes.ko" ] || die "no hid-bpf-fixes.ko in $out (see $out/module.log)"
echo "$out/hid-bpf-fixes.ko"
