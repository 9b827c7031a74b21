// SPDX-License-Identifier: GPL-2.0-only
/*
 * XP-Pen Deco Mini 4 drawing tablet, USB 28bd:0929.
 *
 * Out of the box the tablet runs in a compatibility mode that needs no
 * driver, using two of its three HID interfaces (the third, vendor-defined,
 * only works once a vendor command switches the tablet to its raw mode,
 * which this fix does not do). It fixes both:
 *
 * 1. The pad: 6 buttons that type keyboard shortcuts. Its 177-byte
 *    descriptor (the one many XP-Pen tablets share) declares an absolute
 *    mouse on report 9 (bytes 0..61), a relative mouse with wheel and pan
 *    on report 1 (bytes 62..136), and the keyboard the buttons type on:
 *
 *  off  bytes        item
 *  137  05 01        Usage Page (Generic Desktop)
 *  139  09 06        Usage (Keyboard)
 *  141  a1 01        Collection (Application)
 *  143  85 06          Report ID (6)
 *  145  05 07          Usage Page (Keyboard/Keypad)
 *  147  19 e0          Usage Minimum (224)       byte 1: the modifier bits
 *  149  29 e7          Usage Maximum (231)
 *  151  15 00          Logical Minimum (0)
 *  153  25 01          Logical Maximum (1)
 *  155  75 01          Report Size (1)
 *  157  95 08          Report Count (8)
 *  159  81 02          Input (Data,Var,Abs)
 *  161  05 07          Usage Page (Keyboard/Keypad)
 *  163  19 00          Usage Minimum (0)         bytes 2..7: the keys held,
 *  165  29 ff          Usage Maximum (255)       in the order pressed
 *  167  26 ff 00       Logical Maximum (255)
 *  170  75 08          Report Size (8)
 *  172  95 06          Report Count (6)
 *  174  81 00          Input (Data,Arr,Abs)
 *  176  c0           End Collection
 *
 *    What each button types (report 6):
 *      button 1  b                 06 00 05 00 00 00 00 00
 *      button 2  e                 06 00 08 00 00 00 00 00
 *      button 3  Left Alt          06 04 00 00 00 00 00 00
 *      button 4  Space             06 00 2c 00 00 00 00 00
 *      button 5  Left Control + s  06 01 16 00 00 00 00 00
 *      button 6  Left Control + z  06 01 1d 00 00 00 00 00
 *    Held together, their keys fill bytes 2..7 and their modifiers are
 *    OR-ed in byte 1: buttons 2 and 1 give 06 00 08 05 00 00 00 00,
 *    buttons 3 and 5 give 06 05 16 00 00 00 00 00.
 *
 *    The fix replaces the pad descriptor (177 -> 34 bytes) by a keypad
 *    application with one physical collection of usage Tablet Function
 *    Keys on the same report 6 and length: byte 1 holds Buttons 1..6 in
 *    bits 0..5 (BTN_0..BTN_5), the rest is padding. Each report 6 is
 *    rewritten to that layout: the Left Alt bit is button 3, each of the
 *    five key usages above found in bytes 2..7 sets its button's bit,
 *    anything else is ignored, and bytes 2..7 are cleared. The mice are
 *    dropped: the pad never moves a pointer.
 *
 * 2. The pen: its 109-byte descriptor is the XP-Pen template (physical
 *    maxima vary between models; below, the Deco mini7's):
 *
 *  off  bytes        item
 *    0  05 0d        Usage Page (Digitizers)
 *    2  09 02        Usage (Pen)
 *    4  a1 01        Collection (Application)
 *    6  85 07          Report ID (7)
 *    8  09 20          Usage (Stylus)
 *   10  a1 00          Collection (Physical)
 *   12  09 42            Usage (Tip Switch)        byte 1, bit 0
 *   14  09 44            Usage (Barrel Switch)     byte 1, bit 1
 *   16  09 45            Usage (Eraser)            byte 1, bit 2
 *   18  09 3c            Usage (Invert)            byte 1, bit 3
 *   20  15 00            Logical Minimum (0)
 *   22  25 01            Logical Maximum (1)
 *   24  75 01            Report Size (1)
 *   26  95 04            Report Count (4)
 *   28  81 02            Input (Data,Var,Abs)
 *   30  95 01            Report Count (1)
 *   32  81 03            Input (Cnst,Var,Abs)
 *   34  09 32            Usage (In Range)          byte 1, bit 5
 *   36  95 01            Report Count (1)
 *   38  81 02            Input (Data,Var,Abs)
 *   40  95 02            Report Count (2)
 *   42  81 03            Input (Cnst,Var,Abs)
 *   44  75 10            Report Size (16)
 *   46  95 01            Report Count (1)
 *   48  35 00            Physical Minimum (0)
 *   50  a4               Push
 *   51  05 01            Usage Page (Generic Desktop)
 *   53  09 30            Usage (X)                 bytes 2-3
 *   55  65 13            Unit (inch)
 *   57  55 0d            Unit Exponent (-3)
 *   59  46 58 1b         Physical Maximum (7000)   (per model)
 *   62  26 ff 7f         Logical Maximum (32767)
 *   65  81 02            Input (Data,Var,Abs)
 *   67  09 31            Usage (Y)                 bytes 4-5
 *   69  46 16 11         Physical Maximum (4374)   (per model)
 *   72  26 ff 7f         Logical Maximum (32767)
 *   75  81 02            Input (Data,Var,Abs)
 *   77  b4               Pop
 *   78  09 30            Usage (Tip Pressure)      bytes 6-7
 *   80  45 00            Physical Maximum (0)
 *   82  26 ff 1f         Logical Maximum (8191)
 *   85  81 42            Input (Data,Var,Abs,Null)
 *   87  09 3d            Usage (X Tilt)            byte 8
 *   89  15 81            Logical Minimum (-127)
 *   91  25 7f            Logical Maximum (127)
 *   93  75 08            Report Size (8)
 *   95  95 01            Report Count (1)
 *   97  81 02            Input (Data,Var,Abs)
 *   99  09 3e            Usage (Y Tilt)            byte 9
 *  101  15 81            Logical Minimum (-127)
 *  103  25 7f            Logical Maximum (127)
 *  105  81 02            Input (Data,Var,Abs)
 *  107  c0             End Collection
 *  108  c0           End Collection
 *
 *    The Deco Mini 4 does not send what this says. The tablet itself tells
 *    its real ranges (in a vendor string descriptor): X 0..20320, Y
 *    0..15240, pressure 0..8191 (13 bits), 5080 lines per inch, so a
 *    4 x 3 inch area; the pen has no eraser end and reports no tilt, and
 *    its second button is bit 2. The fix replaces the pen descriptor
 *    (109 -> 96 bytes) accordingly, on the same report 7 and length:
 *    Tip Switch, Barrel Switch and Tablet Pick (BTN_STYLUS2) in bits 0..2,
 *    In Range in bit 5, X 0..20320 over 4 in, Y 0..15240 over 3 in,
 *    pressure in the low 13 bits of bytes 6-7, the rest padding; the
 *    application becomes Digitizer (a tablet, not a screen). Pen reports
 *    pass through unchanged.
 */

