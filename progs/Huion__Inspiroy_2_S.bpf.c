// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huion Inspiroy 2 S (H641P), USB 256c:0066.
 *
 * The tablet has three HID interfaces and two ways of talking:
 *
 *  - firmware mode (out of the box): the pen sends report 10 on the pen
 *    interface, the six buttons and the wheel type keyboard shortcuts on
 *    the keyboard interface, the vendor interface is silent;
 *  - tablet mode (after the host reads Huion's magic string descriptor,
 *    e.g. with huion-switcher): everything, pen and pad, comes as vendor
 *    report 8 on the vendor interface, and the other two are silent.
 *
 * The fix makes all three interfaces useful, so the tablet works in
 * either mode:
 *
 * 1. The vendor interface, 18 bytes, one opaque 11-byte input report:
 *      06 00 ff 09 01 a1 01 85 08 75 58 95 01 09 01 81 02 c0
 *    Its report 8 is, in tablet mode:
 *      pen:   08 <b1> <X lo> <X hi> <Y lo> <Y hi> <P lo> <P hi> 00 00 00 00
 *             b1: bit 0 tip, bit 1 first button, bit 2 second button
 *             (the "eraser button"), bit 7 in range;
 *             X 0..32000, Y 0..20000, pressure 0..8192
 *      pad:   byte 1 has bit 5 (0x20) set and is not 0xf1; byte 4 one
 *             bit per button, bits 0..5 = buttons 1..6
 *      wheel: byte 1 is 0xf1; byte 5 the direction: 1 = +1, 2 = -1
 *    The descriptor is replaced (18 -> 188 bytes) by a pen on report 8
 *    (byte 1 as above, then X, Y, pressure) and a tablet pad on report 3
 *    (byte 1 bit 0 Barrel Switch and bytes 2, 3 X/Y, always 0, so that
 *    user space sees a tablet pad; byte 4 Buttons 1..6; byte 5 a wheel,
 *    -1..1), plus a 12-byte vendor report 0xac so the device's 12-byte
 *    reports still fit. Pad and wheel reports are rewritten into report 3
 *    (the buttons are remembered, a wheel report does not carry them).
 *
 *    When the eraser button is pressed or released while the tip
 *    is down, the pen drops the tip for up to 4 reports, sometimes in the
 *    same report as the button change. The fix keeps the tip down for 4
 *    reports (or until the pen sends it down again) after such a change.
 *
 * 2. The pen interface, 93 bytes, report 10:
 *    0  05 0d           Usage Page (Digitizers)
 *    2  09 02           Usage (Pen)
 *    4  a1 01           Collection (Application)
 *    6  85 0a             Report ID (10)
 *    8  09 20             Usage (Stylus)
 *   10  a1 01             Collection (Application)
 *   12  09 42               Usage (Tip Switch)
 *   14  09 44               Usage (Barrel Switch)
 *   16  09 45               Usage (Eraser)
 *   18  09 3c               Usage (Invert)
 *   20  15 00               Logical Minimum (0)
 *   22  25 01               Logical Maximum (1)
 *   24  75 01               Report Size (1)
 *   26  95 06               Report Count (6)
 *   28  81 02               Input (Data,Var,Abs)
 *   30  09 32               Usage (In Range)
 *   32  75 01               Report Size (1)
 *   34  95 01               Report Count (1)
 *   36  81 02               Input (Data,Var,Abs)
 *   38  81 03               Input (Cnst,Var,Abs)
 *   40  05 01               Usage Page (Generic Desktop)
 *   42  09 30               Usage (X)
 *   44  09 31               Usage (Y)
 *   46  55 0d               Unit Exponent (-3)
 *   48  65 33               Unit (English Linear: inch^3)
 *   50  26 ff 7f            Logical Maximum (32767)
 *   53  35 00               Physical Minimum (0)
 *   55  46 00 08            Physical Maximum (2048)
 *   58  75 10               Report Size (16)
 *   60  95 02               Report Count (2)
 *   62  81 02               Input (Data,Var,Abs)
 *   64  05 0d               Usage Page (Digitizers)
 *   66  09 30               Usage (Tip Pressure)
 *   68  26 ff 1f            Logical Maximum (8191)
 *   71  75 10               Report Size (16)
 *   73  95 01               Report Count (1)
 *   75  81 02               Input (Data,Var,Abs)
 *   77  09 3d               Usage (X Tilt)
 *   79  09 3e               Usage (Y Tilt)
 *   81  15 81               Logical Minimum (-127)
 *   83  25 7f               Logical Maximum (127)
 *   85  75 08               Report Size (8)
 *   87  95 02               Report Count (2)
 *   89  81 02               Input (Data,Var,Abs)
 *   91  c0                End Collection
 *   92  c0              End Collection
 *
 *    What is wrong: the pen's second button (the "eraser button") sets the
 *    Eraser bit (bit 2), but the pen has no eraser end and never sets
 *    Invert; the physical size is "2048 in^3"; the pen has no tilt. In
 *    range, the pen sets bit 7 as well as bit 6 (Huion pens send 0xc0,
 *    as recorded on the Kamvas 13 Gen 3), which is where the fixed
 *    descriptor reads In Range, like in tablet mode.
 *    The descriptor is replaced (93 -> 102 bytes) with the same report
 *    layout: bits 0..2 Tip, Barrel, Secondary Barrel Switch, bit 7 In
 *    Range, X/Y 0..32767 over 160 x 100 mm, pressure 0..8191, and the two
 *    tilt bytes as padding. Reports pass unchanged.
 *
 * 3. The keyboard interface, 65 bytes:
 *    0  05 01           Usage Page (Generic Desktop)
 *    2  09 06           Usage (Keyboard)
 *    4  a1 01           Collection (Application)
 *    6  85 03             Report ID (3)
 *    8  05 07             Usage Page (Keyboard)
 *   10  19 e0             Usage Minimum (224)
 *   12  29 e7             Usage Maximum (231)
 *   14  15 00             Logical Minimum (0)
 *   16  25 01             Logical Maximum (1)
 *   18  75 01             Report Size (1)
 *   20  95 08             Report Count (8)
 *   22  81 02             Input (Data,Var,Abs)
 *   24  05 07             Usage Page (Keyboard)
 *   26  19 00             Usage Minimum (0)
 *   28  29 ff             Usage Maximum (255)
 *   30  26 ff 00          Logical Maximum (255)
 *   33  75 08             Report Size (8)
 *   35  95 06             Report Count (6)
 *   37  81 00             Input (Data,Arr,Abs)
 *   39  c0              End Collection
 *   40  05 0c           Usage Page (Consumer)
 *   42  09 01           Usage (Consumer Control)
 *   44  a1 01           Collection (Application)
 *   46  85 04             Report ID (4)
 *   48  19 00             Usage Minimum (0)
 *   50  2a 3c 02          Usage Maximum (572)
 *   53  15 00             Logical Minimum (0)
 *   55  26 3c 02          Logical Maximum (572)
 *   58  95 01             Report Count (1)
 *   60  75 10             Report Size (16)
 *   62  81 00             Input (Data,Arr,Abs)
 *   64  c0              End Collection
 *
 *    Report 3 is a keyboard report (modifiers, then key usages), one
 *    button at a time:
 *      button 1  03 00 05 ...  b              button 4  03 01 16 ...  Ctrl s
 *      button 2  03 00 0c ...  i              button 5  03 00 2c ...  Space
 *      button 3  03 00 08 ...  e              button 6  03 05 1d ...  Ctrl Alt z
 *      wheel     03 01 2d ...  Ctrl -  (down) 03 01 2e ...  Ctrl =  (up)
 *      released  03 00 00 ...
 *    The descriptor is replaced (65 -> 88 bytes) by a tablet pad on report
 *    3: byte 1 bit 0 Barrel Switch, bytes 2, 3 X/Y (all 0, as above), byte
 *    4 the wheel (-1..1), byte 5 the button number (array 1..6, 0 = none),
 *    plus an 8-byte vendor report 0xac. Each report 3 is rewritten into
 *    that 6-byte layout; key combinations that are no button give an empty
 *    report. Report 4 (consumer keys) is not used by the tablet and is no
 *    longer declared.
 *
 * Firmware ID: udev-hid-bpf is given the tablet's firmware string
 * (HUION_T21j_...) by huion-switcher, which reads it from a USB string
 * descriptor; when it is there, the firmware-mode pen and keyboard
 * interfaces are disabled instead of fixed. The kernel has no such string
 * for a device bound to hid-generic (the USB serial, hctx->hid->uniq, is
 * empty on this tablet), so this fix always takes the "no firmware ID"
 * path: all three interfaces are fixed. In tablet mode the two
 * firmware-mode interfaces then show up as silent input devices.
 */

