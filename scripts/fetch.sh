#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the verified Linux 6.19.11 base and print the path of its source:
# either a tree ($KERNEL_SRC) or a tarball. Tried in order: $KERNEL_SRC,
# $KERNEL_TARBALL, the cache, Debian's orig tarball from this machine's
# apt mirror, kernel.org.
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
tried+=("Debian's orig tarball of linux $DEB_VERSION, from this machine's apt mirror")
if fetch_debian; then
	echo "$CACHE/$TARBALL"
	exit 0
fi

# kernel.org's tarball is not Debian's repacked orig, so it is checked
# against kernel.org's own sha256sums list instead.
KORG=linux-$BASE_VERSION.tar.xz
fetch_kernel_org() {
	command -v curl >/dev/null || "$TOP/scripts/deps.sh" curl:curl || return 1
	local url=https://cdn.kernel.org/pub/linux/kernel/v6.x
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

say "could not obtain Linux $BASE_VERSION. Tried: \$KERNEL_SRC (unset), \$KERNEL_TARBALL (unset), $CACHE/$TARBALL"
for t in "${tried[@]}"; do say "  tried: $t"; done
die "provide it by hand: KERNEL_TARBALL=/path/to/$TARBALL (sha256 $SHA256) or KERNEL_SRC=/path/to/linux-6.19.y"
