// SPDX-License-Identifier: GPL-2.0-only
/*
 * XP-Pen Deco 01 V3 drawing tablet, USB 28bd:0947.
 *
 * The tablet has two HID interfaces this fix cares about (a third,
 * vendor-defined one is left alone):
 *
 * 1. The pad: 8 buttons down the side. The firmware does not report them
 *    as buttons: it types a hard-wired keyboard shortcut for each, on a
 *    boot-style keyboard report. Its descriptor is 102 bytes:
 *
 *  off  bytes       item
 *    0  05 01       Usage Page (Generic Desktop)
 *    2  09 02       Usage (Mouse)
 *    4  a1 01       Collection (Application)
 *    6  85 09         Report ID (9)
 *    8  09 01         Usage (Pointer)
 *   10  a1 00         Collection (Physical)
 *   12  05 09           Usage Page (Button)
 *   14  19 01           Usage Minimum (1)
 *   16  29 03           Usage Maximum (3)
 *   18  15 00           Logical Minimum (0)
 *   20  25 01           Logical Maximum (1)
 *   22  95 03           Report Count (3)
 *   24  75 01           Report Size (1)
 *   26  81 02           Input (Data,Var,Abs)
 *   28  95 05           Report Count (5)
 *   30  81 01           Input (Cnst,Arr,Abs)
 *   32  05 01           Usage Page (Generic Desktop)
 *   34  09 30           Usage (X)
 *   36  09 31           Usage (Y)
 *   38  26 ff 7f        Logical Maximum (32767)
 *   41  95 02           Report Count (2)
 *   43  75 10           Report Size (16)
 *   45  81 02           Input (Data,Var,Abs)
 *   47  05 0d           Usage Page (Digitizers)
 *   49  09 30           Usage (Tip Pressure)
 *   51  26 ff 07        Logical Maximum (2047)
 *   54  95 01           Report Count (1)
 *   56  75 10           Report Size (16)
 *   58  81 02           Input (Data,Var,Abs)
 *   60  c0            End Collection
 *   61  c0          End Collection
 *   62  05 01       Usage Page (Generic Desktop)
 *   64  09 06       Usage (Keyboard)
 *   66  a1 01       Collection (Application)
 *   68  85 06         Report ID (6)               <- the pad report
 *   70  05 07         Usage Page (Keyboard/Keypad)
 *   72  19 e0         Usage Minimum (224)          byte 1: 8 modifier bits
 *   74  29 e7         Usage Maximum (231)
 *   76  15 00         Logical Minimum (0)
 *   78  25 01         Logical Maximum (1)
 *   80  75 01         Report Size (1)
 *   82  95 08         Report Count (8)
 *   84  81 02         Input (Data,Var,Abs)
 *   86  05 07         Usage Page (Keyboard/Keypad)
 *   88  19 00         Usage Minimum (0)            bytes 2..7: up to six
 *   90  29 ff         Usage Maximum (255)          key usages at once
 *   92  26 ff 00      Logical Maximum (255)
 *   95  75 08         Report Size (8)
 *   97  95 06         Report Count (6)
 *   99  81 00         Input (Data,Arr,Abs)
 *  101  c0          End Collection
 *
 *    What each button sends on report 6 (byte 1 = modifiers, then keys):
 *      released   06 00 00 00 00 00 00 00
 *      button 1   06 00 05 ...   b
 *      button 2   06 00 08 ...   e
 *      button 3   06 04 00 ...   Left Alt (modifier bit 2, no key)
 *      button 4   06 00 2c ...   Space
 *      button 5   06 01 16 ...   Left Control + s
 *      button 6   06 01 1d ...   Left Control + z
 *      button 7   06 01 57 ...   Left Control + Keypad +
 *      button 8   06 01 56 ...   Left Control + Keypad -
 *    Buttons held together share the report: their key usages fill bytes
 *    2..7 in turn and their modifiers are OR-ed into byte 1, e.g. buttons
 *    2 and 1 give 06 00 08 05 00 00 00 00, buttons 3 and 5 give
 *    06 05 16 00 00 00 00 00.
 *
 *    What this fix does: the pad descriptor is replaced (102 -> 68 bytes)
 *    by a tablet pad on the same report ID 6 and the same 8-byte length:
 *      byte 1      Buttons 1..8, one bit each (BTN_0..BTN_7)
 *      byte 2      bit 0: Barrel Switch, always 0; bits 1..7 padding
 *      bytes 3, 4  X and Y, always 0
 *      bytes 5..7  padding
 *    The barrel switch and the X/Y axes carry nothing; they are there so
 *    the kernel and user space see a tablet pad (BTN_STYLUS, ABS_X and
 *    ABS_Y next to BTN_0) rather than a keypad. The mouse report 9 is
 *    dropped: the pad never moves a pointer.
 *    Each report 6 is then rewritten into that layout: the Left Alt bit
 *    is button 3, each known key usage in bytes 2..7 sets its button bit,
 *    other keys and modifiers are ignored, and bytes 2..7 are cleared.
 *
 * 2. The pen: a 109-byte descriptor, report ID 7, with the tilt axes
 *    declared -127..127 while the values the pen sends stay within
 *    -60..60; the fix declares -60..60 so the angles scale right:
 *
 *  off  bytes       item
 *    6  85 07         Report ID (7)
 *   87  09 3d           Usage (X Tilt)
 *   89  15 81           Logical Minimum (-127)     -> 15 c4 (-60)
 *   91  25 7f           Logical Maximum (127)      -> 25 3c (60)
 *   99  09 3e           Usage (Y Tilt)
 *  101  15 81           Logical Minimum (-127)     -> 15 c4 (-60)
 *  103  25 7f           Logical Maximum (127)      -> 25 3c (60)
 *    Pen reports pass through unchanged.
 */

