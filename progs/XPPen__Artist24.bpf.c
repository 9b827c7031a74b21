// SPDX-License-Identifier: GPL-2.0-only
/*
 * XP-Pen Artist 24 (USB 28bd:093a) and Artist 24 Pro (USB 28bd:092d) pen
 * displays.
 *
 * Both have three HID interfaces; this fix is for the pen, whose whole
 * report descriptor is 107 bytes (the same on both models):
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
 *   16  09 45            Usage (Eraser)              byte 1, bit 2  <- fixed
 *   18  15 00            Logical Minimum (0)
 *   20  25 01            Logical Maximum (1)
 *   22  75 01            Report Size (1)
 *   24  95 03            Report Count (3)
 *   26  81 02            Input (Data,Var,Abs)
 *   28  95 02            Report Count (2)
 *   30  81 03            Input (Cnst,Var,Abs)        byte 1, bits 3-4
 *   32  09 32            Usage (In Range)            byte 1, bit 5
 *   34  95 01            Report Count (1)
 *   36  81 02            Input (Data,Var,Abs)
 *   38  95 02            Report Count (2)
 *   40  81 03            Input (Cnst,Var,Abs)        byte 1, bits 6-7
 *   42  75 10            Report Size (16)
 *   44  95 01            Report Count (1)
 *   46  35 00            Physical Minimum (0)
 *   48  a4               Push
 *   49  05 01            Usage Page (Generic Desktop)
 *   51  09 30            Usage (X)                   bytes 2-3
 *   53  65 13            Unit (inch)
 *   55  55 0d            Unit Exponent (-3)
 *   57  46 f0 50         Physical Maximum (20720)
 *   60  26 ff 7f         Logical Maximum (32767)
 *   63  81 02            Input (Data,Var,Abs)
 *   65  09 31            Usage (Y)                   bytes 4-5
 *   67  46 91 2d         Physical Maximum (11665)
 *   70  26 ff 7f         Logical Maximum (32767)
 *   73  81 02            Input (Data,Var,Abs)
 *   75  b4               Pop
 *   76  09 30            Usage (Tip Pressure)        bytes 6-7
 *   78  45 00            Physical Maximum (0)
 *   80  26 ff 1f         Logical Maximum (8191)
 *   83  81 42            Input (Data,Var,Abs,Null)
 *   85  09 3d            Usage (X Tilt)              byte 8
 *   87  15 81            Logical Minimum (-127)
 *   89  25 7f            Logical Maximum (127)
 *   91  75 08            Report Size (8)
 *   93  95 01            Report Count (1)
 *   95  81 02            Input (Data,Var,Abs)
 *   97  09 3e            Usage (Y Tilt)              byte 9
 *   99  15 81            Logical Minimum (-127)
 *  101  25 7f            Logical Maximum (127)
 *  103  81 02            Input (Data,Var,Abs)
 *  105  c0             End Collection
 *  106  c0           End Collection
 *
 * What the firmware gets wrong: the pen has no eraser end, only two side
 * buttons, and the upper one is reported as Eraser (bit 2). The kernel
 * then thinks an eraser touches the screen (BTN_TOOL_RUBBER and BTN_TOUCH)
 * whenever that button is pressed. Worse, each press or release of that
 * button comes with made-up reports: first one with every bit clear (the
 * pen seems to leave), and, while the tip is down, one more with In Range
 * and the new state of bit 2 but the tip up, before the real report.
 * Drawing with the tip down, the user gets a spurious lift and touch.
 *
 * What this fix does:
 *  - the descriptor: the usage at offset 16 becomes Secondary Barrel
 *    Switch (09 45 -> 09 5a), so bit 2 is BTN_STYLUS2; nothing else moves;
 *  - the reports (all are report 7): the fix remembers the pen state byte
 *    (byte 1) of the last report it let through, and drops
 *      - a report with In Range clear while that last state had the tip
 *        down (the fake "pen left"), keeping the last state as it was;
 *      - a report whose tip bit and bit 2 both differ from the last state
 *        (the fake intermediate state); it becomes the last state all the
 *        same, so the real report that follows goes through.
 *    A report whose state byte equals the last one, or that has In Range
 *    clear with the tip up, goes through without becoming the last state.
 *    Other reports go through and become the last state.
 */

#include "hid_bpf_fix.h"

