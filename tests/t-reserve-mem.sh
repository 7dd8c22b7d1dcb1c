#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A reserve_mem= region is revived from KHO on every kexec'd hop, and not
# on the cold boot.
set -ue
. "$(dirname "$0")/lib.sh"
chain_log 3
n=$N
line="Revived memory reservation 'khotest' from KHO"
for i in $(seq 0 "$n"); do
	c=$(hop "$LOG" "$i" | grep -c "$line" || true)
	want=$((i > 0))
	[ "$c" = "$want" ] || fail "hop $i: '$line' $c times, want $want"
done
echo "# revived on hops 1..$n"
