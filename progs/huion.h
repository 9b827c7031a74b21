/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the Huion fixes share: pieces of the report descriptors they write,
 * the layout of the tablet-mode vendor report, and the small helpers that
 * turn device reports into the tablet pad reports those descriptors
 * declare.
 *
 * Only what several fixes really write the same way is here. Each fix
 * keeps its own facts: IDs, the original descriptors its probe checks,
 * what its device gets wrong, its ranges and sizes.
 *
 * A descriptor fragment is a macro that expands to a list of bytes, to be
 * used inside a fix's "static const __u8 ...[] = { ... }". The comment
 * above each one lists its items; values in (brackets) are the macro's
 * arguments. Fragments end with a comma, so they chain like plain bytes.
 */
#ifndef HUION_H
#define HUION_H

#include "hid_bpf_fix.h"

/* A 16-bit descriptor item value, little-endian. */
#define HUION_LE16(v)		((v) & 0xff), (((v) >> 8) & 0xff)

/* ---- usages ---- */

#define HID_DG_SECONDARY_TIP_SWITCH	0x43
#define HID_DG_SECONDARY_BARREL_SWITCH	0x5a

/* ---- descriptor fragments: the tablet pad ---- */

/*
 *   Usage Page (Generic Desktop)
 *   Usage (Keypad)
 *   Collection (Application)
 *     Report ID (id)
 */
#define HUION_PAD_APP(id)				\
	0x05, 0x01,					\
	0x09, 0x07,					\
	0xa1, 0x01,					\
	0x85, (id),

/*
 *   Logical Minimum (0)
 *   Logical Maximum (1)
 */
#define HUION_LOGICAL_0_1				\
	0x15, 0x00,					\
	0x25, 0x01,

/*
 *   Usage Page (Digitizers)
 *   Usage (Tablet Function Keys)
 *   Collection (Physical)
 */
#define HUION_PAD_TFK					\
	0x05, 0x0d,					\
	0x09, 0x39,					\
	0xa1, 0x00,

/*
 * Byte 1 of a pad report, bit 0 (the rest padding). User space only takes
 * a device for a tablet pad if it has such a button, always 0 here.
 *   Usage (Barrel Switch)
 *   Report Count (1)
 *   Report Size (1)
 *   Input (Data,Var,Abs)
 *   Report Count (7)
 *   Input (Cnst,Arr,Abs)
 */
#define HUION_PAD_BARREL_BIT				\
	0x09, 0x44,					\
	0x95, 0x01,					\
	0x75, 0x01,					\
	0x81, 0x02,					\
	0x95, 0x07,					\
	0x81, 0x01,

/*
 * Bytes 2 and 3 of a pad report, X and Y, always 0: a tablet pad has them.
 *   Usage Page (Generic Desktop)
 *   Usage (X)
 *   Usage (Y)
 */
#define HUION_PAD_XY_USAGES				\
	0x05, 0x01,					\
	0x09, 0x30,					\
	0x09, 0x31,

/*
 *   Report Count (2)
 *   Report Size (8)
 *   Input (Data,Var,Abs)
 */
#define HUION_PAD_XY_BYTES				\
	0x95, 0x02,					\
	0x75, 0x08,					\
	0x81, 0x02,

/*
 * The start of the pad of the Inspiroy 2 and Dial 2 fixes, bytes 0..3 of
 * report (id): the pad application, logical 0..1, the Tablet Function
 * Keys collection, HUION_PAD_BARREL_BIT, then X and Y
 * (HUION_PAD_XY_USAGES, HUION_PAD_XY_BYTES).
 */
#define HUION_PAD_HEAD(id)				\
	HUION_PAD_APP(id)				\
	HUION_LOGICAL_0_1				\
	HUION_PAD_TFK					\
	HUION_PAD_BARREL_BIT				\
	HUION_PAD_XY_USAGES				\
	HUION_PAD_XY_BYTES

/*
 * A wheel byte, -1..1 per report (REL_WHEEL). The usage page must be
 * Generic Desktop.
 *   Usage (Wheel)
 *   Logical Minimum (-1)
 *   Logical Maximum (1)
 *   Report Count (1)
 *   Report Size (8)
 *   Input (Data,Var,Rel)
 */
