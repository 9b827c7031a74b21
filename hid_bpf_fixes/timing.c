// SPDX-License-Identifier: GPL-2.0
/*
 * Where an attach spends its time, for the benchmark (timings=1 at load).
 *
 * attach.c times its own steps (the loader, the probe, registering, the
 * whole attach). What happens inside the loader program, the BTF load,
 * each program's load and its verification, and the driver's probe of the
 * device are kernel functions the module does not call directly: it times
 * them with kretprobes on btf_new_fd(), bpf_prog_load(), bpf_check() and
 * hid_device_probe(), and adds a call to the attach that the calling task
 * (or, for the driver's probe, the device) belongs to. The last
 * HBF_TIMING_KEEP attaches, and devices the fix's probe refused, are
 * listed in debugfs, timings, one a line:
 *
 *   DEV FIX map|link|refused probe_loader=NS loader=NS btf=NS progs=N
 *	prog_load=NS verify=NS probe=NS register=NS attach=NS driver_probe=NS
 *
 * where a phase whose function could not be probed shows "-". With
 * timings=0 (the default) nothing here runs and no kretprobe is set.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/hid.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>

#include "hbf.h"

static bool timings;
module_param(timings, bool, 0444);
MODULE_PARM_DESC(timings,
		 "Record where each attach spends its time, in debugfs (for benchmarks; sets kretprobes on BPF loading and on HID probing; default: off)");

#define HBF_TIMING_TASKS	8
#define HBF_TIMING_KEEP		64

/*
 * hbf_timing_lock guards the tables below; kretprobe handlers take it, so
 * it is a raw spinlock, taken with interrupts off.
 *
 * hbf_timing_tasks: the attaches in progress, by the task running them.
 * hbf_timing_kept: the last attaches, hbf_timing_next the next to write;
 * an entry with @waiting set still expects its device's driver probe.
 */
static DEFINE_RAW_SPINLOCK(hbf_timing_lock);
static struct hbf_timing *hbf_timing_tasks[HBF_TIMING_TASKS];
static struct hbf_timing hbf_timing_kept[HBF_TIMING_KEEP];
static unsigned int hbf_timing_next;
static bool hbf_timing_on;

static const char *const hbf_phase_names[HBF_NR_PHASES] = {
	[HBF_PH_PROBE_LOADER] = "probe_loader",
	[HBF_PH_LOADER] = "loader",
	[HBF_PH_BTF] = "btf",
	[HBF_PH_PROG_LOAD] = "prog_load",
	[HBF_PH_VERIFY] = "verify",
	[HBF_PH_PROBE] = "probe",
	[HBF_PH_REGISTER] = "register",
	[HBF_PH_ATTACH] = "attach",
	[HBF_PH_DRIVER_PROBE] = "driver_probe",
};

/* Phases whose kretprobe did not register: shown as "-". */
static unsigned long hbf_phase_missing;

#ifdef CONFIG_KRETPROBES
static struct hbf_timing *hbf_timing_of_task(void)
{
	int i;

	for (i = 0; i < HBF_TIMING_TASKS; i++)
		if (hbf_timing_tasks[i] && hbf_timing_tasks[i]->task == current)
			return hbf_timing_tasks[i];
	return NULL;
}

/* kretprobes: the entry handler notes the time, the return one adds it */
struct hbf_probe_data {
	u64 start;
	struct hid_device *hdev;
};

static int hbf_enter(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct hbf_probe_data *d = (void *)ri->data;

	d->start = ktime_get_ns();
	d->hdev = NULL;
	return 0;
}

static void hbf_add(enum hbf_phase phase, struct kretprobe_instance *ri)
{
	struct hbf_probe_data *d = (void *)ri->data;
	u64 ns = ktime_get_ns() - d->start;
	struct hbf_timing *t;
	unsigned long flags;

	raw_spin_lock_irqsave(&hbf_timing_lock, flags);
	t = hbf_timing_of_task();
	if (t) {
		t->ns[phase] += ns;
		if (phase == HBF_PH_PROG_LOAD)
			t->nr_progs++;
	}
	raw_spin_unlock_irqrestore(&hbf_timing_lock, flags);
}

static int hbf_btf_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	hbf_add(HBF_PH_BTF, ri);
	return 0;
}

static int hbf_prog_load_ret(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	hbf_add(HBF_PH_PROG_LOAD, ri);
	return 0;
}

static int hbf_check_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	hbf_add(HBF_PH_VERIFY, ri);
	return 0;
}

static int hbf_hid_probe_enter(struct kretprobe_instance *ri,
			       struct pt_regs *regs)
{
	struct hbf_probe_data *d = (void *)ri->data;
	struct device *dev = (void *)regs_get_kernel_argument(regs, 0);

