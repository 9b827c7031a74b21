// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huion Inspiroy 2 M (H951P), USB 256c:0067: the pen and the eight
 * buttons and the wheel, in firmware mode.
 *
 * Like other Huion tablets it has a firmware mode (out of the box) and a
 * tablet mode (after the host reads Huion's magic string descriptor),
 * and three HID interfaces: a vendor interface (36 bytes, tablet mode),
 * the pen (93 bytes, firmware mode) and a keyboard (133 bytes, firmware
 * mode). This fix covers the pen and keyboard interfaces; see the end of
 * this comment for the vendor interface.
 *
 * 1. The pen interface, 93 bytes, report 10: Huion's firmware-mode pen
 *    descriptor (HUION_FW_PEN_RDESC in huion.h, listed item by item in
 *    Huion__Inspiroy_2_S.bpf.c), with the same faults as on the Inspiroy
 *    2 S: the pen's second button reads as Eraser (the pen has no eraser
 *    end), the physical size is "2048 in^3", and the two tilt bytes are
 *    declared but never filled.
 *    The descriptor is replaced (93 -> 102 bytes) with the same report
 *    layout: bits 0..2 Tip, Barrel, Secondary Barrel Switch, bit 7 In
 *    Range, X/Y 0..32767, pressure 0..8191, the tilt bytes as padding.
 *    Reports pass unchanged.
 *    The physical size is this tablet's: the tablet describes itself to
 *    the host (Huion's parameter string descriptor, which hid-uclogic
 *    reads) as 44200 x 27600 at 5080 lpi, i.e. 8.700 x 5.433 in, or
 *    221 x 138 mm. The upstream fix gives 160 x 100 mm, the Inspiroy 2
 *    S's size; the aspect ratio is the same, the resolution is not.
 *
 * 2. The keyboard interface, 133 bytes:
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
 *   65  05 01           Usage Page (Generic Desktop)
 *   67  09 02           Usage (Mouse)
 *   69  a1 01           Collection (Application)
 *   71  09 01             Usage (Pointer)
 *   73  85 05             Report ID (5)
 *   75  a1 00             Collection (Physical)
 *   77  05 09               Usage Page (Button)
 *   79  19 01               Usage Minimum (1)
 *   81  29 05               Usage Maximum (5)
 *   83  15 00               Logical Minimum (0)
 *   85  25 01               Logical Maximum (1)
 *   87  95 05               Report Count (5)
 *   89  75 01               Report Size (1)
 *   91  81 02               Input (Data,Var,Abs)
 *   93  95 01               Report Count (1)
 *   95  75 03               Report Size (3)
 *   97  81 01               Input (Cnst,Arr,Abs)
 *   99  05 01               Usage Page (Generic Desktop)
 *  101  09 30               Usage (X)
 *  103  09 31               Usage (Y)
 *  105  16 00 80            Logical Minimum (-32768)
 *  108  26 ff 7f            Logical Maximum (32767)
 *  111  75 10               Report Size (16)
 *  113  95 02               Report Count (2)
 *  115  81 06               Input (Data,Var,Rel)
 *  117  95 01               Report Count (1)
 *  119  75 08               Report Size (8)
 *  121  05 01               Usage Page (Generic Desktop)
 *  123  09 38               Usage (Wheel)
 *  125  15 81               Logical Minimum (-127)
 *  127  25 7f               Logical Maximum (127)
 *  129  81 06               Input (Data,Var,Rel)
 *  131  c0                End Collection
 *  132  c0              End Collection
 *
 * Report 3 is a keyboard report (modifiers, then key usages), one button
 * at a time:
 *   button 1    03 00 05 ...  b
 *   button 2    03 07 11 ...  Ctrl Shift Alt n
 *   button 3    03 00 08 ...  e
 *   button 4    03 00 0c ...  i
 *   button 5    03 00 2c ...  Space
 *   button 6    03 01 08 ...  Ctrl e
 *   button 7    03 01 16 ...  Ctrl s
 *   button 8    03 05 1d ...  Ctrl Alt z
 *   wheel down  03 01 2d ...  Ctrl -
 *   wheel up    03 01 2e ...  Ctrl =
 *   released    03 00 00 ...
 * Reports 4 (consumer keys) and 5 (a mouse) are not used by the tablet.
 *
 * What the fix does: the descriptor is replaced (133 -> 88 bytes) by a
 * tablet pad on report 3: byte 1 bit 0 Barrel Switch and bytes 2, 3 X/Y
 * (always 0, only there so user space sees a tablet pad), byte 4 the
 * wheel (-1..1), byte 5 the button number (array 1..8, 0 = none), plus an
 * 8-byte vendor report 0xac so the device's 8-byte reports still fit.
 * Each report 3 is rewritten into that 6-byte layout; key combinations
 * that are no button give an empty report.
 *
 * Not covered, for lack of facts: the vendor interface (tablet mode).
 * Its 36 bytes are not published with the upstream fix nor in any
 * recording (a recording shows it after hid-uclogic rewrote it), so no
 * probe can check them; and the upstream fix describes its pen with the
 * Inspiroy 2 S's logical ranges (32000 x 20000), while this tablet gives
 * 44200 x 27600 in tablet mode. The probe refuses it, and it stays as it
 * is: silent until a tool switches the tablet to tablet mode.
 *
 * Firmware ID: udev-hid-bpf disables the pen and keyboard interfaces
 * when huion-switcher reports the tablet's firmware string
 * (HUION_T21k_...), i.e. in tablet mode. The kernel has no such string
 * for a device bound to hid-generic, so both are always fixed; in tablet
 * mode they are a silent pen and a silent pad.
 */

