// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wacom Art Pen (tool type 0x0804) on the Wacom Intuos Pro M (PTH-660,
 * USB 056a:0357).
 *
 * On this tablet the Art Pen only measures its pressure every other
 * report: each new value comes twice, so strokes get stair-shaped. The
 * pen reports come on report 16 of the tablet's main interface, whose
 * report descriptor is 949 bytes (firmware 1.45 and 1.50 differ in one
 * byte, elsewhere). Report 16 is declared in Wacom's vendor page 0xff0d,
 * which uses the digitizer usage numbers:
 *
 *  off  bytes           item
 *   52  06 0d ff        Usage Page (Vendor 0xff0d, Wacom)
 *   55  09 01           Usage (0x01)
 *   57  a1 01           Collection (Application)
 *   59  85 10             Report ID (16)
 *   61  09 20             Usage (0x20, stylus)
 *   63  a1 00             Collection (Physical)
 *   65  09 42               Usage (0x42, tip switch)      byte 1, bit 0
 *   67  09 44               Usage (0x44, barrel switch)   bit 1
 *   69  09 5a               Usage (0x5a, 2nd barrel sw.)  bit 2
 *   71  09 45               Usage (0x45, eraser)          bit 3
 *   73  09 3c               Usage (0x3c, invert)          bit 4
 *   75  09 32               Usage (0x32, in range)        bit 5
 *   77  09 36               Usage (0x36)                  bit 6
 *   79  15 00               Logical Minimum (0)
 *   81  25 01               Logical Maximum (1)
 *   83  75 01               Report Size (1)
 *   85  95 07               Report Count (7)
 *   87  81 02               Input (Data,Var,Abs)
 *   89  95 01               Report Count (1)
 *   91  81 03               Input (Cnst,Var,Abs)
 *   93  0a 30 01            Usage (0x130, X)              bytes 2..4
 *   96  65 11               Unit (cm)
 *   98  55 0d               Unit Exponent (-3)
 *  100  35 00               Physical Minimum (0)
 *  102  47 80 57 00 00      Physical Maximum (22400)
 *  107  15 00               Logical Minimum (0)
 *  109  27 00 af 00 00      Logical Maximum (44800)
 *  114  75 18               Report Size (24)
 *  116  95 01               Report Count (1)
 *  118  81 02               Input (Data,Var,Abs)
 *  120  0a 31 01            Usage (0x131, Y)              bytes 5..7
 *  123  47 d0 39 00 00      Physical Maximum (14800)
 *  128  27 a0 73 00 00      Logical Maximum (29600)
 *  133  81 02               Input (Data,Var,Abs)
 *  135  09 30               Usage (0x30, tip pressure)    bytes 8-9
 *  137  55 00               Unit Exponent (0)
 *  139  65 00               Unit (0x0)
 *  141  15 00               Logical Minimum (0)
 *  143  26 ff 1f            Logical Maximum (8191)
 *  146  75 10               Report Size (16)
 *  148  81 02               Input (Data,Var,Abs)
 *  150  09 3d               Usage (0x3d, X tilt)          byte 10
 *  152  09 3e               Usage (0x3e, Y tilt)          byte 11
 *  154  65 14               Unit (0x14)
 *  156  55 00               Unit Exponent (0)
 *  158  35 c0               Physical Minimum (-64)
 *  160  45 3f               Physical Maximum (63)
 *  162  15 c0               Logical Minimum (-64)
 *  164  25 3f               Logical Maximum (63)
 *  166  75 08               Report Size (8)
 *  168  95 02               Report Count (2)
 *  170  81 02               Input (Data,Var,Abs)
 *  172  09 41               Usage (0x41)                  bytes 12-13
 *  174  65 14               Unit (0x14)
 *  176  55 00               Unit Exponent (0)
 *  178  36 4c ff            Physical Minimum (-180)
 *  181  46 b3 00            Physical Maximum (179)
 *  184  16 7c fc            Logical Minimum (-900)
 *  187  26 83 03            Logical Maximum (899)
 *  190  75 10               Report Size (16)
 *  192  95 01               Report Count (1)
 *  194  81 0a               Input (Data,Var,Abs)
 *  196  0a 03 0d            Usage (0xd03)                 bytes 14-15
 *  199  65 00               Unit (0x0)
 *  201  55 00               Unit Exponent (0)
 *  203  15 00               Logical Minimum (0)
 *  205  26 ff 07            Logical Maximum (2047)
 *  208  75 10               Report Size (16)
 *  210  95 01               Report Count (1)
 *  212  81 02               Input (Data,Var,Abs)
 *  214  0a 32 01            Usage (0x132)                 byte 16
 *  217  15 00               Logical Minimum (0)
 *  219  25 3f               Logical Maximum (63)
 *  221  75 08               Report Size (8)
 *  223  95 01               Report Count (1)
 *  225  81 02               Input (Data,Var,Abs)
 *  227  09 5b               Usage (0x5b, serial)          bytes 17..20
 *  229  09 5c               Usage (0x5c)                  bytes 21..24
 *  231  17 00 00 00 80      Logical Minimum (-2147483648)
 *  236  27 ff ff ff 7f      Logical Maximum (2147483647)
 *  241  75 20               Report Size (32)
 *  243  95 02               Report Count (2)
 *  245  81 02               Input (Data,Var,Abs)
 *  247  09 77               Usage (0x77, tool type)       bytes 25-26
 *  249  15 00               Logical Minimum (0)
 *  251  26 ff 0f            Logical Maximum (4095)
 *  254  75 10               Report Size (16)
 *  256  95 01               Report Count (1)
 *  258  81 02               Input (Data,Var,Abs)
 *  260  c0                End Collection
 *
 * (bytes 232..246 are the serial numbers' 32-bit range, size and input.)
 *
 * What this fix does, on report 16 only and only while the tool type
 * (bytes 25-26, little endian) is the Art Pen's 0x0804: while the tip
 * (byte 1, bit 0) is down, every other report gets, instead of its own
 * pressure (bytes 8-9, little endian), the mean of it and the pressure
 * the previous report was given. The value a report ends up with is the
 * one remembered for the next. A report with the tip up resets this: the
 * remembered pressure becomes 0 and the next report with the tip down is
 * averaged. For instance pressures 100 100 200 200, the first one right
 * after the tip went down, come out as 50 100 150 200. This delays the
 * pressure by one report every other report, which is far less visible
 * than the steps. Other reports, and other tools, pass unchanged.
 *
 * The tablet is driven by hid-wacom, which HID-BPF runs before. The kernel
 * puts every Wacom device in HID_GROUP_WACOM (0x0101) unless special
 * drivers are disabled, then it is HID_GROUP_GENERIC: this fix matches any
 * group.
 */

#include "hid_bpf_fix.h"

#define VID_WACOM		0x056A
#define PID_INTUOS_PRO_2_M	0x0357

HID_BPF_CONFIG(
	HID_DEVICE(BUS_USB, 0 /* any group */, VID_WACOM, PID_INTUOS_PRO_2_M)
);

HID_BPF_DESCRIPTION("Wacom Art Pen on Intuos Pro M: pressure that updates every other report is smoothed");
HID_BPF_SYMPTOM("With the Art Pen, pressure only changes every other report, so the width of pressure-sensitive strokes changes in visible steps");

#define RDESC_SIZE		949
#define PEN_PART_AT		52	/* vendor application of report 16 */
#define PEN_PART_END		261

#define PEN_REPORT_ID		16
#define PEN_REPORT_SIZE		27
#define PEN_STATE_AT		1
#define PEN_PRESSURE_AT		8
#define PEN_TOOL_TYPE_AT	25

#define STATE_TIP		0x01
#define TOOL_ART_PEN		0x0804

static const __u8 pen_part_orig[PEN_PART_END - PEN_PART_AT] = {
	0x06, 0x0d, 0xff, 0x09, 0x01, 0xa1, 0x01, 0x85,
	0x10, 0x09, 0x20, 0xa1, 0x00, 0x09, 0x42, 0x09,
	0x44, 0x09, 0x5a, 0x09, 0x45, 0x09, 0x3c, 0x09,
	0x32, 0x09, 0x36, 0x15, 0x00, 0x25, 0x01, 0x75,
	0x01, 0x95, 0x07, 0x81, 0x02, 0x95, 0x01, 0x81,
	0x03, 0x0a, 0x30, 0x01, 0x65, 0x11, 0x55, 0x0d,
	0x35, 0x00, 0x47, 0x80, 0x57, 0x00, 0x00, 0x15,
	0x00, 0x27, 0x00, 0xaf, 0x00, 0x00, 0x75, 0x18,
	0x95, 0x01, 0x81, 0x02, 0x0a, 0x31, 0x01, 0x47,
	0xd0, 0x39, 0x00, 0x00, 0x27, 0xa0, 0x73, 0x00,
	0x00, 0x81, 0x02, 0x09, 0x30, 0x55, 0x00, 0x65,
	0x00, 0x15, 0x00, 0x26, 0xff, 0x1f, 0x75, 0x10,
	0x81, 0x02, 0x09, 0x3d, 0x09, 0x3e, 0x65, 0x14,
	0x55, 0x00, 0x35, 0xc0, 0x45, 0x3f, 0x15, 0xc0,
	0x25, 0x3f, 0x75, 0x08, 0x95, 0x02, 0x81, 0x02,
	0x09, 0x41, 0x65, 0x14, 0x55, 0x00, 0x36, 0x4c,
	0xff, 0x46, 0xb3, 0x00, 0x16, 0x7c, 0xfc, 0x26,
	0x83, 0x03, 0x75, 0x10, 0x95, 0x01, 0x81, 0x0a,
	0x0a, 0x03, 0x0d, 0x65, 0x00, 0x55, 0x00, 0x15,
	0x00, 0x26, 0xff, 0x07, 0x75, 0x10, 0x95, 0x01,
	0x81, 0x02, 0x0a, 0x32, 0x01, 0x15, 0x00, 0x25,
	0x3f, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0x09,
	0x5b, 0x09, 0x5c, 0x17, 0x00, 0x00, 0x00, 0x80,
	0x27, 0xff, 0xff, 0xff, 0x7f, 0x75, 0x20, 0x95,
	0x02, 0x81, 0x02, 0x09, 0x77, 0x15, 0x00, 0x26,
	0xff, 0x0f, 0x75, 0x10, 0x95, 0x01, 0x81, 0x02,
	0xc0,
};

/* the pressure the last report was given, and whether the next is odd */
static __u16 last_pressure;
static __u8 average_next;

static __always_inline __u16 get_le16(const __u8 *p)
{
	return p[0] | p[1] << 8;
}

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(artpen_events, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u8 *data = hid_bpf_get_data(hctx, 0 /* offset */, PEN_REPORT_SIZE);
	__u16 pressure;

	if (!data || type != HID_INPUT_REPORT || data[0] != PEN_REPORT_ID)
		return 0;

	if (get_le16(data + PEN_TOOL_TYPE_AT) != TOOL_ART_PEN)
		return 0;

	if (!(data[PEN_STATE_AT] & STATE_TIP)) {
		last_pressure = 0;
		average_next = 1;
		return 0;
	}

	pressure = get_le16(data + PEN_PRESSURE_AT);
	if (average_next) {
		pressure = (pressure + last_pressure) / 2;
		data[PEN_PRESSURE_AT] = pressure & 0xff;
		data[PEN_PRESSURE_AT + 1] = pressure >> 8;
	}
	last_pressure = pressure;
	average_next = !average_next;

	return 0;
}

HID_BPF_OPS(artpen) = {
	.hid_device_event = (void *)artpen_events,
};

/*
 * The 949-byte descriptor with report 16 exactly as above: the tablet's
 * other interfaces, and a firmware laying the pen report out otherwise,
 * are refused.
 */
SEC(HID_BPF_PROBE)
int probe(struct hid_bpf_probe_args *ctx)
{
	ctx->retval = hbf_rdesc_matches(ctx, RDESC_SIZE, PEN_PART_AT, pen_part_orig,
					sizeof(pen_part_orig)) ? 0 : -EINVAL;
	return 0;
}

char _license[] SEC("license") = "GPL";
