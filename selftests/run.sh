#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole test suite, one command, on a fresh Debian 12 machine (root):
#
#   selftests/run.sh [lts] [debug] [distro]      (default: lts distro)
#
#   lts     6.12 LTS built from linux-source-6.12 (vm/kernel-lts.sh)
#   distro  Debian unstable's kernel, in the chroot of vm/distro-chroot.sh
#   debug   6.12 with KASAN, kmemleak, lockdep (vm/config.debug): not in
#           the default run (CI) any more: its kernel build and its guest,
#           several times slower under TCG, do not fit CI's time; run
#           `selftests/run.sh debug` (or stress.sh debug) on its own
#
# Installs what it needs (apt), builds and caches the kernels and the chroot
# (~/.cache/hid-bpf-fixes, or $HBF_CACHE), builds hid-bpf-fixes.ko for each
# kernel, runs the generator's host tests, then boots each kernel once
# under TCG and runs the uhid tests in it (vm/guest-tests.sh). With lts, it
# also builds the module in the 6.12 tree as =m and =y, with the admin
# guide's steps, and boots the =y kernel (vm/intree.sh). With distro, it
# runs the kernel's own HID selftests with the module as the only loader
# (vm/kernel-hid-tests.sh, its CI cut).
#
# The kernels are legs run side by side: a TCG guest keeps about one of
# the machine's two CPUs busy, so the distro guest runs while the 6.12
# kernel builds and its guest runs. Each leg writes its TAP to
# selftests/out/KERNEL.tap; they are printed in a fixed order once all are
# done, then, last, "N passed, N failed[, N skipped]" over everything; the
# exit status is non-zero on any failure. Results: selftests/out/vm-KERNEL/,
# out/intree/, each leg's log in out/leg-KERNEL.log.
# HBF_TEST_ARGS="-v XKeys__XK24" passes harness options to the tests (and
# leaves the in-tree step out: it picks tests).
set -uo pipefail
. "$(dirname "$0")/vm/common.sh"

hbf_kernels run.sh "lts distro" "$@"

t0=$(date +%s)
out=$HBF_TOP/selftests/out
mkdir -p "$out"
pass=0 fail=0 skip=0
summary=()

elapsed() { echo "$(($(date +%s) - $1))s"; }

# count FILE: add the "# Totals:" lines (kselftest harness) and the
# "N passed, N failed" lines (gen tests) of a TAP log to the tally.
count() {
	local p f s
	read -r p f s < <(awk '
		/^# Totals: / {
			for (i = 3; i <= NF; i++) { split($i, kv, ":"); t[kv[1]] += kv[2] }
		}
		/^[0-9]+ passed, [0-9]+ failed/ { t["pass"] += $1; t["fail"] += $3 }
		END { print t["pass"] + t["xfail"] + 0, t["fail"] + t["xpass"] + t["error"] + 0, t["skip"] + 0 }
	' "$1")
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	summary+=("$2: $p passed, $f failed, $s skipped")
}

# broken NAME REASON: something that should have produced TAP did not.
broken() {
	echo "not ok - $1 # $2"
	fail=$((fail + 1))
	summary+=("$1: $2")
}

log "host packages"
hbf_apt $HBF_HOST_PKGS
step=$(date +%s)
root=$("$HBF_TOP/selftests/vm/distro-chroot.sh") || die "no Debian unstable chroot"
log "chroot ready ($(elapsed "$step"))"
# The kernel source also gives kselftest_harness.h to the tests.
ksft=$(hbf_kernel_source)/tools/testing/selftests

log "building the tests"
make -s -C "$HBF_TOP/selftests" OUT="$out/build" KSFT="$ksft" >"$out/build.log" 2>&1 ||
	{ cat "$out/build.log" >&2; die "building the tests failed"; }
