#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kexec-metadata on a real chain (the log of t-chain): hop i says exactly
# once "KHO: exec from: <release of hop i-1> (count i)", before the first
# initcall runs; the cold boot says nothing of the kind; and the blob in
# debugfs has exactly the version 1 size and decodes to the same values.
set -ue
. "$(dirname "$0")/lib.sh"
chain_log 4
n=$N

V1_SIZE=73

# le32 HEX OFFSET: the little-endian u32 at byte OFFSET of a hex string.
le32() {
	local h=${1:$(($2 * 2)):8}
	echo $((16#${h:6:2}${h:4:2}${h:2:2}${h:0:2}))
}

# decode HEX: "version release count" of a version 1 blob.
decode() {
	local hex=$1 rel="" i c
	for ((i = 4; i < 69; i++)); do
		c=${hex:$((i * 2)):2}
		[ "$c" = 00 ] && break
		rel+=$(printf "\\x$c")
	done
	echo "$(le32 "$hex" 0) $rel $(le32 "$hex" 69)"
}

# blob I DIR: "size hex" of the kexec-metadata dump of hop I (in or out).
blob() {
	hop "$LOG" "$1" | tr -d '\r' |
		sed -n "s|^KHOTEST: dump /debugfs/kho/$2/sub_fdts/kexec-metadata ||p"
}

[ "$(hop "$LOG" 0 | grep -c 'exec from:')" = 0 ] || fail "the cold boot prints an 'exec from:' line"
[ "$(blob 0 in)" = missing ] || fail "the cold boot has an incoming kexec-metadata blob"

for i in $(seq 1 "$n"); do
	prev=$(release "$LOG" $((i - 1)))
	want="KHO: exec from: $prev (count $i)"
	lines=$(hop "$LOG" "$i" | grep 'exec from:' | sed 's/^\[[^]]*\] //' | tr -d '\r')
	[ "$lines" = "$want" ] || fail "hop $i: got '$lines', want exactly '$want'"

	at=$(hop "$LOG" "$i" | grep -n 'KHO: exec from:' | cut -d: -f1)
	first=$(hop "$LOG" "$i" | grep -n 'calling  ' | head -n 1 | cut -d: -f1)
	[ -n "$first" ] || fail "hop $i: no initcall output (initcall_debug missing?)"
	[ "$at" -lt "$first" ] || fail "hop $i: the line comes after the first initcall"

	read -r size hex <<<"$(blob "$i" in)"
	[ "$size" = $V1_SIZE ] || fail "hop $i: debugfs in blob has $size bytes, want $V1_SIZE"
	got=$(decode "$hex")
	[ "$got" = "1 $prev $i" ] || fail "hop $i: debugfs in blob decodes to '$got', want '1 $prev $i'"

	read -r size hex <<<"$(blob "$i" out)"
	got=$(decode "$hex")
	own=$(release "$LOG" "$i")
	[ "$size $got" = "$V1_SIZE 1 $own $((i + 1))" ] ||
		fail "hop $i: debugfs out blob is '$size $got', want '$V1_SIZE 1 $own $((i + 1))'"
	echo "# hop $i: $lines"
done
