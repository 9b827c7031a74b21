#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of gen/hbf-gen: objects it must accept and objects it must
# refuse with a message that names the file and the reason. TAP output.
set -u
cd "$(dirname "$0")/../.."
out=gen/tests/out
mkdir -p "$out"
CLANG=${CLANG:-$(command -v clang-19 || command -v clang)}
CFLAGS="-g -O2 -target bpf -D__TARGET_ARCH_x86 -I/usr/include/$(cc -dumpmachine) -Iprogs"

pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; sed 's/^/# /' "$out/log"; }

build() { $CLANG $CFLAGS -c "gen/tests/$1.bpf.c" -o "$out/$1.bpf.o" 2>"$out/log"; }

# accept NAME TESTNAME GREP...: generation succeeds and the header has each line
accept() {
	local t=$1 name=$2; shift 2
	if ! build "$t" || ! gen/hbf-gen fix "$out/$t.bpf.o" "$name" "$out/$t.h" 2>"$out/log"; then
		not_ok "$t: accepted"; return
	fi
	for pat in "$@"; do
		grep -qF -- "$pat" "$out/$t.h" || { echo "missing: $pat" >"$out/log"; not_ok "$t: $pat"; return; }
	done
	ok "$t: accepted with the expected table"
}

# refuse OBJ MESSAGE: generation fails, naming the object and the reason
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

echo "TAP version 13"
echo "1..11"
rm -f "$out"/*.h
accept good Test__Good \
	'{ .name = "good_rdesc", .op = HBF_OP_RDESC_FIXUP, .slot = 0,' \
	'{ .name = "good_event", .op = HBF_OP_DEVICE_EVENT, .slot = 1,' \
	'.probe_slot = 2,' \
	'{ .bus = 0x0003, .group = 0x0001, .vendor = 0x1234, .product = 0x5678 },' \
	'#define HBF_DESC_test_good "Test Device: a fix the generator must accept"' \
	'#define HBF_SYMPTOM_test_good "the test device sends its button in the wrong bit"'
accept twodev Test__Two \
	'{ .bus = 0x0003, .group = 0x0001, .vendor = 0x256c, .product = 0x8251 },' \
	'{ .bus = 0x0005, .group = 0x0000, .vendor = 0x256c, .product = HID_ANY_ID },' \
	'.probe_slot = -1,'
build noops && refuse noops "$out/noops.bpf.o" "no HID_BPF_OPS() value"
accept subprog Test__Sub \
	'{ .name = "sub_event", .op = HBF_OP_DEVICE_EVENT, .slot = 0,' '.nr_slots = 1,'
accept rename Test__Rename \
	'.from = "bpf_wq_set_callback_impl", .to = "bpf_wq_set_callback" },' \
	'.nr_renames = 1,'
build unused && refuse unused "$out/unused.bpf.o" "'unused_event' is not referenced by HID_BPF_OPS()"
build nosymptom && refuse nosymptom "$out/nosymptom.bpf.o" "no HID_BPF_SYMPTOM()"
build twosymptoms && refuse twosymptoms "$out/twosymptoms.bpf.o" "HID_BPF_SYMPTOM() must be one string"
head -c 300 "$out/good.bpf.o" >"$out/broken.bpf.o"
refuse broken "$out/broken.bpf.o" "corrupt ELF object"
echo "hello" >"$out/text.bpf.o"
refuse text "$out/text.bpf.o" "not an ELF object"
if gen/hbf-gen registry "$out/registry.c" Test__Good Test__Two 2>"$out/log" &&
	grep -qF 'MODULE_DEVICE_TABLE(hid, hbf_id_table);' "$out/registry.c" &&
	grep -qF 'module_param_cb(test_two, &hbf_fix_param_ops, &hbf_fix_test_two, 0644);' "$out/registry.c"; then
	ok "registry: device table and one parameter per fix"
else
	not_ok "registry: device table and one parameter per fix"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
