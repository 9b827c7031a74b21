#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stands in for udev-hid-bpf on the PATH of the kernel's HID selftests
# (kernel-hid-guest.sh), so that hid-bpf-fixes is the only loader.
#
# The tests' load_hid_bpfs() runs
#   udev-hid-bpf --verbose add SYSPATH .../drivers/hid/bpf/progs/NAME.bpf.o
# after the device's first bind, and unload_hid_bpfs() runs
#   udev-hid-bpf --verbose remove SYSPATH
# This loads nothing. "add" waits until the module, autoloaded by udev from
# the device's modalias, lists our build of NAME (the fix of the same name,
# Huion__Kamvas-Pro-19 = Huion__Kamvas_Pro_19, see $KHID_DIR/carried) as
# attached to that device in debugfs, with the module live, then until
# udev has reported the device's latest bind (the tests count the binds
# udev reports); it fails if the fix is not there within
# $KHID_WAIT seconds (default 60) or if we carry no such fix. "remove" only
# checks its argument: the module drops its fix when the device goes away.
# Every call is logged, one line, to $KHID_LOG.
set -u
log=${KHID_LOG:-/dev/null}
dir=${KHID_DIR:-$(dirname "$0")}
wait=${KHID_WAIT:-60}
attached=/sys/kernel/debug/hid_bpf_fixes/attached

args=()
for a in "$@"; do
	[ "$a" = --verbose ] || [ "$a" = -v ] || args+=("$a")
done
set -- "${args[@]}"
say() { echo "$*" >>"$log"; echo "udev-hid-bpf (stand-in): $*" >&2; }

case ${1:-} in
add)
	[ $# -eq 3 ] || { say "FAIL add: expected SYSPATH OBJECT, got: $*"; exit 1; }
	dev=${2##*/}
	obj=${3##*/}
	fix=$(awk -v o="$obj" '$2 == o { print $3; exit }' "$dir/carried")
	[ -n "$fix" ] || { say "FAIL add $dev $obj: no fix of ours for it"; exit 1; }
	start=$(date +%s.%N)
	end=$(($(date +%s) + wait))
	# Then udev's report of the device's latest bind: the tests count
	# the binds udev reports, and under autoload every event of the device
	# waits in udev's queue behind its add event, whose worker is the
	# modprobe that loads the module. kernel-hid-guest.sh logs the kernel's
	# and udev's hid events ($KHID_KUEVENTS, $KHID_UUEVENTS, with
	# SEQNUM): wait until udev reported a bind at least as recent as the
	# kernel's latest one.
	seqnum_of_last_bind() { # FILE: SEQNUM of the last bind of $dev in a
		# "udevadm monitor --property" log
		# headers: "KERNEL[12.3] bind /devices/... (hid)", "UDEV  [12.4] ..."
		awk -v d="$dev" '
			/^(KERNEL|UDEV) *\[/ { sub(/^[A-Z]+ *\[[^]]*\] */, ""); act = $1; path = $2; next }
			/^SEQNUM=/ { if (act == "bind" && path ~ ("/" d "$")) s = substr($0, 8) }
			END { print s + 0 }' "$1" 2>/dev/null
	}
	while [ "$(date +%s)" -le $end ]; do
		# A live instance's fix: one that is going away releases its
		# fixes.
		if [ "$(cat /sys/module/hid_bpf_fixes/initstate 2>/dev/null)" = live ] &&
			grep -qE "^$dev $fix (link|map)=[0-9]+\$" "$attached" 2>/dev/null; then
			t=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
			seen="udev's report of its latest bind not seen within ${wait}s"
			while [ "$(date +%s)" -le $end ]; do
				k=$(seqnum_of_last_bind "${KHID_KUEVENTS:-/dev/null}")
				u=$(seqnum_of_last_bind "${KHID_UUEVENTS:-/dev/null}")
				if [ "$k" -gt 0 ] && [ "$u" -ge "$k" ]; then
					seen="udev reported its latest bind (seqnum $u)"
					break
				fi
				sleep 0.2
			done
			say "ok add $dev $obj: $fix attached by hid_bpf_fixes after ${t}s, $seen"
			exit 0
		fi
		sleep 0.1
	done
	if [ -e /sys/module/hid_bpf_fixes ]; then
		say "FAIL add $dev $obj: $fix not attached after ${wait}s (module loaded; attached: $(tr '\n' ';' <"$attached" 2>/dev/null))"
	else
		say "FAIL add $dev $obj: $fix not attached after ${wait}s (module not loaded)"
	fi
	exit 1
	;;
remove)
	[ $# -eq 2 ] || { say "FAIL remove: expected SYSPATH, got: $*"; exit 1; }
	say "ok remove ${2##*/}: nothing to do, the module drops its fix on unplug"
	exit 0
	;;
*)
	say "FAIL unexpected call: $*"
	exit 1
	;;
esac
