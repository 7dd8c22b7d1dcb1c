#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The two layouts of kexec-metadata meet across real kexecs, both ways.
# The seed kernel (the queue's first part alone, release 6.19.11-seed:
# writes and reads the 73-byte record) and kernel a (the whole queue: the
# 1180-byte record with the history, still version 1) alternate in one
# chain, seed -> a -> seed -> a:
#  v1-to-v2  on hops 1 and 3, a reads the seed's 73-byte record: one
#            'exec from: 6.19.11-seed (count I)' line, and its history
#            is that one kernel, uptime unknown: sysfs history/0 is
#            6.19.11-seed with uptime_ns 0, and there is no history/1
#  v2-to-v1  on hop 2, the seed kernel reads a's 1180-byte record by its
#            first fields: one 'exec from: 6.19.11 (count 2)' line, and
#            nothing about the record's version (both write version 1)
# No hop warns about the record (chain() checks).
set -ue
. "$(dirname "$0")/lib.sh"
[ -f "$OUT/images/seed.bzImage" ] || fail "no seed image (scripts/build.sh extras)"
chain compat 3 seed,a

# sysfs I PATH: "MODE VALUE" of /sys/kernel/kho/PATH on hop I.
sysfs() {
	hop "$LOG" "$1" | sed -n "s|^KHOTEST: sysfs $2 ||p"
}

v1_to_v2() {
	local i h
	for i in 1 3; do
		h=$(hop "$LOG" $i)
		[ "$(release "$LOG" $i)" = "$BASE_VERSION" ] || fail "hop $i is not kernel a"
		[ "$(echo "$h" | grep -c "KHO: exec from: $BASE_VERSION-seed (count $i)\$")" = 1 ] ||
			fail "hop $i: no single 'exec from: $BASE_VERSION-seed (count $i)' line"
		[ "$(sysfs $i history/0/release)" = "444 $BASE_VERSION-seed" ] ||
			fail "hop $i: history/0/release is '$(sysfs $i history/0/release)'"
		[ "$(sysfs $i history/0/uptime_ns)" = "444 0" ] ||
			fail "hop $i: history/0/uptime_ns is '$(sysfs $i history/0/uptime_ns)', want 0 (unknown)"
		[ -z "$(sysfs $i history/1/release)" ] || fail "hop $i: a history/1 from a 73-byte record"
	done
	echo "# hops 1, 3: a read the seed's 73-byte record; history: $BASE_VERSION-seed, uptime unknown"
}

v2_to_v1() {
	local h
	h=$(hop "$LOG" 2)
	[ "$(release "$LOG" 2)" = "$BASE_VERSION-seed" ] || fail "hop 2 is not the seed kernel"
	[ "$(echo "$h" | grep -c "KHO: exec from: $BASE_VERSION (count 2)\$")" = 1 ] ||
		fail "hop 2: no single 'exec from: $BASE_VERSION (count 2)' line"
	! echo "$h" | grep -q 'KHO: kexec-metadata version' ||
		fail "hop 2: the seed kernel says a's record is of another version"
	echo "# hop 2: the seed kernel read a's 1180-byte record by its first fields"
}

sub v1-to-v2 v1_to_v2
sub v2-to-v1 v2_to_v1
sub_done
