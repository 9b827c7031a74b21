// SPDX-License-Identifier: GPL-2.0
/*
 * Another HID-BPF loader on the same device (udev-hid-bpf's udev rule acts
 * on every device its hwdb knows). A fix must never stack on another one:
 * every report would be transformed twice. attach.c refuses a device that
 * already carries HID-BPF ops; this file notices ops registered after the
 * module's, so that main.c lets the device go (hbf_yield_check()).
 *
 * HID-BPF signals nothing when ops are registered without a descriptor
 * fixup, so the module watches hid_bpf_reg(), the struct_ops .reg of
 * struct hid_bpf_ops, with a kretprobe. It is not an interface: where it
 * cannot be probed (no CONFIG_KRETPROBES, the function renamed), the
 * module says so once and only the check at attach time remains.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/ptrace.h>

#include "hbf.h"

#ifdef CONFIG_KRETPROBES
static int hbf_reg_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (!regs_return_value(regs))
		hbf_yield_check();
	return 0;
}

static struct kretprobe hbf_reg_probe = {
	.kp.symbol_name = "hid_bpf_reg",
	.handler = hbf_reg_ret,
	.maxactive = 8,
};

static bool hbf_reg_probed;

/**
 * hbf_coexist_init() - start watching HID-BPF registrations
 *
 * Return: 0, or the error of register_kretprobe(), after logging it:
 * the module works on without the watch.
 */
int hbf_coexist_init(void)
{
	int err;

	err = register_kretprobe(&hbf_reg_probe);
	if (err) {
		pr_warn("cannot watch hid_bpf_reg() (%d): a HID-BPF program attached by another loader after one of ours is not noticed\n",
			err);
		return err;
	}
	hbf_reg_probed = true;
	return 0;
}

/**
 * hbf_coexist_exit() - stop watching; no handler runs after this
 */
void hbf_coexist_exit(void)
{
	if (hbf_reg_probed)
		unregister_kretprobe(&hbf_reg_probe);
	hbf_reg_probed = false;
}
#else
int hbf_coexist_init(void)
{
	pr_warn("no kretprobes in this kernel: a HID-BPF program attached by another loader after one of ours is not noticed\n");
	return -EOPNOTSUPP;
}

void hbf_coexist_exit(void)
{
}
#endif
