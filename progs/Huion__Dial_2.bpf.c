// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huion Inspiroy Dial 2 (Q630M), USB 256c:0060: a pen tablet with six
 * buttons and two dials, each dial with a button in its middle.
 *
 * Like other Huion tablets it has a firmware mode (out of the box) and a
 * tablet mode (after the host reads Huion's magic string descriptor, e.g.
 * with huion-switcher), and three HID interfaces:
 *
 * 1. The vendor interface, 18 bytes, one opaque 11-byte input report:
 *      06 00 ff 09 01 a1 01 85 08 75 58 95 01 09 01 81 02 c0
 *    Silent in firmware mode. In tablet mode everything comes here as
 *    report 8 (12 bytes):
 *      pen:     08 <b1> <X> <X> <Y> <Y> <P> <P> 00 00 <tilt X> <tilt Y>
 *               b1: bit 0 tip, bit 1 first button, bit 2 second button,
 *               bit 7 in range; X 0..53340, Y 0..33340, pressure 0..8191,
 *               tilt -60..60
 *      buttons: byte 1 has bit 5 (0x20) set but is not 0xf1; byte 4 one
 *               bit per button
 *      dials:   byte 1 is 0xf1; byte 3 the dial (1 = top, else bottom),
 *               byte 5 the direction (1 = one way, 2 = the other)
 *    The descriptor is replaced by a pen on report 8 (that layout) and a
 *    tablet pad on report 3 (byte 1 bit 0 Barrel Switch and bytes 2, 3
 *    X/Y, always 0, so that user space sees a tablet pad; byte 4 Buttons
 *    1..8; byte 5 the top dial as a Wheel, byte 6 the bottom dial as AC
 *    Pan, -1..1), plus a 12-byte vendor report 0xac so the device's
 *    reports still fit. Button and dial reports are rewritten into report
 *    3 (the buttons are remembered, a dial report does not carry them).
 *
 * 2. The pen interface, 93 bytes, report 10 (firmware mode):
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
 *    What is wrong: the pen's second button sets the Eraser bit (bit 2),
 *    the pen has no eraser end and never sets Invert; the size is
 *    "2048 in^3"; the tilt stays within -60..60. In range, the pen sets
 *    bit 7 as well as bit 6 (Huion pens send 0xc0, as recorded on the
 *    Kamvas 13 Gen 3).
 *    The descriptor is replaced, same report layout: bits 0..2 Tip,
 *    Barrel, Secondary Barrel Switch, bit 7 In Range, X/Y 0..32767 over
 *    266 x 166 mm, pressure 0..8191, tilt -60..60. Reports pass unchanged.
 *
 * 3. The pad interface, 148 bytes (firmware mode): the dials on report 17
 *    (a System Multi-Axis Controller: byte 1 the dial button, bytes 2-3 a
 *    16-bit relative dial, both dials added together), the buttons as
 *    keyboard report 3:
 *    0  05 01           Usage Page (Generic Desktop)
 *    2  09 0e           Usage (System Multi-Axis Controller)
 *    4  a1 01           Collection (Application)
 *    6  85 11             Report ID (17)
 *    8  05 0d             Usage Page (Digitizers)
 *   10  09 21             Usage (Puck)
 *   12  a1 02             Collection (Logical)
 *   14  15 00               Logical Minimum (0)
 *   16  25 01               Logical Maximum (1)
 *   18  75 01               Report Size (1)
 *   20  95 01               Report Count (1)
 *   22  a1 00               Collection (Physical)
 *   24  05 09                 Usage Page (Button)
 *   26  09 01                 Usage (Button 1)
 *   28  81 02                 Input (Data,Var,Abs)
 *   30  05 0d                 Usage Page (Digitizers)
 *   32  09 33                 Usage (Touch)
 *   34  81 02                 Input (Data,Var,Abs)
 *   36  95 06                 Report Count (6)
 *   38  81 03                 Input (Cnst,Var,Abs)
 *   40  a1 02                 Collection (Logical)
 *   42  05 01                   Usage Page (Generic Desktop)
 *   44  09 37                   Usage (Dial)
 *   46  16 00 80                Logical Minimum (-32768)
 *   49  26 ff 7f                Logical Maximum (32767)
 *   52  75 10                   Report Size (16)
 *   54  95 01                   Report Count (1)
 *   56  81 06                   Input (Data,Var,Rel)
 *   58  35 00                   Physical Minimum (0)
 *   60  46 10 0e                Physical Maximum (3600)
 *   63  15 00                   Logical Minimum (0)
 *   65  26 10 0e                Logical Maximum (3600)
 *   68  09 48                   Usage (Resolution Multiplier)
 *   70  b1 02                   Feature (Data,Var,Abs)
 *   72  45 00                   Physical Maximum (0)
 *   74  c0                    End Collection
 *   75  75 08                 Report Size (8)
 *   77  95 01                 Report Count (1)
 *   79  81 01                 Input (Cnst,Arr,Abs)
 *   81  75 08                 Report Size (8)
 *   83  95 01                 Report Count (1)
 *   85  81 01                 Input (Cnst,Arr,Abs)
 *   87  75 08                 Report Size (8)
 *   89  95 01                 Report Count (1)
 *   91  81 01                 Input (Cnst,Arr,Abs)
 *   93  75 08                 Report Size (8)
 *   95  95 01                 Report Count (1)
 *   97  81 01                 Input (Cnst,Arr,Abs)
 *   99  75 08                 Report Size (8)
 *  101  95 01                 Report Count (1)
 *  103  81 01                 Input (Cnst,Arr,Abs)
 *  105  c0                  End Collection
 *  106  c0                End Collection
 *  107  c0              End Collection
 *  108  05 01           Usage Page (Generic Desktop)
 *  110  09 06           Usage (Keyboard)
 *  112  a1 01           Collection (Application)
 *  114  85 03             Report ID (3)
 *  116  05 07             Usage Page (Keyboard)
 *  118  19 e0             Usage Minimum (224)
 *  120  29 e7             Usage Maximum (231)
 *  122  15 00             Logical Minimum (0)
 *  124  25 01             Logical Maximum (1)
 *  126  75 01             Report Size (1)
 *  128  95 08             Report Count (8)
 *  130  81 02             Input (Data,Var,Abs)
 *  132  05 07             Usage Page (Keyboard)
 *  134  19 00             Usage Minimum (0)
 *  136  29 ff             Usage Maximum (255)
 *  138  26 ff 00          Logical Maximum (255)
 *  141  75 08             Report Size (8)
 *  143  95 06             Report Count (6)
 *  145  81 00             Input (Data,Arr,Abs)
 *  147  c0              End Collection
 *
 *    The buttons, one at a time, type (bytes 1..4 of report 3):
 *      button 1  00 05       b              button 4  00 e0 16     Ctrl s
 *      button 2  00 08       e              button 5  00 2c        Space
 *      button 3  00 0c       i              button 6  00 e0 e2 1d  Ctrl Alt z
 *    (the modifiers come as key usages, not as modifier bits) and the dials
 *    send 11 00 01 00 ... for one step one way, 11 00 ff ff ... the other.
 *    The descriptor is replaced by a tablet pad on report 3: byte 1 bit 0
 *    Barrel Switch, bytes 2, 3 X/Y (all 0, as above), byte 4 the dials as
 *    one Wheel (-1..1), byte 5 Buttons 1..7 (the six buttons, then the dial
 *    button), plus a 9-byte vendor report 0xac. Reports 3 and 17 are both
 *    rewritten into that layout; the button state is kept across them.
 *
 * Firmware ID: udev-hid-bpf is given the tablet's firmware string
 * (HUION_T216_...) by huion-switcher, which reads it from a USB string
 * descriptor; when it is there, the firmware-mode pen and pad interfaces
 * are disabled instead of fixed. The kernel has no such string for a
 * device bound to hid-generic, so this fix always takes the "no firmware
 * ID" path: all three interfaces are fixed. In tablet mode the two
 * firmware-mode interfaces then show up as silent input devices.
 *
 * Deliberate difference from udev-hid-bpf's build of the same fix (its
 * 0010-Huion__Dial-2.bpf.o, checked by selftests/reference-guest.sh): on
 * the pad interface, upstream's fixed descriptor starts its pad with
 * Logical Maximum (0), Logical Maximum (1) (25 00 25 01), a Logical
 * Maximum where a Logical Minimum is meant. This fix writes Logical
 * Minimum (0), Logical Maximum (1) (15 00 25 01): byte 8 differs, the
 * parsed ranges are the same (no item before it sets a minimum, and the
 * HID parser starts from 0). The vendor and pen interfaces match
 * upstream byte for byte.
 */

