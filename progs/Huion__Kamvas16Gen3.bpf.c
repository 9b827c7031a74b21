// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huion Kamvas 16 (Gen 3), model GS1563, USB 256c:2009: a pen display
 * with six buttons and two wheels, each wheel with a button in its
 * middle.
 *
 * Like other Huion tablets it has a firmware mode (out of the box) and a
 * vendor mode (after the host reads Huion's magic string descriptor,
 * e.g. with huion-switcher), and three HID interfaces:
 *
 *  0. the vendor interface, 36 bytes, silent in firmware mode:
 *    0  06 00 ff        Usage Page (Vendor 0xff00)
 *    3  09 01           Usage (0x1)
 *    5  a1 01           Collection (Application)
 *    7  85 08             Report ID (8)
 *    9  75 68             Report Size (104)
 *   11  95 01             Report Count (1)
 *   13  09 01             Usage (0x1)
 *   15  81 02             Input (Data,Var,Abs)
 *   17  c0              End Collection
 *   18  06 00 ff        Usage Page (Vendor 0xff00)
 *   21  09 01           Usage (0x1)
 *   23  a1 01           Collection (Application)
 *   25  85 16             Report ID (22)
 *   27  75 08             Report Size (8)
 *   29  95 07             Report Count (7)
 *   31  09 01             Usage (0x1)
 *   33  b1 02             Feature (Data,Var,Abs)
 *   35  c0              End Collection
 *  1. the pen and touch interface (328 bytes), which has the
 *     usual Huion pen mistakes (a Secondary Tip Switch, the third button
 *     as Invert, a "2048 in^3" area, tilt -90..90 instead of -60..60);
 *  2. the wheel interface (200 bytes), a System Multi-Axis Controller
 *     that cannot tell which wheel turns, plus keyboard, consumer and
 *     system control reports for the buttons.
 * Interfaces 1 and 2 are silent in vendor mode. Firmware mode cannot be
 * fixed for the wheels, so this fix only makes vendor mode usable.
 *
 * Vendor mode: everything comes as report 8 on interface 0, 14 bytes.
 * The high nibble of byte 1 says what it is:
 *   0x8 / 0x0  pen in range / out of range
 *              byte 1: bit 0 tip, bit 1 first button, bit 2 second
 *              button, bit 3 third button, bit 7 in range
 *              bytes 2-3 X bits 0..15, 8 X bits 16..23 (X 0..69920),
 *              4-5 Y (0..39340), 6-7 pressure (0..16383), 10 X tilt,
 *              11 Y tilt (-60..60, Y upside down)
 *   0xe        buttons: 08 e0 01 01 <bits> 00 ...; bits 0..5 buttons
 *              1..6, bit 6 top wheel button, bit 7 bottom wheel button;
 *              all released: 08 e0 01 01 00 ...; a held button repeats.
 *              Only one button at a time is reported cleanly: holding a
 *              second one gives sequences that look like made-up presses
 *              and releases.
 *   0xf        wheels: 08 f1 01 <wheel> 00 <dir> 00 ...; wheel 1 top,
 *              2 bottom; dir 1 clockwise, 2 counter-clockwise.
 * The area and resolution reported by the tablet: 69920 x 39340 at 5080
 * lpi, i.e. 349.6 x 196.7 mm. The pen tried had no eraser; where a pen with one
 * would put Invert and Eraser is not known, so they are not declared.
 *
 * What the fix does on interface 0 (36 -> 229 bytes): the descriptor
 * becomes a pen on report 8 (byte 1: Tip, Barrel, Secondary Barrel
 * Switch, Button 0x4a = BTN_STYLUS3, padding, In Range at bit 7; a 24-bit
 * X and a 16-bit Y in 0.01 cm; pressure; 1 byte padding; X/Y tilt
 * -60..60 degrees), a tablet pad on report 9 (byte 1 bit 0 Barrel Switch
 * and bytes 2, 3 X/Y, always 0, so that user space sees a tablet pad;
 * byte 4 Buttons 1..8; byte 5
 * the top wheel as a Wheel, byte 6 the bottom wheel as AC Pan, -1..1),
 * and a 14-byte vendor report 0xac so the device's reports still fit.
 * In pen reports byte 8 (X bits 16..23) moves to byte 4, after the other
 * two X bytes, bytes 4..7 (Y, pressure) move up by one, and the Y tilt is
 * negated. Button and
 * wheel reports become report 9; a new button while one is held is
 * ignored (releases always pass), the wheels become -1/+1.
 *
 * Firmware ID: udev-hid-bpf is given the firmware string (HUION_M22d_...)
 * by huion-switcher, which reads it from a USB string descriptor; when it
 * is there, interfaces 1 and 2 are disabled. The kernel has no such
 * string for a device bound to hid-generic, so this fix behaves as if it
 * were absent: interfaces 1 and 2 stay as they are (the probe refuses
 * them), interface 0 is fixed either way.
 */

#include "huion.h"

#define VID_HUION		0x256C
#define PID_KAMVAS16_GEN3	0x2009

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_HUION, PID_KAMVAS16_GEN3)
);

