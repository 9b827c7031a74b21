#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of selftests/run.sh: run every test program in bin/ (cwd is
# the share's files/ directory, with bin/ and data/), then check the
# kernel log for reports (KASAN, kmemleak, lockdep, WARNING, BUG...), which
# fail the run on any kernel. Output: TAP, one "# Totals:" line per program.
#
# Between the two, leaks.KERNEL.boot_values: whatever each test checks, the
# whole run must leave the kernel as it found it. Before any test program
# it records the BPF program, map and link counts (bpftool) and the fds of
# kthreadd (/proc/2/fd: kthreadd shares init_files, the table kernel
# workers use, so an fd the module leaks from a worker shows there). After
# the last one it checks that hid_bpf_fixes, if loaded, holds no reference
# (refcnt 0), removes it, and waits for the counts to come back to those
# boot values and /sys/module/hid_bpf_fixes to go. kmemleak, on the debug
# kernel, is scanned after that by the kernel log check.
set -u

case ${HBF_KERNEL:-} in
debug) scale=6 ;;	# KASAN, lockdep and kmemleak under TCG
distro) scale=2 ;;
*) scale=1 ;;
esac
export HBF_TIMEOUT_SCALE=${HBF_TIMEOUT_SCALE:-$scale}
export HBF_DATA=$PWD/data HBF_BPF=$PWD/bpf
kmemleak=/sys/kernel/debug/kmemleak
mod=/sys/module/hid_bpf_fixes

# bpf_counts (sets bpf_now, or bpf_err): the guest scripts' shared helpers.
if ! . tools/guest-lib.sh; then
	echo "not ok - guest-tests # no tools/guest-lib.sh"
	exit 1
fi
# kfd_count: sets kfd_now to the number of fds in init_files (kthreadd's).
kfd_count() {
	local list
	kfd_now=
	if [ "$(cat /proc/2/comm 2>/dev/null)" != kthreadd ]; then
		bpf_err="PID 2 is not kthreadd: $(cat /proc/2/comm 2>&1)"
		return 1
	fi
	list=$(ls -A /proc/2/fd 2>&1) || { bpf_err="ls /proc/2/fd: $list"; return 1; }
	kfd_now=$(printf '%s' "$list" | grep -c . || true)
}

# Boot values, with the module out (udev may have loaded it at boot).
bpf_err= boot_bpf= boot_kfd=
[ -e $mod ] && rmmod hid_bpf_fixes
if ! command -v bpftool >/dev/null; then
	bpf_err="no bpftool in this root filesystem"
elif bpf_counts && kfd_count; then
	boot_bpf=$bpf_now boot_kfd=$kfd_now
fi
boot_err=$bpf_err
echo "# boot values: BPF progs maps links ${boot_bpf:-?}, /proc/2/fd ${boot_kfd:-?}${boot_err:+ ($boot_err)}"

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
	if [ ! -x "$t" ]; then
		# a test program that cannot run is a failure, never a skip
		printf 'TAP version 13\n1..1\nnot ok 1 %s is not executable\n' "${t##*/}"
		echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
		continue
	fi
	echo "# ${HBF_KERNEL:-?}: ${t##*/} ${args[*]}"
	start=$(date +%s)
	"$t" "${args[@]}"
	echo "# ${t##*/} exited with $? after $(($(date +%s) - start)) s"
done

# The cumulative leak check, as a TAP test of its own.
leaks=leaks.${HBF_KERNEL:-?}.boot_values
echo "TAP version 13"
echo "1..1"
echo "# Starting 1 tests from 1 test cases."
echo "#  RUN           $leaks ..."
why=()
if [ -z "$boot_bpf" ]; then
	why+=("no boot values: $boot_err")
else
	refcnt=
	if [ -e $mod ]; then
		refcnt=$(cat $mod/refcnt 2>&1)
		echo "# $mod/refcnt after the last test: $refcnt"
		[ "$refcnt" = 0 ] || why+=("hid_bpf_fixes refcnt $refcnt with no test running, want 0")
		# a self-unload may be under way: then rmmod races it, the wait
		# below tells
		rmmod hid_bpf_fixes 2>&1 | sed 's/^/# rmmod: /'
	else
		echo "# hid_bpf_fixes not loaded after the last test: its last instance was removed, which rmmod does only at refcnt 0"
	fi
	# Deferred frees (RCU, workqueues): poll, 30 s times the scale.
	end=$(($(date +%s) + 30 * HBF_TIMEOUT_SCALE))
	bpf_err=
	while :; do
		bpf_counts && kfd_count || break
		[ ! -e $mod ] && [ "$bpf_now" = "$boot_bpf" ] && [ "$kfd_now" = "$boot_kfd" ] && break
		[ "$(date +%s)" -lt "$end" ] || break
		sleep 0.2
	done
	echo "# BPF progs maps links: boot $boot_bpf, end ${bpf_now:-?}"
	echo "# /proc/2/fd entries: boot $boot_kfd, end ${kfd_now:-?}"
	echo "# $mod: $([ -e $mod ] && echo "still there, refcnt $(cat $mod/refcnt 2>&1)" || echo absent)"
	if [ -n "$bpf_err" ]; then
		why+=("$bpf_err")
	else
		[ "$bpf_now" = "$boot_bpf" ] ||
			why+=("BPF progs maps links $bpf_now, at boot $boot_bpf")
		[ "$kfd_now" = "$boot_kfd" ] ||
			why+=("$kfd_now fds in init_files, at boot $boot_kfd")
	fi
	[ ! -e $mod ] || why+=("hid_bpf_fixes still loaded")
	if [ "$bpf_now" != "$boot_bpf" ] && [ -z "$bpf_err" ]; then
		bpftool prog show 2>&1 | grep '^[0-9]' | sed 's/^/# prog: /'
		bpftool map show 2>&1 | grep '^[0-9]' | sed 's/^/# map: /'
		bpftool link show 2>&1 | grep '^[0-9]' | sed 's/^/# link: /'
	fi
	[ "$kfd_now" = "$boot_kfd" ] ||
		ls -l /proc/2/fd 2>&1 | sed 's/^/# \/proc\/2\/fd: /'
fi
if [ ${#why[@]} -eq 0 ]; then
	echo "#            OK  $leaks"
	echo "ok 1 $leaks"
	echo "# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0"
else
	printf '# %s\n' "${why[@]}"
	echo "#          FAIL  $leaks"
	echo "not ok 1 $leaks # $(IFS=';'; echo "${why[*]}")"
	echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
fi

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
