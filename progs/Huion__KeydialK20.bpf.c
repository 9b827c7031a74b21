// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huion Keydial K20 (USB 256c:0069): a wired keypad with 18 keys and a
 * dial with a button in its middle.
 *
 * Like Huion's tablets it has a firmware mode (out of the box) and a
 * tablet mode (after the host reads Huion's magic string descriptor,
 * e.g. with huion-switcher), and three HID interfaces:
 *
 * 1. The vendor interface, 18 bytes, one opaque 11-byte input report:
 *      06 00 ff 09 01 a1 01 85 08 75 58 95 01 09 01 81 02 c0
 *    Silent in firmware mode. In tablet mode everything comes here as
 *    report 8 (12 bytes):
 *      dial: byte 1 is 0xf1; byte 5 the direction: 1 = +1, 2 = -1
 *      keys: any other report 8; bytes 4..6 one bit per button, 19
 *            buttons (18 keys and the dial's), passed on as they are
 *
 * 2. The keyboard interface, 135 bytes: in firmware mode the keys type
 *    shortcuts on report 3 (8 bytes: report ID, modifiers, six key
 *    usages). Reports 4 (consumer,
 *    3 bytes) and 5 (mouse with a wheel, 7 bytes) are declared but never
 *    sent:
 *    0  05 01           Usage Page (Generic Desktop)
 *    2  09 06           Usage (Keyboard)
 *    4  a1 01           Collection (Application)
 *    6  85 03             Report ID (3)
 *    8  05 07             Usage Page (Keyboard)
 *   10  19 e0             Usage Minimum (224)
 *   12  29 e7             Usage Maximum (231)
 *   14  15 00             Logical Minimum (0)
 *   16  25 01             Logical Maximum (1)
 *   18  75 01             Report Size (1)
 *   20  95 08             Report Count (8)
 *   22  81 02             Input (Data,Var,Abs)
 *   24  05 07             Usage Page (Keyboard)
 *   26  19 00             Usage Minimum (0)
 *   28  29 ff             Usage Maximum (255)
 *   30  26 ff 00          Logical Maximum (255)
 *   33  75 08             Report Size (8)
 *   35  95 06             Report Count (6)
 *   37  81 00             Input (Data,Arr,Abs)
 *   39  c0              End Collection
 *   40  05 0c           Usage Page (Consumer)
 *   42  09 01           Usage (Consumer Control)
 *   44  a1 01           Collection (Application)
 *   46  85 04             Report ID (4)
 *   48  05 0c             Usage Page (Consumer)
 *   50  19 00             Usage Minimum (0)
 *   52  2a 80 03          Usage Maximum (896)
 *   55  15 00             Logical Minimum (0)
 *   57  26 80 03          Logical Maximum (896)
 *   60  75 10             Report Size (16)
 *   62  95 01             Report Count (1)
 *   64  81 00             Input (Data,Arr,Abs)
 *   66  c0              End Collection
 *   67  05 01           Usage Page (Generic Desktop)
 *   69  09 02           Usage (Mouse)
 *   71  a1 01           Collection (Application)
 *   73  09 01             Usage (Pointer)
 *   75  85 05             Report ID (5)
 *   77  a1 00             Collection (Physical)
 *   79  05 09               Usage Page (Button)
 *   81  19 01               Usage Minimum (1)
 *   83  29 05               Usage Maximum (5)
 *   85  15 00               Logical Minimum (0)
 *   87  25 01               Logical Maximum (1)
 *   89  95 05               Report Count (5)
 *   91  75 01               Report Size (1)
 *   93  81 02               Input (Data,Var,Abs)
 *   95  95 01               Report Count (1)
 *   97  75 03               Report Size (3)
 *   99  81 01               Input (Cnst,Arr,Abs)
 *  101  05 01               Usage Page (Generic Desktop)
 *  103  09 30               Usage (X)
 *  105  09 31               Usage (Y)
 *  107  16 00 80            Logical Minimum (-32768)
 *  110  26 ff 7f            Logical Maximum (32767)
 *  113  75 10               Report Size (16)
 *  115  95 02               Report Count (2)
 *  117  81 06               Input (Data,Var,Rel)
 *  119  95 01               Report Count (1)
 *  121  75 08               Report Size (8)
 *  123  05 01               Usage Page (Generic Desktop)
 *  125  09 38               Usage (Wheel)
 *  127  15 81               Logical Minimum (-127)
 *  129  25 7f               Logical Maximum (127)
 *  131  81 06               Input (Data,Var,Rel)
 *  133  c0                End Collection
 *  134  c0              End Collection
 *
 *    The keys type (numbered as upstream numbers them):
 *      1 K    2 G    3 L    4 Delete   5 I    6 D    7 B    8 E    9 S
 *      10 Z   11 C   12 V   13 Left Control   14 Left Alt   15 Left Shift
 *      16 Enter   17 Space   18 N
 *    (13..15 are bare modifiers, bits 0, 2 and 1 of byte 1.) Keys held
 *    together share one report.
 *
 * 3. The dial interface, 108 bytes, report 17: a System Multi-Axis
 *    Controller with a puck button and a 16-bit relative dial. Its values
 *    are unreliable in firmware mode and it is silent in tablet mode; this
 *    fix leaves it alone (its probe refuses it).
 *
 * What the fix does, on interfaces 1 and 2: their descriptors are replaced
 * by one tablet pad on report 8 (9 bytes):
 *      byte 1    bit 0 Barrel Switch (always 0) and padding
 *      bytes 2,3 X and Y (always 0)
 *                (both only there so user space sees a tablet pad)
 *      bytes 4-7 keys: bits 0..9 Buttons 1..10 (BTN_0..BTN_9), bits
 *                10..18 Buttons 0x31..0x39 (BTN_A..BTN_TL2), then padding
 *      byte 8    dial, -1..1 (REL_WHEEL)
 * followed by vendor reports 0xac as long as the interface's longest
 * original report (12 bytes on interface 1; 8, 3 and 7 on interface 2),
 * so the device's reports keep fitting. Interface 1 grows 18 -> 106
 * bytes, interface 2 135 -> 138.
 * Reports are rewritten into that layout: tablet-mode report 8 keeps its
 * 19 key bits, the dial direction becomes -1/+1 (key state remembered);
 * firmware-mode report 3 turns each known key usage and modifier into its
 * key bit, other usages are ignored; the dial is not available there.
 *
 * Firmware ID: udev-hid-bpf is given the keypad's firmware string
 * (HUION_T21h_...) by huion-switcher, which reads it from a USB string
 * descriptor; when it is there, interfaces 2 and 3 are disabled instead.
 * The kernel has no such string for a device bound to hid-generic, so
 * this fix always behaves as if it were absent: interface 2 is fixed, 3
 * is untouched. In tablet mode interface 2 is then a silent extra pad.
 */

#include "huion.h"

#define VID_HUION		0x256C
#define PID_KEYDIAL_K20		0x0069

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_HUION, PID_KEYDIAL_K20)
);

