/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every fix in progs/ includes: the few kernel types a HID-BPF fix
 * touches, the HID-BPF kfuncs, and the macros that describe a fix to
 * gen/hbf-gen.
 *
 * The kernel types are declared with preserve_access_index, so field
 * offsets are relocated against the running kernel's BTF when the module
 * loads the fix (CO-RE). A fix therefore never depends on the layout of
 * the kernel it was compiled next to, and no vmlinux.h is needed.
 */
#ifndef HID_BPF_FIX_H
#define HID_BPF_FIX_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

#define HBF_CORE __attribute__((preserve_access_index))

#define BUS_USB		0x03
#define BUS_BLUETOOTH	0x05
#define BUS_I2C		0x18

#define HID_GROUP_GENERIC		0x0001
#define HID_GROUP_MULTITOUCH_WIN_8	0x0004

enum hid_report_type {
	HID_INPUT_REPORT = 0,
	HID_OUTPUT_REPORT = 1,
	HID_FEATURE_REPORT = 2,
};

enum hid_class_request {
	HID_REQ_GET_REPORT = 0x01,
	HID_REQ_GET_IDLE = 0x02,
	HID_REQ_GET_PROTOCOL = 0x03,
	HID_REQ_SET_REPORT = 0x09,
	HID_REQ_SET_IDLE = 0x0A,
	HID_REQ_SET_PROTOCOL = 0x0B,
};

struct hid_device {
	char name[128];
	char phys[64];
	char uniq[64];
	__u16 bus;
	__u16 group;
	__u32 vendor;
	__u32 product;
	__u32 version;
} HBF_CORE;

struct hid_bpf_ctx {
	struct hid_device *hid;
	__u32 allocated_size;
	union {
		__s32 retval;
		__s32 size;
	};
} HBF_CORE;

/*
 * The callbacks of the kernel's struct hid_bpf_ops. Only the member names
 * matter: the generator maps each program to the member that points to it,
 * and the module fills the real struct_ops value at attach time.
 */
struct hid_bpf_ops {
	int hid_id;
	__u32 flags;
	void *list[2];
	int (*hid_device_event)(struct hid_bpf_ctx *ctx,
				enum hid_report_type report_type, __u64 source);
	int (*hid_rdesc_fixup)(struct hid_bpf_ctx *ctx);
	int (*hid_hw_request)(struct hid_bpf_ctx *ctx, unsigned char reportnum,
			      enum hid_report_type rtype,
			      enum hid_class_request reqtype, __u64 source);
	int (*hid_hw_output_report)(struct hid_bpf_ctx *ctx, __u64 source);
	void *hdev;
};

/* The context of a fix's probe program (SEC("syscall")). */
#define HID_MAX_DESCRIPTOR_SIZE 4096
struct hid_bpf_probe_args {
	unsigned int hid;
	unsigned int rdesc_size;
	unsigned char rdesc[HID_MAX_DESCRIPTOR_SIZE];
	int retval;
};

extern __u8 *hid_bpf_get_data(struct hid_bpf_ctx *ctx, unsigned int offset,
			      const __u64 __sz) __ksym;
extern struct hid_bpf_ctx *hid_bpf_allocate_context(unsigned int hid_id) __ksym;
extern void hid_bpf_release_context(struct hid_bpf_ctx *ctx) __ksym;
extern int hid_bpf_hw_request(struct hid_bpf_ctx *ctx, __u8 *data, __u64 buf__sz,
			      enum hid_report_type type,
			      enum hid_class_request reqtype) __ksym;

/* Section names: one program per struct hid_bpf_ops callback. */
#define HID_BPF_DEVICE_EVENT	"struct_ops/hid_device_event"
#define HID_BPF_RDESC_FIXUP	"struct_ops/hid_rdesc_fixup"
#define HID_BPF_HW_REQUEST	"struct_ops/hid_hw_request"
#define HID_BPF_PROBE		"syscall"

/*
 * HID_BPF_OPS(name) = { .hid_rdesc_fixup = (void *)prog, ... };
 *
 * The value lands in a section libbpf does not know, so libbpf creates no
 * struct_ops map for it; gen/hbf-gen reads it back from the ELF to learn
 * which program implements which callback.
 */
#define HID_BPF_OPS(name) struct hid_bpf_ops name SEC(".hid_bpf_ops")

/*
 * HID_BPF_CONFIG(HID_DEVICE(bus, group, vendor, product), ...);
 *
 * Each ID is stored as the length of an array type, so it survives in the
 * object's BTF without taking any space; gen/hbf-gen turns the list into
 * the module's hid device table. 0 is a wildcard (HID_BUS_ANY,
 * HID_GROUP_ANY, HID_ANY_ID).
 */
#define HBF_ID(field, value)	int (*field)[value]
#define HBF_CAT2(a, b)		a##b
#define HBF_CAT(a, b)		HBF_CAT2(a, b)
#define HID_DEVICE(b, g, v, p)				\
	struct {					\
		HBF_ID(bus, b);				\
		HBF_ID(group, g);			\
		HBF_ID(vid, v);				\
		HBF_ID(pid, p);				\
	} HBF_CAT(hbf_device_, __COUNTER__)
