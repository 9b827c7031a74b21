#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the 6.12 LTS kernel from Debian's linux-source-6.12 with HID-BPF on.
# Usage: kernel-lts.sh [lts|debug]
# Prints the build directory. Cached on the source version and config.
set -euo pipefail
. "$(dirname "$0")/common.sh"

variant=${1:-lts}
hbf_apt $HBF_HOST_PKGS

src=$(hbf_kernel_source)
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)

frag=$(mktemp)
trap 'rm -f "$frag"' EXIT
cat "$HBF_TOP/selftests/vm/config.lts" >"$frag"
[ "$variant" = debug ] && cat "$HBF_TOP/selftests/vm/config.debug" >>"$frag"
[ "$variant" = lts ] || [ "$variant" = debug ] || die "unknown variant $variant"

key=$(cat "$frag" | sha256sum | cut -c1-12)
out=$HBF_CACHE/linux-6.12-$variant
if [ -f "$out/.hbf-built" ] && [ "$(cat "$out/.hbf-built")" = "$srcver $key" ]; then
	echo "$out"
	exit 0
fi

log "building 6.12 ($variant) in $out, about 8-10 minutes"
rm -rf "$out"
mkdir -p "$out"
make -s -C "$src" O="$out" tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$frag" >/dev/null
make -s -C "$src" O="$out" olddefconfig >/dev/null
lost=$(grep '^CONFIG_.*=y$' "$frag" | grep -vxFf "$out/.config" || true)
[ -z "$lost" ] || die "lost in olddefconfig: $(echo $lost)"
make -s -C "$src" O="$out" -j"$(nproc)" bzImage modules >"$out/build.log" 2>&1 ||
	{ tail -n 30 "$out/build.log" >&2; die "kernel build failed"; }
echo "$srcver $key" >"$out/.hbf-built"
echo "$out"