#include "huion.h"

#define VID_HUION		0x256C
#define PID_DIAL_2		0x0060

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_HUION, PID_DIAL_2)
);

HID_BPF_DESCRIPTION("Huion Inspiroy Dial 2: pen button and tablet pad (buttons, two dials) in firmware and tablet mode");
HID_BPF_SYMPTOM("Firmware mode: the pen's second button acts as an eraser and the six buttons type keys (b, e, i, Ctrl+S...); tablet mode: the pen, buttons and dials do nothing");

/* ---- the original descriptors, byte for byte (the probe wants them) ---- */

#define D2_VENDOR_RDESC_SIZE	18
#define D2_PEN_RDESC_SIZE	HUION_FW_PEN_RDESC_SIZE
#define D2_PAD_RDESC_SIZE	148

static const __u8 d2_vendor_rdesc[D2_VENDOR_RDESC_SIZE] = {
	0x06, 0x00, 0xff, 0x09, 0x01, 0xa1, 0x01, 0x85,
	0x08, 0x75, 0x58, 0x95, 0x01, 0x09, 0x01, 0x81,
	0x02, 0xc0,
};

static const __u8 d2_pen_rdesc[D2_PEN_RDESC_SIZE] = {
	HUION_FW_PEN_RDESC
};

static const __u8 d2_pad_rdesc[D2_PAD_RDESC_SIZE] = {
	0x05, 0x01, 0x09, 0x0e, 0xa1, 0x01, 0x85, 0x11,
	0x05, 0x0d, 0x09, 0x21, 0xa1, 0x02, 0x15, 0x00,
	0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0xa1, 0x00,
	0x05, 0x09, 0x09, 0x01, 0x81, 0x02, 0x05, 0x0d,
	0x09, 0x33, 0x81, 0x02, 0x95, 0x06, 0x81, 0x03,
	0xa1, 0x02, 0x05, 0x01, 0x09, 0x37, 0x16, 0x00,
	0x80, 0x26, 0xff, 0x7f, 0x75, 0x10, 0x95, 0x01,
	0x81, 0x06, 0x35, 0x00, 0x46, 0x10, 0x0e, 0x15,
	0x00, 0x26, 0x10, 0x0e, 0x09, 0x48, 0xb1, 0x02,
	0x45, 0x00, 0xc0, 0x75, 0x08, 0x95, 0x01, 0x81,
	0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x01, 0x75,
	0x08, 0x95, 0x01, 0x81, 0x01, 0x75, 0x08, 0x95,
	0x01, 0x81, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81,
	0x01, 0xc0, 0xc0, 0xc0, 0x05, 0x01, 0x09, 0x06,
	0xa1, 0x01, 0x85, 0x03, 0x05, 0x07, 0x19, 0xe0,
	0x29, 0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01,
	0x95, 0x08, 0x81, 0x02, 0x05, 0x07, 0x19, 0x00,
	0x29, 0xff, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95,
	0x06, 0x81, 0x00, 0xc0,
};

