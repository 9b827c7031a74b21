#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole test suite, one command, on a fresh Debian 12 machine (root):
#
#   selftests/run.sh [lts] [debug] [distro]      (default: all three)
#
#   lts     6.12 LTS built from linux-source-6.12 (vm/kernel-lts.sh)
#   debug   the same with KASAN, kmemleak, lockdep (vm/config.debug)
#   distro  Debian unstable's kernel, in the chroot of vm/distro-chroot.sh
#
# Installs what it needs (apt), builds and caches the kernels and the chroot
# (~/.cache/hid-bpf-fixes, or $HBF_CACHE), builds hid-bpf-fixes.ko for each
# kernel, runs the generator's host tests, then boots each kernel once
# under TCG and runs the uhid tests in it (vm/guest-tests.sh). With lts, it
# also builds the module in the 6.12 tree as =m and =y, with the admin
# guide's steps, and boots the =y kernel (vm/intree.sh). Prints TAP
# and, last, "N passed, N failed[, N skipped]" over everything; exits
# non-zero on any failure. Results: selftests/out/vm-KERNEL/, out/intree/.
# HBF_TEST_ARGS="-v XKeys__XK24" passes harness options to the tests (and
# leaves the in-tree step out: it picks tests).
set -uo pipefail
. "$(dirname "$0")/vm/common.sh"

kernels=()
for k in "$@"; do
	case $k in
	lts | debug | distro) kernels+=("$k") ;;
	*) die "usage: run.sh [lts] [debug] [distro]" ;;
	esac
done
[ ${#kernels[@]} -gt 0 ] || kernels=(lts debug distro)

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
for k in "${kernels[@]}"; do
	case $k in
	lts | debug)
		step=$(date +%s)
		"$HBF_TOP/selftests/vm/kernel-lts.sh" "$k" >/dev/null || die "6.12 $k kernel build failed"
		log "6.12 $k kernel ready ($(elapsed "$step"))"
		;;
	esac
done
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

# The generator's host tests, in the copy build-module.sh makes.
modules=()
for k in "${kernels[@]}"; do
	step=$(date +%s)
	if ko=$("$HBF_TOP/selftests/vm/build-module.sh" "$k"); then
		modules+=("$k=$ko")
		log "module for $k built ($(elapsed "$step"))"
	else
		broken "module.$k" "hid-bpf-fixes.ko did not build"
	fi
done
# HBF_TEST_ARGS: kselftest harness options for every guest, e.g.
# "-v XKeys__XK24" (that variant only) or "-t fixed -t events". Unset, the
# 6.12 and distro kernels run everything; the debug kernel (KASAN, lockdep,
# kmemleak: several times slower under TCG) runs the lifecycle tests and
# the fixtures of three representative fixes (a descriptor fix, two
# descriptor + event fixes), to keep the suite inside CI's time.
for k in "${kernels[@]}"; do
	mkdir -p "$out/stage/args-$k"
	if [ -n "${HBF_TEST_ARGS+set}" ]; then
		printf '%s\n' ${HBF_TEST_ARGS}
	elif [ "$k" = debug ]; then
		printf '%s\n' -f lifecycle -v XKeys__XK24 -v XPPen__Deco01V3 \
			-v FR_TEC__Raptor_Mach_2
	fi >"$out/stage/args-$k/test-args"
done
# The other guest programs: plug during self-unload, and the comparison
# with udev-hid-bpf's own build of each fix (distro kernel only).
cp "$HBF_TOP/selftests/stress-unload-guest.sh" "$out/stage/bin/zz-stress-unload"
# The races of issue 8, two rounds each (selftests/stress.sh runs ten).
cp "$HBF_TOP/selftests/races-guest.sh" "$out/stage/bin/zz-races"
cp "$HBF_TOP/selftests/reference-guest.sh" "$out/stage/bin/zz-reference"
# The module and udev-hid-bpf's rule on one device (distro kernel only).
cp "$HBF_TOP/selftests/coexist-guest.sh" "$out/stage/bin/zz-zcoexist"
rm -rf "$out/stage/tools"
cp -a "$HBF_TOP/selftests/tools" "$out/stage/tools"

if [ -f "${HBF_BUILD:-$HBF_CACHE/build}/src/gen/tests/run.sh" ]; then
	echo "# === generator tests (host)"
	make -s -C "${HBF_BUILD:-$HBF_CACHE/build}/src" gen-check >"$out/gen-check.tap" 2>&1
	cat "$out/gen-check.tap"
	if grep -qE '^[0-9]+ passed, [0-9]+ failed' "$out/gen-check.tap"; then
		count "$out/gen-check.tap" "generator"
	else
		broken "generator" "gen-check produced no result"
	fi
fi

for k in "${kernels[@]}"; do
	ko=
	for m in "${modules[@]}"; do
		[ "${m%%=*}" = "$k" ] && ko=${m#*=}
	done
	[ -n "$ko" ] || continue
	echo "# === kernel $k"
	step=$(date +%s)
	"$HBF_TOP/selftests/vm/run-vm.sh" -o "$out/vm-$k" -m "$ko" \
		-f "$out/stage/bin" -f "$out/stage/data" -f "$out/stage/bpf" \
		-f "$out/stage/args-$k/test-args" -f "$out/stage/tools" \
		"$k" "$HBF_TOP/selftests/vm/guest-tests.sh" >"$out/vm-$k.tap"
	rc=$?
	cat "$out/vm-$k.tap"
	log "$k: VM run took $(elapsed "$step")"
	if [ $rc -eq 2 ] || ! grep -q '^# Totals: ' "$out/vm-$k.tap"; then
		broken "vm.$k" "the VM did not finish (see $out/vm-$k/console.log)"
		count "$out/vm-$k.tap" "$k (partial)"
	else
		count "$out/vm-$k.tap" "$k"
	fi
done

# In tree: the admin guide's steps in the 6.12 tree, =m and =y (cached on
# their inputs), then the =y kernel boots and fixes an XK-24 with no module.
if [[ " ${kernels[*]} " = *" lts "* ]] && [ -z "${HBF_TEST_ARGS+set}" ]; then
	echo "# === in tree (6.12, =m and =y)"
	step=$(date +%s)
	"$HBF_TOP/selftests/vm/intree.sh" -o "$out/intree" >"$out/intree.tap"
	rc=$?
	cat "$out/intree.tap"
	log "in tree: builds and boot took $(elapsed "$step")"
	grep -q '^# Totals: ' "$out/intree.tap" ||
		broken "intree" "intree.sh stopped (exit $rc, see $out/intree/)"
	count "$out/intree.tap" "in tree"
fi

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
