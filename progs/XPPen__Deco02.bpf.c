// SPDX-License-Identifier: GPL-2.0-only
/*
 * XP-Pen Deco 02 drawing tablet, USB 28bd:0803.
 *
 * The tablet has three HID interfaces: the pad (which also carries the
 * pen), the pen again as a mouse, and a vendor-defined one. This fix is
 * for the first. Its whole report descriptor is 188 bytes:
 *
 *  off  bytes        item
 *    0  05 0d        Usage Page (Digitizers)
 *    2  09 02        Usage (Pen)
 *    4  a1 01        Collection (Application)
 *    6  85 07          Report ID (7)
 *    8  09 20          Usage (Stylus)
 *   10  a1 00          Collection (Physical)
 *   12  09 42            Usage (Tip Switch)
 *   14  09 44            Usage (Barrel Switch)
 *   16  09 45            Usage (Eraser)
 *   18  09 3c            Usage (Invert)
 *   20  09 32            Usage (In Range)
 *   22  15 00            Logical Minimum (0)
 *   24  25 01            Logical Maximum (1)
 *   26  75 01            Report Size (1)
 *   28  95 05            Report Count (5)
 *   30  81 02            Input (Data,Var,Abs)
 *   32  95 03            Report Count (3)
 *   34  81 03            Input (Cnst,Var,Abs)
 *   36  05 01            Usage Page (Generic Desktop)
 *   38  09 30            Usage (X)
 *   40  15 00            Logical Minimum (0)
 *   42  26 50 57         Logical Maximum (22352)
 *   45  55 0d            Unit Exponent (-3)
 *   47  65 13            Unit (inch)
 *   49  35 00            Physical Minimum (0)
 *   51  46 50 57         Physical Maximum (22352)
 *   54  75 10            Report Size (16)
 *   56  95 01            Report Count (1)
 *   58  81 02            Input (Data,Var,Abs)
 *   60  09 31            Usage (Y)
 *   62  15 00            Logical Minimum (0)
 *   64  26 92 36         Logical Maximum (13970)
 *   67  55 0d            Unit Exponent (-3)
 *   69  65 13            Unit (inch)
 *   71  35 00            Physical Minimum (0)
 *   73  46 92 36         Physical Maximum (13970)
 *   76  75 10            Report Size (16)
 *   78  95 01            Report Count (1)
 *   80  81 02            Input (Data,Var,Abs)
 *   82  05 0d            Usage Page (Digitizers)
 *   84  09 30            Usage (Tip Pressure)
 *   86  15 00            Logical Minimum (0)
 *   88  26 ff 1f         Logical Maximum (8191)
 *   91  75 10            Report Size (16)
 *   93  95 01            Report Count (1)
 *   95  81 02            Input (Data,Var,Abs)
 *   97  c0             End Collection
 *   98  c0           End Collection
 *   99  09 0e        Usage (Device Configuration)
 *  101  a1 01        Collection (Application)
 *  103  85 05          Report ID (5)
 *  105  09 23          Usage (Device Settings)
 *  107  a1 02          Collection (Logical)
 *  109  09 52            Usage (Inputmode)
 *  111  09 53            Usage (Device Index)
 *  113  25 0a            Logical Maximum (10)
 *  115  75 08            Report Size (8)
 *  117  95 02            Report Count (2)
 *  119  b1 02            Feature (Data,Var,Abs)
 *  121  c0             End Collection
 *  122  c0           End Collection
 *  123  05 0c        Usage Page (Consumer)
 *  125  09 36        Usage (Function Buttons)
 *  127  a1 00        Collection (Physical)
 *  129  85 06          Report ID (6)
 *  131  05 09          Usage Page (Button)
 *  133  19 01          Usage Minimum (1)
 *  135  29 20          Usage Maximum (32)
 *  137  15 00          Logical Minimum (0)
 *  139  25 01          Logical Maximum (1)
 *  141  95 20          Report Count (32)
 *  143  75 01          Report Size (1)
 *  145  81 02          Input (Data,Var,Abs)
 *  147  c0           End Collection
 *  148  05 01        Usage Page (Generic Desktop)
 *  150  09 06        Usage (Keyboard)
 *  152  a1 01        Collection (Application)
 *  154  85 03          Report ID (3)
 *  156  05 07          Usage Page (Keyboard/Keypad)
 *  158  19 e0          Usage Minimum (224)
 *  160  29 e7          Usage Maximum (231)
 *  162  15 00          Logical Minimum (0)
 *  164  25 01          Logical Maximum (1)
 *  166  75 01          Report Size (1)
 *  168  95 08          Report Count (8)
 *  170  81 02          Input (Data,Var,Abs)
 *  172  05 07          Usage Page (Keyboard/Keypad)
 *  174  19 00          Usage Minimum (0)
 *  176  29 ff          Usage Maximum (255)
 *  178  26 ff 00       Logical Maximum (255)
 *  181  75 08          Report Size (8)
 *  183  95 06          Report Count (6)
 *  185  81 00          Input (Data,Arr,Abs)
 *  187  c0           End Collection
 *
 * The 6 buttons and the dial do not report themselves: the firmware types
 * a hard-wired keyboard shortcut for each on report 3 (byte 1 = modifier
 * bits, bytes 2..7 = the keys held):
 *      button 1  b                          03 00 05 00 00 00 00 00
 *      button 2  Space                      03 00 2c 00 00 00 00 00
 *      button 3  e                          03 00 08 00 00 00 00 00
 *      button 4  i                          03 00 0c 00 00 00 00 00
 *      button 5  Left Control + Left Alt + z  03 05 1d 00 00 00 00 00
 *      button 6  Left Control + s           03 01 16 00 00 00 00 00
 *      dial, clockwise          Left Control + =   03 01 2e 00 00 00 00 00
 *      dial, counter-clockwise  Left Control + -   03 01 2d 00 00 00 00 00
 * With several buttons held, their keys fill bytes 2..7 in the order
 * pressed, except that buttons 5 and 6 always end up last (button 1 then
 * button 2 gives 03 00 05 2c ..., buttons 6, 1 and 5 give
 * 03 05 05 1d 16 ...), and the modifiers of all of them are OR-ed in
 * byte 1. The dial sends one report per click, released in the next.
 * The usages never overlap, so the keys tell which buttons are held.
 *
 * What this fix does: the pen collection (bytes 0..98) stays as it is,
 * the rest of the descriptor (device configuration feature report 5, the
 * 32 function buttons of report 6, which the buttons do not use, and the
 * keyboard) is replaced by a tablet pad on the same report 3 and the same
 * 8-byte length (188 -> 177 bytes):
 *      byte 1      the dial, relative -1..1 (REL_DIAL)
 *      byte 2      Buttons 1..6 in bits 0..5 (BTN_0..BTN_5)
 *      byte 3      bit 0: Barrel Switch, always 0
 *      bytes 4, 5  X and Y, always 0
 *      bytes 6, 7  padding
 * The barrel switch and X/Y carry nothing; they make the kernel and user
 * space see a tablet pad (BTN_STYLUS, ABS_X and ABS_Y next to BTN_0)
 * rather than a keypad. Each report 3 is then rewritten into that layout:
 * each known key in bytes 2..7 sets its button's bit or the dial's
 * direction (if both dial keys are there, the later one wins), other keys
 * and all modifiers are ignored. Pen reports pass through unchanged.
 *
 * No report of the device is longer than 8 bytes, so the fixed descriptor
 * needs no filler report to keep HID-BPF's event buffer large enough.
 *
 * Deliberate difference from udev-hid-bpf's build of the same fix (its
 * 0010-XPPen__Deco02.bpf.o, checked by selftests/reference-guest.sh):
 * same fields, same events, other bytes.
 *  - Upstream rewrites the pen collection with other encodings (2-byte
 *    Logical/Physical Minimum 0, the padding bits as Cnst,Arr); this fix
 *    keeps the device's own 99 bytes, untouched.
 *  - Upstream's pad declares the barrel switch right after the 6 button
 *    bits (byte 2 bit 6), and so X and Y from byte 3 bit 6 to byte 5
 *    bit 5, across byte boundaries, although its comments and event
 *    code treat byte 3 as the barrel switch and bytes 4, 5 as X/Y; this
 *    fix declares them at those bytes. They are always 0, so hid-input
 *    sees the same values.
 *  - Upstream adds a vendor report 0xac of 188 bytes, the descriptor's
 *    length, where its filler macro wants the length of the longest
 *    report the device sends, 8 bytes; report 3 already is 8 bytes, so
 *    this fix has no filler.
 * The resulting input devices (keys, axes, ranges) and events are the
 * same.
 */

