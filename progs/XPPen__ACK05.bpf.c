// SPDX-License-Identifier: GPL-2.0-only
/*
 * XP-Pen ACK05 wireless shortcut remote ("Hanvon Ugee Shortcut Remote"),
 * USB 28bd:0202, the same IDs plugged in by cable or through its dongle.
 *
 * The remote has 10 buttons and a wheel. Out of the box it types a
 * keyboard shortcut for each of them, on a boot-style keyboard report
 * (report 6: modifier bits, then up to 6 key codes) of its first
 * interface:
 *
 *   button  report 6 (first 3 bytes)  keys
 *     1     06 01 12                  Left Ctrl + O
 *     2     06 01 11                  Left Ctrl + N
 *     3     06 00 3e                  F5
 *     4     06 02 00                  Left Shift
 *     5     06 01 00                  Left Ctrl
 *     6     06 04 00                  Left Alt
 *     7     06 01 16                  Left Ctrl + S
 *     8     06 01 1d                  Left Ctrl + Z
 *     9     06 00 2c                  Space
 *    10     06 03 1d                  Left Ctrl + Left Shift + Z
 *   wheel   06 01 57 / 06 01 56       Left Ctrl + Keypad + / - (clockwise,
 *                                     counter-clockwise)
 *   none    06 00 00 ...
 *
 * Buttons held together take one key slot each (buttons 1 and 3:
 * 06 01 12 3e), a modifier button leaves its slot 00 (buttons 5 and 7:
 * 06 01 00 16). Buttons 8 and 10 both type a "z", so what was pressed
 * cannot always be told apart, and nothing looks like a tablet pad.
 *
 * It has three HID interfaces, told apart here by their descriptors:
 *
 *  - the keyboard/mouse interface: 102 bytes by cable, 177 through the
 *    dongle. The 102-byte one, in full:
 *
 *  off  bytes                      item
 *    0  05 01 09 02 a1 01          Usage Page (GD), Usage (Mouse), Collection (Application)
 *    6  85 09 09 01 a1 00            Report ID (9), Usage (Pointer), Collection (Physical)
 *   12  05 09 19 01 29 03 15 00 25 01 95 03 75 01 81 02   3 buttons
 *   28  95 05 81 01                    5 bits padding
 *   32  05 01 09 30 09 31 26 ff 7f 95 02 75 10 81 02      X, Y 0..32767
 *   47  05 0d 09 30 26 ff 07 95 01 75 10 81 02            Tip Pressure 0..2047
 *   60  c0 c0                        End Collection x2
 *   62  05 01 09 06 a1 01          Usage Page (GD), Usage (Keyboard), Collection (Application)
 *   68  85 06                        Report ID (6)
 *   70  05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02   modifiers
 *   86  05 07 19 00 29 ff 26 ff 00 75 08 95 06 81 00      6 key slots
 *  101  c0                         End Collection
 *
 *  - a second interface of 109 bytes (a pen interface, unused);
 *  - a vendor interface of 36 bytes:
 *
 *  off  bytes                      item
 *    0  06 0a ff 09 01 a1 01       Usage Page (0xff0a), Usage (1), Collection (Application)
 *    7  85 02                        Report ID (2)
 *    9  09 02 75 08 95 0b 15 00 26 ff 00 81 02   input: 11 vendor bytes
 *   22  09 03 75 08 95 3f 15 00 26 ff 00 91 02   output: 63 vendor bytes
 *   35  c0                         End Collection
 *
 * Sent the output report 02 b0 04 00 00 ... (32 bytes) on the vendor
 * interface, the remote switches to a raw mode: the keyboard interface
 * goes quiet and everything comes as 12-byte vendor reports (report 2):
 *
 *   02 f0 ...   pad: byte 2 bits 0..7 = buttons 1..8, byte 3 bits 0..1 =
 *               buttons 9..10, byte 7 the wheel (01 one step clockwise,
 *               02 one step counter-clockwise, 00 none)
 *   02 f2 ...   battery: byte 3 charge in %, byte 4 charging
 *   02 f8 02 01 ...   the remote (re)connected: it is back in keyboard
 *               mode and needs the switch again
 *
 * What this fix does:
 *  - on the vendor interface, it appends to the descriptor a tablet pad
 *    (report 0xf0: ten buttons, a wheel, and an unused Barrel Switch and
 *    X/Y so that user space sees a tablet pad) and a battery (report
 *    0xf2), then rewrites every 02 f0 / 02 f2 report into them: the first
 *    byte (2) becomes the second one (f0 / f2), the pad report is cut to
 *    8 bytes with wheel value 02 turned into -1, the battery report to 5;
 *  - it switches the remote to raw mode: once the device is parsed and
 *    started (a few tens of ms after its descriptor is fixed, retried if
 *    the device is not ready), and again 10 ms after every reconnection
 *    report. Sending an output report sleeps, so it is done from a BPF
 *    workqueue, started by a BPF timer for the delay; the probe also tries
 *    once right away, which works when the device is already running;
 *  - the keyboard/mouse and pen interfaces are disabled: their
 *    descriptors become a single 12-byte constant vendor report (nothing
 *    for the input layer) and the device name says so.
 *
 * Kernels: 6.12 has all this needs (BPF workqueues since 6.10,
 * hid_bpf_hw_output_report(), a writable hid_device.name in hid_bpf_ops
 * programs). Linux 7.0 renamed the kfunc that sets a workqueue's callback
 * from bpf_wq_set_callback_impl() to bpf_wq_set_callback() (the verifier
 * now fills the last argument in); the old name is still in the BTF but
 * can no longer be called. Called with the same registers (wq, callback,
 * 0, NULL) both work, so this file uses the old name and the module looks
 * the new one up where the kernel has it (gen/hbf-gen records where the
 * loader keeps that name, hbf_apply_renames() rewrites it).
 *
 * The timer and the workqueue live in a BPF map and only work while the
 * map has a user reference: the module holds one on each of the fix's
 * maps for as long as the fix is attached (hbf_hold_maps(); udev-hid-bpf
 * pins its maps for the same reason). Without it the switch to raw mode
 * would only happen when the probe can send it, and not after a
 * reconnection.
 *
 * Where the facts come from: selftests/data/XPPen__ACK05@vendor/SOURCES.md
 * (the upstream kernel's drivers/hid/bpf/progs/XPPen__ACK05.bpf.c for the
 * IDs, sizes, the 102-byte descriptor, the raw mode and its reports; a
 * recording in linuxwacom/wacom-hid-descriptors, issue #415, for the
 * vendor interface's 36 bytes).
 */

