#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the chains driven by the users' own tools: Debian's busybox as
# the shell and Debian's kexec (kexec-tools), typed as a user types them.
# Each hop reports on the serial console, then kexecs the next image
# with the commands of its mode, handing the initramfs on through
# retain_initrd and /sys/firmware/initrd:
#   khotest.mode=plain     kexec -s -l IMAGE --initrd=... --reuse-cmdline,
#                          then kexec -e; nothing else
#   khotest.mode=finalize  the same after echo 1 > debugfs kho/out/finalize
#   khotest.mode=load      kexec -l (kexec_load: no KHO), then kexec -e
# (liveupdate=on on the command line gives the LUO way with mode plain).
# The hop number goes on with --append: the last khotest.hop= counts.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
/bin/busybox mkdir -p /bin /proc /sys /tmp
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug

# param NAME: the value of the last NAME= on the command line.
param() {
	v=
	for w in $(cat /proc/cmdline); do
		case $w in "$1"=*) v=${w#*=} ;; esac
	done
	echo "$v"
}

hop=$(param khotest.hop)
hops=$(param khotest.hops)
mode=$(param khotest.mode)
echo "KHOTEST: hop $hop of $hops"
for f in previous_release kexec_count; do
	[ -r /sys/kernel/kho/$f ] && echo "KHOTEST: sysfs $f $(cat /sys/kernel/kho/$f)"
done
if [ "$hop" -ge "$hops" ]; then
	echo "KHOTEST: chain done"
	reboot -f
fi

set -- $(param khotest.images | tr , ' ')
shift $(((hop + 1) % $#))
image=/$1
echo "KHOTEST: kexec hop $hop -> $((hop + 1)) image $image mode $mode"
next="khotest.hop=$((hop + 1))"
case $mode in
finalize)
	echo 1 >/sys/kernel/debug/kho/out/finalize || echo "KHOTEST: FAIL finalize"
	kexec -s -l "$image" --initrd=/sys/firmware/initrd --reuse-cmdline --append="$next"
	;;
load)
	kexec -l "$image" --initrd=/sys/firmware/initrd --reuse-cmdline --append="$next"
	;;
*)
	kexec -s -l "$image" --initrd=/sys/firmware/initrd --reuse-cmdline --append="$next"
	;;
esac || echo "KHOTEST: FAIL kexec -l"
kexec -e
echo "KHOTEST: FAIL kexec -e"
reboot -f
