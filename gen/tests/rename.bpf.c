// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generator test: a fix calling a kfunc that newer kernels renamed; the
 * header must say where the loader's data holds its name.
 */
#define bpf_wq hbf_uapi_bpf_wq
#include "hid_bpf_fix.h"
#undef bpf_wq

HID_BPF_CONFIG(HID_DEVICE(BUS_USB, 0, 0x1234, 0x5678));
HID_BPF_DESCRIPTION("Test Device: calls a renamed kfunc");
HID_BPF_SYMPTOM("nothing a user would see: it only tests a renamed kfunc");

struct bpf_wq {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __ksym;
extern int bpf_wq_set_callback_impl(struct bpf_wq *wq,
				    int (callback_fn)(void *map, int *key, void *value),
				    unsigned int flags, void *aux__ign) __ksym;

struct elem {
	struct bpf_wq work;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct elem);
} works SEC(".maps");

static int work_fn(void *map, int *key, void *value)
{
	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(wq_event, struct hid_bpf_ctx *hctx)
{
	__u32 key = 0;
	struct elem *e = bpf_map_lookup_elem(&works, &key);

	if (e && !bpf_wq_init(&e->work, &works, 0))
		bpf_wq_set_callback_impl(&e->work, work_fn, 0, NULL);
	return 0;
}

HID_BPF_OPS(wq_ops) = {
	.hid_device_event = (void *)wq_event,
};

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = ctx->rdesc_size == 8 ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
