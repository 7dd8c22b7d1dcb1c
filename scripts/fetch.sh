#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the verified base of the queue (QUEUE, see lib.sh; its base file
# names version and checksums) and print the path of its source: either a
# tree or a tarball. Tried in order: $KERNEL_SRC and $KERNEL_TARBALL (each
# taken only when it is this base), the cache, Debian's orig tarball from
# this machine's apt mirror by its pool path, the verified copies in
# $KHO_BASE_DIR (default ../shared/base, where it exists: the tarball
# itself, or the 6.19.11 tarball plus a delta, checked by git tree id;
# tried before the archive when KHO_BASE_DIR is set, as CI sets it),
# kernel.org (tarball only).
set -ue
. "$(dirname "$0")/lib.sh"

TARBALL=linux_$BASE_VERSION.orig.tar.xz
SHA256=$(queue_base SHA256)
DEB_VERSION=$(queue_base DEB_VERSION)
TREE_ID=$(queue_base TREE_ID)
DELTA=$(queue_base DELTA)
BASE_DIR=${KHO_BASE_DIR:-$TOP/../shared/base}
tried=()

# sha256_is FILE SUM: whether FILE's sha256 is SUM.
sha256_is() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# verify FILE: keep it when its checksum matches, delete it otherwise.
verify() {
	sha256_is "$1" "$SHA256" && return 0
	say "checksum mismatch for $1: want $SHA256; deleting it"
	rm -f "$1"
	return 1
}

if [ -n "${KERNEL_SRC:-}" ]; then
	mk=$KERNEL_SRC/Makefile
	[ -f "$mk" ] || die "KERNEL_SRC=$KERNEL_SRC has no Makefile"
	v=$(awk '/^VERSION =/{a=$3} /^PATCHLEVEL =/{b=$3} /^SUBLEVEL =/{c=$3} END{print a"."b"."c}' "$mk")
	if [ "$v" = "$BASE_VERSION" ]; then
		echo "$KERNEL_SRC"
		exit 0
	fi
	say "KERNEL_SRC=$KERNEL_SRC is Linux $v, not $BASE_VERSION: not taken for queue $QUEUE"
fi

if [ -n "${KERNEL_TARBALL:-}" ]; then
	[ -f "$KERNEL_TARBALL" ] || die "KERNEL_TARBALL=$KERNEL_TARBALL does not exist"
	if sha256_is "$KERNEL_TARBALL" "$SHA256"; then
		echo "$KERNEL_TARBALL"
		exit 0
	fi
	say "KERNEL_TARBALL=$KERNEL_TARBALL is not $TARBALL (sha256 $SHA256): not taken for queue $QUEUE"
fi

mkdir -p "$CACHE"
if [ -f "$CACHE/$TARBALL" ] && verify "$CACHE/$TARBALL"; then
	echo "$CACHE/$TARBALL"
	exit 0
fi
# A tree rebuilt from a delta earlier, verified then (see from_delta).
rebuilt=$CACHE/linux-$BASE_VERSION
if [ -n "$TREE_ID" ] && [ "$(git -C "$rebuilt" rev-parse -q --verify "v$BASE_VERSION^{tree}" 2>/dev/null)" = "$TREE_ID" ]; then
	echo "$rebuilt"
	exit 0
fi

# In CI the verified copies come first: the archive may drop a version.
from_base_dir() {
	local from sum
	[ -d "$BASE_DIR" ] || return 1
	if [ -f "$BASE_DIR/$TARBALL" ] && sha256_is "$BASE_DIR/$TARBALL" "$SHA256"; then
		echo "$BASE_DIR/$TARBALL"
		return 0
	fi
	[ -n "$DELTA" ] && [ -n "$TREE_ID" ] && [ -f "$BASE_DIR/$DELTA" ] || return 1
	from=$BASE_DIR/linux_$(queue_base DELTA_FROM).orig.tar.xz
	[ -f "$from" ] || { say "$BASE_DIR has $DELTA but not ${from##*/}"; return 1; }
	sha256_is "$BASE_DIR/$DELTA" "$(queue_base DELTA_SHA256)" ||
		{ say "$BASE_DIR/$DELTA: sha256 is not $(queue_base DELTA_SHA256); not taken"; return 1; }
	from_delta "$from" "$BASE_DIR/$DELTA"
}

