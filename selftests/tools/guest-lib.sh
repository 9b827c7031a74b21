# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shell helpers of the guest scripts (races-guest.sh, features-guest.sh,
# stress-unload-guest.sh, vm/guest-tests.sh), sourced from tools/. Uses
# $scale (timeouts), $tools and $M (the module's name) if set.

M=${M:-hid_bpf_fixes}
DBG=/sys/kernel/debug/$M
scale=${scale:-${HBF_TIMEOUT_SCALE:-1}}
tools=${tools:-${HBF_TOOLS:-$PWD/tools}}

# TAP, kselftest style: t_ok NAME, t_fail NAME, t_skip NAME WHY, and
# t_totals at the end.
n=0 pass=0 fail=0 skip=0
t_ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
t_fail() {
	n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"
	dmesg | grep "$M" | tail -n 12 | sed 's/^/# kernel: /'
}
t_skip() { n=$((n + 1)); skip=$((skip + 1)); echo "ok $n $1 # SKIP $2"; }
t_totals() { echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"; }
say() { echo "# $*"; }
# check NAME CMD...: one test, ok when CMD succeeds; CMD may set $why
check() {
	local name=$1
	shift
	why=
	if "$@"; then t_ok "$name"; else t_fail "$name${why:+: $why}"; fi
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s (SECONDS scaled)
wait_for() {
	local i end=$(($1 * 10 * scale))
	shift
	for ((i = 0; i < end; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	"$@"
}

# --- uhid devices: plug VAR DATADIR [RDESC]; VAR holds the sysfs name
# after dev_name VAR; unplug VAR. At most four at once: A, B, C, D.
#
# A device goes away when its uhid-device.py sees the end of its fifo,
# that is once no process holds the fifo's write end: the test shell's
# is in ${VAR}_fd. Any process started in the background while a device
# is plugged must be started through nofifos (or call close_fifos first),
# or it would keep that device alive until it exits: an "unplug during
# modprobe" would then happen after modprobe.
close_fifos() {
	[ -n "${A_fd:-}" ] && exec {A_fd}>&-
	[ -n "${B_fd:-}" ] && exec {B_fd}>&-
	[ -n "${C_fd:-}" ] && exec {C_fd}>&-
	[ -n "${D_fd:-}" ] && exec {D_fd}>&-
	return 0
}
# nofifos CMD... &: CMD (a program, or dfl_int PROGRAM...) as the process
# $! names, without the fifos. Only in a subshell or with &: it execs.
nofifos() {
	close_fifos
	if declare -F "$1" >/dev/null; then
		"$@"
		exit
	fi
	exec "$@"
}
plug() {
	local var=$1 d=$2 rd=${3:-$2/rdesc.hex} f=/tmp/hbf-guest-$1 ids fd
	ids=$(head -n1 "$d/ids" | tr ' ' ':')
	rm -f "$f.in" "$f.out"
	mkfifo "$f.in"
	# the other devices' fifos must not stay open in this one's process
	nofifos python3 "$tools/uhid-device.py" "$ids" "$rd" "hbf $var" <"$f.in" >"$f.out" &
	eval "${var}_pid=$!"
	exec {fd}>"$f.in"
	eval "${var}_fd=$fd $var="
}
dev_name() {	# waits for the sysfs name of VAR's device
	local var=$1 f=/tmp/hbf-guest-$1 i
	for ((i = 0; i < 100 * scale; i++)); do
		if [ -s "$f.out" ]; then
			eval "$var=\$(head -n1 $f.out)"
			return 0
		fi
		sleep 0.1
	done
	return 1
}
unplug() {
	local var=$1 fd pid
	eval "fd=\${${var}_fd:-} pid=\${${var}_pid:-}"
	[ -n "$fd" ] || return 0
	exec {fd}>&-
	wait "$pid" 2>/dev/null
	eval "${var}_fd="
}
unplug_all() { unplug A; unplug B; unplug C; unplug D; }

hex_of() { od -An -tx1 -v "$1" | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'; }
hex_file() { tr -s ' \n' '  ' <"$1" | sed 's/^ //; s/ $//' | tr 'A-F' 'a-f'; }
# has_rdesc DEV HEXFILE: the device's current descriptor is that one
has_rdesc() {
	[ -e "/sys/bus/hid/devices/$1/report_descriptor" ] &&
		[ "$(hex_of "/sys/bus/hid/devices/$1/report_descriptor")" = "$(hex_file "$2")" ]
}
# attached DEV FIX: the module lists FIX as attached to DEV
attached() { grep -qE "^$1 $2 (link|map)=[0-9]+\$" "$DBG/attached" 2>/dev/null; }
loaded() { [ -e /sys/module/$M ]; }
unloaded() { ! loaded; }

# bpf_counts: sets bpf_now to "PROGS MAPS LINKS" in the whole system. A
# failing bpftool is the caller's failure, never "0 0 0": bpf_counts then
# returns non-zero with the reason in bpf_err.
bpf_now= bpf_err=
bpf_counts() {
	local what out
	bpf_now= bpf_err=
	for what in prog map link; do
		if ! out=$(bpftool "$what" show 2>&1); then
			bpf_err="bpftool $what show exited non-zero: $(echo "$out" | head -n 3 | tr '\n' ' ')"
			bpf_now=
			return 1
		fi
		bpf_now="$bpf_now${bpf_now:+ }$(awk '/^[0-9]+: / { n++ } END { print n + 0 }' <<<"$out")"
	done
}
# counts: prints "PROGS MAPS LINKS"; counts_are WANT
counts() { bpf_counts && echo "$bpf_now"; }
counts_are() { [ "$(counts)" = "$1" ]; }

# dfl_int PROGRAM...: PROGRAM with SIGINT at its default action (a
# background job of a non-interactive shell starts with it ignored); for
# nofifos: it execs.
dfl_int() {
	exec python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}

# udev running as on a real system, udev-hid-bpf's rule masked.
udevd_start() {
	mkdir -p /run/udev/rules.d
	ln -sf /dev/null /run/udev/rules.d/81-hid-bpf.rules
	pgrep -x systemd-udevd >/dev/null ||
		(close_fifos; exec "$(command -v systemd-udevd || echo /usr/lib/systemd/systemd-udevd)" --daemon --resolve-names=never)
	udevadm control --reload && udevadm control --ping --timeout=30
}
udevd_stop() {
	udevadm settle --timeout=30
	udevadm control --exit --timeout=30
	rm -f /run/udev/rules.d/81-hid-bpf.rules
}
