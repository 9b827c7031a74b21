// SPDX-License-Identifier: GPL-2.0
/*
 * uhid devices and what the kernel makes of them: the HID device in sysfs,
 * its report descriptor, its hidraw node and its evdev nodes.
 *
 * Each device is recognised in sysfs by its HID_PHYS (a token unique to
 * this process), so tests may create many devices with the same IDs.
 * A thread per device answers the kernel's GET_REPORT/SET_REPORT requests
 * (with an error) so that a driver asking for a report never waits for
 * its timeout, and records the output reports the kernel sends.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/input.h>
#include <linux/uhid.h>

#include "hbf.h"

#define HID_DEVICES	"/sys/bus/hid/devices"
#define UHID_PARENT	"/sys/devices/virtual/misc/uhid"
#define HBF_FRAME_TAIL_MS	50	/* more frames of the same report */

static int uhid_write(int fd, const struct uhid_event *ev)
{
	ssize_t r = write(fd, ev, sizeof(*ev));

	if (r < 0)
		return -errno;
	return r == sizeof(*ev) ? 0 : -EFAULT;
}

static void *uhid_service(void *arg)
{
	struct hbf_dev *d = arg;
	struct pollfd p = { .fd = d->fd, .events = POLLIN };
	struct uhid_event ev, reply;

	while (!d->stop) {
		if (poll(&p, 1, 50) <= 0)
			continue;
		if (read(d->fd, &ev, sizeof(ev)) <= 0)
			continue;
		memset(&reply, 0, sizeof(reply));
		switch (ev.type) {
		case UHID_GET_REPORT:
			reply.type = UHID_GET_REPORT_REPLY;
			reply.u.get_report_reply.id = ev.u.get_report.id;
			reply.u.get_report_reply.err = EIO;
			uhid_write(d->fd, &reply);
			break;
		case UHID_SET_REPORT:
			reply.type = UHID_SET_REPORT_REPLY;
			reply.u.set_report_reply.id = ev.u.set_report.id;
			reply.u.set_report_reply.err = EIO;
			uhid_write(d->fd, &reply);
			break;
		case UHID_OUTPUT:
			pthread_mutex_lock(&d->out_lock);
			if (d->n_out < HBF_MAX_OUTPUTS) {
				struct hbf_report *r = &d->out[d->n_out++];

				r->len = ev.u.output.size < sizeof(r->data) ?
					 ev.u.output.size : sizeof(r->data);
				memcpy(r->data, ev.u.output.data, r->len);
			}
			pthread_mutex_unlock(&d->out_lock);
			break;
		default:
			break;
		}
	}
	return NULL;
}

/* HID devices whose parent is uhid (there is nothing else in a test VM). */
int hbf_uhid_count(void)
{
	DIR *dir = opendir(UHID_PARENT);
	struct dirent *e;
	int n = 0;

	if (!dir)
		return 0;
	while ((e = readdir(dir)))
		if (strchr(e->d_name, ':') && strchr(e->d_name, '.'))
			n++;
	closedir(dir);
	return n;
}

int hbf_wait_no_uhid(int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();

	while (hbf_uhid_count()) {
		if (hbf_now_ms() > end)
			return -ETIMEDOUT;
		hbf_msleep(20);
	}
	return 0;
}

/* name NULL or "": "hbf test VVVV:PPPP" */
int hbf_dev_create(struct hbf_dev *d, unsigned int bus, unsigned int vendor,
		   unsigned int product, const char *name,
		   const unsigned char *rdesc, size_t len)
{
	static int serial;
	struct uhid_event ev;
	int err;

	memset(d, 0, sizeof(*d));
	d->uev.fd = -1;
	pthread_mutex_init(&d->out_lock, NULL);
	if (len > sizeof(ev.u.create2.rd_data))
		return -E2BIG;
	/* Listening before the device exists: its "bind" cannot be missed. */
	err = hbf_uevents_open(&d->uev);
	if (err)
		return err;
	d->fd = open("/dev/uhid", O_RDWR | O_CLOEXEC);
	if (d->fd < 0) {
		err = -errno;
		hbf_uevents_close(&d->uev);
		return err;
	}
	snprintf(d->phys, sizeof(d->phys), "hbf-test/%d/%d", getpid(), ++serial);

	memset(&ev, 0, sizeof(ev));
	ev.type = UHID_CREATE2;
	if (name && *name)
		snprintf((char *)ev.u.create2.name, sizeof(ev.u.create2.name),
			 "%s", name);
	else
		snprintf((char *)ev.u.create2.name, sizeof(ev.u.create2.name),
			 "hbf test %04X:%04X", vendor, product);
	snprintf((char *)ev.u.create2.phys, sizeof(ev.u.create2.phys), "%s", d->phys);
	ev.u.create2.rd_size = len;
	ev.u.create2.bus = bus;
	ev.u.create2.vendor = vendor;
	ev.u.create2.product = product;
	memcpy(ev.u.create2.rd_data, rdesc, len);
	err = uhid_write(d->fd, &ev);
	if (err) {
		close(d->fd);
		d->fd = -1;
		hbf_uevents_close(&d->uev);
		return err;
	}
	if (pthread_create(&d->thread, NULL, uhid_service, d) == 0)
		d->running = true;
	return 0;
}

