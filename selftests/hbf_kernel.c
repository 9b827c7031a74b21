// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side as the tests see it: the hid_bpf_fixes module (modprobe,
 * parameters, debugfs), the kernel log, kernel uevents, systemd-udevd and
 * the BPF objects alive in the system.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <linux/netlink.h>

#include "hbf.h"

#define SYS_MODULE	"/sys/module/" HBF_MODULE

static char *vfmt(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

/* Run a shell command, echoing it as a TAP comment; returns its exit status. */
int hbf_run(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int st;

	va_start(ap, fmt);
	cmd = vfmt(fmt, ap);
	va_end(ap);
	if (!cmd)
		return -1;
	fprintf(stderr, "# $ %s\n", cmd);
	fflush(NULL);
	st = system(cmd);
	free(cmd);
	if (st < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Run a shell command and return its standard output (malloc'ed). */
char *hbf_cmd_output(const char *fmt, ...)
{
	char *cmd, *buf = NULL;
	size_t len = 0, cap = 0, r;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	cmd = vfmt(fmt, ap);
	va_end(ap);
	if (!cmd)
		return NULL;
	fflush(NULL);
	p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return NULL;
	do {
		if (cap - len < 1024) {
			cap = cap ? 2 * cap : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				break;
		}
		r = fread(buf + len, 1, cap - len - 1, p);
		len += r;
	} while (r > 0);
	pclose(p);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static int run_quiet(const char *cmd)
{
	int st;

	fflush(NULL);
	st = system(cmd);
	return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool hbf_mod_installed(void)
{
	return run_quiet("modinfo -n " HBF_MODULE " >/dev/null 2>&1") == 0;
}

/* The module file declares this parameter (the fix is built in). */
bool hbf_mod_has_param(const char *param)
{
	char *out = hbf_cmd_output("modinfo -F parm " HBF_MODULE " 2>/dev/null");
	char want[80];
	bool found = false;
	char *line, *save;

	snprintf(want, sizeof(want), "%s:", param);
	for (line = out ? strtok_r(out, "\n", &save) : NULL; line && !found;
	     line = strtok_r(NULL, "\n", &save))
		found = !strncmp(line, want, strlen(want));
	free(out);
	return found;
}

/* /sys/module/hid_bpf_fixes/refcnt, or a negative errno. */
int hbf_mod_refcnt(void)
{
	char buf[32] = "", *end;
	FILE *f = fopen("/sys/module/" HBF_MODULE "/refcnt", "r");
	long n;

	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	n = strtol(buf, &end, 10);
	if (end == buf || (*end && *end != '\n') || n < 0)
		return -EINVAL;
	return n;
}

/* An oops happened (taint D): what follows would only be noise. */
bool hbf_kernel_died(void)
{
	char buf[32] = "";
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");

	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strtoul(buf, NULL, 10) & (1UL << 7);
}

bool hbf_mod_loaded(void)
{
	return access(SYS_MODULE, F_OK) == 0;
}

int hbf_modprobe(const char *args)
{
	return hbf_run("modprobe " HBF_MODULE " %s", args ? args : "");
}

int hbf_mod_wait(bool loaded, int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();

	while (hbf_mod_loaded() != loaded) {
		if (hbf_now_ms() > end)
			return -ETIMEDOUT;
		hbf_msleep(20);
	}
	return 0;
}

int hbf_rmmod(int timeout_ms)
{
	if (!hbf_mod_loaded())
		return 0;
	fprintf(stderr, "# rmmod " HBF_MODULE "\n");
	if (syscall(__NR_delete_module, HBF_MODULE, O_NONBLOCK) && errno != ENOENT)
		return -errno;
	return hbf_mod_wait(false, timeout_ms);
}

/* Is a modprobe, or the module's self-unload helper, running? */
static bool helper_running(void)
{
	char path[64], buf[256];
	struct dirent *e;
	DIR *dir = opendir("/proc");
	bool found = false;
	pid_t self = getpid();

	while (dir && !found && (e = readdir(dir))) {
		ssize_t n;
		int fd, i;

		if (!isdigit((unsigned char)e->d_name[0]) || atoi(e->d_name) == self)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		for (i = 0; i < n; i++)
			if (!buf[i])
				buf[i] = ' ';
		buf[n] = '\0';
		/* modprobe itself, or a shell running it (the helper) */
		found = strstr(buf, "modprobe") != NULL;
	}
	if (dir)
		closedir(dir);
	return found;
}

/*
 * Bring the module to "not loaded" and keep it there: unload it if it is
 * loaded, and let any self-unload helper (modprobe -r; modprobe -q) finish,
 * so that it cannot load the module again in the middle of the next test.
 */
int hbf_mod_quiesce(int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();
	long long quiet_since = -1;
	int quiet_ms = 200 + 100 * hbf_scale();

	for (;;) {
		long long now = hbf_now_ms();

		if (helper_running()) {
			quiet_since = -1;
		} else if (hbf_mod_loaded()) {
			quiet_since = -1;
			hbf_rmmod(timeout_ms);
		} else if (quiet_since < 0) {
			quiet_since = now;
		} else if (now - quiet_since >= quiet_ms) {
			return 0;
		}
		if (now > end)
			return -ETIMEDOUT;
		hbf_msleep(20);
	}
}

int hbf_param_read(const char *param, char *buf, size_t len)
{
	char path[256];
	ssize_t r;
	int fd;

	snprintf(path, sizeof(path), SYS_MODULE "/parameters/%s", param);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = read(fd, buf, len - 1);
	close(fd);
	if (r < 0)
		return -errno;
	while (r > 0 && isspace((unsigned char)buf[r - 1]))
		r--;
	buf[r] = '\0';
	return 0;
}

int hbf_param_write(const char *param, const char *val)
{
	char path[256];
	ssize_t r;
	int fd;

	snprintf(path, sizeof(path), SYS_MODULE "/parameters/%s", param);
	fprintf(stderr, "# echo %s > %s\n", val, path);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = write(fd, val, strlen(val));
	close(fd);
	return r < 0 ? -errno : 0;
}

/*
 * Parse /sys/kernel/debug/hid_bpf_fixes/attached: one
 * "<hid device> <FixName> link=<id>" (or "map=<id>") line per attachment.
 * Returns the number of lines (all counted, max filled) or -errno.
 */
int hbf_attached(struct hbf_attachment *a, int max)
{
	FILE *f = fopen(HBF_DEBUGFS_ATTACHED, "r");
	char line[256];
	int n = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		struct hbf_attachment t = { 0 };

		if (sscanf(line, "%31s %63s %7[a-z]=%u", t.hid, t.fix, t.kind,
			   &t.link) != 4 ||
		    (strcmp(t.kind, "link") && strcmp(t.kind, "map"))) {
			if (line[strspn(line, " \t\n")])
				fprintf(stderr, "# attached: cannot parse '%s'\n", line);
			continue;
		}
		if (a && n < max)
			a[n] = t;
		n++;
	}
	fclose(f);
	return n;
}

/* 1 if hid (and fix, unless NULL) is listed, 0 if not, -errno. */
int hbf_attached_find(const char *hid, const char *fix,
		      struct hbf_attachment *out)
{
	struct hbf_attachment a[256];
	int n = hbf_attached(a, 256), i;

	if (n < 0)
		return n;
	for (i = 0; i < n && i < 256; i++)
		if (!strcmp(a[i].hid, hid) && (!fix || hbf_fix_name_eq(a[i].fix, fix))) {
			if (out)
				*out = a[i];
			return 1;
		}
	return 0;
}

/* Wait until the attachment is listed (want) or not listed (!want). */
int hbf_wait_attached(const char *hid, const char *fix, bool want,
		      struct hbf_attachment *out, int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();
	int r;

	for (;;) {
		r = hbf_attached_find(hid, fix, out);
		if (r < 0 && want && r != -ENOENT)
			return r;
		if ((r == 1) == want)
			return 0;
		if (hbf_now_ms() > end)
			return -ETIMEDOUT;
		hbf_msleep(20);
	}
}

/* ---- kernel log ---- */

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 2 > *cap) {
		size_t c = *cap ? *cap : 16384;

		while (*len + n + 2 > c)
			c *= 2;
		*buf = realloc(*buf, c);
		if (!*buf) {
			*len = *cap = 0;
			return;
		}
		*cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

int hbf_kmsg_open(struct hbf_kmsg *k)
{
	memset(k, 0, sizeof(*k));
	k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0)
		return -errno;
	lseek(k->fd, 0, SEEK_END);
	append(&k->buf, &k->len, &k->cap, "", 0);
	return 0;
}

/* Append new records, one message per line (the prefix dropped). */
void hbf_kmsg_update(struct hbf_kmsg *k)
{
	char rec[8192];
	ssize_t n;

	if (k->fd < 0)
		return;
	for (;;) {
		char *msg, *end;

		n = read(k->fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		end = strchr(msg, '\n');
		if (end)
			*end = '\0';
		append(&k->buf, &k->len, &k->cap, msg, strlen(msg));
		append(&k->buf, &k->len, &k->cap, "\n", 1);
	}
}

/* Lines containing a (and b, unless NULL). */
int hbf_kmsg_count(struct hbf_kmsg *k, const char *a, const char *b)
{
	char *line, *nl;
	int n = 0;

	hbf_kmsg_update(k);
	for (line = k->buf; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		if (strstr(line, a) && (!b || strstr(line, b)))
			n++;
		*nl = '\n';
	}
	return n;
}

int hbf_kmsg_wait(struct hbf_kmsg *k, const char *a, const char *b,
		  int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();

	while (!hbf_kmsg_count(k, a, b)) {
		if (hbf_now_ms() > end)
			return -ETIMEDOUT;
		hbf_msleep(20);
	}
	return 0;
}

/* Lines that are exactly @line (the whole message, nothing around it). */
int hbf_kmsg_count_line(struct hbf_kmsg *k, const char *line)
{
	char *l, *nl;
	int n = 0;

	hbf_kmsg_update(k);
	for (l = k->buf; l && *l; l = nl + 1) {
		nl = strchr(l, '\n');
		if (!nl)
			break;
		if ((size_t)(nl - l) == strlen(line) && !strncmp(l, line, nl - l))
			n++;
	}
	return n;
}

int hbf_kmsg_wait_line(struct hbf_kmsg *k, const char *line, int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();

	while (!hbf_kmsg_count_line(k, line)) {
		if (hbf_now_ms() > end)
			return -ETIMEDOUT;
		hbf_msleep(20);
	}
	return 0;
}

void hbf_kmsg_close(struct hbf_kmsg *k)
{
	if (k->fd >= 0)
		close(k->fd);
	free(k->buf);
	memset(k, 0, sizeof(*k));
	k->fd = -1;
}

/* ---- kernel uevents ---- */

int hbf_uevents_open(struct hbf_uevents *u)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int sz = 16 << 20;

	memset(u, 0, sizeof(*u));
	u->fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       NETLINK_KOBJECT_UEVENT);
	if (u->fd < 0)
		return -errno;
	/* Many devices send many events: don't lose any. */
	if (setsockopt(u->fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)))
		setsockopt(u->fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	if (bind(u->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(u->fd);
		u->fd = -1;
		return err;
	}
	append(&u->buf, &u->len, &u->cap, "", 0);
	return 0;
}

void hbf_uevents_update(struct hbf_uevents *u)
{
	char msg[8192];
	ssize_t n;

	while (u->fd >= 0 && (n = recv(u->fd, msg, sizeof(msg) - 1, 0)) > 0) {
		msg[n] = '\0';
		/* The header is "action@devpath", NUL-terminated. */
		if (!strchr(msg, '@'))
			continue;
		append(&u->buf, &u->len, &u->cap, msg, strlen(msg));
		append(&u->buf, &u->len, &u->cap, "\n", 1);
	}
}

/* Is this "action@.../sysname" line about exactly that device (not a child)? */
static bool uevent_of(const char *line, size_t ll, const char *sysname)
{
	size_t tl = strlen(sysname);

	return ll > tl + 1 && line[ll - tl - 1] == '/' &&
	       !strncmp(line + ll - tl, sysname, tl);
}

/* Events "action@.../sysname" (exactly that device, not its children). */
int hbf_uevents_count(struct hbf_uevents *u, const char *action,
		      const char *sysname)
{
	size_t al = strlen(action);
	char *line, *nl;
	int n = 0;

	hbf_uevents_update(u);
	for (line = u->buf; line && (nl = strchr(line, '\n')); line = nl + 1)
		if (!strncmp(line, action, al) && line[al] == '@' &&
		    uevent_of(line, nl - line, sysname))
			n++;
	return n;
}

/*
 * Whether the device's last "bind" or "unbind" event is a "bind". The
 * kernel sends "bind" once the driver's probe has returned. The sysfs
 * "driver" link, and the input and hidraw nodes, are there earlier, during
 * the probe, while hid_device_probe() holds the device's driver_input_lock:
 * an input report then is dropped (hid_input_report() answers -EBUSY,
 * which uhid does not pass on).
 */
bool hbf_uevents_bound(struct hbf_uevents *u, const char *sysname)
{
	bool bound = false;
	char *line, *nl;

	hbf_uevents_update(u);
	for (line = u->buf; line && (nl = strchr(line, '\n')); line = nl + 1) {
		if (!uevent_of(line, nl - line, sysname))
			continue;
		if (!strncmp(line, "bind@", 5))
			bound = true;
		else if (!strncmp(line, "unbind@", 7))
			bound = false;
	}
	return bound;
}

void hbf_uevents_close(struct hbf_uevents *u)
{
	if (u->fd >= 0)
		close(u->fd);
	free(u->buf);
	memset(u, 0, sizeof(*u));
	u->fd = -1;
}

/* ---- systemd-udevd ---- */

static const char *udevd_path(void)
{
	static const char *const paths[] = {
		"/usr/lib/systemd/systemd-udevd", "/lib/systemd/systemd-udevd",
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (!access(paths[i], X_OK))
			return paths[i];
	return NULL;
}

bool hbf_udevd_available(void)
{
	return udevd_path() != NULL;
}

/*
 * udevd as on a system that has hid-bpf-fixes and not udev-hid-bpf: the
 * chroot has udev-hid-bpf installed, and its rule would attach its own
 * copy of some fixes before the module does. A rule of the same name in
 * /run/udev/rules.d (a tmpfs) masks it; the "already fixed" test runs
 * udev-hid-bpf by hand.
 */
int hbf_udevd_start(void)
{
	const char *p = udevd_path();

	if (!p)
		return -ENOENT;
	if (hbf_run("mkdir -p /run/udev/rules.d && "
		    "ln -sf /dev/null /run/udev/rules.d/81-hid-bpf.rules"))
		return -EIO;
	if (hbf_run("%s --daemon --resolve-names=never", p))
		return -EIO;
	return hbf_run("udevadm control --ping --timeout=30") ? -EIO : 0;
}

/* Stop udevd if it runs, after it handled what it was given. */
int hbf_udevd_stop(void)
{
	if (run_quiet("pidof systemd-udevd >/dev/null") != 0)
		return 0;
	hbf_run("udevadm settle --timeout=30");
	hbf_run("udevadm control --exit --timeout=30");
	return 0;
}

/* ---- BPF objects ---- */

static int count_ids(int cmd)
{
	union bpf_attr attr;
	int n = 0;
	__u32 id = 0;

	for (;;) {
		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (syscall(__NR_bpf, cmd, &attr, sizeof(attr)))
			return errno == ENOENT ? n : -errno;
		id = attr.next_id;
		n++;
	}
}

int hbf_bpf_count(struct hbf_bpf_counts *c)
{
	c->progs = count_ids(BPF_PROG_GET_NEXT_ID);
	c->maps = count_ids(BPF_MAP_GET_NEXT_ID);
	c->links = count_ids(BPF_LINK_GET_NEXT_ID);
	if (c->progs < 0)
		return c->progs;
	if (c->maps < 0)
		return c->maps;
	return c->links < 0 ? c->links : 0;
}

/*
 * Objects are freed after an RCU grace period or from a workqueue: give
 * them time to go before calling it a leak.
 */
int hbf_bpf_wait_counts(const struct hbf_bpf_counts *want,
			struct hbf_bpf_counts *got, int timeout_ms)
{
	long long end = hbf_now_ms() + (long long)timeout_ms * hbf_scale();
	int err;

	for (;;) {
		err = hbf_bpf_count(got);
		if (err)
			return err;
		if (got->progs == want->progs && got->maps == want->maps &&
		    got->links == want->links)
			return 0;
		if (hbf_now_ms() > end) {
			fprintf(stderr, "# BPF objects: progs %d maps %d links %d, expected %d %d %d\n",
				got->progs, got->maps, got->links,
				want->progs, want->maps, want->links);
			return -ETIMEDOUT;
		}
		hbf_msleep(50);
	}
}

/* The link or map an attachment line names is a live BPF object. */
bool hbf_bpf_owned_exists(const struct hbf_attachment *a)
{
	union bpf_attr attr;
	int fd;

	if (!strcmp(a->kind, "link"))
		return hbf_bpf_link_exists(a->link);
	memset(&attr, 0, sizeof(attr));
	attr.map_id = a->link;
	fd = syscall(__NR_bpf, BPF_MAP_GET_FD_BY_ID, &attr, sizeof(attr));
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

bool hbf_bpf_link_exists(unsigned int id)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.link_id = id;
	fd = syscall(__NR_bpf, BPF_LINK_GET_FD_BY_ID, &attr, sizeof(attr));
	if (fd < 0)
		return false;
	close(fd);
	return true;
}
