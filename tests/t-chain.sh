#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A chain of 4 kexecs alternating the two kernels completes, each hop
# running the kernel it was handed. Its log serves the tests after it.
set -ue
. "$(dirname "$0")/lib.sh"
n=4
md=kho/in/sub_fdts/kexec-metadata,/debugfs/kho/out/sub_fdts/kexec-metadata
chain chain $n a,b initcall_debug loglevel=8 khotest.reader \
	khotest.kpf=kexec-metadata,kexec-history khotest.dump=/debugfs/$md || exit 1
for i in $(seq 0 $n); do
	want=$BASE_VERSION
	[ $((i % 2)) = 1 ] && want=$BASE_VERSION-b
	got=$(release "$LOG" "$i")
	[ "$got" = "$want" ] || fail "hop $i runs '$got', want '$want'"
	hop "$LOG" "$i" | grep -q "KHOTEST: hop $i of $n" || fail "hop $i: init did not report"
done
echo "# $((n + 1)) boots alternating $BASE_VERSION and $BASE_VERSION-b"
