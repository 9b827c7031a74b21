#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of selftests/run.sh: run every test program in bin/ (cwd is
# the share's files/ directory, with bin/ and data/), then check the
# kernel log for reports (KASAN, kmemleak, lockdep, WARNING, BUG...), which
# fail the run on any kernel. Output: TAP, one "# Totals:" line per program.
set -u

case ${HBF_KERNEL:-} in
debug) scale=6 ;;	# KASAN, lockdep and kmemleak under TCG
distro) scale=2 ;;
*) scale=1 ;;
esac
export HBF_TIMEOUT_SCALE=${HBF_TIMEOUT_SCALE:-$scale}
export HBF_DATA=$PWD/data HBF_BPF=$PWD/bpf
kmemleak=/sys/kernel/debug/kmemleak

# Leak reports are about what the tests do: forget boot-time suspects.
if [ -w $kmemleak ]; then
	echo scan >$kmemleak
	echo clear >$kmemleak
fi

# uhid devices are not on a real USB or Bluetooth transport: special
# drivers (hid-lg for the SpaceNavigator, say) refuse them and hid-generic
# steps aside, so nothing would parse the descriptor. Bind everything with
# hid-generic, as the core does with hid.ignore_special_drivers=1.
isd=/sys/module/hid/parameters/ignore_special_drivers
[ -w $isd ] && echo 1 >$isd

# Harness options (-v VARIANT, -t TEST, -V/-T to exclude...) from run.sh's
# HBF_TEST_ARGS, one per line.
args=()
[ -f test-args ] && mapfile -t args <test-args

for t in bin/*; do
	[ -x "$t" ] || continue
	echo "# ${HBF_KERNEL:-?}: ${t##*/} ${args[*]}"
	start=$(date +%s)
	"$t" "${args[@]}"
	echo "# ${t##*/} exited with $? after $(($(date +%s) - start)) s"
done

# The kernel log check, as a TAP test of its own.
echo "TAP version 13"
echo "1..1"
echo "# Starting 1 tests from 1 test cases."
echo "#  RUN           kernel_log.${HBF_KERNEL:-?}.clean ..."
if [ -w $kmemleak ]; then
	# Objects must be a few seconds old and seen unreferenced twice.
	sleep 6
	echo scan >$kmemleak
	sleep 1
	echo scan >$kmemleak
	cat $kmemleak >"${HBF_OUT:-/tmp}/kmemleak.txt"
fi
reports=$(dmesg | grep -E 'BUG:|WARNING:|KASAN|UBSAN|kmemleak: [0-9]+ new suspected|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|DEBUG_LOCKS_WARN_ON|general protection fault|Oops|refcount_t:|ODEBUG:|list_(add|del) corruption|Kernel panic|hung_task|blocked for more than' || true)
leaks=0
[ -s "${HBF_OUT:-/tmp}/kmemleak.txt" ] &&
	leaks=$(grep -c 'unreferenced object' "${HBF_OUT:-/tmp}/kmemleak.txt")
if [ -z "$reports" ] && [ "$leaks" -eq 0 ]; then
	echo "#            OK  kernel_log.${HBF_KERNEL:-?}.clean"
	echo "ok 1 kernel_log.${HBF_KERNEL:-?}.clean"
	echo "# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0"
else
	echo "$reports" | sed 's/^/# /'
	[ "$leaks" -eq 0 ] || sed 's/^/# /' "${HBF_OUT:-/tmp}/kmemleak.txt" | head -n 60
	echo "#          FAIL  kernel_log.${HBF_KERNEL:-?}.clean"
	echo "not ok 1 kernel_log.${HBF_KERNEL:-?}.clean # $leaks kmemleak reports"
	echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
fi
