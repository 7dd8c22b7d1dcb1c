#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One chain of 4 kexecs alternating the two kernels, booted here; every
# check that reads it is a KTAP subtest of this test:
#  completes    each hop runs the kernel it was handed, init reports
#  test-kho     the base's lib/test_kho restores its data on hops 1, 3
#               (a kernel that restored test data does not preserve it
#               again), and only there
#  reserve-mem  a reserve_mem= region is revived from KHO on every
#               kexec'd hop, not on the cold boot
#  metadata     hop i says exactly once "KHO: exec from: <release of
#               hop i-1> (count i)", before the first initcall and before
#               "Kernel command line:"; the cold
#               boot says nothing of the kind; the debugfs blobs have the
#               size and version both queues write (1180 bytes, version
#               1) and decode to the same values, with
#               the older kernels of the chain
#  page-kept    the page that held the incoming kexec-metadata stays
#               KHO's: the allocator never got it (see below)
#  reader       tools/kho/kexec-chain, as text, --json and --prometheus,
#               exits 0 and says what /sys/kernel/kho says on the same
#               hop; its metrics pass promtool check metrics and read back
#               with prometheus_client (tests/reader-check.py), also for
#               made-up releases that need escaping (x86_64)
set -ue
. "$(dirname "$0")/lib.sh"
n=4
md=kho/in/sub_fdts/kexec-metadata,/debugfs/kho/out/sub_fdts/kexec-metadata
chain chain $n a,b initcall_debug loglevel=8 khotest.reader \
	khotest.kpf=kexec-metadata khotest.dump=/debugfs/$md

completes() {
	local i want got
	for i in $(seq 0 $n); do
		want=$BASE_VERSION
		[ $((i % 2)) = 1 ] && want=$BASE_VERSION-b
		got=$(release "$LOG" "$i")
		[ "$got" = "$want" ] || fail "hop $i runs '$got', want '$want'"
		hop "$LOG" "$i" | grep -q "KHOTEST: hop $i of $n" || fail "hop $i: init did not report"
	done
	echo "# $((n + 1)) boots alternating $BASE_VERSION and $BASE_VERSION-b"
}

test_kho() {
	local i c
	for i in $(seq 0 $n); do
		c=$(hop "$LOG" "$i" | grep -c "KHO restore succeeded" || true)
		[ "$c" = $((i % 2)) ] || fail "hop $i: 'KHO restore succeeded' $c times, want $((i % 2))"
	done
	echo "# test_kho restores on odd hops only, over $n hops"
}

reserve_mem() {
	local i c line="Revived memory reservation 'khotest' from KHO"
	for i in $(seq 0 $n); do
		c=$(hop "$LOG" "$i" | grep -c "$line" || true)
		[ "$c" = $((i > 0)) ] || fail "hop $i: '$line' $c times, want $((i > 0))"
	done
	echo "# reserve_mem revived on hops 1..$n"
}

