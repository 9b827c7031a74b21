// SPDX-License-Identifier: GPL-2.0-only
/*
 * Synaptics touchpad behind the ACPI node DLL0945, on I2C: 06cb:ce26 in
 * the Dell Inspiron 5406, 06cb:cde6 in the Dell XPS 13 9310 (the same
 * touchpad in another chassis).
 *
 * A Windows Precision Touchpad: its finger reports must say, once, that
 * a finger went up (tip switch 0, confidence 1) before that finger stops
 * appearing. When several fingers lift together, this firmware sometimes
 * reports the lift of only one of them, then never mentions the others
 * again. hid-multitouch keeps those contacts down: a finger that left
 * the pad long ago still counts, and the desktop stays in two- or
 * three-finger scrolling or gesture mode. Linux 6.18 (and 6.12.118,
 * which has the same change) releases such contacts 100 ms after the
 * last report, so only once every finger is off the pad; while one
 * finger stays down they stay stuck.
 *
 * The report descriptor is 665 bytes. The touchpad application, report 3:
 *
 *  off  bytes           item
 *   50  05 0d           Usage Page (Digitizers)
 *   52  09 05           Usage (Touch Pad)
 *   54  a1 01           Collection (Application)
 *   56  85 03             Report ID (3)
 *   58  05 0d             Usage Page (Digitizers)
 *   60  09 22             Usage (Finger)                 finger 0: bytes 1..5
 *   62  a1 02             Collection (Logical)
 *   64  15 00               Logical Minimum (0)
 *   66  25 01               Logical Maximum (1)
 *   68  09 47               Usage (Confidence)           bit 0
 *   70  09 42               Usage (Tip Switch)           bit 1
 *   72  95 02               Report Count (2)
 *   74  75 01               Report Size (1)
 *   76  81 02               Input (Data,Var,Abs)
 *   78  95 01               Report Count (1)
 *   80  75 03               Report Size (3)
 *   82  25 05               Logical Maximum (5)
 *   84  09 51               Usage (Contact Identifier)   bits 2..4
 *   86  81 02               Input (Data,Var,Abs)
 *   88  75 01               Report Size (1)
 *   90  95 03               Report Count (3)
 *   92  81 03               Input (Cnst,Var,Abs)         bits 5..7
 *   94  05 01               Usage Page (Generic Desktop)
 *   96  15 00               Logical Minimum (0)
 *   98  26 45 05            Logical Maximum (1349)
 *  101  75 10               Report Size (16)
 *  103  55 0e               Unit Exponent (-2)
 *  105  65 11               Unit (cm)
 *  107  09 30               Usage (X)                    2 bytes
 *  109  35 00               Physical Minimum (0)
 *  111  46 64 04            Physical Maximum (1124)
 *  114  95 01               Report Count (1)
 *  116  81 02               Input (Data,Var,Abs)
 *  118  46 a2 02            Physical Maximum (674)
 *  121  26 29 03            Logical Maximum (809)
 *  124  09 31               Usage (Y)                    2 bytes
 *  126  81 02               Input (Data,Var,Abs)
 *  128  c0                End Collection
 *  129  ...               fingers 1..4: the same 71 bytes from Usage
 *                         Page to End Collection, Usage (Finger) at
 *                         131, 202, 273 and 344: bytes 6..25
 *  413  05 0d             Usage Page (Digitizers)
 *  415  55 0c             Unit Exponent (-4)
 *  417  66 01 10          Unit (s)
 *  420  47 ff ff 00 00    Physical Maximum (65535)
 *  425  27 ff ff 00 00    Logical Maximum (65535)
 *  430  75 10             Report Size (16)
 *  432  95 01             Report Count (1)
 *  434  09 56             Usage (Scan Time)              bytes 26..27
 *  436  81 02             Input (Data,Var,Abs)
 *  438  09 54             Usage (Contact Count)          byte 28
 *  440  25 7f             Logical Maximum (127)
 *  442  95 01             Report Count (1)
 *  444  75 08             Report Size (8)
 *  446  81 02             Input (Data,Var,Abs)
 *  448  05 09             Usage Page (Button)
 *  450  09 01             Usage (1)                      byte 29, bit 0
 *  452  25 01             Logical Maximum (1)
 *  454  75 01             Report Size (1)
 *  456  95 01             Report Count (1)
 *  458  81 02             Input (Data,Var,Abs)
 *  460  95 07             Report Count (7)
 *  462  81 03             Input (Cnst,Var,Abs)
 *
 * So report 3 is 30 bytes: the ID, five finger slots of 5 bytes (flags,
 * X and Y little endian), the scan time, the contact count (how many of
 * the slots are valid, from the first) and the button.
 *
 * What the fix does, on report 3 only: it remembers which contact IDs
 * are down and where they last were. When a report with 1 to 5 valid
 * slots no longer lists a contact that was down (neither down nor
 * lifted), it adds the missing lift to that report: in the first unused
 * slot, confidence 1, tip switch 0, the contact's ID and last position,
 * and one more in the contact count. A contact that does not fit (all
 * five slots used) is added to a later report. A contact count of 0
 * (the continuation of a report split in two, in hybrid mode) or above
 * 5 makes it forget every contact instead. Reports that list every
 * contact pass unchanged, and so does the descriptor.
 *
 * The kernel gives this touchpad HID group 0x0004 (multitouch Win 8:
 * the descriptor carries the Windows certificate blob, feature report
 * 7, usage 0xff00:0xc5). The fix matches any group; its probe tells the
 * touchpad apart.
 */

