#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the KUnit suites of a directory's .kunitconfig: boot a kernel that
# has them built in under our QEMU wrapper, and parse the serial log with
# the tree's `kunit.py parse`.
# Every kernel here is built with KUnit and, where its tree has them, the
# series' suites (config/kho.config, config/kunit-suites.config), disabled
# at boot (CONFIG_KUNIT_DEFAULT_ENABLED=n): `kunit.enable=1` runs them,
# `kunit_shutdown=reboot` ends the guest. So the KUnit kernel is kernel a
# itself (KUNIT_IMAGE=NAME: images/NAME of this queue and architecture,
# the 6.19 seed kernel for kunit-seed), and no kernel is built here; the
# .kunitconfig's options, but its KASAN and UBSAN (which instrument every
# object: a second build of all of them), are checked in that kernel's
# configuration first. The suites' blobs end right before vmalloc's
# unmapped guard page, so an over-read faults without KASAN.
# `KHO_KUNIT_FULL=1` builds and boots the .kunitconfig as it is instead,
# sanitizers included, with kunit.py on its x86_64 defaults (about 1.5
# builds of kernel a). kunit.py boots its kernels with KVM first, which
# dies on these machines, so the boot is ours.
# Usage: kunit.sh DIR   (a tree directory holding a .kunitconfig)
# KUNIT_NAME: the name of the log, build/QUEUE/logs/kunit-NAME.log
# (default: DIR with / as -).
set -ue
. "$(dirname "$0")/lib.sh"
need python3 python3
[ $# = 1 ] || die "usage: kunit.sh DIR (relative to the kernel tree)"
dir=$1
[ -f "$TREE/$dir/.kunitconfig" ] || die "$TREE/$dir/.kunitconfig is missing"

name=${KUNIT_NAME:-$(echo "$dir" | tr / -)}${KHO_KUNIT_FULL:+-full}
log=$LOGS/kunit-$name.log
mkdir -p "$LOGS"
if [ -n "${KHO_KUNIT_FULL:-}" ]; then
	[ "$KHO_ARCH" = x86_64 ] || die "KHO_KUNIT_FULL=1 builds for x86_64 only"
	# The .kunitconfig as it is, sanitizers included, built by kunit.py
	# on its x86_64 defaults, trimmed of what no suite here needs.
	bdir=$BUILD/kunit/$name
	mkdir -p "$BUILD/kunit"
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
	kernel=$bdir/arch/x86/boot/bzImage
	enable=
else
	img=${KUNIT_IMAGE:-a}
	kernel=$OUT/images/$img.$KIMAGE
	config=$OUT/$img/.config
	[ -f "$kernel" ] || die "no kernel $kernel; run 'make build' first"
	[ -f "$config" ] || die "no configuration $config for kernel $img"
	[ "$config" -ot "$kernel" ] || die "$config is newer than $kernel; run 'make build' again"
	missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$TREE/$dir/.kunitconfig" |
		grep -v -E '^CONFIG_(KASAN|UBSAN)' | grep -vxF -f "$config" | tr '\n' ' ' || true)
	[ -z "$missing" ] || die "kernel $img lacks what $dir/.kunitconfig asks: $missing"
	enable=kunit.enable=1
fi

say "booting $kernel with its KUnit suites (log: $log)"
rm -f "$log"
rc=0
QEMU_MEM=1G "$TOP/scripts/boot.sh" "$log" "${KUNIT_TIMEOUT:-600}" "$kernel" "" \
	"console=$CONSOLE" $enable kunit_shutdown=reboot panic=-1 || rc=$?
[ $rc = 0 ] || say "QEMU exited with $rc"
(cd "$TREE" && timeout 120 python3 tools/testing/kunit/kunit.py parse "$log")