#include "huion.h"

#define VID_HUION		0x256C
#define PID_INSPIROY_2_S	0x0066

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_HUION, PID_INSPIROY_2_S)
);

HID_BPF_DESCRIPTION("Huion Inspiroy 2 S: pen button and tablet pad (buttons, wheel) in firmware and tablet mode");
HID_BPF_SYMPTOM("Firmware mode: the pen's second button acts as an eraser and the 6 buttons and wheel type shortcuts (b, i, Ctrl+S, Ctrl+minus...); tablet mode: pen, buttons and wheel do nothing");

/* ---- the original descriptors, byte for byte (the probe wants them) ---- */

#define I2S_VENDOR_RDESC_SIZE	18
#define I2S_PEN_RDESC_SIZE	HUION_FW_PEN_RDESC_SIZE
#define I2S_PAD_RDESC_SIZE	65

static const __u8 i2s_vendor_rdesc[I2S_VENDOR_RDESC_SIZE] = {
	0x06, 0x00, 0xff, 0x09, 0x01, 0xa1, 0x01, 0x85,
	0x08, 0x75, 0x58, 0x95, 0x01, 0x09, 0x01, 0x81,
	0x02, 0xc0,
};

static const __u8 i2s_pen_rdesc[I2S_PEN_RDESC_SIZE] = {
	HUION_FW_PEN_RDESC
};

