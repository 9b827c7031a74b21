// SPDX-License-Identifier: GPL-2.0-only
/* Generator test: one fix, two devices, one with wildcard group/product. */
#include "hid_bpf_fix.h"

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x256c, 0x8251),
	HID_DEVICE(BUS_BLUETOOTH, 0, 0x256c, 0)
);
HID_BPF_DESCRIPTION("Test Devices: two devices for one fix");
HID_BPF_SYMPTOM("both test devices send their button in the wrong bit");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(two_rdesc, struct hid_bpf_ctx *hctx)
{
	return 0;
}

HID_BPF_OPS(two_ops) = {
	.hid_rdesc_fixup = (void *)two_rdesc,
};

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = ctx->rdesc_size == 33 ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
