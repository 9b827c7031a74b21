// SPDX-License-Identifier: GPL-2.0
/*
 * hid-bpf-fixes: fix broken HID devices with HID-BPF, from the kernel.
 *
 * The module follows the HID bus. For every device one of its embedded
 * fixes serves, it loads a fresh instance of that fix, lets the fix's probe
 * look at the device's report descriptor, and attaches the fix's struct
 * hid_bpf_ops: through a struct_ops link it owns, or, for a device not yet
 * probed, through a registered struct_ops map it owns (skel.c says why).
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

#include "compat.h"
#include "hbf.h"

static bool resident;
module_param(resident, bool, 0644);
MODULE_PARM_DESC(resident,
		 "Stay loaded with no device to fix (default: off, the module removes itself and udev loads it again when a device it fixes appears)");

/* hbf_lock guards hbf_attachments and hbf_running. */
DEFINE_MUTEX(hbf_lock);
LIST_HEAD(hbf_attachments);
static bool hbf_running;

static void hbf_unload_fn(struct work_struct *work);
static DECLARE_WORK(hbf_unload_work, hbf_unload_fn);

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

static void hbf_free(struct hbf_attachment *a)
{
	put_device(&a->hdev->dev);
	kfree(a);
}

/* What the module owns for @a, for the log: "link 7" or "map 12". */
static const char *hbf_kind(const struct hbf_attachment *a)
{
	return a->own.link ? "link" : "map";
}

static u32 hbf_id(const struct hbf_attachment *a)
{
	return a->own.link ? a->own.link->id : a->own.map->id;
}

/*
 * Release what the entries on hbf_releasing own, in a work item: a map
 * registered without a link needs an fd and CAP_SYS_ADMIN to be
 * unregistered, which the task that unplugged a device may not have.
 */
static LIST_HEAD(hbf_releasing);

static void hbf_release_fn(struct work_struct *work)
{
	struct hbf_attachment *a, *tmp;
	LIST_HEAD(list);

	mutex_lock(&hbf_lock);
	list_splice_init(&hbf_releasing, &list);
	mutex_unlock(&hbf_lock);
	list_for_each_entry_safe(a, tmp, &list, node) {
		list_del(&a->node);
		hbf_skel_release(&a->own);
		hbf_free(a);
	}
}

static DECLARE_WORK(hbf_release_work, hbf_release_fn);

