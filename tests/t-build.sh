#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series builds: the two test kernels, the kernels of the mixed and
# switched-off tests (vanilla, KHO debugfs off, KHO off), on 6.19 the
# seed kernel of the compat test, the initramfs, and the users' own
# tools from Debian (scripts/userland.sh) for the user test.
set -ue
. "$(dirname "$0")/lib.sh"
t0=$SECONDS
"$TOP/scripts/build.sh" a
a_secs=$((SECONDS - t0))
"$TOP/scripts/build.sh" b
"$TOP/scripts/build.sh" extras
"$TOP/scripts/initramfs.sh"
"$TOP/scripts/userland.sh" >/dev/null
kernels="a b vanilla nodebugfs khooff${SEED_PATCHES:+ seed}"
for k in $kernels; do
	[ -s "$OUT/images/$k.bzImage" ] || fail "$k.bzImage missing"
done
echo "# built $(echo "$kernels" | sed 's/ /, /g') of Linux $BASE_VERSION"
# The yardstick of the cold run (README, scripts/bench.sh).
echo "# kernel a built in $a_secs s"
