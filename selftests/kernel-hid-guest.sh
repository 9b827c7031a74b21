#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest script (distro kernel) of vm/kernel-hid-tests.sh: the kernel's own
# HID selftests, run the way tools/testing/selftests/hid/run-hid-tools-tests.sh
# runs them (python3 -u -m pytest TESTS --tap-stream --udevd, from that
# directory, their conftest starting systemd-udevd), on the distro's
# linux-source files, unmodified, with hid-bpf-fixes as the only loader:
#   - the module is not loaded and keeps its defaults (resident=0): udev
#     autoloads it from the modalias of each test device, as on a user's
#     machine. The tests expect a descriptor fix to rebind the device once
#     after its first bind (load_hid_bpfs() waits for a second bind), which
#     is what an attach after the first bind does; a module loaded
#     beforehand fixes the device before that first bind, and the tests
#     would wait in vain for a second one.
#   - udev-hid-bpf's rule is masked (/run/udev/rules.d/81-hid-bpf.rules ->
#     /dev/null) and, on the tests' PATH, udev-hid-bpf is
#     kernel-hid-standin.sh: it loads nothing, and fails unless the module
#     attached our build of the named fix to the device.
# Files (cwd, from the host script): khid/ (node ids, the classes that name
# a HID-BPF object and which of them we carry, the stand-in), linux/ (the
# selftests and drivers/hid/bpf/progs), prefix/ (Debian's pytest & co,
# unpacked), hid-tools/.
# TAP: every pytest result, then our checks: the stand-in found the module's
# fix for each class we carry, nothing pinned by udev-hid-bpf, no failed
# probe in the kernel log. Ends with "# Totals:".
set -u
files=$PWD
khid=$files/khid
out=${HBF_OUT:-/tmp}
M=hid_bpf_fixes
n=0 pass=0 fail=0 skip=0 xfail=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $*"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $*"; }
finish() {
	echo "1..$n"
	echo "# Totals: pass:$pass fail:$fail xfail:$xfail xpass:0 skip:$skip error:0"
	[ $fail -eq 0 ]
	exit
}

echo "TAP version 13"
missing=
for t in python3 udevadm modprobe rmmod dmesg /usr/lib/systemd/systemd-udevd \
	"$khid/udev-hid-bpf" "$khid/nodes" "$files/linux/tools/testing/selftests/hid/tests/base.py" \
	"$files/linux/drivers/hid/bpf/progs" "$files/hid-tools/hidtools" \
	"$files/prefix/usr/lib/python3/dist-packages/pytest_tap"; do
	command -v "$t" >/dev/null || [ -e "$t" ] || missing+=" $t"
done
if [ -n "$missing" ]; then
	notok "kernel HID selftests: missing:$missing"
	finish
fi

# The module: not loaded, default parameters, found by modprobe.
rmmod $M 2>/dev/null
if [ -e /sys/module/$M ] || modprobe -c | grep -q "^options $M"; then
	notok "setup: $M still loaded or has modprobe.d options"
	finish
fi
modprobe -n $M >/dev/null 2>&1 || { notok "setup: modprobe cannot find $M"; finish; }
# udev-hid-bpf's rule masked; no udevd left over (the tests start theirs).
rules=$(ls /usr/lib/udev/rules.d/*-hid-bpf.rules 2>/dev/null)
mkdir -p /run/udev/rules.d
for r in $rules; do
	ln -sf /dev/null "/run/udev/rules.d/${r##*/}"
done
if pgrep -x systemd-udevd >/dev/null; then
	udevadm control --exit 2>/dev/null
	sleep 1
fi
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
echo "# udev-hid-bpf rule masked: ${rules:-none installed}; $M autoloads (resident=0)"

export KHID_DIR=$khid KHID_LOG=$out/standin.log
: >"$KHID_LOG"
export PATH="$khid:$PATH"
export PYTHONPATH="$files/hid-tools:$files/prefix/usr/lib/python3/dist-packages"
export LD_LIBRARY_PATH="$files/prefix/usr/lib/x86_64-linux-gnu"
export PYTHONDONTWRITEBYTECODE=1
[ "$(command -v udev-hid-bpf)" = "$khid/udev-hid-bpf" ] ||
	{ notok "setup: udev-hid-bpf on PATH is $(command -v udev-hid-bpf)"; finish; }

mapfile -t nodes <"$khid/nodes"
sel=$(cat "$khid/select")
echo "# pytest${sel:+ -k '$sel'} ${nodes[*]} --tap-stream --udevd"
echo "khid: kernel HID selftests start" >/dev/kmsg
export KHID_KUEVENTS=$out/uevents.log KHID_UUEVENTS=$out/uevents-udev.log
udevadm monitor --kernel --property -s hid >"$KHID_KUEVENTS" 2>&1 &
mon=$!
udevadm monitor --udev --property -s hid >"$KHID_UUEVENTS" 2>&1 &
umon=$!
start=$(date +%s)
cd "$files/linux/tools/testing/selftests/hid" || exit 1
python3 -u -m pytest ${sel:+-k "$sel"} "${nodes[@]}" --tap-stream --udevd \
	>"$out/pytest.tap" 2>"$out/pytest.err"
