// SPDX-License-Identifier: GPL-2.0-only
/* Generator test: a valid fix with an rdesc fixup, an event program, a probe. */
#include "hid_bpf_fix.h"

HID_BPF_CONFIG(HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x1234, 0x5678));
HID_BPF_DESCRIPTION("Test Device: a fix the generator must accept");
HID_BPF_SYMPTOM("the test device sends its button in the wrong bit");

__u32 seen;

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(good_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0, 64);

	if (!data)
		return 0;
	data[1] = 0x02;
	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(good_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0, 8);

	if (!data)
		return 0;
	seen++;
	data[1] ^= 0x01;
	return 0;
}

HID_BPF_OPS(good_ops) = {
	.hid_rdesc_fixup = (void *)good_rdesc,
	.hid_device_event = (void *)good_event,
};

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = ctx->rdesc_size == 8 ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
