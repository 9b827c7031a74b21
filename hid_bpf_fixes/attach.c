// SPDX-License-Identifier: GPL-2.0
/*
 * HID attach policy: run a loaded fix's probe on a device's original
 * report descriptor, then build the fix's struct hid_bpf_ops map and
 * register it: through a struct_ops link once the device has been probed,
 * through the map alone before (see hbf_register_map()). What the caller
 * then owns, and how it lets go of it, is own.c's business.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/hid.h>
#include <linux/hid_bpf.h>
#include <linux/slab.h>
#include <linux/stddef.h>

#include "compat.h"
#include "hbf.h"
#include "lskel.h"

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

/* Type ids in the running kernel's BTF, found by hbf_attach_init(). */
static u32 hbf_ops_type_id;
static u32 hbf_ops_value_type_id;

/**
 * hbf_attach_init() - prepare the embedded fixes for this kernel
 *
 * Finds struct hid_bpf_ops and its struct_ops value type in the running
 * kernel's BTF, and writes their ids, with each program's type and
 * callback index, into every fix's loader data; then lets lskel.c adapt
 * the rest of that data to this kernel.
 *
 * Return: 0, or a negative errno when this kernel cannot attach HID-BPF
 * struct_ops from a module.
 */
int hbf_attach_init(void)
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

			if (WARN_ON(p->attr_off + sizeof(*attr) > fix->full.data_sz ||
				    !IS_ALIGNED(p->attr_off, 4)))
				return -EINVAL;
			attr = (union bpf_attr *)(fix->full.data + p->attr_off);
			attr->prog_type = BPF_PROG_TYPE_STRUCT_OPS;
			attr->expected_attach_type = HBF_FIRST_OP_MEMBER + p->op;
			attr->attach_btf_id = hbf_ops_type_id;
		}
		err = hbf_lskel_prepare(fix);
		if (err)
			return err;
	}
	return 0;
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

static int hbf_run_probe(struct hbf_probe_args *args, int prog_fd)
{
	int err, ret;

	args->retval = -1;	/* a probe that says nothing refuses */
	err = hbf_prog_run(prog_fd, args, sizeof(*args), &ret);
	if (!err)
		err = args->retval ? -ENODEV : 0;
	return err;
}

/*
 * The probes' verdicts, by fix and report descriptor. A probe looks at
 * the descriptor: one seen before (another device of the same model, the
 * same device plugged again) needs no probe instance to be loaded again.
 * Only the probe instance's verdicts are kept; the fix's own instance
 * runs its probe again in any case, before anything is registered.
 */
struct hbf_verdict {
	struct list_head node;
	const struct hbf_fix *fix;
	bool accept;
	unsigned int size;
	u8 rdesc[] __counted_by(size);
};

#define HBF_VERDICTS_MAX	32

static LIST_HEAD(hbf_verdicts);
static unsigned int hbf_nr_verdicts;
static DEFINE_MUTEX(hbf_verdicts_lock);

/* -1: never seen; else whether @fix's probe accepts that descriptor */
static int hbf_verdict_find(const struct hbf_fix *fix,
			    const struct hbf_probe_args *args)
{
	struct hbf_verdict *v;
	int ret = -1;

	mutex_lock(&hbf_verdicts_lock);
	list_for_each_entry(v, &hbf_verdicts, node) {
		if (v->fix == fix && v->size == args->rdesc_size &&
		    !memcmp(v->rdesc, args->rdesc, v->size)) {
			ret = v->accept;
			list_move(&v->node, &hbf_verdicts);
			break;
		}
	}
	mutex_unlock(&hbf_verdicts_lock);
	return ret;
}

static void hbf_verdict_add(const struct hbf_fix *fix,
			    const struct hbf_probe_args *args, bool accept)
{
	struct hbf_verdict *v;

	v = kmalloc(struct_size(v, rdesc, args->rdesc_size), GFP_KERNEL);
	if (!v)
		return;		/* the next device pays a probe instance */
	v->fix = fix;
	v->accept = accept;
	v->size = args->rdesc_size;
	memcpy(v->rdesc, args->rdesc, v->size);
	mutex_lock(&hbf_verdicts_lock);
	list_add(&v->node, &hbf_verdicts);
	if (++hbf_nr_verdicts > HBF_VERDICTS_MAX) {
		struct hbf_verdict *old = list_last_entry(&hbf_verdicts,
							  struct hbf_verdict, node);

		list_del(&old->node);
		hbf_nr_verdicts--;
		kfree(old);
	}
	mutex_unlock(&hbf_verdicts_lock);
}

/**
 * hbf_attach_exit() - forget the probes' verdicts
 *
 * Called when the module goes away, once nothing attaches any more.
 */
