// SPDX-License-Identifier: GPL-2.0-only
/*
 * XP-Pen Artist Pro 14 (Gen 2), Artist Pro 16 (Gen 2) and Artist Pro 19
 * (Gen 2) pen displays: USB 28bd:095a, 28bd:095b and 28bd:096a.
 *
 * Of their three HID interfaces this fix is for the pen. Its report
 * descriptor is 113 bytes; as the Artist Pro 16 (Gen 2) sends it:
 *
 *  off  bytes        item
 *    0  05 0d        Usage Page (Digitizers)
 *    2  09 02        Usage (Pen)
 *    4  a1 01        Collection (Application)
 *    6  85 07          Report ID (7)
 *    8  09 20          Usage (Stylus)
 *   10  a1 00          Collection (Physical)
 *   12  09 42            Usage (Tip Switch)          byte 1, bit 0
 *   14  09 44            Usage (Barrel Switch)       byte 1, bit 1
 *   16  09 45            Usage (Eraser)              byte 1, bit 2  <- the fix
 *   18  09 3c            Usage (Invert)              byte 1, bit 3     rewrites
 *   20  15 00            Logical Minimum (0)                           16..33
 *   22  25 01            Logical Maximum (1)
 *   24  75 01            Report Size (1)
 *   26  95 04            Report Count (4)
 *   28  81 02            Input (Data,Var,Abs)
 *   30  95 01            Report Count (1)
 *   32  81 03            Input (Cnst,Var,Abs)        byte 1, bit 4
 *   34  09 32            Usage (In Range)            byte 1, bit 5
 *   36  15 00            Logical Minimum (0)
 *   38  25 01            Logical Maximum (1)
 *   40  95 01            Report Count (1)
 *   42  81 02            Input (Data,Var,Abs)
 *   44  95 02            Report Count (2)
 *   46  81 03            Input (Cnst,Var,Abs)        byte 1, bits 6-7
 *   48  75 10            Report Size (16)
 *   50  95 01            Report Count (1)
 *   52  35 00            Physical Minimum (0)
 *   54  a4               Push
 *   55  05 01            Usage Page (Generic Desktop)
 *   57  09 30            Usage (X)                   bytes 2-3
 *   59  65 13            Unit (inch)
 *   61  55 0d            Unit Exponent (-3)
 *   63  46 ff 34         Physical Maximum (13567)    <- per model
 *   66  26 ff 7f         Logical Maximum (32767)
 *   69  81 02            Input (Data,Var,Abs)
 *   71  09 31            Usage (Y)                   bytes 4-5
 *   73  46 20 21         Physical Maximum (8480)     <- per model
 *   76  26 ff 7f         Logical Maximum (32767)
 *   79  81 02            Input (Data,Var,Abs)
 *   81  b4               Pop
 *   82  09 30            Usage (Tip Pressure)        bytes 6-7
 *   84  45 00            Physical Maximum (0)
 *   86  26 ff 3f         Logical Maximum (16383)
 *   89  81 42            Input (Data,Var,Abs,Null)
 *   91  09 3d            Usage (X Tilt)              byte 8
 *   93  15 81            Logical Minimum (-127)
 *   95  25 7f            Logical Maximum (127)
 *   97  75 08            Report Size (8)
 *   99  95 01            Report Count (1)
 *  101  81 02            Input (Data,Var,Abs)
 *  103  09 3e            Usage (Y Tilt)              byte 9
 *  105  15 81            Logical Minimum (-127)
 *  107  25 7f            Logical Maximum (127)
 *  109  81 02            Input (Data,Var,Abs)
 *  111  c0             End Collection
 *  112  c0           End Collection
 *
 * What the firmware gets wrong:
 *  - the pen has two side buttons and an eraser end, but the upper side
 *    button is reported as Eraser (bit 2), so pressing it looks like an
 *    eraser touching the screen;
 *  - the eraser end does report Invert (bit 3) while hovering, but when it
 *    touches the screen the firmware sets Tip Switch (bit 0) next to
 *    Invert instead of Eraser, so erasing looks like the tip drawing;
 *  - X and Y are where the pen's coil is, not where its tip is: the coil
 *    sits some way up the pen, so a tilted pen reports a point shifted in
 *    the direction of the tilt.
 *
 * What this fix does:
 *  - the descriptor (113 -> 111 bytes): bit 2 becomes Secondary Barrel
 *    Switch, bit 3 stays Invert, and the padding bit 4 becomes Eraser;
 *    the items from In Range on are unchanged, except that the physical
 *    size of the active area is set for each model:
 *      Artist Pro 14 (Gen 2)  11.874 x 7.421 in
 *      Artist Pro 16 (Gen 2)  13.567 x 8.480 in (as the device says)
 *      Artist Pro 19 (Gen 2)  16.101 x 9.057 in
 *  - the reports (all are report 7):
 *      - Tip Switch, Invert and In Range all set (the eraser end touching)
 *        become Eraser and In Range;
 *      - X and Y are moved back by the coil's offset for the tilt on that
 *        axis: offset = h * sin(tilt), h being the coil's height above the
 *        tip (0.055677699 in, found by measuring) in logical units of that
 *        axis (32767 over the axis' length in inches), rounded, from the
 *        precomputed tables below. A positive tilt lowers the coordinate
 *        (not below 0), a negative one raises it (not above 32767); a tilt
 *        of -128 is left alone.
 */

