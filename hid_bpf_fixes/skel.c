// SPDX-License-Identifier: GPL-2.0
/*
 * Load one instance of a fix and attach it to one HID device, from the
 * kernel: run the fix's light skeleton loader, run its probe on the device's
 * original report descriptor, then build its struct hid_bpf_ops map and a
 * struct_ops link, and keep a reference on the link.
 *
 * Every BPF object is created through kern_sys_bpf(), which hands out file
 * descriptors in the calling task's table; they are all closed before
 * returning, so the link (or map) reference and the files of the fix's maps
 * are the only things that survive.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/filter.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/hid.h>
#include <linux/hid_bpf.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stddef.h>

#include "compat.h"
#include "hbf.h"

/*
 * The loader program's context, as libbpf's gen_loader lays it out: a
 * header, then one descriptor per map, then one per program. The loader
 * reads the header and the map inputs, and writes the descriptors' fds.
 */
#define HBF_SKEL_KERNEL	BIT(0)

struct hbf_loader_ctx {
	u32 sz;
	u32 flags;
	u32 log_level;
	u32 log_size;
	u64 log_buf;
};

struct hbf_map_desc {
	int map_fd;
	u32 max_entries;	/* 0: as recorded */
	u64 initial_value;	/* 0: as recorded */
} __aligned(8);

struct hbf_prog_desc {
	int prog_fd;
};

/* What a fix's probe program gets: keep in step with progs/hid_bpf_fix.h. */
struct hbf_probe_args {
	unsigned int hid;
	unsigned int rdesc_size;
	u8 rdesc[HID_MAX_DESCRIPTOR_SIZE];
	int retval;
};

/* The value of a BPF_MAP_TYPE_STRUCT_OPS map for struct hid_bpf_ops. */
struct hbf_ops_value {
	struct bpf_struct_ops_common_value common;
	struct hid_bpf_ops data ____cacheline_aligned_in_smp;
};

/* Offset of each callback in struct hid_bpf_ops, and its member index. */
static const u32 hbf_op_offset[HBF_NR_OPS] = {
	[HBF_OP_DEVICE_EVENT] = offsetof(struct hid_bpf_ops, hid_device_event),
	[HBF_OP_RDESC_FIXUP] = offsetof(struct hid_bpf_ops, hid_rdesc_fixup),
	[HBF_OP_HW_REQUEST] = offsetof(struct hid_bpf_ops, hid_hw_request),
	[HBF_OP_HW_OUTPUT_REPORT] = offsetof(struct hid_bpf_ops, hid_hw_output_report),
};

/* hid_id, flags and list come first, then the callbacks in enum order. */
#define HBF_FIRST_OP_MEMBER 3

/* Type ids in the running kernel's BTF, found by hbf_skel_init(). */
static u32 hbf_ops_type_id;
static u32 hbf_ops_value_type_id;

static int hbf_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return kern_sys_bpf(cmd, attr, size);
}

static void hbf_close(int fd)
{
	if (fd >= 0)
		close_fd(fd);
}

/*
 * The loader program, and a struct_ops map's value, read a 0 fd as "none",
 * and a task may have fd 0 free: a kernel worker (every kernel thread
 * shares init_files, which holds no file) or a usermode helper's modprobe.
 * So fds 0-2, where free, are reserved while the module creates BPF
 * objects. Tasks sharing an fd table (concurrent kernel workers attaching
 * to several devices) share one reservation, counted: releasing it while
 * another of them still loads would hand that one fd 0.
 */
struct hbf_low_fds {
	struct list_head node;
	struct files_struct *files;
	unsigned int users;
	int fd[3];
	int nr;
};

static LIST_HEAD(hbf_low_fds_list);
static DEFINE_MUTEX(hbf_low_fds_lock);

/* Returns the reservation to pass to hbf_release_low_fds(), or NULL. */
static struct hbf_low_fds *hbf_hold_low_fds(void)
{
	struct hbf_low_fds *low;

