#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A program of a Debian package for the harness's own use on this
# machine, unpacked from the package's .deb (apt-get download, from the
# mirror this machine's apt is configured with) into the download cache,
# not installed: the machine's packages stay as they are, and no service
# of the package starts (Debian's prometheus package, which has promtool,
# would start a Prometheus server). For programs that need nothing but
# the C library, as Go's static binaries.
# Usage: debtool.sh PACKAGE PATH   (PATH in the package, such as
# usr/bin/promtool; prints where it is)
set -ue
. "$(dirname "$0")/lib.sh"
need apt-get apt
need dpkg-deb dpkg
[ $# = 2 ] || die "usage: debtool.sh PACKAGE PATH"
pkg=$1 path=$2
deb_download "$CACHE/debs" "" "$pkg"
deb=$(compgen -G "$CACHE/debs/${pkg}_*.deb" | sort -V | tail -n 1)
dest=$CACHE/debtools/$(basename "$deb" .deb)
if [ ! -x "$dest/$path" ]; then
	rm -rf "$dest.new"
	mkdir -p "$dest.new"
	dpkg-deb -x "$deb" "$dest.new"
	[ -x "$dest.new/$path" ] || die "$(basename "$deb") has no program $path"
	rm -rf "$dest"
	mv "$dest.new" "$dest"
fi
echo "$dest/$path"
