// SPDX-License-Identifier: GPL-2.0
/*
 * hid-bpf-fixes: fix broken HID devices with HID-BPF, from the kernel.
 *
 * The module follows the HID bus. For every device one of its embedded
 * fixes serves, it loads a fresh instance of that fix, lets the fix's probe
 * look at the device's report descriptor, and attaches the fix's struct
 * hid_bpf_ops: through a struct_ops link it owns, or, for a device not yet
 * probed, through a registered struct_ops map it owns (attach.c says why).
 * That is dropped when the device goes away, when the fix's parameter is
 * turned off, and when the module is removed. With nothing left to own the
 * module removes itself, unless resident=1; see
 * Documentation/admin-guide.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/device.h>
#include <linux/hid.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/umh.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "compat.h"
#include "hbf.h"

static bool resident;
module_param(resident, bool, 0644);
MODULE_PARM_DESC(resident,
		 "Stay loaded with no device to fix (default: off, the module removes itself and udev loads it again when a device it fixes appears; always on when built in)");

/* At most an hour: past that, resident=1 says it better. */
#define HBF_LINGER_MAX	3600

static int hbf_linger_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, HBF_LINGER_MAX);
}

static const struct kernel_param_ops hbf_linger_ops = {
	.set = hbf_linger_set,
	.get = param_get_uint,
};

static unsigned int linger;
module_param_cb(linger, &hbf_linger_ops, &linger, 0644);
MODULE_PARM_DESC(linger,
		 "Seconds to stay loaded after the last fixed device went away, so that a device plugged again meanwhile is fixed before its driver first sees it (0-3600, default 0: unload at once)");

/* Built into the kernel there is nothing to unload: always resident. */
static bool hbf_resident(void)
{
#ifdef MODULE
	return READ_ONCE(resident);
#else
	return true;
#endif
}

/*
 * hbf_lock guards hbf_attachments (and the flags of its entries, see
 * struct hbf_attachment), hbf_running, hbf_seen and hbf_unloading. It is
 * never held across a BPF command or a call into the HID core. The
 * release list has its own place in own.c, under the same lock.
 *
 * hbf_running: the instance follows the bus; false before init and from
 * exit (or a failing init) on, after which nothing new is attached.
 * hbf_unloading: the unload work asked for an rmmod. From then on the
 * instance takes no new device and records none as seen (hbf_taking()): a
 * device attached now would be detached by that rmmod, in the middle of
 * its first probe or right after it, and bound three times. The helper
 * that runs the rmmod loads the module again for the devices this
 * instance did not see. Cleared by the unload work when that rmmod cannot
 * have worked (the module is in use) or once resident=1, and by a
 * parameter write turning a fix on that attaches something: that one was
 * asked for, and an rmmod already on its way may still take it (a known
 * limit, see the design).
 */
DEFINE_MUTEX(hbf_lock);
LIST_HEAD(hbf_attachments);
static bool hbf_running;
static bool hbf_unloading;

/*
 * The HID devices (by hdev->id, never reused) this instance has looked at,
 * from its bus walk or its notifier, and that are still there. When the
 * module goes away with nothing to fix, a device not in here may have been
 * missed: see hbf_helper().
 */
static DEFINE_XARRAY(hbf_seen);

/* How often an idle module asks again to be removed (rmmod may fail). */
#define HBF_UNLOAD_RETRY	(5 * HZ)

static void hbf_unload_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(hbf_unload_work, hbf_unload_fn);
static void hbf_rewalk_fn(struct work_struct *work);
static DECLARE_WORK(hbf_rewalk_work, hbf_rewalk_fn);

/*
 * Once the module is going away (rmmod has begun, or init failed), it
 * attaches nothing: whatever it attached now would be released at once,
 * maybe in the middle of the device's first probe. The next instance, or
 * the helper that loads it, takes the device.
 */
static bool hbf_live(void)
{
#ifdef MODULE
	return module_is_live(THIS_MODULE);
#else
	return true;
#endif
}

