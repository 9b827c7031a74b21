// SPDX-License-Identifier: GPL-2.0
/*
 * hbf-bench: the guest half of the plug benchmark. Stays resident, reads
 * one command a line on stdin, answers one line on stdout.
 *
 *   plug BUS:VID:PID RDESC.hex FIXED.hex|- NAME TIMEOUT_MS QUIET_MS
 *	Create a uhid device. t0 is taken right before the UHID_CREATE2
 *	write. t1 is the arrival of the first kernel uevent for the device
 *	after which its sysfs report_descriptor reads as FIXED.hex (read on
 *	each uevent of the device, and every 20 ms as a fallback). With
 *	FIXED "-" (an event-only fix) t1 is when an attach is visible: the
 *	device in /sys/kernel/debug/hid_bpf_fixes/attached or a pin for it
 *	under /sys/fs/bpf/hid, polled every 2 ms. Then waits until the
 *	device was bound at least once (at most 5 s) and had no uevent for
 *	QUIET_MS.
 *	Answers "plug SYSNAME T_US BINDS UNBINDS INPUT_ADDS INPUT_REMOVES"
 *	(T_US -1: not fixed within TIMEOUT_MS). Counts are kernel uevents:
 *	"bind"/"unbind" of the hid device, "add"/"remove" of input devices
 *	below it.
 *   create BUS:VID:PID RDESC.hex FIXED.hex|- NAME
 *	Create a device and return once the kernel announced it ("create SYS").
 *   watch TIMEOUT_MS QUIET_MS CMD...
 *	t0 now, run CMD (sh -c), then wait for the last created device to be
 *	fixed, as plug does ("watch SYS T_US BINDS UNBINDS ...").
 *   pump N HEX...
 *	Through the last device: N times, write the input report HEX with
 *	UHID_INPUT2 and read the report back from its hidraw node. Answers
 *	"pump NS_PER_REPORT FIRST_REPORT_HEX".
 *   unplug | unplugall
 *	Destroy the last device / every device, wait for their removal.
 *	Answers "unplug N".
 *
 * The process answers the driver's GET_REPORT/SET_REPORT requests with an
 * error, so no driver waits for its timeout.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/uhid.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HID_DEVICES "/sys/bus/hid/devices"
#define MAX_DEVS 256
#define RDESC_MAX 4096

struct dev {
	int fd;
	char phys[64];
	char devpath[256];	/* /devices/... as in uevents */
	char sysname[64];
	unsigned char fixed[RDESC_MAX];
	int fixed_len;		/* -1: event-only fix, watch for the attach */
	int binds, unbinds, in_add, in_rm;
};

static struct dev devs[MAX_DEVS];
static int ndevs;
static int nl;
static unsigned int serial;

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "hbf-bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int read_hex(const char *path, unsigned char *buf, int max)
{
	FILE *f = fopen(path, "r");
	unsigned int v;
	int n = 0;

	if (!f)
		fail("%s: %s", path, strerror(errno));
	while (n < max && fscanf(f, "%x", &v) == 1)
		buf[n++] = v;
	fclose(f);
	return n;
}

static int parse_hex_line(const char *s, unsigned char *buf, int max)
{
	unsigned int v;
	int n = 0, used;

	while (n < max && sscanf(s, "%x%n", &v, &used) == 1) {
		buf[n++] = v;
		s += used;
	}
	return n;
}

static int uhid_write(int fd, struct uhid_event *ev, size_t len)
{
	ssize_t r = write(fd, ev, len);

	return r == (ssize_t)len ? 0 : -1;
}

/* Drain a device's uhid queue; refuse report requests at once. */
static void uhid_drain(struct dev *d)
{
	struct uhid_event ev, rep;

	while (read(d->fd, &ev, sizeof(ev)) > 0) {
		memset(&rep, 0, sizeof(rep));
		if (ev.type == UHID_GET_REPORT) {
			rep.type = UHID_GET_REPORT_REPLY;
			rep.u.get_report_reply.id = ev.u.get_report.id;
			rep.u.get_report_reply.err = EIO;
			uhid_write(d->fd, &rep, sizeof(rep));
		} else if (ev.type == UHID_SET_REPORT) {
			rep.type = UHID_SET_REPORT_REPLY;
			rep.u.set_report_reply.id = ev.u.set_report.id;
			rep.u.set_report_reply.err = EIO;
			uhid_write(d->fd, &rep, sizeof(rep));
		}
	}
}