	d->start = ktime_get_ns();
	d->hdev = to_hid_device(dev);
	return 0;
}

/*
 * The driver's probe of a device: counted in an attach still running on
 * it (a descriptor fix attached by a link reprobes the device from inside
 * the attach), else in the last kept attach still waiting for it.
 */
static int hbf_hid_probe_ret(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	struct hbf_probe_data *d = (void *)ri->data;
	u64 ns = ktime_get_ns() - d->start;
	struct hbf_timing *t = NULL;
	unsigned long flags;
	unsigned int i;

	raw_spin_lock_irqsave(&hbf_timing_lock, flags);
	for (i = 0; i < HBF_TIMING_TASKS && !t; i++)
		if (hbf_timing_tasks[i] && hbf_timing_tasks[i]->hdev == d->hdev)
			t = hbf_timing_tasks[i];
	for (i = 1; i <= HBF_TIMING_KEEP && !t; i++) {
		struct hbf_timing *k = &hbf_timing_kept[(hbf_timing_next - i) %
							HBF_TIMING_KEEP];

		if (k->waiting && k->hdev == d->hdev) {
			k->waiting = false;
			t = k;
		}
	}
	if (t)
		t->ns[HBF_PH_DRIVER_PROBE] += ns;
	raw_spin_unlock_irqrestore(&hbf_timing_lock, flags);
	return 0;
}

#define HBF_KRETPROBE(sym, entry, ret) {				\
	.kp.symbol_name = sym,						\
	.entry_handler = entry,						\
	.handler = ret,							\
	.data_size = sizeof(struct hbf_probe_data),			\
	.maxactive = 16,						\
}

static struct kretprobe hbf_timing_probes[] = {
	HBF_KRETPROBE("btf_new_fd", hbf_enter, hbf_btf_ret),
	HBF_KRETPROBE("bpf_prog_load", hbf_enter, hbf_prog_load_ret),
	HBF_KRETPROBE("bpf_check", hbf_enter, hbf_check_ret),
	HBF_KRETPROBE("hid_device_probe", hbf_hid_probe_enter, hbf_hid_probe_ret),
};

static const enum hbf_phase hbf_probe_phase[] = {
	HBF_PH_BTF, HBF_PH_PROG_LOAD, HBF_PH_VERIFY, HBF_PH_DRIVER_PROBE,
};

static bool hbf_probe_set[ARRAY_SIZE(hbf_timing_probes)];

/* Sets the kretprobes; those that cannot be set leave their phase out. */
static void hbf_timing_probe(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(hbf_timing_probes); i++) {
		err = register_kretprobe(&hbf_timing_probes[i]);
		if (err) {
			pr_warn("timings: cannot probe %s() (%d): %s not timed\n",
				hbf_timing_probes[i].kp.symbol_name, err,
				hbf_phase_names[hbf_probe_phase[i]]);
			__set_bit(hbf_probe_phase[i], &hbf_phase_missing);
			continue;
		}
		hbf_probe_set[i] = true;
	}
}

static void hbf_timing_unprobe(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hbf_timing_probes); i++) {
		if (hbf_probe_set[i])
			unregister_kretprobe(&hbf_timing_probes[i]);
		hbf_probe_set[i] = false;
	}
}
#else
static void hbf_timing_probe(void)
{
	pr_warn("timings: no kretprobes in this kernel: btf, prog_load, verify and driver_probe not timed\n");
	__set_bit(HBF_PH_BTF, &hbf_phase_missing);
	__set_bit(HBF_PH_PROG_LOAD, &hbf_phase_missing);
	__set_bit(HBF_PH_VERIFY, &hbf_phase_missing);
	__set_bit(HBF_PH_DRIVER_PROBE, &hbf_phase_missing);
}

static void hbf_timing_unprobe(void)
{
}
#endif

/**
 * hbf_timing_begin() - start timing an attach run by the current task
 * @t: the attach's record, zeroed by the caller
 * @hdev: the device being attached
 *
 * Does nothing unless timings=1, or when too many attaches run at once.
 */