#include "huion.h"

#define VID_HUION		0x256C
#define PID_INSPIROY_2_M	0x0067

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_HUION, PID_INSPIROY_2_M)
);

HID_BPF_DESCRIPTION("Huion Inspiroy 2 M: firmware-mode pen button and size, buttons and wheel as a tablet pad");
HID_BPF_SYMPTOM("Firmware mode: the pen's second button acts as an eraser, the pen area has a nonsense size, and the 8 buttons and wheel type shortcuts (b, e, Ctrl+S, Ctrl+minus...)");

#define I2M_PEN_RDESC_SIZE	HUION_FW_PEN_RDESC_SIZE

#define I2M_KBD_RDESC_SIZE	133

static const __u8 i2m_kbd_rdesc[I2M_KBD_RDESC_SIZE] = {
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x03,
	0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00,
	0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02,
	0x05, 0x07, 0x19, 0x00, 0x29, 0xff, 0x26, 0xff,
	0x00, 0x75, 0x08, 0x95, 0x06, 0x81, 0x00, 0xc0,
	0x05, 0x0c, 0x09, 0x01, 0xa1, 0x01, 0x85, 0x04,
	0x19, 0x00, 0x2a, 0x3c, 0x02, 0x15, 0x00, 0x26,
	0x3c, 0x02, 0x95, 0x01, 0x75, 0x10, 0x81, 0x00,
	0xc0, 0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09,
	0x01, 0x85, 0x05, 0xa1, 0x00, 0x05, 0x09, 0x19,
	0x01, 0x29, 0x05, 0x15, 0x00, 0x25, 0x01, 0x95,
	0x05, 0x75, 0x01, 0x81, 0x02, 0x95, 0x01, 0x75,
	0x03, 0x81, 0x01, 0x05, 0x01, 0x09, 0x30, 0x09,
	0x31, 0x16, 0x00, 0x80, 0x26, 0xff, 0x7f, 0x75,
	0x10, 0x95, 0x02, 0x81, 0x06, 0x95, 0x01, 0x75,
	0x08, 0x05, 0x01, 0x09, 0x38, 0x15, 0x81, 0x25,
	0x7f, 0x81, 0x06, 0xc0, 0xc0,
};

