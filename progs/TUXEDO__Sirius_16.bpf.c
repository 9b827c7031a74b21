// SPDX-License-Identifier: GPL-2.0-only
/*
 * TUXEDO Sirius 16 Gen1 and Gen2 laptops: the internal keyboard, an ITE
 * controller on USB, 048d:8910.
 *
 * Next to F12 the keyboard has a "fan" key. Alone it sends F14. With Fn
 * held, the embedded controller locks the fans at full speed and the
 * keyboard also reports F13, which desktops bind to something else
 * (KDE Plasma opens its system settings). The fix drops that F13, so the
 * shortcut only does what it is meant to.
 *
 * The keyboard sends its keys in input report 1, 37 bytes long:
 *
 *   byte 0        report ID (1)
 *   byte 1        modifier keys, one bit each
 *   byte 2        reserved
 *   bytes 3..8    the first six keys held, as Keyboard usage IDs (array)
 *   bytes 9..36   every further key, one bit per Keyboard usage, usage u
 *                 in bit u % 8 of byte 9 + u / 8 (bitmap)
 *
 * F13 is Keyboard usage 0x68: a 0x68 in bytes 3..8, or bit 0 of byte 22.
 * The fix clears both. Other reports, and the descriptor, are unchanged.
 *
 * 048d:8910 is not the Sirius' own ID: ITE uses it for the keyboard
 * backlight controllers of many other laptops, which have other
 * descriptors. No copy of the Sirius keyboard's descriptor is published,
 * so the probe cannot compare bytes; it reads the descriptor instead and
 * accepts it only if report 1 is laid out exactly as above: 36 bytes of
 * input after the ID, bytes 3..8 a 6 x 8-bit array of Keyboard usages
 * whose value 0x68 means F13, and bit 0 of byte 22 a 1-bit Keyboard
 * variable for usage 0x68. A backlight controller (vendor-defined
 * reports) or any other layout is refused.
 */

#include "hid_bpf_fix.h"

#define VID_ITE			0x048D
#define PID_ITE_8910		0x8910	/* Sirius keyboard, and others */

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, VID_ITE, PID_ITE_8910)
);

HID_BPF_DESCRIPTION("TUXEDO Sirius 16 Gen1/Gen2: drop the F13 press the Fn+fan shortcut adds to its fan lock");
HID_BPF_SYMPTOM("Fn+fan locks the fans but also presses F13, which desktops bind to something else (KDE Plasma opens its system settings)");

#define SIRIUS_KEYS_REPORT_ID	1
#define SIRIUS_KEYS_REPORT_LEN	37	/* with the report ID */
#define SIRIUS_ARRAY_FIRST	3	/* bytes 3..8: the six-key array */
#define SIRIUS_ARRAY_LAST	8
#define SIRIUS_BITMAP_AT	9	/* bytes 9..36: one bit per usage */

#define HID_UP_KEYBOARD		0x0007
#define KBD_F13			0x68	/* Keyboard usage ID of F13 */

/* where F13 lands in the bitmap */
#define SIRIUS_F13_BYTE		(SIRIUS_BITMAP_AT + KBD_F13 / 8)
#define SIRIUS_F13_BIT		(KBD_F13 % 8)

_Static_assert(SIRIUS_F13_BYTE == 22 && SIRIUS_F13_BIT == 0,
	       "F13 is bit 0 of byte 22");

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(sirius_no_f13, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data;
	int i;

	if (hctx->size < SIRIUS_KEYS_REPORT_LEN)
		return 0;

	data = hid_bpf_get_data(hctx, 0 /* offset */, SIRIUS_KEYS_REPORT_LEN);
	if (!data || data[0] != SIRIUS_KEYS_REPORT_ID)
		return 0;

	/* the six-key array: 0 is "no key" */
	for (i = SIRIUS_ARRAY_FIRST; i <= SIRIUS_ARRAY_LAST; i++)
		if (data[i] == KBD_F13)
			data[i] = 0;

	/* the bitmap */
	data[SIRIUS_F13_BYTE] &= ~(1 << SIRIUS_F13_BIT);

	return 0;
}

HID_BPF_OPS(tuxedo_sirius_16) = {
	.hid_device_event = (void *)sirius_no_f13,
};

/*
 * The probe: a small report descriptor reader.
 *
 * It walks the items (short items only; a long item, Push or Pop makes it
 * give up and refuse), keeps the global and local state that sizes and
 * names Input fields, and follows the Input fields of report 1, counting
 * their bits from bit 0 of byte 1. The probe's context cannot be indexed
 * with a variable offset, so the descriptor is first copied to a global
 * buffer; the walk runs under bpf_loop(), one item per call.
 */