prc=$?
cd "$files" || exit 1
kill $mon $umon 2>/dev/null
wait $mon $umon 2>/dev/null
echo "# pytest exited $prc after $(($(date +%s) - start))s"
klog=$(dmesg | sed -n '/khid: kernel HID selftests start/,$p')
echo "$klog" >"$out/kernel-hid.dmesg"

# pytest's results, renumbered. Diagnostics stay comments.
results=0
while IFS= read -r l; do
	case $l in
	"not ok "*"# TODO"*)
		results=$((results + 1))
		n=$((n + 1)) xfail=$((xfail + 1))
		echo "not ok $n ${l#not ok [0-9]* }"
		;;
	"not ok "*)
		results=$((results + 1))
		notok "${l#not ok [0-9]* }"
		;;
	"ok "*"# SKIP"* | "ok "*"# skip"*)
		results=$((results + 1))
		n=$((n + 1)) skip=$((skip + 1))
		echo "ok $n ${l#ok [0-9]* }"
		;;
	"ok "*)
		results=$((results + 1))
		ok "${l#ok [0-9]* }"
		;;
	"#"*) echo "$l" ;;
	"TAP version"* | 1..*) ;;
	*) echo "# $l" ;;
	esac
done <"$out/pytest.tap"
[ $results -gt 0 ] || {
	notok "pytest produced no result (exit $prc)"
	tail -n 30 "$out/pytest.err" | sed 's/^/# /'
}

# Each class of ours that ran: the stand-in saw the module's fix every time.
while read -r node obj fix; do
	printf '%s\n' "${nodes[@]}" | grep -qxF "$node" || continue
	adds=$(grep -c " add [^ ]* $obj" "$KHID_LOG")
	bad=$(grep -c "^FAIL add [^ ]* $obj" "$KHID_LOG")
	if [ "$adds" -gt 0 ] && [ "$bad" -eq 0 ]; then
		ok "${node##*::}: $fix attached by $M at each of $adds load_hid_bpfs()"
	else
		notok "${node##*::}: $fix: $bad of $adds load_hid_bpfs() without the module's fix"
		grep " $obj" "$KHID_LOG" | grep '^FAIL' | head -n 5 | sed 's/^/# /'
	fi
done <"$khid/carried"
if grep -q '^FAIL unexpected' "$KHID_LOG"; then
	notok "udev-hid-bpf stand-in: unexpected calls"
	grep '^FAIL unexpected' "$KHID_LOG" | head -n 5 | sed 's/^/# /'
fi
# udev-hid-bpf pins what it loads under /sys/fs/bpf/hid: nothing may be there.
if [ -z "$(ls -A /sys/fs/bpf/hid 2>/dev/null)" ]; then
	ok "nothing loaded by udev-hid-bpf (/sys/fs/bpf/hid empty)"
else
	notok "udev-hid-bpf pinned: $(ls /sys/fs/bpf/hid | tr '\n' ' ')"
fi
# The kernel log of the run: the module's lines (summarised), no failed probe.
echo "# kernel log, $M lines by kind:"
echo "$klog" | grep "$M:" | sed -E -e 's/^\[[ 0-9.]+\] //' \
	-e 's/[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{4}\.[0-9A-F]{4}/DEV/g' \
	-e 's/ [0-9]+(,|\))/ N\1/g' | sort | uniq -c | sed 's/^/# /'
badk=$(echo "$klog" | grep -E "probe .*failed|probe of .* failed|rejecting|BUG|WARNING|Oops|hid_bpf_fixes: .*(error|fail)" |
	grep -v "hid_bpf_fixes: module verification failed: signature and/or required key missing")
if [ -z "$badk" ]; then
	ok "kernel log: no failed probe, no warning"
else
	notok "kernel log: $(echo "$badk" | wc -l) bad line(s)"
	echo "$badk" | head -n 20 | sed 's/^/# /'
fi
# Binds per device the stand-in was asked about (kernel uevents).
for d in $(awk '$2 == "add" { print $3 }' "$KHID_LOG" | sort -u); do
	grep -cE "^KERNEL.* bind .*/${d}( |\$)" "$out/uevents.log"
done | sort | uniq -c | awk '{ printf "# %d device(s) bound %d time(s)\n", $1, $2 }'
echo "# stand-in calls: $(wc -l <"$KHID_LOG"); $(grep -c '^ok add' "$KHID_LOG") add ok"
finish
