#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make build/QUEUE/linux a git tree: the verified base of the queue as
# one commit tagged v<version>, then one commit per patch of
# queue-QUEUE/series (git am). Idempotent: a tree that already matches
# the queue is left alone. With KHO_RELEASE=V (lib.sh): build/release-V/
# linux, vanilla Linux V alone.
set -ue
. "$(dirname "$0")/lib.sh"
need git git
need xz xz-utils

IDENT="KHO Metadata Project"
EMAIL=kho-metadata@example.org
gitt() { git -C "$TREE" "$@"; }

make_base() {
	local src tree_id
	src=$("$TOP/scripts/fetch.sh")
	tree_id=$(queue_base TREE_ID)
	rm -rf "$TREE.new"
	mkdir -p "$(dirname "$TREE")"
	if [ -d "$src/.git" ] && git -C "$src" rev-parse -q --verify "v$BASE_VERSION" >/dev/null; then
		# A base fetch.sh committed and verified itself (rebuilt from a
		# delta): clone it.
		say "cloning the base from $src"
		git clone -q -b base "$src" "$TREE.new"
		git -C "$TREE.new" fetch -q origin tag "v$BASE_VERSION"
		git -C "$TREE.new" remote remove origin
		git -C "$TREE.new" config core.abbrev 12
	else
		mkdir -p "$TREE.new"
		if [ -d "$src" ]; then
			say "copying base tree from $src"
			(cd "$src" && tar --exclude=.git -cf - .) | tar -C "$TREE.new" -xf -
		else
			say "unpacking $src"
			tar -C "$TREE.new" --strip-components=1 -xJf "$src"
		fi
		base_commit "$TREE.new"
	fi
	grep -q "^SUBLEVEL = ${BASE_VERSION##*.}\$" "$TREE.new/Makefile" ||
		die "the unpacked base is not Linux $BASE_VERSION"
	if [ -n "$tree_id" ] && [ "$(git -C "$TREE.new" rev-parse "v$BASE_VERSION^{tree}")" != "$tree_id" ]; then
		die "the base in $TREE.new is not Debian's Linux $BASE_VERSION (git tree id is not $tree_id)"
	fi
	git -C "$TREE.new" config user.name "$IDENT"
	git -C "$TREE.new" config user.email "$EMAIL"
	git -C "$TREE.new" checkout -q -b main
	mv "$TREE.new" "$TREE"
}

series() {
	[ -z "${KHO_RELEASE:-}" ] || return 0
	grep -v -e '^#' -e '^[[:space:]]*$' "$QDIR/series" 2>/dev/null || true
}

# Does the tree hold exactly the queue? Compare the patch bodies, which
# is what export would write.
matches_queue() {
	local tmp ok=0
	if [ -z "$(series)" ]; then
		[ "$(gitt rev-parse HEAD)" = "$(gitt rev-parse "v$BASE_VERSION")" ]
		return
	fi
	tmp=$(mktemp -d)
	"$TOP/scripts/export.sh" --to "$tmp" >/dev/null 2>&1 || { rm -rf "$tmp"; return 1; }
	diff -q <(series) <(grep -v '^#' "$tmp/series") >/dev/null || ok=1
	if [ $ok = 0 ]; then
		for p in $(series); do
			cmp -s "$QDIR/$p" "$tmp/$p" || { ok=1; break; }
		done
	fi
	rm -rf "$tmp"
	return $ok
}

[ -d "$TREE/.git" ] || make_base

tree_clean "make tree would throw them away"

if matches_queue; then
	gitt rev-parse HEAD >"$TREE/.git/kho-synced"
	if [ -n "${KHO_RELEASE:-}" ]; then
		say "$TREE holds vanilla Linux $BASE_VERSION"
	else
		say "$TREE already holds queue-$QUEUE/ ($(series | wc -l) patches)"
	fi
	exit 0
fi

# The tree's HEAD as of the last tree/export: if HEAD moved since, the
# tree holds work that queue-$QUEUE/ does not have yet; do not throw it away.
old=$(gitt rev-parse HEAD)
synced=$(cat "$TREE/.git/kho-synced" 2>/dev/null || true)
if [ "$old" != "$(gitt rev-parse "v$BASE_VERSION")" ] && [ "$old" != "$synced" ]; then
	die "$TREE has commits that are not in queue-$QUEUE/; run 'make export' to keep them, or 'git -C $TREE reset --hard v$BASE_VERSION' to drop them"
fi
gitt checkout -q main
gitt reset -q --hard "v$BASE_VERSION"
n=0
for p in $(series); do
	[ -f "$QDIR/$p" ] || die "queue-$QUEUE/series names $p, which does not exist"
	if ! gitt am -q --keep-cr "$QDIR/$p" >/dev/null 2>&1; then
		gitt am --abort >/dev/null 2>&1 || true
		die "patch $p does not apply on v$BASE_VERSION + the $n before it; tree left at its predecessor (old HEAD $old)"
	fi
	n=$((n + 1))
done
gitt rev-parse HEAD >"$TREE/.git/kho-synced"
say "$TREE: v$BASE_VERSION + $n patches (previous HEAD was $old)"

# Keep the cover letter's text as the branch description, where
# export.sh finds it: subject, blank line, then the body up to the
# shortlog.
cl=$QDIR/0000-cover-letter.patch
if [ -f "$cl" ]; then
	desc=$(awk '
		/^Subject: / && !s { sub(/^Subject: (\[[^]]*\] )?/, ""); subj = $0; s = 1; next }
		s == 1 && /^[ \t]/ { sub(/^[ \t]+/, " "); subj = subj $0; next }
		s == 1 && /^$/ { print subj; print ""; s = 2; next }
		s == 2 && /^[^ ].* \([0-9]+\):$/ { exit }
		s == 2 { print }' "$cl" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
	gitt config branch.main.description "$desc"
fi
