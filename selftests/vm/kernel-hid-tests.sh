#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own HID selftests (tools/testing/selftests/hid/tests, on
# hid-tools), from Debian unstable's linux-source package, unmodified, in the
# distro VM, with hid-bpf-fixes as the only HID-BPF loader.
#
# Usage: kernel-hid-tests.sh [-o OUTDIR] [-m MODULE.ko] [-t SECONDS] [-a] [NODE...]
#   NODE   pytest node ids relative to the selftest directory
#          (tests/test_tablet.py::TestXPPen_Artist24_28bd_093a); default:
#          every class of the kernel's tests that names a HID-BPF object we
#          carry, found in the sources, plus $HBF_KHID_SAMPLE (default
#          tests/test_mouse.py::TestSimpleMouse, a cheap sample of the rest)
#   -a     every test of those classes (default: the CI cut, see below)
#   -o     results (default selftests/out/kernel-hid)
#   -m     the module to test (default: build it with build-module.sh)
#   -t     VM timeout (default 2400)
#
# What it sets up, once, cached under $HBF_CACHE/khid-KEY (KEY hashes the
# chroot's package lists, the package names and hid-tools' tarball):
#   - linux-source-X.Y matching the distro kernel (apt-get download in a
#     throw-away overlay of the chroot, which itself is never written); only
#     tools/testing/selftests/hid and drivers/hid/bpf/progs are unpacked
#     (base.py finds the kernel tree by the latter)
#   - pytest, pytest-tap and hid-tools' dependencies from Debian, unpacked
#     (dpkg-deb -x) into a prefix the guest puts on PYTHONPATH
#   - hid-tools 0.12 from ../shared/hid-tools, unpacked
# The guest script is selftests/kernel-hid-guest.sh. Prints TAP ending with
# "# Totals:"; exit 0 when everything passed.
set -uo pipefail
. "$(dirname "$0")/common.sh"

usage() { sed -n '8,18s/^# \{0,1\}//p' "$0" >&2; exit 2; }

outdir=$HBF_TOP/selftests/out/kernel-hid
ko="" timeout=2400 all=0
while getopts "o:m:t:ah" opt; do
	case $opt in
	o) outdir=$OPTARG ;;
	m) ko=$OPTARG ;;
	t) timeout=$OPTARG ;;
	a) all=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))

t0=$(date +%s)
# hid-tools 0.12 is in ../shared/hid-tools beside the project's checkout
# (/work/shared for a clone elsewhere); HBF_HID_TOOLS names another copy.
hid_tools_tgz=${HBF_HID_TOOLS:-}
if [ -z "$hid_tools_tgz" ]; then
	for d in "$HBF_TOP/../shared/hid-tools" /work/shared/hid-tools; do
		[ -f "$d/hid-tools-0.12.tar.gz" ] && { hid_tools_tgz=$d/hid-tools-0.12.tar.gz; break; }
	done
fi
[ -f "$hid_tools_tgz" ] ||
	die "hid-tools 0.12 not found in $HBF_TOP/../shared/hid-tools or /work/shared/hid-tools (set HBF_HID_TOOLS)"
root=$("$HBF_TOP/selftests/vm/distro-chroot.sh") || die "no Debian unstable chroot"
kver=$(hbf_distro_kver "$root")
# 7.2.13+deb14-amd64 -> linux-source-7.2, upstream 7.2.13
kbranch=$(echo "$kver" | cut -d. -f1-2)
kupstream=${kver%%+*}
kupstream=${kupstream%%-*}
srcpkg=linux-source-$kbranch
pypkgs="python3-pytest python3-pytest-tap python3-libevdev python3-pyudev
	python3-parse python3-click python3-yaml python3-typing-extensions
	python3-pyroute2 python3-packaging python3-attr"