#define HUION_PAD_WHEEL					\
	0x09, 0x38,					\
	0x15, 0xff,					\
	0x25, 0x01,					\
	0x95, 0x01,					\
	0x75, 0x08,					\
	0x81, 0x06,

/*
 * One byte, the number of the button held (1..n), 0 for none:
 *   Usage Page (Button)
 *   Usage Minimum (1)
 *   Usage Maximum (n)
 *   Logical Minimum (1)
 *   Logical Maximum (n)
 *   Report Count (1)
 *   Report Size (8)
 *   Input (Data,Arr,Abs)
 */
#define HUION_PAD_BUTTON_INDEX(n)			\
	0x05, 0x09,					\
	0x19, 0x01,					\
	0x29, (n),					\
	0x15, 0x01,					\
	0x25, (n),					\
	0x95, 0x01,					\
	0x75, 0x08,					\
	0x81, 0x00,

/*
 * A second wheel byte after a wheel, same size and range (REL_HWHEEL).
 *   Usage Page (Consumer)
 *   Usage (AC Pan)
 *   Input (Data,Var,Rel)
 */
#define HUION_PAD_AC_PAN				\
	0x05, 0x0c,					\
	0x0a, 0x38, 0x02,				\
	0x81, 0x06,

/*
 * A vendor report 0xac of (count) constant bytes, inside an application
 * collection. It is never sent: it is there so that the device's own
 * reports, longer than the pad's, still fit the new descriptor.
 *   Usage Page (Vendor 0xffff)
 *   Usage (0x1)
 *   Collection (Physical)
 *     Report ID (172)
 *     Report Size (8)
 *     Report Count (count)
 *     Input (Cnst,Arr,Abs)
 *   End Collection
 */
#define HUION_VENDOR_FILLER(count)			\
	0x06, 0xff, 0xff,				\
	0x09, 0x01,					\
	0xa1, 0x00,					\
	0x85, 0xac,					\
	0x75, 0x08,					\
	0x95, (count),					\
	0x81, 0x01,					\
	0xc0,

/* ---- descriptor fragments: the pen of the Inspiroy 2 and Dial 2 ---- */

/*
 *   Usage Page (Digitizers)
 *   Usage (Pen)
 *   Collection (Application)
 *     Report ID (id)
 *     Usage (Pen)
 *     Collection (Physical)
 */
#define HUION_PEN_APP(id)				\
	0x05, 0x0d,					\
	0x09, 0x02,					\
	0xa1, 0x01,					\
	0x85, (id),					\
	0x09, 0x02,					\
	0xa1, 0x00,

/*
 *   Usage (Tip Switch)
 *   Usage (Barrel Switch)
 *   Usage (Secondary Barrel Switch)
 */
#define HUION_PEN_SWITCHES				\
	0x09, 0x42,					\
	0x09, 0x44,					\
	0x09, 0x5a,

/*
 * 16-bit fields one at a time, then Push: the X and Y axes that follow
 * get Generic Desktop and cm (the caller adds the Unit Exponent), and a
 * Pop after them gives what comes next the state before.
 *   Report Size (16)
 *   Report Count (1)
 *   Push
 *   Usage Page (Generic Desktop)
 *   Unit (SI Linear: cm)
 */
#define HUION_PEN_XY_CM					\
	0x75, 0x10,					\
	0x95, 0x01,					\
	0xa4,						\
	0x05, 0x01,					\
	0x65, 0x11,

/*
 * Byte 1 of a pen report, with HUION_PEN_SWITCHES and the one-bit size
 * given before: bits 0..2 the switches, bit 7 In Range. Then X and Y in
 * mm (HUION_PEN_XY_CM, exponent -1).
 *   Report Count (3)
 *   Input (Data,Var,Abs)
 *   Report Count (4)
 *   Input (Cnst,Arr,Abs)
 *   Usage (In Range)
 *   Report Count (1)
 *   Input (Data,Var,Abs)
 *   HUION_PEN_XY_CM
 *   Unit Exponent (-1)
 */
#define HUION_PEN_BITS_XY_MM				\
	0x95, 0x03,					\
	0x81, 0x02,					\
	0x95, 0x04,					\
	0x81, 0x01,					\
	0x09, 0x32,					\
	0x95, 0x01,					\
	0x81, 0x02,					\
	HUION_PEN_XY_CM					\
	0x55, 0x0f,

