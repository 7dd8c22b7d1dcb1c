#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kexec chain in one QEMU run: a cold boot of the first image, then
# HOPS kexecs alternating the images. The serial log goes to
# build/QUEUE/logs/NAME.log (logs-arm64 with KHO_ARCH=arm64).
# Usage: chain.sh NAME HOPS [IMAGES [EXTRA_CMDLINE...]]
#   IMAGES: comma-separated names of NAME.KIMAGE in build/QUEUE/out/images
#   (default a,b),
#   or in $KHO_IMAGES
set -ue
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: chain.sh NAME HOPS [IMAGES [EXTRA_CMDLINE...]]"
name=$1 hops=$2 images=${3:-a,b}
shift $(($# < 3 ? $# : 3))
list=$(echo "$images" | sed "s/\([^,]*\)/\1.$KIMAGE/g")
first=$IMAGES/${list%%,*}
[ -f "$first" ] || die "$first is missing; run 'make build'"
# USERLAND=1: the hops run the users' own tools (tests/user-init.sh).
user=${USERLAND:+user-}
out=$("$TOP/scripts/initramfs.sh" "$images" 2>&1) || { echo "$out" >&2; die "packing the initramfs of $images failed"; }

log=$LOGS/$name.log
secs=$((60 + 20 * hops))
rm -rf "$log" "$log.stamps" "$log.hops"
"$TOP/scripts/boot.sh" "$log" "$secs" "$first" "$OUT/initramfs-$user$images.cpio" \
	console="$CONSOLE" panic=-1 oops=panic retain_initrd kho=on reserve_mem=1M:4K:khotest \
	khotest.hop=0 khotest.hops="$hops" khotest.images="$list" "$@"
