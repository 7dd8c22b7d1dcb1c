#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Mixed versions, both ways, with a vanilla 6.19.11 kernel (no series,
# release 6.19.11-vanilla):
#  vanilla -> a -> b: a says in one line that its predecessor left no
#    kexec-metadata, KHO still works (test_kho restores, reserve_mem is
#    revived), and b reads count 2 (a counts itself 1: the documented rule).
#  a -> vanilla: KHO still works in the vanilla kernel.
set -ue
. "$(dirname "$0")/lib.sh"
[ -f "$OUT/images/vanilla.bzImage" ] || fail "no vanilla image (scripts/build.sh extras)"
revived="Revived memory reservation 'khotest' from KHO"

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
	chain mixed-down 1 a,vanilla
	h1=$(hop "$LOG" 1)
	[ "$(release "$LOG" 1)" = "$BASE_VERSION-vanilla" ] || fail "hop 1 is not the vanilla kernel"
	echo "$h1" | grep -q 'KHO restore succeeded' || fail "a -> vanilla: test_kho did not restore"
	echo "$h1" | grep -q "$revived" || fail "a -> vanilla: reserve_mem not revived"
	echo "# a -> vanilla: restore and revive"
}

sub vanilla-to-series up
sub series-to-vanilla down
sub_done
