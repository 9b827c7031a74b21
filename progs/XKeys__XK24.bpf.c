// SPDX-License-Identifier: GPL-2.0-only
/*
 * X-Keys XK-24 (P.I. Engineering), USB 05f3:0405.
 *
 * The XK-24 is a 4 x 6 grid of programmable keys plus a "program switch"
 * (PS) on the side. It has three USB interfaces; the one this fix is for
 * carries the key states in a vendor-style report that HID cannot read.
 * Its whole report descriptor is 33 bytes:
 *
 *  off  bytes       item
 *    0  05 0c       Usage Page (Consumer)
 *    2  09 01       Usage (Consumer Control)
 *    4  a1 01       Collection (Application)
 *    6  a1 02         Collection (Logical)
 *    8  05 08           Usage Page (LED)
 *   10  09 4b           Usage (Generic Indicator)
 *   12  75 08           Report Size (8)
 *   14  95 23           Report Count (35)
 *   16  91 02           Output (Data,Var,Abs)     35 bytes for the backlights
 *   18  c0            End Collection
 *   19  a1 02         Collection (Logical)
 *   21  05 09           Usage Page (Button)       <- the fix starts here
 *   23  09 4b           Usage (Button 75)
 *   25  75 08           Report Size (8)
 *   27  95 20           Report Count (32)
 *   29  81 02           Input (Data,Var,Abs)      32 bytes, all "button 75"
 *   31  c0            End Collection
 *   32  c0          End Collection
 *
 * What the firmware gets wrong: the 32 input bytes are declared as 32
 * copies of one 8-bit button, so the kernel maps the whole report to a
 * single key (button 75 lands on BTN_TOUCH) and the 24 keys are lost.
 *
 * What the bytes really are (no report ID):
 *   byte 0        not a control (unit ID)
 *   byte 1        bit 0: program switch
 *   bytes 2..5    one byte per column of keys, bits 0..5 are the six
 *                 rows, bits 6..7 unused: keys 1-6, 7-12, 13-18, 19-24
 *   bytes 6..31   not controls
 *
 * The fix keeps bytes 0..20 (the LED output and the opening of the second
 * logical collection) and rewrites everything from offset 21, so the
 * descriptor grows from 33 to 108 bytes:
 *   - byte 0 becomes 8 bits of padding;
 *   - the program switch is one bit of Button 255 (no named key exists
 *     for it, the kernel hands it code 0x1fe);
 *   - the 24 keys are Buttons 1..24 inside a Named Array collection of
 *     usage Programmable Buttons (Consumer 0x03), which the kernel turns
 *     into KEY_MACRO1..KEY_MACRO24, six bits per byte with two bits of
 *     padding after each group of six;
 *   - bytes 6..31 become 26 bytes of padding.
 * The output report (LEDs) and the report length (32 bytes) are unchanged.
 */

#include "hid_bpf_fix.h"

#define VID_PI_ENGINEERING	0x05F3
#define PID_XK24		0x0405

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_PI_ENGINEERING, PID_XK24)
);

HID_BPF_DESCRIPTION("X-Keys XK-24: report the 24 keys as KEY_MACRO1-24 and the program switch as a button");
HID_BPF_SYMPTOM("None of the 24 keys or the program switch works: the whole report becomes a single button (BTN_TOUCH)");

#define XK24_RDESC_SIZE		33	/* the original descriptor */
#define XK24_KEEP		21	/* bytes 0..20 stay as they are */

/* The original descriptor, byte for byte; the probe wants all of it. */
static const __u8 xk24_rdesc_orig[XK24_RDESC_SIZE] = {
	0x05, 0x0c, 0x09, 0x01, 0xa1, 0x01,
	0xa1, 0x02, 0x05, 0x08, 0x09, 0x4b, 0x75, 0x08, 0x95, 0x23,
	0x91, 0x02, 0xc0,
	0xa1, 0x02, 0x05, 0x09, 0x09, 0x4b, 0x75, 0x08, 0x95, 0x20,
	0x81, 0x02, 0xc0,
	0xc0,
};