/* report 1 bit positions, counted from bit 0 of byte 1 */
#define SIRIUS_BIT(byte, bit)	(((byte) - 1) * 8 + (bit))
#define SIRIUS_ARRAY_START	SIRIUS_BIT(SIRIUS_ARRAY_FIRST, 0)
#define SIRIUS_ARRAY_END	SIRIUS_BIT(SIRIUS_ARRAY_LAST + 1, 0)
#define SIRIUS_F13_POS		SIRIUS_BIT(SIRIUS_F13_BYTE, SIRIUS_F13_BIT)
#define SIRIUS_INPUT_BITS	SIRIUS_BIT(SIRIUS_KEYS_REPORT_LEN, 0)

/* short item prefixes, size bits masked off (HID 1.11, 6.2.2.4 to 6.2.2.8) */
#define ITEM_INPUT		0x80
#define ITEM_OUTPUT		0x90
#define ITEM_COLLECTION		0xa0
#define ITEM_FEATURE		0xb0
#define ITEM_END_COLLECTION	0xc0
#define ITEM_USAGE_PAGE		0x04
#define ITEM_LOGICAL_MIN	0x14
#define ITEM_LOGICAL_MAX	0x24
#define ITEM_REPORT_SIZE	0x74
#define ITEM_REPORT_ID		0x84
#define ITEM_REPORT_COUNT	0x94
#define ITEM_PUSH		0xa4
#define ITEM_POP		0xb4
#define ITEM_USAGE_MIN		0x18
#define ITEM_USAGE_MAX		0x28
#define ITEM_LONG		0xfe

#define MAIN_CONSTANT		0x01	/* Input flags */
#define MAIN_VARIABLE		0x02

struct sirius_reader {
	__u32 pos;		/* next item */
	__u32 size;		/* descriptor length */
	__u32 usage_page;
	__u32 report_size;
	__u32 report_count;
	__u32 report_id;
	__s32 logical_min;
	__s32 logical_max;
	__u32 usage_min;	/* local: page in the upper 16 bits, or 0 */
	__u32 usage_min_id;	/* local: usage ID */
	__u32 usage_max_id;
	__u32 has_range;	/* local: both Usage Minimum and Maximum seen */
	__u32 bits;		/* input bits of report 1 so far */
	__u32 array_ok;
	__u32 bitmap_ok;
	__u32 bad;
};

static struct sirius_reader rdr;
static __u8 rdesc_copy[HID_MAX_DESCRIPTOR_SIZE] __attribute__((aligned(8)));

#define RDESC_MASK		(HID_MAX_DESCRIPTOR_SIZE - 1)

/* One Input field of report 1: is it one the event fix relies on? */
static __always_inline void sirius_check_input(__u32 flags)
{
	__u32 start = rdr.bits, end;
	__u32 page = rdr.usage_min ? rdr.usage_min : rdr.usage_page;

	end = start + rdr.report_size * rdr.report_count;
	rdr.bits = end;

	/* fields overlapping the six-key array must be exactly that array */
	if (start < SIRIUS_ARRAY_END && end > SIRIUS_ARRAY_START) {
		if (start != SIRIUS_ARRAY_START || end != SIRIUS_ARRAY_END ||
		    rdr.report_size != 8 || (flags & (MAIN_CONSTANT | MAIN_VARIABLE)) ||
		    page != HID_UP_KEYBOARD || !rdr.has_range ||
		    rdr.logical_min > KBD_F13 || rdr.logical_max < KBD_F13 ||
		    rdr.usage_min_id + (KBD_F13 - rdr.logical_min) != KBD_F13 ||
		    rdr.usage_max_id < KBD_F13) {
			rdr.bad = 1;
			return;
		}
		rdr.array_ok = 1;
	}

	/* the field holding bit 0 of byte 22 must be F13's bitmap bit */
	if (start <= SIRIUS_F13_POS && end > SIRIUS_F13_POS) {
		if (rdr.report_size != 1 || (flags & MAIN_CONSTANT) ||
		    !(flags & MAIN_VARIABLE) || page != HID_UP_KEYBOARD ||
		    !rdr.has_range ||
		    rdr.usage_min_id + (SIRIUS_F13_POS - start) != KBD_F13 ||
		    rdr.usage_max_id < KBD_F13) {
			rdr.bad = 1;
			return;
		}
		rdr.bitmap_ok = 1;
	}
}