HID_BPF_DESCRIPTION("Huion Keydial K20: keys and dial as a tablet pad, in firmware and tablet mode");
HID_BPF_SYMPTOM("Firmware mode: the 18 keys type letters and shortcuts (K, G, L, Delete, Ctrl...) instead of pad buttons; tablet mode: the keys and the dial do nothing");

#define K20_VENDOR_RDESC_SIZE	18
#define K20_KBD_RDESC_SIZE	135

static const __u8 k20_vendor_rdesc[K20_VENDOR_RDESC_SIZE] = {
	0x06, 0x00, 0xff, 0x09, 0x01, 0xa1, 0x01, 0x85,
	0x08, 0x75, 0x58, 0x95, 0x01, 0x09, 0x01, 0x81,
	0x02, 0xc0,
};

static const __u8 k20_kbd_rdesc[K20_KBD_RDESC_SIZE] = {
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x03,
	0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00,
	0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02,
	0x05, 0x07, 0x19, 0x00, 0x29, 0xff, 0x26, 0xff,
	0x00, 0x75, 0x08, 0x95, 0x06, 0x81, 0x00, 0xc0,
	0x05, 0x0c, 0x09, 0x01, 0xa1, 0x01, 0x85, 0x04,
	0x05, 0x0c, 0x19, 0x00, 0x2a, 0x80, 0x03, 0x15,
	0x00, 0x26, 0x80, 0x03, 0x75, 0x10, 0x95, 0x01,
	0x81, 0x00, 0xc0, 0x05, 0x01, 0x09, 0x02, 0xa1,
	0x01, 0x09, 0x01, 0x85, 0x05, 0xa1, 0x00, 0x05,
	0x09, 0x19, 0x01, 0x29, 0x05, 0x15, 0x00, 0x25,
	0x01, 0x95, 0x05, 0x75, 0x01, 0x81, 0x02, 0x95,
	0x01, 0x75, 0x03, 0x81, 0x01, 0x05, 0x01, 0x09,
	0x30, 0x09, 0x31, 0x16, 0x00, 0x80, 0x26, 0xff,
	0x7f, 0x75, 0x10, 0x95, 0x02, 0x81, 0x06, 0x95,
	0x01, 0x75, 0x08, 0x05, 0x01, 0x09, 0x38, 0x15,
	0x81, 0x25, 0x7f, 0x81, 0x06, 0xc0, 0xc0,
};