/* Whether this instance attaches new devices (see hbf_unloading). */
static bool hbf_taking(void)
{
	lockdep_assert_held(&hbf_lock);
	return hbf_running && hbf_live() && !hbf_unloading;
}

static struct hbf_attachment *hbf_find(struct hid_device *hdev,
				       struct hbf_fix *fix)
{
	struct hbf_attachment *a;

	lockdep_assert_held(&hbf_lock);
	list_for_each_entry(a, &hbf_attachments, node)
		if (a->hdev == hdev && a->fix == fix)
			return a;
	return NULL;
}

/*
 * With hbf_lock held: move an attached entry to @drop, or have the thread
 * still attaching it drop it when it is done.
 */
static void hbf_take(struct hbf_attachment *a, struct list_head *drop)
{
	lockdep_assert_held(&hbf_lock);
	if (a->attached)
		list_move_tail(&a->node, drop);
	else
		a->cancel = true;
}

/* Called with hbf_lock held whenever an entry left hbf_attachments. */
static void hbf_maybe_unload(void)
{
	lockdep_assert_held(&hbf_lock);
	if (hbf_running && !hbf_resident() &&
	    list_empty(&hbf_attachments))
		mod_delayed_work(system_percpu_wq, &hbf_unload_work,
				 msecs_to_jiffies(READ_ONCE(linger) * MSEC_PER_SEC));
}

/*
 * Add an entry for @fix on @hdev, unless one is there. An entry whose
 * attach is still running but was cancelled (the fix was turned off, then
 * on again) is simply wanted again. Returns the new entry, or NULL, and in
 * @ours how many fixes the module has attached to @hdev already. @asked:
 * a parameter write turned @fix on, which holds even while the instance is
 * unloading itself (see hbf_unloading).
 */
static struct hbf_attachment *hbf_claim(struct hid_device *hdev,
					struct hbf_fix *fix, bool asked,
					unsigned int *ours)
{
	struct hbf_attachment *a, *old;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return NULL;
	mutex_lock(&hbf_lock);
	*ours = 0;
	list_for_each_entry(old, &hbf_attachments, node)
		if (old->hdev == hdev && old->attached)
			(*ours)++;
	old = hbf_find(hdev, fix);
	if (old && !old->removed)
		old->cancel = false;
	if (old || !(asked ? hbf_running && hbf_live() : hbf_taking())) {
		mutex_unlock(&hbf_lock);
		kfree(a);
		return NULL;
	}
	get_device(&hdev->dev);
	a->hdev = hdev;
	a->fix = fix;
	list_add_tail(&a->node, &hbf_attachments);
	mutex_unlock(&hbf_lock);
	return a;
}

/* Attach @fix to @hdev if it serves it, unless it is already there. */
static void hbf_try_fix(struct hid_device *hdev, struct hbf_fix *fix,
			bool before_probe, bool asked)
{
	struct hbf_attachment *a;
	unsigned int ours;
	LIST_HEAD(drop);
	int err;

	if (!READ_ONCE(fix->enabled) || READ_ONCE(fix->load_err) ||
	    !hid_match_id(hdev, fix->ids))
		return;
	a = hbf_claim(hdev, fix, asked, &ours);
	if (!a)
		return;

	if (READ_ONCE(hdev->bpf.destroyed))
		err = -ENODEV;
	else
		err = hbf_attach(fix, hdev, before_probe, ours, &a->own);

	mutex_lock(&hbf_lock);
	if (!err && !a->cancel && hbf_running && hbf_live() &&
	    READ_ONCE(fix->enabled)) {
		a->attached = true;
		if (asked)
			hbf_unloading = false;	/* the unload work asks no more */
		mutex_unlock(&hbf_lock);
		pr_info("%s: %s attached (%s %u%s)\n", dev_name(&hdev->dev),
			fix->name, hbf_kind(a), hbf_id(a),
			before_probe ? ", before the first probe" : "");
		return;
	}
	list_del(&a->node);
	hbf_maybe_unload();
	if (err == -EALREADY && hbf_running)
		queue_work(system_percpu_wq, &hbf_rewalk_work);
	mutex_unlock(&hbf_lock);

	if (!err) {
		list_add(&a->node, &drop);
		hbf_drop(&drop, a->removed ? "device removed" :
			 hbf_live() ? "turned off" : "module removed");
		return;
	}
	if (err == -ENODEV && !a->removed)
		pr_info("%s: %s not attached: its probe does not recognise the report descriptor\n",
			dev_name(&hdev->dev), fix->name);
	if (err == -EALREADY)
		pr_info("%s: %s: a driver probed the device while the fix was being attached; attaching it after that probe\n",
			dev_name(&hdev->dev), fix->name);
	hbf_free(a);
}

