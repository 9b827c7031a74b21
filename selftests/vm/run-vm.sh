#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a test kernel under TCG with the Debian unstable chroot as its root
# filesystem and run guest scripts in it.
#
# Usage: run-vm.sh [-o OUTDIR] [-m MODULE.ko]... [-f PATH]... [-k DIR] [-a ARGS]
#                  [-r ROOT] [-t SECONDS] [-v] KERNEL SCRIPT...
#   KERNEL   lts | debug   6.12 built by kernel-lts.sh, booted by plain qemu
#            distro        the chroot's Debian kernel, booted by vng
#   SCRIPT   bash scripts run in the guest in order, as root, cwd OUTDIR/files
#   -o       results and share directory (default selftests/out/vm-KERNEL);
#            emptied first
#   -m       out-of-tree module installed in the guest's /lib/modules
#            (then depmod), so modprobe and udev find it
#   -f       file or directory copied into OUTDIR/files for the scripts
#   -k       (lts, debug) boot DIR/bzImage with the modules of DIR/lib/modules/VER
#            instead of KERNEL's own build (intree.sh's built-in kernel)
#   -a       (lts, debug) more kernel command-line arguments
#   -r       root filesystem: a copy of the chroot (install.sh's, with DKMS)
#            instead of the cached one; its newest kernel is 'distro'
#   -t       kill the VM after SECONDS (default 3600, debug 5400)
#   -v       stream the serial console to stderr while the VM runs
#
# The chroot's root filesystem is shared read-only (6.12) or through vng's
# copy-on-write overlays (distro); nothing in it changes, apart from the
# guest-init script installed under /usr/local/lib/hid-bpf-fixes.
# Each 6.12 guest gets its kernel's modules in a tmpfs over /lib/modules, so
# kernels sharing a version string never meet.
#
# Prints the scripts' output (OUTDIR/out/NN-name.log) when the VM is done;
# OUTDIR/console.log has the serial console, OUTDIR/out/dmesg.txt the
# kernel log. Exit status: 0 all scripts passed, 1 a script failed, 2 the VM
# never finished (crash, timeout).
set -euo pipefail
. "$(dirname "$0")/common.sh"

usage() { sed -n '5,25s/^# \{0,1\}//p' "$0" >&2; exit 2; }

outdir= timeout= verbose=0 kimage= kargs= root=
mods=() files=()
while getopts "o:m:f:k:a:r:t:vh" opt; do
	case $opt in
	o) outdir=$OPTARG ;;
	m) mods+=("$OPTARG") ;;
	f) files+=("$OPTARG") ;;
	k) kimage=$OPTARG ;;
	a) kargs=$OPTARG ;;
	r) root=$OPTARG ;;
	t) timeout=$OPTARG ;;
	v) verbose=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || usage
kernel=$1
shift
case $kernel in
lts | distro) timeout=${timeout:-3600} ;;
debug) timeout=${timeout:-5400} ;;
*) die "unknown kernel '$kernel' (lts, debug, distro)" ;;
esac
[ -z "$kimage$kargs" ] || [ "$kernel" != distro ] || die "-k and -a are for the 6.12 kernels"
for f in "$@" "${mods[@]}" "${files[@]}"; do
	[ -e "$f" ] || die "$f: no such file"
done

if [ -n "$root" ]; then
	[ -x "$root/usr/bin/vng" ] || die "-r $root: not a chroot with virtme-ng"
	root=$(cd "$root" && pwd)
else
	root=$("$HBF_TOP/selftests/vm/distro-chroot.sh")
fi
case $kernel in
lts | debug)
	if [ -n "$kimage" ]; then
		kmod=$kimage
		kver=$(ls "$kmod/lib/modules")
		kimage=$kimage/bzImage
		[ -f "$kimage" ] && [ -d "$kmod/lib/modules/$kver" ] ||
			die "-k: no bzImage or lib/modules/VER in ${kimage%/*}"
	else
		kdir=$("$HBF_TOP/selftests/vm/kernel-lts.sh" "$kernel")
		kmod=$(hbf_kernel_modules "$kdir")
		kver=$(cat "$kdir/include/config/kernel.release")
		kimage=$kdir/arch/x86/boot/bzImage
	fi
	;;
distro)
	kver=$(hbf_distro_kver "$root")
	;;
esac

outdir=${outdir:-$HBF_TOP/selftests/out/vm-$kernel}
rm -rf "$outdir"
mkdir -p "$outdir"/{scripts,files,modules,out}
outdir=$(cd "$outdir" && pwd)
echo "$kernel" >"$outdir/kernel"
n=10
for s in "$@"; do
	cp "$s" "$outdir/scripts/$n-$(basename "$s")"
	n=$((n + 1))