#include "hid_bpf_fix.h"

#define VID_UGEE		0x28BD
#define PID_DECO_MINI_4		0x0929

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_UGEE, PID_DECO_MINI_4)
);

HID_BPF_DESCRIPTION("XP-Pen Deco Mini 4: pad keys become 6 tablet pad buttons, pen ranges and second button fixed");
HID_BPF_SYMPTOM("The 6 buttons type shortcuts (b, e, Alt, Space, Ctrl+S, Ctrl+Z), the pen's second button acts as an eraser, and the pen covers only part of the screen");

/* ---- the pad interface ---- */

#define PAD_RDESC_SIZE		177
#define PAD_KBD_AT		137	/* the keyboard collection, to the end */
#define PAD_REPORT_ID		0x06
#define PAD_REPORT_SIZE		8	/* report ID, modifiers, 6 key slots */
#define PAD_KEYS_FIRST		2

#define MOD_LEFT_ALT		0x04	/* byte 1, bit 2 */

/* HID Keyboard/Keypad usages the buttons type */
#define HID_KEY_B		0x05
#define HID_KEY_E		0x08
#define HID_KEY_S		0x16
#define HID_KEY_Z		0x1d
#define HID_KEY_SPACE		0x2c

#define PAD_BUTTON(n)		(1U << ((n) - 1))	/* n = 1..6 */

/* What the fix relies on: report 6 is the 8-byte boot-style keyboard. */
static const __u8 pad_kbd_orig[PAD_RDESC_SIZE - PAD_KBD_AT] = {
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, PAD_REPORT_ID,
	0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00,
	0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02,
	0x05, 0x07, 0x19, 0x00, 0x29, 0xff, 0x26, 0xff,
	0x00, 0x75, 0x08, 0x95, 0x06, 0x81, 0x00, 0xc0,
};

