#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The feature switched off builds and boots quietly: no "exec from" line,
# no kexec-metadata warning, no "kexec'd without a handover" line (a
# kexec with kho=off, or into a kernel without KHO), no kernel splat (the
# chain helper checks),
# on
#  - kho=off on the command line (a kexec without KHO from a to b);
#  - CONFIG_KEXEC_HANDOVER_DEBUGFS=n (a cold boot: there is no finalize
#    knob, so no KHO kexec);
#  - CONFIG_KEXEC_HANDOVER=n (a cold boot and a plain kexec).
# /sys/kernel/kho exists whenever KHO is built in, with kho=off and
# without debugfs too, and reads as a cold boot there; with KHO compiled
# out it does not exist.
set -ue
. "$(dirname "$0")/lib.sh"

quiet() {
	local bad
	bad=$(grep -E "exec from:|kexec-metadata|kexec-history|without a handover" "$LOG" || true)
	[ -z "$bad" ] || { echo "$bad" | sed 's/^/# /'; fail "$1: not quiet"; }
}

# cold_sysfs WHAT: every boot of the log reads /sys/kernel/kho as a cold
# boot: previous_release empty, kexec_count 0, no history entry.
cold_sysfs() {
	local i
	for i in $(seq 0 $(($(hops "$LOG") - 1))); do
		hop "$LOG" "$i" | tr -d '\r' | grep -qx "KHOTEST: sysfs previous_release 444 " &&
			hop "$LOG" "$i" | tr -d '\r' | grep -qx "KHOTEST: sysfs kexec_count 444 0" &&
			! hop "$LOG" "$i" | grep -q "KHOTEST: sysfs history/" ||
			fail "$1, boot $i: /sys/kernel/kho missing or not a cold boot's"
	done
}

chain off-cmdline 1 a,b kho=off khotest.nofinalize
quiet "kho=off"
cold_sysfs "kho=off"
echo "# kho=off: a -> b, quiet, /sys/kernel/kho reads as a cold boot"

[ -f "$OUT/images/nodebugfs.bzImage" ] || fail "no nodebugfs image"
chain off-debugfs 0 nodebugfs
quiet "KEXEC_HANDOVER_DEBUGFS=n"
cold_sysfs "KEXEC_HANDOVER_DEBUGFS=n"
echo "# KEXEC_HANDOVER_DEBUGFS=n: boots, quiet, /sys/kernel/kho present"

[ -f "$OUT/images/khooff.bzImage" ] || fail "no khooff image"
chain off-config 1 khooff khotest.nofinalize
quiet "KEXEC_HANDOVER=n"
! grep -q "KHOTEST: sysfs " "$LOG" || fail "KEXEC_HANDOVER=n: /sys/kernel/kho exists"
echo "# KEXEC_HANDOVER=n: boot and plain kexec, quiet"
