#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The base's lib/test_kho restores its data on every kexec whose
# predecessor preserved some: started cold, that is hops 1, 3, 5, ...
# (a kernel that restored test data does not preserve it again).
set -ue
. "$(dirname "$0")/lib.sh"
chain_log 3
n=$N
for i in $(seq 0 "$n"); do
	c=$(hop "$LOG" "$i" | grep -c "KHO restore succeeded" || true)
	want=$((i % 2))
	[ "$c" = "$want" ] || fail "hop $i: 'KHO restore succeeded' $c times, want $want"
done
echo "# restore on odd hops only, over $n hops"