/*
 * Kernel types and kfuncs this fix needs that progs/hid_bpf_fix.h does not
 * declare. struct bpf_wq is UAPI since 6.10: a newer <linux/bpf.h> has it,
 * the build host's may not, so the header's copy (if any) is renamed out of
 * the way and ours is used; the verifier only looks at its name and size.
 */
#define bpf_wq hbf_uapi_bpf_wq
#include "hid_bpf_fix.h"
#undef bpf_wq

struct bpf_wq {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __ksym;
extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __ksym;
extern int bpf_wq_set_callback_impl(struct bpf_wq *wq,
				    int (callback_fn)(void *map, int *key, void *value),
				    unsigned int flags, void *aux__ign) __ksym;
extern int hid_bpf_hw_output_report(struct hid_bpf_ctx *ctx, __u8 *buf,
				    __u64 buf__sz) __ksym;

#define CLOCK_MONOTONIC		1

/* ---- the device ---- */

#define VID_UGEE		0x28BD
#define PID_ACK05		0x0202	/* by cable and through the dongle */

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_UGEE, PID_ACK05)
);

HID_BPF_DESCRIPTION("XP-Pen ACK05 remote: raw mode, the 10 buttons and the wheel as a tablet pad, battery; the keyboard interfaces disabled");
HID_BPF_SYMPTOM("The remote types shortcuts (Ctrl+O, F5, Ctrl+Z...) and buttons 8 and 10 both type z, so they cannot be told apart; it is no tablet pad and its battery is not shown");

#define KBD_CABLE_RDESC_SIZE	102
#define KBD_DONGLE_RDESC_SIZE	177
#define PEN_RDESC_SIZE		109
#define VENDOR_RDESC_SIZE	36

#define VENDOR_REPORT_ID	0x02
#define VENDOR_REPORT_LEN	12
#define RAW_PAD			0xf0	/* second byte of a raw pad report */
#define RAW_BATTERY		0xf2
#define RAW_CONNECTED		0xf8
#define PAD_REPORT_LEN		8	/* our report 0xf0, with its ID */
#define BATTERY_REPORT_LEN	5	/* our report 0xf2, with its ID */
#define PAD_WHEEL_AT		7
#define WHEEL_CCW_RAW		0x02
#define WHEEL_CCW		0xff	/* -1 */