/* ---- what replaces them ---- */

/* vendor interface: pen on report 8, pad on report 3 */
static const __u8 d2_vendor_fixed[] = {
	HUION_PEN_APP(0x08)		/* pen, report 8 */
	HUION_LOGICAL_0_1
	0x75, 0x01,                   /*   Report Size (1) */
	HUION_PEN_SWITCHES
	HUION_PEN_BITS_XY_MM		/* byte 1, then X and Y in mm */
	HUION_PEN_AXIS(0x30, 53340, 266)	/* X, 266 mm */
	HUION_PEN_AXIS(0x31, 33340, 166)	/* Y, 166 mm */
	0xb4,                         /*   Pop */
	0x16, 0x00, 0x00,             /*   Logical Minimum (0) */
	0x26, 0xff, 0x1f,             /*   Logical Maximum (8191) */
	0x09, 0x30,                   /*   Usage (Tip Pressure) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0x95, 0x01,                   /*   Report Count (1) */
	0x81, 0x01,                   /*   Input (Cnst,Arr,Abs) */
	0x15, 0xc4,                   /*   Logical Minimum (-60) */
	0x25, 0x3c,                   /*   Logical Maximum (60) */
	0x09, 0x3d,                   /*   Usage (X Tilt) */
	0x09, 0x3e,                   /*   Usage (Y Tilt) */
	0x75, 0x08,                   /*   Report Size (8) */
	0x95, 0x02,                   /*   Report Count (2) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0xc0,                         /*  End Collection */
	0xc0,                         /* End Collection */
	HUION_PAD_HEAD(0x03)		/* pad, report 3, bytes 0..3 */
	0x05, 0x09,                   /*   Usage Page (Button) */
	0x19, 0x01,                   /*   Usage Minimum (1) */
	0x29, 0x08,                   /*   Usage Maximum (8) */
	0x15, 0x00,                   /*   Logical Minimum (0) */
	0x25, 0x01,                   /*   Logical Maximum (1) */
	0x95, 0x08,                   /*   Report Count (8) */
	0x75, 0x01,                   /*   Report Size (1) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0x05, 0x01,                   /*   Usage Page (Generic Desktop) */
	HUION_PAD_WHEEL			/* the top dial */
	HUION_PAD_AC_PAN		/* the bottom dial */
	0xc0,                         /*  End Collection */
	HUION_VENDOR_FILLER(11)		/* report 0xac, 12 bytes */
	0xc0,                         /* End Collection */
};

