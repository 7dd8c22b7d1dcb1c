#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/checkpatch.pl --strict reports nothing on any patch of the
# queue: 0 errors, 0 warnings, 0 checks.
set -ue
. "$(dirname "$0")/lib.sh"
n=0 bad=0
for p in $(grep -v -e '^#' -e '^$' "$TOP/patches/series"); do
	out=$(cd "$TREE" && ./scripts/checkpatch.pl --strict --terse --show-types \
		--no-summary "$TOP/patches/$p") || true
	if [ -n "$out" ]; then
		echo "$out"
		bad=$((bad + 1))
	fi
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "patches/series is empty"
[ "$bad" = 0 ] || fail "$bad of $n patches have checkpatch reports"
echo "# $n patches checkpatch --strict clean"