done
# The guest's /lib/modules/$kver, or what changes in it, made here at native
# speed: depmod over the distro kernel's 6000 modules takes minutes in TCG.
# The guest copies kmod/lib/modules over its tmpfs (6.12) or overlay (vng).
mkdir -p "$outdir/kmod/lib/modules"
case $kernel in
lts | debug)
	cp -a "$kmod/lib/modules/$kver" "$outdir/kmod/lib/modules/"
	if [ ${#mods[@]} -gt 0 ]; then
		mkdir -p "$outdir/kmod/lib/modules/$kver/updates"
		cp "${mods[@]}" "$outdir/kmod/lib/modules/$kver/updates/"
	fi
	depmod -b "$outdir/kmod" "$kver" || die "depmod failed"
	;;
distro)
	if [ ${#mods[@]} -gt 0 ]; then
		ovl=$(mktemp -d "$HBF_CACHE/modovl.XXXXXX")
		mkdir -p "$ovl/upper/updates" "$ovl/work" "$ovl/mods"
		cp "${mods[@]}" "$ovl/mods/"
		unshare -m --propagation private bash -c '
			set -e
			root=$1 kver=$2 ovl=$3
			mount -t overlay overlay -o "lowerdir=$root/lib/modules/$kver,upperdir=$ovl/upper,workdir=$ovl/work" "$root/lib/modules/$kver"
			cp "$ovl"/mods/*.ko "$root/lib/modules/$kver/updates/"
			chroot "$root" depmod -a "$kver"
			' bash "$root" "$kver" "$ovl" || die "depmod in the chroot failed"
		cp -a "$ovl/upper" "$outdir/kmod/lib/modules/$kver"
		rm -rf "$ovl"
	fi
	;;
esac
for m in "${mods[@]}"; do
	cp "$m" "$outdir/modules/"
done
for f in "${files[@]}"; do
	cp -a "$f" "$outdir/files/"
done

# The guest's init lives in the chroot: a 6.12 kernel starts it before
# anything else is mounted.
guest_init=/usr/local/lib/hid-bpf-fixes/guest-init
if ! cmp -s "$HBF_TOP/selftests/vm/guest-init.sh" "$root$guest_init"; then
	mkdir -p "$root${guest_init%/*}"
	cp "$HBF_TOP/selftests/vm/guest-init.sh" "$root$guest_init.tmp.$$"
	chmod 755 "$root$guest_init.tmp.$$"
	mv "$root$guest_init.tmp.$$" "$root$guest_init"
fi
mkdir -p "$root/mnt/hbf"

console=$outdir/console.log
if [ $verbose -eq 1 ]; then
	sink() { tee "$console" >&2; }
else
	sink() { cat >"$console"; }
fi

log "booting $kernel (timeout ${timeout}s), results in $outdir"
start=$(date +%s)
vmrc=0
case $kernel in
lts | debug)
	# These kernels have no ACPI, so no HPET or PM timer to calibrate the
	# TSC against: the guest's clock would be jiffies, in 4 ms steps, and
	# every time measured in it would be that coarse. Under TCG the
	# guest's TSC is the host's: give its rate where the host knows it.
	if grep -qw tsc_known_freq /proc/cpuinfo && grep -qw constant_tsc /proc/cpuinfo; then
		khz=$(dmesg 2>/dev/null | sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9.]*\) MHz.*/\1/p' | tail -n1)
		[ -n "$khz" ] || khz=$(dmesg 2>/dev/null | sed -n 's/.*tsc: Detected \([0-9.]*\) MHz.*/\1/p' | tail -n1)
		[ -n "$khz" ] || khz=$(awk -F: '/^cpu MHz/ { print $2 + 0; exit }' /proc/cpuinfo)
		khz=$(awk -v m="$khz" 'BEGIN { printf "%d", m * 1000 }')
		# With a real-time TSC, a loaded host can starve the boot's
		# IO-APIC timer check, which then panics: skip it, as VMs do.
		[ "$khz" -gt 0 ] && kargs="tsc_early_khz=$khz tsc=reliable no_timer_check${kargs:+ $kargs}"
	fi
	fs="security_model=none,multidevs=remap"
	timeout --foreground -k 10 "$timeout" qemu-system-x86_64 \
		-accel tcg -cpu max -smp 2 -m 1G -nographic -no-reboot \
		-kernel "$kimage" \
		-append "console=ttyS0 quiet root=hbfroot rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose ro init=$guest_init panic=-1${kargs:+ $kargs}" \
		-fsdev "local,id=hbfroot,path=$root,readonly=on,$fs" \
		-device virtio-9p-pci,fsdev=hbfroot,mount_tag=hbfroot \
		-fsdev "local,id=hbfshare,path=$outdir,$fs" \
		-device virtio-9p-pci,fsdev=hbfshare,mount_tag=hbfshare \
		</dev/null 2>&1 | sink || vmrc=$?
	;;
distro)
	# A private mount namespace: the binds vanish with it, and runs in
	# parallel each see their own /mnt/hbf.
	# vng hands qemu /proc/self/fd/1 as a file chardev, which truncates a
	# regular file: keep its stdout a pipe.
	timeout --foreground -k 10 "$timeout" unshare -m --propagation private \
		bash -c '
		root=$1 outdir=$2 kver=$3 init=$4
		for m in proc sys dev dev/pts; do
			mount --bind "/$m" "$root/$m"
		done
		mount --bind "$outdir" "$root/mnt/hbf"
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root TERM=dumb \
			vng -r "/boot/vmlinuz-$kver" --disable-kvm --cpus 2 --memory 1G \
			--rwdir=/mnt/hbf --overlay-rwdir=/lib/modules \
			--cwd / --exec "$init"
		' bash "$root" "$outdir" "$kver" "$guest_init" </dev/null 2>&1 | sink || vmrc=$?
	;;
esac
elapsed=$(($(date +%s) - start))

for l in "$outdir"/out/[0-9]*.log; do
	[ -f "$l" ] && cat "$l"
done
if ! grep -qx done "$outdir/out/status" 2>/dev/null; then
	log "$kernel: the VM did not finish (exit $vmrc after ${elapsed}s); console tail:"
	tail -n 40 "$console" >&2
	exit 2
fi
log "$kernel: VM done in ${elapsed}s"
if awk '$1 != "done" && $2 != 0 { bad = 1 } END { exit !bad }' "$outdir/out/status"; then
	exit 1
fi
exit 0