	mutex_lock(&hbf_low_fds_lock);
	list_for_each_entry(low, &hbf_low_fds_list, node) {
		if (low->files == current->files) {
			low->users++;
			goto out;
		}
	}
	low = kzalloc(sizeof(*low), GFP_KERNEL);
	if (!low)
		goto out;
	low->files = current->files;
	low->users = 1;
	while (low->nr < ARRAY_SIZE(low->fd)) {
		int fd = get_unused_fd_flags(0);

		if (fd < 0)
			break;
		if (fd >= ARRAY_SIZE(low->fd)) {
			put_unused_fd(fd);
			break;
		}
		low->fd[low->nr++] = fd;
	}
	list_add(&low->node, &hbf_low_fds_list);
out:
	mutex_unlock(&hbf_low_fds_lock);
	return low;
}

static void hbf_release_low_fds(struct hbf_low_fds *low)
{
	if (!low)
		return;
	mutex_lock(&hbf_low_fds_lock);
	if (!--low->users) {
		list_del(&low->node);
		while (low->nr)
			put_unused_fd(low->fd[--low->nr]);
		kfree(low);
	}
	mutex_unlock(&hbf_low_fds_lock);
}

static int hbf_map_create(u32 type, const char *name, u32 key_size,
			  u32 value_size, u32 flags, int btf_fd,
			  u32 value_type_id)
{
	union bpf_attr attr = {};

	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = 1;
	attr.map_flags = flags;
	attr.btf_fd = btf_fd;
	attr.btf_vmlinux_value_type_id = value_type_id;
	strscpy(attr.map_name, name, sizeof(attr.map_name));
	return hbf_bpf(BPF_MAP_CREATE, &attr,
		       offsetofend(union bpf_attr, btf_vmlinux_value_type_id));
}

static int hbf_map_set(int map_fd, const void *value)
{
	union bpf_attr attr = {};
	u32 key = 0;

	attr.map_fd = map_fd;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)value;
	return hbf_bpf(BPF_MAP_UPDATE_ELEM, &attr,
		       offsetofend(union bpf_attr, flags));
}

static int hbf_syscall_prog_load(const char *name, const void *insns,
				 u32 insns_sz, int *fd_array)
{
	union bpf_attr attr = {};

	attr.prog_type = BPF_PROG_TYPE_SYSCALL;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = insns_sz / sizeof(struct bpf_insn);
	attr.license = (unsigned long)"GPL";
	attr.prog_flags = BPF_F_SLEEPABLE;
	attr.fd_array = (unsigned long)fd_array;
	strscpy(attr.prog_name, name, sizeof(attr.prog_name));
	return hbf_bpf(BPF_PROG_LOAD, &attr,
		       offsetofend(union bpf_attr, fd_array));
}

/* Run a syscall program on @ctx; its return value goes to @retval. */
static int hbf_prog_run(int prog_fd, void *ctx, u32 ctx_sz, int *retval)
{
	union bpf_attr attr = {};
	int err;

	attr.test.prog_fd = prog_fd;
	attr.test.ctx_in = (unsigned long)ctx;
	attr.test.ctx_size_in = ctx_sz;
	err = hbf_bpf(BPF_PROG_TEST_RUN, &attr,
		      offsetofend(union bpf_attr, test));
	if (!err)
		*retval = attr.test.retval;
	return err;
}

/*
 * The type ids struct_ops needs are not reachable from a module
 * (btf_find_by_name_kind() is not exported), so ask a BPF program: a
 * syscall program may call bpf_btf_find_by_name_kind(). The name is built
 * on the program's stack from immediates (6.12 does not let a helper read
 * a syscall program's context), and the answer is stored in the context.
 */
#define HBF_BTF_NAME_MAX 32

