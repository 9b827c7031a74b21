#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The install paths of Documentation/admin-guide.rst ("Installing"), end to
# end, in a throw-away copy of the Debian unstable chroot (an overlay over
# distro-chroot.sh's; the cached chroot is never written):
#   - dpkg-buildpackage builds hid-bpf-fixes-dkms (debian/, dh-dkms);
#     lintian reports no error;
#   - clang, LLVM and libbpf-dev are purged: everything after this builds
#     from the shipped light skeletons with the kernel headers alone;
#   - DKMS: dkms add/build/install for the distro kernel, then a second
#     kernel's headers are installed and DKMS builds for it by itself;
#   - the distro kernel boots from that chroot (run-vm.sh -r, no -m): udevd
#     loads the DKMS-installed module for a uhid XK-24 and the fix attaches;
#     the example modprobe.d / modules-load.d files keep it resident
#     (install-guest.sh);
#   - dkms remove leaves nothing behind;
#   - the Debian package: installed (DKMS builds for both kernels; with -b
#     also booted and checked the same way), removed, purged, nothing left;
#   - make install / make uninstall for the distro kernel in the chroot
#     (real /lib/modules), and into a DESTDIR for the 6.12 LTS kernel.
#
# Usage: install.sh [-o OUTDIR] [-b]    (default selftests/out/install)
#
# Prints TAP and a closing "N passed, N failed" line; exit status 1 on any
# failure. A missing tool is a failure. Boots one VM (two with -b, one after
# the other).
set -uo pipefail
. "$(dirname "$0")/common.sh"

out=$HBF_TOP/selftests/out/install
boot_deb=0
while getopts "o:b" opt; do
	case $opt in
	o) out=$OPTARG ;;
	b) boot_deb=1 ;;
	*) die "usage: install.sh [-o OUTDIR] [-b]" ;;
	esac
done
vm=$HBF_TOP/selftests/vm
M=hid_bpf_fixes
PKG=hid-bpf-fixes
VER=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$HBF_TOP/dkms.conf")
XK_ALIAS=hid:b0003g0001v000005F3p00000405	# a uhid XK-24's modalias

n=0 pass=0 fail=0
t_ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
t_fail() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; }
check() {	# check NAME CMD...: ok when CMD succeeds; CMD may set $why
	local name=$1
	shift
	why=
	if "$@"; then t_ok "$name"; else t_fail "$name${why:+: $why}"; fi
}
finish() {
	echo "1..$n"
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
	exit
}
# note FILE: its last lines as TAP comments
note() { tail -n "${2:-15}" "$1" | sed 's/^/#   /'; }

echo "TAP version 13"

tools() {
	local t missing=
	for t in git rsync make depmod modprobe unshare mount chroot python3 \
		qemu-system-x86_64; do
		command -v "$t" >/dev/null || missing+=" $t"
	done
	[ -z "$missing" ] || { why="missing on the host:$missing"; return 1; }
	[ -n "$VER" ] || { why="no PACKAGE_VERSION in dkms.conf"; return 1; }
}
check "host tools: git rsync make depmod modprobe unshare mount chroot python3 qemu" tools ||
	finish

start=$(date +%s)
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# --- the chroot copy: an overlay over the cached chroot, unmounted at exit
cached=$("$vm/distro-chroot.sh") || { t_fail "distro chroot"; finish; }
kver=$(hbf_distro_kver "$cached")
work=$(mktemp -d /tmp/hbf-install.XXXXXX)
root=$work/root
mkdir -p "$root" "$work/upper" "$work/ovwork"
cleanup() {
	mountpoint -q "$root" && umount "$root"
	rm -rf "$work"
}
trap cleanup EXIT
overlay() {
	mount -t overlay overlay \
		-o "lowerdir=$cached,upperdir=$work/upper,workdir=$work/ovwork" "$root" ||
		{ why="mount -t overlay failed"; return 1; }
}
check "a private copy of the distro chroot (overlay, kernel $kver)" overlay || finish

