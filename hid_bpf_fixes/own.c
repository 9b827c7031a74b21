// SPDX-License-Identifier: GPL-2.0
/*
 * Ownership and release: what keeps an attached fix alive (a link or a
 * registered struct_ops map, and the files of the fix's maps), and letting
 * go of it, in the module's release work item.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/device.h>
#include <linux/file.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/hid.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "hbf.h"
#include "lskel.h"

/**
 * hbf_hold_maps() - take the files of a loaded instance's maps
 * @fix: the fix
 * @maps: the instance's map fds
 * @own: where the files go
 *
 * A map's BPF timers and workqueues are cancelled and freed when its last
 * user reference goes (map_release_uref), and a program array empties:
 * the references programs hold on their maps do not count. A userspace
 * loader keeps its skeleton's map fds open, or pins the maps, for as long
 * as the fix is attached. The module does the same with the files behind
 * the map fds the loader handed out, for every fix: a map without such
 * objects costs one struct file.
 *
 * Return: 0 or a negative errno; nothing is held on failure.
 */
int hbf_hold_maps(struct hbf_fix *fix, const struct hbf_map_desc *maps,
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

/**
 * hbf_put_maps() - drop the files hbf_hold_maps() took
 * @own: their owner
 */
void hbf_put_maps(struct hbf_owned *own)
{
	int i;

	for (i = 0; i < own->nr_map_files; i++)
		fput(own->map_files[i]);
	kfree(own->map_files);
	own->map_files = NULL;
	own->nr_map_files = 0;
}

/* Unregister a struct_ops map registered without a link. */
static int hbf_unregister_map(struct hbf_owned *own)
{
	struct hbf_low_fds *low;
	union bpf_attr attr;
	u32 key = 0;
	int fd, err;

	low = hbf_hold_low_fds();
	memset(&attr, 0, sizeof(attr));
	attr.map_id = own->map->id;
	fd = kern_sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr,
			  offsetofend(union bpf_attr, open_flags));
	if (fd >= 0) {
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = (unsigned long)&key;
		err = kern_sys_bpf(BPF_MAP_DELETE_ELEM, &attr,
				   offsetofend(union bpf_attr, flags));
		hbf_close(fd);
	} else {
		err = fd;
	}
	hbf_release_low_fds(low);
	return err;
}

/*
 * A map registered before the device's first probe, while that probe has
 * not happened: unregister it as if it had never been there. The device
 * lock keeps the probe out meanwhile (a probe running while HID-BPF
 * forgets a descriptor fix parses a descriptor being reset), and the
 * pending-reprobe mark keeps HID-BPF from reprobing a device no driver
 * has seen. A device already probed is reprobed by HID-BPF, as usual.
 */
static int hbf_unregister_unprobed(struct hbf_owned *own,
				   struct hid_device *hdev)
{
	bool held = false;
	int err;

	device_lock(&hdev->dev);
	if (hdev->dev.driver) {
		device_unlock(&hdev->dev);
		return hbf_unregister_map(own);
	}
	held = !test_and_set_bit(ffs(HID_STAT_REPROBED), &hdev->status);
	err = hbf_unregister_map(own);
	if (held)
		clear_bit(ffs(HID_STAT_REPROBED), &hdev->status);
	device_unlock(&hdev->dev);
	return err;
}

/**
 * hbf_release() - give up what hbf_attach() handed out
 * @own: a link, or a registered struct_ops map, and the fix's map files
 * @hdev: the device it was attached to, referenced by the caller
 *
 * The fix is unregistered before this returns: a link is detached (its
 * last reference would only be dropped from a work item of the BPF core,
 * and a new attach to the same device would meet it), a map registered
 * without a link has its element deleted, which takes an fd: call this
 * where fds may be created and CAP_SYS_ADMIN held (the module's work
 * item). The fix's maps go last: dropping their user references cancels
 * what is pending on their timers and workqueues, and a program still
 * running can no longer arm one: bpf_timer_init() and
 * bpf_timer_set_callback() refuse a map with no user reference. From a
 * kernel thread the final fput() is deferred; it runs only BPF code, none
 * of this module.
 */
void hbf_release(struct hbf_owned *own, struct hid_device *hdev)
{
	int err;

	if (own->link) {
		/* what BPF_LINK_DETACH does; the link is freed later */
		if (own->link->ops->detach)
			own->link->ops->detach(own->link);
		bpf_link_put(own->link);
		own->link = NULL;
	}
	if (own->map) {
		err = hbf_unregister_unprobed(own, hdev);
		if (err)
			pr_err("%s: cannot unregister struct_ops map %u (%d): it stays registered\n",
			       dev_name(&hdev->dev), own->map->id, err);
		bpf_map_put(own->map);
		own->map = NULL;
	}
	hbf_put_maps(own);
}

/**
 * hbf_free() - free an entry that owns nothing
 * @a: the entry, off every list
 */
void hbf_free(struct hbf_attachment *a)
{
	put_device(&a->hdev->dev);
	kfree(a);
}

/**
 * hbf_kind() - what the module owns for an attached entry, for the log
 * @a: the entry
 *
 * Return: "link" or "map", to print with hbf_id().
 */
const char *hbf_kind(const struct hbf_attachment *a)
{
	return a->own.link ? "link" : "map";
}

/**
 * hbf_id() - the BPF id of what the module owns for an attached entry
 * @a: the entry
 *
 * Return: the link's or the map's id.
 */
u32 hbf_id(const struct hbf_attachment *a)
{
	return a->own.link ? a->own.link->id : a->own.map->id;
}

/*
 * Release what the entries on hbf_releasing own, in a work item: a map
 * registered without a link needs an fd and CAP_SYS_ADMIN to be
 * unregistered, which the task that unplugged a device may not have.
 * hbf_releasing is under hbf_lock; an entry on it belongs to the work
 * item alone (it is off hbf_attachments, so nobody else finds it).
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
		hbf_release(&a->own, a->hdev);
		hbf_free(a);
	}
}

static DECLARE_WORK(hbf_release_work, hbf_release_fn);

/**
 * hbf_drop() - detach entries, in the release work item
 * @list: attached entries, already off hbf_attachments; emptied
 * @why: for the log
 */
void hbf_drop(struct list_head *list, const char *why)
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

/**
 * hbf_drop_flush() - wait until every entry handed to hbf_drop() is released
 */
void hbf_drop_flush(void)
{
	flush_work(&hbf_release_work);
}