void hbf_attach_exit(void)
{
	struct hbf_verdict *v, *tmp;

	mutex_lock(&hbf_verdicts_lock);
	list_for_each_entry_safe(v, tmp, &hbf_verdicts, node) {
		list_del(&v->node);
		kfree(v);
	}
	hbf_nr_verdicts = 0;
	mutex_unlock(&hbf_verdicts_lock);
}

/*
 * Whether a failure to load a fix is the kernel's verdict on the fix (a
 * kfunc or a BTF type this kernel lacks, the verifier refusing a program),
 * which would be the same on the next device, or belongs to the caller: a
 * signal pending in the task that loads (the verifier gives up with
 * -EAGAIN), its fd limit, its capabilities, memory.
 */
static bool hbf_fix_verdict(int err)
{
	switch (err) {
	case -ENOMEM:
	case -EAGAIN:
	case -EINTR:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
	case -ERESTARTNOHAND:
	case -EMFILE:
	case -ENFILE:
	case -EPERM:
		return false;
	default:
		return true;
	}
}

/* Log a load failure; the kernel's verdict on the fix sticks to it. */
static void hbf_load_failed(struct hbf_fix *fix, struct hid_device *hdev,
			    int err, const char *what)
{
	if (hbf_fix_verdict(err)) {
		WRITE_ONCE(fix->load_err, err);
		pr_err("%s: %s: error %d %s: this kernel refuses the fix, skipping it\n",
		       dev_name(&hdev->dev), fix->name, err, what);
	} else {
		pr_err("%s: %s: error %d %s, not attached: enable the fix again to retry\n",
		       dev_name(&hdev->dev), fix->name, err, what);
	}
}

/*
 * Whether @fix's probe accepts the device: from the verdicts already
 * known, else by loading the fix's maps and probe only and running it.
 * Return: 0, -ENODEV when it refuses, another negative errno (logged).
 */
static int hbf_probe_first(struct hbf_fix *fix, struct hid_device *hdev,
			   struct hbf_probe_args *args,
			   struct hbf_timing *timing)
{
	const char *what = NULL;
	struct hbf_lskel sk = {};
	int known, err;
	u64 mark;

	known = hbf_verdict_find(fix, args);
	if (known >= 0)
		return known ? 0 : -ENODEV;
	mark = hbf_timing_mark(timing);
	err = hbf_lskel_load(fix, &fix->probe, &sk, &what);
	hbf_timing_step(timing, HBF_PH_PROBE_LOADER, mark);
	if (err) {
		hbf_load_failed(fix, hdev, err, what);
		goto out;
	}
	mark = hbf_timing_mark(timing);
	/* gen_loader numbers the programs it loads: the probe alone is 0 */
	err = hbf_run_probe(args, sk.slots[0].prog_fd);
	hbf_timing_step(timing, HBF_PH_PROBE, mark);
	if (!err || err == -ENODEV)
		hbf_verdict_add(fix, args, !err);
	else
		pr_err("%s: %s: error %d running its probe\n",
		       dev_name(&hdev->dev), fix->name, err);
out:
	hbf_lskel_close(&sk);
	return err;
}

