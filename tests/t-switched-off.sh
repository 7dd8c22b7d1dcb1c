#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The feature switched off builds and boots quietly: no "exec from" line,
# no kexec-metadata warning, no kernel warning, on
#  - kho=off on the command line (a kexec without KHO from a to b);
#  - CONFIG_KEXEC_HANDOVER_DEBUGFS=n (a cold boot: there is no finalize
#    knob, so no KHO kexec);
#  - CONFIG_KEXEC_HANDOVER=n (a cold boot and a plain kexec).
set -ue
. "$(dirname "$0")/lib.sh"

quiet() {
	local bad
	bad=$(grep -E 'exec from:|kexec-metadata|WARNING:|BUG:|Oops' "$LOG" || true)
	[ -z "$bad" ] || { echo "$bad" | sed 's/^/# /'; fail "$1: not quiet"; }
}

chain off-cmdline 1 a,b kho=off khotest.nofinalize || exit 1
quiet "kho=off"
echo "# kho=off: a -> b, quiet"

[ -f "$OUT/images/nodebugfs.bzImage" ] || fail "no nodebugfs image"
chain off-debugfs 0 nodebugfs || exit 1
quiet "KEXEC_HANDOVER_DEBUGFS=n"
echo "# KEXEC_HANDOVER_DEBUGFS=n: boots, quiet"

[ -f "$OUT/images/khooff.bzImage" ] || fail "no khooff image"
chain off-config 1 khooff khotest.nofinalize || exit 1
quiet "KEXEC_HANDOVER=n"
echo "# KEXEC_HANDOVER=n: boot and plain kexec, quiet"