/*
 * One axis of the tablet-mode pen (vendor interface), in that order:
 *   Logical Minimum (0)
 *   Logical Maximum (lmax)
 *   Physical Minimum (0)
 *   Physical Maximum (pmax, mm)
 *   Usage (usage)
 *   Input (Data,Var,Abs)
 */
#define HUION_PEN_AXIS(usage, lmax, pmax)		\
	0x16, 0x00, 0x00,				\
	0x26, HUION_LE16(lmax),				\
	0x36, 0x00, 0x00,				\
	0x46, HUION_LE16(pmax),				\
	0x09, (usage),					\
	0x81, 0x02,

/*
 * One axis of the firmware-mode pen (pen interface), whose logical range
 * stays the device's 0..32767:
 *   Physical Minimum (0)
 *   Physical Maximum (pmax, mm)
 *   Logical Minimum (0)
 *   Logical Maximum (32767)
 *   Usage (usage)
 *   Input (Data,Var,Abs)
 */
#define HUION_PEN_IF_AXIS(usage, pmax)			\
	0x36, 0x00, 0x00,				\
	0x46, HUION_LE16(pmax),				\
	0x16, 0x00, 0x00,				\
	0x26, 0xff, 0x7f,				\
	0x09, (usage),					\
	0x81, 0x02,

/* ---- the firmware-mode pen interface (Inspiroy 2, Inspiroy Dial 2) ---- */

/*
 * In firmware mode these tablets send their pen as report 10 on an
 * interface of its own, whose 93-byte descriptor is the same on each of
 * them (recorded on the Inspiroy 2 S, quoted for the Inspiroy Dial 2 in
 * the kernel's fix for it; the Inspiroy 2 S fix lists it item by item).
 * Byte 1 of the report holds
 * the switches (bit 0 tip, bit 1 barrel, bit 2 the second button, which
 * the descriptor calls Eraser) and In Range, then come X and Y in
 * 0..32767, pressure in 0..8191 and two tilt bytes.
 */
#define HUION_FW_PEN_RDESC_SIZE	93

#define HUION_FW_PEN_RDESC				\
	0x05, 0x0d, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x0a,	\
	0x09, 0x20, 0xa1, 0x01, 0x09, 0x42, 0x09, 0x44,	\
	0x09, 0x45, 0x09, 0x3c, 0x15, 0x00, 0x25, 0x01,	\
	0x75, 0x01, 0x95, 0x06, 0x81, 0x02, 0x09, 0x32,	\
	0x75, 0x01, 0x95, 0x01, 0x81, 0x02, 0x81, 0x03,	\
	0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x55, 0x0d,	\
	0x65, 0x33, 0x26, 0xff, 0x7f, 0x35, 0x00, 0x46,	\
	0x00, 0x08, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02,	\
	0x05, 0x0d, 0x09, 0x30, 0x26, 0xff, 0x1f, 0x75,	\
	0x10, 0x95, 0x01, 0x81, 0x02, 0x09, 0x3d, 0x09,	\
	0x3e, 0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x95,	\
	0x02, 0x81, 0x02, 0xc0, 0xc0,

/*
 * What replaces it, with the same report layout, up to the two tilt
 * bytes: the pen on report 10, bits 0..2 Tip, Barrel and Secondary
 * Barrel Switch, bit 7 In Range, X and Y 0..32767 over (xmm) x (ymm)
 * mm, pressure 0..8191, then Report Size 8 and Report Count 2 for the
 * caller's tilt bytes and the end of both collections:
 *   HUION_PEN_APP(10)
 *   HUION_PEN_SWITCHES
 *   Logical Minimum (0)
 *   Logical Maximum (1)
 *   Report Size (1)
 *   HUION_PEN_BITS_XY_MM
 *   HUION_PEN_IF_AXIS(X, xmm)
 *   HUION_PEN_IF_AXIS(Y, ymm)
 *   Pop
 *   Usage Page (Digitizers)
 *   Usage (Tip Pressure)
 *   Logical Minimum (0)
 *   Logical Maximum (8191)
 *   Input (Data,Var,Abs)
 *   Report Size (8)
 *   Report Count (2)
 */