# in_chroot LOG CMD: run CMD (a bash string) in the chroot, output in LOG
in_chroot() {
	local log=$1
	shift
	unshare -m --propagation private bash -c '
		root=$1
		for m in proc sys dev dev/pts; do
			mount --bind "/$m" "$root/$m"
		done
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
			bash -c "$2"
		' bash "$root" "$*" >>"$log" 2>&1
}
apt_in() { in_chroot "$out/apt.log" "apt-get install -y -q --no-install-recommends $*"; }

pkgs="dkms dh-dkms debhelper dpkg-dev build-essential fakeroot lintian zlib1g-dev"
apt() {
	in_chroot "$out/apt.log" "apt-get update -q" || { why="apt-get update (apt.log)"; return 1; }
	apt_in "$pkgs" || { why="see $out/apt.log"; note "$out/apt.log"; return 1; }
}
check "chroot: apt-get install $pkgs" apt || finish

# The source, as build-module.sh copies it: the working tree, no build
# products, no generated files.
src() {
	mkdir -p "$root/root/hbf"
	rsync -a --exclude=.git --exclude=/selftests/out --exclude=/.cache \
		--exclude=/build --exclude=/gen/hbf-gen --exclude=/gen/tests/out \
		--exclude=/hid_bpf_fixes/generated --exclude='*.ko' --exclude='*.o' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='.*.cmd' \
		--exclude=Module.symvers --exclude=modules.order \
		"$HBF_TOP/" "$root/root/hbf/$PKG-$VER/" || return 1
	cp -a "$root/root/hbf/$PKG-$VER" "$root/root/hbf/dkms-src"
}
check "source tree copied into the chroot (no generated files)" src || finish

# --- the Debian package
deb=/root/hbf/${PKG}-dkms_${VER}_all.deb
build_deb() {
	in_chroot "$out/dpkg-buildpackage.log" \
		"cd /root/hbf/$PKG-$VER && dpkg-buildpackage -us -uc" ||
		{ why="see $out/dpkg-buildpackage.log"; note "$out/dpkg-buildpackage.log"; return 1; }
	[ -f "$root$deb" ] || { why="no $deb"; return 1; }
	in_chroot "$out/deb-contents.txt" "dpkg-deb -c $deb"
	grep -q "usr/src/$PKG-$VER/hid_bpf_fixes/generated/registry.c\$" "$out/deb-contents.txt" ||
		{ why="the .deb has no generated/registry.c"; return 1; }
	grep -q "usr/src/$PKG-$VER/dkms.conf\$" "$out/deb-contents.txt" ||
		{ why="the .deb has no dkms.conf"; return 1; }
}
check "dpkg-buildpackage: ${PKG}-dkms_${VER}_all.deb, with dkms.conf and the generated skeletons" build_deb

lint() {
	in_chroot "$out/lintian.txt" \
		"cd /root/hbf && lintian -I -E --pedantic ${PKG}_${VER}_amd64.changes; echo lintian exit \$?"
	grep -q '^lintian exit 0$' "$out/lintian.txt" || { why="lintian did not run"; return 1; }
	echo "# lintian -I -E --pedantic (very-long-line-length-in-source-file, selftests/data, left out):"
	grep -v 'very-long-line-length-in-source-file\|^lintian exit\|root privileges' \
		"$out/lintian.txt" | sed 's/^/#   /'
	echo "#   ($(grep -c 'very-long-line-length-in-source-file' "$out/lintian.txt") very-long-line-length-in-source-file tags)"
	! grep -q '^E: ' "$out/lintian.txt" || { why="lintian errors"; return 1; }
}
check "lintian: no errors" lint

