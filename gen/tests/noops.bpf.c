// SPDX-License-Identifier: GPL-2.0-only
/* Generator test: an event program but no HID_BPF_OPS() value. */
#include "hid_bpf_fix.h"

HID_BPF_CONFIG(HID_DEVICE(BUS_USB, 0, 0x1234, 0x5678));
HID_BPF_DESCRIPTION("Test Device: no ops, must be refused");
HID_BPF_SYMPTOM("nothing: this fix is refused before it could matter");

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(lonely_event, struct hid_bpf_ctx *hctx)
{
	return 0;
}

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = ctx->rdesc_size == 8 ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
