#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the KUnit kernel of a directory's .kunitconfig, boot it under our
# QEMU wrapper, and parse the serial log with the tree's `kunit.py parse`.
# The kernel is kernel a's configuration plus the .kunitconfig's options
# but its sanitizers, configured and built by build.sh like every other
# kernel here, on a copy of a's objects: only what those options change
# is compiled (kunit.py's own configuration, x86_64 defaults plus KASAN
# and UBSAN, was a second full build of every object, about 1.5 times
# kernel a; `KHO_KUNIT_FULL=1` builds that one instead, with kunit.py).
# kunit.py boots its kernels with KVM first, which dies on these
# machines, so the boot is ours.
# Usage: kunit.sh [--build-only] DIR   (a tree directory holding a
# .kunitconfig). --build-only stops after the build: make check starts
# that in the background while the QEMU tests run (a TCG guest uses one
# core), and the kunit test's own build is then a no-op.
# KUNIT_NAME: the name of the build directory and log (default: DIR with
# / as -); a new build directory starts as a copy of
# build/QUEUE/kunit/KUNIT_SEED when that is set, else of kernel a's.
set -ue
. "$(dirname "$0")/lib.sh"
need python3 python3
build_only=
[ "${1:-}" = --build-only ] && { build_only=1; shift; }
[ $# = 1 ] || die "usage: kunit.sh [--build-only] DIR (relative to the kernel tree)"
dir=$1
[ -f "$TREE/$dir/.kunitconfig" ] || die "$TREE/$dir/.kunitconfig is missing"
[ -f "$OUT/a/.config" ] || die "kernel a has no build in $OUT/a; run 'make build' first"

name=${KUNIT_NAME:-$(echo "$dir" | tr / -)}${KHO_KUNIT_FULL:+-full}
bdir=$BUILD/kunit/$name
log=$LOGS/kunit-$name.log
mkdir -p "$BUILD/kunit"
if [ -n "${KHO_KUNIT_FULL:-}" ]; then
	# The .kunitconfig as it is, sanitizers included, built by kunit.py
	# on its x86_64 defaults, trimmed of what no suite here needs.
	say "building KUnit kernel for $dir with kunit.py in $bdir"
	(cd "$TREE" && timeout 3600 python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
		--build_dir="$bdir" --kunitconfig="$dir" --jobs="$(nproc)" \
		--kconfig_add CONFIG_EXPERT=y --kconfig_add CONFIG_ACPI=n --kconfig_add CONFIG_PM=n \
		--kconfig_add CONFIG_SUSPEND=n --kconfig_add CONFIG_X86_MCE=n --kconfig_add CONFIG_INPUT=n \
		--kconfig_add CONFIG_USB_SUPPORT=n --kconfig_add CONFIG_VT=n --kconfig_add CONFIG_CPU_IDLE=n \
		--kconfig_add CONFIG_VIRTUALIZATION=n --kconfig_add CONFIG_IO_URING=n \
		--kconfig_add CONFIG_BLOCK=n) \
		>"$bdir.build.log" 2>&1 ||
		{ tail -n 30 "$bdir.build.log"; die "kunit.py build failed or timed out; log: $bdir.build.log"; }
else
	from=$OUT/a
	[ -z "${KUNIT_SEED:-}" ] || from=$BUILD/kunit/$KUNIT_SEED
	seed "$bdir" "$from"
	# The fragment is the tree's .kunitconfig without its sanitizers (KASAN
	# and UBSAN instrument every object, so they would rebuild them all):
	# build.sh reconfigures when it changes, and checks that each of its
	# options stuck. The suites' blobs end right before vmalloc's unmapped
	# guard page, so an over-read faults without KASAN.
	grep -v -E '^CONFIG_(KASAN|UBSAN)' "$TREE/$dir/.kunitconfig" >"$bdir.kunitconfig"

	say "building KUnit kernel for $dir in $bdir"
	timeout 2400 "$TOP/scripts/build.sh" custom "$bdir" "" "${KFRAGS[@]}" "$bdir.kunitconfig" \
		>"$bdir.build.log" 2>&1 ||
		{ tail -n 30 "$bdir.build.log"; die "the KUnit kernel's build failed or timed out; log: $bdir.build.log"; }
fi
[ -z "$build_only" ] || exit 0

say "booting $bdir (log: $log)"
rc=0
QEMU_MEM=1G "$TOP/scripts/boot.sh" "$log" "${KUNIT_TIMEOUT:-600}" \
	"$bdir/arch/x86/boot/bzImage" "" console=ttyS0 kunit_shutdown=reboot \
	panic=-1 || rc=$?
[ $rc = 0 ] || say "QEMU exited with $rc"
(cd "$TREE" && timeout 120 python3 tools/testing/kunit/kunit.py parse "$log")
