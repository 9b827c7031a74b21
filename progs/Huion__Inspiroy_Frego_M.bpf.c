// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huion Inspiroy Frego M (model L610), a pen tablet: Bluetooth 256c:8251
 * and USB 256c:2012. This fix is for its pen interface.
 *
 * The pen interface's descriptor is 125 bytes long. Its pen collection
 * starts like this (offsets 0..3 and 12..25; the bytes in between are a
 * report ID and a Stylus collection, and are not used here):
 *
 *  off  bytes       item
 *    0  05 0d       Usage Page (Digitizers)
 *    2  09 02       Usage (Pen)
 *   ...
 *   12  09 42           Usage (Tip Switch)
 *   14  09 44           Usage (Barrel Switch)
 *   16  09 43           Usage (Secondary Tip Switch)    <- wrong
 *   18  09 3c           Usage (Invert)
 *   20  09 45           Usage (Eraser)
 *   22  15 00           Logical Minimum (0)
 *   24  25 01           Logical Maximum (1)
 *
 * What the firmware gets wrong: the pen's second side button is declared
 * a Secondary Tip Switch, which the kernel turns into a second BTN_TOUCH,
 * so pressing it looks like touching the surface. It is a Secondary
 * Barrel Switch (BTN_STYLUS2).
 *
 * The fix changes that one byte, 17: 0x43 -> 0x5a. Reports are unchanged.
 *
 * Huion uses 256c:8251 for other Bluetooth devices too (the Keydial K20,
 * other Frego models): the probe wants the 125-byte size and the bytes
 * above.
 */

#include "huion.h"

#define VID_HUION		0x256C
#define PID_HUION_BT		0x8251	/* Frego M over Bluetooth */
#define PID_FREGO_M_USB		0x2012	/* Frego M (L610) over USB */

HID_BPF_CONFIG(
	HID_DEVICE(BUS_BLUETOOTH, HID_GROUP_GENERIC, VID_HUION, PID_HUION_BT),
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_HUION, PID_FREGO_M_USB)
);

HID_BPF_DESCRIPTION("Huion Inspiroy Frego M: second pen button as BTN_STYLUS2 instead of a second tip switch");
HID_BPF_SYMPTOM("Pressing the pen's second side button registers as the pen touching the tablet, so it draws or clicks instead of acting as a second button");

#define FREGO_RDESC_SIZE	125
#define FREGO_PEN_AT		0	/* Usage Page (Digitizers), Usage (Pen) */
#define FREGO_SWITCHES_AT	12	/* the usages of the pen's switches */
#define FREGO_SEC_SWITCH_AT	17	/* the usage of the second button */

static const __u8 frego_pen[] = { 0x05, 0x0d, 0x09, 0x02 };
static const __u8 frego_switches[] = {
	0x09, 0x42,		/* Usage (Tip Switch) */
	0x09, 0x44,		/* Usage (Barrel Switch) */
	0x09, 0x43,		/* Usage (Secondary Tip Switch) */
	0x09, 0x3c,		/* Usage (Invert) */
	0x09, 0x45,		/* Usage (Eraser) */
	0x15, 0x00,		/* Logical Minimum (0) */
	0x25, 0x01,		/* Logical Maximum (1) */
};

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(frego_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != FREGO_RDESC_SIZE)
		return 0;

	if (data[FREGO_SEC_SWITCH_AT] == HID_DG_SECONDARY_TIP_SWITCH)
		data[FREGO_SEC_SWITCH_AT] = HID_DG_SECONDARY_BARREL_SWITCH;

	return 0;
}

HID_BPF_OPS(inspiroy_frego_m) = {
	.hid_rdesc_fixup = (void *)frego_fix_rdesc,
};

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int ok;

	ok = hbf_rdesc_matches(ctx, FREGO_RDESC_SIZE, FREGO_PEN_AT, frego_pen,
			       sizeof(frego_pen)) &&
	     hbf_rdesc_matches(ctx, FREGO_RDESC_SIZE, FREGO_SWITCHES_AT,
			       frego_switches, sizeof(frego_switches));

	ctx->retval = ok ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