rm -rf "$out/stage"
mkdir -p "$out/stage/bin"
cp "$out/build/hid_bpf_fixes_test" "$out/stage/bin/"
cp -a "$HBF_TOP/selftests/data" "$out/stage/data"
# progs/rdesc_holder.bpf.c per device, for udev-hid-bpf ("already fixed").
cp -a "$out/build/bpf" "$out/stage/bpf"
# HBF_TEST_ARGS: kselftest harness options for every guest, e.g.
# "-v XKeys__XK24" (that variant only) or "-t fixed -t events". Unset, the
# 6.12 and distro kernels run everything; the debug kernel (KASAN, lockdep,
# kmemleak: several times slower under TCG) runs the lifecycle tests and
# the fixtures of three representative fixes (a descriptor fix, two
# descriptor + event fixes).
for k in "${kernels[@]}"; do
	mkdir -p "$out/stage/args-$k"
	if [ -n "${HBF_TEST_ARGS+set}" ]; then
		printf '%s\n' ${HBF_TEST_ARGS}
	elif [ "$k" = debug ]; then
		printf '%s\n' -f lifecycle -v XKeys__XK24 -v XPPen__Deco01V3 \
			-v FR_TEC__Raptor_Mach_2
	fi >"$out/stage/args-$k/test-args"
done
# The other guest programs: plug during self-unload, the races of issue 8
# (one round each; selftests/stress.sh runs ten), the comparison with
# udev-hid-bpf's own build of each fix and the module with udev-hid-bpf's
# rule on one device (these two on the distro kernel only).
cp "$HBF_TOP/selftests/stress-unload-guest.sh" "$out/stage/bin/zz-stress-unload"
cp "$HBF_TOP/selftests/races-guest.sh" "$out/stage/bin/zz-races"
cp "$HBF_TOP/selftests/reference-guest.sh" "$out/stage/bin/zz-reference"
cp "$HBF_TOP/selftests/coexist-guest.sh" "$out/stage/bin/zz-zcoexist"
# linger and timings (issue 9's parameters).
cp "$HBF_TOP/selftests/features-guest.sh" "$out/stage/bin/zz-features"
# A real USB stack: dummy_hcd and a configfs f_hid XK-24 (distro kernel).
cp "$HBF_TOP/selftests/usb-guest.sh" "$out/stage/bin/zz-usb"
rm -rf "$out/stage/tools"
cp -a "$HBF_TOP/selftests/tools" "$out/stage/tools"

# vm KERNEL KO: the guest tests on one kernel; TAP on stdout.
vm() {
	local k=$1 ko=$2 rc step
	step=$(date +%s)
	echo "# === kernel $k"
	"$HBF_TOP/selftests/vm/run-vm.sh" -o "$out/vm-$k" -m "$ko" \
		-f "$out/stage/bin" -f "$out/stage/data" -f "$out/stage/bpf" \
		-f "$out/stage/args-$k/test-args" -f "$out/stage/tools" \
		"$k" "$HBF_TOP/selftests/vm/guest-tests.sh" >"$out/vm-$k.tap"
	rc=$?
	cat "$out/vm-$k.tap"
	echo "# $k: VM run took $(elapsed "$step")"
	if [ $rc -eq 2 ] || ! grep -q '^# Totals: ' "$out/vm-$k.tap"; then
		echo "not ok - vm.$k # the VM did not finish (see $out/vm-$k/console.log)"
	fi
}

# leg KERNEL: build what the kernel needs and run its guest; TAP on stdout,
# progress on stderr. The lts leg then runs the in-tree step.
leg() {
	local k=$1 ko step
	step=$(date +%s)
	case $k in
	lts | debug)
		"$HBF_TOP/selftests/vm/kernel-lts.sh" "$k" >/dev/null ||
			{ echo "not ok - kernel.$k # the 6.12 $k kernel did not build"; return; }
		log "6.12 $k kernel ready ($(elapsed "$step"))"
		;;
	esac
	step=$(date +%s)
	ko=$("$HBF_TOP/selftests/vm/build-module.sh" "$k") ||
		{ echo "not ok - module.$k # hid-bpf-fixes.ko did not build"; return; }
	log "module for $k built ($(elapsed "$step"))"
	vm "$k" "$ko"
	# In tree: the admin guide's steps in the 6.12 tree, =m and =y (cached
	# on their inputs), then the =y kernel boots and fixes an XK-24 with
	# no module.
	if [ "$k" = lts ] && [ -z "${HBF_TEST_ARGS+set}" ]; then
		echo "# === in tree (6.12, =m and =y)"
		step=$(date +%s)
		"$HBF_TOP/selftests/vm/intree.sh" -o "$out/intree" >"$out/intree.tap"
		rc=$?
		cat "$out/intree.tap"
		echo "# in tree: builds and boot took $(elapsed "$step")"
		grep -q '^# Totals: ' "$out/intree.tap" ||
			echo "not ok - intree # intree.sh stopped (exit $rc, see $out/intree/)"
	fi
	log "leg $k done"
}