static const __u8 pad_rdesc_fixed[] = {
	0x05, 0x01,		/* Usage Page (Generic Desktop) */
	0x09, 0x07,		/* Usage (Keypad) */
	0xa1, 0x01,		/* Collection (Application) */
	0x85, PAD_REPORT_ID,	/*  Report ID (6)		byte 0 */
	0x05, 0x0d,		/*  Usage Page (Digitizers) */
	0x09, 0x39,		/*  Usage (Tablet Function Keys) */
	0xa0,			/*  Collection (Physical) */
	0x05, 0x09,		/*   Usage Page (Button)	byte 1 */
	0x75, 0x01,		/*   Report Size (1) */
	0x95, 0x06,		/*   Report Count (6) */
	0x19, 0x01,		/*   Usage Minimum (1) */
	0x29, 0x06,		/*   Usage Maximum (6) */
	0x14,			/*   Logical Minimum (0) */
	0x25, 0x01,		/*   Logical Maximum (1) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x32,		/*   Report Count (50)		to byte 7 */
	0x81, 0x01,		/*   Input (Cnst,Arr,Abs) */
	0xc0,			/*  End Collection */
	0xc0,			/* End Collection */
};

_Static_assert(sizeof(pad_rdesc_fixed) == 34, "the fixed pad descriptor is 34 bytes");

/* ---- the pen interface ---- */

#define PEN_RDESC_SIZE		109
#define PEN_PHYS_X_AT		59	/* Physical Maximum item, then 2 bytes */
#define PEN_PHYS_Y_AT		69

/* The template, physical maxima (left out of the check) as the mini7's. */
static const __u8 pen_rdesc_orig[PEN_RDESC_SIZE] = {
	0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x07,
	0x09, 0x20, 0xa1, 0x00, 0x09, 0x42, 0x09, 0x44,
	0x09, 0x45, 0x09, 0x3c, 0x15, 0x00, 0x25, 0x01,
	0x75, 0x01, 0x95, 0x04, 0x81, 0x02, 0x95, 0x01,
	0x81, 0x03, 0x09, 0x32, 0x95, 0x01, 0x81, 0x02,
	0x95, 0x02, 0x81, 0x03, 0x75, 0x10, 0x95, 0x01,
	0x35, 0x00, 0xa4, 0x05, 0x01, 0x09, 0x30, 0x65,
	0x13, 0x55, 0x0d, 0x46, 0x58, 0x1b, 0x26, 0xff,
	0x7f, 0x81, 0x02, 0x09, 0x31, 0x46, 0x16, 0x11,
	0x26, 0xff, 0x7f, 0x81, 0x02, 0xb4, 0x09, 0x30,
	0x45, 0x00, 0x26, 0xff, 0x1f, 0x81, 0x42, 0x09,
	0x3d, 0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x95,
	0x01, 0x81, 0x02, 0x09, 0x3e, 0x15, 0x81, 0x25,
	0x7f, 0x81, 0x02, 0xc0, 0xc0,
};

_Static_assert(sizeof(pen_rdesc_orig) == PEN_RDESC_SIZE, "109-byte pen descriptor");

#define PEN_LOGICAL_MAX_X	20320
#define PEN_LOGICAL_MAX_Y	15240
#define PEN_LPI			5080
#define LE16(v)			((v) & 0xff), ((v) >> 8)

static const __u8 pen_rdesc_fixed[] = {
	0x05, 0x0d,		/* Usage Page (Digitizers) */
	0x09, 0x01,		/* Usage (Digitizer) */
	0xa1, 0x01,		/* Collection (Application) */
	0x85, 0x07,		/*  Report ID (7)		byte 0 */
	0x09, 0x20,		/*  Usage (Stylus) */
	0xa1, 0x00,		/*  Collection (Physical) */
	0x09, 0x42,		/*   Usage (Tip Switch)		byte 1, bit 0 */
	0x09, 0x44,		/*   Usage (Barrel Switch)	bit 1 */
	0x09, 0x46,		/*   Usage (Tablet Pick)	bit 2 */
	0x75, 0x01,		/*   Report Size (1) */
	0x95, 0x03,		/*   Report Count (3) */
	0x14,			/*   Logical Minimum (0) */
	0x25, 0x01,		/*   Logical Maximum (1) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x02,		/*   Report Count (2)		bits 3-4 */
	0x81, 0x03,		/*   Input (Cnst,Var,Abs) */
	0x09, 0x32,		/*   Usage (In Range)		bit 5 */
	0x95, 0x01,		/*   Report Count (1) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x02,		/*   Report Count (2)		bits 6-7 */
	0x81, 0x03,		/*   Input (Cnst,Var,Abs) */
	0x75, 0x10,		/*   Report Size (16) */
	0x95, 0x01,		/*   Report Count (1) */
	0x35, 0x00,		/*   Physical Minimum (0) */
	0xa4,			/*   Push */
	0x05, 0x01,		/*    Usage Page (Generic Desktop) */
	0x09, 0x30,		/*    Usage (X)			bytes 2-3 */
	0x65, 0x13,		/*    Unit (inch) */
	0x55, 0x0d,		/*    Unit Exponent (-3) */
	0x26, LE16(PEN_LOGICAL_MAX_X),	/* Logical Maximum (20320) */
	0x46, LE16(PEN_LOGICAL_MAX_X * 1000 / PEN_LPI),	/* Physical Maximum (4000) */
	0x81, 0x02,		/*    Input (Data,Var,Abs) */
	0x09, 0x31,		/*    Usage (Y)			bytes 4-5 */
	0x26, LE16(PEN_LOGICAL_MAX_Y),	/* Logical Maximum (15240) */
	0x46, LE16(PEN_LOGICAL_MAX_Y * 1000 / PEN_LPI),	/* Physical Maximum (3000) */
	0x81, 0x02,		/*    Input (Data,Var,Abs) */
	0xb4,			/*   Pop */
	0x09, 0x30,		/*   Usage (Tip Pressure)	bytes 6-7, 13 bits */
	0x45, 0x00,		/*   Physical Maximum (0) */
	0x26, 0xff, 0x1f,	/*   Logical Maximum (8191) */
	0x75, 0x0d,		/*   Report Size (13) */
	0x95, 0x01,		/*   Report Count (1) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x75, 0x01,		/*   Report Size (1) */
	0x95, 0x13,		/*   Report Count (19)		to byte 9 */
	0x81, 0x01,		/*   Input (Cnst,Arr,Abs) */
	0xc0,			/*  End Collection */
	0xc0,			/* End Collection */
};

