#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the commits of build/QUEUE/linux after the base to the queue's
# folder, queue-QUEUE/, with git format-patch, plus its series. Deterministic: an unchanged tree
# exports byte-identical files.  Usage: export.sh [--to DIR]
set -ue
. "$(dirname "$0")/lib.sh"
need git git

dest=$QDIR
[ "${1:-}" = --to ] && dest=$2
[ -d "$TREE/.git" ] || die "$TREE is missing; run 'make tree' first (queue-$QUEUE/ left untouched)"
gitt() { git -C "$TREE" "$@"; }
tree_clean "export writes only commits (queue-$QUEUE/ left untouched)"

n=$(gitt rev-list --count "v$BASE_VERSION..HEAD")
if [ "$n" = 0 ] && ! grep -qv '^#' "$QDIR/series"; then
	say "queue $QUEUE has no patches and $TREE no commits: nothing to export"
	exit 0
fi
[ "$n" -gt 0 ] || die "$TREE has no commits after v$BASE_VERSION; refusing to empty queue-$QUEUE/"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cover=()
# The cover letter's text lives in the branch description (make tree
# restores it from 0000-cover-letter.patch).
if gitt config "branch.main.description" >/dev/null; then
	cover=(--cover-letter --cover-from-description=subject)
fi
# Fixed committer date: the cover letter's Date header uses it.
GIT_COMMITTER_DATE="2026-01-01T00:00:00Z" \
	gitt -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
	format-patch -q --zero-commit --no-signature -o "$tmp" "${cover[@]}" \
	"v$BASE_VERSION..HEAD"
{
	echo "# Applied in this order on Linux v$BASE_VERSION (git am)."
	(cd "$tmp" && ls [0-9]*.patch | grep -v '^0000-cover-letter')
} >"$tmp/series"

mkdir -p "$dest"
rm -f "$dest"/*.patch "$dest/series"
# The base file stays: it is the queue's, not an export.
cp "$tmp"/* "$dest/"
[ "$dest" = "$QDIR" ] && gitt rev-parse HEAD >"$TREE/.git/kho-synced"
say "exported $n patches to $dest"