#include "hid_bpf_fix.h"

#define VID_UGEE		0x28BD
#define PID_DECO_02		0x0803

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_UGEE, PID_DECO_02)
);

HID_BPF_DESCRIPTION("XP-Pen Deco 02: pad keys become 6 tablet pad buttons and a dial");
HID_BPF_SYMPTOM("The 6 buttons and the dial type shortcuts (b, Space, e, i, Ctrl+S, Ctrl+minus...) instead of being tablet pad buttons and a dial");

#define PAD_RDESC_SIZE		188
#define PEN_PART_SIZE		99	/* the pen collection, kept */

#define PAD_REPORT_ID		0x03
#define PAD_REPORT_SIZE		8	/* report ID, modifiers, 6 key slots */
#define PAD_KEYS_FIRST		2

/* the new layout of report 3 */
#define PAD_DIAL_AT		1
#define PAD_BUTTONS_AT		2

/* HID Keyboard/Keypad usages the firmware types */
#define HID_KEY_B		0x05
#define HID_KEY_E		0x08
#define HID_KEY_I		0x0c
#define HID_KEY_S		0x16
#define HID_KEY_Z		0x1d
#define HID_KEY_SPACE		0x2c
#define HID_KEY_MINUS		0x2d
#define HID_KEY_EQUAL		0x2e