key=$( {
	echo "khid v1 $srcpkg $(echo $pypkgs)"
	sha256sum "$root"/var/lib/apt/lists/*InRelease "$hid_tools_tgz" | cut -d' ' -f1
} | sha256sum | cut -c1-16)
cache=$HBF_CACHE/khid-$key

if [ ! -f "$cache/.ready" ]; then
	log "setting up $cache (linux-source, Python packages, hid-tools)"
	rm -rf "$cache" "$cache.tmp"
	mkdir -p "$cache.tmp"/{dl/partial,ovl/upper,ovl/work,ovl/merged,prefix,linux}
	# apt in an overlay of the chroot: resolves against what the chroot
	# has, downloads into dl/, and leaves the chroot as it was.
	# shellcheck disable=SC2086
	unshare -m --propagation private bash -c '
		set -e
		root=$1 c=$2 srcpkg=$3
		shift 3
		m=$c/ovl/merged
		mount -t overlay overlay -o "lowerdir=$root,upperdir=$c/ovl/upper,workdir=$c/ovl/work" "$m"
		for d in proc sys dev; do mount --bind "/$d" "$m/$d"; done
		mkdir -p "$m/mnt/khid"
		mount --bind "$c/dl" "$m/mnt/khid"
		chroot "$m" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends --download-only \
			-o Dir::Cache::archives=/mnt/khid "$@"
		chroot "$m" sh -c "cd /mnt/khid && apt-get download $srcpkg"
		' bash "$root" "$cache.tmp" "$srcpkg" $pypkgs >"$cache.tmp/apt.log" 2>&1 ||
		{ tail "$cache.tmp/apt.log" >&2; die "downloading $srcpkg and the Python packages failed"; }
	rm -rf "$cache.tmp/ovl"
	srcdeb=$(ls "$cache.tmp/dl/${srcpkg}"_*.deb)
	for d in "$cache.tmp"/dl/*.deb; do
		[ "$d" = "$srcdeb" ] && continue
		dpkg-deb -x "$d" "$cache.tmp/prefix" || die "dpkg-deb -x $d failed"
	done
	dpkg-deb -f "$srcdeb" Version >"$cache.tmp/linux-source.version"
	dpkg-deb --fsys-tarfile "$srcdeb" |
		tar -xO "./usr/src/$srcpkg.tar.xz" |
		tar -xJ -C "$cache.tmp/linux" --strip-components=1 \
			"$srcpkg/tools/testing/selftests/hid" "$srcpkg/drivers/hid/bpf/progs" ||
		die "unpacking $srcpkg failed"
	tar -xzf "$hid_tools_tgz" -C "$cache.tmp" || die "unpacking hid-tools failed"
	mv "$cache.tmp"/hid-tools-* "$cache.tmp/hid-tools"
	rm -rf "$cache.tmp/dl"
	touch "$cache.tmp/.ready"
	mv "$cache.tmp" "$cache"
fi
srcver=$(cat "$cache/linux-source.version")
log "kernel $kver, $srcpkg $srcver, setup done ($(($(date +%s) - t0))s)"
[ "${srcver%%-*}" = "$kupstream" ] ||
	log "note: $srcpkg is $srcver, the kernel is $kupstream"

# The classes that name a HID-BPF object, and the fix each one names:
#   class = HidBpf("Vendor__Device.bpf.o", ...) in tests/*.py
stage=$outdir.stage
rm -rf "$stage"
mkdir -p "$stage"
selftest=$cache/linux/tools/testing/selftests/hid
awk '
	FNR == 1 { cls = "" }
	/^class [A-Za-z0-9_]+[(:]/ { c = $2; sub(/[(:].*/, "", c); cls = c }
	/hid_bpfs *= *\[/ {
		line = $0
		while (match(line, /HidBpf\("[^"]+"/)) {
			o = substr(line, RSTART + 8, RLENGTH - 9)
			f = FILENAME; sub(/.*\//, "", f)
			print "tests/" f "::" cls, o
			line = substr(line, RSTART + RLENGTH)
		}
	}' "$selftest"/tests/*.py >"$stage/bpf-classes"
[ -s "$stage/bpf-classes" ] || die "no test class names a HID-BPF object in $selftest/tests"
# normalise a fix name: Huion__Kamvas-Pro-19.bpf.o and Huion__Kamvas_Pro_19
norm() { sed -e 's/\.bpf\.[co]$//' -e 's/[^A-Za-z0-9]/_/g' | tr 'A-Z' 'a-z'; }
ours=$(for f in "$HBF_TOP"/progs/*.bpf.c; do basename "$f" .bpf.c; done)
: >"$stage/carried"
: >"$stage/not-carried"
while read -r node obj; do
	n=$(echo "$obj" | norm)
	fix=$(for f in $ours; do [ "$(echo "$f" | norm)" = "$n" ] && echo "$f"; done)
	if [ -n "$fix" ]; then
		echo "$node $obj $fix" >>"$stage/carried"
	else
		echo "$node $obj" >>"$stage/not-carried"
	fi
done <"$stage/bpf-classes"

nodes=("$@")
if [ ${#nodes[@]} -eq 0 ]; then
	while read -r node _; do
		nodes+=("$node")
	done <"$stage/carried"
	for s in ${HBF_KHID_SAMPLE-tests/test_mouse.py::TestSimpleMouse}; do
		nodes+=("$s")
	done
fi
printf '%s\n' "${nodes[@]}" >"$stage/nodes"
# The CI cut: pytest -k on top of the node ids (none with -a); the sample
# classes pass it whole.
if [ $all -eq 1 ]; then
	: >"$stage/select"
else
	# Every test of the gamepad class (15); of each tablet class,
	# test_creation and the "scribble" run of each valid pen state
	# sequence that ends out of range (8): 39 tests.
	echo "${HBF_KHID_SELECT-Raptor or test_creation or (valid and pen_states and out-of-range and scribble) or not (Raptor or Artist or Kamvas)}" >"$stage/select"
fi

if [ -z "$ko" ]; then
	ko=$("$HBF_TOP/selftests/vm/build-module.sh" distro) || die "module build failed"
fi
mkdir -p "$stage/khid"
cp "$ko" "$stage/hid-bpf-fixes.ko"
cp "$stage"/{bpf-classes,carried,not-carried,nodes,select} "$stage/khid/"
cp "$HBF_TOP/selftests/kernel-hid-standin.sh" "$stage/khid/udev-hid-bpf"
chmod 755 "$stage/khid/udev-hid-bpf"
log "running ${#nodes[@]} node(s) in the distro VM"
"$HBF_TOP/selftests/vm/run-vm.sh" -o "$outdir" -m "$stage/hid-bpf-fixes.ko" -t "$timeout" \
	-f "$stage/khid" -f "$cache/linux" -f "$cache/prefix" -f "$cache/hid-tools" \
	distro "$HBF_TOP/selftests/kernel-hid-guest.sh"
rc=$?
log "kernel HID selftests: $(($(date +%s) - t0))s in all"
exit $rc
