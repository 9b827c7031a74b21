/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the hid-bpf-fixes selftests: per-fix test data, uhid devices
 * and what the kernel makes of them (sysfs, hidraw, evdev), the module's
 * state (parameters, debugfs, kernel log), uevents and BPF object counts.
 *
 * None of these use the kselftest harness: they return 0 or a negative
 * errno (or a count), and the tests assert on that. Every wait takes a
 * timeout in milliseconds, multiplied by hbf_scale() (HBF_TIMEOUT_SCALE in
 * the environment) because a KASAN kernel under TCG is many times slower.
 */
#ifndef HBF_H
#define HBF_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/input.h>

#define HBF_MODULE		"hid_bpf_fixes"
#define HBF_DEBUGFS_ATTACHED	"/sys/kernel/debug/hid_bpf_fixes/attached"
#define HBF_RDESC_MAX		4096
#define HBF_REPORT_MAX		256
#define HBF_MAX_CODES		128
#define HBF_MAX_STEP_EVENTS	64
#define HBF_MAX_OUTPUTS		32	/* output reports a device records */

/* ---- time ---- */
int hbf_scale(void);
long long hbf_now_ms(void);
void hbf_msleep(int ms);

/* ---- per-fix test data: selftests/data/<FixName>/ ---- */
struct hbf_report {
	size_t len;
	unsigned char data[HBF_REPORT_MAX];
};

struct hbf_event {
	int type, code, value;
};

/* One `in:` report of evdev.txt and the events it must produce. */
struct hbf_evdev_step {
	struct hbf_report in;
	int n_events;
	struct hbf_event events[HBF_MAX_STEP_EVENTS];
};

struct hbf_abs_range {
	int code, min, max;
	int res;	/* units per mm (per radian for angles); -1: not checked */
};

/* One `in:` report of events.txt and what hidraw must deliver. */
struct hbf_event_pair {
	struct hbf_report in, out;
};

/* One output report of output.txt, and the `in:` report that causes it. */
struct hbf_output_step {
	struct hbf_report in;	/* len 0: none, the device starting causes it */
	struct hbf_report out;
};

struct hbf_fix {
	char name[64];		/* XKeys__XK24: the fix (directory up to '@') */
	char param[64];		/* xkeys_xk24: its module parameter */
	char dir[512];		/* data/XKeys__XK24[@interface] */
	char hid_name[128];	/* `name`: the device name, or "" */
	int min_kernel;		/* `kernels` "6.12+": 6 * 1000 + 12, or 0 */
	unsigned int bus, vendor, product;
	size_t rdesc_len, fixed_len, other_len;
	unsigned char rdesc[HBF_RDESC_MAX];	/* rdesc.hex */
	unsigned char fixed[HBF_RDESC_MAX];	/* rdesc-fixed.hex, or rdesc */
	unsigned char other[HBF_RDESC_MAX];	/* rdesc-other.hex */
	bool has_fixed, has_other, has_events, has_evdev;
	int n_outputs;
	struct hbf_output_step *outputs;	/* output.txt */
	int n_pairs;
	struct hbf_event_pair *pairs;
	/* evdev.txt */
	int n_keys, n_leds, n_absent, n_ranges, n_steps;
	int keys[HBF_MAX_CODES], leds[HBF_MAX_CODES], absent[HBF_MAX_CODES];
	struct hbf_abs_range ranges[HBF_MAX_CODES];
	struct hbf_evdev_step *steps;
};

const char *hbf_data_dir(void);
int hbf_fix_load(struct hbf_fix *fix, const char *dirname);
void hbf_fix_free(struct hbf_fix *fix);
bool hbf_fix_name_eq(const char *a, const char *b);
int hbf_kernel_version(void);
ssize_t hbf_read_hex(const char *path, unsigned char *buf, size_t max);
int hbf_parse_hex(const char *s, unsigned char *buf, size_t max);
int hbf_code_from_name(const char *name);
const char *hbf_code_name(int type, int code);
char *hbf_hex(const unsigned char *buf, size_t len);	/* static buffer */

/* ---- kernel uevents (netlink), as "action@devpath" lines ---- */
struct hbf_uevents {
	int fd;
	char *buf;
	size_t len, cap;
};

int hbf_uevents_open(struct hbf_uevents *u);
void hbf_uevents_update(struct hbf_uevents *u);
int hbf_uevents_count(struct hbf_uevents *u, const char *action,
		      const char *sysname);
bool hbf_uevents_bound(struct hbf_uevents *u, const char *sysname);
void hbf_uevents_close(struct hbf_uevents *u);

/* ---- uhid devices ---- */
struct hbf_dev {
	int fd;
	char phys[64];
	char sysname[32];	/* BBBB:VVVV:PPPP.NNNN once hbf_dev_find() saw it */
	struct hbf_uevents uev;	/* from before its creation: see hbf_dev_bound() */
	pthread_t thread;
	volatile bool stop;
	bool running;
	/* the output reports the kernel sent, the first HBF_MAX_OUTPUTS */
	pthread_mutex_t out_lock;
	int n_out;
	struct hbf_report out[HBF_MAX_OUTPUTS];
};