static int hbf_link_create(int map_fd)
{
	union bpf_attr attr = {};

	attr.link_create.map_fd = map_fd;
	attr.link_create.attach_type = BPF_STRUCT_OPS;
	return kern_sys_bpf(BPF_LINK_CREATE, &attr,
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
	return kern_sys_bpf(BPF_BTF_LOAD, &attr, offsetofend(union bpf_attr, btf_log_level));
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

/* The struct_ops value of @fix for @hdev: its programs in their slots. */
static struct hbf_ops_value *hbf_ops_value(struct hbf_fix *fix,
					   struct hid_device *hdev,
					   const struct hbf_prog_desc *slots,
					   const char **what)
{
	struct hbf_ops_value *value;
	int i;

	value = kzalloc(sizeof(*value), GFP_KERNEL);
	if (!value)
		return ERR_PTR(-ENOMEM);
	value->data.hid_id = hdev->id;
	for (i = 0; i < fix->nr_progs; i++) {
		const struct hbf_prog *p = &fix->progs[i];
		unsigned long *cb = (void *)&value->data + hbf_op_offset[p->op];

		/* 0 would leave the callback out, silently */
		if (slots[p->slot].prog_fd <= 0) {
			*what = "filling its struct_ops map: a program has no fd";
			kfree(value);
			return ERR_PTR(-EBADF);
		}
		*cb = slots[p->slot].prog_fd;
	}
	return value;
}

static int hbf_ops_map_create(struct hbf_fix *fix, u32 flags,
			      const char **what)
{
	char name[BPF_OBJ_NAME_LEN];
	int btf_fd, map_fd;

	snprintf(name, sizeof(name), "hbf_%s", fix->name);
	btf_fd = hbf_btf_load_minimal();
	if (btf_fd < 0) {
		*what = "loading BTF for its struct_ops map";
		return btf_fd;
	}
	map_fd = hbf_map_create(BPF_MAP_TYPE_STRUCT_OPS, name, 4,
				sizeof(struct hbf_ops_value), flags, btf_fd,
				hbf_ops_value_type_id);
	hbf_close(btf_fd);
	if (map_fd < 0)
		*what = "creating its struct_ops map";
	return map_fd;
}

/*
 * Before the device's first probe, from our bus notifier: the notifier
 * rwsem is held there, and LINK_CREATE would take the struct_ops
 * update_mutex, under which a descriptor fix reprobes the device, which
 * calls the bus notifiers: the reverse order (lockdep rightly calls it a
 * deadlock once a notifier (un)registration queues a writer). So the map
 * is created without BPF_F_LINK and registered by its update, under the
 * map's own lock, and the module owns the map instead of a link.
 *
 * The device lock keeps a driver's probe out while the fix registers,
 * and tells whether one came first: 6.12 puts the device on the bus list
 * before the notifier runs, so a driver registering meanwhile may already
 * have probed it. Then -EALREADY: the caller attaches after the probe.
 * Otherwise registering a descriptor fix would reprobe the device, which
 * needs no reprobe: mark one pending, so its first probe simply sees the
 * fix; that probe clears the mark.
 */
static int hbf_register_map(struct hbf_fix *fix, struct hid_device *hdev,
			    const struct hbf_prog_desc *slots,
			    struct hbf_owned *own, const char **what)
{
	struct hbf_ops_value *value;
	bool held = false;
	int map_fd, err;

	value = hbf_ops_value(fix, hdev, slots, what);
	if (IS_ERR(value))
		return PTR_ERR(value);
	map_fd = hbf_ops_map_create(fix, 0, what);
	if (map_fd < 0) {
		err = map_fd;
		goto out;
	}
	device_lock(&hdev->dev);
	if (hdev->dev.driver) {
		err = -EALREADY;
		goto out_unlock;
	}
	if (hbf_has_op(fix, HBF_OP_RDESC_FIXUP))
		held = !test_and_set_bit(ffs(HID_STAT_REPROBED), &hdev->status);
	err = hbf_map_set(map_fd, value);
	if (err) {
		if (held)
			clear_bit(ffs(HID_STAT_REPROBED), &hdev->status);
		*what = "registering its struct hid_bpf_ops";
		goto out_unlock;
	}
	hbf_unsize_event_buffer(fix, hdev);
	own->map = bpf_map_get(map_fd);	/* cannot fail: we hold the fd */
	err = PTR_ERR_OR_ZERO(own->map);
	if (err)
		own->map = NULL;
out_unlock:
	device_unlock(&hdev->dev);
	hbf_close(map_fd);
out:
	kfree(value);
	return err;
}

/*
 * After the first probe: with a struct_ops link. Registering a descriptor
 * fix reprobes the device from inside LINK_CREATE.
 */
static int hbf_register_link(struct hbf_fix *fix, struct hid_device *hdev,
			     const struct hbf_prog_desc *slots,
			     struct hbf_owned *own, const char **what)
{
	struct hbf_ops_value *value;
	int map_fd, link_fd, err;

	value = hbf_ops_value(fix, hdev, slots, what);
	if (IS_ERR(value))
		return PTR_ERR(value);
	map_fd = hbf_ops_map_create(fix, BPF_F_LINK, what);
	if (map_fd < 0) {
		err = map_fd;
		goto out;
	}
	err = hbf_map_set(map_fd, value);
	if (err) {
		*what = "filling its struct_ops map";
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
	hbf_close(map_fd);
out:
	kfree(value);
	return err;
}

/**
 * hbf_ops_count() - how many HID-BPF ops are registered on a device
 * @hdev: the device
 *
 * Return: the number of struct hid_bpf_ops on @hdev, whoever registered
 * them.
 */
unsigned int hbf_ops_count(struct hid_device *hdev)
{
	unsigned int n;

	mutex_lock(&hdev->bpf.prog_list_lock);
	n = list_count_nodes(&hdev->bpf.prog_list);
	mutex_unlock(&hdev->bpf.prog_list_lock);
	return n;
}

static void hbf_log_not_alone(struct hbf_fix *fix, struct hid_device *hdev)
{
	pr_warn("%s: %s not attached: another HID-BPF program is attached to the device (udev-hid-bpf?), and fixes do not stack\n",
		dev_name(&hdev->dev), fix->name);
}

/*
 * A device carries at most one fix, whoever loaded it: a second one would
 * transform every report twice (udev-hid-bpf's rule acts on every device
 * its hwdb knows). HID-BPF itself refuses only a second descriptor fixup,
 * with -EINVAL: that case keeps the message it always had.
 */
static int hbf_check_alone(struct hbf_fix *fix, struct hid_device *hdev,
			   unsigned int ours)
{
	if (hbf_has_op(fix, HBF_OP_RDESC_FIXUP) &&
	    READ_ONCE(hdev->bpf.rdesc_ops) && !ours) {
		pr_err("%s: %s: error %d attaching: another HID-BPF program already fixes its report descriptor\n",
		       dev_name(&hdev->dev), fix->name, -EINVAL);
		return -EINVAL;
	}
	if (hbf_ops_count(hdev) > ours) {
		hbf_log_not_alone(fix, hdev);
		return -EEXIST;
	}
	return 0;
}

/**
 * hbf_attach() - load a fresh instance of a fix and attach it
 * @fix: the fix
 * @hdev: the device, referenced by the caller
 * @before_probe: @hdev has not been probed by a driver yet
 * @ours: how many HID-BPF ops the module already has on @hdev; any other
 *	one there makes it refuse (see hbf_check_alone())
 * @own: filled with what the caller now owns: a link, or before the
 *	first probe a registered struct_ops map (see hbf_register_map()),
 *	and the files of the fix's maps
 *
 * Return: 0; -ENODEV when the fix's probe refuses the device or the device
 * went away; -EEXIST or -EINVAL when another HID-BPF program is attached
 * to @hdev; -EALREADY when @before_probe and a driver probed the device
 * meanwhile (attach it again, after the probe); another negative errno on
 * failure, after logging why.
 */
int hbf_attach(struct hbf_fix *fix, struct hid_device *hdev,
	       bool before_probe, unsigned int ours, struct hbf_owned *own)
{
	struct hbf_timing timing = {};
	struct hbf_probe_args *args;
	const char *what = NULL;
	struct hbf_lskel sk = {};
	u64 mark;
	int err;

	err = hbf_check_alone(fix, hdev, ours);
	if (err)
		return err;
	if (fix->probe_slot < 0 || fix->probe_slot >= fix->nr_slots)
		return -ENODEV;	/* gen/hbf-gen refuses a fix without a probe */
	args = kzalloc(sizeof(*args), GFP_KERNEL);
	if (!args)
		return -ENOMEM;
	args->hid = hdev->id;
	err = hbf_copy_rdesc(hdev, args);
	if (err)
		goto out_free;
	hbf_timing_begin(&timing, hdev);
	err = hbf_probe_first(fix, hdev, args, &timing);
	if (err)
		goto out_quiet;

	mark = hbf_timing_mark(&timing);
	err = hbf_lskel_load(fix, &fix->full, &sk, &what);
	hbf_timing_step(&timing, HBF_PH_LOADER, mark);
	if (err) {
		hbf_load_failed(fix, hdev, err, what);
		goto out_quiet;
	}

	/* again, in this instance: a probe may keep what it found */
	mark = hbf_timing_mark(&timing);
	err = hbf_run_probe(args, sk.slots[fix->probe_slot].prog_fd);
	hbf_timing_step(&timing, HBF_PH_PROBE, mark);
	if (err) {
		if (err != -ENODEV)
			what = "running its probe";
		goto out;
	}

	/*
	 * Take the maps first: once registered, the programs may run and,
	 * before the first probe, nothing but a release undoes that.
	 */
	err = hbf_hold_maps(fix, sk.maps, own);
	if (err) {
		what = "holding its maps";
		goto out;
	}
	mark = hbf_timing_mark(&timing);
	if (before_probe)
		err = hbf_register_map(fix, hdev, sk.slots, own, &what);
	else
		err = hbf_register_link(fix, hdev, sk.slots, own, &what);
	hbf_timing_step(&timing, HBF_PH_REGISTER, mark);
	if (!err && hbf_ops_count(hdev) > ours + 1) {
		/* another loader registered meanwhile: it keeps the device */
		hbf_release(own, hdev);
		hbf_log_not_alone(fix, hdev);
		err = -EEXIST;
		goto out_quiet;
	}
	if (err)
		hbf_put_maps(own);
	if (err == -EINVAL && READ_ONCE(hdev->bpf.rdesc_ops) &&
	    hbf_has_op(fix, HBF_OP_RDESC_FIXUP))
		what = "attaching: another HID-BPF program already fixes its report descriptor";
	else if (err == -ENODEV || err == -EALREADY)
		what = NULL;
out:
	if (err && what)
		pr_err("%s: %s: error %d %s\n", dev_name(&hdev->dev), fix->name,
		       err, what);
out_quiet:
	hbf_lskel_close(&sk);
	hbf_timing_end(&timing, fix, !before_probe, err);
out_free:
	kfree(args);
	return err;
}
