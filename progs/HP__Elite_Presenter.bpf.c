// SPDX-License-Identifier: GPL-2.0-only
/*
 * HP Elite Presenter Mouse, Bluetooth 03f0:464a.
 *
 * A mouse that doubles as a presentation remote with an on-screen "laser
 * pointer". Its report descriptor is 264 bytes: two mice (report IDs 1
 * and 2), a keypad (report 5) and two Consumer Controls (reports 6 and
 * 3). The two mice are two application collections of usage Mouse:
 *
 *  off  bytes       item
 *    0  05 01       Usage Page (Generic Desktop)
 *    2  09 02       Usage (Mouse)
 *    4  a1 01       Collection (Application)
 *    6  85 01         Report ID (1)              the mouse
 *       ...           buttons, X, Y, wheel
 *       c0          End Collection
 *   78  09 02       Usage (Mouse)                <- 09 01 (Pointer)
 *   80  a1 01       Collection (Application)
 *       85 02         Report ID (2)              the laser pointer
 *       ...
 *  151  c0          End Collection
 *  152  05 01       Usage Page (Generic Desktop)
 *  154  09 07       Usage (Keypad)
 *  156  a1 01       Collection (Application)
 *  158  85 05         Report ID (5)
 *
 * What goes wrong: hid-generic makes one input device per application
 * usage, so both mice share one input device: the kernel registers one
 * mouse, and the device is usable only as the laser pointer. The kernel
 * also carries a quirk for 03f0:464a (HID_QUIRK_MULTI_INPUT, one input
 * device per report, commit 0db117359e47); this fix gets the two mice
 * apart from the descriptor instead.
 *
 * The fix declares the second collection a Pointer instead of a Mouse
 * (byte 79: 0x02 -> 0x01), so it gets an input device of its own and the
 * device works both as a mouse and as a pointer. Reports are unchanged.
 */

#include "hid_bpf_fix.h"

#define VID_HP			0x03F0
#define PID_ELITE_PRESENTER	0x464A

HID_BPF_CONFIG(
	HID_DEVICE(BUS_BLUETOOTH, HID_GROUP_GENERIC, VID_HP, PID_ELITE_PRESENTER)
);

HID_BPF_DESCRIPTION("HP Elite Presenter: make the second mouse collection a pointer so mouse and laser pointer both work");
HID_BPF_SYMPTOM("Both mouse collections end up in one input device, so the device works only as the laser pointer, not as a normal mouse");

#define ELITE_RDESC_SIZE	264
#define ELITE_MOUSE1_AT		0	/* the first mouse, report 1 */
#define ELITE_MOUSE2_AT		78	/* Usage (Mouse) of the second one */
#define ELITE_MOUSE2_USAGE_AT	79
#define ELITE_KEYPAD_AT		152	/* the keypad, report 5 */

#define HID_GD_POINTER		0x01
#define HID_GD_MOUSE		0x02

static const __u8 elite_mouse1[] = {
	0x05, 0x01,		/* Usage Page (Generic Desktop) */
	0x09, HID_GD_MOUSE,	/* Usage (Mouse) */
	0xa1, 0x01,		/* Collection (Application) */
	0x85, 0x01,		/* Report ID (1) */
};

static const __u8 elite_mouse2[] = {
	0x09, HID_GD_MOUSE,	/* Usage (Mouse) */
	0xa1, 0x01,		/* Collection (Application) */
};

static const __u8 elite_keypad[] = {
	0x05, 0x01,		/* Usage Page (Generic Desktop) */
	0x09, 0x07,		/* Usage (Keypad) */
	0xa1, 0x01,		/* Collection (Application) */
	0x85, 0x05,		/* Report ID (5) */
};

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(elite_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != ELITE_RDESC_SIZE)
		return 0;

	if (data[ELITE_MOUSE2_USAGE_AT] == HID_GD_MOUSE)
		data[ELITE_MOUSE2_USAGE_AT] = HID_GD_POINTER;

	return 0;
}

HID_BPF_OPS(hp_elite_presenter) = {
	.hid_rdesc_fixup = (void *)elite_fix_rdesc,
};

/*
 * The 264-byte descriptor with the first mouse and the keypad where they
 * are, and the second collection still declared a Mouse.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int ok;

	ok = hbf_rdesc_matches(ctx, ELITE_RDESC_SIZE, ELITE_MOUSE1_AT,
			       elite_mouse1, sizeof(elite_mouse1)) &&
	     hbf_rdesc_matches(ctx, ELITE_RDESC_SIZE, ELITE_MOUSE2_AT,
			       elite_mouse2, sizeof(elite_mouse2)) &&
	     hbf_rdesc_matches(ctx, ELITE_RDESC_SIZE, ELITE_KEYPAD_AT,
			       elite_keypad, sizeof(elite_keypad));

	ctx->retval = ok ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
