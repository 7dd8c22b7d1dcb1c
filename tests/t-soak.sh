#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A long chain: 30 kexecs, counts 1..30 in order, and no leak per hop:
# the least-squares slope of free memory over hops of one parity is no
# worse than -4 kB per hop. Free memory is MemFree plus the pages waiting
# in the per-cpu free lists (free, but not in MemFree; how many there are
# depends on what was freed last), read by init at the same point of
# every hop. The base's lib/test_kho makes odd and even hops differ by
# megabytes, so like is compared with like.
set -ue
. "$(dirname "$0")/lib.sh"
n=30
chain soak $n a,b || exit 1
for i in $(seq 1 $n); do
	c=$(hop "$LOG" "$i" | grep -c "KHO: exec from: .* (count $i)" || true)
	[ "$c" = 1 ] || fail "hop $i: no single 'exec from' line with count $i"
done
for parity in 0 1; do
	points=
	for i in $(seq 1 $n); do
		[ $((i % 2)) = $parity ] || continue
		kb=$(hop "$LOG" "$i" | sed -n 's/^KHOTEST: meminfo MemFree: *\([0-9]*\) kB pcp \([0-9]*\) kB.*/\1 + \2/p')
		[ -n "$kb" ] || fail "hop $i: no MemFree line"
		points+="$i $((kb))"$'\n'
	done
	echo "# free kB on hops of parity $parity:" $(echo -n "$points" | cut -d' ' -f2)
	slope=$(echo -n "$points" | awk '{n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2}
		END {printf "%.2f", (n * sxy - sx * sy) / (n * sxx - sx * sx)}')
	echo "# slope over hops of parity $parity: $slope kB/hop"
	awk -v s="$slope" 'BEGIN {exit !(s >= -4)}' || fail "free memory falls by $slope kB per hop"
done