# le32 HEX OFFSET: the little-endian u32 at byte OFFSET of a hex string.
le32() {
	local h=${1:$(($2 * 2)):8}
	echo $((16#${h:6:2}${h:4:2}${h:2:2}${h:0:2}))
}
# str HEX OFFSET: the NUL-terminated string at byte OFFSET, at most 65.
str() {
	local hex=$1 s="" i c
	for ((i = $2; i < $2 + 65; i++)); do
		c=${hex:$((i * 2)):2}
		[ "$c" = 00 ] && break
		s+=$(printf "\\x$c")
	done
	echo "$s"
}
# decode HEX: "version release count nr_older older..." of a 1180-byte
# blob (the test's own reader of the documented layout, the same on both
# queues).
decode() {
	local hex=$1 nr j out
	nr=$(le32 "$hex" 81)
	out="$(le32 "$hex" 0) $(str "$hex" 4) $(le32 "$hex" 69) $nr"
	for ((j = 0; j < nr && j < 15; j++)); do
		out+=" $(str "$hex" $((85 + 73 * j)))"
	done
	echo "$out"
}
# older I: the releases of hops I-1, I-2, ... 0, at most 15.
older() {
	local j out=""
	for ((j = $1 - 1; j >= 0 && j >= $1 - 15; j--)); do
		out+=" $(release "$LOG" $j)"
	done
	echo "$(($1 < 15 ? $1 : 15))$out"
}
# blob I DIR: "size hex" of the kexec-metadata dump of hop I (in or out).
blob() {
	hop "$LOG" "$1" | sed -n "s|^KHOTEST: dump /debugfs/kho/$2/sub_fdts/kexec-metadata ||p"
}

metadata() {
	local i prev want lines at first kcl size hex got own
	[ "$(hop "$LOG" 0 | grep -c 'exec from:')" = 0 ] || fail "the cold boot prints an 'exec from:' line"
	[ "$(blob 0 in)" = missing ] || fail "the cold boot has an incoming kexec-metadata blob"
	for i in $(seq 1 $n); do
		prev=$(release "$LOG" $((i - 1)))
		want="KHO: exec from: $prev (count $i)"
		lines=$(hop "$LOG" "$i" | grep 'exec from:' | sed 's/^\[[^]]*\] //')
		[ "$lines" = "$want" ] || fail "hop $i: got '$lines', want exactly '$want'"
		at=$(hop "$LOG" "$i" | grep -n 'KHO: exec from:' | cut -d: -f1)
		first=$(hop "$LOG" "$i" | grep -n 'calling  ' | head -n 1 | cut -d: -f1)
		[ -n "$first" ] || fail "hop $i: no initcall output (initcall_debug missing?)"
		[ "$at" -lt "$first" ] || fail "hop $i: the line comes after the first initcall"
		kcl=$(hop "$LOG" "$i" | grep -n 'Kernel command line:' | head -n 1 | cut -d: -f1)
		[ -n "$kcl" ] && [ "$at" -lt "$kcl" ] ||
			fail "hop $i: the line comes after 'Kernel command line:' (or there is none)"

		read -r size hex <<<"$(blob "$i" in)"
		[ "$size" = $RECORD_SIZE ] || fail "hop $i: debugfs in blob has $size bytes, want $RECORD_SIZE"
		got=$(decode "$hex")
		want="$RECORD_VERSION $prev $i $(older $((i - 1)))"
		[ "$got" = "$want" ] || fail "hop $i: debugfs in blob decodes to '$got', want '$want'"
		read -r size hex <<<"$(blob "$i" out)"
		got=$(decode "$hex")
		own=$(release "$LOG" "$i")
		want="$RECORD_SIZE $RECORD_VERSION $own $((i + 1)) $(older "$i")"
		[ "$size $got" = "$want" ] ||
			fail "hop $i: debugfs out blob is '$size $got', want '$want'"
		echo "# hop $i: $lines"
	done
}

# /proc/kpageflags of the page that held the incoming kexec-metadata,
# found through the incoming KHO root FDT. The series keeps that page as
# KHO leaves any preserved page nobody restores: reserved in memblock,
# its struct page not initialised (memblock_reserved_mark_noinit), so no
# flag at all (seen: 0:0), or KPF_RESERVED (bit 32). Fail on any flag
# that says the allocator has the page (buddy, slab, LRU, anonymous,
# mapped, compound, page table; seen before the series stopped freeing
# it: 0:128, slab), and on any other flag. That the page still holds the
# record is the metadata subtest's: debugfs kho/in shows the page itself.
KPF_ALLOC=$(((1 << 5) | (1 << 7) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 26)))
page_kept() {
	local i line pfn hi lo flags
	for i in $(seq 1 $n); do
		line=$(hop "$LOG" "$i" | sed -n 's/^KHOTEST: kpageflags kexec-metadata //p')
		read -r pfn hi lo <<<"$line"
		[ -n "${lo:-}" ] || fail "hop $i: no kpageflags report ('$line')"
		flags=$(((hi << 32) | lo))
		((flags & KPF_ALLOC)) && fail "hop $i: page $pfn went to the allocator (flags $hi:$lo)"
		[ $((flags & ~(1 << 32))) = 0 ] || fail "hop $i: page $pfn has flags $hi:$lo, want none or reserved"
		echo "# hop $i: page $pfn kept by KHO (flags $hi:$lo)"
	done
}

# With Debian's python3 (python3-prometheus-client) and Prometheus' own
# promtool, from Debian's prometheus package, unpacked, not installed
# (scripts/debtool.sh).
reader() {
	local i
	PROMTOOL=$("$TOP/scripts/debtool.sh" prometheus usr/bin/promtool) || fail "no promtool"
	export PROMTOOL
	for i in $(seq 0 $n); do
		hop "$LOG" "$i" >"$LOGS/chain-hop.txt"
		/usr/bin/python3 "$TOP/tests/reader-check.py" "$LOGS/chain-hop.txt" "$i"
	done
	# The reader built for the guest runs here too on x86_64 (static).
	if [ "$KHO_ARCH" = "$(uname -m)" ]; then
		/usr/bin/python3 "$TOP/tests/reader-check.py" --fixture "$OUT/tools-kho/kexec-chain"
	fi
}

sub completes completes
sub test-kho test_kho
sub reserve-mem reserve_mem
sub metadata metadata
sub page-kept page_kept
sub reader reader
sub_done