#include "hid_bpf_fix.h"

#define VID_UGEE		0x28BD
#define PID_DECO_01_V3		0x0947

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_UGEE, PID_DECO_01_V3)
);

HID_BPF_DESCRIPTION("XP-Pen Deco 01 V3: pad keys become 8 tablet pad buttons, pen tilt range fixed");
HID_BPF_SYMPTOM("The 8 pad buttons type shortcuts (b, e, Alt, Space, Ctrl+S, Ctrl+Z...), and pen tilt covers under half of its declared range, so tilt angles come out too small");

/* ---- the pad interface ---- */

#define PAD_RDESC_SIZE		102
#define PAD_REPORT_ID		0x06
#define PAD_REPORT_SIZE		8	/* report ID, modifiers, 6 key slots */
#define PAD_KEYS_FIRST		2	/* bytes 2..7 hold key usages */

#define MOD_LEFT_ALT		0x04	/* byte 1, bit 2 */

/* HID Keyboard/Keypad usages the firmware types */
#define HID_KEY_B		0x05
#define HID_KEY_E		0x08
#define HID_KEY_S		0x16
#define HID_KEY_Z		0x1d
#define HID_KEY_SPACE		0x2c
#define HID_KEY_KP_MINUS	0x56
#define HID_KEY_KP_PLUS		0x57

#define PAD_BUTTON(n)		(1U << ((n) - 1))	/* n = 1..8 */

static const __u8 pad_rdesc_orig[PAD_RDESC_SIZE] = {
	/* report 9: a 3-button absolute mouse */
	0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x09,
	0x09, 0x01, 0xa1, 0x00, 0x05, 0x09, 0x19, 0x01,
	0x29, 0x03, 0x15, 0x00, 0x25, 0x01, 0x95, 0x03,
	0x75, 0x01, 0x81, 0x02, 0x95, 0x05, 0x81, 0x01,
	0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x26, 0xff,
	0x7f, 0x95, 0x02, 0x75, 0x10, 0x81, 0x02, 0x05,
	0x0d, 0x09, 0x30, 0x26, 0xff, 0x07, 0x95, 0x01,
	0x75, 0x10, 0x81, 0x02, 0xc0, 0xc0,
	/* report 6: the keyboard the buttons type on */
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x06,
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
	0x95, 0x01,		/*  Report Count (1) */
	0x75, 0x08,		/*  Report Size (8) */
	0x05, 0x0d,		/*  Usage Page (Digitizers) */
	0x09, 0x39,		/*  Usage (Tablet Function Keys) */
	0xa1, 0x00,		/*  Collection (Physical) */
	0x05, 0x09,		/*   Usage Page (Button)	byte 1 */
	0x19, 0x01,		/*   Usage Minimum (1) */
	0x29, 0x08,		/*   Usage Maximum (8) */
	0x15, 0x00,		/*   Logical Minimum (0) */
	0x25, 0x01,		/*   Logical Maximum (1) */
	0x95, 0x08,		/*   Report Count (8) */
	0x75, 0x01,		/*   Report Size (1) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x05, 0x0d,		/*   Usage Page (Digitizers)	byte 2 */
	0x09, 0x44,		/*   Usage (Barrel Switch) */
	0x95, 0x01,		/*   Report Count (1) */
	0x75, 0x01,		/*   Report Size (1) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x07,		/*   Report Count (7) */
	0x81, 0x01,		/*   Input (Cnst,Arr,Abs) */
	0x05, 0x01,		/*   Usage Page (Generic Desktop) bytes 3, 4 */
	0x09, 0x30,		/*   Usage (X) */
	0x09, 0x31,		/*   Usage (Y) */
	0x95, 0x02,		/*   Report Count (2) */
	0x75, 0x08,		/*   Report Size (8) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x03,		/*   Report Count (3)		bytes 5..7 */
	0x75, 0x08,		/*   Report Size (8) */
	0x81, 0x01,		/*   Input (Cnst,Arr,Abs) */
	0xc0,			/*  End Collection */
	0xc0,			/* End Collection */
};

