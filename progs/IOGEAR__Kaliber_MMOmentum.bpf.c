// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOGEAR Kaliber Gaming MMOmentum Pro mouse, USB 258a:0027.
 *
 * The mouse has 12 buttons, but only five work out of the box: the
 * Input items of the other seven are in the descriptor of its keyboard
 * interface, 213 bytes long and starting with a keyboard collection:
 *
 *  off  bytes       item
 *    2  09 06       Usage (Keyboard)
 *       ...
 *   84  81 03       Input (Cnst,Var,Abs)         <- 81 02 (Data,Var,Abs)
 *       ...
 *  112  81 03       Input (Cnst,Var,Abs)         <- 81 02
 *       ...
 *  140  81 03       Input (Cnst,Var,Abs)         <- 81 02
 *
 * What the firmware gets wrong: the three Input items that carry the
 * extra buttons are declared Constant, so the kernel skips them and only
 * five buttons work.
 *
 * The fix makes those three items Data (bytes 85, 113 and 141:
 * 0x03 -> 0x02). Sizes and reports are unchanged.
 *
 * 258a is a SinoWealth vendor ID that other mice (Glorious and more)
 * share, so the probe wants the 213-byte size, the keyboard usage and
 * all three Constant inputs where they are above.
 */

#include "hid_bpf_fix.h"

#define VID_SINOWEALTH		0x258A	/* used by IOGEAR and others */
#define PID_MMOMENTUM		0x0027

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_SINOWEALTH, PID_MMOMENTUM)
);

HID_BPF_DESCRIPTION("IOGEAR Kaliber MMOmentum: turn the seven extra buttons, declared constant, into data");
HID_BPF_SYMPTOM("Only five of the mouse's twelve buttons work: the seven extra buttons do nothing");

#define MMO_RDESC_SIZE		213	/* the keyboard interface */
#define MMO_KBD_USAGE_AT	2	/* Usage (Keyboard) */
#define MMO_BUTTONS1_AT		84	/* the three Constant inputs */
#define MMO_BUTTONS2_AT		112
#define MMO_BUTTONS3_AT		140

#define HID_INPUT_ITEM		0x81	/* Input, one data byte */
#define INPUT_CNST_VAR_ABS	0x03
#define INPUT_DATA_VAR_ABS	0x02

static const __u8 mmo_kbd_usage[] = { 0x09, 0x06 };	/* Usage (Keyboard) */
static const __u8 mmo_cnst_input[] = { HID_INPUT_ITEM, INPUT_CNST_VAR_ABS };

static __always_inline void mmo_make_data(__u8 *item)
{
	if (item[0] == HID_INPUT_ITEM && item[1] == INPUT_CNST_VAR_ABS)
		item[1] = INPUT_DATA_VAR_ABS;
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(mmo_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data || hctx->size != MMO_RDESC_SIZE)
		return 0;

	mmo_make_data(data + MMO_BUTTONS1_AT);
	mmo_make_data(data + MMO_BUTTONS2_AT);
	mmo_make_data(data + MMO_BUTTONS3_AT);

	return 0;
}

HID_BPF_OPS(iogear_mmomentum) = {
	.hid_rdesc_fixup = (void *)mmo_fix_rdesc,
};

/*
 * The keyboard interface only (the mouse interface has another size),
 * and only with all three inputs still Constant.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	int ok;

	ok = hbf_rdesc_matches(ctx, MMO_RDESC_SIZE, MMO_KBD_USAGE_AT,
			       mmo_kbd_usage, sizeof(mmo_kbd_usage)) &&
	     hbf_rdesc_matches(ctx, MMO_RDESC_SIZE, MMO_BUTTONS1_AT,
			       mmo_cnst_input, sizeof(mmo_cnst_input)) &&
	     hbf_rdesc_matches(ctx, MMO_RDESC_SIZE, MMO_BUTTONS2_AT,
			       mmo_cnst_input, sizeof(mmo_cnst_input)) &&
	     hbf_rdesc_matches(ctx, MMO_RDESC_SIZE, MMO_BUTTONS3_AT,
			       mmo_cnst_input, sizeof(mmo_cnst_input));

	ctx->retval = ok ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