static const __u8 i2m_pen_rdesc[I2M_PEN_RDESC_SIZE] = {
	HUION_FW_PEN_RDESC
};

static const __u8 i2m_pen_fixed[] = {
	HUION_FW_PEN_HEAD(221, 138)	/* X/Y over 221 x 138 mm */
	HUION_FW_PEN_NO_TILT_END
};

static const __u8 i2m_pad_fixed[] = {
	HUION_PAD_HEAD(0x03)		/* pad, report 3, bytes 0..3 */
	HUION_PAD_WHEEL			/* byte 4: the wheel */
	HUION_PAD_BUTTON_INDEX(8)	/* byte 5: the button held */
	0xc0,                         /*  End Collection */
	HUION_VENDOR_FILLER(7)		/* report 0xac, 8 bytes */
	0xc0,                         /* End Collection */
};

_Static_assert(sizeof(i2m_pen_fixed) == 102, "pen interface: 102 bytes");
_Static_assert(sizeof(i2m_pad_fixed) == 88, "keyboard interface: 88 bytes");

#define I2M_REPORT_ID		0x03
#define I2M_KBD_REPORT_SIZE	8

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(i2m_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	switch (hctx->size) {
	case I2M_PEN_RDESC_SIZE:
		__builtin_memcpy(data, i2m_pen_fixed, sizeof(i2m_pen_fixed));
		return sizeof(i2m_pen_fixed);
	case I2M_KBD_RDESC_SIZE:
		__builtin_memcpy(data, i2m_pad_fixed, sizeof(i2m_pad_fixed));
		return sizeof(i2m_pad_fixed);
	}
	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(i2m_fix_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, I2M_KBD_REPORT_SIZE);
	__u8 button = 0;
	__s8 wheel = 0;

	if (!data || type != HID_INPUT_REPORT || hctx->size < I2M_KBD_REPORT_SIZE ||
	    data[0] != I2M_REPORT_ID)
		return 0;

	switch (HUION_KBD(data[1], data[2])) {
	case HUION_KBD(0, 0x05):	/* b */
		button = 1;
		break;
	/* Ctrl Shift Alt n */
	case HUION_KBD(HUION_MOD_CTRL | HUION_MOD_SHIFT | HUION_MOD_ALT, 0x11):
		button = 2;
		break;
	case HUION_KBD(0, 0x08):	/* e */
		button = 3;
		break;
	case HUION_KBD(0, 0x0c):	/* i */
		button = 4;
		break;
	case HUION_KBD(0, 0x2c):	/* Space */
		button = 5;
		break;
	case HUION_KBD(HUION_MOD_CTRL, 0x08):	/* Ctrl e */
		button = 6;
		break;
	case HUION_KBD(HUION_MOD_CTRL, 0x16):	/* Ctrl s */
		button = 7;
		break;
	case HUION_KBD(HUION_MOD_CTRL | HUION_MOD_ALT, 0x1d):	/* Ctrl Alt z */
		button = 8;
		break;
	case HUION_KBD(HUION_MOD_CTRL, 0x2d):	/* Ctrl - */
		wheel = -1;
		break;
	case HUION_KBD(HUION_MOD_CTRL, 0x2e):	/* Ctrl = */
		wheel = 1;
		break;
	}

	return huion_pad1_report(data, I2M_REPORT_ID, wheel, button);
}

HID_BPF_OPS(inspiroy_2_m) = {
	.hid_rdesc_fixup = (void *)i2m_fix_rdesc,
	.hid_device_event = (void *)i2m_fix_event,
};

/* The pen and keyboard interfaces, each replaced wholesale: exact match. */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int ok;

	ok = hbf_rdesc_matches(ctx, I2M_PEN_RDESC_SIZE, 0, i2m_pen_rdesc,
			       I2M_PEN_RDESC_SIZE) ||
	     hbf_rdesc_matches(ctx, I2M_KBD_RDESC_SIZE, 0, i2m_kbd_rdesc,
			       I2M_KBD_RDESC_SIZE);

	ctx->retval = ok ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