int hbf_uhid_count(void);
int hbf_wait_no_uhid(int timeout_ms);
int hbf_dev_create(struct hbf_dev *d, unsigned int bus, unsigned int vendor,
		   unsigned int product, const char *name,
		   const unsigned char *rdesc, size_t len);
int hbf_dev_find(struct hbf_dev *d, int timeout_ms);
int hbf_dev_output_count(struct hbf_dev *d);
int hbf_dev_wait_output(struct hbf_dev *d, int from, const unsigned char *want,
			size_t len, int timeout_ms);
bool hbf_dev_bound(struct hbf_dev *d);
int hbf_dev_wait_bound(struct hbf_dev *d, int timeout_ms);
ssize_t hbf_dev_rdesc(struct hbf_dev *d, unsigned char *buf, size_t max);
int hbf_dev_wait_rdesc(struct hbf_dev *d, const unsigned char *want,
		       size_t len, int timeout_ms);
int hbf_dev_input(struct hbf_dev *d, const unsigned char *data, size_t len);
int hbf_dev_hidraw_open(struct hbf_dev *d);
int hbf_dev_evdev_open(struct hbf_dev *d, int *fds, int max);
void hbf_dev_destroy(struct hbf_dev *d);
int hbf_dev_wait_gone(const char *sysname, int timeout_ms);
ssize_t hbf_read_timeout(int fd, void *buf, size_t len, int timeout_ms);

/* evdev */
bool hbf_evdev_has(const int *fds, int n, int type, int code);
int hbf_evdev_absinfo(const int *fds, int n, int code, struct input_absinfo *ai);
int hbf_evdev_collect(const int *fds, int n, struct hbf_event *ev, int max,
		      int timeout_ms);
void hbf_evdev_flush(const int *fds, int n);

/* ---- the module ---- */
/* "link": a struct_ops link; "map": a registered link-less struct_ops map
 * (what the module owns for devices it fixed before their first probe).
 */
struct hbf_attachment {
	char hid[32];
	char fix[64];
	char kind[8];
	unsigned int link;	/* the link or map id */
};

bool hbf_mod_installed(void);
bool hbf_mod_has_param(const char *param);
bool hbf_kernel_died(void);
bool hbf_mod_loaded(void);
int hbf_mod_refcnt(void);	/* /sys/module/hid_bpf_fixes/refcnt */
int hbf_modprobe(const char *args);
int hbf_rmmod(int timeout_ms);
int hbf_mod_wait(bool loaded, int timeout_ms);
int hbf_mod_quiesce(int timeout_ms);
int hbf_param_read(const char *param, char *buf, size_t len);
int hbf_param_write(const char *param, const char *val);
int hbf_attached(struct hbf_attachment *a, int max);
int hbf_attached_find(const char *hid, const char *fix,
		      struct hbf_attachment *out);
int hbf_wait_attached(const char *hid, const char *fix, bool want,
		      struct hbf_attachment *out, int timeout_ms);
char *hbf_cmd_output(const char *fmt, ...);	/* malloc'ed stdout */
int hbf_run(const char *fmt, ...);		/* exit status, -1 */

/* ---- kernel log, from the point hbf_kmsg_open() was called ---- */
struct hbf_kmsg {
	int fd;
	char *buf;
	size_t len, cap;
};

int hbf_kmsg_open(struct hbf_kmsg *k);
void hbf_kmsg_update(struct hbf_kmsg *k);
int hbf_kmsg_count(struct hbf_kmsg *k, const char *a, const char *b);
int hbf_kmsg_wait(struct hbf_kmsg *k, const char *a, const char *b,
		  int timeout_ms);
/* The same, for a line that is exactly @line, not just contains it. */
int hbf_kmsg_count_line(struct hbf_kmsg *k, const char *line);
int hbf_kmsg_wait_line(struct hbf_kmsg *k, const char *line, int timeout_ms);
void hbf_kmsg_close(struct hbf_kmsg *k);

/* ---- systemd-udevd ---- */
bool hbf_udevd_available(void);
int hbf_udevd_start(void);
int hbf_udevd_stop(void);

/* ---- BPF objects in the whole system ---- */
struct hbf_bpf_counts {
	int progs, maps, links;
};

int hbf_bpf_count(struct hbf_bpf_counts *c);
int hbf_bpf_wait_counts(const struct hbf_bpf_counts *want,
			struct hbf_bpf_counts *got, int timeout_ms);
bool hbf_bpf_link_exists(unsigned int id);
bool hbf_bpf_owned_exists(const struct hbf_attachment *a);

#endif /* HBF_H */