static const __u8 kbd_cable_rdesc[KBD_CABLE_RDESC_SIZE] = {
	0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x09, 0x09, 0x01, 0xa1, 0x00,
	0x05, 0x09, 0x19, 0x01, 0x29, 0x03, 0x15, 0x00, 0x25, 0x01, 0x95, 0x03,
	0x75, 0x01, 0x81, 0x02, 0x95, 0x05, 0x81, 0x01,
	0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x26, 0xff, 0x7f, 0x95, 0x02, 0x75,
	0x10, 0x81, 0x02,
	0x05, 0x0d, 0x09, 0x30, 0x26, 0xff, 0x07, 0x95, 0x01, 0x75, 0x10, 0x81,
	0x02,
	0xc0, 0xc0,
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x06,
	0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01,
	0x95, 0x08, 0x81, 0x02,
	0x05, 0x07, 0x19, 0x00, 0x29, 0xff, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95,
	0x06, 0x81, 0x00,
	0xc0,
};

static const __u8 vendor_rdesc[VENDOR_RDESC_SIZE] = {
	0x06, 0x0a, 0xff, 0x09, 0x01, 0xa1, 0x01,
	0x85, VENDOR_REPORT_ID,
	0x09, 0x02, 0x75, 0x08, 0x95, 0x0b, 0x15, 0x00, 0x26, 0xff, 0x00, 0x81, 0x02,
	0x09, 0x03, 0x75, 0x08, 0x95, 0x3f, 0x15, 0x00, 0x26, 0xff, 0x00, 0x91, 0x02,
	0xc0,
};

/* What a disabled interface declares: one constant 12-byte report. */
static const __u8 disabled_rdesc[] = {
	0x06, 0xff, 0xff,	/* Usage Page (0xffff) */
	0x09, 0x01,		/* Usage (1) */
	0xa1, 0x00,		/* Collection (Physical) */
	0x85, 0xac,		/*  Report ID (0xac) */
	0x75, 0x08,		/*  Report Size (8) */
	0x95, 0x0b,		/*  Report Count (11) */
	0x81, 0x01,		/*  Input (Cnst,Arr,Abs) */
	0xc0,			/* End Collection */
};

static const char disabled_name[] = "Hanvon Ugee Shortcut Remote (disabled by hid-bpf-fixes)";

/* Appended to the vendor interface's descriptor. */
static const __u8 vendor_rdesc_added[] = {
	0x05, 0x01,		/* Usage Page (Generic Desktop) */
	0x09, 0x07,		/* Usage (Keypad) */
	0xa1, 0x01,		/* Collection (Application) */
	0x85, RAW_PAD,		/*  Report ID (0xf0)		byte 0 */
	0x95, 0x01,		/*  Report Count (1)		byte 1: the raw */
	0x75, 0x08,		/*  Report Size (8)		report's f0 */
	0x81, 0x01,		/*  Input (Cnst,Arr,Abs) */
	0x25, 0x00,		/*  Logical Maximum (0)		(overridden */
	0x25, 0x01,		/*  Logical Maximum (1)		 right away) */
	0x05, 0x0d,		/*  Usage Page (Digitizers) */
	0x09, 0x39,		/*  Usage (Tablet Function Keys) */
	0xa1, 0x00,		/*  Collection (Physical) */
	0x05, 0x09,		/*   Usage Page (Button)	bytes 2..3 */
	0x19, 0x01,		/*   Usage Minimum (1) */
	0x29, 0x0a,		/*   Usage Maximum (10) */
	0x15, 0x00,		/*   Logical Minimum (0) */
	0x25, 0x01,		/*   Logical Maximum (1) */
	0x95, 0x0a,		/*   Report Count (10)		BTN_0..BTN_9 */
	0x75, 0x01,		/*   Report Size (1) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x09, 0x31,		/*   Usage (Button 49)		BTN_A, a bit */
	0x95, 0x01,		/*   Report Count (1)		that stays 0 */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x05,		/*   Report Count (5) */
	0x81, 0x01,		/*   Input (Cnst,Arr,Abs) */
	0x05, 0x0d,		/*   Usage Page (Digitizers)	byte 4 */
	0x09, 0x44,		/*   Usage (Barrel Switch)	BTN_STYLUS */
	0x95, 0x01,		/*   Report Count (1) */
	0x75, 0x01,		/*   Report Size (1) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x95, 0x07,		/*   Report Count (7) */
	0x81, 0x01,		/*   Input (Cnst,Arr,Abs) */
	0x05, 0x01,		/*   Usage Page (Generic Desktop) bytes 5, 6 */
	0x09, 0x30,		/*   Usage (X) */
	0x09, 0x31,		/*   Usage (Y) */
	0x95, 0x02,		/*   Report Count (2) */
	0x75, 0x08,		/*   Report Size (8) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x09, 0x38,		/*   Usage (Wheel)		byte 7 */
	0x15, 0xff,		/*   Logical Minimum (-1) */
	0x25, 0x01,		/*   Logical Maximum (1) */
	0x95, 0x01,		/*   Report Count (1) */
	0x75, 0x08,		/*   Report Size (8) */
	0x81, 0x06,		/*   Input (Data,Var,Rel) */
	0xc0,			/*  End Collection */
	0x85, RAW_BATTERY,	/*  Report ID (0xf2)		byte 0 */
	0x95, 0x01,		/*  Report Count (1)		byte 1: f2 */
	0x75, 0x08,		/*  Report Size (8) */
	0x81, 0x01,		/*  Input (Cnst,Arr,Abs) */
	0x81, 0x01,		/*  Input (Cnst,Arr,Abs)	byte 2: always 1 */
	0x05, 0x0d,		/*  Usage Page (Digitizers) */
	0x09, 0x20,		/*  Usage (Stylus)		so that the kernel */
	0xa1, 0x00,		/*  Collection (Physical)	does not poll it */
	0x05, 0x85,		/*   Usage Page (Battery System) byte 3 */
	0x09, 0x65,		/*   Usage (Absolute State of Charge) */
	0x15, 0x00,		/*   Logical Minimum (0) */
	0x25, 0x64,		/*   Logical Maximum (100) */
	0x95, 0x01,		/*   Report Count (1) */
	0x75, 0x08,		/*   Report Size (8) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0x09, 0x44,		/*   Usage (Charging)		byte 4 */
	0x15, 0x00,		/*   Logical Minimum (0) */
	0x25, 0x01,		/*   Logical Maximum (1) */
	0x95, 0x01,		/*   Report Count (1) */
	0x75, 0x08,		/*   Report Size (8) */
	0x81, 0x02,		/*   Input (Data,Var,Abs) */
	0xc0,			/*  End Collection */
	0xc0,			/* End Collection */
};