/* What replaces the original from offset XK24_KEEP onwards. */
static const __u8 xk24_input_items[] = {
	/* byte 0: unit ID, not a control */
	0x09, 0x00,		/* Usage (0) */
	0x75, 0x08,		/* Report Size (8) */
	0x95, 0x01,		/* Report Count (1) */
	0x81, 0x03,		/* Input (Cnst,Var,Abs) */

	/* byte 1: program switch in bit 0, 7 bits unused */
	0x05, 0x09,		/* Usage Page (Button) */
	0x09, 0xff,		/* Usage (Button 255) */
	0x75, 0x01,		/* Report Size (1) */
	0x95, 0x01,		/* Report Count (1) */
	0x81, 0x02,		/* Input (Data,Var,Abs) */
	0x95, 0x07,		/* Report Count (7) */
	0x81, 0x03,		/* Input (Cnst,Var,Abs) */

	/* bytes 2..5: the keys, as programmable buttons */
	0x05, 0x0c,		/* Usage Page (Consumer) */
	0x09, 0x03,		/* Usage (Programmable Buttons) */
	0xa1, 0x04,		/* Collection (Named Array) */
	0x05, 0x09,		/*  Usage Page (Button) */

	0x19, 0x01,		/*  Usage Minimum (1)	column 1, byte 2 */
	0x29, 0x06,		/*  Usage Maximum (6) */
	0x95, 0x06,		/*  Report Count (6) */
	0x81, 0x02,		/*  Input (Data,Var,Abs) */
	0x95, 0x02,		/*  Report Count (2) */
	0x81, 0x03,		/*  Input (Cnst,Var,Abs) */

	0x19, 0x07,		/*  Usage Minimum (7)	column 2, byte 3 */
	0x29, 0x0c,		/*  Usage Maximum (12) */
	0x95, 0x06,		/*  Report Count (6) */
	0x81, 0x02,		/*  Input (Data,Var,Abs) */
	0x95, 0x02,		/*  Report Count (2) */
	0x81, 0x03,		/*  Input (Cnst,Var,Abs) */

	0x19, 0x0d,		/*  Usage Minimum (13)	column 3, byte 4 */
	0x29, 0x12,		/*  Usage Maximum (18) */
	0x95, 0x06,		/*  Report Count (6) */
	0x81, 0x02,		/*  Input (Data,Var,Abs) */
	0x95, 0x02,		/*  Report Count (2) */
	0x81, 0x03,		/*  Input (Cnst,Var,Abs) */

	0x19, 0x13,		/*  Usage Minimum (19)	column 4, byte 5 */
	0x29, 0x19,		/*  Usage Maximum (24) */
	0x95, 0x06,		/*  Report Count (6) */
	0x81, 0x02,		/*  Input (Data,Var,Abs) */
	0x95, 0x02,		/*  Report Count (2) */
	0x81, 0x03,		/*  Input (Cnst,Var,Abs) */
	0xc0,			/* End Collection */

	/* bytes 6..31: not controls */
	0x75, 0x08,		/* Report Size (8) */
	0x95, 0x1a,		/* Report Count (26) */
	0x81, 0x03,		/* Input (Cnst,Var,Abs) */

	0xc0,			/* End Collection (the logical one opened at 19) */
	0xc0,			/* End Collection (application) */
};

#define XK24_FIXED_SIZE		(XK24_KEEP + sizeof(xk24_input_items))

_Static_assert(XK24_FIXED_SIZE == 108, "the fixed XK-24 descriptor is 108 bytes");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(xk24_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	/* the probe has checked this already; do not rewrite anything else */
	if (hctx->size != XK24_RDESC_SIZE)
		return 0;

	__builtin_memcpy(data + XK24_KEEP, xk24_input_items,
			 sizeof(xk24_input_items));

	return XK24_FIXED_SIZE;
}

HID_BPF_OPS(xk24) = {
	.hid_rdesc_fixup = (void *)xk24_fix_rdesc,
};

/*
 * Only the 33-byte interface above: the other two interfaces of the
 * XK-24 have other descriptors, and so would a firmware that lays the
 * report out differently.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, XK24_RDESC_SIZE, 0, xk24_rdesc_orig,
					XK24_RDESC_SIZE) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
