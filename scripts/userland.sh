#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The users' own tools for the guest: Debian 12's busybox-static,
# kexec-tools and makedumpfile, fetched with `apt-get download` from the
# mirror this machine's apt is configured with, together with the
# library packages they depend on, and unpacked into
# build/QUEUE/out/userland/root. The .debs are kept in the download cache.
# With KHO_ARCH=arm64 (lib.sh), Debian's arm64 packages (apt-get
# download PACKAGE:arm64, once dpkg knows the architecture), into
# build/QUEUE/out-arm64/userland/root.
# Usage: userland.sh   (prints the root's path)
set -ue
. "$(dirname "$0")/lib.sh"
need apt-get apt
need dpkg-deb dpkg

debs=$CACHE/debs
suffix=
if [ "$DEB_ARCH" != "$(dpkg --print-architecture)" ]; then
	debs=$CACHE/debs-$DEB_ARCH suffix=:$DEB_ARCH
	if ! dpkg --print-foreign-architectures | grep -qx "$DEB_ARCH"; then
		[ "$(id -u)" = 0 ] || die "dpkg does not know $DEB_ARCH; run: sudo dpkg --add-architecture $DEB_ARCH && sudo apt-get update"
		say "adding the architecture $DEB_ARCH to dpkg, for apt-get download"
		dpkg --add-architecture "$DEB_ARCH"
		timeout 600 apt-get update -q >&2 ||
			die "apt-get update failed or timed out; check the machine's apt sources and network"
	fi
fi
root=$OUT/userland/root
tools=(busybox-static kexec-tools makedumpfile)

download() { deb_download "$debs" "$suffix" "$@"; }

# The tools' library dependencies: every Depends that names a library
# package (lib*, zlib1g), and the libraries those depend on.
download "${tools[@]}"
libs=()
deps_of() {
	dpkg-deb -f "$(compgen -G "$debs/${1}_*.deb" | head -n 1)" Depends |
		tr ',|' '\n\n' | sed 's/(.*//; s/:any//; s/ //g' | grep -E '^(lib|zlib1g)' || true
}
for t in "${tools[@]}"; do
	mapfile -t -O ${#libs[@]} libs < <(deps_of "$t")
done
mapfile -t libs < <(printf '%s\n' "${libs[@]}" libc6 | sort -u)
# ... and theirs, until nothing new comes.
while :; do
	download "${libs[@]}"
	n=${#libs[@]}
	for l in "${libs[@]}"; do
		mapfile -t -O ${#libs[@]} libs < <(deps_of "$l")
	done
	mapfile -t libs < <(printf '%s\n' "${libs[@]}" | sort -u)
	[ ${#libs[@]} != "$n" ] || break
done

stamp=$(cd "$debs" && ls | sha256sum | cut -d' ' -f1)
if [ "$(cat "$OUT/userland/stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$root"
	mkdir -p "$root"
	for p in "${tools[@]}" "${libs[@]}"; do
		dpkg-deb -x "$(compgen -G "$debs/${p}_*.deb" | head -n 1)" "$root"
	done
	echo "$stamp" >"$OUT/userland/stamp"
	say "unpacked ${tools[*]} and ${#libs[@]} library packages into $root"
fi
for f in bin/busybox sbin/kexec sbin/vmcore-dmesg usr/bin/makedumpfile; do
	[ -x "$root/$f" ] || die "$root/$f is missing after unpacking"
done
echo "$root"