static int hbf_find_btf_type(const char *name, u32 kind, u32 *id)
{
	char buf[HBF_BTF_NAME_MAX] = {};
	struct bpf_insn insns[4 * HBF_BTF_NAME_MAX / 8 + 10], *insn = insns;
	size_t len = strlen(name) + 1;
	struct hbf_low_fds *low;
	s64 *result;
	int fd, err, ret, i;

	if (len > sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, name, len);
	result = kzalloc(sizeof(*result), GFP_KERNEL);
	if (!result)
		return -ENOMEM;

	*insn++ = BPF_MOV64_REG(BPF_REG_6, BPF_REG_1);
	for (i = 0; i < sizeof(buf); i += 8) {
		u64 chunk;

		memcpy(&chunk, buf + i, sizeof(chunk));
		*insn++ = BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, 0, 0,
				       (u32)chunk);
		*insn++ = BPF_RAW_INSN(0, 0, 0, 0, (u32)(chunk >> 32));
		*insn++ = BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1,
				      i - (int)sizeof(buf));
	}
	*insn++ = BPF_MOV64_REG(BPF_REG_1, BPF_REG_10);
	*insn++ = BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -(int)sizeof(buf));
	*insn++ = BPF_MOV64_IMM(BPF_REG_2, len);
	*insn++ = BPF_MOV64_IMM(BPF_REG_3, kind);
	*insn++ = BPF_MOV64_IMM(BPF_REG_4, 0);
	*insn++ = BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0,
			       BPF_FUNC_btf_find_by_name_kind);
	*insn++ = BPF_STX_MEM(BPF_DW, BPF_REG_6, BPF_REG_0, 0);
	*insn++ = BPF_MOV64_IMM(BPF_REG_0, 0);
	*insn++ = BPF_EXIT_INSN();

	low = hbf_hold_low_fds();
	fd = hbf_syscall_prog_load("hbf_btf_find", insns,
				   (insn - insns) * sizeof(*insn), NULL);
	if (fd < 0) {
		err = fd;
		goto out;
	}
	err = hbf_prog_run(fd, result, sizeof(*result), &ret);
	hbf_close(fd);
	if (err)
		goto out;
	if (*result <= 0) {
		err = *result ? (int)*result : -ENOENT;
		goto out;
	}
	/* vmlinux types come with no BTF object fd in the upper half */
	if (*result >> 32) {
		hbf_close(*result >> 32);
		err = -ENOENT;
		goto out;
	}
	*id = (u32)*result;
out:
	hbf_release_low_fds(low);
	kfree(result);
	return err;
}

/*
 * A kfunc renamed by a newer kernel, whose old name stays in its BTF but can
 * no longer be called (Linux 7.0: bpf_wq_set_callback_impl() became
 * bpf_wq_set_callback(), the verifier now supplying the hidden last
 * argument; the program passes the same registers to either). The fix is
 * compiled once, with the old name, and its loader resolves each kfunc by
 * passing a name from the data blob to bpf_btf_find_by_name_kind(). Where
 * the running kernel has the new name, write it over the old one at the
 * offset gen/hbf-gen recorded: the very string that lookup reads, found in
 * the loader's instructions, not by searching the blob (the fix's BTF
 * strings hold the same name). The lookup's length is an immediate of the
 * loader; the new name is never longer and the rest is zeroed, so the
 * helper, which wants a NUL at that length and compares C strings, sees
 * the new name.
 */
static int hbf_apply_renames(struct hbf_fix *fix)
{
	int i;

	for (i = 0; i < fix->nr_renames; i++) {
		const struct hbf_kfunc_rename *r = &fix->renames[i];
		size_t from_sz = strlen(r->from) + 1;
		char *name;
		u32 id;
		int err;

		if (WARN_ON(strlen(r->to) >= from_sz ||
			    r->name_off > fix->data_sz ||
			    fix->data_sz - r->name_off < from_sz))
			return -EINVAL;
		name = (char *)fix->data + r->name_off;
		if (WARN_ON(memcmp(name, r->from, from_sz)))
			return -EINVAL;
		err = hbf_find_btf_type(r->to, BTF_KIND_FUNC, &id);
		if (err) {
			/* -ENOENT: an older kernel, the old name is right */
			if (err != -ENOENT)
				pr_warn("%s: cannot look %s() up (%d)\n",
					fix->name, r->to, err);
			continue;
		}
		memset(name, 0, from_sz);
		memcpy(name, r->to, strlen(r->to));
		pr_debug("%s: calls %s() on this kernel\n", fix->name, r->to);
	}
	return 0;
}

