// SPDX-License-Identifier: GPL-2.0-only
/*
 * WALTOP Batteryless Tablet (sold as Medion P82013 / MD 86457), USB
 * 172f:0505.
 *
 * The tablet has one HID interface, with a 335-byte report descriptor: a
 * relative mouse (report 1, bytes 0..67), a pen application holding three
 * vendor-ish reports made of Digitizer usage 0 (reports 2, 5 and 10,
 * bytes 68..153) and the real pen report, then a keyboard (report 13,
 * bytes 257..303) and volume keys (report 12, bytes 304..334). The pen
 * report, to the end of its application collection:
 *
 *  off  bytes        item
 *  154  85 10          Report ID (16)
 *  156  09 20          Usage (Stylus)
 *  158  a1 00          Collection (Physical)
 *  160  09 42            Usage (Tip Switch)
 *  162  09 44            Usage (Barrel Switch)
 *  164  09 3c            Usage (Invert)
 *  166  09 45            Usage (Eraser)
 *  168  09 32            Usage (In Range)
 *  170  15 00            Logical Minimum (0)
 *  172  25 01            Logical Maximum (1)
 *  174  75 01            Report Size (1)
 *  176  95 05            Report Count (5)
 *  178  81 02            Input (Data,Var,Abs)
 *  180  95 03            Report Count (3)
 *  182  81 03            Input (Cnst,Var,Abs)
 *  184  05 01            Usage Page (Generic Desktop)
 *  186  09 30            Usage (X)
 *  188  75 10            Report Size (16)
 *  190  95 01            Report Count (1)
 *  192  a4               Push
 *  193  55 0d            Unit Exponent (-3)
 *  195  65 33            Unit (inch^3)
 *  197  15 00            Logical Minimum (0)
 *  199  26 00 7d         Logical Maximum (32000)
 *  202  35 00            Physical Minimum (0)
 *  204  46 00 7d         Physical Maximum (32000)
 *  207  81 02            Input (Data,Var,Abs)
 *  209  09 31            Usage (Y)
 *  211  15 00            Logical Minimum (0)
 *  213  26 20 4e         Logical Maximum (20000)
 *  216  35 00            Physical Minimum (0)
 *  218  46 20 4e         Physical Maximum (20000)
 *  221  81 02            Input (Data,Var,Abs)
 *  223  05 0d            Usage Page (Digitizers)
 *  225  09 30            Usage (Tip Pressure)
 *  227  15 00            Logical Minimum (0)
 *  229  26 ff 07         Logical Maximum (2047)
 *  232  35 00            Physical Minimum (0)
 *  234  46 ff 07         Physical Maximum (2047)
 *  237  81 02            Input (Data,Var,Abs)
 *  239  05 0d            Usage Page (Digitizers)
 *  241  09 3d            Usage (X Tilt)
 *  243  09 3e            Usage (Y Tilt)
 *  245  15 81            Logical Minimum (-127)
 *  247  25 7f            Logical Maximum (127)
 *  249  75 08            Report Size (8)
 *  251  95 02            Report Count (2)
 *  253  81 02            Input (Data,Var,Abs)
 *  255  c0             End Collection
 *  256  c0           End Collection
 *
 * Report 16 is then: byte 1 the switches (bit 0 Tip, 1 Barrel, 2 Invert,
 * 3 Eraser, 4 In Range, 5..7 padding), bytes 2-3 X, 4-5 Y, 6-7 pressure,
 * 8 X tilt, 9 Y tilt.
 *
 * What the firmware gets wrong:
 *  - the pen's second side button is reported as Tip Switch and Barrel
 *    Switch together, so pressing it while hovering looks like the first
 *    button held while drawing;
 *  - the pressure sensor is far from linear: light strokes stay within
 *    0..100 and the value then climbs exponentially to 2047;
 *  - the tilt values stay within -60..60 while -127..127 is declared.
 *
 * What this fix does:
 *  - the descriptor (335 -> 337 bytes): Secondary Barrel Switch is
 *    declared on bit 5 of byte 1 (a usage after In Range, Report Count 5
 *    -> 6 and the padding 3 -> 2 bits) and the tilt range becomes -60..60;
 *    all the rest stays as the device sends it;
 *  - the reports 16: when Tip Switch and Barrel Switch appear together
 *    while neither was set in the last report (as this fix left it),
 *    they become the secondary barrel switch alone. The fix does not
 *    know which button it really is: it could be meant as an eraser, but
 *    the tablet reports no pressure with it, so a side button is what is
 *    useful. The pressure p (0..2047) is mapped onto 0..2047 again:
 *    p * 12 up to 102, above that a scaled, piecewise linear log2:
 *    with x = p + 1 and n = floor(log2(x)),
 *      log2(x) ~= n + (x - 2^n) / 2^n      (in 1/2048 steps)
 *      p' = log2(x) * 2047 / 11
 *    (both ends meet near 100: 102 -> 1224, 103 -> 1232; 2047 -> 2047).
 *    Other reports pass through unchanged.
 */

