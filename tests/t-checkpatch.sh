#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/checkpatch.pl --strict reports nothing on any patch of the
# queue: 0 errors, 0 warnings, 0 checks. The one way out is a reason in
# the patch's own commit message that names the report's type, as
# submitting-patches.rst asks for.
set -ue
. "$(dirname "$0")/lib.sh"
# spdxcheck.py needs python3-ply and python3-git: Debian's python3.
export PATH=/usr/bin:$PATH
n=0 bad=0 excused=0
for p in $(grep -v -e '^#' -e '^$' "$TOP/patches/series"); do
	out=$(cd "$TREE" && ./scripts/checkpatch.pl --strict --terse --show-types \
		--no-summary "$TOP/patches/$p" 2>&1) || true
	msg=$(sed -n '/^Subject:/,/^---$/p' "$TOP/patches/$p")
	while read -r line; do
		[ -n "$line" ] || continue
		type=$(echo "$line" | sed -n 's/.*: \(ERROR\|WARNING\|CHECK\):\([A-Z_0-9]*\):.*/\2/p')
		if [ -n "$type" ] && echo "$msg" | grep -q "($type)"; then
			echo "# $p: $type explained in the commit message"
			excused=$((excused + 1))
		else
			echo "$line"
			bad=$((bad + 1))
		fi
	done <<<"$out"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "patches/series is empty"
[ "$bad" = 0 ] || fail "$bad checkpatch reports in $n patches"
echo "# $n patches checkpatch --strict clean ($excused reports explained in commit messages)"