static int rdesc_is_fixed(struct dev *d)
{
	unsigned char buf[RDESC_MAX + 1];
	char path[384];
	ssize_t n;
	int fd;

	if (!d->sysname[0])
		return 0;
	snprintf(path, sizeof(path), HID_DEVICES "/%s/report_descriptor", d->sysname);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n == d->fixed_len && !memcmp(buf, d->fixed, n);
}

/*
 * A pin under /sys/fs/bpf/hid names the device: "0003:28BD:0947.0001",
 * or that with '_' for ':' and '.', possibly inside a longer name.
 */
static int names_device(const char *entry, const char *sysname)
{
	char a[256], b[64];
	size_t i;

	for (i = 0; entry[i] && i < sizeof(a) - 1; i++)
		a[i] = (entry[i] == ':' || entry[i] == '.') ? '_' : entry[i];
	a[i] = 0;
	for (i = 0; sysname[i] && i < sizeof(b) - 1; i++)
		b[i] = (sysname[i] == ':' || sysname[i] == '.') ? '_' : sysname[i];
	b[i] = 0;
	return strstr(a, b) != NULL;
}

static int attach_visible(struct dev *d)
{
	char line[256];
	struct dirent *e;
	int found = 0;
	FILE *f;
	DIR *dir;

	if (!d->sysname[0])
		return 0;
	f = fopen("/sys/kernel/debug/hid_bpf_fixes/attached", "r");
	if (f) {
		size_t l = strlen(d->sysname);

		while (!found && fgets(line, sizeof(line), f))
			found = !strncmp(line, d->sysname, l) && line[l] == ' ';
		fclose(f);
	}
	dir = found ? NULL : opendir("/sys/fs/bpf/hid");
	while (dir && !found && (e = readdir(dir)))
		found = names_device(e->d_name, d->sysname);
	if (dir)
		closedir(dir);
	return found;
}

static int is_fixed(struct dev *d)
{
	return d->fixed_len < 0 ? attach_visible(d) : rdesc_is_fixed(d);
}

/*
 * Read the pending uevents; count those of our devices. Returns 1 when one
 * concerned a device in devs[from..], so the caller rechecks it.
 */
static int uevents(int from)
{
	char buf[8192];
	int hit = 0;
	ssize_t n;

	while ((n = recv(nl, buf, sizeof(buf) - 1, MSG_DONTWAIT)) > 0) {
		const char *action = NULL, *devpath = NULL, *subsys = NULL;
		const char *phys = NULL;
		char *p;
		int i;

		buf[n] = 0;
		for (p = buf; p < buf + n; p += strlen(p) + 1) {
			if (!strncmp(p, "ACTION=", 7))
				action = p + 7;
			else if (!strncmp(p, "DEVPATH=", 8))
				devpath = p + 8;
			else if (!strncmp(p, "SUBSYSTEM=", 10))
				subsys = p + 10;
			else if (!strncmp(p, "HID_PHYS=", 9))
				phys = p + 9;
		}
		if (!action || !devpath || !subsys)
			continue;
		for (i = from; i < ndevs; i++) {
			struct dev *d = &devs[i];
			size_t l = strlen(d->devpath);

			if (!strcmp(subsys, "hid") && !d->devpath[0] && phys &&
			    !strcmp(phys, d->phys) && !strcmp(action, "add")) {
				const char *s = strrchr(devpath, '/');

				snprintf(d->devpath, sizeof(d->devpath), "%s", devpath);
				snprintf(d->sysname, sizeof(d->sysname), "%s", s + 1);
				hit = 1;
			} else if (d->devpath[0] && !strcmp(subsys, "hid") &&
				   !strcmp(devpath, d->devpath)) {
				if (!strcmp(action, "bind"))
					d->binds++;
				else if (!strcmp(action, "unbind"))
					d->unbinds++;
				else if (!strcmp(action, "remove"))
					d->devpath[0] = 0, d->sysname[0] = 0;
				hit = 1;
			} else if (d->devpath[0] && !strcmp(subsys, "input") &&
				   !strncmp(devpath, d->devpath, l) &&
				   devpath[l] == '/') {
				const char *s = strrchr(devpath, '/');

				/* inputN, not its eventN/mouseN children */
				if (!strncmp(s, "/input", 6)) {
					if (!strcmp(action, "add"))
						d->in_add++;
					else if (!strcmp(action, "remove"))
						d->in_rm++;
				}
				hit = 1;
			}
		}
	}
	return hit;
}

