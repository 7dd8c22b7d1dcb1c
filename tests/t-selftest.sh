#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own KHO selftest, as the series extends it: a chain of 4
# kexecs in which every hop must print its kexec-metadata line.
# tools/testing/selftests/kho/vmtest.sh builds its own kernel in
# build/selftest, on top of the configuration it finds there: a copy of
# kernel a's build, so little is compiled. QEMU goes through
# tests/qemu-wrap for a hard timeout, TCG, and a copy of the serial log,
# which is checked for kernel splats.
# With KHO_ARCH=arm64 (arm64/selftest): "vmtest.sh -t aarch64" with
# Debian's cross compiler, on a copy of arm64's kernel a.
set -ue
. "$(dirname "$0")/lib.sh"
vm=$TREE/tools/testing/selftests/kho/vmtest.sh
[ -x "$vm" ] || fail "$vm is missing"
sdir=$BUILD/selftest target=()
if [ "$KHO_ARCH" != x86_64 ]; then
	sdir=$BUILD/selftest-$KHO_ARCH
	target=(-t "$(echo "$TRIPLET" | cut -d- -f1)")
	export CROSS_COMPILE=$CROSS
fi
seed "$sdir" "$OUT/a"
serial=$LOGS/selftest-serial.log
rm -f "$serial"
export PATH=$TOP/tests/qemu-wrap:$PATH
out=$(timeout 800 "$vm" -d "$sdir" -j "$(nproc)" -n 4 "${target[@]}" 2>&1) && rc=0 || rc=$?
echo "$out" | grep -E '^(TAP|1\.\.|ok|not ok|# )' | sed 's/^/# vmtest: /'
[ $rc = 0 ] || { echo "$out" | tail -n 30; fail "vmtest.sh exited $rc"; }
echo "$out" | grep -q '^ok 1 KHO and kexec-metadata succeeded over 4 kexecs' ||
	fail "vmtest.sh did not report the chain"
[ -f "$serial" ] || fail "no serial log of vmtest's boot"
[ "$(hops "$serial")" = 5 ] || fail "vmtest's serial log holds $(hops "$serial") boots, want 5"
splats "$serial"
! grep -q 'ignoring kexec-metadata' "$serial" || fail "an 'ignoring kexec-metadata' warning in vmtest's boots"
echo "# vmtest's 5 boots: no kernel splat, no 'ignoring kexec-metadata'"
