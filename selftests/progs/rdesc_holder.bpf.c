// SPDX-License-Identifier: GPL-2.0
/*
 * A HID-BPF program in the form udev-hid-bpf loads (a struct_ops map of
 * struct hid_bpf_ops and a .hid_bpf_config device list): an rdesc fixup
 * that changes nothing. It takes the device's single rdesc fixup slot, so
 * the "already fixed by someone else" test can check what hid-bpf-fixes
 * does when it finds that slot taken.
 *
 * Built once per test device: -DHBF_BUS=... -DHBF_VID=... -DHBF_PID=...
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct hid_device;

struct hid_bpf_ctx {
	struct hid_device *hid;
	__u32 allocated_size;
	union {
		__s32 retval;
		__s32 size;
	};
} __attribute__((preserve_access_index));

struct hbf_list_head {
	struct hbf_list_head *next, *prev;
};

/* The kernel's layout (6.12 and 7.x): libbpf matches members by name. */
struct hid_bpf_ops {
	int hid_id;
	__u32 flags;
	struct hbf_list_head list;
	int (*hid_device_event)(struct hid_bpf_ctx *ctx, int report_type,
				__u64 source);
	int (*hid_rdesc_fixup)(struct hid_bpf_ctx *ctx);
	int (*hid_hw_request)(struct hid_bpf_ctx *ctx, unsigned char reportnum,
			      int rtype, int reqtype, __u64 source);
	int (*hid_hw_output_report)(struct hid_bpf_ctx *ctx, __u64 source);
	struct hid_device *hdev;
};

SEC("struct_ops/hid_rdesc_fixup")
int BPF_PROG(hbf_hold_rdesc, struct hid_bpf_ctx *hctx)
{
	return 0;	/* keep the descriptor as it is */
}

SEC(".struct_ops.link")
struct hid_bpf_ops hbf_rdesc_holder = {
	.hid_rdesc_fixup = (void *)hbf_hold_rdesc,
};

/*
 * udev-hid-bpf's device list: in section .hid_bpf_config, a union of
 * structs whose members' array lengths carry bus, group, vendor, product.
 */
union {
	struct {
		int (*name)[0];
		int (*bus)[HBF_BUS];
		int (*group)[0];
		int (*vid)[HBF_VID];
		int (*pid)[HBF_PID];
	} entry;
} _device_ids SEC(".hid_bpf_config");

char _license[] SEC("license") = "GPL";
