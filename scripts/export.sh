#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the commits of build/linux after v6.19.11 to patches/ with
# git format-patch, plus patches/series. Deterministic: an unchanged tree
# exports byte-identical files.  Usage: export.sh [--to DIR]
set -ue
. "$(dirname "$0")/lib.sh"
need git git

dest=$TOP/patches
[ "${1:-}" = --to ] && dest=$2
[ -d "$TREE/.git" ] || die "$TREE is missing; run 'make tree' first (patches/ left untouched)"
gitt() { git -C "$TREE" "$@"; }
tree_clean "export writes only commits (patches/ left untouched)"

n=$(gitt rev-list --count "v$BASE_VERSION..HEAD")
[ "$n" -gt 0 ] || die "$TREE has no commits after v$BASE_VERSION; refusing to empty patches/"

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
cp "$tmp"/* "$dest/"
[ "$dest" = "$TOP/patches" ] && gitt rev-parse HEAD >"$TREE/.git/kho-synced"
say "exported $n patches to $dest"
