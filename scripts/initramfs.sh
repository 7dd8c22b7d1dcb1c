#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build tests/init.c against the tree's nolibc and the kernel's UAPI
# headers, and the series' reader tools/kho/kexec-chain (static, when the
# tree has it), and pack them with the kernel images into
# build/QUEUE/out/initramfs.cpio using the tree's own usr/gen_init_cpio.
# Usage: initramfs.sh [IMAGES]   IMAGES: comma-separated image names; the
# archive then holds only those and is build/QUEUE/out/initramfs-IMAGES.cpio
# (each kexec hashes and copies the whole initramfs: smaller is faster).
# With USERLAND=1 the archive (initramfs-user-IMAGES.cpio) holds the
# users' own tools instead (scripts/userland.sh): Debian's busybox as
# /bin/busybox, kexec, vmcore-dmesg and makedumpfile with the libraries
# they load, and tests/user-init.sh as /init.
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

user=${USERLAND:+user-}
if [ -n "${1:-}" ]; then
	cpio=$OUT/initramfs-$user$1.cpio
	mapfile -t imgs < <(echo "$1" | tr ',' '\n' | sort -u | sed "s|.*|$IMAGES/&.bzImage|")
else
	cpio=$OUT/initramfs${user:+-user}.cpio
	imgs=("$IMAGES"/*.bzImage)
fi

# userland ROOT: the gen_init_cpio lines of the users' tools in ROOT and
# of every library they load, as ROOT's own ld.so resolves them.
userland() {
	local root=$1 lp b lib
	lp=$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu
	for d in /bin /sbin /usr /usr/bin /lib /lib/x86_64-linux-gnu /lib64; do
		echo "dir $d 0755 0 0"
	done
	echo "file /bin/busybox $root/bin/busybox 0755 0 0"
	echo "slink /bin/sh busybox 0777 0 0"
	echo "file /init $TOP/tests/user-init.sh 0755 0 0"
	for b in sbin/kexec sbin/vmcore-dmesg usr/bin/makedumpfile; do
		echo "file /$b $root/$b 0755 0 0"
		"$root/lib64/ld-linux-x86-64.so.2" --library-path "$lp" --list "$root/$b" |
			sed -n 's/.*=> \([^ ]*\) .*/\1/p'
	done | sort -u | while read -r lib; do
		case $lib in
		file\ *) echo "$lib" ;;
		*/lib64/*)
			# An absolute link into /lib: follow it inside ROOT.
			echo "file /lib/x86_64-linux-gnu/${lib##*/} $(readlink -f "$root/lib/x86_64-linux-gnu/${lib##*/}") 0755 0 0"
			;;
		*) echo "file /lib/x86_64-linux-gnu/${lib##*/} $(readlink -f "$lib") 0755 0 0" ;;
		esac
	done
	echo "slink /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 0777 0 0"
}
# Written under a name of its own and renamed: chains that run at the
# same time may pack the same archive.
list=$cpio.$$.list
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in proc sys debugfs; do echo "dir /$d 0755 0 0"; done
	if [ -n "$user" ]; then
		userland "$("$TOP/scripts/userland.sh")"
	else
		echo "file /init $init 0755 0 0"
	fi
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