_Static_assert(sizeof(vendor_rdesc_added) == 133, "133 bytes are appended");

/* The output report that switches the remote to raw mode. */
static __u8 raw_mode_cmd[32] = { VENDOR_REPORT_ID, 0xb0, 0x04, 0x00, 0x00 };

/* ---- switching to raw mode, later, from a workqueue ---- */

#define MSEC			1000000ULL	/* in ns */
#define SWITCH_AFTER_FIXUP	(50 * MSEC)	/* let the driver start it */
#define SWITCH_AFTER_CONNECT	(10 * MSEC)
#define SWITCH_RETRY		(100 * MSEC)
#define SWITCH_TRIES		10

struct ack05_async {
	struct bpf_timer timer;	/* waits, then starts the work */
	struct bpf_wq work;	/* sends the output report */
	__u32 hid;		/* the vendor interface's hid_device id */
	__u32 tries;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ack05_async);
} ack05_async_map SEC(".maps");

/* set by the probe: which interface this instance serves, its hid id */
static __u32 ack05_rdesc_size;
static __u32 ack05_hid_id;

static __always_inline int ack05_send_raw_mode(struct hid_bpf_ctx *hctx)
{
	return hid_bpf_hw_output_report(hctx, raw_mode_cmd, sizeof(raw_mode_cmd));
}

/* Workqueue callback, may sleep: send the switch, retry a few times. */
static int ack05_switch_work(void *map, int *key, void *value)
{
	struct ack05_async *a = value;
	struct hid_bpf_ctx *hctx;
	int err;

	hctx = hid_bpf_allocate_context(a->hid);
	if (!hctx)
		return 0;	/* the device is gone */
	err = ack05_send_raw_mode(hctx);
	hid_bpf_release_context(hctx);

	/* not parsed or not started yet, or a transfer error: again later */
	if (err < 0 && a->tries < SWITCH_TRIES) {
		a->tries++;
		bpf_timer_start(&a->timer, SWITCH_RETRY, 0);
	}
	return 0;
}

/* Timer callback, in softirq: hand over to the workqueue. */
static int ack05_switch_due(void *map, int *key, void *value)
{
	struct ack05_async *a = value;

	bpf_wq_start(&a->work, 0);
	return 0;
}

static __always_inline struct ack05_async *ack05_async_get(void)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&ack05_async_map, &key);
}

