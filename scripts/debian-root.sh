#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A Debian 12 (bookworm) root, as operators run it, for the tests that
# boot a real distribution: debootstrap's minbase from the mirror this
# machine's apt is configured with, plus systemd as init (systemd,
# systemd-sysv, dbus, udev), Debian's kexec-tools (its debconf question,
# LOAD_KEXEC, left at the default an installer gets: true) and busybox.
# Kept in the download cache as a tarball, under a digest of the
# package list, the mirror and debootstrap's version: made once per
# machine (a few minutes), then only unpacked.
# The root is made for this machine's architecture (x86_64 guests).
# Usage: debian-root.sh   (prints the tarball's path)
set -ue
. "$(dirname "$0")/lib.sh"
need debootstrap debootstrap
need tar tar
[ "$(id -u)" = 0 ] || die "debootstrap needs root"

suite=bookworm
include=systemd,systemd-sysv,dbus,udev,kexec-tools,busybox
mirror=$(debian_mirror) || die "no Debian mirror in this machine's apt sources"
key=$(echo "$suite $include $mirror $(dpkg-query -W -f '${Version}' debootstrap)" |
	sha256sum | cut -c1-16)
tarball=$CACHE/debian-$suite-$key.tar
# One debootstrap at a time (a background step and a test may both ask).
mkdir -p "$CACHE"
exec 9>"$CACHE/debian-root.lock"
flock 9
if [ -f "$tarball" ]; then
	echo "$tarball"
	exit 0
fi

work=$CACHE/debian-$suite-$key.new
rm -rf "$work"
mkdir -p "$work"
say "debootstrap $suite ($include) from $mirror into $work (once; a few minutes)"
DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
	timeout 1200 debootstrap --variant=minbase --include="$include" \
	"$suite" "$work" "$mirror" >"$work.log" 2>&1 || {
	tail -n 20 "$work.log" >&2
	rm -rf "$work"
	die "debootstrap failed or timed out; log: $work.log"
}
# Nothing of the host's apt cache is needed in the guest.
rm -rf "$work"/var/cache/apt/archives/*.deb "$work"/var/lib/apt/lists/*
tar -C "$work" --numeric-owner -cf "$tarball.new" .
mv "$tarball.new" "$tarball"
rm -rf "$work" "$work.log"
say "made $tarball ($(du -h "$tarball" | cut -f1))"
echo "$tarball"