#include "hid_bpf_fix.h"

#define VID_SYNAPTICS		0x06CB
#define PID_DLL0945_XPS_9310	0xCDE6
#define PID_DLL0945_INSP_5406	0xCE26

HID_BPF_CONFIG(
	HID_DEVICE(BUS_I2C, 0 /* any group */, VID_SYNAPTICS, PID_DLL0945_XPS_9310),
	HID_DEVICE(BUS_I2C, 0 /* any group */, VID_SYNAPTICS, PID_DLL0945_INSP_5406)
);

HID_BPF_DESCRIPTION("Synaptics DLL0945 touchpad (Dell XPS 9310, Inspiron 5406): add the finger lifts the firmware leaves out");
HID_BPF_SYMPTOM("After lifting several fingers at once, some stay down for the desktop, which keeps scrolling or zooming instead of moving the pointer");

#define RDESC_SIZE		665
#define TOUCH_HEAD_AT		50	/* Usage Page (Digitizers), Touch Pad */
#define FINGER_AT		60	/* Usage (Finger) of finger 0 */
#define FINGER_STRIDE		71	/* bytes per finger collection */
#define TOUCH_TAIL_AT		413	/* scan time, contact count, button */

#define TOUCH_REPORT_ID		3
#define TOUCH_REPORT_SIZE	30
#define SLOTS			5
#define SLOT_AT(i)		(1 + 5 * (i))
#define SLOT_SIZE		5
#define CONTACT_COUNT_AT	28

#define FLAG_CONFIDENCE		0x01
#define FLAG_TIP		0x02
#define FLAG_ID_SHIFT		2
#define FLAG_ID_MASK		0x07
#define CONTACT_IDS		8	/* a 3-bit contact ID */

/* contact IDs down after the last report, and where each last was */
static __u8 down;
static __u8 last_xy[CONTACT_IDS][4];

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(dll0945_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 seen = 0, now_down = 0, missing, *data, *slot;
	__u32 count, i, id;

	if (type != HID_INPUT_REPORT || hctx->size < TOUCH_REPORT_SIZE)
		return 0;
	data = hid_bpf_get_data(hctx, 0 /* offset */, TOUCH_REPORT_SIZE);
	if (!data || data[0] != TOUCH_REPORT_ID)
		return 0;

	count = data[CONTACT_COUNT_AT];
	if (!count || count > SLOTS) {
		down = 0;
		return 0;
	}

	for (i = 0; i < SLOTS; i++) {
		if (i >= count)
			break;
		slot = data + SLOT_AT(i);
		id = (slot[0] >> FLAG_ID_SHIFT) & FLAG_ID_MASK;
		seen |= 1 << id;
		if (slot[0] & FLAG_TIP) {
			now_down |= 1 << id;
			__builtin_memcpy(last_xy[id], slot + 1, 4);
		}
	}

	missing = down & ~seen;
	for (id = 0; id < CONTACT_IDS; id++) {
		if (!(missing & (1 << id)))
			continue;
		if (count >= SLOTS)
			break;
		slot = data + SLOT_AT(count);
		slot[0] = FLAG_CONFIDENCE | id << FLAG_ID_SHIFT;
		__builtin_memcpy(slot + 1, last_xy[id], 4);
		missing &= ~(1 << id);
		count++;
	}

	data[CONTACT_COUNT_AT] = count;
	/* lifts that found no free slot go into the next report */
	down = now_down | missing;
	return 0;
}