/* pen interface: report 10, same layout */
static const __u8 d2_pen_fixed[] = {
	HUION_FW_PEN_HEAD(266, 166)	/* X/Y over 266 x 166 mm */
	0x15, 0xc4,                   /*   Logical Minimum (-60) */
	0x25, 0x3c,                   /*   Logical Maximum (60) */
	0x09, 0x3d,                   /*   Usage (X Tilt) */
	0x09, 0x3e,                   /*   Usage (Y Tilt) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0xc0,                         /*  End Collection */
	0xc0,                         /* End Collection */
};

/* pad interface: pad on report 3 */
static const __u8 d2_pad_fixed[] = {
	/*
	 * HUION_PAD_HEAD(3) starts with Logical Minimum (0), where upstream
	 * has 25 00, a Logical Maximum (0).
	 */
	HUION_PAD_HEAD(0x03)		/* pad, report 3, bytes 0..3 */
	HUION_PAD_WHEEL			/* both dials */
	0x05, 0x09,                   /*   Usage Page (Button) */
	0x19, 0x01,                   /*   Usage Minimum (1) */
	0x29, 0x08,                   /*   Usage Maximum (8) */
	0x15, 0x00,                   /*   Logical Minimum (0) */
	0x25, 0x01,                   /*   Logical Maximum (1) */
	0x95, 0x07,                   /*   Report Count (7) */
	0x75, 0x01,                   /*   Report Size (1) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0x95, 0x01,                   /*   Report Count (1) */
	0x81, 0x01,                   /*   Input (Cnst,Arr,Abs) */
	0xc0,                         /*  End Collection */
	HUION_VENDOR_FILLER(8)		/* report 0xac, 9 bytes */
	0xc0,                         /* End Collection */
};

_Static_assert(sizeof(d2_vendor_fixed) == 209, "vendor interface: 209 bytes");
_Static_assert(sizeof(d2_pen_fixed) == 110, "pen interface: 110 bytes");
_Static_assert(sizeof(d2_pad_fixed) == 92, "pad interface: 92 bytes");

/* ---- reports ---- */

#define D2_PAD_REPORT_ID	0x03	/* firmware keyboard report, and ours */
#define D2_DIAL_REPORT_ID	0x11	/* firmware dial report */
#define D2_KBD_REPORT_SIZE	8
#define D2_DIAL_REPORT_SIZE	9
#define D2_DIAL_LOW_AT		2	/* low byte of the 16-bit dial */

/* our report 3 on the pad interface, a huion_pad1_report(): dial, buttons */
#define D2_DIAL_BUTTON		0x40	/* button 7 */
#define D2_KEY_BUTTONS		0x3f	/* buttons 1..6 */

/*
 * vendor report 8 (HUION_VENDOR_*), dial reports: byte 3 the dial; our
 * report 3 on the vendor interface is a huion_pad2_report(): buttons,
 * top dial, bottom dial
 */
#define D2_VENDOR_WHICH_DIAL_AT	3
#define D2_VENDOR_TOP_DIAL	1

/* keyboard report 3, bytes 2..4 as one value */
#define KEYS(a, b, c)		(((a) << 16) | ((b) << 8) | (c))

#define D2_BUTTON(n)		(1U << ((n) - 1))

