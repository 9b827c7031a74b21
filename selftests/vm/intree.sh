#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-tree build, the way Documentation/admin-guide.rst ("In a kernel
# tree") tells users to do it, in the 6.12 kernel tree of the tests: the
# lines of the guide's literal block are read from the guide and run, once
# with HBF_AS=m and once with HBF_AS=y, then the =y kernel boots and
# intree-guest.sh checks the built-in code fixes a uhid XK-24.
#
# Usage: intree.sh [-o OUTDIR]    (default selftests/out/intree)
#
# No full kernel build: in a private mount namespace, overlays go over the
# unpacked source (kernel-lts.sh's) and over the cached lts build directory,
# at their own paths, so every command line kbuild recorded stays the same
# and only what depends on CONFIG_HID_BPF_FIXES is rebuilt; the overlays'
# upper directories are thrown away afterwards. The tree copied in is
# build-module.sh's copy, where `make generate` already ran. What the
# checks need (the .ko, .config, System.map, bzImage, the modules) is
# cached in $HBF_CACHE/intree-6.12/KEY, KEY a hash of the kernel build, the
# module's tree, the guide's steps and this script's build part. One run at
# a time (a lock), and only the newest result is kept.
#
# Prints TAP: the host checks and then the guest's, each with a
# "# Totals:" line. Exit status non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/common.sh"

vm=$HBF_TOP/selftests/vm
guide=$HBF_TOP/Documentation/admin-guide.rst
marker='.. The lines of the next block are what selftests/vm/intree.sh runs'

# steps: the guide's in-tree commands, one a line.
steps() {
	awk -v m="$marker" '
		index($0, m) == 1 { on = 1; next }
		on == 1 && /^::$/ { on = 2; next }
		on == 2 && /^    / { sub(/^    /, ""); print; seen = 1; next }
		on == 2 && seen && /^[^ ]/ { exit }
	' "$guide"
}