_Static_assert(sizeof(pad_rdesc_fixed) == 68, "the fixed pad descriptor is 68 bytes");

/* ---- the pen interface ---- */

#define PEN_RDESC_SIZE		109
#define PEN_REPORT_ID_AT	6
#define PEN_TILT_X_AT		87
#define PEN_TILT_Y_AT		99
#define PEN_TILT_RANGE_AT	2	/* Logical Min/Max follow the usage */

static const __u8 pen_report_id[] = { 0x85, 0x07 };
static const __u8 pen_tilt_x_orig[] = { 0x09, 0x3d, 0x15, 0x81, 0x25, 0x7f };
static const __u8 pen_tilt_y_orig[] = { 0x09, 0x3e, 0x15, 0x81, 0x25, 0x7f };

#define TILT_MIN		0xc4	/* -60 */
#define TILT_MAX		0x3c	/* 60 */

static __always_inline void pen_set_tilt_range(__u8 *item)
{
	/* item points at "15 81 25 7f" */
	if (item[0] == 0x15 && item[1] == 0x81 &&
	    item[2] == 0x25 && item[3] == 0x7f) {
		item[1] = TILT_MIN;
		item[3] = TILT_MAX;
	}
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(deco01v3_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	if (hctx->size == PAD_RDESC_SIZE) {
		__builtin_memcpy(data, pad_rdesc_fixed, sizeof(pad_rdesc_fixed));
		return sizeof(pad_rdesc_fixed);
	}

	if (hctx->size == PEN_RDESC_SIZE) {
		pen_set_tilt_range(data + PEN_TILT_X_AT + PEN_TILT_RANGE_AT);
		pen_set_tilt_range(data + PEN_TILT_Y_AT + PEN_TILT_RANGE_AT);
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
	case HID_KEY_KP_PLUS:	return PAD_BUTTON(7);
	case HID_KEY_KP_MINUS:	return PAD_BUTTON(8);
	default:		return 0;	/* no key, or not one of ours */
	}
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(deco01v3_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, PAD_REPORT_SIZE);
	__u8 buttons = 0;
	int i;

	if (!data || type != HID_INPUT_REPORT)
		return 0;

	/* pen reports (ID 7) and anything short pass through untouched */
	if (hctx->size < PAD_REPORT_SIZE || data[0] != PAD_REPORT_ID)
		return 0;

	if (data[1] & MOD_LEFT_ALT)
		buttons |= PAD_BUTTON(3);

#pragma unroll
	for (i = PAD_KEYS_FIRST; i < PAD_REPORT_SIZE; i++)
		buttons |= pad_key_to_button(data[i]);

	/* new layout: buttons in byte 1, barrel switch/X/Y/padding all 0 */
	data[1] = buttons;
#pragma unroll
	for (i = PAD_KEYS_FIRST; i < PAD_REPORT_SIZE; i++)
		data[i] = 0;

	return 0;
}

HID_BPF_OPS(deco01v3) = {
	.hid_rdesc_fixup = (void *)deco01v3_rdesc,
	.hid_device_event = (void *)deco01v3_event,
};

/*
 * The pad is replaced wholesale, so its descriptor must match byte for
 * byte; for the pen only the report ID and the two tilt items matter.
 * Everything else (the vendor interface, other firmware) is refused.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int pad, pen;

	pad = hbf_rdesc_matches(ctx, PAD_RDESC_SIZE, 0, pad_rdesc_orig,
				PAD_RDESC_SIZE);
	pen = hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, PEN_REPORT_ID_AT, pen_report_id,
				sizeof(pen_report_id)) &&
	      hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, PEN_TILT_X_AT, pen_tilt_x_orig,
				sizeof(pen_tilt_x_orig)) &&
	      hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, PEN_TILT_Y_AT, pen_tilt_y_orig,
				sizeof(pen_tilt_y_orig));

	ctx->retval = (pad || pen) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