void hbf_timing_begin(struct hbf_timing *t, struct hid_device *hdev)
{
	unsigned long flags;
	int i;

	if (!READ_ONCE(hbf_timing_on))
		return;
	t->task = current;
	t->hdev = hdev;
	strscpy(t->dev, dev_name(&hdev->dev), sizeof(t->dev));
	t->start = ktime_get_ns();
	raw_spin_lock_irqsave(&hbf_timing_lock, flags);
	/* a kept attach on a device gone since cannot be this one's */
	for (i = 0; i < HBF_TIMING_KEEP; i++)
		if (hbf_timing_kept[i].hdev == hdev)
			hbf_timing_kept[i].waiting = false;
	for (i = 0; i < HBF_TIMING_TASKS; i++) {
		if (!hbf_timing_tasks[i]) {
			hbf_timing_tasks[i] = t;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&hbf_timing_lock, flags);
}

/**
 * hbf_timing_end() - stop timing an attach, and keep its record
 * @t: the record given to hbf_timing_begin()
 * @fix: the fix
 * @link: attached by a link (else by a registered map, before the probe)
 * @err: what the attach returned: 0 and -ENODEV (the probe refused the
 *	device) are kept, as attached or "refused"; other failures are not
 */
void hbf_timing_end(struct hbf_timing *t, const struct hbf_fix *fix,
		    bool link, int err)
{
	unsigned long flags;
	int i;

	if (!t->task)
		return;
	t->ns[HBF_PH_ATTACH] = ktime_get_ns() - t->start;
	raw_spin_lock_irqsave(&hbf_timing_lock, flags);
	for (i = 0; i < HBF_TIMING_TASKS; i++)
		if (hbf_timing_tasks[i] == t)
			hbf_timing_tasks[i] = NULL;
	if (!err || err == -ENODEV) {
		t->fix = fix;
		t->kind = err ? "refused" : link ? "link" : "map";
		t->task = NULL;
		/* before the first probe, the driver's probe is still to come */
		t->waiting = !err && !link;
		hbf_timing_kept[hbf_timing_next++ % HBF_TIMING_KEEP] = *t;
	}
	raw_spin_unlock_irqrestore(&hbf_timing_lock, flags);
}

/**
 * hbf_timing_mark() - start timing one step of an attach
 * @t: the attach's record
 *
 * Return: the time to give hbf_timing_step() at the end of the step.
 */
u64 hbf_timing_mark(const struct hbf_timing *t)
{
	return t->task ? ktime_get_ns() : 0;
}

/**
 * hbf_timing_step() - add the time since hbf_timing_mark() to a phase
 * @t: the attach's record
 * @phase: the step
 * @since: what hbf_timing_mark() returned
 */
void hbf_timing_step(struct hbf_timing *t, enum hbf_phase phase, u64 since)
{
	if (t->task)
		t->ns[phase] += ktime_get_ns() - since;
}

static int hbf_timings_show(struct seq_file *m, void *v)
{
	struct hbf_timing t;
	unsigned long flags;
	unsigned int i, n;
	int p;

	for (i = HBF_TIMING_KEEP; i > 0; i--) {
		raw_spin_lock_irqsave(&hbf_timing_lock, flags);
		n = hbf_timing_next;
		if (i <= n)
			t = hbf_timing_kept[(n - i) % HBF_TIMING_KEEP];
		raw_spin_unlock_irqrestore(&hbf_timing_lock, flags);
		if (i > n)
			continue;
		/* the device may be gone: its name was copied */
		seq_printf(m, "%s %s %s", t.dev, t.fix->name, t.kind);
		for (p = 0; p < HBF_NR_PHASES; p++) {
			/* a refused device's probe is not the fix's business */
			if (test_bit(p, &hbf_phase_missing) ||
			    (p == HBF_PH_DRIVER_PROBE &&
			     (t.waiting || !strcmp(t.kind, "refused"))))
				seq_printf(m, " %s=-", hbf_phase_names[p]);
			else
				seq_printf(m, " %s=%llu", hbf_phase_names[p], t.ns[p]);
			if (p == HBF_PH_BTF)
				seq_printf(m, " progs=%u", t.nr_progs);
		}
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hbf_timings);

/**
 * hbf_timing_init() - set the kretprobes, if timings=1
 *
 * A kretprobe that cannot be set (the function inlined or renamed in this
 * kernel) leaves its phase out, with a warning; the rest works on.
 */
void hbf_timing_init(void)
{
	if (!timings)
		return;
	hbf_timing_probe();
	WRITE_ONCE(hbf_timing_on, true);
}

/**
 * hbf_timing_debugfs() - list the kept attaches in debugfs, if timings=1
 * @dir: the module's debugfs directory
 */
void hbf_timing_debugfs(struct dentry *dir)
{
	if (timings)
		debugfs_create_file("timings", 0444, dir, NULL,
				    &hbf_timings_fops);
}

/**
 * hbf_timing_exit() - remove the kretprobes; no handler runs after this
 */
void hbf_timing_exit(void)
{
	WRITE_ONCE(hbf_timing_on, false);
	hbf_timing_unprobe();
}