#include "hid_bpf_fix.h"

#define VID_WALTOP		0x172F
#define PID_BATTERYLESS_TABLET	0x0505

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, 0, VID_WALTOP, PID_BATTERYLESS_TABLET)
);

HID_BPF_DESCRIPTION("WALTOP Batteryless Tablet: second pen button reported as such, pressure curve and tilt range fixed");
HID_BPF_SYMPTOM("The pen's second button draws as if the tip were down with the first button held, light strokes get almost no pressure, and tilt uses under half its declared range");

#define RDESC_SIZE		335
#define RDESC_FIXED_SIZE	337
#define PEN_PART_AT		154	/* Report ID (16) ... End Collection */
#define PEN_PART_END		257

/* offsets in the original descriptor */
#define IN_RANGE_END		170	/* just after "09 32": insert "09 5a" */
#define SWITCH_COUNT_AT		177	/* 95 05: the data bits */
#define PAD_COUNT_AT		181	/* 95 03: the padding bits */
#define TILT_MIN_AT		245	/* 15 81 */
#define TILT_MAX_AT		247	/* 25 7f */
#define INSERTED		2	/* everything after IN_RANGE_END moves */

#define TILT_MIN		0xc4	/* -60 */
#define TILT_MAX		0x3c	/* 60 */

#define PEN_REPORT_ID		16
#define PEN_REPORT_SIZE		10
#define PEN_PRESSURE_AT		6

/* byte 1 of report 16 */
#define STATE_TIP		0x01
#define STATE_BARREL		0x02
#define STATE_SEC_BARREL	0x20	/* padding until the fix declares it */

#define PRESSURE_MAX		2047
#define PRESSURE_LINEAR_MAX	102
#define PRESSURE_LINEAR_SCALE	12
#define LOG2_FRAC_BITS		11	/* log2 in 1/2048 steps */
#define LOG2_PRESSURE_MAX	11	/* log2(2048) */

static const __u8 pen_part_orig[PEN_PART_END - PEN_PART_AT] = {
	0x85, 0x10, 0x09, 0x20, 0xa1, 0x00, 0x09, 0x42,
	0x09, 0x44, 0x09, 0x3c, 0x09, 0x45, 0x09, 0x32,
	0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x05,
	0x81, 0x02, 0x95, 0x03, 0x81, 0x03, 0x05, 0x01,
	0x09, 0x30, 0x75, 0x10, 0x95, 0x01, 0xa4, 0x55,
	0x0d, 0x65, 0x33, 0x15, 0x00, 0x26, 0x00, 0x7d,
	0x35, 0x00, 0x46, 0x00, 0x7d, 0x81, 0x02, 0x09,
	0x31, 0x15, 0x00, 0x26, 0x20, 0x4e, 0x35, 0x00,
	0x46, 0x20, 0x4e, 0x81, 0x02, 0x05, 0x0d, 0x09,
	0x30, 0x15, 0x00, 0x26, 0xff, 0x07, 0x35, 0x00,
	0x46, 0xff, 0x07, 0x81, 0x02, 0x05, 0x0d, 0x09,
	0x3d, 0x09, 0x3e, 0x15, 0x81, 0x25, 0x7f, 0x75,
	0x08, 0x95, 0x02, 0x81, 0x02, 0xc0, 0xc0,
};

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(waltop_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);
	__u32 n;

	if (!data || hctx->size != RDESC_SIZE)
		return 0;

	/* the tilt range, and the bit counts, before anything moves */
	data[TILT_MIN_AT + 1] = TILT_MIN;
	data[TILT_MAX_AT + 1] = TILT_MAX;
	data[SWITCH_COUNT_AT] = 6;
	data[PAD_COUNT_AT] = 2;

	/*
	 * Make room for one usage after In Range, from the end backwards.
	 * The empty asm hides "at" from clang, so the loop does not become a
	 * memmove (expanded through the too small BPF stack) and the bounds
	 * check stays for the verifier: newer verifiers (7.x) keep a loop's
	 * negative step in the pointer's variable offset and refuse a
	 * pointer with no upper bound.
	 */
