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
# A data set with a "reference" file says udev-hid-bpf ships its fix: not
# finding the object is then a failure; without the file, a skip. A failing
# "udev-hid-bpf add", or one that pins nothing under /sys/fs/bpf/hid, fails
# too (else an event-only fix would compare the original with itself),
# unless the data set documents that udev-hid-bpf's probe declines the
# device ("differs" with rdesc-reference.hex the original descriptor).
# Runs in a directory holding data/; tools from $HBF_TOOLS (default
# ./tools). Prints TAP, kselftest style, with a "# Totals:" line. Off the
# distro kernel it reports one skip; where udev-hid-bpf is missing, one
# failure.
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
	echo "not ok 1 reference: udev-hid-bpf is not installed in the distro root"
	echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
	exit 1
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
# udevd goes too: the programs after this one start their own.
trap 'echo "$isd_was" >$isd; rm -f /run/modprobe.d/hbf-reference.conf
	udevadm settle --timeout=30; udevadm control --exit --timeout=30' EXIT

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

# declined DIR: the data set documents that udev-hid-bpf leaves the device
# as it is (its probe declines it): "differs", and rdesc-reference.hex is
# the original descriptor. Only then may its add attach nothing.
declined() {
	[ -f "$1/reference" ] && [ -f "$1/rdesc-reference.hex" ] &&
		[ "$(awk '{print $1; exit}' "$1/reference")" = differs ] &&
		[ "$(hexfile "$1/rdesc-reference.hex")" = "$(hexfile "$1/rdesc.hex")" ]
}

# one line of hex bytes: hex < binary, hexfile FILE.hex
oneline() { tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }
hex() { od -An -tx1 -v | oneline; }
hexfile() { oneline <"$1"; }
# pins FILE: what udev-hid-bpf has pinned, one path a line, into FILE;
# new_pins: the lines of /tmp/uhb-pins.now not in /tmp/uhb-pins.before
# (files, not <(...): a 6.12 guest has no /dev/fd)
pins() { find /sys/fs/bpf/hid -mindepth 1 2>/dev/null | sort >"$1"; }
new_pins() { pins /tmp/uhb-pins.now; comm -13 /tmp/uhb-pins.before /tmp/uhb-pins.now; }

n=0 pass=0 fail=0 skip=0
for d in data/*/; do
	d=${d%/}
	set_name=${d#data/}
	fix=${set_name%@*}
	obj=$(their_object "$fix")
	n=$((n + 1))
	if [ -z "$obj" ] && [ -f "$d/reference" ]; then
		echo "not ok $n reference $set_name: reference says \"$(awk '{print $1; exit}' "$d/reference")\", but udev-hid-bpf has no object for $fix"
		echo "# searched: /usr/lib/*/bpf/00[1-9][0-9]-*.bpf.o, ${#theirs[@]} objects"
		fail=$((fail + 1))
		continue
	fi
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
	dev=
	read -r -t 20 dev <&"${DEV[0]}"
	sys=/sys/bus/hid/devices/$dev
	udevadm settle
	pins /tmp/uhb-pins.before
	uhb_rc=-1 added=
	if [ -n "$dev" ] && [ -e "$sys" ]; then
		udev-hid-bpf add "$sys" "$obj" >/tmp/uhb.log 2>&1
		uhb_rc=$?
		# what this add pinned (udev-hid-bpf pins each attachment)
		added=$(new_pins)
	fi
	want=$(hexfile "$d/rdesc-fixed.hex")
	got=
	for _ in $(seq 100); do
		[ "$uhb_rc" = 0 ] || break
		got=$(hex <"$sys/report_descriptor")
		[ "$got" = "$want" ] && break
		sleep 0.05
	done
	[ "$uhb_rc" = -1 ] || udev-hid-bpf remove "$sys" >/tmp/uhb-remove.log 2>&1
	left=$(new_pins)
	eval "exec ${DEV[1]}>&-"
	wait "$DEV_PID" 2>/dev/null
	if [ "$uhb_rc" = -1 ]; then
		echo "not ok $n reference $set_name: the uhid device ${dev:-(none)} never showed up"
		fail=$((fail + 1))
	elif [ "$uhb_rc" != 0 ]; then
		echo "not ok $n reference $set_name: udev-hid-bpf add $(basename "$obj") exited with $uhb_rc"
		sed 's/^/# /' /tmp/uhb.log | tail -n 10
		fail=$((fail + 1))
	elif [ -z "$added" ] && ! declined "$d"; then
		echo "not ok $n reference $set_name: udev-hid-bpf add $(basename "$obj") pinned nothing under /sys/fs/bpf/hid"
		sed 's/^/# /' /tmp/uhb.log | tail -n 10
		udev-hid-bpf list-loaded 2>&1 | sed 's/^/# list-loaded: /' | tail -n 10
		fail=$((fail + 1))
	elif [ -n "$left" ]; then
		echo "not ok $n reference $set_name: udev-hid-bpf remove left its pins"
		echo "$left" | sed 's/^/# left: /'
		sed 's/^/# /' /tmp/uhb-remove.log | tail -n 5
		fail=$((fail + 1))
	elif [ -f "$d/reference" ] && [ "$(awk '{print $1; exit}' "$d/reference")" = differs ]; then
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
			[ -n "$added" ] || echo "# udev-hid-bpf attached nothing, as documented: $(grep -m1 -v '^$' /tmp/uhb.log)"
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