/* Detach the entries on @list, which are already off hbf_attachments. */
static void hbf_drop(struct list_head *list, const char *why)
{
	struct hbf_attachment *a;

	if (list_empty(list))
		return;
	list_for_each_entry(a, list, node)
		pr_info("%s: %s detached (%s %u, %s)\n", dev_name(&a->hdev->dev),
			a->fix->name, hbf_kind(a), hbf_id(a), why);
	mutex_lock(&hbf_lock);
	list_splice_tail_init(list, &hbf_releasing);
	mutex_unlock(&hbf_lock);
	schedule_work(&hbf_release_work);
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

/* Called with hbf_lock held after a device went away. */
static void hbf_maybe_unload(void)
{
	lockdep_assert_held(&hbf_lock);
	if (hbf_running && !READ_ONCE(resident) &&
	    list_empty(&hbf_attachments))
		schedule_work(&hbf_unload_work);
}

/* Attach @fix to @hdev if it serves it, unless it is already there. */
static void hbf_try_fix(struct hid_device *hdev, struct hbf_fix *fix,
			bool before_probe)
{
	struct hbf_attachment *a;
	LIST_HEAD(drop);
	int err;

	if (!READ_ONCE(fix->enabled) || READ_ONCE(fix->load_err) ||
	    !hid_match_id(hdev, fix->ids))
		return;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return;
	mutex_lock(&hbf_lock);
	if (!hbf_running || hbf_find(hdev, fix)) {
		mutex_unlock(&hbf_lock);
		kfree(a);
		return;
	}
	get_device(&hdev->dev);
	a->hdev = hdev;
	a->fix = fix;
	list_add_tail(&a->node, &hbf_attachments);
	mutex_unlock(&hbf_lock);

	if (READ_ONCE(hdev->bpf.destroyed))
		err = -ENODEV;
	else
		err = hbf_skel_attach(fix, hdev, before_probe, &a->own);

	mutex_lock(&hbf_lock);
	if (!err && !a->cancel && hbf_running && READ_ONCE(fix->enabled)) {
		a->attached = true;
		mutex_unlock(&hbf_lock);
		pr_info("%s: %s attached (%s %u%s)\n", dev_name(&hdev->dev),
			fix->name, hbf_kind(a), hbf_id(a),
			before_probe ? ", before the first probe" : "");
		return;
	}
	list_del(&a->node);
	if (a->removed)
		hbf_maybe_unload();
	mutex_unlock(&hbf_lock);

	if (!err) {
		list_add(&a->node, &drop);
		hbf_drop(&drop, a->removed ? "device removed" : "turned off");
		return;
	}
	if (err == -ENODEV && !a->removed)
		pr_info("%s: %s not attached: its probe does not recognise the report descriptor\n",
			dev_name(&hdev->dev), fix->name);
	hbf_free(a);
}

static void hbf_fix_device(struct hid_device *hdev, bool before_probe)
{
	unsigned int i;

	for (i = 0; i < hbf_nr_fixes; i++)
		hbf_try_fix(hdev, hbf_fixes[i], before_probe);
}

static void hbf_forget_device(struct hid_device *hdev)
{
	struct hbf_attachment *a, *tmp;
	LIST_HEAD(drop);

	mutex_lock(&hbf_lock);
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
		hbf_try_fix(hdev, only, false);
	else
		hbf_fix_device(hdev, false);
	return 0;
}

static void hbf_walk(struct hbf_fix *only)
{
	bus_for_each_dev(&hid_bus_type, NULL, only, hbf_walk_one);
}

static int hbf_fix_param_set(const char *val, const struct kernel_param *kp)
{
	struct hbf_fix *fix = kp->arg;
	struct hbf_attachment *a, *tmp;
	LIST_HEAD(drop);
	bool on;
	int err;

	err = kstrtobool(val, &on);
	if (err) {
		pr_err("%s: '%s' is not a boolean\n", kp->name, val);
		return err;
	}
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
	}
	mutex_unlock(&hbf_lock);

	if (on)
		hbf_walk(fix);
	else
		hbf_drop(&drop, "turned off");
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
 * Remove the module from a usermode helper, then load it again: a device
 * that appeared while the module was on its way out is found by the new
 * instance's bus walk, so no device is missed. If there is still nothing
 * to fix, the new instance's init returns -ENODEV and the module stays out.
 */
static const char hbf_unload_shell[] = "/bin/sh -c script";
static const char hbf_unload_script[] =
	"rmmod " KBUILD_MODNAME " && modprobe -q " KBUILD_MODNAME;
static const char hbf_unload_env[] = "HOME=/ PATH=/sbin:/usr/sbin:/bin:/usr/bin";

static void hbf_unload_fn(struct work_struct *work)
{
	char **argv = NULL, **envp = NULL;
	bool unload;
	int err;

	mutex_lock(&hbf_lock);
	unload = hbf_running && !READ_ONCE(resident) &&
		 list_empty(&hbf_attachments);
	mutex_unlock(&hbf_lock);
	if (!unload)
		return;

	pr_info("no device left to fix, unloading\n");
	argv = argv_split(GFP_KERNEL, hbf_unload_shell, NULL);
	envp = argv_split(GFP_KERNEL, hbf_unload_env, NULL);
	if (argv && envp) {
		argv[2] = (char *)hbf_unload_script;	/* argv_free() skips it */
		err = call_usermodehelper(argv[0], argv, envp, UMH_WAIT_EXEC);
	} else {
		err = -ENOMEM;
	}
	if (argv)
		argv_free(argv);
	if (envp)
		argv_free(envp);
	if (err)
		pr_warn("cannot run rmmod to unload (%d), staying loaded\n", err);
}

static void hbf_stop(struct list_head *drop)
{
	mutex_lock(&hbf_lock);
	hbf_running = false;
	list_splice_init(&hbf_attachments, drop);
	mutex_unlock(&hbf_lock);
}

static int __init hbf_init(void)
{
	LIST_HEAD(drop);
	bool empty;
	int err;

	err = hbf_skel_init();
	if (err)
		return err;

	mutex_lock(&hbf_lock);
	hbf_running = true;
	mutex_unlock(&hbf_lock);

	err = bus_register_notifier(&hid_bus_type, &hbf_nb);
	if (err) {
		hbf_stop(&drop);
		return err;
	}
	hbf_walk(NULL);

	if (resident)
		goto out;

	/*
	 * Nothing to fix: take the classic driver way out. A device that
	 * shows up while the notifier goes away is attached by the notifier
	 * or found by the walk below, and then the module stays.
	 */
	mutex_lock(&hbf_lock);
	empty = list_empty(&hbf_attachments);
	mutex_unlock(&hbf_lock);
	if (!empty)
		goto out;
	bus_unregister_notifier(&hid_bus_type, &hbf_nb);
	mutex_lock(&hbf_lock);
	empty = list_empty(&hbf_attachments);
	mutex_unlock(&hbf_lock);
	if (empty) {
		hbf_stop(&drop);
		pr_info("no device to fix (resident=1 keeps the module loaded)\n");
		return -ENODEV;
	}
	err = bus_register_notifier(&hid_bus_type, &hbf_nb);
	if (err) {
		hbf_stop(&drop);
		hbf_drop(&drop, "module failed to load");
		flush_work(&hbf_release_work);
		return err;
	}
	hbf_walk(NULL);
out:
	hbf_status_init();
	return 0;
}

static void __exit hbf_exit(void)
{
	LIST_HEAD(drop);

	/* No notifier call and no parameter write is running after this. */
	bus_unregister_notifier(&hid_bus_type, &hbf_nb);
	kernel_param_lock(THIS_MODULE);
	hbf_stop(&drop);
	kernel_param_unlock(THIS_MODULE);
	cancel_work_sync(&hbf_unload_work);
	hbf_status_exit();
	hbf_drop(&drop, "module removed");
	flush_work(&hbf_release_work);
}

module_init(hbf_init);
module_exit(hbf_exit);

MODULE_DESCRIPTION("Fixes for HID devices, as HID-BPF programs loaded from the kernel");
MODULE_LICENSE("GPL");
HBF_IMPORT_BPF_NS();