# --- the DKMS source tree: the lskels are generated now (this chroot still
# has clang); nothing from here on has clang, LLVM or libbpf.
gen() {
	in_chroot "$out/generate.log" "make -C /root/hbf/dkms-src generate" ||
		{ why="see $out/generate.log"; note "$out/generate.log"; return 1; }
	rm -rf "$root/root/hbf/dkms-src/build" "$root/root/hbf/dkms-src/gen/hbf-gen"
}
check "DKMS source tree: make generate" gen

noclang() {
	in_chroot "$out/apt.log" "apt-get purge -y -q --autoremove clang 'clang-[0-9]*' 'llvm-[0-9]*' libbpf-dev" ||
		{ why="apt-get purge failed"; return 1; }
	in_chroot "$out/noclang.log" \
		'! ls /usr/bin/clang* /usr/lib/llvm-*/bin/clang /usr/include/bpf/libbpf.h 2>/dev/null' ||
		{ why="still there: $(cat "$out/noclang.log")"; return 1; }
}
check "chroot: clang, LLVM, libbpf-dev purged" noclang

dkms_has() {	# dkms_has KVER: dkms status says installed, the file is there
	in_chroot "$out/dkms-status.txt" "dkms status -m $PKG -v $VER -k $1" || return 1
	grep -q "^$PKG/$VER, $1, x86_64: installed" "$out/dkms-status.txt" ||
		{ why="dkms status for $1: $(grep "$1" "$out/dkms-status.txt" | tail -n1)"; return 1; }
	ls "$root/lib/modules/$1/updates/dkms/$PKG.ko"* >/dev/null 2>&1 ||
		{ why="no /lib/modules/$1/updates/dkms/$PKG.ko*"; return 1; }
}
resolves() {	# resolves KVER: depmod's modules.alias sends the XK-24 to us
	local r	# (and to hid_generic, whose alias matches any generic device)
	r=$(in_chroot /dev/stdout "modprobe -S $1 -R $XK_ALIAS" 2>&1)
	grep -qx $M <<<"$r" || { why="modprobe -S $1 -R $XK_ALIAS: '$(echo $r)'"; return 1; }
}
# has_alias KVER: the installed module carries the XK-24's alias (a kernel
# with headers only gets no depmod from DKMS: no modules.dep to update)
has_alias() {
	local r
	r=$(in_chroot /dev/stdout "modinfo -F alias /lib/modules/$1/updates/dkms/$PKG.ko*")
	grep -qxF "$XK_ALIAS" <<<"$r" ||
		{ why="no XK-24 alias in the module installed for $1"; return 1; }
}

dkms_install() {
	in_chroot "$out/dkms.log" "dkms add /root/hbf/dkms-src && dkms build $PKG/$VER -k $kver && dkms install $PKG/$VER -k $kver" ||
		{ why="see $out/dkms.log"; note "$out/dkms.log" 25; return 1; }
	dkms_has "$kver" && resolves "$kver"
}
check "dkms add/build/install for $kver without clang: installed, $XK_ALIAS resolves to $M" dkms_install

# The second kernel: another flavour of the same release (the mirror's sid
# has one kernel version); DKMS's header_postinst.d hook builds for it.
kver2=$(in_chroot /dev/stdout "apt-cache search --names-only '^linux-headers-[0-9].*-amd64\$'" |
	awk '{ print $1 }' | sed 's/^linux-headers-//' | grep -vx "$kver" | grep -v cloud | head -n1)
second() {
	[ -n "$kver2" ] || { why="no other linux-headers-*-amd64 on the mirror"; return 1; }
	: >"$out/apt2.log"
	in_chroot "$out/apt2.log" "apt-get install -y -q --no-install-recommends linux-headers-$kver2" ||
		{ why="see $out/apt2.log"; note "$out/apt2.log"; return 1; }
	grep -i 'dkms\|hid-bpf-fixes' "$out/apt2.log" | sed 's/^/#   /'
	dkms_has "$kver2" && has_alias "$kver2"
}
check "linux-headers-${kver2:-?} installed (headers only): DKMS built and installed the module for it" second

