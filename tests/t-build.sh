#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series builds: both test kernels and the initramfs.
set -ue
. "$(dirname "$0")/lib.sh"
"$TOP/scripts/build.sh" all
"$TOP/scripts/initramfs.sh"
for k in a b; do
	[ -s "$OUT/images/$k.bzImage" ] || fail "$k.bzImage missing"
done
echo "# built a and b"