# from_delta TARBALL DIFF: unpack TARBALL, apply DIFF (git apply -p2, as
# ../shared/base/README.md says), commit every file as tree.sh commits a
# base, and keep the result in the cache only if its tree id is TREE_ID.
from_delta() {
	local id
	need git git
	say "rebuilding Linux $BASE_VERSION from ${1##*/} + ${2##*/} (a few minutes)"
	rm -rf "$rebuilt.new"
	mkdir -p "$rebuilt.new"
	timeout 900 tar -xJf "$1" -C "$rebuilt.new" --strip-components=1 ||
		{ rm -rf "$rebuilt.new"; say "unpacking $1 failed"; return 1; }
	(cd "$rebuilt.new" && xz -dc "$2" | timeout 900 git apply -p2 --whitespace=nowarn) ||
		{ rm -rf "$rebuilt.new"; say "applying $2 failed"; return 1; }
	base_commit "$rebuilt.new"
	id=$(git -C "$rebuilt.new" rev-parse "v$BASE_VERSION^{tree}")
	if [ "$id" != "$TREE_ID" ]; then
		rm -rf "$rebuilt.new"
		say "the rebuilt tree has id $id, want $TREE_ID; not taken"
		return 1
	fi
	rm -rf "$rebuilt"
	mv "$rebuilt.new" "$rebuilt"
	say "rebuilt $rebuilt: git tree id $id, as Debian's $TARBALL"
	echo "$rebuilt"
}

# Debian's orig tarball, by its pool path on the Debian mirror this
# machine's apt is configured with, downloaded by apt's own helper (same
# proxy settings as apt; it checks the hash itself). The pool path needs
# no source index, so nothing fails on the way when the .dsc is gone.
fetch_debian() {
	local mirror helper=/usr/lib/apt/apt-helper
	[ -x "$helper" ] || { say "no $helper (package apt); skipping Debian's archive"; return 1; }
	mirror=$(debian_mirror) || { say "no Debian mirror in this machine's apt sources; skipping it"; return 1; }
	say "fetching $TARBALL from $mirror/pool/main/l/linux/ (Debian's linux $DEB_VERSION)"
	rm -f "$CACHE/$TARBALL.part"
	if ! timeout 900 "$helper" -o APT::Sandbox::User=root download-file "$mirror/pool/main/l/linux/$TARBALL" \
		"$CACHE/$TARBALL.part" "SHA256:$SHA256" >"$CACHE/fetch.log" 2>&1; then
		say "Debian's archive did not provide $TARBALL (see $CACHE/fetch.log; old versions are dropped)"
		rm -f "$CACHE/$TARBALL.part"
		return 1
	fi
	mv "$CACHE/$TARBALL.part" "$CACHE/$TARBALL"
	verify "$CACHE/$TARBALL"
}

# Named explicitly (as CI does): the verified copies come first, so that
# nothing depends on the archive still serving this version.
if [ -n "${KHO_BASE_DIR:-}" ]; then
	tried+=("the verified copies in $BASE_DIR")
	from_base_dir && exit 0
fi
tried+=("Debian's orig tarball of linux $DEB_VERSION, from this machine's apt mirror")
if fetch_debian; then
	echo "$CACHE/$TARBALL"
	exit 0
fi
if [ -z "${KHO_BASE_DIR:-}" ]; then
	tried+=("the verified copies in $BASE_DIR")
	from_base_dir && exit 0
fi

# kernel.org's tarball is not Debian's repacked orig, so it is checked
# against kernel.org's own sha256sums list instead.
KORG=linux-$BASE_VERSION.tar.xz
fetch_kernel_org() {
	command -v curl >/dev/null || "$TOP/scripts/deps.sh" curl:curl || return 1
	local url=https://cdn.kernel.org/pub/linux/kernel/v${BASE_VERSION%%.*}.x
	local want got
	say "fetching $url/$KORG"
	want=$(curl -fsSL --connect-timeout 10 --max-time 60 "$url/sha256sums.asc" |
		awk -v f="$KORG" '$2 == f {print $1}') || return 1
	[ -n "$want" ] || return 1
	curl -fsSL --connect-timeout 10 --max-time 900 -o "$CACHE/$KORG.part" "$url/$KORG" || return 1
	got=$(sha256sum "$CACHE/$KORG.part" | cut -d' ' -f1)
	if [ "$got" != "$want" ]; then
		say "checksum mismatch for $KORG: got $got, want $want; deleting it"
		rm -f "$CACHE/$KORG.part"
		return 1
	fi
	mv "$CACHE/$KORG.part" "$CACHE/$KORG"
}
tried+=("kernel.org $KORG")
if [ -f "$CACHE/$KORG" ] || fetch_kernel_org; then
	echo "$CACHE/$KORG"
	exit 0
fi
rm -f "$CACHE/$KORG.part"

say "could not obtain Linux $BASE_VERSION for queue $QUEUE. Tried: \$KERNEL_SRC, \$KERNEL_TARBALL, $CACHE/$TARBALL"
for t in "${tried[@]}"; do say "  tried: $t"; done
die "provide it by hand: KERNEL_TARBALL=/path/to/$TARBALL (sha256 $SHA256), KERNEL_SRC=/path/to/linux-$BASE_VERSION, or KHO_BASE_DIR=/path/to/shared/base"