static int read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -errno;
	r = read(fd, buf, len - 1);
	close(fd);
	if (r < 0)
		return -errno;
	buf[r] = '\0';
	return r;
}

/* Find the device in sysfs by its HID_PHYS; fills d->sysname. */
int hbf_dev_find(struct hbf_dev *d, int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();
	char want[96], path[512], uevent[4096];
	struct dirent *e;
	DIR *dir;

	snprintf(want, sizeof(want), "HID_PHYS=%s\n", d->phys);
	for (;;) {
		dir = opendir(HID_DEVICES);
		while (dir && (e = readdir(dir))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), HID_DEVICES "/%s/uevent", e->d_name);
			if (read_small(path, uevent, sizeof(uevent)) > 0 &&
			    strstr(uevent, want)) {
				snprintf(d->sysname, sizeof(d->sysname), "%s", e->d_name);
				closedir(dir);
				return 0;
			}
		}
		if (dir)
			closedir(dir);
		if (hbf_now_ms() > end)
			return -ETIMEDOUT;
		hbf_msleep(20);
	}
}

static int first_entry(const char *dirpath, const char *prefix, char *out,
		       size_t len)
{
	DIR *dir = opendir(dirpath);
	struct dirent *e;
	int ret = -ENOENT;

	if (!dir)
		return -errno;
	while ((e = readdir(dir)))
		if (!strncmp(e->d_name, prefix, strlen(prefix))) {
			snprintf(out, len, "%s", e->d_name);
			ret = 0;
			break;
		}
	closedir(dir);
	return ret;
}

/*
 * A driver is bound and done probing, and hidraw is connected (hid-generic
 * does both): input reports written from now on reach the driver (see
 * hbf_uevents_bound()).
 */
bool hbf_dev_bound(struct hbf_dev *d)
{
	char path[256], name[64];

	if (!d->sysname[0] || !hbf_uevents_bound(&d->uev, d->sysname))
		return false;
	snprintf(path, sizeof(path), HID_DEVICES "/%s/driver", d->sysname);
	if (access(path, F_OK))
		return false;
	snprintf(path, sizeof(path), HID_DEVICES "/%s/hidraw", d->sysname);
	return first_entry(path, "hidraw", name, sizeof(name)) == 0;
}

int hbf_dev_wait_bound(struct hbf_dev *d, int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();

	if (!d->sysname[0]) {
		int err = hbf_dev_find(d, timeout_ms);

		if (err)
			return err;
	}
	while (!hbf_dev_bound(d)) {
		if (hbf_now_ms() > end)
			return -ETIMEDOUT;
		hbf_msleep(20);
	}
	return 0;
}

/* The descriptor the HID core parsed (after any fixup). */
ssize_t hbf_dev_rdesc(struct hbf_dev *d, unsigned char *buf, size_t max)
{
	char path[256];
	ssize_t r, n = 0;
	int fd;

	snprintf(path, sizeof(path), HID_DEVICES "/%s/report_descriptor", d->sysname);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((size_t)n < max && (r = read(fd, buf + n, max - n)) > 0)
		n += r;
	close(fd);
	return n;
}

/*
 * Wait until the device is bound with exactly this descriptor. On timeout
 * the last descriptor read is in the message on stderr.
 *
 * The descriptor is read before the binding is checked: when a fix is
 * attached to a bound device, the kernel unbinds it, and the fixed
 * descriptor appears during the new probe, before the new binding is
 * complete. Read the other way round, an old binding seen just before the
 * unbind would pass for the new one, and the caller would open input
 * nodes about to go away.
 */
