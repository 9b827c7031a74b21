/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differences between the kernels this module supports (6.12 LTS and
 * the newest Debian kernel, 7.x), in one place.
 */
#ifndef HBF_COMPAT_H
#define HBF_COMPAT_H

#include <linux/bpf.h>
#include <linux/module.h>

/*
 * kern_sys_bpf() and bpf_link_get_from_fd() are exported for light
 * skeletons in namespace BPF_INTERNAL, and no header declares the former.
 * MODULE_IMPORT_NS() takes an identifier up to 6.12 and a string from
 * 6.13 on; the modinfo tag it expands to is the same on both.
 */
#define HBF_IMPORT_BPF_NS() MODULE_INFO(import_ns, "BPF_INTERNAL")

int kern_sys_bpf(int cmd, union bpf_attr *attr, unsigned int size);

#endif /* HBF_COMPAT_H */