# --- inside the mount namespace: intree.sh --build m|y WORK OUT
# Builds one variant with the guide's steps; the results go to OUT.
if [ "${1:-}" = --build ]; then
	as=$2 work=$3 res=$4
	set -e
	for d in "$HBF_KSRC:src" "$HBF_KDIR:obj"; do
		mkdir -p "$work/${d##*:}-up" "$work/${d##*:}-wk"
		mount -t overlay overlay -o "lowerdir=${d%:*},upperdir=$work/${d##*:}-up,workdir=$work/${d##*:}-wk" "${d%:*}"
	done
	mkdir -p "$res"
	cd "$HBF_KSRC"
	start=$(date +%s)
	echo "# the admin guide's in-tree steps, HBF_AS=$as:"
	HBF=$HBF_TREE O=$HBF_KDIR HBF_AS=$as bash -ex -c "$(steps)" || exit 1
	echo "$(($(date +%s) - start))" >"$res/seconds"
	cp "$HBF_KDIR/.config" "$res/config"
	case $as in
	m)
		cp "$HBF_KDIR/drivers/hid/hid-bpf-fixes/hid-bpf-fixes.ko" "$res/"
		# What Kconfig makes of =y where it cannot be: HID=m, no HID-BPF.
		for c in "hid-m:--set-val HID m" "no-hid-bpf:--disable HID_BPF"; do
			cp "$HBF_KDIR/.config" "$work/kconfig"
			scripts/config --file "$work/kconfig" ${c#*:} --set-val HID_BPF_FIXES y
			make -s O="$HBF_KDIR" KCONFIG_CONFIG="$work/kconfig" olddefconfig
			grep -E '^(# )?CONFIG_(HID|HID_BPF|HID_BPF_FIXES)[= ]' "$work/kconfig" \
				>"$res/kconfig-${c%%:*}"
		done
		;;
	y)
		cp "$HBF_KDIR/System.map" "$HBF_KDIR/arch/x86/boot/bzImage" "$res/"
		nm "$HBF_KDIR/vmlinux" | grep -E ' hbf_|hid_bpf_fixes' >"$res/nm-vmlinux" || true
		make -s O="$HBF_KDIR" INSTALL_MOD_PATH="$res" modules_install
		rm -f "$res"/lib/modules/*/build
		;;
	esac
	exit 0
fi

outdir=$HBF_TOP/selftests/out/intree
while getopts "o:" opt; do
	case $opt in
	o) outdir=$OPTARG ;;
	*) die "usage: intree.sh [-o OUTDIR]" ;;
	esac
done
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

n=0 pass=0 fail=0
t_ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
t_fail() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; }
totals() {
	echo "1..$n"
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
	[ "$fail" -eq 0 ]
	exit
}
# abort WHY: nothing more can be checked
abort() { t_fail "in-tree: $1"; totals; }

echo "TAP version 13"
for t in unshare mount nm modinfo depmod flock sha256sum qemu-system-x86_64 python3; do
	command -v $t >/dev/null || abort "no $t on the host"
done
[ -f "$guide" ] || abort "no $guide"
[ -n "$(steps)" ] || abort "no in-tree steps in $guide (marker: $marker)"
kdir=$("$vm/kernel-lts.sh" lts) || abort "no 6.12 lts kernel build"
ksrc=$(hbf_kernel_source) || abort "no 6.12 kernel source"
ko=$("$vm/build-module.sh" lts) || abort "build-module.sh lts failed"
tree=${HBF_BUILD:-$HBF_CACHE/build}/src
[ -f "$tree/hid_bpf_fixes/generated/registry.c" ] || abort "no generated files in $tree"

key=$({
	cat "$kdir/.hbf-built"
	steps
	sed -n '/^# --- inside the mount namespace/,/^fi$/p' "$0"
	cd "$tree" && find Kbuild Kconfig Makefile hid_bpf_fixes -type f \
		! -name '*.o' ! -name '.*.cmd' ! -name '*.ko' -print0 |
		LC_ALL=C sort -z | xargs -0 sha256sum
} | sha256sum | cut -c1-16)
cache=$HBF_CACHE/intree-6.12
res=$cache/$key
mkdir -p "$cache"
exec 8>"$cache/.lock"
flock 8
if [ -f "$res/.done" ]; then
	echo "# in-tree builds cached ($res)"
else
	work=$(mktemp -d "$cache/work.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	built=1
	for as in m y; do
		log "in-tree build, HBF_AS=$as"
		mkdir -p "$work/$as"
		HBF_KSRC=$ksrc HBF_KDIR=$kdir HBF_TREE=$tree \
			unshare -m --propagation private \
			bash "$0" --build "$as" "$work/$as" "$work/out/$as" \
			>"$outdir/build-$as.log" 2>&1 || built=0
		rm -rf "$work/$as"
		[ -d "$work/out/$as" ] && cp "$outdir/build-$as.log" "$work/out/$as/build.log"
		[ $built = 1 ] || break
	done
	if [ $built = 1 ]; then
		touch "$work/out/.done"
		# one result kept: the newest
		find "$cache" -mindepth 1 -maxdepth 1 -regextype egrep \
			-regex '.*/[0-9a-f]{16}' -exec rm -rf {} +
		mv "$work/out" "$res"
	else
		res=$work/out
	fi
fi
for as in m y; do
	[ -f "$res/$as/seconds" ] && echo "# =$as: the guide's steps took $(cat "$res/$as/seconds") s"
done

