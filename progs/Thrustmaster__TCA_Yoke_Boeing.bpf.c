// SPDX-License-Identifier: GPL-2.0-only
/*
 * Thrustmaster TCA Yoke (Boeing Edition), USB 044f:0409.
 *
 * The yoke's report descriptor is 149 bytes. Report 1 (64 bytes) has the
 * hat, 18 buttons and six 16-bit axes, and then vendor-defined bytes:
 *
 *  off  bytes           item
 *   76  06 f0 ff          Usage Page (Vendor 0xfff0)
 *   79  09 59             Usage (0x59)
 *   81  15 00             Logical Minimum (0)
 *   83  26 ff 00          Logical Maximum (255)
 *   86  75 08             Report Size (8)
 *   88  95 01             Report Count (1)
 *   90  81 02             Input (Data,Var,Abs)     <- 81 03 (Cnst)  byte 16
 *   92  09 51             Usage (0x51)
 *   94  15 00             Logical Minimum (0)
 *   96  26 ff 00          Logical Maximum (255)
 *   99  75 08             Report Size (8)
 *  101  95 20             Report Count (32)
 *  103  81 02             Input (Data,Var,Abs)     <- 81 03 (Cnst)  17..48
 *  105  09 50             Usage (0x50)
 *  107  15 00             Logical Minimum (0)
 *  109  26 ff 00          Logical Maximum (255)
 *  112  75 08             Report Size (8)
 *  114  95 0f             Report Count (15)
 *  116  81 03             Input (Cnst,Var,Abs)             49..63
 *  (118..148: vendor feature reports 0xf2 and 0xf3, End Collection)
 *
 * What the firmware gets wrong: the two vendor-defined inputs are declared
 * as data, and the kernel maps unknown usages of a variable 8-bit input
 * to an axis, so the yoke shows an ABS_MISC axis that no control on the
 * device moves (every physical axis is already X..Rz).
 *
 * The fix declares both inputs Constant (bytes 91 and 104: 0x02 ->
 * 0x03), as the 15 bytes after them already are. The bytes still reach
 * hidraw; the kernel just no longer makes an axis of them. The descriptor
 * keeps its size.
 *
 * Deliberate difference from udev-hid-bpf's build of the same fix (its
 * 0010-Thrustmaster__TCA-Yoke-Boeing.bpf.o, checked by
 * selftests/reference-guest.sh): that build never changes this
 * descriptor, so the two differ in bytes 91 and 104. Its probe only ever
 * writes -EINVAL (when byte 91 is not 0x02) and otherwise leaves retval
 * as udev-hid-bpf initialised it (-1, reported as EPERM), so it refuses
 * every device; and its fixup only acts on a 148-byte descriptor, while
 * the descriptor it quotes, the one above, is 149 bytes (its End
 * Collection sits at offset 148; without it hid-core rejects the
 * descriptor as an unbalanced collection). This fix makes the same
 * two-byte change on the 149-byte descriptor.
 */

#include "hid_bpf_fix.h"

#define VID_THRUSTMASTER	0x044F
#define PID_TCA_YOKE_BOEING	0x0409

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_THRUSTMASTER, PID_TCA_YOKE_BOEING)
);

HID_BPF_DESCRIPTION("Thrustmaster TCA Yoke Boeing: mark two vendor inputs constant so no phantom ABS_MISC axis appears");
HID_BPF_SYMPTOM("The yoke shows an extra axis (ABS_MISC) that no control on it moves, next to its real axes");

#define TCA_RDESC_SIZE		149
#define TCA_VENDOR_IN1_AT	90	/* Input of usage 0x59 */
#define TCA_VENDOR_IN2_AT	103	/* Input of usage 0x51 */

#define HID_INPUT_ITEM		0x81	/* Input, one data byte */
#define INPUT_DATA_VAR_ABS	0x02
#define INPUT_CNST_VAR_ABS	0x03

/* The whole original descriptor. */
static const __u8 tca_rdesc_orig[TCA_RDESC_SIZE] = {
	0x05, 0x01, 0x09, 0x04, 0xa1, 0x01, 0x85, 0x01,
	/* hat: 4 bits, 0..7, null when centred */
	0x09, 0x39, 0x15, 0x00, 0x25, 0x07, 0x35, 0x00, 0x46, 0x3b, 0x01,
	0x65, 0x14, 0x75, 0x04, 0x95, 0x01, 0x81, 0x42, 0x65, 0x00,
	/* 18 buttons, 2 bits padding */
	0x05, 0x09, 0x19, 0x01, 0x29, 0x12, 0x15, 0x00, 0x25, 0x01,
	0x75, 0x01, 0x95, 0x12, 0x81, 0x02, 0x95, 0x02, 0x81, 0x03,
	/* Y, X, Z, Ry, Rx, Rz: 16 bits each, 0..65535 */
	0x05, 0x01, 0x09, 0x31, 0x09, 0x30, 0x09, 0x32, 0x09, 0x34,
	0x09, 0x33, 0x09, 0x35, 0x15, 0x00, 0x27, 0xff, 0xff, 0x00, 0x00,
	0x75, 0x10, 0x95, 0x06, 0x81, 0x02,
	/* offset 76: the vendor inputs */
	0x06, 0xf0, 0xff,
	0x09, 0x59, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x01,
	HID_INPUT_ITEM, INPUT_DATA_VAR_ABS,
	0x09, 0x51, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x20,
	HID_INPUT_ITEM, INPUT_DATA_VAR_ABS,
	0x09, 0x50, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x0f,
	HID_INPUT_ITEM, INPUT_CNST_VAR_ABS,
	/* feature reports 0xf2, 0xf3 */
	0x09, 0x47, 0x85, 0xf2, 0x15, 0x00, 0x26, 0xff, 0x00,
	0x75, 0x08, 0x95, 0x3f, 0xb1, 0x02,
	0x09, 0x48, 0x85, 0xf3, 0x15, 0x00, 0x26, 0xff, 0x00,
	0x75, 0x08, 0x95, 0x3f, 0xb1, 0x02,
	0xc0,
};

static __always_inline void tca_make_constant(__u8 *item)
{
	if (item[0] == HID_INPUT_ITEM && item[1] == INPUT_DATA_VAR_ABS)
		item[1] = INPUT_CNST_VAR_ABS;
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(tca_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != TCA_RDESC_SIZE)
		return 0;

	tca_make_constant(data + TCA_VENDOR_IN1_AT);
	tca_make_constant(data + TCA_VENDOR_IN2_AT);

	return 0;
}

HID_BPF_OPS(tca_yoke) = {
	.hid_rdesc_fixup = (void *)tca_fix_rdesc,
};

/* Only this exact descriptor; one already marking them Constant is left. */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, TCA_RDESC_SIZE, 0, tca_rdesc_orig,
					TCA_RDESC_SIZE) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