# The distro leg first, in the background: its module builds in the
# chroot (build-module.sh serialises builds with a lock, and the lts leg's
# first build may be the whole 6.12 kernel), then its guest runs beside
# the 6.12 kernel's build. The 6.12 legs run one after the other.
pids=()
for k in "${kernels[@]}"; do
	[ "$k" = distro ] || continue
	"$HBF_TOP/selftests/vm/build-module.sh" distro >/dev/null 2>"$out/leg-distro.log"
	leg distro >"$out/distro.tap" 2>>"$out/leg-distro.log" &
	pids+=($!)
done
# With distro, the kernel's own HID selftests (vm/kernel-hid-tests.sh, the
# CI cut) follow the 6.12 legs: they boot the distro kernel, and start
# when the 6.12 guest has given its CPU back.
khid=0
for k in "${kernels[@]}"; do
	[ "$k" = distro ] && [ -z "${HBF_TEST_ARGS+set}" ] && khid=1
done
(
	for k in "${kernels[@]}"; do
		[ "$k" = distro ] || leg "$k" >"$out/$k.tap"
	done
	if [ $khid -eq 1 ]; then
		step=$(date +%s)
		{
			echo "# === the kernel's HID selftests (distro kernel, CI cut)"
			"$HBF_TOP/selftests/vm/kernel-hid-tests.sh" -o "$out/kernel-hid"
			echo "# kernel HID selftests took $(elapsed "$step")"
		} >"$out/kernel-hid.tap"
		grep -q '^# Totals: ' "$out/kernel-hid.tap" ||
			echo "not ok - kernel-hid # kernel-hid-tests.sh did not finish (see $out/kernel-hid/)" \
				>>"$out/kernel-hid.tap"
		log "kernel HID selftests done"
	fi
) 2>"$out/leg-6.12.log" &
pids+=($!)

# The generator's host tests, in the copy build-module.sh makes.
build=${HBF_BUILD:-$HBF_CACHE/build}
for ((i = 0; i < 600; i++)); do
	[ -f "$build/src/gen/tests/run.sh" ] && break
	sleep 1
done
echo "# === generator tests (host)"
if [ -f "$build/src/gen/tests/run.sh" ]; then
	# make generate holds the build lock: wait for the copy to settle.
	(flock 9; make -s -C "$build/src" gen-check) 9>"$build/.lock" >"$out/gen-check.tap" 2>&1
	cat "$out/gen-check.tap"
fi
if grep -qE '^[0-9]+ passed, [0-9]+ failed' "$out/gen-check.tap" 2>/dev/null; then
	count "$out/gen-check.tap" "generator"
else
	broken "generator" "gen-check produced no result"
fi

wait "${pids[@]}"
cat "$out"/leg-*.log >&2
taps=("${kernels[@]}")
[ $khid -eq 1 ] && taps+=(kernel-hid)
for k in "${taps[@]}"; do
	if [ ! -s "$out/$k.tap" ]; then
		broken "leg.$k" "no output (see $out/leg-*.log)"
		continue
	fi
	cat "$out/$k.tap"
	count "$out/$k.tap" "$k"
	# the leg's own "not ok - " lines (no kernel, no module, no result)
	n=$(grep -c '^not ok - ' "$out/$k.tap")
	[ "$n" -eq 0 ] || { fail=$((fail + n)); summary+=("$k: $n steps did not finish"); }
done

echo "# --- summary ($(elapsed "$t0"))"
for s in "${summary[@]}"; do
	echo "# $s"
done
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
