#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script (distro kernel): a fixed device on a real USB stack, not
# uhid. dummy_hcd joins a USB device controller to a host controller in
# the same kernel; a configfs HID gadget (f_hid) on it has the IDs, the
# strings and the report descriptor of an X-Keys XK-24. With udevd
# running (udev-hid-bpf's rule masked), binding the gadget to the UDC is
# a plug: the USB device enumerates, usbhid binds its interface, the HID
# device (bus 0003) appears under that interface, udev loads the module
# from the HID modalias and the fix attaches. Input reports written to
# /dev/hidgN reach evdev as evdev.txt says. Unbinding the UDC is an
# unplug: the devices go, the module unloads itself, BPF counts come back.
# Runs in a directory holding data/ and tools/. Prints TAP, kselftest
# style, with a "# Totals:" line.
set -uo pipefail
tools=${HBF_TOOLS:-$PWD/tools}
data=${HBF_DATA:-$PWD/data}
XK=$data/XKeys__XK24
FIX=XKeys__XK24
# The XK-24's own strings (data/XKeys__XK24/SOURCES.md has no USB
# strings; see selftests/README.md for where these come from). The
# serial number is ours: the gadget needs one for HID_UNIQ to be checked.
MANUFACTURER="P. I. Engineering"
PRODUCT="XK-24 HID"
SERIAL="HBF-XK24-0001"
CFG=/sys/kernel/config
G=$CFG/usb_gadget/hbf_xk24
export HBF_TIMEOUT_SCALE=${HBF_TIMEOUT_SCALE:-3}
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
if ! . "$tools/guest-lib.sh"; then
	echo "not ok 1 usb: no $tools/guest-lib.sh"
	exit 1
fi

echo "TAP version 13"
if [ "${HBF_KERNEL:-distro}" != distro ]; then
	echo "1..1"
	echo "ok 1 usb # SKIP dummy_hcd and the gadget modules are in the distro kernel only"
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:1 error:0"
	exit 0
fi
echo "1..9"
for t in bpftool udevadm python3 modprobe; do
	command -v $t >/dev/null || { echo "not ok 1 usb: no $t"; exit 1; }
done
for f in "$XK/ids" "$XK/rdesc.hex" "$XK/rdesc-fixed.hex" "$XK/evdev.txt" "$tools/hidg-evdev.py"; do
	[ -f "$f" ] || { echo "not ok 1 usb: no $f"; exit 1; }
done
rmmod "$M" 2>/dev/null
# the kernel log of this script only: its lines after these
log0=$(dmesg | wc -l)
klog() { dmesg | tail -n +$((log0 + 1)); }
bpf_counts || { echo "not ok 1 usb: bpftool failed: $bpf_err"; exit 1; }
base=$bpf_now
say "baseline: progs maps links = $base"