/**
 * hbf_skel_init() - prepare the embedded fixes for this kernel
 *
 * Finds struct hid_bpf_ops and its struct_ops value type in the running
 * kernel's BTF, and writes their ids, with each program's type and
 * callback index, into every fix's loader data; renames the kfuncs this
 * kernel calls by a newer name.
 *
 * Return: 0, or a negative errno when this kernel cannot attach HID-BPF
 * struct_ops from a module.
 */
int hbf_skel_init(void)
{
	unsigned int i;
	int j, err;

	/* The member index is the kernel's: check our idea of its order. */
	BUILD_BUG_ON(offsetof(struct hid_bpf_ops, hid_device_event) !=
		     offsetof(struct hid_bpf_ops, list) + sizeof(struct list_head));
	BUILD_BUG_ON(offsetof(struct hid_bpf_ops, hid_rdesc_fixup) !=
		     offsetof(struct hid_bpf_ops, hid_device_event) + sizeof(void *));
	BUILD_BUG_ON(offsetof(struct hid_bpf_ops, hid_hw_request) !=
		     offsetof(struct hid_bpf_ops, hid_rdesc_fixup) + sizeof(void *));
	BUILD_BUG_ON(offsetof(struct hid_bpf_ops, hid_hw_output_report) !=
		     offsetof(struct hid_bpf_ops, hid_hw_request) + sizeof(void *));
	BUILD_BUG_ON(offsetof(struct hid_bpf_ops, hid_id) != 0);
	BUILD_BUG_ON(offsetof(struct hid_bpf_ops, flags) <=
		     offsetof(struct hid_bpf_ops, hid_id));
	BUILD_BUG_ON(offsetof(struct hid_bpf_ops, list) <=
		     offsetof(struct hid_bpf_ops, flags));

	err = hbf_find_btf_type("hid_bpf_ops", BTF_KIND_STRUCT,
				&hbf_ops_type_id);
	if (!err)
		err = hbf_find_btf_type("bpf_struct_ops_hid_bpf_ops",
					BTF_KIND_STRUCT, &hbf_ops_value_type_id);
	if (err) {
		pr_err("cannot find struct hid_bpf_ops in the kernel's BTF (%d); is CONFIG_HID_BPF on?\n",
		       err);
		return err;
	}

	for (i = 0; i < hbf_nr_fixes; i++) {
		struct hbf_fix *fix = hbf_fixes[i];

		for (j = 0; j < fix->nr_progs; j++) {
			const struct hbf_prog *p = &fix->progs[j];
			union bpf_attr *attr;

			if (WARN_ON(p->attr_off + sizeof(*attr) > fix->data_sz ||
				    !IS_ALIGNED(p->attr_off, 4)))
				return -EINVAL;
			attr = (union bpf_attr *)(fix->data + p->attr_off);
			attr->prog_type = BPF_PROG_TYPE_STRUCT_OPS;
			attr->expected_attach_type = HBF_FIRST_OP_MEMBER + p->op;
			attr->attach_btf_id = hbf_ops_type_id;
		}
		err = hbf_apply_renames(fix);
		if (err)
			return err;
	}
	return 0;
}

