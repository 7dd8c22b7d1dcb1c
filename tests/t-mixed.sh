#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Mixed versions, both ways, with the vanilla kernel of the queue's base
# (no series, release <version>-vanilla).
# On 6.19, whose vanilla kernel has no kexec-metadata:
#  vanilla -> a -> b: a says in one line that its predecessor left no
#    kexec-metadata, KHO still works (test_kho restores, reserve_mem is
#    revived), and b reads count 2 (a counts itself 1: the documented rule).
#  a -> vanilla: KHO still works in the vanilla kernel, and its debugfs
#    kho/in/sub_fdts shows FDTs only, each exactly as large as its
#    header says: the series hands its own blobs over in a way that
#    vanilla does not take for FDTs.
# On 7.2, whose vanilla kernel has upstream's kexec-metadata (a 73-byte
# version 1 record, read from an fs_initcall):
#  vanilla -> a -> vanilla -> a: KHO revives on every hop (test_kho
#    restores on odd hops, reserve_mem on all), a reads vanilla's record
#    ("exec from: <version>-vanilla (count i)") with no warning, vanilla
#    prints its line from our 1180-byte record ("exec from: <version>
#    (count 2)") with no warning, and its debugfs kho/in/sub_fdts reads
#    our record at its full size and every FDT there at its header's.
set -ue
. "$(dirname "$0")/lib.sh"
[ -f "$OUT/images/vanilla.$KIMAGE" ] || fail "no vanilla image (scripts/build.sh vanilla)"
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

# Vanilla 7.2.6 and the queue, alternating, both ways.
alternating() {
	local i h prev want blob
	chain mixed-72 3 vanilla,a khotest.blobs
	for i in 0 1 2 3; do
		h=$(hop "$LOG" "$i")
		want=$BASE_VERSION-vanilla
		[ $((i % 2)) = 1 ] && want=$BASE_VERSION
		[ "$(release "$LOG" "$i")" = "$want" ] || fail "hop $i is not $want"
		[ "$i" = 0 ] && continue
		prev=$(release "$LOG" $((i - 1)))
		[ "$(echo "$h" | grep -c "KHO: exec from: $prev (count $i)\$")" = 1 ] ||
			fail "hop $i ($want) does not print 'exec from: $prev (count $i)' once"
		[ "$(echo "$h" | grep -c 'exec from:')" = 1 ] || fail "hop $i prints more than one 'exec from' line"
		! echo "$h" | grep -qi 'kexec-metadata.*\(too small\|not supported\)\|ignoring kexec-metadata' ||
			fail "hop $i ($want) warns about the record"
		[ "$(echo "$h" | grep -c 'KHO restore succeeded')" = $((i % 2)) ] ||
			fail "hop $i: test_kho restored $(echo "$h" | grep -c 'KHO restore succeeded') times, want $((i % 2))"
		echo "$h" | grep -q "$revived" || fail "hop $i ($want): reserve_mem not revived"
	done
	# Vanilla's view of our record and of the other blobs (hop 2).
	h=$(hop "$LOG" 2)
	blob=$(echo "$h" | grep -o 'KHOTEST: blob kexec-metadata .*')
	[ "$blob" = "KHOTEST: blob kexec-metadata $RECORD_SIZE not-fdt" ] ||
		fail "vanilla's kho/in/sub_fdts/kexec-metadata: '$blob', want $RECORD_SIZE bytes"
	blobs "$(echo "$h" | grep -v 'KHOTEST: blob kexec-metadata ')" vanilla
	echo "# vanilla -> a -> vanilla -> a: each reads the other's record, KHO revived on every hop"
}

case $QUEUE in
6.19)
	sub vanilla-to-series up
	sub series-to-vanilla down
	;;
*)
	sub alternating alternating
	;;
esac
sub_done
