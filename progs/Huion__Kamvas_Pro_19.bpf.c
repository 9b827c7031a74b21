// SPDX-License-Identifier: GPL-2.0-only
/*
 * Huion Kamvas Pro 19 (GT1902, USB 256c:006b) and Kamvas Pro 27 (GT2701,
 * USB 256c:006c) pen displays: the pen interface.
 *
 * The interface carries the pen (report 10), the touch screen (report 4)
 * and, since firmware HUION_M220_240524, a relative mouse, a vendor touch
 * pad report and a big vendor report appended after the original 328
 * bytes (438 bytes in all). Both layouts start with the same pen
 * collection, the only part this fix looks at:
 *
 *  off  bytes           item
 *    0  05 0d           Usage Page (Digitizers)
 *    2  09 02           Usage (Pen)
 *    4  a1 01           Collection (Application)
 *    6  85 0a             Report ID (10)
 *    8  09 20             Usage (Stylus)
 *   10  a1 01             Collection (Application)
 *   12  09 42               Usage (Tip Switch)            byte 1 bit 0
 *   14  09 44               Usage (Barrel Switch)         bit 1
 *   16  09 43               Usage (Secondary Tip Switch)  bit 2  <- wrong
 *   18  09 3c               Usage (Invert)                bit 3
 *   20  09 45               Usage (Eraser)                bit 4
 *   22  15 00               Logical Minimum (0)
 *   24  25 01               Logical Maximum (1)
 *   26  75 01               Report Size (1)
 *   28  95 06               Report Count (6)              bit 5 repeats Eraser
 *   30  81 02               Input (Data,Var,Abs)
 *   32  09 32               Usage (In Range)              bit 6
 *   34  75 01               Report Size (1)
 *   36  95 01               Report Count (1)
 *   38  81 02               Input (Data,Var,Abs)
 *   40  81 03               Input (Cnst,Var,Abs)          bit 7
 *   42  05 01               Usage Page (Generic Desktop)  then X, Y (16 bits
 *   ...                                                   each), Tip Pressure
 *   93  c0                End Collection                  (16 bits), X/Y Tilt
 *   94  c0              End Collection                    (-90..90, 8 bits)
 *
 * What the firmware gets wrong:
 *  - the second side button (bit 2) is declared a Secondary Tip Switch,
 *    which the kernel turns into a second BTN_TOUCH; it is a Secondary
 *    Barrel Switch (BTN_STYLUS2).
 *  - the third side button has no bit of its own: the pen sets Invert
 *    (bit 3), which the kernel reads as "eraser end in proximity".
 *    The pen's real eraser end sets Invert too, but only ever after the
 *    pen has been out of range: a pen that comes into range with Invert
 *    (or Eraser) set is the eraser end, Invert appearing on a pen already
 *    in range is the third button.
 *
 * The descriptor fix (328 -> 338 or 438 -> 448 bytes):
 *  - byte 17: Secondary Tip Switch (0x43) -> Secondary Barrel Switch (0x5a);
 *  - byte 29: Report Count 6 -> 5, so bit 5 is no longer a second Eraser;
 *  - 10 bytes inserted at offset 32, before In Range: bit 5 becomes
 *    Button 0x4a, which the kernel maps to BTN_MISC + 0x49 = BTN_STYLUS3:
 *        05 09    Usage Page (Button)
 *        09 4a    Usage (0x4a)
 *        95 01    Report Count (1)
 *        81 02    Input (Data,Var,Abs)
 *        05 0d    Usage Page (Digitizers)   (back for In Range)
 *    Everything after moves up by 10 bytes, unchanged.
 *
 * The event fix, on report 10 only: the fix follows the pen's proximity.
 * Out of range resets it; a pen coming into range with Invert or Eraser
 * set is the eraser end, and its reports pass untouched until it leaves.
 * Otherwise the Invert bit is moved to bit 5 (the third button).
 *
 * Huion reuses product IDs across models, so the probe also wants the
 * device's name (hctx->hid->name, the USB manufacturer and product
 * strings): only the two models above are known to have this pen.
 */

#include "huion.h"

#define VID_HUION		0x256C
#define PID_KAMVAS_PRO_19	0x006B
#define PID_KAMVAS_PRO_27	0x006C

HID_BPF_CONFIG(
	/* the interface is a Win8 multitouch one (group 6), any group will do */
	HID_DEVICE(BUS_USB, 0, VID_HUION, PID_KAMVAS_PRO_19),
	HID_DEVICE(BUS_USB, 0, VID_HUION, PID_KAMVAS_PRO_27)
);

HID_BPF_DESCRIPTION("Huion Kamvas Pro 19/27: second pen button as BTN_STYLUS2, third button as BTN_STYLUS3 instead of Invert");
HID_BPF_SYMPTOM("The pen's second side button registers as the pen touching the screen, and the third side button turns the pen into an eraser");

#define K19_NAME_GT1902		"HUION Huion Tablet_GT1902"
#define K19_NAME_GT2701		"HUION Huion Tablet_GT2701"
/*
 * The kernel's HID selftests (tools/testing/selftests/hid/tests) create
 * their uhid devices as "uhid test " and the real device's name
 * ("uhid test HUION Huion Tablet_GT1902" in test_tablet.py): the probe
 * takes a name behind that prefix too, so that those tests see the fix.
 */
#define K19_TEST_PREFIX		"uhid test "

#define K19_RDESC_SIZE		328	/* original firmware */
#define K19_RDESC_SIZE_240524	438	/* firmware HUION_M220_240524 */

#define K19_SEC_SWITCH_AT	17	/* the usage of bit 2 */
#define K19_BITS_COUNT_AT	29	/* Report Count of bits 0..5 */
#define K19_INSERT_AT		32	/* Usage (In Range) */