#include "hid_bpf_fix.h"

#define VID_UGEE		0x28BD
#define PID_ARTIST_PRO_14_GEN2	0x095A
#define PID_ARTIST_PRO_16_GEN2	0x095B
#define PID_ARTIST_PRO_19_GEN2	0x096A

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_UGEE, PID_ARTIST_PRO_14_GEN2),
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_UGEE, PID_ARTIST_PRO_16_GEN2),
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_UGEE, PID_ARTIST_PRO_19_GEN2)
);

HID_BPF_DESCRIPTION("XP-Pen Artist Pro 14/16/19 (Gen 2): pen buttons and eraser reported right, tilt offset of X/Y corrected");
HID_BPF_SYMPTOM("The pen's upper side button acts as an eraser, the eraser end draws like the tip, and a tilted pen's position is off in the direction of the tilt");

#define PEN_RDESC_SIZE		113
#define PEN_RDESC_FIXED_SIZE	111

/* where the physical maxima sit: the item byte, then 2 bytes LE */
#define ORIG_PHYS_X_AT		63
#define ORIG_PHYS_Y_AT		73
#define FIXED_PHYS_X_AT		61	/* 2 bytes earlier once fixed */
#define FIXED_PHYS_Y_AT		71

#define PEN_REPORT_ID		7
#define PEN_REPORT_SIZE		10	/* ID, state, X, Y, pressure, tilts */
#define PEN_X_AT		2
#define PEN_Y_AT		4
#define PEN_TILT_X_AT		8
#define PEN_TILT_Y_AT		9

/* byte 1 of report 7, as the device sends it */
#define STATE_TIP		0x01
#define STATE_INVERT		0x08
#define STATE_ERASER		0x10	/* padding until the fix declares it */
#define STATE_IN_RANGE		0x20

#define LOGICAL_MAX		32767

static const __u8 pen_rdesc_orig[PEN_RDESC_SIZE] = {
	0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x07,
	0x09, 0x20, 0xa1, 0x00, 0x09, 0x42, 0x09, 0x44,
	0x09, 0x45, 0x09, 0x3c, 0x15, 0x00, 0x25, 0x01,
	0x75, 0x01, 0x95, 0x04, 0x81, 0x02, 0x95, 0x01,
	0x81, 0x03, 0x09, 0x32, 0x15, 0x00, 0x25, 0x01,
	0x95, 0x01, 0x81, 0x02, 0x95, 0x02, 0x81, 0x03,
	0x75, 0x10, 0x95, 0x01, 0x35, 0x00, 0xa4, 0x05,
	0x01, 0x09, 0x30, 0x65, 0x13, 0x55, 0x0d, 0x46,
	0xff, 0x34, 0x26, 0xff, 0x7f, 0x81, 0x02, 0x09,
	0x31, 0x46, 0x20, 0x21, 0x26, 0xff, 0x7f, 0x81,
	0x02, 0xb4, 0x09, 0x30, 0x45, 0x00, 0x26, 0xff,
	0x3f, 0x81, 0x42, 0x09, 0x3d, 0x15, 0x81, 0x25,
	0x7f, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0x09,
	0x3e, 0x15, 0x81, 0x25, 0x7f, 0x81, 0x02, 0xc0,
	0xc0,
};