/* Load a fresh instance of @fix: fills @maps and @progs with its fds. */
static int hbf_load_fix(struct hbf_fix *fix, struct hbf_loader_ctx *ctx,
			const char **what)
{
	int map_fd, prog_fd, ret, err;

	map_fd = hbf_map_create(BPF_MAP_TYPE_ARRAY, "hbf_loader", 4,
				fix->data_sz, 0, 0, 0);
	if (map_fd < 0) {
		*what = "creating the loader map";
		return map_fd;
	}
	err = hbf_map_set(map_fd, fix->data);
	if (err) {
		*what = "filling the loader map";
		goto out_map;
	}
	prog_fd = hbf_syscall_prog_load("hbf_loader", fix->insns,
					fix->insns_sz, &map_fd);
	if (prog_fd < 0) {
		*what = "loading the loader program";
		err = prog_fd;
		goto out_map;
	}
	err = hbf_prog_run(prog_fd, ctx, ctx->sz, &ret);
	if (!err && ret < 0)
		err = ret;
	if (err)
		*what = "loading its programs: the kernel refused them, skipping it";
	hbf_close(prog_fd);
out_map:
	hbf_close(map_fd);
	return err;
}

/* Copy the device's original report descriptor, if it is still there. */
static int hbf_copy_rdesc(struct hid_device *hdev, struct hbf_probe_args *args)
{
	int err = 0;

	/*
	 * hid_remove_device() frees dev_rdesc only after device_del(), which
	 * needs the device lock to release the driver: holding the lock on a
	 * still-registered device keeps the descriptor alive.
	 */
	device_lock(&hdev->dev);
	if (device_is_registered(&hdev->dev) && hdev->dev_rdesc) {
		args->rdesc_size = min_t(unsigned int, hdev->dev_rsize,
					 sizeof(args->rdesc));
		memcpy(args->rdesc, hdev->dev_rdesc, args->rdesc_size);
	} else {
		err = -ENODEV;
	}
	device_unlock(&hdev->dev);
	return err;
}

static int hbf_run_probe(struct hid_device *hdev, int prog_fd)
{
	struct hbf_probe_args *args;
	int err, ret;

	args = kzalloc(sizeof(*args), GFP_KERNEL);
	if (!args)
		return -ENOMEM;
	args->hid = hdev->id;
	err = hbf_copy_rdesc(hdev, args);
	if (!err)
		err = hbf_prog_run(prog_fd, args, sizeof(*args), &ret);
	if (!err)
		err = args->retval ? -ENODEV : 0;
	kfree(args);
	return err;
}

static int hbf_link_create(int map_fd)
{
	union bpf_attr attr = {};

	attr.link_create.map_fd = map_fd;
	attr.link_create.attach_type = BPF_STRUCT_OPS;
	return hbf_bpf(BPF_LINK_CREATE, &attr,
		       offsetofend(union bpf_attr, link_create.flags));
}

/*
 * MAP_CREATE wants the BTF of the program that defines a struct_ops map
 * (btf_fd), even though the value type comes from vmlinux. The fix's own
 * BTF is closed by its loader, so give the map the smallest valid BTF: one
 * "int".
 */
static const struct {
	struct btf_header hdr;
	struct btf_type int_type;
	u32 int_encoding;
	char strings[sizeof("\0int")];
} hbf_minimal_btf = {
	.hdr = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(struct btf_header),
		.type_off = 0,
		.type_len = sizeof(struct btf_type) + sizeof(u32),
		.str_off = sizeof(struct btf_type) + sizeof(u32),
		.str_len = sizeof("\0int"),
	},
	.int_type = {
		.name_off = 1,
		.info = BTF_KIND_INT << 24,
		.size = sizeof(int),
	},
	.int_encoding = (BTF_INT_SIGNED << 24) | 32,
	.strings = "\0int",
};

static int hbf_btf_load_minimal(void)
{
	union bpf_attr attr = {};

	attr.btf = (unsigned long)&hbf_minimal_btf;
	attr.btf_size = offsetofend(typeof(hbf_minimal_btf), strings);
	return hbf_bpf(BPF_BTF_LOAD, &attr, offsetofend(union bpf_attr, btf_log_level));
}

