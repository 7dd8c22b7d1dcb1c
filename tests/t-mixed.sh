#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Mixed versions, both ways, with a vanilla 6.19.11 kernel (no series,
# release 6.19.11-vanilla):
#  vanilla -> a -> b: a says in one line that its predecessor left no
#    kexec-metadata, KHO still works (test_kho restores, reserve_mem is
#    revived), and b reads count 2 (a counts itself 1: the documented rule).
#  a -> vanilla: KHO still works in the vanilla kernel, and its debugfs
#    kho/in/sub_fdts shows FDTs only, each exactly as large as its
#    header says: the series hands its own blobs over in a way that
#    vanilla does not take for FDTs.
set -ue
. "$(dirname "$0")/lib.sh"
[ -f "$OUT/images/vanilla.bzImage" ] || fail "no vanilla image (scripts/build.sh extras)"
revived="Revived memory reservation 'khotest' from KHO"

# blobs HOP_LINES WHO: every file of kho/in/sub_fdts is an FDT that reads
# exactly as many bytes as its header says, memblock's among them.
blobs() {
	local who=$2 x name bytes header
	echo "$1" | grep -q 'KHOTEST: blob memblock ' || fail "$who: no memblock blob in kho/in/sub_fdts"
	while read -r x x name bytes header; do
		[ "$header" != not-fdt ] && [ "$bytes" = "$header" ] ||
			fail "$who: kho/in/sub_fdts/$name reads $bytes bytes, header: $header"
	done < <(echo "$1" | grep -o 'KHOTEST: blob .*')
}

up() {
	local h1
	chain mixed-up 2 vanilla,a,b
	h1=$(hop "$LOG" 1)
	[ "$(release "$LOG" 0)" = "$BASE_VERSION-vanilla" ] || fail "hop 0 is not the vanilla kernel"
	[ "$(echo "$h1" | grep -c 'KHO: the previous kernel left no kexec-metadata')" = 1 ] ||
		fail "a booted from vanilla does not say its predecessor left no kexec-metadata"
	echo "$h1" | grep -q 'exec from:' && fail "a booted from vanilla prints an 'exec from' line"
	echo "$h1" | grep -q 'KHO restore succeeded' || fail "vanilla -> a: test_kho did not restore"
	echo "$h1" | grep -q "$revived" || fail "vanilla -> a: reserve_mem not revived"
	hop "$LOG" 2 | grep -q "KHO: exec from: $BASE_VERSION (count 2)" ||
		fail "the kernel after a does not read count 2"
	echo "# vanilla -> a -> b: 'no kexec-metadata', restore, revive, then count 2"
}

down() {
	local h1
	chain mixed-down 1 a,vanilla khotest.blobs
	h1=$(hop "$LOG" 1)
	[ "$(release "$LOG" 1)" = "$BASE_VERSION-vanilla" ] || fail "hop 1 is not the vanilla kernel"
	echo "$h1" | grep -q 'KHO restore succeeded' || fail "a -> vanilla: test_kho did not restore"
	echo "$h1" | grep -q "$revived" || fail "a -> vanilla: reserve_mem not revived"
	blobs "$h1" vanilla
	echo "# a -> vanilla: restore and revive; vanilla's sub_fdts: $(echo "$h1" | grep -o 'KHOTEST: blob [^ ]*' | cut -d' ' -f3 | tr '\n' ' ')"
}

sub vanilla-to-series up
sub series-to-vanilla down
sub_done
