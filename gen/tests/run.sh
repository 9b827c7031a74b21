#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of gen/hbf-gen: objects it must accept and objects it must
# refuse with a message that names the file and the reason. TAP output,
# ending with "N passed, N failed" (selftests/run.sh adds that line up).
#
# Each case is one "tc HELPER ARGS..." line in cases(), and each helper
# prints exactly one result. cases() runs twice: once to count the cases
# for the plan, once to run them. The last result checks that the run gave
# as many results as there are cases.
set -u
cd "$(dirname "$0")/../.." || exit 1
out=gen/tests/out
mkdir -p "$out"
CLANG=${CLANG:-$(command -v clang-19 || command -v clang)}
CFLAGS=(-g -O2 -target bpf -D__TARGET_ARCH_x86 "-I/usr/include/$(cc -dumpmachine)" -Iprogs)

pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; sed 's/^/# /' "$out/log"; }

build() { "$CLANG" "${CFLAGS[@]}" -c "gen/tests/$1.bpf.c" -o "$out/$1.bpf.o" 2>"$out/log"; }

# accept NAME TESTNAME GREP...: generation succeeds and the header has each line
accept() {
	local t=$1 name=$2; shift 2
	if ! build "$t"; then
		not_ok "$t: clang cannot build gen/tests/$t.bpf.c"; return
	fi
	if ! gen/hbf-gen fix "$out/$t.bpf.o" "$name" "$out/$t.h" 2>"$out/log"; then
		not_ok "$t: accepted"; return
	fi
	for pat in "$@"; do
		grep -qF -- "$pat" "$out/$t.h" || { echo "missing: $pat" >"$out/log"; not_ok "$t: $pat"; return; }
	done
	ok "$t: accepted with the expected table"
}

# refuse TEST OBJ MESSAGE: generation fails, naming the object and the
# reason, and writes no header
refuse() {
	local t=$1 obj=$2 msg=$3
	if gen/hbf-gen fix "$obj" Test__Refused "$out/$t.h" 2>"$out/log"; then
		not_ok "$t: refused"; return
	fi
	if grep -qF "$obj" "$out/log" && grep -qF "$msg" "$out/log" && [ ! -e "$out/$t.h" ]; then
		ok "$t: refused ($msg)"
	else
		not_ok "$t: refused with '$msg'"
	fi
}

# refuse_src TEST MESSAGE: gen/tests/TEST.bpf.c builds, and is refused
refuse_src() {
	if ! build "$1"; then
		not_ok "$1: clang cannot build gen/tests/$1.bpf.c"; return
	fi
	refuse "$1" "$out/$1.bpf.o" "$2"
}

# refuse_made TEST MESSAGE COMMAND...: what COMMAND prints, as
# $out/TEST.bpf.o, is refused
refuse_made() {
	local t=$1 msg=$2; shift 2
	if ! "$@" >"$out/$t.bpf.o" 2>"$out/log" || [ ! -s "$out/$t.bpf.o" ]; then
		not_ok "$t: cannot make $out/$t.bpf.o"; return
	fi
	refuse "$t" "$out/$t.bpf.o" "$msg"
}

registry() {
	if gen/hbf-gen registry "$out/registry.c" Test__Good Test__Two 2>"$out/log" &&
		grep -qF 'MODULE_DEVICE_TABLE(hid, hbf_id_table);' "$out/registry.c" &&
		grep -qF 'module_param_cb(test_two, &hbf_fix_param_ops, &hbf_fix_test_two, 0644);' "$out/registry.c"; then
		ok "registry: device table and one parameter per fix"
	else
		not_ok "registry: device table and one parameter per fix"
	fi
}

counting=1 planned=0
# tc HELPER ARGS...: one test case
tc() {
	if [ "$counting" = 1 ]; then
		planned=$((planned + 1))
	else
		"$@"
	fi
}

cases() {
	tc accept good Test__Good \
		'{ .name = "good_rdesc", .op = HBF_OP_RDESC_FIXUP, .slot = 0,' \
		'{ .name = "good_event", .op = HBF_OP_DEVICE_EVENT, .slot = 1,' \
		'.probe_slot = 2,' \
		'	.probe = {' \
		'		.insns = hbf_probe_insns_test_good,' \
		'		.data = hbf_probe_data_test_good,' \
		'{ .bus = 0x0003, .group = 0x0001, .vendor = 0x1234, .product = 0x5678 },' \
		'#define HBF_DESC_test_good "Test Device: a fix the generator must accept"' \
		'#define HBF_SYMPTOM_test_good "the test device sends its button in the wrong bit"'
	tc accept twodev Test__Two \
		'{ .bus = 0x0003, .group = 0x0001, .vendor = 0x256c, .product = 0x8251 },' \
		'{ .bus = 0x0005, .group = 0x0000, .vendor = 0x256c, .product = HID_ANY_ID },' \
		'{ .name = "two_rdesc", .op = HBF_OP_RDESC_FIXUP, .slot = 0,' \
		'.probe_slot = 1,'
	tc refuse_src noops "no HID_BPF_OPS() value"
	tc accept subprog Test__Sub \
		'{ .name = "sub_event", .op = HBF_OP_DEVICE_EVENT, .slot = 0,' \
		'.nr_slots = 2,' '.probe_slot = 1,'
	tc accept rename Test__Rename \
		'.from = "bpf_wq_set_callback_impl", .to = "bpf_wq_set_callback" },' \
		'.nr_renames = 1,'
	tc refuse_src unused "'unused_event' is not referenced by HID_BPF_OPS()"
	tc refuse_src nosymptom "no HID_BPF_SYMPTOM()"
	tc refuse_src twosymptoms "HID_BPF_SYMPTOM() must be one string"
	tc refuse_src noprobe "no probe program: a fix needs SEC(HID_BPF_PROBE) int probe(), which accepts only the descriptors it fixes"
	tc refuse_made broken "corrupt ELF object" head -c 300 "$out/good.bpf.o"
	tc refuse_made text "not an ELF object" echo hello
	tc registry
}

echo "TAP version 13"
cases
counting=0
# the cases, and the check of their count
echo "1..$((planned + 1))"
rm -f "$out"/*.h "$out"/*.bpf.o
cases
if [ "$n" -eq "$planned" ]; then
	ok "plan: $planned cases gave $n results"
else
	echo "$planned cases gave $n results" >"$out/log"
	not_ok "plan: $planned cases gave $n results"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