static bool hbf_has_op(const struct hbf_fix *fix, enum hbf_op op)
{
	int i;

	for (i = 0; i < fix->nr_progs; i++)
		if (fix->progs[i].op == op)
			return true;
	return false;
}

/*
 * Registering a hid_device_event program allocates the device's event
 * buffer, sized from its parsed reports. Before the first probe nothing is
 * parsed yet: the buffer gets 0 bytes, and hid_connect() would keep it
 * (it allocates only when there is none), so the first report would be
 * copied into it. Drop it; hid_connect() then sizes it from the fixed
 * descriptor. No report is dispatched before a driver is bound.
 */
static void hbf_unsize_event_buffer(const struct hbf_fix *fix,
				    struct hid_device *hdev)
{
	if (!hbf_has_op(fix, HBF_OP_DEVICE_EVENT))
		return;
	mutex_lock(&hdev->bpf.prog_list_lock);
	if (!hdev->bpf.allocated_data) {
		kfree(hdev->bpf.device_data);
		hdev->bpf.device_data = NULL;
	}
	mutex_unlock(&hdev->bpf.prog_list_lock);
}

/*
 * Build the struct_ops map for @hdev from the loaded programs and register
 * it, in one of two ways:
 *
 * - after the device's first probe: with a struct_ops link. Registering a
 *   descriptor fix reprobes the device from inside LINK_CREATE, that is
 *   under the struct_ops update_mutex, and a reprobe calls the bus
 *   notifiers, under the bus notifier rwsem;
 * - before it, from our bus notifier: the notifier rwsem is held there, so
 *   taking update_mutex would be the reverse order (lockdep rightly calls
 *   it a deadlock once a notifier (un)registration queues a writer). The
 *   map is created without BPF_F_LINK and registered by its update, under
 *   the map's own lock; no reprobe happens there (see below), and the
 *   module owns the map instead of a link.
 */
static int hbf_register_ops(struct hbf_fix *fix, struct hid_device *hdev,
			    const struct hbf_prog_desc *slots,
			    bool before_probe, struct hbf_owned *own,
			    const char **what)
{
	struct hbf_ops_value *value;
	bool held_reprobe = false;
	char name[BPF_OBJ_NAME_LEN];
	int btf_fd, map_fd, link_fd, i, err;

	value = kzalloc(sizeof(*value), GFP_KERNEL);
	if (!value)
		return -ENOMEM;
	value->data.hid_id = hdev->id;
	for (i = 0; i < fix->nr_progs; i++) {
		const struct hbf_prog *p = &fix->progs[i];
		unsigned long *cb = (void *)&value->data + hbf_op_offset[p->op];

		/* 0 would leave the callback out, silently */
		if (slots[p->slot].prog_fd <= 0) {
			*what = "filling its struct_ops map: a program has no fd";
			err = -EBADF;
			goto out;
		}
		*cb = slots[p->slot].prog_fd;
	}

	snprintf(name, sizeof(name), "hbf_%s", fix->name);
	btf_fd = hbf_btf_load_minimal();
	if (btf_fd < 0) {
		*what = "loading BTF for its struct_ops map";
		err = btf_fd;
		goto out;
	}
	map_fd = hbf_map_create(BPF_MAP_TYPE_STRUCT_OPS, name, 4, sizeof(*value),
				before_probe ? 0 : BPF_F_LINK, btf_fd,
				hbf_ops_value_type_id);
	hbf_close(btf_fd);
	if (map_fd < 0) {
		*what = "creating its struct_ops map";
		err = map_fd;
		goto out;
	}

	/*
	 * Registering a descriptor fix makes HID-BPF reprobe the device,
	 * unless a reprobe is already pending. A device that was never probed
	 * needs none: mark one pending so its first probe simply sees the
	 * fix; that probe clears the mark.
	 */
	if (before_probe && hbf_has_op(fix, HBF_OP_RDESC_FIXUP))
		held_reprobe = !test_and_set_bit(ffs(HID_STAT_REPROBED),
						 &hdev->status);
	err = hbf_map_set(map_fd, value);
	if (err) {
		*what = before_probe ? "registering its struct hid_bpf_ops" :
				       "filling its struct_ops map";
		goto out_map;
	}
	if (before_probe) {
		hbf_unsize_event_buffer(fix, hdev);
		own->map = bpf_map_get(map_fd);
		err = PTR_ERR_OR_ZERO(own->map);
		if (err)
			own->map = NULL;	/* cannot happen: we hold the fd */
		goto out_map;
	}

	link_fd = hbf_link_create(map_fd);
	if (link_fd < 0) {
		*what = "attaching its struct hid_bpf_ops";
		err = link_fd;
		goto out_map;
	}
	own->link = bpf_link_get_from_fd(link_fd);
	err = PTR_ERR_OR_ZERO(own->link);
	if (err)
		own->link = NULL;
	hbf_close(link_fd);
out_map:
	if (err && held_reprobe)
		clear_bit(ffs(HID_STAT_REPROBED), &hdev->status);
	hbf_close(map_fd);
out:
	kfree(value);
	return err;
}