#define K20_PAD_REPORT_ID	HUION_VENDOR_REPORT_ID	/* the device's report 8, and ours */
#define K20_KBD_REPORT_ID	0x03
#define K20_KBD_REPORT_SIZE	8

static __u32 k20_keys;		/* tablet mode: last key bits */

/* interface 1: the pad, and a 12-byte vendor report */
static const __u8 k20_vendor_fixed[] = {
	HUION_K20_PAD(K20_PAD_REPORT_ID)	/* the pad, 9 bytes */
	HUION_VENDOR_FILLER(11)		/* report 0xac, 12 bytes */
	0xc0,                         /* End Collection */
};

/* interface 2: the same pad, and 8-, 3- and 7-byte vendor reports */
static const __u8 k20_kbd_fixed[] = {
	HUION_K20_PAD(K20_PAD_REPORT_ID)	/* the pad, 9 bytes */
	HUION_VENDOR_FILLER(7)		/* report 0xac, 8 bytes */
	HUION_VENDOR_FILLER(2)		/* report 0xac, 3 bytes */
	HUION_VENDOR_FILLER(6)		/* report 0xac, 7 bytes */
	0xc0,                         /* End Collection */
};

_Static_assert(sizeof(k20_vendor_fixed) == 106, "interface 1: 106 bytes");
_Static_assert(sizeof(k20_kbd_fixed) == 138, "interface 2: 138 bytes");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(k20_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	if (hctx->size == K20_VENDOR_RDESC_SIZE) {
		__builtin_memcpy(data, k20_vendor_fixed, sizeof(k20_vendor_fixed));
		return sizeof(k20_vendor_fixed);
	}
	if (hctx->size == K20_KBD_RDESC_SIZE) {
		__builtin_memcpy(data, k20_kbd_fixed, sizeof(k20_kbd_fixed));
		return sizeof(k20_kbd_fixed);
	}
	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(k20_fix_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, 12);
	__s8 dial = 0;

	if (!data || type != HID_INPUT_REPORT)
		return 0;

	/* tablet mode, interface 1 */
	if (data[0] == HUION_VENDOR_REPORT_ID && hctx->size >= 7) {
		if (data[1] == HUION_VENDOR_DIAL)
			dial = huion_vendor_dial_step(data);
		else
			k20_keys = data[4] | (data[5] << 8) | (data[6] << 16);
		return huion_k20_pad_report(data, K20_PAD_REPORT_ID, k20_keys, dial);
	}

	/* firmware mode, interface 2 */
	if (data[0] == K20_KBD_REPORT_ID && hctx->size >= K20_KBD_REPORT_SIZE)
		return huion_k20_pad_report(data, K20_PAD_REPORT_ID,
					    huion_k20_kbd_keys(data, 2, K20_KBD_REPORT_SIZE),
					    0);

	return 0;
}

HID_BPF_OPS(keydial_k20) = {
	.hid_rdesc_fixup = (void *)k20_fix_rdesc,
	.hid_device_event = (void *)k20_fix_event,
};

/*
 * Interfaces 1 and 2 are replaced wholesale and must match exactly;
 * interface 3 (108 bytes) is refused: there is nothing to do on it.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int ok;

	ok = hbf_rdesc_matches(ctx, K20_VENDOR_RDESC_SIZE, 0, k20_vendor_rdesc,
			       K20_VENDOR_RDESC_SIZE) ||
	     hbf_rdesc_matches(ctx, K20_KBD_RDESC_SIZE, 0, k20_kbd_rdesc,
			       K20_KBD_RDESC_SIZE);

	ctx->retval = ok ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
