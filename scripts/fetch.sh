#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the verified Linux 6.19.11 base and print the path of its source:
# either a tree ($KERNEL_SRC) or a tarball. Tried in order: $KERNEL_SRC,
# $KERNEL_TARBALL, the cache, Debian's source package, kernel.org.
set -ue
. "$(dirname "$0")/lib.sh"

TARBALL=linux_$BASE_VERSION.orig.tar.xz
SHA256=e19d838c34519b050dd48334c673b07f4089d56449b453e6d1d04460e0667fa6
DEB_VERSION=6.19.11-1~bpo13+1
tried=()

# verify FILE: keep it when its checksum matches, delete it otherwise.
verify() {
	local sum
	sum=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$sum" = "$SHA256" ] && return 0
	say "checksum mismatch for $1: got $sum, want $SHA256; deleting it"
	rm -f "$1"
	return 1
}

if [ -n "${KERNEL_SRC:-}" ]; then
	mk=$KERNEL_SRC/Makefile
	[ -f "$mk" ] || die "KERNEL_SRC=$KERNEL_SRC has no Makefile"
	v=$(awk '/^VERSION =/{a=$3} /^PATCHLEVEL =/{b=$3} END{print a"."b}' "$mk")
	[ "$v" = 6.19 ] || die "KERNEL_SRC=$KERNEL_SRC is Linux $v, not 6.19.y; unset it or point it at a 6.19 tree"
	echo "$KERNEL_SRC"
	exit 0
fi

if [ -n "${KERNEL_TARBALL:-}" ]; then
	[ -f "$KERNEL_TARBALL" ] || die "KERNEL_TARBALL=$KERNEL_TARBALL does not exist"
	sum=$(sha256sum "$KERNEL_TARBALL" | cut -d' ' -f1)
	[ "$sum" = "$SHA256" ] ||
		die "KERNEL_TARBALL=$KERNEL_TARBALL has sha256 $sum, want $SHA256 (the $TARBALL); refusing it"
	echo "$KERNEL_TARBALL"
	exit 0
fi

mkdir -p "$CACHE"
if [ -f "$CACHE/$TARBALL" ] && verify "$CACHE/$TARBALL"; then
	echo "$CACHE/$TARBALL"
	exit 0
fi

# Debian's source package, with a private apt configuration so the
# machine's own sources stay as they are. The .dsc of this version is
# gone from the archive, so apt fails after fetching the orig tarball:
# judge by the tarball, not apt's exit status.
fetch_debian() {
	command -v apt-get >/dev/null || return 1
	local apt=$CACHE/apt
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/dl"
	cat >"$apt/sources.list" <<SRC
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
SRC
	local opts=(-o "Dir::Etc::SourceList=$apt/sources.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$apt/lists"
		-o "Dir::Cache=$apt/cache"
		-o APT::Sandbox::User=root)
	say "fetching $TARBALL from Debian's source package linux=$DEB_VERSION"
	apt-get "${opts[@]}" update >&2 || true
	(cd "$apt/dl" && apt-get "${opts[@]}" source --download-only "linux=$DEB_VERSION" >&2) || true
	[ -f "$apt/dl/$TARBALL" ] || {
		say "Debian's archive did not provide $TARBALL (version $DEB_VERSION missing?)"
		return 1
	}
	mv "$apt/dl/$TARBALL" "$CACHE/$TARBALL"
	rm -rf "$apt/dl"
	verify "$CACHE/$TARBALL"
}
tried+=("Debian source package linux=$DEB_VERSION (trixie-backports)")
if fetch_debian; then
	echo "$CACHE/$TARBALL"
	exit 0
fi

# kernel.org's tarball is not Debian's repacked orig, so it is checked
# against kernel.org's own sha256sums list instead.
KORG=linux-$BASE_VERSION.tar.xz
fetch_kernel_org() {
	command -v curl >/dev/null || return 1
	local url=https://cdn.kernel.org/pub/linux/kernel/v6.x
	local want got
	say "fetching $url/$KORG"
	want=$(curl -fsSL --connect-timeout 10 "$url/sha256sums.asc" |
		awk -v f="$KORG" '$2 == f {print $1}') || return 1
	[ -n "$want" ] || return 1
	curl -fsSL --connect-timeout 10 -o "$CACHE/$KORG.part" "$url/$KORG" || return 1
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

say "could not obtain Linux $BASE_VERSION. Tried: \$KERNEL_SRC (unset), \$KERNEL_TARBALL (unset), $CACHE/$TARBALL"
for t in "${tried[@]}"; do say "  tried: $t"; done
die "provide it by hand: KERNEL_TARBALL=/path/to/$TARBALL (sha256 $SHA256) or KERNEL_SRC=/path/to/linux-6.19.y"
