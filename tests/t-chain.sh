#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A chain of 3 kexecs alternating the two kernels completes, each hop
# running the kernel it was handed.
set -ue
. "$(dirname "$0")/lib.sh"
chain chain 3 a,b || exit 1
want=("$BASE_VERSION" "$BASE_VERSION-b" "$BASE_VERSION" "$BASE_VERSION-b")
for i in 0 1 2 3; do
	got=$(release "$LOG" $i)
	[ "$got" = "${want[$i]}" ] || fail "hop $i runs '$got', want '${want[$i]}'"
	hop "$LOG" $i | grep -q "KHOTEST: hop $i of 3" || fail "hop $i: init did not report"
done
echo "# 4 boots: ${want[*]}"
