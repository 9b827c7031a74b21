#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of selftests/bench/run.sh. Runs in files/ with data/ (the
# data sets) and hbf-bench (the resident plugger, see hbf-bench.c). Writes
# raw result lines to $HBF_OUT/bench-raw.txt; the host makes the tables.
#
# Raw lines (times in us, counts from kernel uevents):
#   P COL SET T BINDS UNBINDS INPUT_ADDS INPUT_REMOVES   one plug
#   B WHO SET RUN T BINDS UNBINDS INPUT_ADDS INPUT_REMOVES BINDS_BEFORE
#   E WHO ROUND NS_PER_REPORT                            per-event cost
#   A N T                                  attach of the Nth device
#   M KEY VALUE                                          memory, facts
#   T COL DEV FIX key=ns...                   module timings, if any
#   X note                                               anything odd
# Columns: a module resident; b module autoloaded by udev (not loaded
# before the plug); c udev-hid-bpf by its udev rule (module blacklisted);
# r replug one second after an unplug, module on its defaults.
set -uo pipefail
N=${N:-10}
QUIET=${QUIET:-600}
TIMEOUT=${TIMEOUT:-20000}
SETS=${SETS:-}
REPLUG_SETS=${REPLUG_SETS:-"XPPen__Deco01V3 Huion__Inspiroy_2_S@pad Wacom__ArtPen"}
BOOT_SETS=${BOOT_SETS:-"XPPen__Deco01V3 Huion__Inspiroy_2_S@pad"}
BOOT_RUNS=${BOOT_RUNS:-3}
EVENTS=${EVENTS:-100000}
MANY=${MANY:-64}
PARTS=${PARTS:-"plug replug udev events memory boot"}
UMANY=${UMANY:-8}
if [ -f bench.env ]; then
	# shellcheck disable=SC1091
	. ./bench.env
fi
out=${HBF_OUT:-/tmp}
raw=$out/bench-raw.txt
: >"$raw"
mod=hid_bpf_fixes
timings=/sys/kernel/debug/$mod/timings
bl=/run/modprobe.d/hbf-bench.conf
fail=0

part() { [[ " $PARTS " == *" $1 "* ]]; }
note() { echo "X $*" >>"$raw"; echo "# $*"; }