HID_BPF_DESCRIPTION("Huion Kamvas 16 Gen 3: pen, buttons and wheels of the vendor mode");
HID_BPF_SYMPTOM("Once switched to vendor mode (e.g. by huion-switcher), the pen, the six buttons and both wheels do nothing: their reports reach no input device");

#define K16_VENDOR_RDESC_SIZE	36

static const __u8 k16_vendor_rdesc[K16_VENDOR_RDESC_SIZE] = {
	0x06, 0x00, 0xff, 0x09, 0x01, 0xa1, 0x01, 0x85,
	0x08, 0x75, 0x68, 0x95, 0x01, 0x09, 0x01, 0x81,
	0x02, 0xc0, 0x06, 0x00, 0xff, 0x09, 0x01, 0xa1,
	0x01, 0x85, 0x16, 0x75, 0x08, 0x95, 0x07, 0x09,
	0x01, 0xb1, 0x02, 0xc0,
};

static const __u8 k16_vendor_fixed[] = {
	HUION_GEN3_PEN_HEAD		/* pen, report 8, byte 1; then X */
	0x75, 0x18,                   /*   Report Size (24) */
	0x27, 0x20, 0x11, 0x01, 0x00, /*   Logical Maximum (69920) */
	0x46, 0xa8, 0x0d,             /*   Physical Maximum (3496) */
	0x09, 0x30,                   /*   Usage (X) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0x75, 0x10,                   /*   Report Size (16) */
	0x26, 0xac, 0x99,             /*   Logical Maximum (39340) */
	0x46, 0xaf, 0x07,             /*   Physical Maximum (1967) */
	0x09, 0x31,                   /*   Usage (Y) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0xb4,                         /*   Pop */
	0x75, 0x10,                   /*   Report Size (16) */
	0x16, 0x00, 0x00,             /*   Logical Minimum (0) */
	0x26, 0xff, 0x3f,             /*   Logical Maximum (16383) */
	0x09, 0x30,                   /*   Usage (Tip Pressure) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	0x75, 0x08,                   /*   Report Size (8) */
	0x95, 0x01,                   /*   Report Count (1) */
	0x81, 0x01,                   /*   Input (Cnst,Arr,Abs) */
	0x95, 0x02,                   /*   Report Count (2) */
	HUION_GEN3_PEN_TILT_END		/* bytes 10, 11: tilt */
	HUION_GEN3_PAD_HEAD		/* pad, report 9, bytes 0..3 */
	0x75, 0x01,                   /*   Report Size (1) */
	0x95, 0x08,                   /*   Report Count (8) */
	0x05, 0x09,                   /*   Usage Page (Button) */
	0x19, 0x01,                   /*   Usage Minimum (1) */
	0x29, 0x08,                   /*   Usage Maximum (8) */
	0x81, 0x02,                   /*   Input (Data,Var,Abs) */
	HUION_GEN3_PAD_WHEELS_END	/* bytes 5, 6: the wheels */
	HUION_VENDOR_FILLER(13)		/* report 0xac, 14 bytes */
	0xc0,                         /* End Collection */
};

_Static_assert(sizeof(k16_vendor_fixed) == 229, "vendor interface: 229 bytes");

/* vendor report 8; byte 1, high nibble, says what it is (HUION_GEN3_*) */
#define K16_REPORT_SIZE		14
#define K16_X_HIGH_AT		8	/* X bits 16..23 */

static __u8 k16_buttons;	/* the button being held, if any */

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(k16_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != K16_VENDOR_RDESC_SIZE)
		return 0;

	__builtin_memcpy(data, k16_vendor_fixed, sizeof(k16_vendor_fixed));
	return sizeof(k16_vendor_fixed);
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(k16_fix_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, K16_REPORT_SIZE);
	__u8 kind, x_high;

	if (!data || type != HID_INPUT_REPORT || hctx->size != K16_REPORT_SIZE ||
	    data[0] != HUION_VENDOR_REPORT_ID)
		return 0;

	kind = data[1] >> 4;

	if (kind == HUION_GEN3_PEN || kind == HUION_GEN3_PEN_OUT) {
		x_high = data[K16_X_HIGH_AT];
		data[8] = data[7];	/* pressure */
		data[7] = data[6];
		data[6] = data[5];	/* Y */
		data[5] = data[4];
		data[4] = x_high;	/* X, bits 16..23 */
		data[HUION_GEN3_Y_TILT_AT] = -data[HUION_GEN3_Y_TILT_AT];
		return 0;
	}

	return huion_gen3_pad_event(data, kind, &k16_buttons);
}

HID_BPF_OPS(kamvas16_gen3) = {
	.hid_rdesc_fixup = (void *)k16_fix_rdesc,
	.hid_device_event = (void *)k16_fix_event,
};

/* Only interface 0, replaced wholesale: it must match exactly. */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, K16_VENDOR_RDESC_SIZE, 0, k16_vendor_rdesc,
					K16_VENDOR_RDESC_SIZE) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
