#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The crash dump carries the trail. Every boot reserves crashkernel=64M
# (and fixed KHO scratch sizes: the default scales with reserved memory,
# crashkernel included, and then may not fit in the guest's 1 GiB);
# after two kexecs (a -> b -> a), the last kernel loads itself as the
# capture kernel with kexec_file_load(..., KEXEC_FILE_ON_CRASH), what
# `kexec -p -s` does, and panics through sysrq. The capture kernel finds
# in the VMCOREINFO note of /proc/vmcore KHO_PREVIOUS_RELEASE and
# KHO_KEXEC_COUNT equal to what the crashed kernel printed at boot, and
# OSRELEASE equal to the crashed kernel's release.
set -ue
. "$(dirname "$0")/lib.sh"
n=2
LOG=$BUILD/logs/kdump.log
"$TOP/scripts/chain.sh" kdump $n a,b crashkernel=64M kho_scratch=64M,64M,64M khotest.crash ||
	fail "the kdump run failed; log: $LOG"
[ "$(hops "$LOG")" = $((n + 2)) ] ||
	fail "$(hops "$LOG") boots, want $((n + 2)) (a capture kernel after hop $n); log: $LOG"
crash_checks $n
! grep -q 'ignoring kexec-metadata' "$LOG" || fail "an 'ignoring kexec-metadata' warning; log: $LOG"
grep -q 'KHOTEST: capture kernel .* loaded, crashing' "$LOG.hop" || fail "hop $n: no crash requested"

line=$(echo "$crashed" | sed -n 's/.*KHO: exec from: \(.*\) (count \([0-9]*\))$/\1 \2/p')
read -r rel count <<<"$line"
[ "$rel" = "$(release "$LOG" $((n - 1)))" ] && [ "$count" = $n ] ||
	fail "hop $n's boot line says '$line'"
vmci() { echo "$capture" | sed -n "s/^KHOTEST: vmcoreinfo $1=//p"; }
[ "$(vmci OSRELEASE)" = "$(release "$LOG" $n)" ] ||
	fail "vmcore OSRELEASE '$(vmci OSRELEASE)', want the crashed kernel's '$(release "$LOG" $n)'"
[ "$(vmci KHO_PREVIOUS_RELEASE)" = "$rel" ] ||
	fail "vmcore KHO_PREVIOUS_RELEASE '$(vmci KHO_PREVIOUS_RELEASE)', want '$rel'"
[ "$(vmci KHO_KEXEC_COUNT)" = "$count" ] ||
	fail "vmcore KHO_KEXEC_COUNT '$(vmci KHO_KEXEC_COUNT)', want '$count'"
echo "# hop $n ($(release "$LOG" $n)) crashed; its vmcore says KHO_PREVIOUS_RELEASE=$rel KHO_KEXEC_COUNT=$count"
