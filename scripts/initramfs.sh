#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build tests/init.c against the tree's nolibc and the kernel's UAPI
# headers, and the series' reader tools/kho/kexec-chain (static, when the
# tree has it), and pack them with the kernel images into
# build/out/initramfs.cpio using the tree's own usr/gen_init_cpio.
# Usage: initramfs.sh [IMAGES]   IMAGES: comma-separated image names; the
# archive then holds only those and is build/out/initramfs-IMAGES.cpio
# (each kexec hashes and copies the whole initramfs: smaller is faster).
set -ue
. "$(dirname "$0")/lib.sh"
need gcc gcc

hdr=$OUT/headers
gen=$OUT/a/usr/gen_init_cpio
[ -x "$gen" ] || die "$gen is missing; run 'make build' first"
if [ ! -f "$hdr/include/linux/kexec.h" ]; then
	say "installing UAPI headers into $hdr"
	make -s -C "$TREE" O="$OUT/a" ARCH=x86_64 headers_install INSTALL_HDR_PATH="$hdr"
fi

init=$OUT/init
if [ ! -x "$init" ] || [ "$TOP/tests/init.c" -nt "$init" ]; then
	say "compiling $init"
	gcc -s -static -Os -nostdlib -nostdinc -fno-asynchronous-unwind-tables \
		-fno-ident -Wall -Wextra -Wno-unused-parameter -Werror \
		-I "$TREE/tools/include/nolibc" -I "$hdr/include" \
		-o "$init" "$TOP/tests/init.c" -lgcc
fi

reader=
if [ -f "$TREE/tools/kho/Makefile" ]; then
	mkdir -p "$OUT/tools-kho"
	make -s -C "$TREE/tools/kho" OUTPUT="$OUT/tools-kho/" LDFLAGS="-static -s" ||
		die "building tools/kho failed"
	reader=$OUT/tools-kho/kexec-chain
fi

if [ -n "${1:-}" ]; then
	cpio=$OUT/initramfs-$1.cpio
	mapfile -t imgs < <(echo "$1" | tr ',' '\n' | sort -u | sed "s|.*|$OUT/images/&.bzImage|")
else
	cpio=$OUT/initramfs.cpio
	imgs=("$OUT"/images/*.bzImage)
fi
# Written under a name of its own and renamed: chains that run at the
# same time may pack the same archive.
list=$cpio.$$.list
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in proc sys debugfs; do echo "dir /$d 0755 0 0"; done
	echo "file /init $init 0755 0 0"
	[ -z "$reader" ] || echo "file /kexec-chain $reader 0755 0 0"
	for img in "${imgs[@]}"; do
		[ -f "$img" ] || die "$img is missing; run 'make build'"
		echo "file /${img##*/} $img 0644 0 0"
	done
} >"$list"
"$gen" "$list" >"$cpio.$$"
rm -f "$list"
mv "$cpio.$$" "$cpio"
say "wrote $cpio ($(($(stat -c %s "$cpio") / 1024)) KiB)"
