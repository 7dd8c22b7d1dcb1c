#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own KHO selftest, as the series extends it: a chain of 4
# kexecs in which every hop must print its kexec-metadata line.
# tools/testing/selftests/kho/vmtest.sh builds its own kernel in
# build/selftest, on top of the configuration it finds there: a copy of
# kernel a's build, so little is compiled. QEMU goes through
# tests/qemu-wrap for a hard timeout and TCG.
set -ue
. "$(dirname "$0")/lib.sh"
vm=$TREE/tools/testing/selftests/kho/vmtest.sh
[ -x "$vm" ] || fail "$vm is missing"
sdir=$BUILD/selftest
if [ "$(cat "$sdir/.seeded" 2>/dev/null)" != "$(cat "$OUT/a/.fragments")" ]; then
	rm -rf "$sdir"
	cp -a "$OUT/a" "$sdir"
	cp "$OUT/a/.fragments" "$sdir/.seeded"
fi
export PATH=$TOP/tests/qemu-wrap:$PATH
out=$("$vm" -d "$sdir" -j "$(nproc)" -n 4 2>&1) && rc=0 || rc=$?
echo "$out" | grep -E '^(TAP|1\.\.|ok|not ok|# )' | sed 's/^/# vmtest: /'
[ $rc = 0 ] || { echo "$out" | tail -n 30; fail "vmtest.sh exited $rc"; }
echo "$out" | grep -q '^ok 1 KHO and kexec-metadata succeeded over 4 kexecs' ||
	fail "vmtest.sh did not report the chain"
