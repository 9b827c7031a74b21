// SPDX-License-Identifier: GPL-2.0-only
/* Generator test: a helper left as a subprogram in .text takes no slot. */
#include "hid_bpf_fix.h"

HID_BPF_CONFIG(HID_DEVICE(BUS_USB, 0, 0x1234, 0x5678));
HID_BPF_DESCRIPTION("Test Device: has a subprogram");
HID_BPF_SYMPTOM("the test device sends its button in the wrong bit");

__noinline int helper(struct hid_bpf_ctx *hctx)
{
	return hctx->size;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(sub_event, struct hid_bpf_ctx *hctx)
{
	return helper(hctx) > 4 ? 0 : 0;
}

HID_BPF_OPS(sub_ops) = {
	.hid_device_event = (void *)sub_event,
};

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = ctx->rdesc_size == 8 ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