/* The pen collection up to the end of byte 1 of report 10. */
static const __u8 k19_pen_head[] = {
	0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x0a,
	0x09, 0x20, 0xa1, 0x01, 0x09, 0x42, 0x09, 0x44,
	0x09, 0x43, 0x09, 0x3c, 0x09, 0x45, 0x15, 0x00,
	0x25, 0x01, 0x75, 0x01, 0x95, 0x06, 0x81, 0x02,
	0x09, 0x32, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02,
	0x81, 0x03,
};

/* Bit 5 of byte 1: the third button. */
static const __u8 k19_third_button[] = {
	0x05, 0x09,		/* Usage Page (Button) */
	0x09, 0x4a,		/* Usage (0x4a): BTN_STYLUS3 */
	0x95, 0x01,		/* Report Count (1) */
	0x81, 0x02,		/* Input (Data,Var,Abs) */
	0x05, 0x0d,		/* Usage Page (Digitizers) */
};

#define K19_INSERT_LEN		sizeof(k19_third_button)

/* Report 10, byte 1 */
#define K19_PEN_REPORT_ID	0x0a
#define K19_TIP			0x01
#define K19_INVERT		0x08
#define K19_ERASER		0x10
#define K19_THIRD_BUTTON	0x20	/* after the fix */
#define K19_IN_RANGE		0x40

/* Where the descriptor's tail waits while the third button goes in. */
static __u8 k19_tail[K19_RDESC_SIZE_240524 - K19_INSERT_AT];

/* Pen state: per device, like every global of a fix. */
static __u8 k19_was_out_of_range;
static __u8 k19_eraser_end;

static __always_inline int k19_fix(__u8 *data, const unsigned int size)
{
	const unsigned int tail = size - K19_INSERT_AT;

	__builtin_memcpy(k19_tail, data + K19_INSERT_AT, tail);
	data[K19_SEC_SWITCH_AT] = HID_DG_SECONDARY_BARREL_SWITCH;
	data[K19_BITS_COUNT_AT] = 5;
	__builtin_memcpy(data + K19_INSERT_AT, k19_third_button, K19_INSERT_LEN);
	__builtin_memcpy(data + K19_INSERT_AT + K19_INSERT_LEN, k19_tail, tail);

	return size + K19_INSERT_LEN;
}

SEC(HID_BPF_RDESC_FIXUP)
int BPF_PROG(k19_fix_rdesc, struct hid_bpf_ctx *hctx)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, HID_MAX_DESCRIPTOR_SIZE);

	if (!data)
		return 0;

	/* the probe checked the rest; this only keeps a second run harmless */
	if (data[K19_SEC_SWITCH_AT] != HID_DG_SECONDARY_TIP_SWITCH)
		return 0;

	if (hctx->size == K19_RDESC_SIZE)
		return k19_fix(data, K19_RDESC_SIZE);
	if (hctx->size == K19_RDESC_SIZE_240524)
		return k19_fix(data, K19_RDESC_SIZE_240524);

	return 0;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(k19_fix_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, 2);

	if (!data || type != HID_INPUT_REPORT || hctx->size < 2 ||
	    data[0] != K19_PEN_REPORT_ID)
		return 0;

	if (!(data[1] & K19_IN_RANGE)) {
		k19_was_out_of_range = 1;
		k19_eraser_end = 0;
		return 0;
	}

	/* the eraser end announces itself on its first report in range */
	if (k19_was_out_of_range && (data[1] & (K19_INVERT | K19_ERASER)))
		k19_eraser_end = 1;
	if (k19_eraser_end)
		return 0;

	if (data[1] & K19_INVERT)
		data[1] = (data[1] & ~K19_INVERT) | K19_THIRD_BUTTON;
	k19_was_out_of_range = 0;

	return 0;
}

HID_BPF_OPS(kamvas_pro_19) = {
	.hid_rdesc_fixup = (void *)k19_fix_rdesc,
	.hid_device_event = (void *)k19_fix_event,
};

/*
 * Are the @len bytes of @name from @off those of @want? Constant offsets
 * only: the verifier reads hid->name at fixed places.
 */
#define k19_bytes_are(name, off, want, len)				\
({									\
	int __same = 1;							\
	unsigned int __i;						\
									\
	_Pragma("unroll")						\
	for (__i = 0; __i < (len); __i++)				\
		if ((name)[(off) + __i] != (want)[__i])			\
			__same = 0;					\
	__same;								\
})

/* One of the two models' names, terminator included, from @off. */
#define k19_model_at(name, off)						\
	(k19_bytes_are(name, off, K19_NAME_GT1902, sizeof(K19_NAME_GT1902)) || \
	 k19_bytes_are(name, off, K19_NAME_GT2701, sizeof(K19_NAME_GT2701)))

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	struct hid_bpf_ctx *hctx;
	int known = 0;

	ctx->retval = -EINVAL;

	if (!hbf_rdesc_matches(ctx, K19_RDESC_SIZE, 0, k19_pen_head,
			       sizeof(k19_pen_head)) &&
	    !hbf_rdesc_matches(ctx, K19_RDESC_SIZE_240524, 0, k19_pen_head,
			       sizeof(k19_pen_head)))
		return 0;

	hctx = hid_bpf_allocate_context(ctx->hid);
	if (!hctx)
		return 0;
	known = k19_model_at(hctx->hid->name, 0) ||
		(k19_bytes_are(hctx->hid->name, 0, K19_TEST_PREFIX,
			       sizeof(K19_TEST_PREFIX) - 1) &&
		 k19_model_at(hctx->hid->name, sizeof(K19_TEST_PREFIX) - 1));
	hid_bpf_release_context(hctx);

	if (known)
		ctx->retval = 0;
	return 0;
}

char _license[] SEC("license") = "GPL";