#define HUION_FW_PEN_HEAD(xmm, ymm)			\
	HUION_PEN_APP(0x0a)				\
	HUION_PEN_SWITCHES				\
	HUION_LOGICAL_0_1				\
	0x75, 0x01,					\
	HUION_PEN_BITS_XY_MM				\
	HUION_PEN_IF_AXIS(0x30, xmm)			\
	HUION_PEN_IF_AXIS(0x31, ymm)			\
	0xb4,						\
	0x05, 0x0d,					\
	0x09, 0x30,					\
	0x16, 0x00, 0x00,				\
	0x26, 0xff, 0x1f,				\
	0x81, 0x02,					\
	0x75, 0x08,					\
	0x95, 0x02,

/*
 * The end for a pen that reports no tilt: the two tilt bytes are
 * padding.
 *   Input (Cnst,Arr,Abs)
 *   End Collection
 * End Collection
 */
#define HUION_FW_PEN_NO_TILT_END			\
	0x81, 0x01,					\
	0xc0,						\
	0xc0,

/* ---- descriptor fragments: the Kamvas Gen 3 pen displays ---- */

/*
 * The pen on report 8 up to its X axis: bits 0..2 Tip, Barrel and
 * Secondary Barrel Switch, bit 3 Button 0x4a (BTN_STYLUS3), bit 7 In
 * Range, then 16-bit fields in 0.01 cm, pushed:
 *   Usage Page (Digitizers)
 *   Usage (Pen)
 *   Collection (Application)
 *     Report ID (8)
 *     Usage Page (Digitizers)
 *     Usage (Pen)
 *     Collection (Physical)
 *       Report Size (1)
 *       Logical Minimum (0)
 *       Logical Maximum (1)
 *       Report Count (3)
 *       Usage (Tip Switch)
 *       Usage (Barrel Switch)
 *       Usage (Secondary Barrel Switch)
 *       Input (Data,Var,Abs)
 *       Push
 *       Report Count (1)
 *       Usage Page (Button)
 *       Usage (Button 74)
 *       Input (Data,Var,Abs)
 *       Pop
 *       Report Count (3)
 *       Input (Cnst,Arr,Abs)
 *       Report Count (1)
 *       Usage (In Range)
 *       Input (Data,Var,Abs)
 *       HUION_PEN_XY_CM
 *       Unit Exponent (-2)
 *       Logical Minimum (0)
 *       Physical Minimum (0)
 */
#define HUION_GEN3_PEN_HEAD				\
	0x05, 0x0d,					\
	0x09, 0x02,					\
	0xa1, 0x01,					\
	0x85, 0x08,					\
	0x05, 0x0d,					\
	0x09, 0x02,					\
	0xa1, 0x00,					\
	0x75, 0x01,					\
	HUION_LOGICAL_0_1				\
	0x95, 0x03,					\
	HUION_PEN_SWITCHES				\
	0x81, 0x02,					\
	0xa4,						\
	0x95, 0x01,					\
	0x05, 0x09,					\
	0x09, 0x4a,					\
	0x81, 0x02,					\
	0xb4,						\
	0x95, 0x03,					\
	0x81, 0x01,					\
	0x95, 0x01,					\
	0x09, 0x32,					\
	0x81, 0x02,					\
	HUION_PEN_XY_CM					\
	0x55, 0x0e,					\
	0x16, 0x00, 0x00,				\
	0x36, 0x00, 0x00,

/*
 * X and Y tilt, -60..60 degrees, with the report size and count (8, 2)
 * given before, and the end of the pen:
 *   Push
 *   Unit (English Rotation: degrees)
 *   Unit Exponent (0)
 *   Logical Minimum (-60)
 *   Physical Minimum (-60)
 *   Logical Maximum (60)
 *   Physical Maximum (60)
 *   Usage (X Tilt)
 *   Usage (Y Tilt)
 *   Input (Data,Var,Abs)
 *   Pop
 *   End Collection
 * End Collection
 */
#define HUION_GEN3_PEN_TILT_END				\
	0xa4,						\
	0x65, 0x14,					\
	0x55, 0x00,					\
	0x15, 0xc4,					\
	0x35, 0xc4,					\
	0x25, 0x3c,					\
	0x45, 0x3c,					\
	0x09, 0x3d,					\
	0x09, 0x3e,					\
	0x81, 0x02,					\
	0xb4,						\
	0xc0,						\
	0xc0,

