// SPDX-License-Identifier: GPL-2.0-only
/*
 * FR-TEC Raptor MACH 2 joystick (Sanmos/Betop controller), USB 11c0:5606.
 *
 * Its report descriptor is 232 bytes. Report 1 is the joystick, 64
 * bytes long:
 *   byte 0        report ID 1
 *   bytes 1..16   eight 16-bit axes (X, Y, Rx, an undefined one, Z, Rz,
 *                 Ry, Slider)
 *   bytes 17..32  128 button bits (Buttons 1..29, the rest repeat 29)
 *   bytes 33..34  the hat switch, 16 bits little endian
 *   bytes 35..63  not controls
 * The hat switch part of the descriptor:
 *
 *  off  bytes       item
 *  172  05 01         Usage Page (Generic Desktop)
 *  174  09 39         Usage (Hat switch)
 *  176  26 ef 00      Logical Maximum (239)       <- 26 07 00 (7)
 *  179  46 68 01      Physical Maximum (360)
 *  182  65 14         Unit (English Rotation: degrees)
 *  184  75 10         Report Size (16)
 *  186  95 01         Report Count (1)
 *  188  81 42         Input (Data,Var,Abs,Null)
 *  (Logical Minimum is 0, set earlier by the button items)
 *
 * What the firmware does: the hat reports its eight directions as 0, 30,
 * 60, ... 210 (north first, clockwise) and 240 when centred, with a
 * declared range of 0..239. Hat switches are expected to count 0..7
 * (one step per direction) with an out-of-range value for "centred";
 * older kernels kept the hat's logical range in 8 signed bits and could
 * not handle a maximum of 239 at all (6.12 keeps 16 bits and copes, so
 * there the fix mostly matters to hidraw readers).
 *
 * The fix declares the range 0..7 (byte 177: 0xef -> 0x07) and divides
 * every hat value by 30 on the way in, so 0..210 become 0..7 and 240
 * ("centred") becomes 8, outside the range, which the Null flag of the
 * item makes "no direction". The divided value is written back as 16
 * bits; anything above 239 is written as 8.
 */

#include "hid_bpf_fix.h"

#define VID_BETOP_2185PC	0x11C0
#define PID_RAPTOR_MACH_2	0x5606

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_BETOP_2185PC, PID_RAPTOR_MACH_2)
);

HID_BPF_DESCRIPTION("FR-TEC Raptor MACH 2: hat switch reported as 8 directions 0-7 instead of steps of 30");
HID_BPF_SYMPTOM("Programs reading the joystick through hidraw see the hat as 0-210 in steps of 30 (240 centred) in a 0-239 range, not as directions 0-7; the evdev hat already works on 6.12+");

#define RAPTOR_RDESC_SIZE	232
#define RAPTOR_HAT_LMAX_AT	177	/* data byte of Logical Maximum (239) */
#define RAPTOR_HAT_LMAX_ORIG	0xef	/* 239 */
#define RAPTOR_HAT_LMAX_FIXED	0x07	/* 7 */

#define RAPTOR_REPORT_ID	0x01
#define RAPTOR_REPORT_SIZE	64
#define RAPTOR_HAT_AT		33	/* 16 bits, little endian */
#define RAPTOR_HAT_STEP		30	/* raw units per direction */
#define RAPTOR_HAT_RAW_MAX	239	/* last raw value that is a direction */
#define RAPTOR_HAT_CENTRED	8	/* first value past 0..7 */

