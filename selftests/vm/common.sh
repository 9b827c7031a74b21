# SPDX-License-Identifier: GPL-2.0
# Shared settings for the VM scripts. Sourced, never run.

# Everything built or downloaded lives here, outside the source tree, so a
# fresh clone on the same machine reuses it.
HBF_CACHE=${HBF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hid-bpf-fixes}
HBF_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$HBF_CACHE"

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# apt-get install only what is missing; apt-get update at most once a run.
hbf_apt() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	if [ -z "${HBF_APT_UPDATED:-}" ]; then
		apt-get update -q >/dev/null || die "apt-get update failed"
		export HBF_APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
}

HBF_HOST_PKGS="linux-source-6.12 clang-19 llvm-19 lld-19 bpftool libbpf-dev
	dwarves flex bison bc libelf-dev libssl-dev qemu-system-x86
	busybox-static debootstrap python3 cpio xz-utils kmod zstd sparse make
	gcc pkg-config rsync"

# hbf_kernel_modules KDIR: install a 6.12 build's modules (uhid.ko...) once
# under KDIR/modinst; prints that directory (it holds lib/modules/VER).
hbf_kernel_modules() {
	local kdir=$1 inst=$1/modinst
	if [ ! -f "$inst/.hbf-stamp" ] ||
		! cmp -s "$kdir/.hbf-built" "$inst/.hbf-stamp"; then
		rm -rf "$inst"
		make -s -C "$kdir" INSTALL_MOD_PATH="$inst" modules_install \
			>"$kdir/modules_install.log" 2>&1 ||
			{ tail "$kdir/modules_install.log" >&2; die "modules_install failed"; }
		cp "$kdir/.hbf-built" "$inst/.hbf-stamp"
	fi
	echo "$inst"
}

# hbf_distro_kver ROOT: the newest kernel installed in the chroot ROOT (one
# with an image: headers alone make a lib/modules/VER too).
hbf_distro_kver() {
	local v
	v=$(ls "$1/boot" | sed -n 's/^vmlinuz-//p' | sort -V | tail -n1)
	[ -n "$v" ] && [ -d "$1/lib/modules/$v" ] || die "no kernel in $1"
	echo "$v"
}

# hbf_kernel_source: unpack Debian's linux-source-6.12 once; prints the
# directory (the 6.12 kernels build from it, the tests include its
# tools/testing/selftests/kselftest_harness.h).
hbf_kernel_source() {
	local tarball srcver src
	tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)
	[ -n "$tarball" ] || die "linux-source-6.12 is not installed"
	srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	src=$HBF_CACHE/linux-source-6.12-$srcver
	if [ ! -f "$src/Makefile" ]; then
		log "unpacking $tarball"
		rm -rf "$src" "$src.tmp"
		mkdir -p "$src.tmp"
		tar -xf "$tarball" -C "$src.tmp" --strip-components=1
		mv "$src.tmp" "$src"
	fi
	echo "$src"
}

# hbf_kernels PROG "DEFAULT..." ARG...: the test kernels named on a command
# line (lts, debug, distro) into the array `kernels`, or DEFAULT when none is.
hbf_kernels() {
	local prog=$1 dfl=$2 k
	shift 2
	kernels=()
	for k in "$@"; do
		case $k in
		lts | debug | distro) kernels+=("$k") ;;
		*) die "usage: $prog [lts] [debug] [distro]" ;;
		esac
	done
	[ ${#kernels[@]} -gt 0 ] || read -ra kernels <<<"$dfl"
}
