#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a KUnit kernel with the tree's own kunit.py, boot it under our
# QEMU wrapper (kunit.py's own QEMU step wants KVM first, which dies on
# these machines), and parse the serial log with `kunit.py parse`.
# Usage: kunit.sh [--build-only] DIR   (a tree directory holding a
# .kunitconfig). --build-only stops after the build: make check starts
# that in the background while the QEMU tests run (a TCG guest uses one
# core), and the kunit test's own build is then incremental.
# KUNIT_NAME: the name of the build directory and log (default: DIR with
# / as -); a new build directory starts as a copy of KUNIT_SEED's.
set -ue
. "$(dirname "$0")/lib.sh"
need python3 python3
build_only=
[ "${1:-}" = --build-only ] && { build_only=1; shift; }
[ $# = 1 ] || die "usage: kunit.sh [--build-only] DIR (relative to the kernel tree)"
dir=$1
[ -f "$TREE/$dir/.kunitconfig" ] || die "$TREE/$dir/.kunitconfig is missing"

name=${KUNIT_NAME:-$(echo "$dir" | tr / -)}
bdir=$BUILD/kunit/$name
log=$BUILD/logs/kunit-$name.log
[ -z "${KUNIT_SEED:-}" ] || seed "$bdir" "$BUILD/kunit/$KUNIT_SEED"
mkdir -p "$bdir"

add=()
while read -r opt; do
	add+=(--kconfig_add "$opt")
done < <(grep '^CONFIG_' "$TOP/config/kunit.config")

say "building KUnit kernel for $dir in $bdir"
(cd "$TREE" && timeout 2400 python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
	--build_dir="$bdir" --kunitconfig="$dir" --jobs="$(nproc)" "${add[@]}") \
	>"$bdir/build.log" 2>&1 ||
	{ tail -n 30 "$bdir/build.log"; die "kunit.py build failed or timed out; log: $bdir/build.log"; }
[ -z "$build_only" ] || exit 0

say "booting $bdir (log: $log)"
rc=0
QEMU_MEM=1G "$TOP/scripts/boot.sh" "$log" "${KUNIT_TIMEOUT:-600}" \
	"$bdir/arch/x86/boot/bzImage" "" console=ttyS0 kunit_shutdown=reboot \
	panic=-1 || rc=$?
[ $rc = 0 ] || say "QEMU exited with $rc"
(cd "$TREE" && timeout 120 python3 tools/testing/kunit/kunit.py parse "$log")
