#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The crash dump's trail, read by the users' own dump readers: Debian
# 12's vmcore-dmesg (kexec-tools) and makedumpfile, in the capture kernel,
# on /proc/vmcore. Chains of the user test's kind (tests/user-init.sh,
# Debian's kexec and busybox): a -> b -> a, with crashkernel=64M and
# fixed KHO scratch sizes (see the kdump test); the last hop loads itself
# with "kexec -s -p" and crashes through sysrq. KTAP subtests:
#  readers      makedumpfile -D prints KHO_PREVIOUS_RELEASE and
#               KHO_KEXEC_COUNT equal to the crashed kernel's boot line,
#               and the crashed kernel's "KHO: exec from:" line is in the
#               log that vmcore-dmesg and makedumpfile --dump-dmesg
#               extract
#  overwritten  the crashed kernel writes enough debug lines to
#               /dev/kmsg (printk.devkmsg=on) to push its early lines out
#               of its 128 KiB log buffer: the extracted logs no longer
#               hold the "exec from" line, and makedumpfile -D still
#               prints both VMCOREINFO entries: the dump says where the
#               kernel came from when its log no longer can
set -ue
. "$(dirname "$0")/lib.sh"
export USERLAND=1
n=2

# dump NAME [CMDLINE...]: the crash chain; sets LOG, crashed, capture,
# rel and count (from the crashed kernel's boot line).
dump() {
	local name=$1 i line
	shift
	LOG=$BUILD/logs/$name.log
	"$TOP/scripts/chain.sh" "$name" $n a,b crashkernel=64M kho_scratch=64M,64M,64M \
		khotest.mode=plain khotest.crash=1 "$@" || fail "the $name run failed; log: $LOG"
	[ "$(hops "$LOG")" = $((n + 2)) ] ||
		fail "$(hops "$LOG") boots, want $((n + 2)) (a capture kernel after hop $n); log: $LOG"
	crash_checks $n
	line=$(echo "$crashed" | sed -n 's/.*KHO: exec from: \(.*\) (count \([0-9]*\))$/\1 \2/p')
	read -r rel count <<<"$line"
	[ "$rel" = "$(release "$LOG" $((n - 1)))" ] && [ "$count" = $n ] ||
		fail "hop $n's boot line says '$line'"
	for t in vmcore-dmesg makedumpfile; do
		echo "$capture" | grep -q "KHOTEST: $t exit 0" || fail "$t did not exit 0"
	done
}

# vmcoreinfo KEY: what makedumpfile -D printed for KEY.
vmcoreinfo() {
	echo "$capture" | sed -n "s/^KHOTEST: makedumpfile: $1=//p" | head -n 1
}

entries() {
	[ "$(vmcoreinfo KHO_PREVIOUS_RELEASE)" = "$rel" ] ||
		fail "makedumpfile -D: KHO_PREVIOUS_RELEASE '$(vmcoreinfo KHO_PREVIOUS_RELEASE)', want '$rel'"
	[ "$(vmcoreinfo KHO_KEXEC_COUNT)" = "$count" ] ||
		fail "makedumpfile -D: KHO_KEXEC_COUNT '$(vmcoreinfo KHO_KEXEC_COUNT)', want '$count'"
}

readers() {
	local t
	dump kdump-tools
	entries
	for t in vmcore-dmesg makedumpfile-dmesg; do
		echo "$capture" | grep -q "^KHOTEST: $t: .*KHO: exec from: $rel (count $count)\$" ||
			fail "$t: no 'KHO: exec from: $rel (count $count)' in the extracted log"
	done
	echo "# makedumpfile -D: KHO_PREVIOUS_RELEASE=$rel KHO_KEXEC_COUNT=$count; the line in both extracted logs"
	echo "$capture" | grep -o 'KHOTEST: makedumpfile: .*not supported.*' | head -n 1 | sed 's/^KHOTEST: /# /' || true
}

overwritten() {
	local t
	dump kdump-tools-full printk.devkmsg=on khotest.fill=2000
	for t in vmcore-dmesg makedumpfile-dmesg; do
		! echo "$capture" | grep -q "^KHOTEST: $t: .*KHO: exec from:" ||
			fail "$t: the 'exec from' line is still in the log: fill more"
	done
	entries
	echo "# the log lost the line; makedumpfile -D still says KHO_PREVIOUS_RELEASE=$rel KHO_KEXEC_COUNT=$count"
}

sub readers readers
sub overwritten overwritten
sub_done