/*
 * The pad on report 9 up to its buttons: HUION_PAD_APP(9), logical 0..1,
 * the Tablet Function Keys collection, then bytes 1..3 as in
 * HUION_PAD_BARREL_BIT and HUION_PAD_XY_USAGES, the items in another
 * order:
 *   Report Size (1)
 *   Report Count (1)
 *   Usage (Barrel Switch)
 *   Input (Data,Var,Abs)
 *   Report Count (7)
 *   Input (Cnst,Arr,Abs)
 *   Report Size (8)
 *   Report Count (2)
 *   Usage Page (Generic Desktop)
 *   Usage (X)
 *   Usage (Y)
 *   Input (Data,Var,Abs)
 */
#define HUION_GEN3_PAD_HEAD				\
	HUION_PAD_APP(0x09)				\
	HUION_LOGICAL_0_1				\
	HUION_PAD_TFK					\
	0x75, 0x01,					\
	0x95, 0x01,					\
	0x09, 0x44,					\
	0x81, 0x02,					\
	0x95, 0x07,					\
	0x81, 0x01,					\
	0x75, 0x08,					\
	0x95, 0x02,					\
	HUION_PAD_XY_USAGES				\
	0x81, 0x02,

/*
 * The two wheels of the pad, bytes 5 and 6, and the end of the pad's
 * Tablet Function Keys collection:
 *   Report Size (8)
 *   Report Count (1)
 *   Usage Page (Generic Desktop)
 *   Usage (Wheel)
 *   Logical Minimum (-1)
 *   Logical Maximum (1)
 *   Input (Data,Var,Rel)
 *   HUION_PAD_AC_PAN
 *   End Collection
 */
#define HUION_GEN3_PAD_WHEELS_END			\
	0x75, 0x08,					\
	0x95, 0x01,					\
	0x05, 0x01,					\
	0x09, 0x38,					\
	0x15, 0xff,					\
	0x25, 0x01,					\
	0x81, 0x06,					\
	HUION_PAD_AC_PAN				\
	0xc0,

/* ---- descriptor fragments: the Keydial K20, USB and Bluetooth ---- */

/*
 * The keypad's pad on report (id), 9 bytes: byte 1 HUION_PAD_BARREL_BIT,
 * bytes 2, 3 X and Y, bytes 4..7 19 key bits (Buttons 1..10 = BTN_0..
 * BTN_9, then Buttons 0x31..0x39 = BTN_A..BTN_TL2) and 13 bits padding,
 * byte 8 the dial as HUION_PAD_WHEEL; the Tablet Function Keys
 * collection ends, the application stays open:
 *   HUION_PAD_APP(id)
 *   HUION_PAD_TFK
 *   HUION_PAD_BARREL_BIT
 *   HUION_PAD_XY_USAGES
 *   Logical Minimum (0)
 *   Logical Maximum (1)
 *   HUION_PAD_XY_BYTES
 *   Usage Page (Button)
 *   Usage Minimum (1)
 *   Usage Maximum (10)
 *   Logical Minimum (0)
 *   Logical Maximum (1)
 *   Report Count (10)
 *   Report Size (1)
 *   Input (Data,Var,Abs)
 *   Usage Minimum (49)
 *   Usage Maximum (58)
 *   Report Count (9)
 *   Report Size (1)
 *   Input (Data,Var,Abs)
 *   Report Count (13)
 *   Report Size (1)
 *   Input (Cnst,Arr,Abs)
 *   Usage Page (Generic Desktop)
 *   HUION_PAD_WHEEL
 *   End Collection
 */
#define HUION_K20_PAD(id)				\
	HUION_PAD_APP(id)				\
	HUION_PAD_TFK					\
	HUION_PAD_BARREL_BIT				\
	HUION_PAD_XY_USAGES				\
	HUION_LOGICAL_0_1				\
	HUION_PAD_XY_BYTES				\
	0x05, 0x09,					\
	0x19, 0x01,					\
	0x29, 0x0a,					\
	HUION_LOGICAL_0_1				\
	0x95, 0x0a,					\
	0x75, 0x01,					\
	0x81, 0x02,					\
	0x19, 0x31,					\
	0x29, 0x3a,					\
	0x95, 0x09,					\
	0x75, 0x01,					\
	0x81, 0x02,					\
	0x95, 0x0d,					\
	0x75, 0x01,					\
	0x81, 0x01,					\
	0x05, 0x01,					\
	HUION_PAD_WHEEL					\
	0xc0,

