// SPDX-License-Identifier: GPL-2.0-only
/* Generator test: an I2C (bus 0x18) device, any group, as touchpads are. */
#include "hid_bpf_fix.h"

HID_BPF_CONFIG(
	HID_DEVICE(BUS_I2C, 0, 0x06cb, 0xce26),
	HID_DEVICE(BUS_I2C, HID_GROUP_MULTITOUCH_WIN_8, 0x27c6, 0x0d42)
);
HID_BPF_DESCRIPTION("Test Touchpads: two I2C devices for one fix");
HID_BPF_SYMPTOM("the test touchpads forget to lift some fingers");

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(i2c_event, struct hid_bpf_ctx *hctx)
{
	return 0;
}

HID_BPF_OPS(i2c_ops) = {
	.hid_device_event = (void *)i2c_event,
};

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = ctx->rdesc_size == 665 ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