/*
 * A map's BPF timers and workqueues are cancelled and freed when its last
 * user reference goes (map_release_uref), and a program array empties:
 * the references programs hold on their maps do not count. A userspace
 * loader keeps its skeleton's map fds open, or pins the maps, for as long
 * as the fix is attached. The module does the same with the files behind
 * the map fds the loader handed out, for every fix: a map without such
 * objects costs one struct file.
 */
static int hbf_hold_maps(struct hbf_fix *fix, const struct hbf_map_desc *maps,
			 struct hbf_owned *own)
{
	struct file **files;
	int i;

	if (!fix->nr_maps)
		return 0;
	files = kcalloc(fix->nr_maps, sizeof(*files), GFP_KERNEL);
	if (!files)
		return -ENOMEM;
	for (i = 0; i < fix->nr_maps; i++) {
		files[i] = maps[i].map_fd > 0 ? fget(maps[i].map_fd) : NULL;
		if (!files[i]) {
			while (i--)
				fput(files[i]);
			kfree(files);
			return -EBADF;
		}
	}
	own->map_files = files;
	own->nr_map_files = fix->nr_maps;
	return 0;
}

static void hbf_put_maps(struct hbf_owned *own)
{
	int i;

	for (i = 0; i < own->nr_map_files; i++)
		fput(own->map_files[i]);
	kfree(own->map_files);
	own->map_files = NULL;
	own->nr_map_files = 0;
}

/**
 * hbf_skel_attach() - load a fresh instance of a fix and attach it
 * @fix: the fix
 * @hdev: the device, referenced by the caller
 * @before_probe: @hdev has not been probed by a driver yet
 *
 * @own: filled with what the caller now owns: a link, or before the
 *	first probe a registered struct_ops map (see hbf_register_ops()),
 *	and the files of the fix's maps
 *
 * Return: 0; -ENODEV when the fix's probe refuses the device or the device
 * went away; another negative errno on failure, after logging why.
 */