# --- the builds
kver=$(cat "$kdir/include/config/kernel.release")
# quiet AS: the module's files compiled without a warning
quiet() {
	local w
	w=$(grep -E 'hid-bpf-fixes/.*(warning|error):|^WARNING: .*hid.bpf.fixes' "$res/$1/build.log" 2>/dev/null)
	[ -z "$w" ] || { why="$(head -n 2 <<<"$w")"; return 1; }
}
mod_built() {
	grep -qx 'CONFIG_HID_BPF_FIXES=m' "$res/m/config" 2>/dev/null ||
		{ why="CONFIG_HID_BPF_FIXES is not m after the steps (see $outdir/build-m.log)"; return 1; }
	[ -f "$res/m/hid-bpf-fixes.ko" ] || { why="no hid-bpf-fixes.ko"; return 1; }
	quiet m || return 1
	local vm
	vm=$(modinfo -F vermagic "$res/m/hid-bpf-fixes.ko")
	[ "${vm%% *}" = "$kver" ] || { why="vermagic '$vm', kernel $kver"; return 1; }
}
aliases() {
	local ours theirs
	ours=$(modinfo -F alias "$res/m/hid-bpf-fixes.ko" | sort)
	theirs=$(modinfo -F alias "$ko" | sort)
	[ -n "$ours" ] && [ "$ours" = "$theirs" ] ||
		{ why="$(grep -c . <<<"$ours") aliases, $(grep -c . <<<"$theirs") out of tree"; return 1; }
	echo "# =m: $(grep -c . <<<"$ours") hid: aliases, as out of tree"
}
builtin_built() {
	grep -qx 'CONFIG_HID_BPF_FIXES=y' "$res/y/config" 2>/dev/null ||
		{ why="CONFIG_HID_BPF_FIXES is not y after the steps (see $outdir/build-y.log)"; return 1; }
	quiet y || return 1
	# late_initcall_sync is level 7s
	grep -qE ' __initcall__kmod_hid_bpf_fixes__[0-9_]+hbf_init7s$' "$res/y/System.map" ||
		{ why="no late_initcall_sync of hbf_init in System.map"; return 1; }
	grep -qE ' t hbf_init$' "$res/y/nm-vmlinux" ||
		{ why="no hbf_init in vmlinux"; return 1; }
	grep -qx 'kernel/drivers/hid/hid-bpf-fixes/hid-bpf-fixes.ko' \
		"$res/y"/lib/modules/*/modules.builtin ||
		{ why="not in modules.builtin"; return 1; }
	! find "$res/y/lib/modules" -name 'hid-bpf-fixes.ko*' | grep -q . ||
		{ why="a hid-bpf-fixes.ko was installed too"; return 1; }
	echo "# =y: $(grep -c . "$res/y/nm-vmlinux") symbols of the module in vmlinux, initcall $(grep -oE '__initcall__kmod_hid_bpf_fixes__[0-9_]+hbf_init7s' "$res/y/System.map")"
}
kconfig_m() {
	grep -qx 'CONFIG_HID=m' "$res/m/kconfig-hid-m" 2>/dev/null &&
		grep -qx 'CONFIG_HID_BPF_FIXES=m' "$res/m/kconfig-hid-m" ||
		{ why="$(tr '\n' ' ' <"$res/m/kconfig-hid-m" 2>/dev/null)"; return 1; }
}
kconfig_nobpf() {
	grep -qx '# CONFIG_HID_BPF is not set' "$res/m/kconfig-no-hid-bpf" 2>/dev/null &&
		! grep -q '^CONFIG_HID_BPF_FIXES=' "$res/m/kconfig-no-hid-bpf" ||
		{ why="$(tr '\n' ' ' <"$res/m/kconfig-no-hid-bpf" 2>/dev/null)"; return 1; }
}
check() {
	local name=$1
	shift
	why=
	if "$@"; then t_ok "$name"; else t_fail "$name${why:+: $why}"; fi
}
check "in-tree =m: the guide's steps build hid-bpf-fixes.ko for $kver, no warning" mod_built
check "in-tree =m: its hid: aliases are the out-of-tree module's" aliases
check "in-tree =y: the guide's steps build it into vmlinux, no warning, hbf_init at late_initcall_sync" builtin_built
check "Kconfig: HID_BPF_FIXES=y with HID=m becomes m" kconfig_m
check "Kconfig: HID_BPF_FIXES=y without HID_BPF is dropped" kconfig_nobpf

# --- the built-in kernel, booted
if [ -f "$res/y/bzImage" ]; then
	stage=$outdir/stage
	rm -rf "$stage"
	mkdir -p "$stage/data" "$stage/tools"
	cp -a "$HBF_TOP/selftests/data/XKeys__XK24" "$stage/data/"
	cp "$HBF_TOP/selftests/tools/uhid-device.py" "$HBF_TOP/selftests/tools/guest-lib.sh" "$stage/tools/"
	step=$(date +%s)
	"$vm/run-vm.sh" -o "$outdir/vm" -k "$res/y" -a "hid_bpf_fixes.xkeys_xk24=0" \
		-f "$stage/data" -f "$stage/tools" \
		lts "$HBF_TOP/selftests/intree-guest.sh" >"$outdir/vm.tap"
	rc=$?
	cat "$outdir/vm.tap"
	echo "# the =y kernel's VM took $(($(date +%s) - step)) s"
	if [ $rc -eq 2 ] || ! grep -q '^# Totals: ' "$outdir/vm.tap"; then
		t_fail "in-tree =y: the VM did not finish (see $outdir/vm/console.log)"
	else
		t_ok "in-tree =y: the kernel booted and ran intree-guest.sh"
	fi
else
	t_fail "in-tree =y: no bzImage to boot"
fi
totals
