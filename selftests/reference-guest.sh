#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script (distro kernel, where udev-hid-bpf is installed): for every
# device data set whose fix udev-hid-bpf also ships, attach udev-hid-bpf's
# build of that fix to a uhid device with the original descriptor and check
# that the descriptor the kernel ends up with is byte for byte our
# rdesc-fixed.hex. A data set may list deliberate differences in a file
# named "reference" (first word "differs", then the reason): the test then
# checks that the descriptors do differ, and that udev-hid-bpf's is
# rdesc-reference.hex when that file is there, and prints the reason.
# Runs in a directory holding data/; tools from $HBF_TOOLS (default
# ./tools). Prints TAP, kselftest style, with a "# Totals:" line. Where
# udev-hid-bpf is not installed, it reports one skip.
set -u
tools=${HBF_TOOLS:-$PWD/tools}
echo "TAP version 13"
if [ "${HBF_KERNEL:-distro}" != distro ]; then
	echo "1..1"
	echo "ok 1 reference # SKIP compared on the distro kernel only"
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:1 error:0"
	exit 0
fi
if ! command -v udev-hid-bpf >/dev/null; then
	echo "1..1"
	echo "ok 1 reference # SKIP udev-hid-bpf is not installed here"
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:1 error:0"
	exit 0
fi
modprobe uhid
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
rmmod hid_bpf_fixes 2>/dev/null
# udev must not autoload our module: it would fix the devices first.
mkdir -p /run/modprobe.d
echo "blacklist hid_bpf_fixes" >/run/modprobe.d/hbf-reference.conf
# udev loads the HID drivers; its udev-hid-bpf rule is masked, the test
# attaches udev-hid-bpf's objects itself.
rules=$(ls /usr/lib/udev/rules.d/*-hid-bpf.rules)
mount --bind /dev/null "$rules"
pgrep -x systemd-udevd >/dev/null ||
	"$(command -v systemd-udevd || echo /usr/lib/systemd/systemd-udevd)" --daemon
udevadm control --reload
modprobe hid-generic
# uhid devices are not USB: special drivers (hid-lg for the SpaceNavigator,
# say) refuse them and hid-generic steps aside, leaving no descriptor to
# compare. hid-generic for everything here; restored at the end.
isd=/sys/module/hid/parameters/ignore_special_drivers
isd_was=$(cat $isd)
echo 1 >$isd
trap 'echo "$isd_was" >$isd; rm -f /run/modprobe.d/hbf-reference.conf' EXIT

norm() { echo "$1" | tr -d '_-' | tr 'A-Z' 'a-z'; }
# udev-hid-bpf installs a fix once per kernel API generation, the number
# in front of the name: 0009 for the pre-6.11 API, then 0010 and up for
# struct_ops, higher numbers for fixes that need newer kernels. Compare with
# the newest struct_ops one, what this (newest) kernel gets.
declare -A theirs
for o in /usr/lib/*/bpf/00[1-9][0-9]-*.bpf.o; do
	[ -e "$o" ] || continue
	n=$(basename "$o" .bpf.o)
	theirs[$(norm "${n#*-}")]=$o
done

# their_object FIX: udev-hid-bpf's object for our fix FIX: same name but
# for '_'/'-' and case, else the one name that starts with ours (theirs
# may spell out more, e.g. "Sirius-16-Gen1-and-Gen2").
their_object() {
	local k want found=
	want=$(norm "$1")
	if [ -n "${theirs[$want]:-}" ]; then
		echo "${theirs[$want]}"
		return
	fi
	for k in "${!theirs[@]}"; do
		case $k in
		"$want"*) [ -z "$found" ] || return; found=${theirs[$k]} ;;
		esac
	done
	echo "$found"
}

# one line of hex bytes: hex < binary, hexfile FILE.hex
oneline() { tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }
hex() { od -An -tx1 -v | oneline; }
hexfile() { oneline <"$1"; }

n=0 pass=0 fail=0 skip=0
for d in data/*/; do
	d=${d%/}
	set_name=${d#data/}
	fix=${set_name%@*}
	obj=$(their_object "$fix")
	n=$((n + 1))
	if [ -z "$obj" ]; then
		echo "ok $n reference $set_name # SKIP udev-hid-bpf does not ship $fix"
		skip=$((skip + 1))
		continue
	fi
	ids=$(head -n1 "$d/ids" | tr ' ' ':')
	# the device's own name, for fixes whose probe checks it
	name=reference
	[ -f "$d/name" ] && name=$(head -n1 "$d/name")
	coproc DEV { python3 "$tools/uhid-device.py" "$ids" "$d/rdesc.hex" "$name"; }
	read -r -t 20 dev <&"${DEV[0]}"
	sys=/sys/bus/hid/devices/$dev
	udevadm settle
	udev-hid-bpf add "$sys" "$obj" >/tmp/uhb.log 2>&1
	want=$(hexfile "$d/rdesc-fixed.hex")
	got=
	for _ in $(seq 100); do
		got=$(hex <"$sys/report_descriptor")
		[ "$got" = "$want" ] && break
		sleep 0.05
	done
	udev-hid-bpf remove "$sys" >/dev/null 2>&1
	eval "exec ${DEV[1]}>&-"
	wait "$DEV_PID" 2>/dev/null
	if [ -f "$d/reference" ] && [ "$(awk '{print $1; exit}' "$d/reference")" = differs ]; then
		# rdesc-reference.hex, when there, is udev-hid-bpf's result:
		# the difference must be exactly the one documented.
		pinned=
		[ -f "$d/rdesc-reference.hex" ] && pinned=$(hexfile "$d/rdesc-reference.hex")
		if [ "$got" = "$want" ]; then
			echo "not ok $n reference $set_name: documented as different but identical"
			fail=$((fail + 1))
		elif [ -n "$pinned" ] && [ "$got" != "$pinned" ]; then
			echo "not ok $n reference $set_name: udev-hid-bpf $(basename "$obj") gives another descriptor than rdesc-reference.hex"
			echo "# theirs: $got"
			echo "# wanted: $pinned"
			fail=$((fail + 1))
		else
			echo "ok $n reference $set_name differs from $(basename "$obj"), on purpose: $(cut -d' ' -f2- "$d/reference" | head -n1)"
			[ -n "$pinned" ] || echo "# theirs: $got"
			pass=$((pass + 1))
		fi
	elif [ "$got" = "$want" ]; then
		echo "ok $n reference $set_name matches $(basename "$obj")"
		pass=$((pass + 1))
	else
		echo "not ok $n reference $set_name: udev-hid-bpf $(basename "$obj") gives another descriptor"
		echo "# theirs: $got"
		echo "# ours:   $want"
		sed 's/^/# /' /tmp/uhb.log | tail -n 5
		fail=$((fail + 1))
	fi
done
echo "1..$n"
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$fail" -eq 0 ]
