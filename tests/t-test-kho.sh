#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The base's lib/test_kho restores its data on every kexec whose
# predecessor preserved some: started cold, that is hops 1, 3, 5, ...
# (a kernel that restored test data does not preserve it again).
set -ue
. "$(dirname "$0")/lib.sh"
LOG=$BUILD/logs/chain.log
[ -f "$LOG" ] || fail "$LOG is missing (t-chain runs first)"
n=$(($(hops "$LOG") - 1))
[ "$n" -ge 3 ] || fail "only $n hops in $LOG"
for i in $(seq 0 "$n"); do
	c=$(hop "$LOG" "$i" | grep -c "KHO restore succeeded" || true)
	want=$((i % 2))
	[ "$c" = "$want" ] || fail "hop $i: 'KHO restore succeeded' $c times, want $want"
done
echo "# restore on odd hops only, over $n hops"
