// SPDX-License-Identifier: GPL-2.0-only
/*
 * 3Dconnexion SpaceNavigator (Logitech VID), USB 046d:c626.
 *
 * A 3D mouse: a knob that slides along and tilts about three axes, and
 * two buttons. The knob's position is absolute (it reports how far it is
 * pushed or turned from rest, and 0 when let go), but the descriptor
 * declares the six axes Relative, so the kernel exposes REL_X..REL_RZ and
 * programs that look for absolute axes (joystick/gamepad consumers) see
 * none.
 *
 * The kernel's hid-lg driver has fixed this since 2010 by patching the
 * Input items at offsets 32 and 49, which matches some units only. The
 * unit this fix is for has a 228-byte descriptor with the two items four
 * bytes later:
 *
 *  off  bytes       item
 *    0  05 01       Usage Page (Generic Desktop)
 *    2  09 08       Usage (Multi-axis Controller)
 *    4  a1 01       Collection (Application)
 *    6  a1 00         Collection (Physical)
 *    8  85 01           Report ID (1)
 *   10  16 a2 fe        Logical Minimum (-350)
 *   13  26 5e 01        Logical Maximum (350)
 *   16  36 88 fa        Physical Minimum (-1400)
 *   19  46 78 05        Physical Maximum (1400)
 *   22  55 0c           Unit Exponent (-4)
 *   24  65 11           Unit (SI Linear: cm)
 *   26  09 30           Usage (X)
 *   28  09 31           Usage (Y)
 *   30  09 32           Usage (Z)
 *   32  75 10           Report Size (16)
 *   34  95 03           Report Count (3)
 *   36  81 06           Input (Data,Var,Rel)      <- 81 02 (Data,Var,Abs)
 *   38  c0            End Collection
 *   39  a1 00         Collection (Physical)
 *   41  85 02           Report ID (2)
 *   43  09 33           Usage (Rx)
 *   45  09 34           Usage (Ry)
 *   47  09 35           Usage (Rz)
 *   49  75 10           Report Size (16)
 *   51  95 03           Report Count (3)
 *   53  81 06           Input (Data,Var,Rel)      <- 81 02 (Data,Var,Abs)
 *   55  c0            End Collection
 *  (56..227: buttons (report 3), LED (output report 4), vendor features)
 *
 * The fix makes both items Absolute (bytes 37 and 54: 0x06 -> 0x02). The
 * descriptor keeps its size; hid-lg's own fixup does not match these
 * offsets, so the two never both apply.
 *
 * Other descriptor sizes (202 and 217 bytes are known to exist) are not
 * served: where their items sit is not known here, and the units hid-lg
 * already fixes need nothing more.
 */

#include "hid_bpf_fix.h"

#define VID_LOGITECH		0x046D
#define PID_SPACENAVIGATOR	0xC626

HID_BPF_CONFIG(
	/*
	 * Any group: with hid-logitech built, the core lists this device as
	 * having a special driver and never scans its group (it stays 0).
	 */
	HID_DEVICE(BUS_USB, 0, VID_LOGITECH, PID_SPACENAVIGATOR)
);

HID_BPF_DESCRIPTION("3Dconnexion SpaceNavigator (228-byte descriptor): report the six axes as absolute");
HID_BPF_SYMPTOM("The knob's six axes come out as relative motion (REL_X to REL_RZ), so programs that read it like a joystick find no axes");

#define SPNAV_RDESC_SIZE	228
#define SPNAV_AXES_SIZE		56	/* bytes 0..55: the two axis collections */
#define SPNAV_XYZ_INPUT_AT	36
#define SPNAV_ROT_INPUT_AT	53

#define HID_INPUT_ITEM		0x81	/* Input, one data byte */
#define INPUT_DATA_VAR_REL	0x06
#define INPUT_DATA_VAR_ABS	0x02

static const __u8 spnav_axes_orig[SPNAV_AXES_SIZE] = {
	0x05, 0x01, 0x09, 0x08, 0xa1, 0x01,
	/* report 1: X, Y, Z */
	0xa1, 0x00, 0x85, 0x01,
	0x16, 0xa2, 0xfe, 0x26, 0x5e, 0x01, 0x36, 0x88, 0xfa, 0x46, 0x78, 0x05,
	0x55, 0x0c, 0x65, 0x11,
	0x09, 0x30, 0x09, 0x31, 0x09, 0x32, 0x75, 0x10, 0x95, 0x03,
	HID_INPUT_ITEM, INPUT_DATA_VAR_REL,
	0xc0,
	/* report 2: Rx, Ry, Rz */
	0xa1, 0x00, 0x85, 0x02,
	0x09, 0x33, 0x09, 0x34, 0x09, 0x35, 0x75, 0x10, 0x95, 0x03,
	HID_INPUT_ITEM, INPUT_DATA_VAR_REL,
	0xc0,
};

static __always_inline void spnav_make_absolute(__u8 *item)
{
	if (item[0] == HID_INPUT_ITEM && item[1] == INPUT_DATA_VAR_REL)
		item[1] = INPUT_DATA_VAR_ABS;
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(spnav_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != SPNAV_RDESC_SIZE)
		return 0;

	spnav_make_absolute(data + SPNAV_XYZ_INPUT_AT);
	spnav_make_absolute(data + SPNAV_ROT_INPUT_AT);

	return 0;
}

HID_BPF_OPS(logitech_spacenavigator) = {
	.hid_rdesc_fixup = (void *)spnav_fix_rdesc,
};

/*
 * Both axis collections must read as above, so the two bytes changed are
 * the Input items of the six axes; a unit whose descriptor already says
 * Absolute is left alone.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, SPNAV_RDESC_SIZE, 0, spnav_axes_orig,
					SPNAV_AXES_SIZE) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