int hbf_dev_wait_rdesc(struct hbf_dev *d, const unsigned char *want,
		       size_t len, int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();
	unsigned char buf[HBF_RDESC_MAX];
	ssize_t n = -1;
	int err;

	err = hbf_dev_wait_bound(d, timeout_ms);
	if (err) {
		fprintf(stderr, "# %s: %s\n", d->sysname[0] ? d->sysname : d->phys,
			d->sysname[0] ? "no driver bound (with hidraw)" : "not in sysfs");
		return err;
	}
	for (;;) {
		n = hbf_dev_rdesc(d, buf, sizeof(buf));
		if (n == (ssize_t)len && !memcmp(buf, want, len) &&
		    hbf_dev_bound(d))
			return 0;
		if (hbf_now_ms() > end)
			break;
		hbf_msleep(20);
	}
	fprintf(stderr, "# %s: report descriptor (%zd bytes) %s\n", d->sysname,
		n, n > 0 ? hbf_hex(buf, n) : "");
	fprintf(stderr, "# %s: expected (%zu bytes)       %s\n", d->sysname,
		len, hbf_hex(want, len));
	return -ETIMEDOUT;
}

int hbf_dev_input(struct hbf_dev *d, const unsigned char *data, size_t len)
{
	struct uhid_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = UHID_INPUT2;
	if (len > sizeof(ev.u.input2.data))
		return -E2BIG;
	ev.u.input2.size = len;
	memcpy(ev.u.input2.data, data, len);
	return uhid_write(d->fd, &ev);
}

/*
 * device_add() creates a class device's sysfs entry before its /dev node
 * (devtmpfs comes later in it): a hidraw or evdev node of a device just
 * seen bound may not be there yet, so wait a little for it.
 */
static int open_dev_node(const char *path, int flags)
{
	long long end = hbf_now_ms() + 2000LL * hbf_scale();
	int fd;

	while ((fd = open(path, flags | O_CLOEXEC)) < 0 && errno == ENOENT &&
	       hbf_now_ms() < end)
		hbf_msleep(10);
	return fd < 0 ? -errno : fd;
}

int hbf_dev_hidraw_open(struct hbf_dev *d)
{
	char path[256], name[64];
	int err;

	snprintf(path, sizeof(path), HID_DEVICES "/%s/hidraw", d->sysname);
	err = first_entry(path, "hidraw", name, sizeof(name));
	if (err)
		return err;
	snprintf(path, sizeof(path), "/dev/%s", name);
	return open_dev_node(path, O_RDWR | O_NONBLOCK);
}

/* Open every evdev node of the device; returns how many. */
int hbf_dev_evdev_open(struct hbf_dev *d, int *fds, int max)
{
	char path[512], ev[64];
	struct dirent *e;
	DIR *dir;
	int n = 0, fd;

	snprintf(path, sizeof(path), HID_DEVICES "/%s/input", d->sysname);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((e = readdir(dir)) && n < max) {
		char sub[512];

		if (strncmp(e->d_name, "input", 5))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (first_entry(sub, "event", ev, sizeof(ev)))
			continue;
		snprintf(sub, sizeof(sub), "/dev/input/%s", ev);
		fd = open_dev_node(sub, O_RDONLY | O_NONBLOCK);
		if (fd < 0) {
			int err = fd;

			closedir(dir);
			while (n)
				close(fds[--n]);
			return err;
		}
		fds[n++] = fd;
	}
	closedir(dir);
	return n;
}

/* How many output reports the device has received so far. */
int hbf_dev_output_count(struct hbf_dev *d)
{
	int n;

	pthread_mutex_lock(&d->out_lock);
	n = d->n_out;
	pthread_mutex_unlock(&d->out_lock);
	return n;
}

/* Wait for an output report equal to @want, among those from the @from'th. */
int hbf_dev_wait_output(struct hbf_dev *d, int from, const unsigned char *want,
			size_t len, int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();
	bool found;
	int i;

	for (;;) {
		pthread_mutex_lock(&d->out_lock);
		for (i = from, found = false; i < d->n_out && !found; i++)
			found = d->out[i].len == len &&
				!memcmp(d->out[i].data, want, len);
		pthread_mutex_unlock(&d->out_lock);
		if (found)
			return 0;
		if (hbf_now_ms() > end)
			return -ETIMEDOUT;
		hbf_msleep(10);
	}
}

