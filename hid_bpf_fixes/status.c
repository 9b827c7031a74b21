// SPDX-License-Identifier: GPL-2.0
/*
 * A read-only view of what the module does, in debugfs:
 *
 *   /sys/kernel/debug/hid_bpf_fixes/attached
 *	one line per attached fix: device, fix, link id
 *   /sys/kernel/debug/hid_bpf_fixes/fixes
 *	one line per embedded fix: name, enabled, load error, devices served
 *   /sys/kernel/debug/hid_bpf_fixes/timings
 *	with timings=1: where the last attaches spent their time (timing.c)
 */
#include <linux/bpf.h>
#include <linux/debugfs.h>
#include <linux/hid.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>

#include "hbf.h"

static struct dentry *hbf_debugfs;

static int hbf_attached_show(struct seq_file *m, void *v)
{
	struct hbf_attachment *a;

	mutex_lock(&hbf_lock);
	list_for_each_entry(a, &hbf_attachments, node) {
		if (!a->attached)
			continue;
		if (a->own.link)
			seq_printf(m, "%s %s link=%u\n", dev_name(&a->hdev->dev),
				   a->fix->name, a->own.link->id);
		else
			seq_printf(m, "%s %s map=%u\n", dev_name(&a->hdev->dev),
				   a->fix->name, a->own.map->id);
	}
	mutex_unlock(&hbf_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hbf_attached);

static void hbf_show_id(struct seq_file *m, const struct hid_device_id *id)
{
	if (id->bus == HID_BUS_ANY)
		seq_puts(m, " b*");
	else
		seq_printf(m, " b%04X", id->bus);
	if (id->group == HID_GROUP_ANY)
		seq_puts(m, "g*");
	else
		seq_printf(m, "g%04X", id->group);
	if (id->vendor == HID_ANY_ID)
		seq_puts(m, "v*");
	else
		seq_printf(m, "v%08X", id->vendor);
	if (id->product == HID_ANY_ID)
		seq_puts(m, "p*");
	else
		seq_printf(m, "p%08X", id->product);
}

static int hbf_fixes_show(struct seq_file *m, void *v)
{
	const struct hid_device_id *id;
	unsigned int i;

	for (i = 0; i < hbf_nr_fixes; i++) {
		const struct hbf_fix *fix = hbf_fixes[i];

		seq_printf(m, "%s enabled=%c load_err=%d devices:", fix->name,
			   READ_ONCE(fix->enabled) ? 'Y' : 'N',
			   READ_ONCE(fix->load_err));
		for (id = fix->ids; id->bus; id++)
			hbf_show_id(m, id);
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hbf_fixes);

/**
 * hbf_status_init() - create the debugfs view
 *
 * Errors are ignored, as debugfs users should: the module works without.
 */
void hbf_status_init(void)
{
	hbf_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("attached", 0444, hbf_debugfs, NULL,
			    &hbf_attached_fops);
	debugfs_create_file("fixes", 0444, hbf_debugfs, NULL, &hbf_fixes_fops);
	hbf_timing_debugfs(hbf_debugfs);
}

/**
 * hbf_status_exit() - remove the debugfs view
 */
void hbf_status_exit(void)
{
	debugfs_remove_recursive(hbf_debugfs);
	hbf_debugfs = NULL;
}