/* ---- reports ---- */

/*
 * Tablet mode (after the host reads Huion's magic string descriptor), the
 * vendor interface's report 8. Byte 1 tells pen from pad: the pad's
 * reports have bit 5 set, and a dial (or wheel) report is 0xf1, with the
 * direction in byte 5 (1 one way, 2 the other); other pad reports carry
 * one bit per button from byte 4 on.
 */
#define HUION_VENDOR_REPORT_ID		0x08
#define HUION_VENDOR_PAD		0x20
#define HUION_VENDOR_DIAL		0xf1
#define HUION_VENDOR_BUTTONS_AT		4
#define HUION_VENDOR_DIAL_DIR_AT	5
#define HUION_VENDOR_DIAL_BACK		2

/* A dial report's step: 1 -> 1, 2 -> -1 (anything else as it is). */
static __always_inline __s8 huion_vendor_dial_step(const __u8 *data)
{
	return data[HUION_VENDOR_DIAL_DIR_AT] == HUION_VENDOR_DIAL_BACK ? -1 :
	       data[HUION_VENDOR_DIAL_DIR_AT];
}

/*
 * Firmware mode: the keyboard reports the buttons type. Byte 1 holds the
 * modifiers, one bit each; HUION_KBD() makes one value of the modifiers
 * and the first key, for a switch.
 */
#define HUION_MOD_CTRL			0x01
#define HUION_MOD_SHIFT			0x02
#define HUION_MOD_ALT			0x04
#define HUION_KBD(mods, key)		(((mods) << 8) | (key))

/*
 * Start a pad report as HUION_PAD_BARREL_BIT and HUION_PAD_XY_* declare
 * it: report ID, then bytes 1..3 all 0. The caller writes the rest.
 */
static __always_inline void huion_pad_report_start(__u8 *data, __u8 report_id)
{
	data[0] = report_id;
	data[1] = 0;
	data[2] = 0;
	data[3] = 0;
}

/*
 * The pads of the firmware-mode pad interfaces (Inspiroy 2, Dial 2): byte
 * 4 the wheel (HUION_PAD_WHEEL), byte 5 the buttons.
 */
#define HUION_PAD1_REPORT_SIZE	6

static __always_inline int huion_pad1_report(__u8 *data, __u8 report_id, __s8 wheel,
					     __u8 buttons)
{
	huion_pad_report_start(data, report_id);
	data[4] = wheel;
	data[5] = buttons;
	return HUION_PAD1_REPORT_SIZE;
}

/*
 * The pads with two dials or wheels: byte 4 the buttons, bytes 5 and 6
 * the wheels (HUION_PAD_WHEEL or Wheel, then HUION_PAD_AC_PAN).
 */
#define HUION_PAD2_REPORT_SIZE	7

static __always_inline int huion_pad2_report(__u8 *data, __u8 report_id, __u8 buttons,
					     __s8 first, __s8 second)
{
	huion_pad_report_start(data, report_id);
	data[4] = buttons;
	data[5] = first;
	data[6] = second;
	return HUION_PAD2_REPORT_SIZE;
}

/* ---- the Kamvas Gen 3 pen displays: vendor report 8, 14 bytes ---- */

/* byte 1, high nibble: what the report is */
#define HUION_GEN3_PEN			0x8
#define HUION_GEN3_PEN_OUT		0x0
#define HUION_GEN3_BUTTONS		0xe
#define HUION_GEN3_WHEELS		0xf

#define HUION_GEN3_Y_TILT_AT		11
#define HUION_GEN3_BUTTONS_AT		4
#define HUION_GEN3_WHICH_WHEEL_AT	3
#define HUION_GEN3_TOP_WHEEL		1
#define HUION_GEN3_BOTTOM_WHEEL		2
#define HUION_GEN3_WHEEL_DIR_AT		5
#define HUION_GEN3_CLOCKWISE		1

