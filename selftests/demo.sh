#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job, on a fresh Debian machine: install what is needed, build
# hid-bpf-fixes.ko for the newest Debian kernel with CONFIG_HID_BPF=y, boot
# that kernel in a VM (TCG) and show the X-Keys XK-24 fix working on a
# virtual device: its report descriptor and input device before and after.
# Everything built is cached (~/.cache/hid-bpf-fixes); a second run takes
# about a minute.
set -euo pipefail
. "$(dirname "$0")/vm/common.sh"

hbf_apt $HBF_HOST_PKGS
log "generating the embedded fixes"
make -s -C "$HBF_TOP" generate >/dev/null
"$HBF_TOP/selftests/vm/distro-chroot.sh" >/dev/null
ko=$("$HBF_TOP/selftests/vm/build-module.sh" distro)
log "built $ko"
"$HBF_TOP/selftests/vm/run-vm.sh" -o "$HBF_TOP/selftests/out/demo" -m "$ko" \
	-f "$HBF_TOP/selftests/data/XKeys__XK24" \
	-f "$HBF_TOP/selftests/tools/uhid-device.py" \
	-f "$HBF_TOP/selftests/tools/rdesc-decode.py" \
	-f "$HBF_TOP/selftests/tools/input-caps.py" \
	distro "$HBF_TOP/selftests/vm/demo-guest.sh"