modprobe uhid || { note "modprobe uhid failed"; exit 1; }
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
mkdir -p /run/modprobe.d
udevd=$(command -v systemd-udevd || echo /usr/lib/systemd/systemd-udevd)
rules=$(ls /usr/lib/udev/rules.d/*-hid-bpf.rules 2>/dev/null | head -n1)
[ -n "$rules" ] || { note "udev-hid-bpf's udev rule is missing"; fail=1; }
command -v udev-hid-bpf >/dev/null || { note "udev-hid-bpf is missing"; fail=1; }
command -v bpftool >/dev/null || { note "bpftool is missing"; fail=1; }

rule_off() { mountpoint -q "$rules" || mount --bind /dev/null "$rules"; udevadm control --reload; }
rule_on() { ! mountpoint -q "$rules" || umount "$rules"; udevadm control --reload; }
blacklist() { echo "blacklist $mod" >"$bl"; }
unblacklist() { rm -f "$bl"; }
udevd_start() { pgrep -x systemd-udevd >/dev/null || "$udevd" --daemon; }
udevd_stop() {
	udevadm control --exit 2>/dev/null
	local i
	for i in $(seq 50); do
		pgrep -x systemd-udevd >/dev/null || return 0
		sleep 0.1
	done
}
# the module gone (by itself: wait; else rmmod)
wait_unloaded() {
	local i
	for i in $(seq "$((${1:-10} * 10))"); do
		[ -d /sys/module/$mod ] || return 0
		sleep 0.1
	done
	return 1
}
unload() { [ -d /sys/module/$mod ] && rmmod $mod; wait_unloaded 10; }

coproc PLUG { ./hbf-bench; }
cmd() {
	echo "$*" >&"${PLUG[1]}"
	local r
	read -r -t 120 r <&"${PLUG[0]}" || { note "hbf-bench did not answer '$*'"; echo "timeout"; return 1; }
	echo "$r"
}

# Data sets: NAME IDS RDESC FIXED-for-the-module FIXED-for-udev-hid-bpf|none
declare -a S_NAME S_IDS S_RDESC S_FIX S_REF S_DEVNAME
for d in data/*/; do
	s=$(basename "$d")
	if [ -n "$SETS" ] && ! [[ " $SETS " == *" $s "* ]]; then
		continue
	fi
	[ -f "$d/ids" ] && [ -f "$d/rdesc.hex" ] && [ -f "$d/rdesc-fixed.hex" ] || continue
	read -r bus vid pid <"$d/ids"
	fixed=$d/rdesc-fixed.hex
	# an event-only fix: watch for the attach, not the descriptor
	cmp -s <(tr -s ' \n' '\n\n' <"$d/rdesc.hex") <(tr -s ' \n' '\n\n' <"$fixed") && fixed=-
	ref=none
	if [ -f "$d/reference" ]; then
		ref=$fixed
		if [ "$(awk '{ print $1; exit }' "$d/reference")" = differs ]; then
			ref=$d/rdesc-reference.hex
			[ -f "$ref" ] || ref=none
		fi
	fi
	name="hbf test $vid:$pid"
	[ -f "$d/name" ] && name=$(head -n1 "$d/name")
	S_NAME+=("$s")
	S_IDS+=("$bus:$vid:$pid")
	S_RDESC+=("$d/rdesc.hex")
	S_FIX+=("$fixed")
	S_REF+=("$ref")
	S_DEVNAME+=("$name")
done
echo "# ${#S_NAME[@]} data sets, $N plugs each per column"
echo "M sets ${#S_NAME[@]}" >>"$raw"
echo "M plugs $N" >>"$raw"
echo "M kernel $(uname -r)" >>"$raw"

# plug_one COL I [FIXED]: plug set I, record, unplug
plug_one() {
	local col=$1 i=$2 fixed=${3:-${S_FIX[$2]}} r
	r=$(cmd "plug ${S_IDS[$i]} ${S_RDESC[$i]} $fixed ${S_DEVNAME[$i]} $TIMEOUT $QUIET")
	set -- $r
	echo "P $col ${S_NAME[$i]} $3 $4 $5 $6 $7" >>"$raw"
	# autoloaded: the module is new for each plug and leaves with it
	[ "$col" = b ] && [ -r "$timings" ] && sed "s/^/T b /" "$timings" >>"$raw"
	if [ "$3" = -1 ]; then
		note "$col ${S_NAME[$i]}: not fixed within $TIMEOUT ms ($r), $(cat "/sys/bus/hid/devices/$2/modalias" 2>/dev/null), driver $(basename "$(readlink "/sys/bus/hid/devices/$2/driver")" 2>/dev/null), bpffs: $(find /sys/fs/bpf/hid -mindepth 1 -maxdepth 2 2>/dev/null | tr '\n' ' ')"
	fi
	cmd unplug >/dev/null
}

timings_mark() { [ -r "$timings" ] && wc -l <"$timings" || echo 0; }
timings_take() {
	local col=$1 from=$2
	[ -r "$timings" ] || return 0
	tail -n +"$((from + 1))" "$timings" | sed "s/^/T $col /" >>"$raw"
}

udevd_start
rule_off
unblacklist
modprobe hid-generic

# ---- column a: the module resident
modprobe $mod resident=1 || { note "modprobe $mod failed"; exit 1; }
[ -r "$timings" ] || note "timings: not available in this module"
if part plug; then
echo "# warm-up: one plug per set (udev loads the HID drivers)"
for i in "${!S_NAME[@]}"; do
	plug_one w "$i"
done
echo "# column a: module resident"
m=$(timings_mark)
for _ in $(seq "$N"); do
	for i in "${!S_NAME[@]}"; do
		plug_one a "$i"
	done
done
timings_take a "$m"
unload

# ---- column b: the module autoloaded by udev from the modalias
echo "# column b: module autoloaded"
if modinfo -F parm $mod | grep -q '^linger:'; then
	# not loaded before the plug: no linger between plugs
	echo "options $mod linger=0" >/run/modprobe.d/hbf-bench-linger.conf
	echo "M linger_param yes" >>"$raw"
fi
m=$(timings_mark)
for _ in $(seq "$N"); do
	for i in "${!S_NAME[@]}"; do
		if ! wait_unloaded 10; then
			note "b ${S_NAME[$i]}: the module stayed loaded 10 s after the unplug; removed by hand"
			unload
		fi
		plug_one b "$i"
	done
done
rm -f /run/modprobe.d/hbf-bench-linger.conf
fi
wait_unloaded 10 || unload

# ---- column r: replug one second after an unplug, module defaults
echo "# column r: replug after 1 s"
part replug || REPLUG_SETS=
for s in $REPLUG_SETS; do
	for i in "${!S_NAME[@]}"; do
		[ "${S_NAME[$i]}" = "$s" ] || continue
		for _ in $(seq "$((N / 2 > 3 ? N / 2 : 3))"); do
			wait_unloaded 10 || unload
			plug_one rw "$i"
			sleep 1
			plug_one r "$i"
		done
	done
done
wait_unloaded 10 || unload

# ---- column c: udev-hid-bpf through its udev rule
echo "# column c: udev-hid-bpf"
blacklist
unload
rule_on
part udev || N=0
for _ in $(seq "$N"); do
	for i in "${!S_NAME[@]}"; do
		[ "${S_REF[$i]}" = none ] && continue
		plug_one c "$i" "${S_REF[$i]}"
	done
done
[ -d /sys/module/$mod ] && note "c: $mod got loaded although blacklisted"

# ---- per-event cost: one event fix, by nobody, the module, udev-hid-bpf
# TUXEDO__Sirius_16: an event-only fix that rewrites byte 3 of every
# report 1 (0x68 in, 0x00 out), and one udev-hid-bpf's rule attaches
ev_set=TUXEDO__Sirius_16
ev_report="01 00 00 68 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
ev_byte=3 ev_orig=68 ev_fixed=00
echo "# per event: $ev_set, $EVENTS reports through uhid, read back on hidraw"
echo "M event_set $ev_set" >>"$raw"
ev_i=
for i in "${!S_NAME[@]}"; do
	[ "${S_NAME[$i]}" = $ev_set ] && ev_i=$i
done
if [ -z "$ev_i" ] && [ -d data/$ev_set ]; then
	read -r bus vid pid <data/$ev_set/ids
	S_NAME+=($ev_set) S_IDS+=("$bus:$vid:$pid") S_RDESC+=(data/$ev_set/rdesc.hex)
	S_FIX+=(-) S_REF+=(-) S_DEVNAME+=("hbf test $vid:$pid")
	ev_i=$((${#S_NAME[@]} - 1))
fi
pump_as() {
	local who=$1 round=$2 r
	case $who in
	none) blacklist; rule_off; unload ;;
	module) unblacklist; rule_off; modprobe $mod resident=1 ;;
	udev-hid-bpf) blacklist; unload; rule_on ;;
	esac
	local to=10000
	[ "$who" = none ] && to=1000
	r=$(cmd "plug ${S_IDS[$ev_i]} ${S_RDESC[$ev_i]} - ${S_DEVNAME[$ev_i]} $to 300")
	set -- $r
	if [ "$who" != none ] && [ "$3" = -1 ]; then
		note "per event: $who did not attach ($r)"
	fi
	r=$(cmd "pump $EVENTS $ev_report")
	set -- $r
	echo "E $who $round $2" >>"$raw"
	# byte ev_byte of the report as hidraw delivered it
	local want=$ev_orig got
	[ "$who" != none ] && want=$ev_fixed
	shift "$((ev_byte + 2))"
	got=${1:-?}
	[ "$got" = "$want" ] || note "per event: $who delivered byte $ev_byte = $got, want $want"
	cmd unplug >/dev/null
	[ "$who" = module ] && unload
}
if ! part events; then
	:
elif [ -n "$ev_i" ]; then
	for round in 1 2 3; do
		for who in none module udev-hid-bpf; do
			pump_as "$who" "$round"
		done
	done
else
	note "per event: no data set $ev_set"
fi

# ---- memory and many devices
memlock() {
	local k
	for k in prog map; do
		bpftool -j "$k" show 2>/dev/null
	done | python3 -c '
import json, sys
t = 0
for l in sys.stdin.read().replace("][", "]\n[").splitlines():
    if l.strip():
        t += sum(p.get("bytes_memlock", 0) for p in json.loads(l))
print(t)'
}
slab() { awk '$1 == "SUnreclaim:" { print $2 * 1024 }' /proc/meminfo; }
mem_i=
for i in "${!S_NAME[@]}"; do
	[ "${S_NAME[$i]}" = XPPen__Deco01V3 ] && mem_i=$i
done
[ -n "$mem_i" ] || mem_i=0
echo "# memory: ${S_NAME[$mem_i]}"
echo "M mem_set ${S_NAME[$mem_i]}" >>"$raw"
many() {
	local who=$1 count=$2 n k r
	local m0 s0
	sync; echo 3 >/proc/sys/vm/drop_caches
	m0=$(memlock) s0=$(slab)
	for n in $(seq "$count"); do
		r=$(cmd "plug ${S_IDS[$mem_i]} ${S_RDESC[$mem_i]} ${S_FIX[$mem_i]} ${S_DEVNAME[$mem_i]} 30000 200")
		set -- $r
		[ "$who" = module ] && echo "A $n $3" >>"$raw"
		[ "$who" = udev-hid-bpf ] && echo "U $n $3" >>"$raw"
		if [ "$n" = 1 ] || [ "$n" = 8 ]; then
			sync; echo 3 >/proc/sys/vm/drop_caches
			echo "M ${who}_memlock_$n $(($(memlock) - m0))" >>"$raw"
			echo "M ${who}_slab_$n $(($(slab) - s0))" >>"$raw"
		fi
	done
	echo "M ${who}_memlock_$count $(($(memlock) - m0))" >>"$raw"
	echo "M ${who}_slab_$count $(($(slab) - s0))" >>"$raw"
	[ "$who" = module ] && echo "M module_attached_$count $(wc -l </sys/kernel/debug/$mod/attached)" >>"$raw"
	k=$(cmd unplugall)
	echo "# $who: $k"
}
rule_off
unblacklist
unload
if part memory; then
m0=$(memlock)
modprobe $mod resident=1
echo "M module_coresize $(cat /sys/module/$mod/coresize)" >>"$raw"
echo "M module_initsize $(cat /sys/module/$mod/initsize 2>/dev/null || echo 0)" >>"$raw"
echo "M module_memlock_idle $(($(memlock) - m0))" >>"$raw"
echo "M module_ko_size $(stat -c %s "$(modinfo -n $mod)")" >>"$raw"
many module "$MANY"
unload
blacklist
rule_on
many udev-hid-bpf "$UMANY"
fi

# ---- the boot path: device present before udevd, then coldplug
# A boot in small: udevd stopped, no HID driver nor our module loaded, the
# device created, then udevd started and `udevadm trigger` (all devices,
# action add) as systemd-udev-trigger does. T from the udevd start.
echo "# boot path"
boot_once() {
	local who=$1 i=$2 run=$3 r c fixed=${S_FIX[$2]}
	udevd_stop
	unload
	lsmod | awk '$1 ~ /^hid_/ && $1 != "hid_bpf_fixes" && $3 == 0 { print $1 }' |
		xargs -r rmmod 2>/dev/null
	case $who in
	module) unblacklist; rule_off ;;
	udev-hid-bpf) blacklist; rule_on; fixed=${S_REF[$i]} ;;
	esac
	[ "$fixed" = none ] && return 0
	c=$(cmd "create ${S_IDS[$i]} ${S_RDESC[$i]} $fixed ${S_DEVNAME[$i]}")
	sleep 0.5
	echo "# boot $who: before udevd: $(lsmod | awk '$1 ~ /^hid/ { printf "%s ", $1 }')"
	local before
	before=$(ls "/sys/bus/hid/devices/${c#create }/driver" >/dev/null 2>&1 && echo 1 || echo 0)
	# the trigger only once udevd answers, as systemd orders them
	r=$(cmd "watch 60000 1500 $udevd --daemon; udevadm control --ping -t 30; udevadm trigger --type=subsystems --action=add; udevadm trigger --type=devices --action=add")
	set -- $r
	echo "B $who ${S_NAME[$i]} $run $3 $4 $5 $6 $7 $before" >>"$raw"
	udevadm settle -t 30
	echo "# boot $who: after: $(lsmod | awk '$1 ~ /^hid/ { printf "%s ", $1 }')"
	cmd unplug >/dev/null
}
part boot || BOOT_RUNS=0
for run in $(seq "$BOOT_RUNS"); do
	for s in $BOOT_SETS; do
		for i in "${!S_NAME[@]}"; do
			[ "${S_NAME[$i]}" = "$s" ] || continue
			boot_once module "$i" "$run"
			boot_once udev-hid-bpf "$i" "$run"
		done
	done
done
udevd_start
rule_off
unblacklist
echo "# done"
echo "M done 1" >>"$raw"
exit $fail
