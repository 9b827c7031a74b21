// SPDX-License-Identifier: GPL-2.0
/*
 * A light skeleton runner, in the kernel: load one instance of a fix
 * (its loader program creates the fix's maps and programs), and the small
 * BPF commands around it. Every object is created through kern_sys_bpf(),
 * which hands out fds in the calling task's table; the caller closes them
 * with hbf_lskel_close() once it holds what must survive.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/filter.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stddef.h>

#include "compat.h"
#include "hbf.h"
#include "lskel.h"

static int hbf_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return kern_sys_bpf(cmd, attr, size);
}

/**
 * hbf_close() - close an fd a BPF command handed out
 * @fd: the fd; negative values are ignored
 */
void hbf_close(int fd)
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

/**
 * hbf_hold_low_fds() - keep fds 0-2 of the current task's table taken
 *
 * Return: the reservation to pass to hbf_release_low_fds(), or NULL (no
 * memory: the caller goes on, at the risk the comment above describes).
 */
struct hbf_low_fds *hbf_hold_low_fds(void)
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

/**
 * hbf_release_low_fds() - give back a reservation of hbf_hold_low_fds()
 * @low: the reservation, or NULL
 */
void hbf_release_low_fds(struct hbf_low_fds *low)
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

/**
 * hbf_map_create() - create a map with one entry
 * @type: map type
 * @name: map name, as bpftool shows it
 * @key_size: key size
 * @value_size: value size
 * @flags: map flags
 * @btf_fd: BTF of the value (struct_ops maps), or 0
 * @value_type_id: the value's vmlinux type id (struct_ops maps), or 0
 *
 * Return: the map's fd, or a negative errno.
 */
int hbf_map_create(u32 type, const char *name, u32 key_size, u32 value_size,
		   u32 flags, int btf_fd, u32 value_type_id)
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

/**
 * hbf_map_set() - update the entry of key 0 of a map
 * @map_fd: the map
 * @value: the new value
 *
 * Return: 0 or a negative errno.
 */
int hbf_map_set(int map_fd, const void *value)
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

/**
 * hbf_prog_run() - run a syscall program once
 * @prog_fd: the program
 * @ctx: its context, read and written in place
 * @ctx_sz: size of @ctx
 * @retval: the program's return value
 *
 * Return: 0 when the program ran, or a negative errno.
 */
int hbf_prog_run(int prog_fd, void *ctx, u32 ctx_sz, int *retval)
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

/**
 * hbf_find_btf_type() - find a type of the running kernel's BTF
 * @name: its name
 * @kind: its kind (BTF_KIND_*)
 * @id: its type id
 *
 * Return: 0, -ENOENT when vmlinux has no such type, or another errno.
 */
int hbf_find_btf_type(const char *name, u32 kind, u32 *id)
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
static int hbf_apply_renames(struct hbf_fix *fix, struct hbf_blob *b)
{
	int i;

	for (i = 0; i < b->nr_renames; i++) {
		const struct hbf_kfunc_rename *r = &b->renames[i];
		size_t from_sz = strlen(r->from) + 1;
		char *name;
		u32 id;
		int err;

		if (WARN_ON(strlen(r->to) >= from_sz ||
			    r->name_off > b->data_sz ||
			    b->data_sz - r->name_off < from_sz))
			return -EINVAL;
		name = (char *)b->data + r->name_off;
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
 * hbf_lskel_prepare() - adapt a fix's loader data to the running kernel
 * @fix: the fix
 *
 * Renames the kfuncs this kernel calls by a newer name, in both of its
 * loaders. Runs once, at module load, before any instance of @fix is
 * loaded.
 *
 * Return: 0 or a negative errno (the generator's data is inconsistent).
 */
int hbf_lskel_prepare(struct hbf_fix *fix)
{
	int err;

	err = hbf_apply_renames(fix, &fix->full);
	if (!err)
		err = hbf_apply_renames(fix, &fix->probe);
	return err;
}

/**
 * hbf_lskel_load() - load a fresh instance of a fix's light skeleton
 * @fix: the fix
 * @blob: which of its loaders: &fix->full, or &fix->probe for its maps and
 *	probe only
 * @sk: filled with the instance's fds; close it with hbf_lskel_close(),
 *	whatever this returns
 * @what: on failure, what failed, for the log
 *
 * Return: 0; -ENOMEM; or the error of the BPF command that failed: the
 * loader program passes on the error of the command it ran (the
 * verifier's verdict on a program, a kfunc missing from this kernel...).
 */
int hbf_lskel_load(struct hbf_fix *fix, const struct hbf_blob *blob,
		   struct hbf_lskel *sk, const char **what)
{
	int map_fd, prog_fd, ret, i, err;
	size_t sz;

	sz = sizeof(*sk->ctx) + fix->nr_maps * sizeof(*sk->maps) +
	     fix->nr_slots * sizeof(*sk->slots);
	memset(sk, 0, sizeof(*sk));
	sk->ctx = kzalloc(sz, GFP_KERNEL);
	if (!sk->ctx) {
		*what = "allocating its loader context";
		return -ENOMEM;
	}
	sk->ctx->sz = sz;
	sk->ctx->flags = HBF_SKEL_KERNEL;
	sk->maps = (void *)(sk->ctx + 1);
	sk->slots = (void *)(sk->maps + fix->nr_maps);
	sk->nr_maps = fix->nr_maps;
	sk->nr_slots = fix->nr_slots;
	for (i = 0; i < sk->nr_maps; i++)
		sk->maps[i].map_fd = -1;
	for (i = 0; i < sk->nr_slots; i++)
		sk->slots[i].prog_fd = -1;
	sk->low = hbf_hold_low_fds();

	map_fd = hbf_map_create(BPF_MAP_TYPE_ARRAY, "hbf_loader", 4,
				blob->data_sz, 0, 0, 0);
	if (map_fd < 0) {
		*what = "creating the loader map";
		return map_fd;
	}
	err = hbf_map_set(map_fd, blob->data);
	if (err) {
		*what = "filling the loader map";
		goto out_map;
	}
	prog_fd = hbf_syscall_prog_load("hbf_loader", blob->insns,
					blob->insns_sz, &map_fd);
	if (prog_fd < 0) {
		*what = "loading the loader program";
		err = prog_fd;
		goto out_map;
	}
	err = hbf_prog_run(prog_fd, sk->ctx, sk->ctx->sz, &ret);
	if (!err && ret < 0)
		err = ret;
	if (err)
		*what = "loading its programs";
	hbf_close(prog_fd);
out_map:
	hbf_close(map_fd);
	return err;
}

/**
 * hbf_lskel_close() - close every fd of an instance, and free it
 * @sk: the instance; what was taken from it (a file, a link) stays
 */
void hbf_lskel_close(struct hbf_lskel *sk)
{
	int i;

	if (!sk->ctx)
		return;
	for (i = 0; i < sk->nr_maps; i++)
		hbf_close(sk->maps[i].map_fd);
	for (i = 0; i < sk->nr_slots; i++)
		hbf_close(sk->slots[i].prog_fd);
	hbf_release_low_fds(sk->low);
	kfree(sk->ctx);
	memset(sk, 0, sizeof(*sk));
}