_Static_assert(sizeof(pen_rdesc_orig) == PEN_RDESC_SIZE, "113-byte pen descriptor");

/* The original up to offset 16, then this instead of offsets 16..33 ... */
#define KEEP_HEAD		16
#define ORIG_TAIL_AT		34	/* ... then the original from In Range on */

static const __u8 pen_switches_fixed[] = {
	0x09, 0x5a,		/* Usage (Secondary Barrel Switch)	bit 2 */
	0x09, 0x3c,		/* Usage (Invert)			bit 3 */
	0x09, 0x45,		/* Usage (Eraser)			bit 4 */
	0x15, 0x00,		/* Logical Minimum (0) */
	0x25, 0x01,		/* Logical Maximum (1) */
	0x75, 0x01,		/* Report Size (1) */
	0x95, 0x05,		/* Report Count (5): bits 0..4 */
	0x81, 0x02,		/* Input (Data,Var,Abs) */
};

_Static_assert(KEEP_HEAD + sizeof(pen_switches_fixed) +
	       (PEN_RDESC_SIZE - ORIG_TAIL_AT) == PEN_RDESC_FIXED_SIZE,
	       "the fixed pen descriptor is 111 bytes");
_Static_assert(ORIG_PHYS_X_AT - (ORIG_TAIL_AT - KEEP_HEAD - sizeof(pen_switches_fixed)) ==
	       FIXED_PHYS_X_AT, "physical X maximum after the fix");

enum { MODEL_14, MODEL_16, MODEL_19, MODEL_COUNT };
enum { AXIS_X, AXIS_Y, AXIS_COUNT };

/* Physical Maximum of X and Y, thousandths of an inch, per model */
static const __u16 phys_max[MODEL_COUNT][AXIS_COUNT] = {
	[MODEL_14] = { 11874, 7421 },
	[MODEL_16] = { 13567, 8480 },
	[MODEL_19] = { 16101, 9057 },
};

#define TILT_ANGLES		128	/* |tilt| 0..127 degrees */

/*
 * Coil offset in logical units for each |tilt| in degrees:
 * round(0.055677699 * 32767 / length_in_inches * sin(degrees)).
 */