static const __u8 i2s_pad_rdesc[I2S_PAD_RDESC_SIZE] = {
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x03,
	0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00,
	0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02,
	0x05, 0x07, 0x19, 0x00, 0x29, 0xff, 0x26, 0xff,
	0x00, 0x75, 0x08, 0x95, 0x06, 0x81, 0x00, 0xc0,
	0x05, 0x0c, 0x09, 0x01, 0xa1, 0x01, 0x85, 0x04,
	0x19, 0x00, 0x2a, 0x3c, 0x02, 0x15, 0x00, 0x26,
	0x3c, 0x02, 0x95, 0x01, 0x75, 0x10, 0x81, 0x00,
	0xc0,
};

/* ---- what replaces them ---- */

/* vendor interface: pen on report 8, pad on report 3 */
static const __u8 i2s_vendor_fixed[] = {
	HUION_PEN_APP(0x08)		/* pen, report 8 */
	HUION_LOGICAL_0_1
	0x75, 0x01,                   /*   Report Size (1) */
	HUION_PEN_SWITCHES
	HUION_PEN_BITS_XY_MM		/* byte 1, then X and Y in mm */
	HUION_PEN_AXIS(0x30, 32000, 160)	/* X, 160 mm */
	HUION_PEN_AXIS(0x31, 20000, 100)	/* Y, 100 mm */
	0xb4,                         /*   Pop */
	0x16, 0x00, 0x00,             /*   Logical Minimum (0) */
	0x26, 0x00, 0x20,             /*   Logical Maximum (8192) */
	0x09, 0x30,                   /*   Usage (Tip Pressure) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0xc0,                         /*  End Collection */
	0xc0,                         /* End Collection */
	HUION_PAD_HEAD(0x03)		/* pad, report 3, bytes 0..3 */
	0x05, 0x09,                   /*   Usage Page (Button) */
	0x19, 0x01,                   /*   Usage Minimum (1) */
	0x29, 0x06,                   /*   Usage Maximum (6) */
	0x15, 0x00,                   /*   Logical Minimum (0) */
	0x25, 0x01,                   /*   Logical Maximum (1) */
	0x95, 0x06,                   /*   Report Count (6) */
	0x75, 0x01,                   /*   Report Size (1) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0x95, 0x02,                   /*   Report Count (2) */
	0x81, 0x01,                   /*   Input (Cnst,Arr,Abs) */
	0x05, 0x01,                   /*   Usage Page (Generic Desktop) */
	HUION_PAD_WHEEL			/* byte 5: the wheel */
	0xc0,                         /*  End Collection */
	HUION_VENDOR_FILLER(11)		/* report 0xac, 12 bytes */
	0xc0,                         /* End Collection */
};

