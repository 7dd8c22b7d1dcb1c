#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The crash dump carries the trail, read by the users' own dump readers:
# Debian 12's vmcore-dmesg (kexec-tools) and makedumpfile, run in the
# capture kernel on /proc/vmcore. Chains of the user test's kind
# (tests/user-init.sh: Debian's kexec and busybox): a -> b -> a, every
# boot with crashkernel=64M and fixed KHO scratch sizes (the default
# scales with reserved memory, crashkernel included, and then may not
# fit in the guest's 1 GiB; after a kexec, crashkernel= is allocated
# inside a scratch area, at 16 MiB alignment, so each area is 128M; only
# the cold boot's sizes count, later kernels inherit its areas). The
# last hop loads itself with "kexec -s -p" and crashes through sysrq.
# Every run checks that the crashed kernel panicked as asked, the
# capture kernel finished, no boot has another splat, and the capture
# kernel got no KHO data (no "KHO:" line) and runs inside the crashed
# kernel's crashkernel region (/proc/iomem's "Kernel code"). KTAP
# subtests:
#  readers      makedumpfile -D prints KHO_PREVIOUS_RELEASE and
#               KHO_KEXEC_COUNT equal to the crashed kernel's boot line,
#               and the crashed kernel's "KHO: exec from:" line is in the
#               logs that vmcore-dmesg and makedumpfile --dump-dmesg
#               extract
#  finalized    (6.19) the same when the crashed kernel had finalized KHO (as a
#               crash in the kexec path, after the memory map is written,
#               leaves it)
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

# dump NAME MODE [CMDLINE...]: the crash chain; sets LOG, crashed,
# capture, rel and count (from the crashed kernel's boot line).
dump() {
	local name=$1 mode=$2 line t region code
	shift 2
	LOG=$LOGS/$name.log
	"$TOP/scripts/chain.sh" "$name" $n a,b crashkernel=64M kho_scratch=128M,128M,128M \
		khotest.mode="$mode" khotest.crash=1 "$@" || fail "the $name run failed; log: $LOG"
	[ "$(hops "$LOG")" = $((n + 2)) ] ||
		fail "$(hops "$LOG") boots, want $((n + 2)) (a capture kernel after hop $n); log: $LOG"
	crash_checks $n
	echo "$crashed" | grep -q "KHOTEST: capture kernel .* loaded, crashing" ||
		fail "hop $n: no crash requested"
	! grep -q 'KHOTEST: FAIL' "$LOG" || fail "$(grep -m1 'KHOTEST: FAIL' "$LOG"); log: $LOG"
	line=$(echo "$crashed" | sed -n 's/.*KHO: exec from: \(.*\) (count \([0-9]*\))$/\1 \2/p')
	read -r rel count <<<"$line"
	[ "$rel" = "$(release "$LOG" $((n - 1)))" ] && [ "$count" = $n ] ||
		fail "hop $n's boot line says '$line'"

	# The capture kernel: no KHO, inside the crashkernel region.
	t=$(echo "$capture" | grep -v '^KHOTEST: ' | grep -m1 'KHO: ' || true)
	[ -z "$t" ] || fail "the capture kernel got KHO data: '$t'"
	region=$(echo "$crashed" | sed -n 's/.*crashkernel reserved: 0x\([0-9a-f]*\) - 0x\([0-9a-f]*\) .*/\1 \2/p')
	code=$(echo "$capture" | sed -n 's/^KHOTEST: capture iomem: \([0-9a-f]*\)-\([0-9a-f]*\) : Kernel code$/\1 \2/p')
	[ -n "$region" ] && [ -n "$code" ] || fail "no crashkernel region ('$region') or capture kernel code ('$code')"
	read -r rs re <<<"$region"
	read -r cs ce <<<"$code"
	((0x$rs <= 0x$cs && 0x$ce < 0x$re)) ||
		fail "the capture kernel runs at $cs-$ce, outside the crashkernel region $rs-$re"

	for t in vmcore-dmesg makedumpfile; do
		echo "$capture" | grep -q "KHOTEST: $t exit 0" ||
			fail "$t did not exit 0: $(echo "$capture" | grep "KHOTEST: $t says" | head -n 3 | tr '\n' ' ')"
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

# in_logs: the crashed kernel's line is in both extracted logs.
in_logs() {
	local t
	for t in vmcore-dmesg makedumpfile-dmesg; do
		echo "$capture" | grep -q "^KHOTEST: $t: .*KHO: exec from: $rel (count $count)\$" ||
			fail "$t: no 'KHO: exec from: $rel (count $count)' in the extracted log"
	done
}

readers() {
	dump kdump plain
	entries
	in_logs
	echo "# makedumpfile -D: KHO_PREVIOUS_RELEASE=$rel KHO_KEXEC_COUNT=$count; the line in both extracted logs"
	echo "$capture" | grep -o 'KHOTEST: makedumpfile: .*not supported.*' | head -n 1 | sed 's/^KHOTEST: /# /' || true
}

finalized() {
	dump kdump-finalized finalize
	echo "$crashed" | grep -q "KHOTEST: finalized before the crash" || fail "hop $n did not finalize"
	entries
	in_logs
	echo "# finalized, crashed: the capture kernel got no KHO data and read the dump"
}

overwritten() {
	local t
	dump kdump-overwritten plain printk.devkmsg=on khotest.fill=2000
	for t in vmcore-dmesg makedumpfile-dmesg; do
		! echo "$capture" | grep -q "^KHOTEST: $t: .*KHO: exec from:" ||
			fail "$t: the 'exec from' line is still in the log: fill more"
	done
	entries
	echo "# the log lost the line; makedumpfile -D still says KHO_PREVIOUS_RELEASE=$rel KHO_KEXEC_COUNT=$count"
}

sub readers readers
[ -z "$FINALIZE" ] || sub finalized finalized
sub overwritten overwritten
sub_done