static const __u16 tilt_offset[MODEL_COUNT][AXIS_COUNT][TILT_ANGLES] = {
	[MODEL_14] = {
		[AXIS_X] = {	/* 11.874 in */
			0, 3, 5, 8, 11, 13, 16, 19, 21, 24, 27, 29, 32, 35, 37, 40,
			42, 45, 47, 50, 53, 55, 58, 60, 62, 65, 67, 70, 72, 74, 77, 79,
			81, 84, 86, 88, 90, 92, 95, 97, 99, 101, 103, 105, 107, 109, 111, 112,
			114, 116, 118, 119, 121, 123, 124, 126, 127, 129, 130, 132, 133, 134, 136, 137,
			138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 148, 149, 150, 150, 151,
			151, 152, 152, 153, 153, 153, 153, 153, 154, 154, 154, 154, 154, 153, 153, 153,
			153, 153, 152, 152, 151, 151, 150, 150, 149, 148, 148, 147, 146, 145, 144, 143,
			142, 141, 140, 139, 138, 137, 136, 134, 133, 132, 130, 129, 127, 126, 124, 123,
		},
		[AXIS_Y] = {	/* 7.421 in */
			0, 4, 9, 13, 17, 21, 26, 30, 34, 38, 43, 47, 51, 55, 59, 64,
			68, 72, 76, 80, 84, 88, 92, 96, 100, 104, 108, 112, 115, 119, 123, 127,
			130, 134, 137, 141, 145, 148, 151, 155, 158, 161, 165, 168, 171, 174, 177, 180,
			183, 186, 188, 191, 194, 196, 199, 201, 204, 206, 208, 211, 213, 215, 217, 219,
			221, 223, 225, 226, 228, 230, 231, 232, 234, 235, 236, 237, 239, 240, 240, 241,
			242, 243, 243, 244, 244, 245, 245, 246, 246, 246, 246, 246, 246, 246, 245, 245,
			244, 244, 243, 243, 242, 241, 240, 240, 239, 237, 236, 235, 234, 232, 231, 230,
			228, 226, 225, 223, 221, 219, 217, 215, 213, 211, 208, 206, 204, 201, 199, 196,
		},
	},
	[MODEL_16] = {
		[AXIS_X] = {	/* 13.567 in */
			0, 2, 5, 7, 9, 12, 14, 16, 19, 21, 23, 26, 28, 30, 33, 35,
			37, 39, 42, 44, 46, 48, 50, 53, 55, 57, 59, 61, 63, 65, 67, 69,
			71, 73, 75, 77, 79, 81, 83, 85, 86, 88, 90, 92, 93, 95, 97, 98,
			100, 101, 103, 105, 106, 107, 109, 110, 111, 113, 114, 115, 116, 118, 119, 120,
			121, 122, 123, 124, 125, 126, 126, 127, 128, 129, 129, 130, 130, 131, 132, 132,
			132, 133, 133, 133, 134, 134, 134, 134, 134, 134, 134, 134, 134, 134, 134, 134,
			134, 133, 133, 133, 132, 132, 132, 131, 130, 130, 129, 129, 128, 127, 126, 126,
			125, 124, 123, 122, 121, 120, 119, 118, 116, 115, 114, 113, 111, 110, 109, 107,
		},
		[AXIS_Y] = {	/* 8.480 in */
			0, 4, 8, 11, 15, 19, 22, 26, 30, 34, 37, 41, 45, 48, 52, 56,
			59, 63, 66, 70, 74, 77, 81, 84, 88, 91, 94, 98, 101, 104, 108, 111,
			114, 117, 120, 123, 126, 129, 132, 135, 138, 141, 144, 147, 149, 152, 155, 157,
			160, 162, 165, 167, 170, 172, 174, 176, 178, 180, 182, 184, 186, 188, 190, 192,
			193, 195, 197, 198, 199, 201, 202, 203, 205, 206, 207, 208, 209, 210, 210, 211,
			212, 212, 213, 214, 214, 214, 215, 215, 215, 215, 215, 215, 215, 215, 215, 214,
			214, 214, 213, 212, 212, 211, 210, 210, 209, 208, 207, 206, 205, 203, 202, 201,
			199, 198, 197, 195, 193, 192, 190, 188, 186, 184, 182, 180, 178, 176, 174, 172,
		},
	},
	[MODEL_19] = {
		[AXIS_X] = {	/* 16.101 in */
			0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 25, 27, 29,
			31, 33, 35, 37, 39, 41, 42, 44, 46, 48, 50, 51, 53, 55, 57, 58,
			60, 62, 63, 65, 67, 68, 70, 71, 73, 74, 76, 77, 79, 80, 82, 83,
			84, 86, 87, 88, 89, 90, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101,
			102, 103, 104, 104, 105, 106, 106, 107, 108, 108, 109, 109, 110, 110, 111, 111,
			112, 112, 112, 112, 113, 113, 113, 113, 113, 113, 113, 113, 113, 113, 113, 113,
			113, 112, 112, 112, 112, 111, 111, 110, 110, 109, 109, 108, 108, 107, 106, 106,
			105, 104, 104, 103, 102, 101, 100, 99, 98, 97, 96, 95, 94, 93, 92, 90,
		},
		[AXIS_Y] = {	/* 9.057 in */
			0, 4, 7, 11, 14, 18, 21, 25, 28, 32, 35, 38, 42, 45, 49, 52,
			56, 59, 62, 66, 69, 72, 75, 79, 82, 85, 88, 91, 95, 98, 101, 104,
			107, 110, 113, 116, 118, 121, 124, 127, 129, 132, 135, 137, 140, 142, 145, 147,
			150, 152, 154, 157, 159, 161, 163, 165, 167, 169, 171, 173, 174, 176, 178, 179,
			181, 183, 184, 185, 187, 188, 189, 190, 192, 193, 194, 195, 195, 196, 197, 198,
			198, 199, 199, 200, 200, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201,
			200, 200, 199, 199, 198, 198, 197, 196, 195, 195, 194, 193, 192, 190, 189, 188,
			187, 185, 184, 183, 181, 179, 178, 176, 174, 173, 171, 169, 167, 165, 163, 161,
		},
	},
};