#define HUION_GEN3_PAD_REPORT_ID	0x09	/* the fixes' */

/*
 * A buttons or wheels report, rewritten into the pad's report 9. *held is
 * the button being held: the device reports one at a time, so a press
 * counts only when none is held, and any release clears it. Returns the
 * new report's size, or 0 for a report that is neither.
 */
static __always_inline int huion_gen3_pad_event(__u8 *data, __u8 kind, __u8 *held)
{
	__s8 top = 0, bottom = 0, step;

	if (kind == HUION_GEN3_WHEELS) {
		step = data[HUION_GEN3_WHEEL_DIR_AT] == HUION_GEN3_CLOCKWISE ? 1 : -1;
		if (data[HUION_GEN3_WHICH_WHEEL_AT] == HUION_GEN3_TOP_WHEEL)
			top = step;
		else if (data[HUION_GEN3_WHICH_WHEEL_AT] == HUION_GEN3_BOTTOM_WHEEL)
			bottom = step;
	} else if (kind == HUION_GEN3_BUTTONS) {
		if (!*held || !data[HUION_GEN3_BUTTONS_AT])
			*held = data[HUION_GEN3_BUTTONS_AT];
	} else {
		return 0;
	}

	return huion_pad2_report(data, HUION_GEN3_PAD_REPORT_ID, *held, top, bottom);
}

/* ---- the Keydial K20, USB and Bluetooth ---- */

#define HUION_K20_PAD_REPORT_SIZE	9

/* key bits, 0-based: key n (as upstream numbers them) is bit n - 1 */
#define HUION_K20_KEY(n)		(1U << ((n) - 1))

/* The key a HID keyboard usage stands for, as its key bit (0: none). */
static __always_inline __u32 huion_k20_usage_to_key(__u8 usage)
{
	switch (usage) {
	case 0x0e: return HUION_K20_KEY(1);		/* K */
	case 0x0a: return HUION_K20_KEY(2);		/* G */
	case 0x0f: return HUION_K20_KEY(3);		/* L */
	case 0x4c: return HUION_K20_KEY(4);		/* Delete */
	case 0x0c: return HUION_K20_KEY(5);		/* I */
	case 0x07: return HUION_K20_KEY(6);		/* D */
	case 0x05: return HUION_K20_KEY(7);		/* B */
	case 0x08: return HUION_K20_KEY(8);		/* E */
	case 0x16: return HUION_K20_KEY(9);		/* S */
	case 0x1d: return HUION_K20_KEY(10);		/* Z */
	case 0x06: return HUION_K20_KEY(11);		/* C */
	case 0x19: return HUION_K20_KEY(12);		/* V */
	case 0x28: return HUION_K20_KEY(16);		/* Enter */
	case 0x2c: return HUION_K20_KEY(17);		/* Space */
	case 0x11: return HUION_K20_KEY(18);		/* N */
	default:   return 0;
	}
}

/*
 * The key bits of a firmware-mode keyboard report: keys 13..15 are the
 * bare modifiers in byte 1, the others key usages in bytes first..end - 1.
 */
static __always_inline __u32 huion_k20_kbd_keys(const __u8 *data, const int first,
						const int end)
{
	__u32 keys = 0;
	int i;

	if (data[1] & HUION_MOD_CTRL)
		keys |= HUION_K20_KEY(13);
	if (data[1] & HUION_MOD_ALT)
		keys |= HUION_K20_KEY(14);
	if (data[1] & HUION_MOD_SHIFT)
		keys |= HUION_K20_KEY(15);
#pragma unroll
	for (i = first; i < end; i++)
		keys |= huion_k20_usage_to_key(data[i]);
	return keys;
}

/* Write a HUION_K20_PAD() report over data. */
static __always_inline int huion_k20_pad_report(__u8 *data, __u8 report_id, __u32 keys,
						__s8 dial)
{
	huion_pad_report_start(data, report_id);
	data[4] = keys;
	data[5] = keys >> 8;
	data[6] = keys >> 16;
	data[7] = keys >> 24;
	data[8] = dial;
	return HUION_K20_PAD_REPORT_SIZE;
}

#endif /* HUION_H */
