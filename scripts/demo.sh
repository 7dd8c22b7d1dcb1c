#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a chain of HOPS kexecs alternating the two kernels and show, for
# each hop, its "Linux version" line and its "KHO:" lines, then what the
# series' reader, tools/kho/kexec-chain, prints on the last hop, as text
# and as JSON. Fails unless the chain completed every hop, without a
# kernel splat.
set -ue
. "$(dirname "$0")/../tests/lib.sh"
hops=${1:-3}
say "booting a chain of $hops kexecs (QEMU, serial log: $LOGS/demo.log)"
chain demo "$hops" a,b khotest.reader
# The firmware's own output precedes the first banner on its line, with
# terminal escapes: keep only what the kernel printed, printable.
tr -cd '[:print:]\n' <"$LOG" | awk -v last="$hops" '
	/Linux version /   { n++; printf "\n== hop %d ==\n", n - 1; sub(/^.*\[ *0\.0+\] Linux/, "[    0.000000] Linux") }
	/Linux version |KHO: / { print }
	/^KHOTEST: reader begin / && n == last + 1 { r = 1; printf "\n$ kexec-chain%s\n", $4 == "text" ? "" : " --" $4; next }
	/^KHOTEST: reader end / { r = 0 }
	r && !/^\[/ { print }
'

echo
say "full serial log: $LOG; all $((hops + 1)) boots completed, no kernel splat"