static __always_inline void sirius_clear_locals(void)
{
	rdr.usage_min = 0;
	rdr.usage_min_id = 0;
	rdr.usage_max_id = 0;
	rdr.has_range = 0;
}

/* bpf_loop() callback: read the item at rdr.pos; 1 stops the walk */
static long sirius_read_item(__u64 index, void *unused)
{
	__u32 pos = rdr.pos, len, tag, data = 0;
	__s32 sdata;
	__u8 prefix;

	if (pos >= rdr.size || pos >= HID_MAX_DESCRIPTOR_SIZE)
		return 1;
	prefix = rdesc_copy[pos & RDESC_MASK];
	if (prefix == ITEM_LONG) {
		rdr.bad = 1;
		return 1;
	}
	len = prefix & 0x03;
	if (len == 3)
		len = 4;
	if (pos + 1 + len > rdr.size) {
		rdr.bad = 1;
		return 1;
	}
	if (len >= 1)
		data = rdesc_copy[(pos + 1) & RDESC_MASK];
	if (len >= 2)
		data |= rdesc_copy[(pos + 2) & RDESC_MASK] << 8;
	if (len == 4) {
		data |= rdesc_copy[(pos + 3) & RDESC_MASK] << 16;
		data |= (__u32)rdesc_copy[(pos + 4) & RDESC_MASK] << 24;
	}
	sdata = len == 1 ? (__s8)data : len == 2 ? (__s16)data : (__s32)data;
	rdr.pos = pos + 1 + len;

	tag = prefix & 0xfc;
	switch (tag) {
	case ITEM_USAGE_PAGE:
		rdr.usage_page = data & 0xffff;
		break;
	case ITEM_LOGICAL_MIN:
		rdr.logical_min = sdata;
		break;
	case ITEM_LOGICAL_MAX:
		/* as Linux reads it: unsigned unless the minimum is negative */
		rdr.logical_max = rdr.logical_min < 0 ? sdata : (__s32)data;
		break;
	case ITEM_REPORT_SIZE:
		rdr.report_size = data;
		break;
	case ITEM_REPORT_ID:
		rdr.report_id = data;
		break;
	case ITEM_REPORT_COUNT:
		rdr.report_count = data;
		break;
	case ITEM_PUSH:
	case ITEM_POP:
		rdr.bad = 1;
		return 1;
	case ITEM_USAGE_MIN:
		rdr.usage_min_id = data & 0xffff;
		rdr.usage_min = len == 4 ? data >> 16 : 0;
		rdr.has_range |= 1;
		break;
	case ITEM_USAGE_MAX:
		rdr.usage_max_id = data & 0xffff;
		rdr.has_range |= 2;
		break;
	case ITEM_INPUT:
		if (rdr.report_id == SIRIUS_KEYS_REPORT_ID) {
			rdr.has_range = rdr.has_range == 3;
			sirius_check_input(data);
		}
		sirius_clear_locals();
		break;
	case ITEM_OUTPUT:
	case ITEM_FEATURE:
	case ITEM_COLLECTION:
	case ITEM_END_COLLECTION:
		sirius_clear_locals();
		break;
	default:
		break;
	}

	return rdr.bad || rdr.bits > SIRIUS_INPUT_BITS;
}

SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	const __u64 *src = __builtin_assume_aligned(ctx->rdesc, 8);
	volatile __u64 *dst = (volatile __u64 *)rdesc_copy;
	int i;

	ctx->retval = -EINVAL;
	if (ctx->rdesc_size > HID_MAX_DESCRIPTOR_SIZE)
		return 0;

	/* rdesc sits at offset 8 of the context: 8-byte loads, constant offsets */
#pragma unroll
	for (i = 0; i < HID_MAX_DESCRIPTOR_SIZE / 8; i++)
		dst[i] = src[i];

	__builtin_memset(&rdr, 0, sizeof(rdr));
	rdr.size = ctx->rdesc_size;

	/* at most one item per descriptor byte */
	bpf_loop(HID_MAX_DESCRIPTOR_SIZE, sirius_read_item, NULL, 0);

	if (!rdr.bad && rdr.array_ok && rdr.bitmap_ok &&
	    rdr.bits == SIRIUS_INPUT_BITS)
		ctx->retval = 0;
	return 0;
}

char _license[] SEC("license") = "GPL";
