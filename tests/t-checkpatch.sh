#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/checkpatch.pl --strict reports nothing on any patch of the
# queue: 0 errors, 0 warnings, 0 checks. Two ways out, each named in the
# output:
#  - FILE_PATH_CHANGES ("does MAINTAINERS need updating?") on a patch that
#    adds files, when scripts/get_maintainer.pl, with the MAINTAINERS of
#    that patch's own tree, names every maintainer (M:) of the base's
#    KEXEC HANDOVER (KHO) entry for every file the patch adds: the files
#    already reach the KHO maintainers;
#  - any other report whose type the patch's commit message names, as
#    "(TYPE)" next to its reason (submitting-patches.rst).
set -ue
. "$(dirname "$0")/lib.sh"
# spdxcheck.py needs python3-ply and python3-git: Debian's python3.
export PATH=/usr/bin:$PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The KHO maintainers: the M: lines of the base's KHO entry.
git -C "$TREE" show "v$BASE_VERSION:MAINTAINERS" |
	awk '/^KEXEC HANDOVER \(KHO\)$/ {e = 1; next} e && /^$/ {exit} e && /^M:/ {sub(/^M:\t*/, ""); print}' >"$tmp/kho"
[ -s "$tmp/kho" ] || fail "no KEXEC HANDOVER (KHO) entry in the base's MAINTAINERS"

# kho_covered N PATCH: every file PATCH adds is sent to all KHO
# maintainers by get_maintainer.pl, with the MAINTAINERS of patch N.
kho_covered() {
	local rev f who m
	rev=$(git -C "$TREE" rev-list --reverse "v$BASE_VERSION..HEAD" | sed -n "$1p")
	git -C "$TREE" show "$rev:MAINTAINERS" >"$tmp/MAINTAINERS"
	for f in $(sed -n 's/^ create mode [0-9]* //p' "$2"); do
		who=$(cd "$TREE" && timeout 60 perl scripts/get_maintainer.pl --mpath "$tmp/MAINTAINERS" \
			--no-git --no-git-fallback --no-rolestats --nol --nor -f "$f" 2>/dev/null) || return 1
		while read -r m; do
			grep -qxF "$m" <<<"$who" || { echo "# $f: get_maintainer.pl does not name $m"; return 1; }
		done <"$tmp/kho"
	done
}

n=0 bad=0 excused=0
for p in $(grep -v -e '^#' -e '^$' "$QDIR/series"); do
	n=$((n + 1))
	out=$(cd "$TREE" && timeout 120 ./scripts/checkpatch.pl --strict --terse --show-types \
		--no-summary "$QDIR/$p" 2>&1) || true
	msg=$(sed -n '/^Subject:/,/^---$/p' "$QDIR/$p")
	while read -r line; do
		[ -n "$line" ] || continue
		type=$(echo "$line" | sed -n 's/.*: \(ERROR\|WARNING\|CHECK\):\([A-Z_0-9]*\):.*/\2/p')
		if [ "$type" = FILE_PATH_CHANGES ] && kho_covered "$n" "$QDIR/$p"; then
			echo "# $p: FILE_PATH_CHANGES: its new files fall under the KHO entry"
			excused=$((excused + 1))
		elif [ -n "$type" ] && echo "$msg" | grep -q "($type)"; then
			echo "# $p: $type explained in the commit message"
			excused=$((excused + 1))
		else
			echo "$line"
			bad=$((bad + 1))
		fi
	done <<<"$out"
done
[ "$n" -gt 0 ] || fail "queue-$QUEUE/series is empty"
[ "$bad" = 0 ] || fail "$bad checkpatch reports in $n patches"
echo "# $n patches checkpatch --strict clean ($excused reports excused, each named above)"