#define VID_UGEE		0x28BD
#define PID_ARTIST_24		0x093A
#define PID_ARTIST_24_PRO	0x092D

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_UGEE, PID_ARTIST_24),
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_UGEE, PID_ARTIST_24_PRO)
);

HID_BPF_DESCRIPTION("XP-Pen Artist 24 (Pro): upper pen button is a second barrel button, not an eraser; fake pen-left reports dropped");
HID_BPF_SYMPTOM("The pen's upper button acts as an eraser touching the screen, and each press or release of it makes the pen seem to lift and touch again mid-stroke");

#define PEN_RDESC_SIZE		107
#define PEN_BUTTON2_USAGE_AT	17	/* the 0x45 of "09 45" at offset 16 */
#define HID_DG_ERASER_ID	0x45
#define HID_DG_SEC_BARREL_ID	0x5a

#define PEN_REPORT_ID		7
#define PEN_REPORT_SIZE		10	/* ID, state, X, Y, pressure, tilts */

/* byte 1 of report 7 */
#define STATE_TIP		0x01
#define STATE_BUTTON2		0x04	/* declared Eraser by the firmware */
#define STATE_IN_RANGE		0x20

#define HID_DROP_REPORT		(-1)	/* a negative return drops it */

static const __u8 pen_rdesc_orig[PEN_RDESC_SIZE] = {
	0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x07,
	0x09, 0x20, 0xa1, 0x00, 0x09, 0x42, 0x09, 0x44,
	0x09, 0x45, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01,
	0x95, 0x03, 0x81, 0x02, 0x95, 0x02, 0x81, 0x03,
	0x09, 0x32, 0x95, 0x01, 0x81, 0x02, 0x95, 0x02,
	0x81, 0x03, 0x75, 0x10, 0x95, 0x01, 0x35, 0x00,
	0xa4, 0x05, 0x01, 0x09, 0x30, 0x65, 0x13, 0x55,
	0x0d, 0x46, 0xf0, 0x50, 0x26, 0xff, 0x7f, 0x81,
	0x02, 0x09, 0x31, 0x46, 0x91, 0x2d, 0x26, 0xff,
	0x7f, 0x81, 0x02, 0xb4, 0x09, 0x30, 0x45, 0x00,
	0x26, 0xff, 0x1f, 0x81, 0x42, 0x09, 0x3d, 0x15,
	0x81, 0x25, 0x7f, 0x75, 0x08, 0x95, 0x01, 0x81,
	0x02, 0x09, 0x3e, 0x15, 0x81, 0x25, 0x7f, 0x81,
	0x02, 0xc0, 0xc0,
};

_Static_assert(sizeof(pen_rdesc_orig) == PEN_RDESC_SIZE, "107-byte pen descriptor");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(a24_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	if (hctx->size != PEN_RDESC_SIZE ||
	    data[PEN_BUTTON2_USAGE_AT] != HID_DG_ERASER_ID)
		return 0;

	data[PEN_BUTTON2_USAGE_AT] = HID_DG_SEC_BARREL_ID;
	return PEN_RDESC_SIZE;
}

/* byte 1 of the last report let through (0 before the first one) */
static __u8 last_state;

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(a24_fix_events, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, PEN_REPORT_SIZE);
	__u8 state, changed;

	if (!data || type != HID_INPUT_REPORT || data[0] != PEN_REPORT_ID)
		return 0;

	state = data[1];
	if (state == last_state)
		return 0;

	if (!(state & STATE_IN_RANGE)) {
		/* a pen drawing on the screen does not vanish in one report */
		if (last_state & STATE_TIP)
			return HID_DROP_REPORT;
		return 0;
	}

	changed = state ^ last_state;
	last_state = state;

	/* tip and button 2 flipping together: the firmware's extra report */
	if ((changed & (STATE_TIP | STATE_BUTTON2)) == (STATE_TIP | STATE_BUTTON2))
		return HID_DROP_REPORT;

	return 0;
}

HID_BPF_OPS(artist24) = {
	.hid_rdesc_fixup = (void *)a24_fix_rdesc,
	.hid_device_event = (void *)a24_fix_events,
};

/*
 * The pen interface only, byte for byte: the other two interfaces have
 * other descriptors, and a firmware that already says Secondary Barrel
 * Switch (or lays the report out otherwise) needs none of this.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, PEN_RDESC_SIZE, 0, pen_rdesc_orig,
					PEN_RDESC_SIZE) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
