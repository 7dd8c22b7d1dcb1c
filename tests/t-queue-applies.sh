#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of the queue's series applies, in order, on the pristine base.
# Applied to a scratch index (git apply --cached): build/QUEUE/linux is not
# touched.
set -ue
. "$(dirname "$0")/lib.sh"
[ -d "$TREE/.git" ] || fail "$TREE is missing"
idx=$(mktemp)
trap 'rm -f "$idx"' EXIT
export GIT_INDEX_FILE=$idx
git -C "$TREE" read-tree "v$BASE_VERSION"
n=0
for p in $(grep -v -e '^#' -e '^$' "$QDIR/series"); do
	git -C "$TREE" apply --cached "$QDIR/$p" || fail "$p does not apply after $n patches"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "queue-$QUEUE/series is empty"
echo "# $n patches apply on v$BASE_VERSION"