static __u8 d2_pad_buttons;	/* pad interface: buttons 1..7 */
static __u8 d2_vendor_buttons;	/* vendor interface: last button bits */

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(d2_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	switch (hctx->size) {
	case D2_VENDOR_RDESC_SIZE:
		__builtin_memcpy(data, d2_vendor_fixed, sizeof(d2_vendor_fixed));
		return sizeof(d2_vendor_fixed);
	case D2_PEN_RDESC_SIZE:
		__builtin_memcpy(data, d2_pen_fixed, sizeof(d2_pen_fixed));
		return sizeof(d2_pen_fixed);
	case D2_PAD_RDESC_SIZE:
		__builtin_memcpy(data, d2_pad_fixed, sizeof(d2_pad_fixed));
		return sizeof(d2_pad_fixed);
	}
	return 0;
}

/* Firmware mode: the button a keyboard report stands for (0: none). */
static __always_inline __u8 d2_keys_to_button(const __u8 *data)
{
	switch (KEYS(data[2], data[3], data[4])) {
	case KEYS(0x05, 0, 0):		return D2_BUTTON(1);	/* b */
	case KEYS(0x08, 0, 0):		return D2_BUTTON(2);	/* e */
	case KEYS(0x0c, 0, 0):		return D2_BUTTON(3);	/* i */
	case KEYS(0xe0, 0x16, 0):	return D2_BUTTON(4);	/* Ctrl s */
	case KEYS(0x2c, 0, 0):		return D2_BUTTON(5);	/* Space */
	case KEYS(0xe0, 0xe2, 0x1d):	return D2_BUTTON(6);	/* Ctrl Alt z */
	default:			return 0;
	}
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(d2_fix_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, 12);
	__s8 top = 0, bottom = 0, dir;

	if (!data || type != HID_INPUT_REPORT)
		return 0;

	/* firmware mode, pad interface: buttons */
	if (data[0] == D2_PAD_REPORT_ID && hctx->size >= D2_KBD_REPORT_SIZE) {
		d2_pad_buttons = (d2_pad_buttons & D2_DIAL_BUTTON) |
				 d2_keys_to_button(data);
		return huion_pad1_report(data, D2_PAD_REPORT_ID, 0, d2_pad_buttons);
	}

	/*
	 * firmware mode, pad interface: dials and dial buttons. One step is
	 * 00 01 or ff ff; the low byte, as a signed value, keeps that step
	 * (the kernel clamps bigger values to the -1..1 of our Wheel).
	 */
	if (data[0] == D2_DIAL_REPORT_ID && hctx->size >= D2_DIAL_REPORT_SIZE) {
		d2_pad_buttons = (d2_pad_buttons & D2_KEY_BUTTONS) |
				 (data[1] ? D2_DIAL_BUTTON : 0);
		return huion_pad1_report(data, D2_PAD_REPORT_ID, data[D2_DIAL_LOW_AT],
					 d2_pad_buttons);
	}

	/* tablet mode, vendor interface: pen reports pass as they are */
	if (data[0] != HUION_VENDOR_REPORT_ID || hctx->size < HUION_PAD2_REPORT_SIZE ||
	    !(data[1] & HUION_VENDOR_PAD))
		return 0;

	if (data[1] == HUION_VENDOR_DIAL) {
		dir = huion_vendor_dial_step(data);
		if (data[D2_VENDOR_WHICH_DIAL_AT] == D2_VENDOR_TOP_DIAL)
			top = dir;
		else
			bottom = dir;
	} else {
		d2_vendor_buttons = data[HUION_VENDOR_BUTTONS_AT];
	}

	return huion_pad2_report(data, D2_PAD_REPORT_ID, d2_vendor_buttons, top, bottom);
}

HID_BPF_OPS(dial_2) = {
	.hid_rdesc_fixup = (void *)d2_fix_rdesc,
	.hid_device_event = (void *)d2_fix_event,
};

/* Each interface is replaced wholesale: its descriptor must match exactly. */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int ok;

	ok = hbf_rdesc_matches(ctx, D2_VENDOR_RDESC_SIZE, 0, d2_vendor_rdesc,
			       D2_VENDOR_RDESC_SIZE) ||
	     hbf_rdesc_matches(ctx, D2_PEN_RDESC_SIZE, 0, d2_pen_rdesc,
			       D2_PEN_RDESC_SIZE) ||
	     hbf_rdesc_matches(ctx, D2_PAD_RDESC_SIZE, 0, d2_pad_rdesc,
			       D2_PAD_RDESC_SIZE);

	ctx->retval = ok ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