# The guest's files: the XK-24's data, the uhid tool, the example files.
mkdir -p "$work/files/data"
cp -a "$HBF_TOP/selftests/data/XKeys__XK24" "$work/files/data/"
cp -a "$HBF_TOP/selftests/tools" "$work/files/"
cp -a "$HBF_TOP/Documentation/examples" "$work/files/"

# boot NAME: the distro kernel on the chroot copy; the guest's TAP lines
# become ours.
boot() {
	local name=$1 rc=0 line
	"$vm/run-vm.sh" -r "$root" -o "$out/vm-$name" -t 1800 \
		-f "$work/files/data" -f "$work/files/tools" -f "$work/files/examples" \
		distro "$vm/install-guest.sh" >"$out/vm-$name.log" 2>&1 || rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) t_ok "$name VM: ${line#ok * }" ;;
		"not ok "*) t_fail "$name VM: ${line#not ok * }" ;;
		"# "*) echo "$line" ;;
		esac
	done < <(grep -E '^(ok|not ok) [0-9]+ |^# ' "$out/vm-$name/out/10-install-guest.sh.log" 2>/dev/null)
	grep -q '^# Totals: ' "$out/vm-$name/out/10-install-guest.sh.log" 2>/dev/null ||
		{ t_fail "$name VM: finished (exit $rc, see $out/vm-$name.log)"; note "$out/vm-$name.log"; }
	grep 'VM done in' "$out/vm-$name.log" | sed 's/^/# /'
}
boot dkms

# Nothing of ours anywhere in the chroot (the guest-init run-vm.sh installs
# and our work directory aside), nothing in any modules.alias.
leftovers() {
	local l
	l=$(cd "$root" && find . -xdev \( -path ./root/hbf -o -path ./usr/local/lib/hid-bpf-fixes \
		-o -path ./proc -o -path ./sys -o -path ./dev \) -prune -o \
		\( -name "*$PKG*" -o -name "*$M*" \) -print 2>/dev/null)
	l+=$(grep -l "$M\$" "$root"/lib/modules/*/modules.alias 2>/dev/null)
	[ -z "$l" ] || { why="left: $(echo $l)"; return 1; }
}
dkms_remove() {
	in_chroot "$out/dkms.log" "dkms remove $PKG/$VER --all && rm -rf /usr/src/$PKG-$VER" ||
		{ why="see $out/dkms.log"; return 1; }
	leftovers
}
check "dkms remove --all (and rm /usr/src/$PKG-$VER): nothing left, no alias" dkms_remove

deb_install() {
	: >"$out/deb-install.log"
	in_chroot "$out/deb-install.log" "apt-get install -y -q --no-install-recommends $deb" ||
		{ why="see $out/deb-install.log"; note "$out/deb-install.log"; return 1; }
	dkms_has "$kver" && resolves "$kver" || return 1
	[ -z "$kver2" ] || { dkms_has "$kver2" && has_alias "$kver2"; } || return 1
	[ -f "$root/usr/share/doc/$PKG-dkms/examples/modprobe.d/hid-bpf-fixes.conf" ] ||
		{ why="no examples/modprobe.d/hid-bpf-fixes.conf in the doc directory"; return 1; }
}
check "apt-get install ./${PKG}-dkms_${VER}_all.deb (no clang): built and installed for $kver${kver2:+ and $kver2}" deb_install
[ $boot_deb -eq 0 ] || boot deb

deb_remove() {
	in_chroot "$out/deb-remove.log" "apt-get remove -y -q $PKG-dkms" ||
		{ why="see $out/deb-remove.log"; return 1; }
	! ls "$root"/lib/modules/*/updates/dkms/$PKG.ko* >/dev/null 2>&1 ||
		{ why="a module is left after remove"; return 1; }
	# A local .deb is in no repository: apt-get purge cannot find it.
	in_chroot "$out/deb-remove.log" "dpkg --purge $PKG-dkms" ||
		{ why="dpkg --purge failed"; return 1; }
	in_chroot "$out/deb-remove.log" "dpkg-query -W -f '\${db:Status-Abbrev}\n' $PKG-dkms 2>/dev/null | grep -v '^un' | grep ." &&
		{ why="dpkg still knows it: $(tail -n1 "$out/deb-remove.log")"; return 1; }
	[ ! -e "$root/var/lib/dkms/$PKG" ] || { why="/var/lib/dkms/$PKG left"; return 1; }
	leftovers
}
check "apt-get remove, then dpkg --purge: no module, no dkms tree, no source, no alias, dpkg forgot it" deb_remove

# --- make install / make uninstall, the distro kernel, in the chroot
mk_install() {
	in_chroot "$out/make-install.log" "make -C /root/hbf/dkms-src module KDIR=/lib/modules/$kver/build && make -C /root/hbf/dkms-src install KDIR=/lib/modules/$kver/build" ||
		{ why="see $out/make-install.log"; note "$out/make-install.log"; return 1; }
	ls "$root/lib/modules/$kver/updates/$PKG.ko"* >/dev/null 2>&1 ||
		{ why="no /lib/modules/$kver/updates/$PKG.ko*"; return 1; }
	resolves "$kver" || return 1
	local f
	f=$(in_chroot /dev/stdout "modinfo -k $kver -F filename $M")
	case $f in
	"/lib/modules/$kver/updates/$PKG.ko"*) ;;
	*) why="modinfo: '$f'"; return 1 ;;
	esac
}
check "make install (KDIR=/lib/modules/$kver/build): updates/$PKG.ko.xz, depmod'ed" mk_install