# usb_dev: sets U to the sysfs name of the USB device with the XK-24's IDs
usb_dev() {
	local d
	for d in /sys/bus/usb/devices/*; do
		[ "$(cat "$d/idVendor" 2>/dev/null)" = 05f3 ] &&
			[ "$(cat "$d/idProduct" 2>/dev/null)" = 0405 ] &&
			{ U=${d##*/}; return 0; }
	done
	return 1
}
no_usb_dev() { ! usb_dev; }
# hid_dev: sets H to the HID device under the USB device's interface 0
hid_dev() {
	local d
	for d in /sys/bus/usb/devices/"$U":1.0/0003:05F3:0405.*; do
		[ -e "$d" ] && { H=${d##*/}; return 0; }
	done
	return 1
}
hid_gone() { [ ! -e "/sys/bus/hid/devices/$H" ]; }
drv_of() { basename "$(readlink "$1/driver" 2>/dev/null)" 2>/dev/null; }
bound_to() { [ "$(drv_of "$1")" = "$2" ]; }
uevent_val() { sed -n "s/^$2=//p" "$1/uevent" 2>/dev/null; }
attach_line() {
	klog | grep -E "$M: $H: $FIX attached \((link|map) [0-9]+(, before the first probe)?\)$" | tail -n1
}
detach_line() {
	klog | grep -E "$M: $H: $FIX detached \((link|map) [0-9]+, device removed\)$" | tail -n1
}
has_detach_line() { [ -n "$(detach_line)" ]; }
unloadings() { klog | grep -c "$M: no device left to fix, unloading$"; }
# stamp NAME: seconds since the plug (guest clock), for the times line
t0=0 times=''
stamp() { times="$times $1=$(awk -v t0="$t0" '{ printf "%.1f", $1 - t0 }' /proc/uptime)"; }
has_attach_line() { [ -n "$(attach_line)" ]; }
has_keys() {	# the input device of the fixed descriptor: KEY_MACRO1 (0x290)
	local k
	for k in /sys/bus/hid/devices/"$H"/input/input*/capabilities/key; do
		[ -e "$k" ] && python3 -c 'import sys; v = int("".join("%016x" % int(w, 16) for w in open(sys.argv[1]).read().split()), 16); sys.exit(0 if v >> 0x290 & 1 else 1)' "$k" && return 0
	done
	return 1
}

# 1. The gadget: configfs, the XK-24's IDs, strings and descriptor
U='' H='' why=''
# (the daemon keeps the output it started with: a file, not a pipe)
udevd_start >/tmp/hbf-usb-udevd.log 2>&1 || why="udevd does not start"
sed 's/^/# /' /tmp/hbf-usb-udevd.log
[ -z "$why" ] && { modprobe dummy_hcd || why="modprobe dummy_hcd failed"; }
[ -z "$why" ] && { modprobe libcomposite || why="modprobe libcomposite failed"; }
[ -z "$why" ] && { modprobe usb_f_hid || why="modprobe usb_f_hid failed"; }
if [ -z "$why" ] && ! mountpoint -q $CFG; then
	mount -t configfs none $CFG || why="cannot mount configfs"
fi
udc=$(ls /sys/class/udc 2>/dev/null | head -n1)
[ -z "$why" ] && [ -z "$udc" ] && why="no UDC in /sys/class/udc after modprobe dummy_hcd"
if [ -z "$why" ]; then
	read -r _ vid pid <"$XK/ids"
	rdesc=$(hex_file "$XK/rdesc.hex")
	esc=$(sed 's/\([0-9a-f][0-9a-f]\) \{0,1\}/\\x\1/g' <<<"$rdesc")
	if ! {
		mkdir "$G" &&
		echo "0x$vid" >"$G/idVendor" && echo "0x$pid" >"$G/idProduct" &&
		echo 0x0200 >"$G/bcdUSB" && echo 0x0100 >"$G/bcdDevice" &&
		mkdir "$G/strings/0x409" &&
		echo "$MANUFACTURER" >"$G/strings/0x409/manufacturer" &&
		echo "$PRODUCT" >"$G/strings/0x409/product" &&
		echo "$SERIAL" >"$G/strings/0x409/serialnumber" &&
		mkdir "$G/configs/c.1" "$G/configs/c.1/strings/0x409" &&
		echo "XK-24" >"$G/configs/c.1/strings/0x409/configuration" &&
		echo 100 >"$G/configs/c.1/MaxPower" &&
		mkdir "$G/functions/hid.usb0" &&
		echo 0 >"$G/functions/hid.usb0/subclass" &&
		echo 0 >"$G/functions/hid.usb0/protocol" &&
		echo 32 >"$G/functions/hid.usb0/report_length" &&
		printf "%b" "$esc" >"$G/functions/hid.usb0/report_desc" &&
		ln -s "$G/functions/hid.usb0" "$G/configs/c.1/"
	}; then
		why="building the configfs gadget failed"
	elif [ "$(hex_of "$G/functions/hid.usb0/report_desc")" != "$rdesc" ]; then
		why="the gadget's report_desc reads $(hex_of "$G/functions/hid.usb0/report_desc"), want rdesc.hex"
	fi
fi
[ -z "$why" ] && loaded && why="$M loaded before the plug"
[ -z "$why" ] && { t0=$(cut -d' ' -f1 /proc/uptime); echo "$udc" >"$G/UDC" || why="binding the gadget to $udc failed"; }
# 1. plug: a USB device with the IDs, its HID interface bound to usbhid
[ -z "$why" ] && { wait_for 60 usb_dev || why="no USB device 05f3:0405 within $((60 * scale)) s"; }
[ -z "$why" ] && stamp usb
[ -z "$why" ] && { wait_for 60 bound_to "/sys/bus/usb/devices/$U:1.0" usbhid ||
	why="interface $U:1.0 bound to '$(drv_of "/sys/bus/usb/devices/$U:1.0")', not usbhid"; }
[ -z "$why" ] && stamp usbhid
[ -z "$why" ] && [ "$(cat "/sys/bus/usb/devices/$U:1.0/bInterfaceClass")" != 03 ] &&
	why="interface $U:1.0 has class $(cat "/sys/bus/usb/devices/$U:1.0/bInterfaceClass"), not 03 (HID)"
[ -z "$why" ] && t_ok "usb_plug: gadget on $udc, USB device $U (05f3:0405), interface $U:1.0 bound to usbhid" ||
	t_fail "usb_plug: $why"
plugged=$why

# 2. the USB side: the strings, the HID device's parent an interface
why=$plugged
if [ -z "$why" ]; then
	for s in manufacturer:"$MANUFACTURER" product:"$PRODUCT" serial:"$SERIAL"; do
		v=$(cat "/sys/bus/usb/devices/$U/${s%%:*}" 2>&1)
		[ "$v" = "${s#*:}" ] || { why="${s%%:*} reads '$v', want '${s#*:}'"; break; }
	done
fi
[ -z "$why" ] && { wait_for 30 hid_dev || why="no HID device 0003:05F3:0405.* under $U:1.0"; }
[ -z "$why" ] && stamp hid
if [ -z "$why" ]; then
	p=/sys/bus/hid/devices/$H
	[ "$(readlink -f "$p/..")" = "$(readlink -f "/sys/bus/usb/devices/$U:1.0")" ] ||
		why="$H's parent is $(readlink -f "$p/.."), not $U:1.0"
	[ -z "$why" ] && [ "$(uevent_val "$p/.." DEVTYPE)" != usb_interface ] &&
		why="$H's parent has DEVTYPE '$(uevent_val "$p/.." DEVTYPE)'"
	[ -z "$why" ] && [ "$(uevent_val "$p" HID_ID)" != 0003:000005F3:00000405 ] &&
		why="HID_ID '$(uevent_val "$p" HID_ID)'"
	[ -z "$why" ] && [ "$(uevent_val "$p" HID_NAME)" != "$MANUFACTURER $PRODUCT" ] &&
		why="HID_NAME '$(uevent_val "$p" HID_NAME)', want '$MANUFACTURER $PRODUCT'"
	[ -z "$why" ] && [ "$(uevent_val "$p" HID_UNIQ)" != "$SERIAL" ] &&
		why="HID_UNIQ '$(uevent_val "$p" HID_UNIQ)', want '$SERIAL'"
	[ -z "$why" ] && say "$H: $(uevent_val "$p" HID_NAME), phys $(uevent_val "$p" HID_PHYS), modalias $(cat "$p/modalias")"
fi
[ -z "$why" ] && t_ok "usb_side: strings '$MANUFACTURER' '$PRODUCT' '$SERIAL'; HID device $H on bus 0003 under usb_interface $U:1.0, HID_NAME and HID_UNIQ from them" ||
	t_fail "usb_side: $why"
[ -n "$H" ] || plugged=${plugged:-no HID device}

# 3. udev loads the module from the HID modalias; the fix attaches
why=$plugged
if [ -z "$why" ]; then
	ma=$(cat "/sys/bus/hid/devices/$H/modalias")
	[ "$ma" = hid:b0003g0001v000005F3p00000405 ] || why="modalias $ma"
	[ -z "$why" ] && { modprobe -R "$ma" 2>/dev/null | grep -qx $M || why="no alias of $M matches $ma"; }
fi
[ -z "$why" ] && { wait_for 60 loaded || why="$M not loaded by udev within $((60 * scale)) s"; }
[ -z "$why" ] && stamp loaded
[ -z "$why" ] && { wait_for 60 has_attach_line || why="no '$M: $H: $FIX attached (...)' line"; }
[ -z "$why" ] && stamp attached
[ -z "$why" ] && { attached "$H" $FIX || why="$DBG/attached does not list $H $FIX"; }
[ -z "$why" ] && say "$(attach_line | sed 's/^\[[^]]*\] //')"
[ -z "$why" ] && t_ok "autoload: udev loaded $M for $H ($ma), $FIX attached" ||
	t_fail "autoload: $why"

# 4. the fixed descriptor, through usbhid
why=$plugged
[ -z "$why" ] && { wait_for 30 has_rdesc "$H" "$XK/rdesc-fixed.hex" ||
	why="report_descriptor is $(hex_of "/sys/bus/hid/devices/$H/report_descriptor" 2>&1 | cut -c1-60)..., not rdesc-fixed.hex"; }
[ -z "$why" ] && stamp fixed && say "times since the plug, s:$times"
[ -z "$why" ] && t_ok "rdesc_fixed: $H's report_descriptor is rdesc-fixed.hex ($(wc -w <<<"$(hex_file "$XK/rdesc-fixed.hex")") bytes)" ||
	t_fail "rdesc_fixed: $why"

# 5. reports from the gadget reach evdev as the fix says
why=$plugged
hidg=
if [ -z "$why" ]; then
	hidg=/dev/hidg$(cut -d: -f2 "$G/functions/hid.usb0/dev" 2>/dev/null)
	[ -c "$hidg" ] || why="no gadget node $hidg ($(cat "$G/functions/hid.usb0/dev" 2>&1))"
fi
[ -z "$why" ] && { wait_for 30 has_keys || why="no input device of $H has KEY_MACRO1"; }
if [ -z "$why" ]; then
	out=$(python3 "$tools/hidg-evdev.py" "$H" "$XK/evdev.txt" "$hidg" "$scale" 2>&1)
	rc=$?
	grep '^# ' <<<"$out"
	[ $rc -eq 0 ] || why=$(grep -v '^# ' <<<"$out" | tail -n1)
fi
[ -z "$why" ] && t_ok "evdev: reports written to $hidg give evdev.txt's keys and events" ||
	t_fail "evdev: $why"

# 6. unplug: the devices go, the module detaches and unloads itself
why=$plugged
n_unl=$(unloadings)
[ -z "$why" ] && { t0=$(cut -d' ' -f1 /proc/uptime) times=''; echo "" >"$G/UDC" || why="unbinding the UDC failed"; }
[ -z "$why" ] && { wait_for 60 no_usb_dev || why="USB device $U still there"; }
[ -z "$why" ] && { wait_for 30 hid_gone || why="$H still there"; }
[ -z "$why" ] && stamp gone
[ -z "$why" ] && { wait_for 30 has_detach_line || why="no '$M: $H: $FIX detached (..., device removed)' line"; }
[ -z "$why" ] && { wait_for 60 unloaded || why="$M still loaded $((60 * scale)) s after the unplug"; }
[ -z "$why" ] && stamp unloaded && say "times since the unplug, s:$times"
[ -z "$why" ] && [ "$(unloadings)" != $((n_unl + 1)) ] &&
	why="$(unloadings) 'no device left to fix, unloading' lines, want $((n_unl + 1))"
[ -z "$why" ] && t_ok "unplug: UDC unbound, USB and HID devices gone, fix detached (device removed), $M unloaded itself" ||
	t_fail "unplug: $why"

# 7. no BPF object left behind
why=
wait_for 30 counts_are "$base" || why="BPF objects $(counts || echo "?: $bpf_err"), at the start $base"
[ -z "$why" ] && t_ok "bpf_counts: progs maps links back at $base" || t_fail "bpf_counts: $why"

# 8. a second plug of the same gadget is fixed again (a replug)
why=$plugged
[ -z "$why" ] && loaded && why="$M still loaded"
n_unl=$(unloadings)
[ -z "$why" ] && { t0=$(cut -d' ' -f1 /proc/uptime) times=''; echo "$udc" >"$G/UDC" || why="binding again failed"; }
[ -z "$why" ] && { wait_for 60 usb_dev || why="no USB device after the replug"; }
[ -z "$why" ] && { wait_for 30 hid_dev || why="no HID device after the replug"; }
[ -z "$why" ] && { wait_for 60 has_attach_line || why="no '$M: $H: $FIX attached (...)' line after the replug"; }
[ -z "$why" ] && { wait_for 30 has_rdesc "$H" "$XK/rdesc-fixed.hex" || why="descriptor not fixed after the replug"; }
[ -z "$why" ] && stamp fixed
[ -z "$why" ] && { echo "" >"$G/UDC" || why="unbinding again failed"; }
[ -z "$why" ] && { wait_for 30 has_detach_line || why="no detach line after the second unplug"; }
[ -z "$why" ] && { wait_for 60 unloaded || why="$M still loaded after the second unplug"; }
[ -z "$why" ] && stamp unloaded && say "times since the replug, s:$times"
[ -z "$why" ] && [ "$(unloadings)" != $((n_unl + 1)) ] &&
	why="$(unloadings) 'unloading' lines after the replug, want $((n_unl + 1))"
[ -z "$why" ] && { wait_for 30 counts_are "$base" || why="BPF objects $(counts), at the start $base"; }
[ -z "$why" ] && t_ok "replug: $H fixed again, unplugged, $M unloaded, BPF counts at $base" ||
	t_fail "replug: $why"

# Tear the gadget down (reverse order of creation).
[ -n "$(cat "$G/UDC" 2>/dev/null)" ] && echo "" >"$G/UDC"
rm -f "$G/configs/c.1/hid.usb0"
rmdir "$G/configs/c.1/strings/0x409" "$G/configs/c.1" "$G/functions/hid.usb0" \
	"$G/strings/0x409" "$G" 2>/dev/null
udevd_stop >/tmp/hbf-usb-udevd.log 2>&1
sed 's/^/# /' /tmp/hbf-usb-udevd.log
loaded && rmmod $M 2>/dev/null

# 9. the kernel said nothing bad about any of it
# (vm/guest-tests.sh's reports, USB errors, the module's errors but the
# usual unsigned-module taint line)
bad=$(klog | grep -E "BUG:|WARNING:|UBSAN|general protection fault|Oops|refcount_t:|list_(add|del) corruption|Kernel panic|hung_task|blocked for more than|usb [0-9.-]+: .*(error|failed)|$M: .*(error|failed|cannot)" |
	grep -v "$M: module verification failed: signature" | head -n 5)
[ -z "$bad" ] && t_ok "kernel_log: no warning, oops or error from USB or $M" ||
	t_fail "kernel_log: $(echo "$bad" | sed 's/^\[[^]]*\] //' | tr '\n' '|')"
t_totals
[ "$fail" -eq 0 ]