static void wait_events(int ms)
{
	struct pollfd p[MAX_DEVS + 1];
	int i;

	p[0].fd = nl;
	p[0].events = POLLIN;
	for (i = 0; i < ndevs; i++) {
		p[i + 1].fd = devs[i].fd;
		p[i + 1].events = POLLIN;
	}
	poll(p, ndevs + 1, ms);
	for (i = 0; i < ndevs; i++)
		if (p[i + 1].revents & POLLIN)
			uhid_drain(&devs[i]);
}

static struct dev *create(char *args, int64_t *t0)
{
	char ids[64], rdesc_path[256], fixed_path[256], name[128];
	struct uhid_event ev;
	unsigned int bus, vid, pid;
	struct dev *d;
	int len;

	if (sscanf(args, "%63s %255s %255s %127[^\n]", ids, rdesc_path,
		   fixed_path, name) != 4 ||
	    sscanf(ids, "%x:%x:%x", &bus, &vid, &pid) != 3)
		fail("bad device arguments: %s", args);
	if (ndevs == MAX_DEVS)
		fail("too many devices");
	d = &devs[ndevs];
	memset(d, 0, sizeof(*d));
	memset(&ev, 0, sizeof(ev));
	ev.type = UHID_CREATE2;
	len = read_hex(rdesc_path, ev.u.create2.rd_data, RDESC_MAX);
	ev.u.create2.rd_size = len;
	ev.u.create2.bus = bus;
	ev.u.create2.vendor = vid;
	ev.u.create2.product = pid;
	snprintf((char *)ev.u.create2.name, sizeof(ev.u.create2.name), "%s", name);
	snprintf(d->phys, sizeof(d->phys), "hbf-bench/%d/%u", getpid(), ++serial);
	snprintf((char *)ev.u.create2.phys, sizeof(ev.u.create2.phys), "%s", d->phys);
	if (strcmp(fixed_path, "-"))
		d->fixed_len = read_hex(fixed_path, d->fixed, RDESC_MAX);
	else
		d->fixed_len = -1;
	d->fd = open("/dev/uhid", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (d->fd < 0)
		fail("/dev/uhid: %s", strerror(errno));
	ndevs++;
	*t0 = now_ns();
	if (uhid_write(d->fd, &ev, sizeof(ev)))
		fail("UHID_CREATE2: %s", strerror(errno));
	return d;
}

/* Wait for d to be fixed, then for QUIET_MS without a uevent of it. */
static void watch(struct dev *d, int64_t t0, int timeout_ms, int quiet_ms,
		  const char *what)
{
	int64_t t1 = -1, last = now_ns(), end = t0 + timeout_ms * 1000000LL;
	int idx = d - devs;

	for (;;) {
		int64_t t = now_ns();
		int poll_ms = d->fixed_len < 0 ? 2 : 20;

		if (t1 < 0 && is_fixed(d))
			t1 = t;
		/*
		 * Done when fixed and quiet, and bound: a driver that udev
		 * still has to load binds late; 5 s for one that never binds.
		 */
		if (t1 >= 0 && t - last >= quiet_ms * 1000000LL &&
		    (d->binds > 0 || t - t1 > 5000000000LL))
			break;
		if (t >= end)
			break;
		wait_events(t1 < 0 ? poll_ms : quiet_ms / 4 + 1);
		if (uevents(idx)) {
			last = now_ns();
			if (t1 < 0 && is_fixed(d))
				t1 = last;
		}
	}
	printf("%s %s %lld %d %d %d %d\n", what, d->sysname[0] ? d->sysname : "-",
	       t1 < 0 ? -1LL : (long long)((t1 - t0) / 1000), d->binds,
	       d->unbinds, d->in_add, d->in_rm);
}

static void destroy(int from)
{
	struct uhid_event ev;
	int64_t end;
	int i, left, n = ndevs - from;

	for (i = from; i < ndevs; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.type = UHID_DESTROY;
		uhid_write(devs[i].fd, &ev, sizeof(ev));
	}
	end = now_ns() + 10000000000LL;
	do {
		left = 0;
		for (i = from; i < ndevs; i++)
			left += devs[i].devpath[0] != 0;
		if (!left)
			break;
		wait_events(50);
		uevents(from);
	} while (now_ns() < end);
	for (i = from; i < ndevs; i++)
		close(devs[i].fd);
	ndevs = from;
	printf("unplug %d%s\n", n, left ? " (removal not seen)" : "");
}

static void pump(char *args)
{
	unsigned char report[4096], back[4096];
	struct uhid_event ev;
	struct dev *d = &devs[ndevs - 1];
	char path[384], node[300] = "";
	int len, fd, i, n = 0;
	struct dirent *e;
	int64_t t0, t1;
	ssize_t r = 0;
	DIR *dir;

	if (!ndevs || sscanf(args, "%d %n", &n, &len) < 1 || n <= 0)
		fail("pump: bad arguments or no device");
	len = parse_hex_line(args + len, report, sizeof(report));
	snprintf(path, sizeof(path), HID_DEVICES "/%s/hidraw", d->sysname);
	dir = opendir(path);
	while (dir && (e = readdir(dir)))
		if (!strncmp(e->d_name, "hidraw", 6))
			snprintf(node, sizeof(node), "/dev/%s", e->d_name);
	if (dir)
		closedir(dir);
	fd = node[0] ? open(node, O_RDONLY) : -1;
	if (fd < 0)
		fail("pump: no hidraw node for %s", d->sysname);
	memset(&ev, 0, sizeof(ev));
	ev.type = UHID_INPUT2;
	ev.u.input2.size = len;
	memcpy(ev.u.input2.data, report, len);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		if (uhid_write(d->fd, &ev, sizeof(ev.type) + sizeof(ev.u.input2.size) + len))
			fail("UHID_INPUT2: %s", strerror(errno));
		r = read(fd, back, sizeof(back));
		if (r <= 0)
			fail("hidraw read: %s", strerror(errno));
	}
	t1 = now_ns();
	close(fd);
	printf("pump %lld", (long long)((t1 - t0) / n));
	for (i = 0; i < r; i++)
		printf("%c%02x", i ? ' ' : ' ', back[i]);
	printf("\n");
}

