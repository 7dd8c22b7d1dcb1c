#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The operator's system (tests/t-debian.sh): installed in the Debian
# guest as /usr/local/sbin/kho-step and run by kho-step.service on every
# boot, after kho-metrics.service has written the textfile collector's
# file. It says on the serial console what this boot got ("KHOTEST:"
# lines: the kernel's KHO lines, the same in the journal, sysfs, the
# metrics), then does this boot's line of /var/lib/kho-test/plan: each
# word one way an operator reboots (or tries to), in order:
#   noload-systemctl-kexec  systemctl kexec, nothing loaded, no Boot
#                           Loader Spec entry (it should fail; the next
#                           word runs then)
#   s-systemctl-kexec       kexec -s -l OTHER --reuse-cmdline; systemctl kexec
#   s-reboot                kexec -s -l OTHER --reuse-cmdline; reboot
#   bls-systemctl-kexec     a Boot Loader Spec entry for OTHER in
#                           /run/boot-loader-entries/ (read as an ESP),
#                           nothing loaded; systemctl kexec
#   s-systemctl-reboot      kexec -s -l OTHER --reuse-cmdline; systemctl reboot
#   loadkexec-reboot        Debian's LOAD_KEXEC=true (/etc/default/kexec,
#                           the default), /vmlinuz the other kernel,
#                           nothing loaded; reboot
#   cold                    nothing loaded; systemctl reboot (QEMU runs
#                           with -no-reboot: it ends)
# OTHER is the other of the two kernels in /boot (vmlinuz-RELEASE).
set -u
exec >/dev/ttyS0 2>&1
state=/var/lib/kho-test
say() { echo "KHOTEST: $*"; }

n=$(($(cat "$state/boots" 2>/dev/null || echo 0) + 1))
echo "$n" >"$state/boots"
sync
qemu=$(sed -n 's/.*khotest\.qemu=\([0-9]*\).*/\1/p' /proc/cmdline)
say "boot $n qemu $qemu release $(uname -r)"
say "sysfs previous_release '$(cat /sys/kernel/kho/previous_release)' kexec_count $(cat /sys/kernel/kho/kexec_count)"
dmesg | grep 'KHO: ' | sed 's/^/KHOTEST: dmesg /'
journalctl -k -b -o cat --no-pager | grep 'KHO: ' | sed 's/^/KHOTEST: journal /'
sed 's/^/KHOTEST: prom /' /var/lib/prometheus/node-exporter/kho.prom
say "prom end"
# x86's boot protocol: 0xd0 (208) is kexec's loader type.
say "bootloader_type $(cat /proc/sys/kernel/bootloader_type 2>/dev/null)"

other=
for k in /boot/vmlinuz-*; do
	[ "$k" = "/boot/vmlinuz-$(uname -r)" ] || other=$k
done
cmdline=$(cat /proc/cmdline)

load_other() {
	kexec -s -l "$other" --reuse-cmdline
	say "action kexec -s -l $other: exit $?, kexec_loaded $(cat /sys/kernel/kexec_loaded)"
}

for step in $(sed -n "${n}p" "$state/plan"); do
	say "step $step"
	sync
	case $step in
	noload-systemctl-kexec)
		kexec -u
		rm -rf /run/boot-loader-entries
		out=$(systemctl kexec 2>&1)
		say "action systemctl kexec: exit $? '$(echo "$out" | tr '\n' ' ')'"
		sleep 5
		say "still up after systemctl kexec"
		;;
	s-systemctl-kexec)
		load_other
		systemctl kexec
		;;
	s-reboot)
		load_other
		reboot
		;;
	bls-systemctl-kexec)
		kexec -u
		# systemd 252 reads /run/boot-loader-entries/ as an ESP
		# (boot_config_load_auto()): entries in loader/entries/, the
		# kernel's path relative to it.
		mkdir -p /run/boot-loader-entries/loader/entries
		cp "$other" /run/boot-loader-entries/
		printf 'title KHO test\nversion %s\nlinux /%s\noptions %s\n' \
			"${other#/boot/vmlinuz-}" "${other##*/}" "$cmdline" \
			>/run/boot-loader-entries/loader/entries/kho-test.conf
		systemctl kexec
		;;
	s-systemctl-reboot)
		load_other
		systemctl reboot
		;;
	loadkexec-reboot)
		# What Debian's kernel packages leave for kexec-load: /vmlinuz
		# (here the other kernel; ours need no initrd, so INITRD is
		# emptied). LOAD_KEXEC is the package's default, true.
		kexec -u
		ln -sf "${other#/}" /vmlinuz
		sed -i 's/^INITRD=.*/INITRD=""/' /etc/default/kexec
		say "action $(grep '^LOAD_KEXEC=' /etc/default/kexec) KERNEL_IMAGE=/vmlinuz -> $(readlink /vmlinuz)"
		reboot
		;;
	cold)
		kexec -u
		systemctl reboot
		;;
	*)
		say "unknown step '$step'"
		systemctl reboot
		;;
	esac
	rc=$?
	case $step in
	noload-systemctl-kexec) ;;
	*)
		# The reboot is under way: nothing more to do in this boot.
		say "action $step returned $rc"
		sleep 600
		;;
	esac
done