/* The whole original descriptor: the event fix relies on the layout. */
static const __u8 raptor_rdesc_orig[RAPTOR_RDESC_SIZE] = {
	0x05, 0x01, 0x09, 0x04, 0xa1, 0x01, 0x05, 0x01, 0x85, 0x01,
	/* X, Y, Rx: 16 bits each */
	0x05, 0x01, 0x09, 0x30, 0x75, 0x10, 0x95, 0x01, 0x15, 0x00,
	0x26, 0xff, 0x07, 0x46, 0xff, 0x07, 0x81, 0x02,
	0x05, 0x01, 0x09, 0x31, 0x75, 0x10, 0x95, 0x01, 0x15, 0x00,
	0x26, 0xff, 0x07, 0x46, 0xff, 0x07, 0x81, 0x02,
	0x05, 0x01, 0x09, 0x33, 0x75, 0x10, 0x95, 0x01, 0x15, 0x00,
	0x26, 0xff, 0x03, 0x46, 0xff, 0x03, 0x81, 0x02,
	/* an axis of usage page 0, usage 0 */
	0x05, 0x00, 0x09, 0x00, 0x75, 0x10, 0x95, 0x01, 0x15, 0x00,
	0x26, 0xff, 0x03, 0x46, 0xff, 0x03, 0x81, 0x02,
	/* Z, Rz, Ry, Slider */
	0x05, 0x01, 0x09, 0x32, 0x75, 0x10, 0x95, 0x01, 0x15, 0x00,
	0x26, 0xff, 0x03, 0x46, 0xff, 0x03, 0x81, 0x02,
	0x05, 0x01, 0x09, 0x35, 0x75, 0x10, 0x95, 0x01, 0x15, 0x00,
	0x26, 0xff, 0x03, 0x46, 0xff, 0x03, 0x81, 0x02,
	0x05, 0x01, 0x09, 0x34, 0x75, 0x10, 0x95, 0x01, 0x15, 0x00,
	0x26, 0xff, 0x07, 0x46, 0xff, 0x07, 0x81, 0x02,
	0x05, 0x01, 0x09, 0x36, 0x75, 0x10, 0x95, 0x01, 0x15, 0x00,
	0x26, 0xff, 0x03, 0x46, 0xff, 0x03, 0x81, 0x02,
	/* 128 button bits, Buttons 1..29 */
	0x05, 0x09, 0x19, 0x01, 0x2a, 0x1d, 0x00, 0x15, 0x00, 0x25, 0x01,
	0x75, 0x01, 0x96, 0x80, 0x00, 0x81, 0x02,
	/* the hat switch, offset 172 */
	0x05, 0x01, 0x09, 0x39, 0x26, RAPTOR_HAT_LMAX_ORIG, 0x00,
	0x46, 0x68, 0x01, 0x65, 0x14, 0x75, 0x10, 0x95, 0x01, 0x81, 0x42,
	/* 29 constant bytes */
	0x05, 0x01, 0x09, 0x00, 0x75, 0x08, 0x95, 0x1d, 0x81, 0x01,
	/* output report 0x58, feature report 0x59 */
	0x15, 0x00, 0x26, 0xef, 0x00, 0x85, 0x58, 0x26, 0xff, 0x00,
	0x46, 0xff, 0x00, 0x75, 0x08, 0x95, 0x3f, 0x09, 0x00, 0x91, 0x02,
	0x85, 0x59, 0x75, 0x08, 0x95, 0x80, 0x09, 0x00, 0xb1, 0x02,
	0xc0,
};

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(raptor_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != RAPTOR_RDESC_SIZE)
		return 0;

	if (data[RAPTOR_HAT_LMAX_AT] == RAPTOR_HAT_LMAX_ORIG)
		data[RAPTOR_HAT_LMAX_AT] = RAPTOR_HAT_LMAX_FIXED;

	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(raptor_fix_hat, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, RAPTOR_REPORT_SIZE);
	__u16 hat;

	if (!data || type != HID_INPUT_REPORT)
		return 0;

	if (hctx->size < RAPTOR_REPORT_SIZE || data[0] != RAPTOR_REPORT_ID)
		return 0;

	hat = data[RAPTOR_HAT_AT] | (data[RAPTOR_HAT_AT + 1] << 8);
	hat = hat <= RAPTOR_HAT_RAW_MAX ? hat / RAPTOR_HAT_STEP : RAPTOR_HAT_CENTRED;

	data[RAPTOR_HAT_AT] = hat;	/* 0..8: the high byte is 0 */
	data[RAPTOR_HAT_AT + 1] = 0;

	return 0;
}

HID_BPF_OPS(raptor_mach_2) = {
	.hid_rdesc_fixup = (void *)raptor_rdesc,
	.hid_device_event = (void *)raptor_fix_hat,
};

/*
 * The whole descriptor must match: the hat's position in report 1 comes
 * from every item before it, and a descriptor that already declares
 * 0..7 (fixed firmware) needs neither part of the fix.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, RAPTOR_RDESC_SIZE, 0, raptor_rdesc_orig,
					RAPTOR_RDESC_SIZE) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