_Static_assert(sizeof(pen_rdesc_fixed) == 96, "the fixed pen descriptor is 96 bytes");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(mini4_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	if (hctx->size == PAD_RDESC_SIZE) {
		__builtin_memcpy(data, pad_rdesc_fixed, sizeof(pad_rdesc_fixed));
		return sizeof(pad_rdesc_fixed);
	}

	if (hctx->size == PEN_RDESC_SIZE) {
		__builtin_memcpy(data, pen_rdesc_fixed, sizeof(pen_rdesc_fixed));
		return sizeof(pen_rdesc_fixed);
	}

	return 0;
}

/* The pad button a key usage stands for, as a bit of the new byte 1. */
static __always_inline __u8 pad_key_to_button(__u8 usage)
{
	switch (usage) {
	case HID_KEY_B:		return PAD_BUTTON(1);
	case HID_KEY_E:		return PAD_BUTTON(2);
	case HID_KEY_SPACE:	return PAD_BUTTON(4);
	case HID_KEY_S:		return PAD_BUTTON(5);
	case HID_KEY_Z:		return PAD_BUTTON(6);
	default:		return 0;	/* no key, or not one of ours */
	}
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(mini4_events, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, PAD_REPORT_SIZE);
	__u8 buttons = 0;
	int i;

	if (!data || type != HID_INPUT_REPORT)
		return 0;

	/* only the pad's report 6; pen reports (ID 7) pass through */
	if (hctx->size < PAD_REPORT_SIZE || data[0] != PAD_REPORT_ID)
		return 0;

	if (data[1] & MOD_LEFT_ALT)
		buttons |= PAD_BUTTON(3);

#pragma unroll
	for (i = PAD_KEYS_FIRST; i < PAD_REPORT_SIZE; i++)
		buttons |= pad_key_to_button(data[i]);

	data[1] = buttons;
#pragma unroll
	for (i = PAD_KEYS_FIRST; i < PAD_REPORT_SIZE; i++)
		data[i] = 0;

	return 0;
}

HID_BPF_OPS(decomini4) = {
	.hid_rdesc_fixup = (void *)mini4_rdesc,
	.hid_device_event = (void *)mini4_events,
};

/*
 * Both descriptors are replaced wholesale, so check what the fix relies
 * on: for the pad, its size and the keyboard on report 6; for the pen,
 * its size and every byte but the physical maxima (which vary between the
 * XP-Pen models sharing the template, and are replaced anyway). The vendor
 * interface, and other firmware, are refused.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int pad, pen;

	pad = hbf_rdesc_matches(ctx, PAD_RDESC_SIZE, PAD_KBD_AT, pad_kbd_orig,
				sizeof(pad_kbd_orig));
	pen = hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, 0, pen_rdesc_orig,
				PEN_PHYS_X_AT + 1) &&
	      hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, PEN_PHYS_X_AT + 3,
				pen_rdesc_orig + PEN_PHYS_X_AT + 3,
				PEN_PHYS_Y_AT + 1 - (PEN_PHYS_X_AT + 3)) &&
	      hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, PEN_PHYS_Y_AT + 3,
				pen_rdesc_orig + PEN_PHYS_Y_AT + 3,
				PEN_RDESC_SIZE - (PEN_PHYS_Y_AT + 3));

	ctx->retval = (pad || pen) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