/* Put a ";" after each of up to 32 HID_DEVICE() entries. */
#define HBF_SEMI_1(a) a;
#define HBF_SEMI_2(a, ...) a; HBF_SEMI_1(__VA_ARGS__)
#define HBF_SEMI_3(a, ...) a; HBF_SEMI_2(__VA_ARGS__)
#define HBF_SEMI_4(a, ...) a; HBF_SEMI_3(__VA_ARGS__)
#define HBF_SEMI_5(a, ...) a; HBF_SEMI_4(__VA_ARGS__)
#define HBF_SEMI_6(a, ...) a; HBF_SEMI_5(__VA_ARGS__)
#define HBF_SEMI_7(a, ...) a; HBF_SEMI_6(__VA_ARGS__)
#define HBF_SEMI_8(a, ...) a; HBF_SEMI_7(__VA_ARGS__)
#define HBF_SEMI_9(a, ...) a; HBF_SEMI_8(__VA_ARGS__)
#define HBF_SEMI_10(a, ...) a; HBF_SEMI_9(__VA_ARGS__)
#define HBF_SEMI_11(a, ...) a; HBF_SEMI_10(__VA_ARGS__)
#define HBF_SEMI_12(a, ...) a; HBF_SEMI_11(__VA_ARGS__)
#define HBF_SEMI_13(a, ...) a; HBF_SEMI_12(__VA_ARGS__)
#define HBF_SEMI_14(a, ...) a; HBF_SEMI_13(__VA_ARGS__)
#define HBF_SEMI_15(a, ...) a; HBF_SEMI_14(__VA_ARGS__)
#define HBF_SEMI_16(a, ...) a; HBF_SEMI_15(__VA_ARGS__)
#define HBF_SEMI_17(a, ...) a; HBF_SEMI_16(__VA_ARGS__)
#define HBF_SEMI_18(a, ...) a; HBF_SEMI_17(__VA_ARGS__)
#define HBF_SEMI_19(a, ...) a; HBF_SEMI_18(__VA_ARGS__)
#define HBF_SEMI_20(a, ...) a; HBF_SEMI_19(__VA_ARGS__)
#define HBF_SEMI_21(a, ...) a; HBF_SEMI_20(__VA_ARGS__)
#define HBF_SEMI_22(a, ...) a; HBF_SEMI_21(__VA_ARGS__)
#define HBF_SEMI_23(a, ...) a; HBF_SEMI_22(__VA_ARGS__)
#define HBF_SEMI_24(a, ...) a; HBF_SEMI_23(__VA_ARGS__)
#define HBF_SEMI_25(a, ...) a; HBF_SEMI_24(__VA_ARGS__)
#define HBF_SEMI_26(a, ...) a; HBF_SEMI_25(__VA_ARGS__)
#define HBF_SEMI_27(a, ...) a; HBF_SEMI_26(__VA_ARGS__)
#define HBF_SEMI_28(a, ...) a; HBF_SEMI_27(__VA_ARGS__)
#define HBF_SEMI_29(a, ...) a; HBF_SEMI_28(__VA_ARGS__)
#define HBF_SEMI_30(a, ...) a; HBF_SEMI_29(__VA_ARGS__)
#define HBF_SEMI_31(a, ...) a; HBF_SEMI_30(__VA_ARGS__)
#define HBF_SEMI_32(a, ...) a; HBF_SEMI_31(__VA_ARGS__)
#define HBF_NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, n, ...) n
#define HBF_NARGS(...) HBF_NARGS_(__VA_ARGS__, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
#define HID_BPF_CONFIG(...)					\
	union {							\
		HBF_CAT(HBF_SEMI_, HBF_NARGS(__VA_ARGS__))(__VA_ARGS__) \
	} hbf_config SEC(".hid_bpf_config")

/*
 * HID_BPF_DESCRIPTION("Vendor Device: what the fix does");
 *
 * One line, shown by modinfo next to the fix's module parameter.
 */
#define HID_BPF_DESCRIPTION(text) \
	const char hbf_description[] SEC(".hid_bpf_desc") = text

/*
 * HID_BPF_SYMPTOM("what a user sees with the device without the fix");
 *
 * One line, shown in Documentation/devices.rst next to the description:
 * what the device does wrong when the fix is not there, as a user sees
 * it ("the pen's upper button erases instead of acting as a second
 * button"), not what the fix changes.
 *
 * Only gen/hbf-gen reads it, so it is written by the assembler rather
 * than as a variable: no BTF, no symbol, nothing added to what the module
 * loads. A quote or backslash in the text breaks the build or is refused.
 */
#define HID_BPF_SYMPTOM(text)						\
	asm(".pushsection .hid_bpf_symptom, \"a\", @progbits\n"	\
	    "\t.asciz \"" text "\"\n"					\
	    "\t.popsection")

/* The probe helpers every fix uses to recognise its descriptor. */
static __always_inline int
hbf_rdesc_matches(const struct hid_bpf_probe_args *ctx, unsigned int size,
		  unsigned int offset, const __u8 *bytes, unsigned int len)
{
	unsigned int i;

	if (ctx->rdesc_size != size || offset + len > HID_MAX_DESCRIPTOR_SIZE)
		return 0;
#pragma unroll
	for (i = 0; i < len; i++)
		if (ctx->rdesc[offset + i] != bytes[i])
			return 0;
	return 1;
}

#endif /* HID_BPF_FIX_H */