HID_BPF_OPS(synaptics_dll0945) = {
	.hid_device_event = (void *)dll0945_event,
};

/* bytes 50..59: the touch pad application and report 3 */
static const __u8 touch_head[] = {
	0x05, 0x0d, 0x09, 0x05, 0xa1, 0x01, 0x85, 0x03, 0x05, 0x0d,
};

/*
 * Each finger collection, from its Usage (Finger): the flags byte
 * (offsets 0..33), then the items that size and name X and Y. The
 * ranges between them are not checked, so a chassis with another pad
 * size still matches.
 */
static const __u8 finger_flags[] = {
	0x09, 0x22, 0xa1, 0x02, 0x15, 0x00, 0x25, 0x01,
	0x09, 0x47, 0x09, 0x42, 0x95, 0x02, 0x75, 0x01, 0x81, 0x02,
	0x95, 0x01, 0x75, 0x03, 0x25, 0x05, 0x09, 0x51, 0x81, 0x02,
	0x75, 0x01, 0x95, 0x03, 0x81, 0x03,
};

static const __u8 finger_x_size[] = { 0x75, 0x10 };		/* at +41 */
static const __u8 finger_x[] = { 0x09, 0x30 };			/* at +47 */
static const __u8 finger_x_input[] = { 0x95, 0x01, 0x81, 0x02 };	/* at +54 */
static const __u8 finger_y[] = { 0x09, 0x31, 0x81, 0x02, 0xc0 };	/* at +64 */

/* bytes 413..463: scan time, contact count, button */
static const __u8 touch_tail[] = {
	0x05, 0x0d, 0x55, 0x0c, 0x66, 0x01, 0x10,
	0x47, 0xff, 0xff, 0x00, 0x00, 0x27, 0xff, 0xff, 0x00, 0x00,
	0x75, 0x10, 0x95, 0x01, 0x09, 0x56, 0x81, 0x02,
	0x09, 0x54, 0x25, 0x7f, 0x95, 0x01, 0x75, 0x08, 0x81, 0x02,
	0x05, 0x09, 0x09, 0x01, 0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02,
	0x95, 0x07, 0x81, 0x03,
};

/* each finger collection comes after its own Usage Page (Digitizers) */
_Static_assert(FINGER_AT - 2 + SLOTS * FINGER_STRIDE == TOUCH_TAIL_AT,
	       "the five fingers fill the space up to the tail");

#define MATCH(off, bytes) \
	hbf_rdesc_matches(ctx, RDESC_SIZE, (off), (bytes), sizeof(bytes))

/* The 665-byte descriptor with report 3 laid out as above. */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int k;

	ctx->retval = -EINVAL;
	if (!MATCH(TOUCH_HEAD_AT, touch_head) || !MATCH(TOUCH_TAIL_AT, touch_tail))
		return 0;
#pragma unroll
	for (k = 0; k < SLOTS; k++) {
		int at = FINGER_AT + k * FINGER_STRIDE;

		if (!MATCH(at, finger_flags) || !MATCH(at + 41, finger_x_size) ||
		    !MATCH(at + 47, finger_x) || !MATCH(at + 54, finger_x_input) ||
		    !MATCH(at + 64, finger_y))
			return 0;
	}
	ctx->retval = 0;
	return 0;
}

char _license[] SEC("license") = "GPL";
