// SPDX-License-Identifier: GPL-2.0-only
/*
 * Microsoft Xbox Elite Wireless Controller Series 2 over Bluetooth (LE),
 * 045e:0b22.
 *
 * Over Bluetooth the controller's report descriptor is 464 bytes. Report
 * 1 (20 bytes) carries the sticks, triggers, hat and buttons, and ends
 * with a Consumer Control application collection nested in the Game Pad
 * one:
 *
 *  off  bytes       item
 *  191  05 0c         Usage Page (Consumer)
 *  193  09 01         Usage (Consumer Control)
 *  195  a1 01         Collection (Application)
 *  197  0a 85 00        Usage (Order Movie)        byte 17
 *  200  15 00           Logical Minimum (0)
 *  202  26 ff 00        Logical Maximum (255)
 *  205  95 01           Report Count (1)
 *  207  75 08           Report Size (8)
 *  209  81 02           Input (Data,Var,Abs)
 *  211  0a 99 00        Usage (Media Select Security) byte 18, bits 0..3
 *  214  15 00           Logical Minimum (0)
 *  216  26 ff 00        Logical Maximum (255)
 *  219  95 01           Report Count (1)
 *  221  75 04           Report Size (4)
 *  223  81 02           Input (Data,Var,Abs)
 *  225  15 00           Logical Minimum (0)        <- the fix starts here
 *  227  25 00           Logical Maximum (0)
 *  229  95 01           Report Count (1)
 *  231  75 04           Report Size (4)
 *  233  81 03           Input (Cnst,Var,Abs)       byte 18, bits 4..7
 *  235  0a 81 00        Usage (Assign Selection)   byte 19, bits 0..3
 *  238  15 00           Logical Minimum (0)
 *  240  26 ff 00        Logical Maximum (255)
 *  243  95 01           Report Count (1)
 *  245  75 04           Report Size (4)
 *  247  81 02           Input (Data,Var,Abs)       <- and ends here
 *  249  15 00           Logical Minimum (0)
 *  251  25 00           Logical Maximum (0)
 *  253  95 01           Report Count (1)
 *  255  75 04           Report Size (4)
 *  257  81 03           Input (Cnst,Var,Abs)       byte 19, bits 4..7
 *  259  c0            End Collection
 *
 * What the firmware gets wrong: the four paddles on the back are the four
 * bits of byte 19's low nibble (paddle 1 = bit 0 ... paddle 4 = bit 3),
 * declared as one 4-bit "Assign Selection" value. The kernel maps that to
 * a single KEY_UNKNOWN whose value is the bit mask, so no program sees
 * the paddles as buttons. Over USB the same paddles are
 * BTN_TRIGGER_HAPPY5..8.
 *
 * The fix rewrites bytes 225..248 (same length, so nothing moves): the
 * padding after Media Select Security becomes four one-bit constants,
 * the Consumer Control collection is closed there, and a Game Pad
 * application collection is opened with Buttons 21..24 as four one-bit
 * inputs over the paddle nibble. In a Game Pad application, Buttons
 * 17 and up map to BTN_TRIGGER_HAPPY1 onwards, so the paddles become
 * BTN_TRIGGER_HAPPY5..8 as over USB. The original End Collection at 259
 * now closes the new collection. The report itself is unchanged.
 */

#include "hid_bpf_fix.h"

#define VID_MICROSOFT		0x045E
#define PID_XBOX_ELITE_2_BLE	0x0B22

HID_BPF_CONFIG(
	HID_DEVICE(BUS_BLUETOOTH, HID_GROUP_GENERIC, VID_MICROSOFT, PID_XBOX_ELITE_2_BLE)
);

HID_BPF_DESCRIPTION("Xbox Elite 2 over Bluetooth: report the four back paddles as BTN_TRIGGER_HAPPY5-8");
HID_BPF_SYMPTOM("Over Bluetooth the four back paddles are not buttons: all four come out as one unknown key (KEY_UNKNOWN), so games cannot see or bind them");

#define XBE2_RDESC_SIZE		464
#define XBE2_CONSUMER_AT	191	/* the Consumer Control collection */
#define XBE2_CONSUMER_SIZE	69	/* up to and with its End Collection */
#define XBE2_PATCH_AT		225
#define XBE2_PATCH_SIZE		24	/* bytes 225..248 */

/* bytes 191..259 of the original descriptor */
static const __u8 xbe2_consumer_orig[XBE2_CONSUMER_SIZE] = {
	0x05, 0x0c, 0x09, 0x01, 0xa1, 0x01,
	0x0a, 0x85, 0x00, 0x15, 0x00, 0x26, 0xff, 0x00,
	0x95, 0x01, 0x75, 0x08, 0x81, 0x02,
	0x0a, 0x99, 0x00, 0x15, 0x00, 0x26, 0xff, 0x00,
	0x95, 0x01, 0x75, 0x04, 0x81, 0x02,
	/* offset 225 */
	0x15, 0x00, 0x25, 0x00, 0x95, 0x01, 0x75, 0x04, 0x81, 0x03,
	0x0a, 0x81, 0x00, 0x15, 0x00, 0x26, 0xff, 0x00,
	0x95, 0x01, 0x75, 0x04, 0x81, 0x02,
	/* offset 249 */
	0x15, 0x00, 0x25, 0x00, 0x95, 0x01, 0x75, 0x04, 0x81, 0x03,
	0xc0,
};

/* what replaces bytes 225..248 */
static const __u8 xbe2_paddles[XBE2_PATCH_SIZE] = {
	/* byte 18, bits 4..7: padding, now as 4 x 1 bit (min 0 still holds) */
	0x25, 0x01,		/*  Logical Maximum (1) */
	0x95, 0x04,		/*  Report Count (4) */
	0x75, 0x01,		/*  Report Size (1) */
	0x81, 0x03,		/*  Input (Cnst,Var,Abs) */
	0xc0,			/* End Collection (Consumer Control) */
	0x05, 0x01,		/* Usage Page (Generic Desktop) */
	0x0a, 0x05, 0x00,	/* Usage (Game Pad) */
	0xa1, 0x01,		/* Collection (Application) */
	0x05, 0x09,		/*  Usage Page (Button) */
	0x19, 0x15,		/*  Usage Minimum (21) */
	0x29, 0x18,		/*  Usage Maximum (24) */
	/* byte 19, bits 0..3: the paddles, 4 x 1 bit, logical 0..1 */
	0x81, 0x02,		/*  Input (Data,Var,Abs) */
	/* the original padding of bits 4..7 and End Collection follow */
};

_Static_assert(XBE2_PATCH_AT + XBE2_PATCH_SIZE == 249,
	       "the patch ends where the paddle nibble's padding starts");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(xbe2_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != XBE2_RDESC_SIZE)
		return 0;

	/* still the original Assign Selection item? (the probe checked all) */
	if (data[XBE2_PATCH_AT + 10] != 0x0a || data[XBE2_PATCH_AT + 11] != 0x81)
		return 0;

	__builtin_memcpy(data + XBE2_PATCH_AT, xbe2_paddles, XBE2_PATCH_SIZE);

	return 0;
}

HID_BPF_OPS(xbox_elite_2) = {
	.hid_rdesc_fixup = (void *)xbe2_fix_rdesc,
};

/*
 * The whole Consumer Control collection must read as above: it fixes
 * where the paddle bits are in report 1 and the End Collection the new
 * collection borrows. A firmware with another layout is refused.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, XBE2_RDESC_SIZE, XBE2_CONSUMER_AT,
					xbe2_consumer_orig,
					XBE2_CONSUMER_SIZE) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
