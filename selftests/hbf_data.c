// SPDX-License-Identifier: GPL-2.0
/*
 * Per-fix test data (selftests/data/<FixName>/, see the SOURCES.md there):
 * The directory is FixName or FixName@interface (several test devices for
 * one fix); '-' in a fix name may be written '_'.
 *   ids              "0003 05F3 0405": bus, vendor, product (hex)
 *   name             the HID name the device must carry (optional)
 *   kernels          "6.12+": the oldest kernel the test applies to
 *   rdesc.hex        the device's report descriptor
 *   rdesc-fixed.hex  what the fix makes of it (absent: left unchanged)
 *   rdesc-other.hex  same IDs, a descriptor the fix's probe must refuse
 *   events.txt       "in: HEX" / "out: HEX" pairs: report sent, report
 *                    hidraw must deliver
 *   evdev.txt        "keys", "leds", "absent" code lists, "range CODE MIN
 *                    MAX [RESOLUTION]", then "in: HEX" reports each
 *                    followed by the "EV_TYPE CODE VALUE" events they
 *                    must produce
 *   output.txt       "out: HEX": an output report the device must receive,
 *                    after the "in: HEX" report just before it if there is
 *                    one, else once the device is up
 * Hex files accept bytes separated by blanks, commas or newlines, "0x"
 * prefixes and "#" comments.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <linux/input.h>

#include "hbf.h"

int hbf_scale(void)
{
	const char *s = getenv("HBF_TIMEOUT_SCALE");
	int v = s ? atoi(s) : 1;

	return v > 0 ? v : 1;
}

long long hbf_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void hbf_msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

const char *hbf_data_dir(void)
{
	const char *d = getenv("HBF_DATA");

	return d && *d ? d : "data";
}

/* Parse hex bytes; returns the byte count or -EINVAL/-E2BIG. */
int hbf_parse_hex(const char *s, unsigned char *buf, size_t max)
{
	size_t n = 0;
	int nib = -1;

	while (*s) {
		if (*s == '#') {
			while (*s && *s != '\n')
				s++;
			continue;
		}
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    isxdigit((unsigned char)s[2]) && nib < 0) {
			s += 2;
			continue;
		}
		if (isxdigit((unsigned char)*s)) {
			int v = isdigit((unsigned char)*s) ? *s - '0' :
				tolower((unsigned char)*s) - 'a' + 10;

			if (nib < 0) {
				nib = v;
			} else {
				if (n >= max)
					return -E2BIG;
				buf[n++] = nib << 4 | v;
				nib = -1;
			}
		} else if (isspace((unsigned char)*s) || *s == ',') {
			if (nib >= 0)
				return -EINVAL;
		} else {
			return -EINVAL;
		}
		s++;
	}
	return nib >= 0 ? -EINVAL : (int)n;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, r;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (!buf) {
				fclose(f);
				return NULL;
			}
		}
		r = fread(buf + len, 1, cap - len - 1, f);
		len += r;
	} while (r > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

ssize_t hbf_read_hex(const char *path, unsigned char *buf, size_t max)
{
	char *s = read_file(path);
	int n;

	if (!s)
		return -errno;
	n = hbf_parse_hex(s, buf, max);
	free(s);
	return n;
}

struct code_name {
	const char *name;
	int value;
};

/* Generated from <linux/input-event-codes.h> by the Makefile. */
static const struct code_name codes[] = {
#include "input-codes.inc"
};

static const char *const type_prefix[EV_CNT] = {
	[EV_SYN] = "SYN_", [EV_KEY] = "KEY_", [EV_REL] = "REL_",
	[EV_ABS] = "ABS_", [EV_MSC] = "MSC_", [EV_LED] = "LED_",
};

/* KEY_A, BTN_0, LED_MISC, ABS_X, EV_KEY, 0x1fe, 510: the number, or -1. */
int hbf_code_from_name(const char *name)
{
	char *end;
	long v;
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!strcmp(codes[i].name, name))
			return codes[i].value;
	v = strtol(name, &end, 0);
	if (*name && !*end && v >= 0)
		return v;
	return -1;
}

