// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trust / Philips SPK6327 keyboard, USB 145f:024b.
 *
 * The receiver has two HID interfaces: interface 0 (62-byte descriptor)
 * and interface 1, whose descriptor is 169 bytes long and carries, among
 * other reports, the keyboard's modifier keys. They are declared like
 * this (only the Input item's place, offset 100, is known; the items
 * that set up the field come before it):
 *
 *  off  bytes       item
 *       05 07         Usage Page (Keyboard/Keypad)
 *       19 e0         Usage Minimum (Left Control)
 *       29 e7         Usage Maximum (Right GUI)
 *       15 00 25 01   Logical Minimum (0), Logical Maximum (1)
 *       75 01 95 08   Report Size (1), Report Count (8)
 *  100  81 00         Input (Data,Arr,Abs)         <- 81 02 (Data,Var,Abs)
 *
 * What the firmware gets wrong: the modifier byte is a bitmap, one bit
 * per modifier key, but the item declares an array of eight 1-bit
 * indexes. The kernel reads every set bit as "index 1", that is the
 * second usage of the range, Left Shift: Control, Alt, GUI and the right
 * hand modifiers all come out as Left Shift.
 *
 * The fix makes that Input item Variable (byte 101: 0x00 -> 0x02), so
 * each bit is its own modifier key. The size and everything else stay.
 */

#include "hid_bpf_fix.h"

#define VID_TRUST		0x145F
#define PID_SPK6327		0x024B

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_TRUST, PID_SPK6327)
);

HID_BPF_DESCRIPTION("Trust Philips SPK6327: declare the modifier byte as a bitmap so Ctrl, Alt and GUI stop acting as Left Shift");
HID_BPF_SYMPTOM("Ctrl, Alt, the Windows key and the right-hand modifiers all act as Left Shift, so Ctrl+C types a capital C");

#define SPK6327_RDESC_SIZE	169	/* interface 1; interface 0 has 62 */
#define SPK6327_MODS_INPUT_AT	100	/* Input item of the modifier keys */

#define HID_INPUT_ITEM		0x81	/* Input, one data byte */
#define INPUT_DATA_ARR_ABS	0x00
#define INPUT_DATA_VAR_ABS	0x02

static const __u8 spk6327_mods_input[] = { HID_INPUT_ITEM, INPUT_DATA_ARR_ABS };

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(spk6327_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != SPK6327_RDESC_SIZE)
		return 0;

	if (data[SPK6327_MODS_INPUT_AT] == HID_INPUT_ITEM &&
	    data[SPK6327_MODS_INPUT_AT + 1] == INPUT_DATA_ARR_ABS)
		data[SPK6327_MODS_INPUT_AT + 1] = INPUT_DATA_VAR_ABS;

	return 0;
}

HID_BPF_OPS(trust_spk6327) = {
	.hid_rdesc_fixup = (void *)spk6327_rdesc,
};

/*
 * Interface 1 only (interface 0's descriptor is 62 bytes), and only while
 * the Input item at offset 100 is still an array: a firmware that gets it
 * right needs nothing.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, SPK6327_RDESC_SIZE,
					SPK6327_MODS_INPUT_AT, spk6327_mods_input,
					sizeof(spk6327_mods_input)) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