#define PAD_BUTTON(n)		(1U << ((n) - 1))	/* n = 1..6 */
#define DIAL_CW			1
#define DIAL_CCW		0xff	/* -1 */

/* The original descriptor, byte for byte; the probe wants all of it. */
static const __u8 pad_rdesc_orig[PAD_RDESC_SIZE] = {
	0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x07,
	0x09, 0x20, 0xa1, 0x00, 0x09, 0x42, 0x09, 0x44,
	0x09, 0x45, 0x09, 0x3c, 0x09, 0x32, 0x15, 0x00,
	0x25, 0x01, 0x75, 0x01, 0x95, 0x05, 0x81, 0x02,
	0x95, 0x03, 0x81, 0x03, 0x05, 0x01, 0x09, 0x30,
	0x15, 0x00, 0x26, 0x50, 0x57, 0x55, 0x0d, 0x65,
	0x13, 0x35, 0x00, 0x46, 0x50, 0x57, 0x75, 0x10,
	0x95, 0x01, 0x81, 0x02, 0x09, 0x31, 0x15, 0x00,
	0x26, 0x92, 0x36, 0x55, 0x0d, 0x65, 0x13, 0x35,
	0x00, 0x46, 0x92, 0x36, 0x75, 0x10, 0x95, 0x01,
	0x81, 0x02, 0x05, 0x0d, 0x09, 0x30, 0x15, 0x00,
	0x26, 0xff, 0x1f, 0x75, 0x10, 0x95, 0x01, 0x81,
	0x02, 0xc0, 0xc0, 0x09, 0x0e, 0xa1, 0x01, 0x85,
	0x05, 0x09, 0x23, 0xa1, 0x02, 0x09, 0x52, 0x09,
	0x53, 0x25, 0x0a, 0x75, 0x08, 0x95, 0x02, 0xb1,
	0x02, 0xc0, 0xc0, 0x05, 0x0c, 0x09, 0x36, 0xa1,
	0x00, 0x85, 0x06, 0x05, 0x09, 0x19, 0x01, 0x29,
	0x20, 0x15, 0x00, 0x25, 0x01, 0x95, 0x20, 0x75,
	0x01, 0x81, 0x02, 0xc0, 0x05, 0x01, 0x09, 0x06,
	0xa1, 0x01, 0x85, 0x03, 0x05, 0x07, 0x19, 0xe0,
	0x29, 0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01,
	0x95, 0x08, 0x81, 0x02, 0x05, 0x07, 0x19, 0x00,
	0x29, 0xff, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95,
	0x06, 0x81, 0x00, 0xc0,
};

