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
# With KHO_ARCH=arm64 (lib.sh), all of it for arm64, with Debian's cross
# compiler, in build/QUEUE/out-arm64/.
set -ue
. "$(dirname "$0")/lib.sh"
need gcc gcc
[ -z "$CROSS" ] || need "${CROSS}gcc" "gcc-$TRIPLET"

hdr=$OUT/headers
gen=$OUT/a/usr/gen_init_cpio
[ -x "$gen" ] || die "$gen is missing; run 'make build' first"
if [ ! -f "$hdr/include/linux/kexec.h" ]; then
	say "installing UAPI headers into $hdr"
	make -s -C "$TREE" O="$OUT/a" ARCH="$KARCH" -j"$(nproc)" headers_install INSTALL_HDR_PATH="$hdr"
fi

init=$OUT/init
if [ ! -x "$init" ] || [ "$TOP/tests/init.c" -nt "$init" ]; then
	say "compiling $init"
	"${CROSS}gcc" -s -static -Os -nostdlib -nostdinc -fno-asynchronous-unwind-tables \
		-fno-ident -Wall -Wextra -Wno-unused-parameter -Werror \
		-I "$TREE/tools/include/nolibc" -I "$hdr/include" \
		-o "$init" "$TOP/tests/init.c" -lgcc
fi

reader=
if [ -f "$TREE/tools/kho/Makefile" ]; then
	mkdir -p "$OUT/tools-kho"
	make -s -C "$TREE/tools/kho" OUTPUT="$OUT/tools-kho/" CC="${CROSS}gcc" LDFLAGS="-static -s" ||
		die "building tools/kho failed"
	reader=$OUT/tools-kho/kexec-chain
fi

user=${USERLAND:+user-}
if [ -n "${1:-}" ]; then
	cpio=$OUT/initramfs-$user$1.cpio
	mapfile -t imgs < <(echo "$1" | tr ',' '\n' | sort -u | sed "s|.*|$IMAGES/&.$KIMAGE|")
else
	cpio=$OUT/initramfs${user:+-user}.cpio
	imgs=("$IMAGES"/*."$KIMAGE")
fi

# userland ROOT: the gen_init_cpio lines of the users' tools in ROOT and
# of every library they load: their DT_NEEDED entries and those of the
# libraries, found in ROOT's multiarch library directories (readelf
# reads the ELF files of any architecture; nothing of ROOT is run).
userland() {
	local root=$1 tools=(sbin/kexec sbin/vmcore-dmesg usr/bin/makedumpfile)
	local libdirs=("$root/lib/$TRIPLET" "$root/usr/lib/$TRIPLET")
	local interp todo=() seen=() l f d found
	for d in /bin /sbin /usr /usr/bin /lib "/lib/$TRIPLET" /lib64; do
		echo "dir $d 0755 0 0"
	done
	echo "file /bin/busybox $root/bin/busybox 0755 0 0"
	echo "slink /bin/sh busybox 0777 0 0"
	echo "file /init $TOP/tests/user-init.sh 0755 0 0"
	for f in "${tools[@]}"; do
		echo "file /$f $root/$f 0755 0 0"
		todo+=("$root/$f")
	done
	# needed FILE: the sonames FILE names in DT_NEEDED.
	needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'; }
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]}
		todo=("${todo[@]:1}")
		for l in $(needed "$f"); do
			case " ${seen[*]} " in *" $l "*) continue ;; esac
			seen+=("$l")
			found=
			for d in "${libdirs[@]}"; do
				[ -e "$d/$l" ] && found=$(readlink -f "$d/$l") && break
			done
			[ -n "$found" ] || die "$l, which $f needs, is not in $root"
			echo "file /lib/$TRIPLET/$l $found 0755 0 0"
			todo+=("$found")
		done
	done
	# The program interpreter, where the tools look for it.
	interp=$(readelf -l "$root/sbin/kexec" | sed -n 's/.*program interpreter: \(.*\)\]$/\1/p')
	[ -n "$interp" ] || die "no program interpreter in $root/sbin/kexec"
	case " ${seen[*]} " in *" ${interp##*/} "*) ;; *) die "${interp##*/} is not among the libraries of $root/sbin/kexec" ;; esac
	[ "$interp" = "/lib/$TRIPLET/${interp##*/}" ] ||
		echo "slink $interp /lib/$TRIPLET/${interp##*/} 0777 0 0"
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
