#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, when something is missing.
# Usage: deps.sh [COMMAND:PACKAGE...]   (default: everything the harness uses)
set -ue
. "$(dirname "$0")/lib.sh"

# command:package pairs
if [ $# -gt 0 ]; then
	pkgs=("$@")
else
	pkgs=(gcc:gcc make:make git:git flex:flex bison:bison bc:bc xz:xz-utils
		lz4:lz4 cpio:cpio perl:perl python3:python3 ccache:ccache
		rsync:rsync qemu-system-x86_64:qemu-system-x86 apt-get:apt
		sha256sum:coreutils timeout:coreutils readelf:binutils
		aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
		qemu-system-aarch64:qemu-system-arm
		debootstrap:debootstrap mkfs.ext4:e2fsprogs)
fi
missing=()
for p in "${pkgs[@]}"; do
	command -v "${p%%:*}" >/dev/null 2>&1 || missing+=("${p#*:}")
done
if [ $# = 0 ]; then
	# Headers and libraries the kernel build needs.
	[ -f /usr/include/libelf.h ] || missing+=(libelf-dev)
	[ -f /usr/include/openssl/ssl.h ] || missing+=(libssl-dev)
	# The reader tools/kho/kexec-chain is linked statically into the initramfs.
	[ -f "/usr/lib/$(gcc -dumpmachine 2>/dev/null)/libc.a" ] || missing+=(libc6-dev)
	# ... and for arm64 with Debian's cross toolchain's C library.
	[ -f /usr/aarch64-linux-gnu/lib/libc.a ] || missing+=(libc6-dev-arm64-cross)
	# checkpatch.pl runs scripts/spdxcheck.py with Debian's python3.
	/usr/bin/python3 -c 'import ply' 2>/dev/null || missing+=(python3-ply)
	/usr/bin/python3 -c 'import git' 2>/dev/null || missing+=(python3-git)
	# The chain test parses the reader's metrics with prometheus_client.
	/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || missing+=(python3-prometheus-client)
fi

[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
apt_install "${missing[@]}"