mk_uninstall() {
	in_chroot "$out/make-install.log" "make -C /root/hbf/dkms-src uninstall KERNELRELEASE=$kver" ||
		{ why="see $out/make-install.log"; return 1; }
	[ ! -e "$root/lib/modules/$kver/updates" ] ||
		{ why="/lib/modules/$kver/updates is left"; return 1; }
	leftovers
}
check "make uninstall (KERNELRELEASE=$kver): nothing left, no alias" mk_uninstall

# --- make install into a DESTDIR, the 6.12 LTS kernel, on the host
lts() {
	local ko dir kdir rel dest=$work/dest-6.12 f
	ko=$(HBF_BUILD=$work/build "$vm/build-module.sh" lts 2>>"$out/lts.log") ||
		{ why="build-module.sh lts (see $out/lts.log)"; return 1; }
	dir=${ko%/*}
	kdir=$("$vm/kernel-lts.sh" lts 2>>"$out/lts.log")
	rel=$(cat "$kdir/include/config/kernel.release")
	make -C "$dir" install KDIR="$kdir" DESTDIR="$dest" >>"$out/lts.log" 2>&1 ||
		{ why="make install (see $out/lts.log)"; return 1; }
	f=$dest/lib/modules/$rel/updates/$PKG.ko
	[ -f "$f" ] || { why="no $f"; return 1; }
	modprobe -d "$dest" -S "$rel" -R "$XK_ALIAS" 2>&1 | grep -qx $M ||
		{ why="$XK_ALIAS does not resolve in $dest"; return 1; }
	make -C "$dir" uninstall KDIR="$kdir" DESTDIR="$dest" >>"$out/lts.log" 2>&1 ||
		{ why="make uninstall (see $out/lts.log)"; return 1; }
	[ ! -e "$f" ] && [ ! -e "${f%/*}" ] || { why="${f%/*} is left"; return 1; }
	! grep -q "$M\$" "$dest/lib/modules/$rel/modules.alias" ||
		{ why="alias left in $dest"; return 1; }
}
check "6.12 LTS: make install DESTDIR=... then make uninstall" lts

echo "# install.sh: $(($(date +%s) - start)) s"
finish