/* pen interface: report 10, same layout */
static const __u8 i2s_pen_fixed[] = {
	HUION_FW_PEN_HEAD(160, 100)	/* X/Y over 160 x 100 mm */
	HUION_FW_PEN_NO_TILT_END
};

/* keyboard interface: pad on report 3 */
static const __u8 i2s_pad_fixed[] = {
	HUION_PAD_HEAD(0x03)		/* pad, report 3, bytes 0..3 */
	HUION_PAD_WHEEL			/* byte 4: the wheel */
	HUION_PAD_BUTTON_INDEX(6)	/* byte 5: the button held */
	0xc0,                         /*  End Collection */
	HUION_VENDOR_FILLER(7)		/* report 0xac, 8 bytes */
	0xc0,                         /* End Collection */
};

_Static_assert(sizeof(i2s_vendor_fixed) == 188, "vendor interface: 188 bytes");
_Static_assert(sizeof(i2s_pen_fixed) == 102, "pen interface: 102 bytes");
_Static_assert(sizeof(i2s_pad_fixed) == 88, "keyboard interface: 88 bytes");

/* ---- reports ---- */

#define I2S_PAD_REPORT_ID	0x03	/* firmware keyboard report, and ours */
#define I2S_KBD_REPORT_SIZE	8	/* 03 <modifiers> <6 key usages> */
#define I2S_PAD_REPORT_SIZE	6	/* 03 00 <x> <y> <byte 4> <byte 5> */

/* vendor report 8 (HUION_VENDOR_*), pen reports: byte 1 */
#define I2S_PEN_IN_RANGE	0x80
#define I2S_PEN_TIP		0x01
#define I2S_PEN_ERASER_BUTTON	0x04

#define I2S_TIP_HOLD_REPORTS	4

/* per device state */
static __u8 i2s_buttons;		/* last pad buttons, tablet mode */
static __u8 i2s_last_tip;
static __u8 i2s_last_eraser_btn;
static __u8 i2s_tip_hold;		/* reports left with the tip forced down */

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(i2s_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	switch (hctx->size) {
	case I2S_VENDOR_RDESC_SIZE:
		__builtin_memcpy(data, i2s_vendor_fixed, sizeof(i2s_vendor_fixed));
		return sizeof(i2s_vendor_fixed);
	case I2S_PEN_RDESC_SIZE:
		__builtin_memcpy(data, i2s_pen_fixed, sizeof(i2s_pen_fixed));
		return sizeof(i2s_pen_fixed);
	case I2S_PAD_RDESC_SIZE:
		__builtin_memcpy(data, i2s_pad_fixed, sizeof(i2s_pad_fixed));
		return sizeof(i2s_pad_fixed);
	}
	return 0;
}

