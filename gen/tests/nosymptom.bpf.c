// SPDX-License-Identifier: GPL-2.0-only
/* Generator test: a valid fix but for its missing HID_BPF_SYMPTOM(). */
#include "hid_bpf_fix.h"

HID_BPF_CONFIG(HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x1234, 0x5678));
HID_BPF_DESCRIPTION("Test Device: no symptom, must be refused");

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(nosym_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	return 0;
}

HID_BPF_OPS(nosym_ops) = {
	.hid_device_event = (void *)nosym_event,
};

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = ctx->rdesc_size == 8 ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
