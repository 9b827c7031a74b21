// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rapoo M50 Plus Silent mouse, USB 24ae:2015.
 *
 * Five buttons: left, right, middle and two side buttons. The report
 * descriptor is 186 bytes; the mouse report (ID 1) opens it:
 *
 *  off  bytes       item
 *    0  05 01       Usage Page (Generic Desktop)
 *    2  09 02       Usage (Mouse)
 *    4  a1 01       Collection (Application)
 *    6  85 01         Report ID (1)
 *    8  09 01         Usage (Pointer)
 *   10  a1 00         Collection (Physical)
 *   12  05 09           Usage Page (Button)
 *   14  19 01           Usage Minimum (1)
 *   16  29 03           Usage Maximum (3)          <- 29 05 (5)
 *   18  15 00           Logical Minimum (0)
 *   20  25 01           Logical Maximum (1)
 *   22  75 01           Report Size (1)
 *   24  95 05           Report Count (5)           byte 1, bits 0..4
 *   26  81 02           Input (Data,Var,Abs)
 *   28  75 03           Report Size (3)
 *   30  95 01           Report Count (1)
 *   32  81 01           Input (Cnst,Arr,Abs)       bits 5..7 unused
 *   34  05 01           Usage Page (Generic Desktop)
 *   36  09 30           Usage (X)
 *   38  09 31           Usage (Y)
 *   40  16 01 80        Logical Minimum (-32767)
 *   43  26 ff 7f        Logical Maximum (32767)
 *   46  75 10           Report Size (16)
 *   48  95 02           Report Count (2)           bytes 2..5
 *   50  81 06           Input (Data,Var,Rel)
 *   52  09 38           Usage (Wheel)
 *   54  15 81           Logical Minimum (-127)
 *   56  25 7f           Logical Maximum (127)
 *   58  75 08           Report Size (8)
 *   60  95 01           Report Count (1)           byte 6
 *   62  81 06           Input (Data,Var,Rel)
 *   64  c0            End Collection
 *   65  c0          End Collection
 *  (66..185: Consumer Control, System Control and vendor reports)
 *
 * What the firmware gets wrong: the report carries five button bits but
 * the usages stop at Button 3, so the kernel gives bits 3 and 4 (the side
 * buttons) the last usage again and they never show up as buttons of
 * their own.
 *
 * The fix raises Usage Maximum to 5 (byte 17: 0x03 -> 0x05), so bits 3
 * and 4 become Buttons 4 and 5 (BTN_SIDE, BTN_EXTRA). Nothing else
 * changes.
 */

#include "hid_bpf_fix.h"

#define VID_RAPOO		0x24AE
#define PID_M50_PLUS_SILENT	0x2015

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_RAPOO, PID_M50_PLUS_SILENT)
);

HID_BPF_DESCRIPTION("Rapoo M50 Plus Silent: declare all five buttons so the two side buttons work");
HID_BPF_SYMPTOM("The two side buttons do not work: the descriptor names only three buttons, so the side buttons get no button of their own");

#define M50_RDESC_SIZE		186
#define M50_MOUSE_SIZE		66	/* bytes 0..65: the mouse collection */
#define M50_USAGE_MAX_AT	16	/* Usage Maximum of the buttons */

#define HID_USAGE_MAX_1		0x29	/* Usage Maximum, one data byte */
#define M50_BUTTONS_DECLARED	0x03
#define M50_BUTTONS_REAL	0x05

static const __u8 m50_mouse_orig[M50_MOUSE_SIZE] = {
	0x05, 0x01, 0x09, 0x02, 0xa1, 0x01,
	0x85, 0x01, 0x09, 0x01, 0xa1, 0x00,
	0x05, 0x09, 0x19, 0x01,
	HID_USAGE_MAX_1, M50_BUTTONS_DECLARED,
	0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, M50_BUTTONS_REAL,
	0x81, 0x02, 0x75, 0x03, 0x95, 0x01, 0x81, 0x01,
	0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x16, 0x01,
	0x80, 0x26, 0xff, 0x7f, 0x75, 0x10, 0x95, 0x02,
	0x81, 0x06, 0x09, 0x38, 0x15, 0x81, 0x25, 0x7f,
	0x75, 0x08, 0x95, 0x01, 0x81, 0x06, 0xc0, 0xc0,
};

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(m50_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != M50_RDESC_SIZE)
		return 0;

	if (data[M50_USAGE_MAX_AT] == HID_USAGE_MAX_1 &&
	    data[M50_USAGE_MAX_AT + 1] == M50_BUTTONS_DECLARED)
		data[M50_USAGE_MAX_AT + 1] = M50_BUTTONS_REAL;

	return 0;
}

HID_BPF_OPS(rapoo_m50) = {
	.hid_rdesc_fixup = (void *)m50_fix_rdesc,
};

/*
 * The whole mouse collection must read as above: it fixes the report
 * layout (five button bits in byte 1) the new usage range relies on.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, M50_RDESC_SIZE, 0, m50_mouse_orig,
					M50_MOUSE_SIZE) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
