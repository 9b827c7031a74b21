// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huion Keydial K20 over Bluetooth (it calls itself "Keydial mini-050"),
 * Bluetooth 256c:8251: a keypad with 18 keys and a dial with a button in
 * its middle. Over Bluetooth it has no tablet mode; it always sends the
 * shortcuts its firmware types. It shows two HID interfaces:
 *
 * 1. A dial interface, 114 bytes, report 3: a System Multi-Axis
 *    Controller that never sends anything.
 *
 * 2. The interface that does the work, 160 bytes:
 *    0  05 01           Usage Page (Generic Desktop)
 *    2  09 06           Usage (Keyboard)
 *    4  a1 01           Collection (Application)
 *    6  85 01             Report ID (1)
 *    8  05 07             Usage Page (Keyboard)
 *   10  19 e0             Usage Minimum (224)
 *   12  29 e7             Usage Maximum (231)
 *   14  15 00             Logical Minimum (0)
 *   16  25 01             Logical Maximum (1)
 *   18  75 01             Report Size (1)
 *   20  95 08             Report Count (8)
 *   22  81 02             Input (Data,Var,Abs)
 *   24  95 01             Report Count (1)
 *   26  75 08             Report Size (8)
 *   28  81 01             Input (Cnst,Arr,Abs)
 *   30  95 05             Report Count (5)
 *   32  75 01             Report Size (1)
 *   34  05 08             Usage Page (LED)
 *   36  19 01             Usage Minimum (1)
 *   38  29 05             Usage Maximum (5)
 *   40  91 02             Output (Data,Var,Abs)
 *   42  95 01             Report Count (1)
 *   44  75 03             Report Size (3)
 *   46  91 01             Output (Cnst,Arr,Abs)
 *   48  95 06             Report Count (6)
 *   50  75 08             Report Size (8)
 *   52  15 00             Logical Minimum (0)
 *   54  25 f1             Logical Maximum (241)
 *   56  05 07             Usage Page (Keyboard)
 *   58  19 00             Usage Minimum (0)
 *   60  29 f1             Usage Maximum (241)
 *   62  81 00             Input (Data,Arr,Abs)
 *   64  c0              End Collection
 *   65  05 0c           Usage Page (Consumer)
 *   67  09 01           Usage (Consumer Control)
 *   69  a1 01           Collection (Application)
 *   71  85 02             Report ID (2)
 *   73  05 0c             Usage Page (Consumer)
 *   75  19 00             Usage Minimum (0)
 *   77  2a 80 03          Usage Maximum (896)
 *   80  15 00             Logical Minimum (0)
 *   82  26 80 03          Logical Maximum (896)
 *   85  75 10             Report Size (16)
 *   87  95 01             Report Count (1)
 *   89  81 00             Input (Data,Arr,Abs)
 *   91  c0              End Collection
 *   92  05 01           Usage Page (Generic Desktop)
 *   94  09 02           Usage (Mouse)
 *   96  a1 01           Collection (Application)
 *   98  09 01             Usage (Pointer)
 *  100  85 05             Report ID (5)
 *  102  a1 00             Collection (Physical)
 *  104  05 09               Usage Page (Button)
 *  106  19 01               Usage Minimum (1)
 *  108  29 05               Usage Maximum (5)
 *  110  15 00               Logical Minimum (0)
 *  112  25 01               Logical Maximum (1)
 *  114  95 05               Report Count (5)
 *  116  75 01               Report Size (1)
 *  118  81 02               Input (Data,Var,Abs)
 *  120  95 01               Report Count (1)
 *  122  75 03               Report Size (3)
 *  124  81 01               Input (Cnst,Arr,Abs)
 *  126  05 01               Usage Page (Generic Desktop)
 *  128  09 30               Usage (X)
 *  130  09 31               Usage (Y)
 *  132  16 01 80            Logical Minimum (-32767)
 *  135  26 ff 7f            Logical Maximum (32767)
 *  138  75 10               Report Size (16)
 *  140  95 02               Report Count (2)
 *  142  81 06               Input (Data,Var,Rel)
 *  144  05 01               Usage Page (Generic Desktop)
 *  146  09 38               Usage (Wheel)
 *  148  15 81               Logical Minimum (-127)
 *  150  25 7f               Logical Maximum (127)
 *  152  95 01               Report Count (1)
 *  154  75 08               Report Size (8)
 *  156  81 06               Input (Data,Var,Rel)
 *  158  c0                End Collection
 *  159  c0              End Collection
 *
 *    - report 1, keyboard, 9 bytes: modifiers in byte 1, a reserved byte,
 *      key usages in bytes 3..8 (the firmware leaves byte 3 empty, the
 *      first key comes in byte 4: 01 00 00 00 0e 00 00 00 00 is K). The
 *      keys type:
 *        1 K    2 G    3 L    4 Delete   5 I    6 D    7 B    8 E    9 S
 *        10 Z   11 C   12 V   13 Left Control   14 Left Alt
 *        15 Left Shift   16 Enter   17 Space   18 N
 *      (13..15 are bare modifiers, bits 0, 2 and 1 of byte 1);
 *    - report 2, consumer control, 3 bytes: the dial's button, as Play/
 *      Pause (02 cd 00, released 02 00 00);
 *    - report 5, a mouse, 7 bytes: the dial turns its wheel (byte 6, one
 *      step each way: 05 00 00 00 00 00 ff), each step followed by a
 *      report with the wheel at 0.
 *    So the keypad shows up as a keyboard, a media key and a mouse wheel.
 *
 * What the fix does:
 *  - interface 1 is made a vendor device (114 -> 16 bytes: one 10-byte
 *    vendor report 0xac, as long as its report 3), so no input device is
 *    created for a dial that never speaks;
 *  - interface 2 becomes a tablet pad (160 -> 106 bytes) on report 11
 *    (9 bytes):
 *      byte 1    bit 0 Barrel Switch (always 0) and padding
 *      bytes 2,3 X and Y (always 0)
 *                (both only there so user space sees a tablet pad)
 *      bytes 4-7 keys: bit n - 1 for key n; bits 0..9 Buttons 1..10
 *                (BTN_0..BTN_9), bits 10..18 Buttons 0x31..0x39
 *                (BTN_A..BTN_TL2), bit 18 being the dial's button
 *      byte 8    dial, -1..1 (REL_WHEEL)
 *    plus a 9-byte vendor report 0xac; reports 1, 2 and 5 are all
 *    rewritten into report 11. The keys held, the dial button and the
 *    dial step are each taken from their own report; the other state is
 *    kept from the previous reports.
 *
 * The USB K20 (256c:0069) is the same keypad; its fix uses the same pad
 * layout. Huion also uses 256c:8251 for other Bluetooth devices (the
 * Inspiroy Frego pen tablets): the probe only takes the two descriptors
 * above, byte for byte.
 *
 * Deliberate difference from udev-hid-bpf's build of the same fix (its
 * 0010-Huion__KeydialK20-Bluetooth.bpf.o, checked by
 * selftests/reference-guest.sh): for interface 1, upstream passes the
 * descriptor's length (114) to the macro that builds its vendor report,
 * whose argument is a report length (for the pad interface it passes the
 * 9-byte keyboard report's length), and so declares a 114-byte report
 * (Report Count 113). This fix declares the length of the only report
 * that interface has, 10 bytes (report 3: ID, 1 constant byte, 2 bits
 * and 6 bits of padding, a 16-bit dial, 5 constant bytes), so Report
 * Count 9. The interface never sends anything, and neither makes an
 * input device. Interface 2 matches upstream byte for byte.
 */

#include "huion.h"

#define VID_HUION		0x256C
#define PID_HUION_BT		0x8251

HID_BPF_CONFIG(
	HID_DEVICE(BUS_BLUETOOTH, HID_GROUP_GENERIC, VID_HUION, PID_HUION_BT)
);

HID_BPF_DESCRIPTION("Huion Keydial K20 (Bluetooth): keys, dial and dial button as a tablet pad");
HID_BPF_SYMPTOM("The 18 keys type letters and shortcuts (K, G, Delete, Ctrl...), the dial scrolls like a mouse wheel and its button is Play/Pause, and a dial device that never sends anything appears");

#define K20BT_DIAL_RDESC_SIZE	114
#define K20BT_PAD_RDESC_SIZE	160

static const __u8 k20bt_dial_rdesc[K20BT_DIAL_RDESC_SIZE] = {
	0x05, 0x01, 0x09, 0x0e, 0xa1, 0x01, 0x85, 0x03,
	0x05, 0x0d, 0x75, 0x08, 0x95, 0x01, 0x81, 0x01,
	0x09, 0x21, 0xa1, 0x02, 0x15, 0x00, 0x25, 0x01,
	0x75, 0x01, 0x95, 0x01, 0xa1, 0x00, 0x05, 0x09,
	0x09, 0x01, 0x81, 0x02, 0x05, 0x0d, 0x09, 0x33,
	0x81, 0x02, 0x95, 0x06, 0x81, 0x03, 0xa1, 0x02,
	0x05, 0x01, 0x09, 0x37, 0x16, 0x00, 0x80, 0x26,
	0xff, 0x7f, 0x75, 0x10, 0x95, 0x01, 0x81, 0x06,
	0x35, 0x00, 0x46, 0x10, 0x0e, 0x15, 0x00, 0x26,
	0x10, 0x0e, 0x09, 0x48, 0xb1, 0x02, 0x45, 0x00,
	0xc0, 0x75, 0x08, 0x95, 0x01, 0x81, 0x01, 0x75,
	0x08, 0x95, 0x01, 0x81, 0x01, 0x75, 0x08, 0x95,
	0x01, 0x81, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81,
	0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x01, 0xc0,
	0xc0, 0xc0,
};

static const __u8 k20bt_pad_rdesc[K20BT_PAD_RDESC_SIZE] = {
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x01,
	0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00,
	0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02,
	0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x05,
	0x75, 0x01, 0x05, 0x08, 0x19, 0x01, 0x29, 0x05,
	0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01,
	0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0xf1,
	0x05, 0x07, 0x19, 0x00, 0x29, 0xf1, 0x81, 0x00,
	0xc0, 0x05, 0x0c, 0x09, 0x01, 0xa1, 0x01, 0x85,
	0x02, 0x05, 0x0c, 0x19, 0x00, 0x2a, 0x80, 0x03,
	0x15, 0x00, 0x26, 0x80, 0x03, 0x75, 0x10, 0x95,
	0x01, 0x81, 0x00, 0xc0, 0x05, 0x01, 0x09, 0x02,
	0xa1, 0x01, 0x09, 0x01, 0x85, 0x05, 0xa1, 0x00,
	0x05, 0x09, 0x19, 0x01, 0x29, 0x05, 0x15, 0x00,
	0x25, 0x01, 0x95, 0x05, 0x75, 0x01, 0x81, 0x02,
	0x95, 0x01, 0x75, 0x03, 0x81, 0x01, 0x05, 0x01,
	0x09, 0x30, 0x09, 0x31, 0x16, 0x01, 0x80, 0x26,
	0xff, 0x7f, 0x75, 0x10, 0x95, 0x02, 0x81, 0x06,
	0x05, 0x01, 0x09, 0x38, 0x15, 0x81, 0x25, 0x7f,
	0x95, 0x01, 0x75, 0x08, 0x81, 0x06, 0xc0, 0xc0,
};

#define K20BT_KBD_REPORT_ID	0x01
#define K20BT_KBD_REPORT_SIZE	9
#define K20BT_KBD_KEYS_AT	3	/* key usages in bytes 3..8 */
#define K20BT_CC_REPORT_ID	0x02
#define K20BT_CC_REPORT_SIZE	3
#define K20BT_MOUSE_REPORT_ID	0x05
#define K20BT_MOUSE_REPORT_SIZE	7
#define K20BT_WHEEL_AT		6

#define K20BT_PAD_REPORT_ID	0x0b	/* ours */

#define HID_CONSUMER_PLAY_PAUSE	0xcd

/* key bits as HUION_K20_KEY(); bit 18 is the dial's button */
#define K20BT_DIAL_BUTTON	HUION_K20_KEY(19)

static __u32 k20bt_keys;	/* keys and dial button held */

/* interface 1: nothing but a vendor report */
static const __u8 k20bt_dial_fixed[] = {
	HUION_VENDOR_FILLER(9)		/* report 0xac, 10 bytes; upstream: 113 */
};

/* interface 2: the pad, and a 9-byte vendor report */
static const __u8 k20bt_pad_fixed[] = {
	HUION_K20_PAD(K20BT_PAD_REPORT_ID)	/* the pad, 9 bytes */
	HUION_VENDOR_FILLER(8)		/* report 0xac, 9 bytes */
	0xc0,                         /* End Collection */
};

_Static_assert(sizeof(k20bt_dial_fixed) == 16, "interface 1: 16 bytes");
_Static_assert(sizeof(k20bt_pad_fixed) == 106, "interface 2: 106 bytes");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(k20bt_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	if (hctx->size == K20BT_DIAL_RDESC_SIZE) {
		__builtin_memcpy(data, k20bt_dial_fixed, sizeof(k20bt_dial_fixed));
		return sizeof(k20bt_dial_fixed);
	}
	if (hctx->size == K20BT_PAD_RDESC_SIZE) {
		__builtin_memcpy(data, k20bt_pad_fixed, sizeof(k20bt_pad_fixed));
		return sizeof(k20bt_pad_fixed);
	}
	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(k20bt_fix_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HUION_K20_PAD_REPORT_SIZE);
	__s8 dial = 0;

	if (!data || type != HID_INPUT_REPORT)
		return 0;

	if (data[0] == K20BT_KBD_REPORT_ID && hctx->size >= K20BT_KBD_REPORT_SIZE) {
		k20bt_keys = (k20bt_keys & K20BT_DIAL_BUTTON) |
			     huion_k20_kbd_keys(data, K20BT_KBD_KEYS_AT,
						K20BT_KBD_REPORT_SIZE);
	} else if (data[0] == K20BT_CC_REPORT_ID && hctx->size >= K20BT_CC_REPORT_SIZE) {
		if (data[1] == HID_CONSUMER_PLAY_PAUSE)
			k20bt_keys |= K20BT_DIAL_BUTTON;
		else
			k20bt_keys &= ~K20BT_DIAL_BUTTON;
	} else if (data[0] == K20BT_MOUSE_REPORT_ID &&
		   hctx->size >= K20BT_MOUSE_REPORT_SIZE) {
		dial = data[K20BT_WHEEL_AT];
	} else {
		return 0;
	}

	return huion_k20_pad_report(data, K20BT_PAD_REPORT_ID, k20bt_keys, dial);
}

HID_BPF_OPS(keydial_k20_bt) = {
	.hid_rdesc_fixup = (void *)k20bt_fix_rdesc,
	.hid_device_event = (void *)k20bt_fix_event,
};

/* Both interfaces are replaced wholesale: they must match exactly. */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int ok;

	ok = hbf_rdesc_matches(ctx, K20BT_DIAL_RDESC_SIZE, 0, k20bt_dial_rdesc,
			       K20BT_DIAL_RDESC_SIZE) ||
	     hbf_rdesc_matches(ctx, K20BT_PAD_RDESC_SIZE, 0, k20bt_pad_rdesc,
			       K20BT_PAD_RDESC_SIZE);

	ctx->retval = ok ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