int hbf_skel_attach(struct hbf_fix *fix, struct hid_device *hdev,
		    bool before_probe, struct hbf_owned *own)
{
	struct hbf_loader_ctx *ctx;
	struct hbf_prog_desc *slots;
	struct hbf_map_desc *maps;
	struct hbf_low_fds *low;
	const char *what = NULL;
	size_t sz;
	int i, err;

	sz = sizeof(*ctx) + fix->nr_maps * sizeof(*maps) +
	     fix->nr_slots * sizeof(*slots);
	ctx = kzalloc(sz, GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->sz = sz;
	ctx->flags = HBF_SKEL_KERNEL;
	maps = (void *)(ctx + 1);
	slots = (void *)(maps + fix->nr_maps);
	for (i = 0; i < fix->nr_maps; i++)
		maps[i].map_fd = -1;
	for (i = 0; i < fix->nr_slots; i++)
		slots[i].prog_fd = -1;

	low = hbf_hold_low_fds();
	err = hbf_load_fix(fix, ctx, &what);
	if (err) {
		/* the loader closed whatever it had created */
		if (err != -ENOMEM)
			WRITE_ONCE(fix->load_err, err);
		goto out;
	}

	if (fix->probe_slot >= 0) {
		err = hbf_run_probe(hdev, slots[fix->probe_slot].prog_fd);
		if (err) {
			if (err != -ENODEV)
				what = "running its probe";
			goto out_fds;
		}
	}

	/*
	 * Take the maps first: once registered, the programs may run and,
	 * before the first probe, nothing but a release undoes that.
	 */
	err = hbf_hold_maps(fix, maps, own);
	if (err) {
		what = "holding its maps";
		goto out_fds;
	}
	err = hbf_register_ops(fix, hdev, slots, before_probe, own, &what);
	if (err)
		hbf_put_maps(own);
	if (err == -EINVAL && READ_ONCE(hdev->bpf.rdesc_ops) &&
	    hbf_has_op(fix, HBF_OP_RDESC_FIXUP))
		what = "attaching: another HID-BPF program already fixes its report descriptor";
	else if (err == -ENODEV)
		what = NULL;

out_fds:
	for (i = 0; i < fix->nr_maps; i++)
		hbf_close(maps[i].map_fd);
	for (i = 0; i < fix->nr_slots; i++)
		hbf_close(slots[i].prog_fd);
out:
	hbf_release_low_fds(low);
	kfree(ctx);
	if (err && what)
		pr_err("%s: %s: error %d %s\n", dev_name(&hdev->dev), fix->name,
		       err, what);
	return err;
}

/* Unregister a struct_ops map registered without a link, and drop it. */
static void hbf_unregister_map(struct hbf_owned *own)
{
	struct hbf_low_fds *low;
	union bpf_attr attr;
	u32 key = 0;
	int fd, err;

	low = hbf_hold_low_fds();
	memset(&attr, 0, sizeof(attr));
	attr.map_id = own->map->id;
	fd = hbf_bpf(BPF_MAP_GET_FD_BY_ID, &attr,
		     offsetofend(union bpf_attr, open_flags));
	if (fd >= 0) {
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = (unsigned long)&key;
		err = hbf_bpf(BPF_MAP_DELETE_ELEM, &attr,
			      offsetofend(union bpf_attr, flags));
		hbf_close(fd);
	} else {
		err = fd;
	}
	hbf_release_low_fds(low);
	if (err)
		pr_err("cannot unregister struct_ops map %u (%d): it stays registered\n",
		       own->map->id, err);
	bpf_map_put(own->map);
	own->map = NULL;
}

/**
 * hbf_skel_release() - give up what hbf_skel_attach() handed out
 * @own: a link, or a registered struct_ops map, and the fix's map files
 *
 * A map registered without a link is unregistered by deleting its element,
 * which takes an fd: call this where fds may be created and CAP_SYS_ADMIN
 * held (the module's work item). The fix's maps go last: dropping their
 * user references cancels what is pending on their timers and workqueues,
 * and a program still running (link and map are freed asynchronously) can
 * no longer arm one: bpf_timer_init() and bpf_timer_set_callback() refuse
 * a map with no user reference. From a kernel thread the final fput() is
 * deferred; it runs only BPF code, none of this module.
 */
void hbf_skel_release(struct hbf_owned *own)
{
	if (own->link) {
		bpf_link_put(own->link);
		own->link = NULL;
	}
	if (own->map)
		hbf_unregister_map(own);
	hbf_put_maps(own);
}
