#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script (distro kernel, where udev-hid-bpf is installed): the module
# and udev-hid-bpf, with its udev rule active, on every device whose fix
# both carry (data sets with a "reference" file). A device must never carry
# two fixes: every report would be transformed twice. Two orders per data
# set:
#   udev   the module is not loaded; udev runs udev-hid-bpf's rule and then
#          loads the module from the modalias: udev-hid-bpf came first
#   module the module is loaded (resident=1) and attaches from its bus
#          notifier, before udev-hid-bpf's rule runs
# Pass: after udev settled, the device has the module's fix (debugfs) or
# udev-hid-bpf's (a struct_ops map not named hbf_*), not both. Which one
# won is printed. Prints TAP with a "# Totals:" line.
set -u
tools=${HBF_TOOLS:-$PWD/tools}
data=${HBF_DATA:-$PWD/data}
M=hid_bpf_fixes
DBG=/sys/kernel/debug/$M
scale=${HBF_TIMEOUT_SCALE:-1}
echo "TAP version 13"
if [ "${HBF_KERNEL:-distro}" != distro ]; then
	echo "1..1"
	echo "ok 1 coexist # SKIP udev-hid-bpf runs on the distro kernel only"
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:1 error:0"
	exit 0
fi
for t in udev-hid-bpf bpftool udevadm python3; do
	command -v $t >/dev/null && continue
	echo "1..1"
	echo "not ok 1 coexist: $t is missing"
	echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
	exit 1
done
modprobe uhid
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
rmmod $M 2>/dev/null
# The rule active, as a distribution installs it: undo the masks other
# tests leave (a /run/udev/rules.d link, a bind mount).
rules=$(ls /usr/lib/udev/rules.d/*-hid-bpf.rules)
while mountpoint -q "$rules"; do umount "$rules"; done
rm -f /run/udev/rules.d/81-hid-bpf.rules /run/modprobe.d/hbf-reference.conf
udevadm control --exit 2>/dev/null
"$(command -v systemd-udevd || echo /usr/lib/systemd/systemd-udevd)" --daemon --resolve-names=never
udevadm control --reload
udevadm control --ping --timeout=30
isd=/sys/module/hid/parameters/ignore_special_drivers
[ -w $isd ] && echo 1 >$isd

loaded() { [ -e /sys/module/$M ]; }
ours() { grep -q "^$1 " "$DBG/attached" 2>/dev/null; }
# struct_ops maps not made by the module: udev-hid-bpf's
theirs() {
	local out
	out=$(bpftool map show) || return 2
	grep -A0 'struct_ops' <<<"$out" | grep -v ' name hbf_' | grep -c 'struct_ops'
}

# HBF_COEXIST=all: every such data set (selftests/stress.sh). Otherwise
# (CI) the ones that can stack, whose fix leaves the descriptor as it is
# (HID-BPF refuses a second descriptor fixup by itself), and one that
# fixes the descriptor.
sets=()
one_rdesc=
for d in "$data"/*/; do
	d=${d%/}
	[ -f "$d/reference" ] || continue
	if [ "${HBF_COEXIST:-}" = all ] ||
		cmp -s <(tr -s ' \n' '  ' <"$d/rdesc.hex") <(tr -s ' \n' '  ' <"$d/rdesc-fixed.hex"); then
		sets+=("$d")
	elif [ -z "$one_rdesc" ]; then
		one_rdesc=$d
		sets+=("$d")
	fi
done
echo "1..$((2 * ${#sets[@]}))"
n=0 pass=0 fail=0
for d in "${sets[@]}"; do
	ids=$(head -n1 "$d/ids" | tr ' ' ':')
	for order in udev module; do
		n=$((n + 1))
		rmmod $M 2>/dev/null
		for ((i = 0; i < 50 && $(theirs) > 0; i++)); do sleep 0.1; done
		[ $order = module ] && modprobe $M resident=1
		f=/tmp/hbf-coexist
		rm -f $f.in $f.out
		mkfifo $f.in
		python3 "$tools/uhid-device.py" "$ids" "$d/rdesc.hex" "hbf coexist" <$f.in >$f.out &
		pid=$!
		exec 7>$f.in
		for ((i = 0; i < 100 * scale; i++)); do
			[ -s $f.out ] && break
			sleep 0.1
		done
		dev=$(head -n1 $f.out)
		udevadm settle --timeout=60
		# the module, autoloaded or not, and udev-hid-bpf have both acted
		sleep $((2 * scale))
		udevadm settle --timeout=60
		o=no t=$(theirs)
		ours "$dev" && o=yes
		name="coexist.${d##*/}.$order"
		if [ -z "$dev" ]; then
			echo "not ok $n $name: the device never appeared"
			fail=$((fail + 1))
		elif [ "$t" = 2 ] || [ -z "$t" ]; then
			echo "not ok $n $name: bpftool failed"
			fail=$((fail + 1))
		elif [ $o = yes ] && [ "$t" -gt 0 ]; then
			echo "not ok $n $name: $dev carries the module's fix and $t of udev-hid-bpf's"
			dmesg | grep "$M" | tail -n 5 | sed 's/^/# kernel: /'
			fail=$((fail + 1))
		else
			who=none
			[ $o = yes ] && who=module
			[ "$t" -gt 0 ] && who=udev-hid-bpf
			echo "ok $n $name: one fix on $dev ($who)"
			pass=$((pass + 1))
		fi
		exec 7>&-
		wait $pid 2>/dev/null
		udevadm settle --timeout=60
	done
done
rmmod $M 2>/dev/null
udevadm control --exit 2>/dev/null
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
[ "$fail" -eq 0 ]