/* Firmware mode: which button or wheel step a keyboard report stands for. */
static __always_inline int i2s_kbd_to_pad(__u8 *data)
{
	__u8 button = 0;
	__s8 wheel = 0;

	switch (HUION_KBD(data[1], data[2])) {
	case HUION_KBD(0, 0x05):	/* b */
		button = 1;
		break;
	case HUION_KBD(0, 0x0c):	/* i */
		button = 2;
		break;
	case HUION_KBD(0, 0x08):	/* e */
		button = 3;
		break;
	case HUION_KBD(HUION_MOD_CTRL, 0x16):	/* Ctrl s */
		button = 4;
		break;
	case HUION_KBD(0, 0x2c):	/* Space */
		button = 5;
		break;
	case HUION_KBD(HUION_MOD_CTRL | HUION_MOD_ALT, 0x1d):	/* Ctrl Alt z */
		button = 6;
		break;
	case HUION_KBD(HUION_MOD_CTRL, 0x2d):	/* Ctrl - */
		wheel = -1;
		break;
	case HUION_KBD(HUION_MOD_CTRL, 0x2e):	/* Ctrl = */
		wheel = 1;
		break;
	}

	return huion_pad1_report(data, I2S_PAD_REPORT_ID, wheel, button);
}

/* Tablet mode pen: keep the tip down across an eraser button change. */
static __always_inline void i2s_pen_tip(__u8 *data)
{
	__u8 tip = data[1] & I2S_PEN_TIP;
	__u8 eraser_btn = data[1] & I2S_PEN_ERASER_BUTTON;

	if (i2s_tip_hold) {
		data[1] |= I2S_PEN_TIP;
		i2s_tip_hold = tip ? 0 : i2s_tip_hold - 1;
	}
	if (i2s_last_tip && eraser_btn != i2s_last_eraser_btn) {
		data[1] |= I2S_PEN_TIP;
		i2s_tip_hold = I2S_TIP_HOLD_REPORTS;
	}
	i2s_last_tip = tip;
	i2s_last_eraser_btn = eraser_btn;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(i2s_fix_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, 12);
	__s8 wheel = 0;

	if (!data || type != HID_INPUT_REPORT)
		return 0;

	/* firmware mode, keyboard interface */
	if (data[0] == I2S_PAD_REPORT_ID && hctx->size >= I2S_KBD_REPORT_SIZE) {
		return i2s_kbd_to_pad(data);
	}

	/* tablet mode, vendor interface */
	if (data[0] != HUION_VENDOR_REPORT_ID || hctx->size < I2S_PAD_REPORT_SIZE)
		return 0;

	if (data[1] & HUION_VENDOR_PAD) {
		if (data[1] == HUION_VENDOR_DIAL)
			wheel = huion_vendor_dial_step(data);
		else
			i2s_buttons = data[HUION_VENDOR_BUTTONS_AT];

		huion_pad_report_start(data, I2S_PAD_REPORT_ID);
		data[4] = i2s_buttons;
		data[5] = wheel;
		return I2S_PAD_REPORT_SIZE;
	}

	if (data[1] & I2S_PEN_IN_RANGE)
		i2s_pen_tip(data);

	return 0;
}

HID_BPF_OPS(inspiroy_2_s) = {
	.hid_rdesc_fixup = (void *)i2s_fix_rdesc,
	.hid_device_event = (void *)i2s_fix_event,
};

/* Each interface is replaced wholesale: its descriptor must match exactly. */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int ok;

	ok = hbf_rdesc_matches(ctx, I2S_VENDOR_RDESC_SIZE, 0, i2s_vendor_rdesc,
			       I2S_VENDOR_RDESC_SIZE) ||
	     hbf_rdesc_matches(ctx, I2S_PEN_RDESC_SIZE, 0, i2s_pen_rdesc,
			       I2S_PEN_RDESC_SIZE) ||
	     hbf_rdesc_matches(ctx, I2S_PAD_RDESC_SIZE, 0, i2s_pad_rdesc,
			       I2S_PAD_RDESC_SIZE);

	ctx->retval = ok ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
