// SPDX-License-Identifier: GPL-2.0-only
/* Generator test: a struct_ops program no HID_BPF_OPS() member points to. */
#include "hid_bpf_fix.h"

HID_BPF_CONFIG(HID_DEVICE(BUS_USB, 0, 0x1234, 0x5678));
HID_BPF_DESCRIPTION("Test Device: has an unused program");
HID_BPF_SYMPTOM("nothing: this fix is refused before it could matter");

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(used_rdesc, struct hid_bpf_ctx *hctx)
{
	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(unused_event, struct hid_bpf_ctx *hctx)
{
	return 0;
}

HID_BPF_OPS(unused_ops) = {
	.hid_rdesc_fixup = (void *)used_rdesc,
};

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = ctx->rdesc_size == 8 ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