static const __u8 pad_items_fixed[] = {
	0x05, 0x01,		/* Usage Page (Generic Desktop) */
	0x09, 0x07,		/* Usage (Keypad) */
	0xa1, 0x01,		/* Collection (Application) */
	0x85, PAD_REPORT_ID,	/*  Report ID (3)		byte 0 */
	0x05, 0x0d,		/*  Usage Page (Digitizers) */
	0x09, 0x39,		/*  Usage (Tablet Function Keys) */
	0xa1, 0x00,		/*  Collection (Physical) */
	0x05, 0x01,		/*   Usage Page (Generic Desktop) byte 1 */
	0x09, 0x37,		/*   Usage (Dial) */
	0x15, 0xff,		/*   Logical Minimum (-1) */
	0x25, 0x01,		/*   Logical Maximum (1) */
	0x75, 0x08,		/*   Report Size (8) */
	0x95, 0x01,		/*   Report Count (1) */
	0x81, 0x06,		/*   Input (Data,Var,Rel) */
	0x05, 0x09,		/*   Usage Page (Button)	byte 2 */
	0x19, 0x01,		/*   Usage Minimum (1) */
	0x29, 0x06,		/*   Usage Maximum (6) */
	0x15, 0x00,		/*   Logical Minimum (0) */
	0x25, 0x01,		/*   Logical Maximum (1) */
	0x75, 0x01,		/*   Report Size (1) */
	0x95, 0x06,		/*   Report Count (6) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x02,		/*   Report Count (2) */
	0x81, 0x01,		/*   Input (Cnst,Arr,Abs) */
	0x05, 0x0d,		/*   Usage Page (Digitizers)	byte 3 */
	0x09, 0x44,		/*   Usage (Barrel Switch) */
	0x95, 0x01,		/*   Report Count (1) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x07,		/*   Report Count (7) */
	0x81, 0x01,		/*   Input (Cnst,Arr,Abs) */
	0x05, 0x01,		/*   Usage Page (Generic Desktop) bytes 4, 5 */
	0x09, 0x30,		/*   Usage (X) */
	0x09, 0x31,		/*   Usage (Y) */
	0x75, 0x08,		/*   Report Size (8) */
	0x95, 0x02,		/*   Report Count (2) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x02,		/*   Report Count (2)		bytes 6, 7 */
	0x81, 0x01,		/*   Input (Cnst,Arr,Abs) */
	0xc0,			/*  End Collection */
	0xc0,			/* End Collection */
};

#define PAD_RDESC_FIXED_SIZE	(PEN_PART_SIZE + sizeof(pad_items_fixed))

_Static_assert(PAD_RDESC_FIXED_SIZE == 177, "the fixed descriptor is 177 bytes");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(deco02_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != PAD_RDESC_SIZE)
		return 0;

	__builtin_memcpy(data + PEN_PART_SIZE, pad_items_fixed, sizeof(pad_items_fixed));
	return PAD_RDESC_FIXED_SIZE;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(deco02_events, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, PAD_REPORT_SIZE);
	__u8 buttons = 0, dial = 0;
	int i;

	if (!data || type != HID_INPUT_REPORT)
		return 0;

	/* only the keyboard report; pen reports (ID 7) pass through */
	if (hctx->size < PAD_REPORT_SIZE || data[0] != PAD_REPORT_ID)
		return 0;

#pragma unroll
	for (i = PAD_KEYS_FIRST; i < PAD_REPORT_SIZE; i++) {
		switch (data[i]) {
		case HID_KEY_B:		buttons |= PAD_BUTTON(1); break;
		case HID_KEY_SPACE:	buttons |= PAD_BUTTON(2); break;
		case HID_KEY_E:		buttons |= PAD_BUTTON(3); break;
		case HID_KEY_I:		buttons |= PAD_BUTTON(4); break;
		case HID_KEY_Z:		buttons |= PAD_BUTTON(5); break;
		case HID_KEY_S:		buttons |= PAD_BUTTON(6); break;
		case HID_KEY_EQUAL:	dial = DIAL_CW; break;
		case HID_KEY_MINUS:	dial = DIAL_CCW; break;
		default:		break;
		}
	}

	/* new layout: dial, buttons, then barrel switch/X/Y/padding all 0 */
	data[PAD_DIAL_AT] = dial;
	data[PAD_BUTTONS_AT] = buttons;
#pragma unroll
	for (i = PAD_BUTTONS_AT + 1; i < PAD_REPORT_SIZE; i++)
		data[i] = 0;

	return 0;
}

HID_BPF_OPS(deco02) = {
	.hid_rdesc_fixup = (void *)deco02_rdesc,
	.hid_device_event = (void *)deco02_events,
};

/*
 * The pad interface only, byte for byte: the pen-as-mouse and vendor
 * interfaces have other descriptors, and so would a firmware that types
 * other keys or numbers its reports otherwise.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, PAD_RDESC_SIZE, 0, pad_rdesc_orig,
					PAD_RDESC_SIZE) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