#pragma clang loop unroll(disable)
	for (n = 0; n < RDESC_SIZE - IN_RANGE_END; n++) {
		__u32 at = RDESC_SIZE - 1 - n;

		asm volatile("" : "+r"(at));
		if (at >= RDESC_SIZE)
			break;
		data[at + INSERTED] = data[at];
	}

	data[IN_RANGE_END] = 0x09;	/* Usage */
	data[IN_RANGE_END + 1] = 0x5a;	/* (Secondary Barrel Switch) */

	return RDESC_FIXED_SIZE;
}

/* floor(log2(x)) for 1 <= x <= 65536 */
static __always_inline __u32 floor_log2(__u32 x)
{
	__u32 n = 0;
	int i;

#pragma unroll
	for (i = 1; i <= 16; i++)
		if (x >> i)
			n = i;
	return n;
}

/* 0..2047 -> 0..2047 along log2(p + 1), see the header comment */
static __always_inline __u32 pressure_log2(__u32 p)
{
	__u32 x = p + 1;
	__u32 n = floor_log2(x);
	__u32 base = 1U << n;
	__u32 log2 = (n << LOG2_FRAC_BITS) + ((x - base) << LOG2_FRAC_BITS) / base;

	return (log2 * PRESSURE_MAX / LOG2_PRESSURE_MAX) >> LOG2_FRAC_BITS;
}

/* byte 1 of the last pen report, as this fix left it */
static __u8 last_state;

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(waltop_events, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, PEN_REPORT_SIZE);
	__u32 pressure;

	if (!data || type != HID_INPUT_REPORT || data[0] != PEN_REPORT_ID)
		return 0;

	/* both switches at once, out of nothing: the second button */
	if ((data[1] & (STATE_TIP | STATE_BARREL)) == (STATE_TIP | STATE_BARREL) &&
	    !(last_state & (STATE_TIP | STATE_BARREL))) {
		data[1] &= ~(STATE_TIP | STATE_BARREL);
		data[1] |= STATE_SEC_BARREL;
	}
	last_state = data[1];

	pressure = data[PEN_PRESSURE_AT] | data[PEN_PRESSURE_AT + 1] << 8;
	if (pressure <= PRESSURE_LINEAR_MAX)
		pressure *= PRESSURE_LINEAR_SCALE;
	else
		pressure = pressure_log2(pressure);
	data[PEN_PRESSURE_AT] = pressure & 0xff;
	data[PEN_PRESSURE_AT + 1] = (pressure >> 8) & 0xff;

	return 0;
}

HID_BPF_OPS(waltop) = {
	.hid_rdesc_fixup = (void *)waltop_rdesc,
	.hid_device_event = (void *)waltop_events,
};

/*
 * The fix edits the pen report's items in place and moves the rest, so it
 * wants the 335 bytes with the pen part exactly as above. A firmware that
 * already declares the second button (or anything else) is refused.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, RDESC_SIZE, PEN_PART_AT, pen_part_orig,
					sizeof(pen_part_orig)) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
