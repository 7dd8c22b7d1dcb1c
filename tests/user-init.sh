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
# Each command is echoed first, as "KHOTEST: # COMMAND".
#   khotest.crash          on the last hop, load the hop's own image as
#                          the kdump capture kernel (kexec -s -p) and
#                          crash through sysrq (in mode finalize, after
#                          finalizing KHO, as a crash in the kexec path
#                          would)
#   khotest.fill=N         before that, write N debug-level lines to
#                          /dev/kmsg, to push the early boot lines out of
#                          the log buffer
#   khotest.vmcore         (set for the capture kernel) print where it
#                          runs (/proc/iomem's "Kernel code"), read
#                          /proc/vmcore with vmcore-dmesg and makedumpfile,
#                          print their KHO lines, and power off
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
/bin/busybox mkdir -p /bin /proc /sys /tmp
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
[ -e /dev/kmsg ] || mknod /dev/kmsg c 1 11

# param NAME: the value of the last NAME= on the command line.
param() {
	v=
	for w in $(cat /proc/cmdline); do
		case $w in "$1"=*) v=${w#*=} ;; esac
	done
	echo "$v"
}

# The capture kernel: the users' crash dump readers on /proc/vmcore.
if [ -n "$(param khotest.vmcore)" ]; then
	echo "KHOTEST: capture kernel"
	grep 'Kernel code' /proc/iomem | sed 's/^ */KHOTEST: capture iomem: /'
	vmcore-dmesg /proc/vmcore >/tmp/vmcore-dmesg.txt 2>&1
	rc=$?
	echo "KHOTEST: vmcore-dmesg exit $rc"
	[ $rc = 0 ] || head -n 5 /tmp/vmcore-dmesg.txt | sed 's/^/KHOTEST: vmcore-dmesg says: /' 
	# Without their timestamps: the console log is split at timestamps.
	grep 'KHO: ' /tmp/vmcore-dmesg.txt | sed 's/^\[ *[0-9.]*\] //; s/^/KHOTEST: vmcore-dmesg: /'
	makedumpfile -D --dump-dmesg /proc/vmcore /tmp/md-dmesg.txt >/tmp/md.txt 2>&1
	rc=$?
	echo "KHOTEST: makedumpfile exit $rc"
	[ $rc = 0 ] || tail -n 8 /tmp/md.txt | sed 's/^/KHOTEST: makedumpfile says: /' 
	grep -E 'KHO_|not supported' /tmp/md.txt | sed 's/^ *//; s/^/KHOTEST: makedumpfile: /'
	grep 'KHO: ' /tmp/md-dmesg.txt | sed 's/^\[ *[0-9.]*\] //; s/^/KHOTEST: makedumpfile-dmesg: /'
	echo "KHOTEST: capture done"
	reboot -f
fi

hop=$(param khotest.hop)
hops=$(param khotest.hops)
mode=$(param khotest.mode)
echo "KHOTEST: hop $hop of $hops"
for f in previous_release kexec_count; do
	[ -r /sys/kernel/kho/$f ] && echo "KHOTEST: sysfs $f $(cat /sys/kernel/kho/$f)"
done
if [ "$hop" -ge "$hops" ] && [ -n "$(param khotest.crash)" ]; then
	fill=$(param khotest.fill)
	i=0
	while [ $i -lt "${fill:-0}" ]; do
		echo "<7>khotest: filling the log buffer, line $i of $fill ........................................" >/dev/kmsg
		i=$((i + 1))
	done
	if [ "$mode" = finalize ]; then
		echo 1 >/sys/kernel/debug/kho/out/finalize || echo "KHOTEST: FAIL finalize"
		echo "KHOTEST: finalized before the crash"
	fi
	set -- $(param khotest.images | tr , ' ')
	shift $((hop % $#))
	kexec -s -p "/$1" --initrd=/sys/firmware/initrd \
		--append="console=ttyS0 panic=-1 khotest.vmcore=1" ||
		echo "KHOTEST: FAIL kexec -p"
	echo "KHOTEST: capture kernel /$1 loaded, crashing"
	echo c >/proc/sysrq-trigger
	echo "KHOTEST: FAIL crash"
	reboot -f
fi
if [ "$hop" -ge "$hops" ]; then
	echo "KHOTEST: chain done"
	reboot -f
fi

set -- $(param khotest.images | tr , ' ')
shift $(((hop + 1) % $#))
image=/$1
echo "KHOTEST: kexec hop $hop -> $((hop + 1)) image $image mode $mode"
next="khotest.hop=$((hop + 1))"

# run COMMAND...: echo it, then run it.
run() {
	echo "KHOTEST: # $*"
	"$@"
}

case $mode in
finalize)
	echo "KHOTEST: # echo 1 > /sys/kernel/debug/kho/out/finalize"
	echo 1 >/sys/kernel/debug/kho/out/finalize || echo "KHOTEST: FAIL finalize"
	run kexec -s -l "$image" --initrd=/sys/firmware/initrd --reuse-cmdline --append="$next"
	;;
load)
	run kexec -l "$image" --initrd=/sys/firmware/initrd --reuse-cmdline --append="$next"
	;;
*)
	run kexec -s -l "$image" --initrd=/sys/firmware/initrd --reuse-cmdline --append="$next"
	;;
esac || echo "KHOTEST: FAIL kexec -l"
run kexec -e
echo "KHOTEST: FAIL kexec -e"
reboot -f