/* Set the timer and the workqueue up; 0 when ready (even if already). */
static __always_inline int ack05_async_setup(struct ack05_async *a)
{
	int err;

	err = bpf_timer_init(&a->timer, &ack05_async_map, CLOCK_MONOTONIC);
	if (err && err != -EBUSY)
		return err;
	err = bpf_wq_init(&a->work, &ack05_async_map, 0);
	if (err && err != -EBUSY)
		return err;
	err = bpf_timer_set_callback(&a->timer, ack05_switch_due);
	if (err)
		return err;
	err = bpf_wq_set_callback_impl(&a->work, ack05_switch_work, 0, NULL);
	if (err)
		return err;
	a->hid = ack05_hid_id;
	return 0;
}

static __always_inline void ack05_switch_later(struct ack05_async *a, __u64 delay)
{
	a->tries = 0;
	bpf_timer_start(&a->timer, delay, 0);
}

/* ---- the programs ---- */

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(ack05_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);
	struct ack05_async *a;

	if (!data || hctx->size != ack05_rdesc_size)
		return 0;

	switch (ack05_rdesc_size) {
	case VENDOR_RDESC_SIZE:
		/* keep the vendor report 2 (and its output), add ours */
		__builtin_memcpy(data + VENDOR_RDESC_SIZE, vendor_rdesc_added,
				 sizeof(vendor_rdesc_added));
		a = ack05_async_get();
		if (a && !ack05_async_setup(a))
			ack05_switch_later(a, SWITCH_AFTER_FIXUP);
		return VENDOR_RDESC_SIZE + sizeof(vendor_rdesc_added);
	case KBD_CABLE_RDESC_SIZE:
	case KBD_DONGLE_RDESC_SIZE:
	case PEN_RDESC_SIZE:
		__builtin_memcpy(hctx->hid->name, disabled_name, sizeof(disabled_name));
		__builtin_memcpy(data, disabled_rdesc, sizeof(disabled_rdesc));
		return sizeof(disabled_rdesc);
	}
	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(ack05_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, PAD_REPORT_LEN);
	struct ack05_async *a;

	if (!data || hctx->size < PAD_REPORT_LEN || data[0] != VENDOR_REPORT_ID)
		return 0;

	switch (data[1]) {
	case RAW_PAD:
		data[0] = RAW_PAD;
		if (data[PAD_WHEEL_AT] == WHEEL_CCW_RAW)
			data[PAD_WHEEL_AT] = WHEEL_CCW;
		return PAD_REPORT_LEN;
	case RAW_BATTERY:
		data[0] = RAW_BATTERY;
		return BATTERY_REPORT_LEN;
	case RAW_CONNECTED:
		/* back in keyboard mode: switch again (the report goes on) */
		if (data[2] == 0x02 && data[3] == 0x01) {
			a = ack05_async_get();
			if (a)
				ack05_switch_later(a, SWITCH_AFTER_CONNECT);
		}
		return 0;
	}
	return 0;
}

HID_BPF_OPS(xppen_ack05) = {
	.hid_rdesc_fixup = (void *)ack05_rdesc,
	.hid_device_event = (void *)ack05_event,
};

/*
 * The cable keyboard/mouse and the vendor interface must match byte for
 * byte; the dongle's keyboard/mouse and the pen interface are known by
 * their sizes only (no copy of them is published). The vendor interface
 * is switched to raw mode right away if it can be (the device already
 * runs); if not, the descriptor fixup schedules it.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	struct hid_bpf_ctx *hctx;
	__u32 size = ctx->rdesc_size;

	ctx->retval = -EINVAL;
	if (hbf_rdesc_matches(ctx, VENDOR_RDESC_SIZE, 0, vendor_rdesc,
			      VENDOR_RDESC_SIZE)) {
		hctx = hid_bpf_allocate_context(ctx->hid);
		if (hctx) {
			ack05_send_raw_mode(hctx);	/* fails until started */
			hid_bpf_release_context(hctx);
		}
	} else if (!hbf_rdesc_matches(ctx, KBD_CABLE_RDESC_SIZE, 0, kbd_cable_rdesc,
				      KBD_CABLE_RDESC_SIZE) &&
		   size != KBD_DONGLE_RDESC_SIZE && size != PEN_RDESC_SIZE) {
		return 0;
	}

	ack05_rdesc_size = size;
	ack05_hid_id = ctx->hid;
	ctx->retval = 0;
	return 0;
}

char _license[] SEC("license") = "GPL";