/* A name for messages; for EV_KEY both KEY_ and BTN_ names are tried. */
const char *hbf_code_name(int type, int code)
{
	static char buf[4][32];
	static int slot;
	const char *prefix = type >= 0 && type < EV_CNT ? type_prefix[type] : NULL;
	char *b;
	size_t i;

	if (type == -1)
		prefix = "EV_";
	for (i = 0; prefix && i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *n = codes[i].name;

		if (codes[i].value != code)
			continue;
		if (!strncmp(n, prefix, strlen(prefix)) ||
		    (type == EV_KEY && !strncmp(n, "BTN_", 4)))
			if (!strstr(n, "_MAX") && !strstr(n, "_CNT"))
				return n;
	}
	b = buf[slot++ % 4];
	snprintf(b, sizeof(buf[0]), "0x%x", code);
	return b;
}

char *hbf_hex(const unsigned char *buf, size_t len)
{
	static char out[2][HBF_RDESC_MAX * 3 + 1];
	static int slot;
	char *o = out[slot++ % 2], *p = o;
	size_t i;

	*p = '\0';
	for (i = 0; i < len && i < HBF_RDESC_MAX; i++)
		p += sprintf(p, "%s%02x", i ? " " : "", buf[i]);
	return o;
}

static int parse_codes(char *s, int *out, int max)
{
	char *tok, *save;
	int n = 0, c;

	for (tok = strtok_r(s, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		c = hbf_code_from_name(tok);
		if (c < 0 || n >= max)
			return -EINVAL;
		out[n++] = c;
	}
	return n;
}

static int parse_report(const char *s, struct hbf_report *r)
{
	int n = hbf_parse_hex(s, r->data, sizeof(r->data));

	if (n <= 0)
		return -EINVAL;
	r->len = n;
	return 0;
}

/*
 * The next line of a data text file that holds data: leading blanks
 * skipped, empty lines and "#" comments passed over. strtok_r() style:
 * @text on the first call, NULL after.
 */
static char *data_line(char *text, char **save)
{
	char *line;

	while ((line = strtok_r(text, "\n", save))) {
		text = NULL;
		while (isspace((unsigned char)*line))
			line++;
		if (*line && *line != '#')
			return line;
	}
	return NULL;
}

static int load_events(struct hbf_fix *fix, char *text)
{
	char *line, *save;
	int cap = 0;

	for (line = data_line(text, &save); line; line = data_line(NULL, &save)) {
		if (!strncmp(line, "in:", 3)) {
			if (fix->n_pairs == cap) {
				cap = cap ? cap * 2 : 16;
				fix->pairs = realloc(fix->pairs, cap * sizeof(*fix->pairs));
				if (!fix->pairs)
					return -ENOMEM;
			}
			memset(&fix->pairs[fix->n_pairs], 0, sizeof(*fix->pairs));
			if (parse_report(line + 3, &fix->pairs[fix->n_pairs].in))
				return -EINVAL;
			fix->n_pairs++;
		} else if (!strncmp(line, "out:", 4)) {
			if (!fix->n_pairs || fix->pairs[fix->n_pairs - 1].out.len)
				return -EINVAL;
			if (parse_report(line + 4, &fix->pairs[fix->n_pairs - 1].out))
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

static int load_output(struct hbf_fix *fix, char *text)
{
	struct hbf_report in = { 0 };
	struct hbf_output_step *st;
	char *line, *save;

	for (line = data_line(text, &save); line; line = data_line(NULL, &save)) {
		if (!strncmp(line, "in:", 3)) {
			if (in.len || parse_report(line + 3, &in))
				return -EINVAL;
		} else if (!strncmp(line, "out:", 4)) {
			st = realloc(fix->outputs, (fix->n_outputs + 1) * sizeof(*st));
			if (!st)
				return -ENOMEM;
			fix->outputs = st;
			st += fix->n_outputs++;
			st->in = in;
			in.len = 0;
			if (parse_report(line + 4, &st->out))
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	return in.len ? -EINVAL : 0;
}

static int load_evdev(struct hbf_fix *fix, char *text)
{
	char *line, *save, *rest;
	int cap = 0, n;

	for (line = data_line(text, &save); line; line = data_line(NULL, &save)) {
		rest = strpbrk(line, " \t");
		if (rest)
			*rest++ = '\0';
		else
			rest = line + strlen(line);
		if (!strcmp(line, "keys")) {
			n = parse_codes(rest, fix->keys + fix->n_keys,
					HBF_MAX_CODES - fix->n_keys);
			if (n < 0)
				return n;
			fix->n_keys += n;
		} else if (!strcmp(line, "leds")) {
			n = parse_codes(rest, fix->leds + fix->n_leds,
					HBF_MAX_CODES - fix->n_leds);
			if (n < 0)
				return n;
			fix->n_leds += n;
		} else if (!strcmp(line, "absent")) {
			n = parse_codes(rest, fix->absent + fix->n_absent,
					HBF_MAX_CODES - fix->n_absent);
			if (n < 0)
				return n;
			fix->n_absent += n;
		} else if (!strcmp(line, "range")) {
			char code[64];
			struct hbf_abs_range *r = &fix->ranges[fix->n_ranges];

			if (fix->n_ranges >= HBF_MAX_CODES)
				return -EINVAL;
			r->res = -1;
			n = sscanf(rest, "%63s %d %d %d", code, &r->min, &r->max, &r->res);
			if (n < 3)
				return -EINVAL;
			r->code = hbf_code_from_name(code);
			if (r->code < 0)
				return -EINVAL;
			fix->n_ranges++;
		} else if (!strcmp(line, "in:")) {
			if (fix->n_steps == cap) {
				cap = cap ? cap * 2 : 16;
				fix->steps = realloc(fix->steps, cap * sizeof(*fix->steps));
				if (!fix->steps)
					return -ENOMEM;
			}
			memset(&fix->steps[fix->n_steps], 0, sizeof(*fix->steps));
			if (parse_report(rest, &fix->steps[fix->n_steps].in))
				return -EINVAL;
			fix->n_steps++;
		} else if (!strncmp(line, "EV_", 3)) {
			struct hbf_evdev_step *st;
			char code[64];
			struct hbf_event *e;

			if (!fix->n_steps)
				return -EINVAL;
			st = &fix->steps[fix->n_steps - 1];
			if (st->n_events >= HBF_MAX_STEP_EVENTS)
				return -E2BIG;
			e = &st->events[st->n_events];
			e->type = hbf_code_from_name(line);
			if (e->type < 0 || sscanf(rest, "%63s %d", code, &e->value) != 2)
				return -EINVAL;
			e->code = hbf_code_from_name(code);
			if (e->code < 0)
				return -EINVAL;
			st->n_events++;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

static void make_param(const char *name, char *param, size_t len)
{
	size_t o = 0;

	for (; *name && o + 1 < len; name++) {
		if (name[0] == '_' && name[1] == '_')
			name++;
		param[o++] = *name == '-' ? '_' : tolower((unsigned char)*name);
	}
	param[o] = '\0';
}

static void fix_err(const struct hbf_fix *fix, const char *file, int err)
{
	fprintf(stderr, "# %s/%s: %s\n", fix->dir, file, strerror(-err));
}

/*
 * Parse the optional text file @name of @fix with @load; a file that is not
 * there is no error. Sets *@found when it is there and parsed, if given.
 */
static int load_text(struct hbf_fix *fix, const char *name,
		     int (*load)(struct hbf_fix *fix, char *text), bool *found)
{
	char path[640], *text;
	int err;

	snprintf(path, sizeof(path), "%s/%s", fix->dir, name);
	text = read_file(path);
	if (!text)
		return 0;
	err = load(fix, text);
	free(text);
	if (err) {
		fix_err(fix, name, err);
		return err;
	}
	if (found)
		*found = true;
	return 0;
}

/* Fix names match if they differ only in '-' versus '_'. */
bool hbf_fix_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return *a == *b;
}

static int parse_version(const char *s)
{
	int major = 0, minor = 0;

	if (sscanf(s, "%d.%d", &major, &minor) < 1)
		return 0;
	return major * 1000 + minor;
}

/* The running kernel as major * 1000 + minor. */
int hbf_kernel_version(void)
{
	struct utsname u;

	return uname(&u) ? 0 : parse_version(u.release);
}

/* Load selftests/data/<dirname>; returns 0 or -errno (and says which file). */
int hbf_fix_load(struct hbf_fix *fix, const char *dirname)
{
	char path[640], *text;
	ssize_t n;
	int err;

	memset(fix, 0, sizeof(*fix));
	snprintf(fix->name, sizeof(fix->name), "%.*s",
		 (int)strcspn(dirname, "@"), dirname);
	make_param(fix->name, fix->param, sizeof(fix->param));
	snprintf(fix->dir, sizeof(fix->dir), "%s/%s", hbf_data_dir(), dirname);

	snprintf(path, sizeof(path), "%s/name", fix->dir);
	text = read_file(path);
	if (text) {
		text[strcspn(text, "\n")] = '\0';
		snprintf(fix->hid_name, sizeof(fix->hid_name), "%s", text);
		free(text);
	}
	snprintf(path, sizeof(path), "%s/kernels", fix->dir);
	text = read_file(path);
	if (text) {
		fix->min_kernel = parse_version(text);
		free(text);
	}

	snprintf(path, sizeof(path), "%s/ids", fix->dir);
	text = read_file(path);
	if (!text || sscanf(text, "%x %x %x", &fix->bus, &fix->vendor,
			    &fix->product) != 3) {
		free(text);
		fix_err(fix, "ids", -EINVAL);
		return -EINVAL;
	}
	free(text);

	snprintf(path, sizeof(path), "%s/rdesc.hex", fix->dir);
	n = hbf_read_hex(path, fix->rdesc, sizeof(fix->rdesc));
	if (n <= 0) {
		fix_err(fix, "rdesc.hex", n ? n : -EINVAL);
		return n ? n : -EINVAL;
	}
	fix->rdesc_len = n;

	snprintf(path, sizeof(path), "%s/rdesc-fixed.hex", fix->dir);
	n = hbf_read_hex(path, fix->fixed, sizeof(fix->fixed));
	if (n == -ENOENT) {
		memcpy(fix->fixed, fix->rdesc, fix->rdesc_len);
		fix->fixed_len = fix->rdesc_len;
	} else if (n <= 0) {
		fix_err(fix, "rdesc-fixed.hex", n ? n : -EINVAL);
		return n ? n : -EINVAL;
	} else {
		fix->fixed_len = n;
		fix->has_fixed = true;
	}

	snprintf(path, sizeof(path), "%s/rdesc-other.hex", fix->dir);
	n = hbf_read_hex(path, fix->other, sizeof(fix->other));
	if (n > 0) {
		fix->other_len = n;
		fix->has_other = true;
	} else if (n != -ENOENT) {
		fix_err(fix, "rdesc-other.hex", n ? n : -EINVAL);
		return n ? n : -EINVAL;
	}

	err = load_text(fix, "events.txt", load_events, NULL);
	if (!err)
		err = load_text(fix, "evdev.txt", load_evdev, &fix->has_evdev);
	if (!err)
		err = load_text(fix, "output.txt", load_output, NULL);
	if (err)
		return err;
	fix->has_events = fix->n_pairs > 0;
	return 0;
}

void hbf_fix_free(struct hbf_fix *fix)
{
	free(fix->pairs);
	free(fix->steps);
	free(fix->outputs);
	fix->pairs = NULL;
	fix->steps = NULL;
	fix->outputs = NULL;
}