int main(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int rcvbuf = 16 << 20;
	char line[8192];

	nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	if (nl < 0 || bind(nl, (struct sockaddr *)&sa, sizeof(sa)))
		fail("uevent socket: %s", strerror(errno));
	setsockopt(nl, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		char cmd[16];
		int64_t t0;
		int to, quiet, off = 0;
		struct dev *d;

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%15s %n", cmd, &off) < 1)
			continue;
		if (!strcmp(cmd, "plug")) {
			char *p = line + off, *q;

			/* the last two words are the times */
			q = strrchr(p, ' ');
			if (!q)
				fail("plug: %s", p);
			quiet = atoi(q + 1);
			*q = 0;
			q = strrchr(p, ' ');
			if (!q)
				fail("plug: %s", p);
			to = atoi(q + 1);
			*q = 0;
			d = create(p, &t0);
			watch(d, t0, to, quiet, "plug");
		} else if (!strcmp(cmd, "create")) {
			int64_t end;

			d = create(line + off, &t0);
			end = t0 + 10000000000LL;
			while (!d->sysname[0] && now_ns() < end) {
				wait_events(50);
				uevents(d - devs);
			}
			printf("create %s\n", d->sysname[0] ? d->sysname : "-");
		} else if (!strcmp(cmd, "watch")) {
			pid_t pid;

			if (!ndevs || sscanf(line + off, "%d %d %n", &to, &quiet, &off) < 2)
				fail("watch: bad arguments or no device");
			d = &devs[ndevs - 1];
			d->binds = d->unbinds = d->in_add = d->in_rm = 0;
			uevents(0);
			t0 = now_ns();
			pid = fork();
			if (pid == 0) {
				char *c = strstr(line, "watch ");

				c += 6;
				strtol(c, &c, 10);
				strtol(c, &c, 10);
				/* stdout is the answer channel */
				dup2(2, 1);
				execl("/bin/sh", "sh", "-c", c, (char *)NULL);
				_exit(127);
			}
			watch(d, t0, to, quiet, "watch");
			waitpid(pid, NULL, 0);
		} else if (!strcmp(cmd, "pump")) {
			pump(line + off);
		} else if (!strcmp(cmd, "unplug")) {
			if (ndevs)
				destroy(ndevs - 1);
			else
				printf("unplug 0\n");
		} else if (!strcmp(cmd, "unplugall")) {
			destroy(0);
		} else {
			fail("unknown command: %s", cmd);
		}
	}
	destroy(0);
	return 0;
}
