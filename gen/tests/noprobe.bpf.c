// SPDX-License-Identifier: GPL-2.0-only
/* Generator test: a valid fix but for its missing probe program. */
#include "hid_bpf_fix.h"

HID_BPF_CONFIG(HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x1234, 0x5678));
HID_BPF_DESCRIPTION("Test Device: no probe, must be refused");
HID_BPF_SYMPTOM("the test device sends its button in the wrong bit");

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(noprobe_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	return 0;
}

HID_BPF_OPS(noprobe_ops) = {
	.hid_device_event = (void *)noprobe_event,
};

char _license[] SEC("license") = "GPL";
