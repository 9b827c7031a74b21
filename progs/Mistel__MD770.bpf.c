// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mistel MD770 keyboard (Holtek controller), USB 04d9:0339.
 *
 * The keyboard reports the first six keys held at once on its boot
 * keyboard interface, and every key beyond those (n-key rollover) on a
 * second interface. That second interface's descriptor is 203 bytes: a
 * System Control report (ID 1), a Consumer Control report (ID 2), a mouse
 * (ID 3) and, at the end, the NKRO keyboard (ID 4):
 *
 *  off  bytes       item
 *  170  05 01       Usage Page (Generic Desktop)
 *  172  09 06       Usage (Keyboard)
 *  174  a1 01       Collection (Application)
 *  176  85 04         Report ID (4)
 *  178  05 07         Usage Page (Keyboard/Keypad)
 *  180  95 01         Report Count (1)
 *  182  75 08         Report Size (8)
 *  184  81 03         Input (Cnst,Var,Abs)        byte 1: unused
 *  186  95 e8         Report Count (232)
 *  188  75 01         Report Size (1)
 *  190  15 00         Logical Minimum (0)
 *  192  25 01         Logical Maximum (1)
 *  194  05 07         Usage Page (Keyboard/Keypad)
 *  196  19 00         Usage Minimum (0)
 *  198  29 e7         Usage Maximum (231)
 *  200  81 00         Input (Data,Arr,Abs)         <- 81 02 (Data,Var,Abs)
 *  202  c0          End Collection
 *
 * What the firmware gets wrong: bytes 2..30 of report 4 are a bitmap,
 * one bit per key usage 0..231 (usage u is bit u % 8 of byte 2 + u / 8),
 * but the item declares them as an array of 232 one-bit usage indexes.
 * The kernel then reads each bit as "usage 0 or usage 1", so every key
 * pressed past the sixth is lost.
 *
 * The fix flips that one Input item to Variable (byte 201: 0x00 -> 0x02),
 * which makes each of the 232 bits the state of its own key. The
 * descriptor keeps its size and everything else.
 */

#include "hid_bpf_fix.h"

#define VID_HOLTEK		0x04D9
#define PID_MISTEL_MD770	0x0339

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_HOLTEK, PID_MISTEL_MD770)
);

HID_BPF_DESCRIPTION("Mistel MD770: make the n-key rollover bitmap a Variable input so keys past the sixth work");
HID_BPF_SYMPTOM("With more than six keys held at once, every key pressed past the sixth is lost");

#define MD770_RDESC_SIZE	203
#define MD770_KBD_AT		170	/* the NKRO keyboard collection */
#define MD770_BITMAP_INPUT_AT	200	/* Input item of the key bitmap */

#define HID_INPUT_ITEM		0x81	/* Input, one data byte */
#define INPUT_DATA_ARR_ABS	0x00
#define INPUT_DATA_VAR_ABS	0x02

/* bytes 170..202 of the original descriptor: the NKRO keyboard */
static const __u8 md770_kbd_orig[] = {
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01,
	0x85, 0x04,
	0x05, 0x07, 0x95, 0x01, 0x75, 0x08, 0x81, 0x03,
	0x95, 0xe8, 0x75, 0x01, 0x15, 0x00, 0x25, 0x01,
	0x05, 0x07, 0x19, 0x00, 0x29, 0xe7,
	HID_INPUT_ITEM, INPUT_DATA_ARR_ABS,
	0xc0,
};

_Static_assert(MD770_KBD_AT + sizeof(md770_kbd_orig) == MD770_RDESC_SIZE,
	       "the keyboard collection ends the descriptor");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(md770_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != MD770_RDESC_SIZE)
		return 0;

	if (data[MD770_BITMAP_INPUT_AT] == HID_INPUT_ITEM &&
	    data[MD770_BITMAP_INPUT_AT + 1] == INPUT_DATA_ARR_ABS)
		data[MD770_BITMAP_INPUT_AT + 1] = INPUT_DATA_VAR_ABS;

	return 0;
}

HID_BPF_OPS(mistel_md770) = {
	.hid_rdesc_fixup = (void *)md770_fix_rdesc,
};

/*
 * Only the NKRO interface, and only while its keyboard collection reads
 * as above: the boot keyboard interface has another descriptor, and a
 * firmware that already declares the bitmap as Variable needs nothing.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, MD770_RDESC_SIZE, MD770_KBD_AT,
					md770_kbd_orig,
					sizeof(md770_kbd_orig)) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