static __always_inline int pen_model(const struct hid_bpf_ctx *hctx)
{
	switch (hctx->hid->product) {
	case PID_ARTIST_PRO_14_GEN2:	return MODEL_14;
	case PID_ARTIST_PRO_19_GEN2:	return MODEL_19;
	default:			return MODEL_16;
	}
}

static __always_inline void put_le16(__u8 *p, __u16 v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(ap16_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);
	int model = pen_model(hctx);

	if (!data || hctx->size != PEN_RDESC_SIZE)
		return 0;

	/*
	 * The probe has seen the original, so rebuild the fixed one from
	 * constants: the head as it was, the new switch items, the tail.
	 */
	__builtin_memcpy(data + KEEP_HEAD, pen_switches_fixed, sizeof(pen_switches_fixed));
	__builtin_memcpy(data + KEEP_HEAD + sizeof(pen_switches_fixed),
			 pen_rdesc_orig + ORIG_TAIL_AT, PEN_RDESC_SIZE - ORIG_TAIL_AT);

	put_le16(data + FIXED_PHYS_X_AT + 1, phys_max[model][AXIS_X]);
	put_le16(data + FIXED_PHYS_Y_AT + 1, phys_max[model][AXIS_Y]);

	return PEN_RDESC_FIXED_SIZE;
}

/* Move the coordinate at @p back under the tip for a tilt of @tilt degrees. */
static __always_inline void untilt(__u8 *p, __s8 tilt, int model, int axis)
{
	__u16 v = p[0] | p[1] << 8;
	__u16 offset;
	int angle = tilt > 0 ? tilt : -tilt;

	if (angle >= TILT_ANGLES)
		return;
	offset = tilt_offset[model][axis][angle];

	if (tilt > 0)
		v = v > offset ? v - offset : 0;
	else
		v = v < LOGICAL_MAX - offset ? v + offset : LOGICAL_MAX;

	put_le16(p, v);
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(ap16_fix_events, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, PEN_REPORT_SIZE);
	int model = pen_model(hctx);

	if (!data || type != HID_INPUT_REPORT || data[0] != PEN_REPORT_ID)
		return 0;

	untilt(data + PEN_X_AT, (__s8)data[PEN_TILT_X_AT], model, AXIS_X);
	untilt(data + PEN_Y_AT, (__s8)data[PEN_TILT_Y_AT], model, AXIS_Y);

	/* the eraser end touching: Tip Switch + Invert -> Eraser */
	if ((data[1] & (STATE_TIP | STATE_INVERT | STATE_IN_RANGE)) ==
	    (STATE_TIP | STATE_INVERT | STATE_IN_RANGE))
		data[1] ^= STATE_TIP | STATE_INVERT | STATE_ERASER;

	return 0;
}

HID_BPF_OPS(artistpro16gen2) = {
	.hid_rdesc_fixup = (void *)ap16_fix_rdesc,
	.hid_device_event = (void *)ap16_fix_events,
};

/*
 * The pen interface, byte for byte apart from the two physical maxima
 * (the fix sets them per model anyway, and only the Artist Pro 16's are
 * known). A descriptor that already says Secondary Barrel Switch, or any
 * other layout, is refused.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int ok;

	ok = hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, 0, pen_rdesc_orig,
			       ORIG_PHYS_X_AT + 1) &&
	     hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, ORIG_PHYS_X_AT + 3,
			       pen_rdesc_orig + ORIG_PHYS_X_AT + 3,
			       ORIG_PHYS_Y_AT + 1 - (ORIG_PHYS_X_AT + 3)) &&
	     hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, ORIG_PHYS_Y_AT + 3,
			       pen_rdesc_orig + ORIG_PHYS_Y_AT + 3,
			       PEN_RDESC_SIZE - (ORIG_PHYS_Y_AT + 3));

	ctx->retval = ok ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