static void hbf_fix_device(struct hid_device *hdev, bool before_probe)
{
	unsigned int i;

	mutex_lock(&hbf_lock);
	if (hbf_taking() &&
	    xa_err(xa_store(&hbf_seen, hdev->id, xa_mk_value(0), GFP_KERNEL)))
		pr_warn("%s: cannot record the device as seen\n",
			dev_name(&hdev->dev));
	mutex_unlock(&hbf_lock);
	for (i = 0; i < hbf_nr_fixes; i++)
		hbf_try_fix(hdev, hbf_fixes[i], before_probe, false);
}

static void hbf_forget_device(struct hid_device *hdev)
{
	struct hbf_attachment *a, *tmp;
	LIST_HEAD(drop);

	mutex_lock(&hbf_lock);
	xa_erase(&hbf_seen, hdev->id);
	list_for_each_entry_safe(a, tmp, &hbf_attachments, node) {
		if (a->hdev != hdev)
			continue;
		hbf_take(a, &drop);
		a->removed = true;
	}
	if (!list_empty(&drop))
		hbf_maybe_unload();
	mutex_unlock(&hbf_lock);
	hbf_drop(&drop, "device removed");
}

static int hbf_notify(struct notifier_block *nb, unsigned long action,
		      void *data)
{
	struct hid_device *hdev = to_hid_device(data);

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		/* before device_add() probes a driver: fix it first */
		hbf_fix_device(hdev, true);
		break;
	case BUS_NOTIFY_DEL_DEVICE:
		hbf_forget_device(hdev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block hbf_nb = {
	.notifier_call = hbf_notify,
};

static int hbf_walk_one(struct device *dev, void *data)
{
	struct hbf_fix *only = data;
	struct hid_device *hdev = to_hid_device(dev);

	if (only)
		hbf_try_fix(hdev, only, false, true);
	else
		hbf_fix_device(hdev, false);
	return 0;
}

static void hbf_walk(struct hbf_fix *only)
{
	bus_for_each_dev(&hid_bus_type, NULL, only, hbf_walk_one);
}

/*
 * Another loader registered HID-BPF ops somewhere (coexist.c saw it): on
 * every device where the module's fixes are not alone any more, let go of
 * them; the other loader keeps the device. Entries still attaching count
 * as the module's: their own check after registering covers them.
 */
static void hbf_yield_fn(struct work_struct *work)
{
	struct hbf_attachment *a, *b, *tmp;
	LIST_HEAD(drop);
	unsigned int ours;

	mutex_lock(&hbf_lock);
	/*
	 * Once a device carries a program of another loader, every fix of ours
	 * on it goes: moving one to @drop lowers @ours for the next one on the
	 * same device, but its registration still counts in hbf_ops_count().
	 */
	list_for_each_entry_safe(a, tmp, &hbf_attachments, node) {
		if (!a->attached)
			continue;
		ours = 0;
		list_for_each_entry(b, &hbf_attachments, node)
			if (b->hdev == a->hdev)
				ours++;
		if (hbf_ops_count(a->hdev) <= ours)
			continue;
		pr_warn("%s: another HID-BPF program was attached to the device (udev-hid-bpf?): %s lets it have the device, fixes do not stack\n",
			dev_name(&a->hdev->dev), a->fix->name);
		list_move_tail(&a->node, &drop);
	}
	hbf_maybe_unload();
	mutex_unlock(&hbf_lock);
	hbf_drop(&drop, "another HID-BPF program attached");
}

static DECLARE_WORK(hbf_yield_work, hbf_yield_fn);

/**
 * hbf_yield_check() - look for fixes that are not alone on their device
 *
 * Called from coexist.c's kretprobe, in any context, whenever HID-BPF ops
 * were registered.
 */
void hbf_yield_check(void)
{
	queue_work(system_percpu_wq, &hbf_yield_work);
}

/* A device a driver probed while the notifier attached: attach after it. */
static void hbf_rewalk_fn(struct work_struct *work)
{
	hbf_walk(NULL);
}

/*
 * kstrtobool() looks at the first characters only: "1" followed by a page
 * of anything would read as on. Take the words it knows, whole.
 */
static int hbf_parse_bool(const struct kernel_param *kp, const char *val,
			  bool *on)
{
	size_t len = strcspn(val, "\n");

	if (len > sizeof("false") - 1) {
		pr_err("%s: '%.16s...' is not a boolean\n", kp->name, val);
		return -EINVAL;
	}
	if (kstrtobool(val, on)) {
		pr_err("%s: '%.*s' is not a boolean\n", kp->name, (int)len, val);
		return -EINVAL;
	}
	return 0;
}

static int hbf_fix_param_set(const char *val, const struct kernel_param *kp)
{
	struct hbf_fix *fix = kp->arg;
	struct hbf_attachment *a, *tmp;
	LIST_HEAD(drop);
	bool on;
	int err;

	err = hbf_parse_bool(kp, val, &on);
	if (err)
		return err;
	WRITE_ONCE(fix->enabled, on);

	/* At load time (or on the kernel command line) just record it. */
	mutex_lock(&hbf_lock);
	if (!hbf_running) {
		mutex_unlock(&hbf_lock);
		return 0;
	}
	if (!on) {
		list_for_each_entry_safe(a, tmp, &hbf_attachments, node) {
			if (a->fix != fix)
				continue;
			hbf_take(a, &drop);
		}
		hbf_maybe_unload();
	}
	mutex_unlock(&hbf_lock);

	if (on) {
		/* what an earlier "off" let go of must be gone first */
		hbf_drop_flush();
		hbf_walk(fix);
	} else {
		hbf_drop(&drop, "turned off");
	}
	return 0;
}

static int hbf_fix_param_get(char *buffer, const struct kernel_param *kp)
{
	const struct hbf_fix *fix = kp->arg;

	return sysfs_emit(buffer, "%c\n", READ_ONCE(fix->enabled) ? 'Y' : 'N');
}

const struct kernel_param_ops hbf_fix_param_ops = {
	.set = hbf_fix_param_set,
	.get = hbf_fix_param_get,
};

/*
 * Going away with nothing to fix leaves a window: a device added after our
 * notifier is gone, while the module is still COMING or GOING, has its
 * udev modprobe skipped ("already loaded") or refused (-EBUSY). So every
 * exit with nothing to fix starts this helper, with the devices the
 * instance saw ($2). It waits until no instance is loading or unloading
 * (a live one has walked the bus: nothing to do), then loads the module
 * again if a device it did not see has a modalias of ours. The new
 * instance's own exit does the same with its own list, which holds every
 * device present, so this ends. In "rmmod" mode ($1) it removes the
 * module first: there is no call for a module to remove itself.
 */
static const char hbf_helper_script[] =
	"exec </dev/null >/dev/null 2>&1; "
	"m=$0; [ \"$1\" = rmmod ] && { rmmod $m || exit 0; }; "
	"while s=$(grep \"^$m \" /proc/modules); do case $s in *Live*) exit 0;; "
	"esac; sleep 0.1; done; "
	"for d in /sys/bus/hid/devices/*; do n=\" ${d##*.} \"; "
	"case \" $2 \" in *\"$n\"*) continue;; esac; "
	"a=$(cat $d/modalias) || continue; "
	"modprobe -bqR \"$a\" | grep -qx $m || continue; "
	"exec modprobe -bq $m; done";

/*
 * The devices in hbf_seen, as the hex suffixes of their names
 * ("0003:05F3:0405.001A"), space separated. Called with hbf_lock held.
 */
static char *hbf_seen_list(void)
{
	unsigned long id, n = 0;
	size_t len, off = 0;
	void *entry;
	char *list;

	lockdep_assert_held(&hbf_lock);
	xa_for_each(&hbf_seen, id, entry)
		n++;
	len = n * 11 + 1;	/* "%04lX " of an unsigned int, and a NUL */
	list = kmalloc(len, GFP_KERNEL);
	if (!list)
		return NULL;
	list[0] = '\0';
	xa_for_each(&hbf_seen, id, entry)
		off += scnprintf(list + off, len - off, "%04lX ", id);
	return list;
}

/*
 * Start hbf_helper_script in @mode ("rmmod" or "wait") with @seen, and
 * wait for its exec only: the strings it gets are in module memory. Frees
 * @seen.
 */
static int hbf_helper(char *mode, char *seen)
{
	char **argv;
	int err;

	argv = kcalloc(10, sizeof(*argv), GFP_KERNEL);
	if (!argv || !seen) {
		err = -ENOMEM;
		goto out;
	}
	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = (char *)hbf_helper_script;
	argv[3] = KBUILD_MODNAME;
	argv[4] = mode;
	argv[5] = seen;
	/* argv[6] ends it; the environment follows */
	argv[7] = "HOME=/";
	argv[8] = "PATH=/sbin:/usr/sbin:/bin:/usr/bin";
	err = call_usermodehelper(argv[0], argv, argv + 7, UMH_WAIT_EXEC);
out:
	kfree(argv);
	kfree(seen);
	return err;
}

/* Whether an rmmod now would fail: someone holds a module reference. */
static bool hbf_in_use(void)
{
#ifdef MODULE
	return module_refcount(THIS_MODULE) > 0;
#else
	return true;
#endif
}

static void hbf_unload_fn(struct work_struct *work)
{
	bool first;
	char *seen;
	int err;

	mutex_lock(&hbf_lock);
	/*
	 * Still here after asking: if the module is in use (a debugfs file
	 * open), that rmmod failed; take the devices that came meanwhile,
	 * then ask again if there is still nothing to fix. Otherwise the
	 * rmmod may just not have run yet: taking a device now would get it
	 * detached by it.
	 */
	if (hbf_unloading && hbf_running &&
	    (hbf_resident() || hbf_in_use())) {
		hbf_unloading = false;
		mutex_unlock(&hbf_lock);
		hbf_walk(NULL);
		mutex_lock(&hbf_lock);
	}
	if (!hbf_running || hbf_resident() ||
	    !list_empty(&hbf_attachments)) {
		mutex_unlock(&hbf_lock);
		return;
	}
	seen = hbf_seen_list();
	first = !hbf_unloading;
	hbf_unloading = true;
	mutex_unlock(&hbf_lock);

	if (first)
		pr_info("no device left to fix, unloading\n");
	err = hbf_helper("rmmod", seen);
	if (err && first)
		pr_warn("cannot run rmmod to unload (%d), will try again\n", err);
	/*
	 * rmmod fails while the module is in use (a debugfs file open): ask
	 * again later. hbf_exit() cancels this; an attach makes it a no-op.
	 */
	schedule_delayed_work(&hbf_unload_work, HBF_UNLOAD_RETRY);
}

static void hbf_stop(struct list_head *drop)
{
	mutex_lock(&hbf_lock);
	hbf_running = false;
	list_splice_init(&hbf_attachments, drop);
	xa_destroy(&hbf_seen);
	mutex_unlock(&hbf_lock);
}

static bool hbf_idle(void)
{
	bool idle;

	mutex_lock(&hbf_lock);
	idle = list_empty(&hbf_attachments);
	mutex_unlock(&hbf_lock);
	return idle;
}

/*
 * Stop following the bus, and let go of everything; no notifier call, no
 * parameter write and no walk of ours but the unload work's runs when
 * this is called. Nothing
 * queued by this instance runs after it returns.
 */
static void hbf_shutdown(const char *why)
{
	LIST_HEAD(drop);

	/*
	 * The unload work may walk the bus (see hbf_unload_fn()): it must be
	 * done before hbf_stop() takes every entry as attached. Once
	 * hbf_running is false nothing queues it again.
	 */
	cancel_delayed_work_sync(&hbf_unload_work);
	hbf_stop(&drop);
	cancel_delayed_work_sync(&hbf_unload_work);
	hbf_drop(&drop, why);
	hbf_drop_flush();
}

/*
 * With nothing to fix, take the classic driver way out, unless the
 * notifier attached something while it was being removed: then follow
 * the bus again. Returns -ENODEV when init must fail; on any error the
 * notifier is no longer registered.
 */
static int hbf_settle_idle(void)
{
	char *seen = NULL;
	bool idle;
	int err;

	bus_unregister_notifier(&hid_bus_type, &hbf_nb);
	cancel_work_sync(&hbf_rewalk_work);
	mutex_lock(&hbf_lock);
	idle = list_empty(&hbf_attachments);
	if (idle) {
		seen = hbf_seen_list();
		hbf_running = false;
	}
	mutex_unlock(&hbf_lock);
	if (!idle) {
		err = bus_register_notifier(&hid_bus_type, &hbf_nb);
		if (!err)
			hbf_walk(NULL);
		return err;
	}
	pr_info("no device to fix (resident=1 keeps the module loaded)\n");
	err = hbf_helper("wait", seen);
	if (err)
		pr_warn("cannot start the helper that catches a device added while the module fails to load (%d)\n",
			err);
	return -ENODEV;
}

static int __init hbf_init(void)
{
	int err;

	err = hbf_attach_init();
	if (err)
		return err;
	hbf_timing_init();
	hbf_coexist_init();

	/*
	 * The parameter files exist before init runs: a write waits until
	 * init is done, or the walk it starts would race init's own.
	 */
	kernel_param_lock(THIS_MODULE);
	mutex_lock(&hbf_lock);
	hbf_running = true;
	mutex_unlock(&hbf_lock);
	err = bus_register_notifier(&hid_bus_type, &hbf_nb);
	if (!err) {
		hbf_walk(NULL);
		if (!hbf_resident() && hbf_idle())
			err = hbf_settle_idle();
	}
	/* on failure the notifier is not registered (any more) */
	if (err) {
		hbf_coexist_exit();
		cancel_work_sync(&hbf_yield_work);
		hbf_shutdown("module failed to load");
		hbf_timing_exit();
		hbf_attach_exit();
	}
	kernel_param_unlock(THIS_MODULE);
	if (!err)
		hbf_status_init();
	return err;
}

static void __exit hbf_exit(void)
{
	/* No notifier call, walk or parameter write runs after this. */
	bus_unregister_notifier(&hid_bus_type, &hbf_nb);
	cancel_work_sync(&hbf_rewalk_work);
	hbf_coexist_exit();
	cancel_work_sync(&hbf_yield_work);
	kernel_param_lock(THIS_MODULE);
	hbf_shutdown("module removed");
	kernel_param_unlock(THIS_MODULE);
	hbf_timing_exit();
	hbf_attach_exit();
	hbf_status_exit();
}

#ifdef MODULE
module_init(hbf_init);
#else
/*
 * Built in, init must run after HID-BPF registers struct hid_bpf_ops
 * (a late_initcall); devices added later reach the notifier.
 */
late_initcall_sync(hbf_init);
#endif
module_exit(hbf_exit);

MODULE_DESCRIPTION("Fixes for HID devices, as HID-BPF programs loaded from the kernel");
MODULE_LICENSE("GPL");
HBF_IMPORT_BPF_NS();