void hbf_dev_destroy(struct hbf_dev *d)
{
	struct uhid_event ev;

	if (d->fd <= 0)
		return;
	d->stop = true;
	if (d->running)
		pthread_join(d->thread, NULL);
	d->running = false;
	memset(&ev, 0, sizeof(ev));
	ev.type = UHID_DESTROY;
	uhid_write(d->fd, &ev);
	close(d->fd);
	d->fd = -1;
	hbf_uevents_close(&d->uev);
}

int hbf_dev_wait_gone(const char *sysname, int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();
	char path[256];

	snprintf(path, sizeof(path), HID_DEVICES "/%s", sysname);
	while (!access(path, F_OK)) {
		if (hbf_now_ms() > end)
			return -ETIMEDOUT;
		hbf_msleep(20);
	}
	return 0;
}

ssize_t hbf_read_timeout(int fd, void *buf, size_t len, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r = poll(&p, 1, timeout_ms * hbf_scale());
	ssize_t n;

	if (r < 0)
		return -errno;
	if (r == 0)
		return -ETIMEDOUT;
	n = read(fd, buf, len);
	return n < 0 ? -errno : n;
}

#define BITS_LONG	(8 * sizeof(long))
#define NLONGS(n)	(((n) + BITS_LONG - 1) / BITS_LONG)

static bool test_bit(const unsigned long *bits, int n)
{
	return bits[n / BITS_LONG] >> (n % BITS_LONG) & 1;
}

/* Any of the nodes has this type (code -1) or this code of this type. */
bool hbf_evdev_has(const int *fds, int n, int type, int code)
{
	unsigned long bits[NLONGS(KEY_CNT)];
	int i;

	for (i = 0; i < n; i++) {
		memset(bits, 0, sizeof(bits));
		if (code < 0) {
			if (ioctl(fds[i], EVIOCGBIT(0, sizeof(bits)), bits) >= 0 &&
			    test_bit(bits, type))
				return true;
			continue;
		}
		if (ioctl(fds[i], EVIOCGBIT(type, sizeof(bits)), bits) >= 0 &&
		    code < (int)(8 * sizeof(bits)) && test_bit(bits, code))
			return true;
	}
	return false;
}

int hbf_evdev_absinfo(const int *fds, int n, int code, struct input_absinfo *ai)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!hbf_evdev_has(&fds[i], 1, EV_ABS, code))
			continue;
		if (ioctl(fds[i], EVIOCGABS(code), ai) < 0)
			return -errno;
		return 0;
	}
	return -ENOENT;
}

void hbf_evdev_flush(const int *fds, int n)
{
	struct input_event ie[64];
	int i;

	for (i = 0; i < n; i++)
		while (read(fds[i], ie, sizeof(ie)) > 0)
			;
}

/*
 * Collect the events of one report: everything but EV_SYN and EV_MSC. A
 * report that produces nothing gives no SYN_REPORT either: then we stop
 * after timeout_ms. The input core cuts a report with many values into
 * several frames, which a reader can see one at a time: after each
 * SYN_REPORT we keep reading for HBF_FRAME_TAIL_MS more. Returns the count.
 */
int hbf_evdev_collect(const int *fds, int n, struct hbf_event *ev, int max,
		      int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();
	struct pollfd p[16];
	struct input_event ie;
	int i, got = 0, np = n < 16 ? n : 16;

	for (i = 0; i < np; i++) {
		p[i].fd = fds[i];
		p[i].events = POLLIN;
	}
	for (;;) {
		long long left = end - hbf_now_ms();

		if (left <= 0 || poll(p, np, left) <= 0)
			break;
		for (i = 0; i < np; i++) {
			while (read(fds[i], &ie, sizeof(ie)) == sizeof(ie)) {
				if (ie.type == EV_SYN) {
					if (ie.code == SYN_REPORT)
						end = hbf_now_ms() + HBF_FRAME_TAIL_MS;
					continue;
				}
				if (ie.type == EV_MSC)
					continue;
				if (got < max)
					ev[got] = (struct hbf_event){ ie.type, ie.code, ie.value };
				got++;
			}
		}
	}
	return got;
}
