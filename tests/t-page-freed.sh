#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Once a kernel has copied the incoming kexec-metadata, the page that
# held it goes back to the page allocator: on every kexec'd hop of the
# chain log, /proc/kpageflags of that page (found through the incoming
# KHO root FDT) does not have KPF_RESERVED (bit 32) set.
set -ue
. "$(dirname "$0")/lib.sh"
LOG=$BUILD/logs/chain.log
[ -f "$LOG" ] || fail "$LOG is missing (t-chain runs first)"
n=$(($(hops "$LOG") - 1))
for i in $(seq 1 "$n"); do
	line=$(hop "$LOG" "$i" | tr -d '\r' | sed -n 's/^KHOTEST: kpageflags kexec-metadata //p')
	read -r pfn hi lo <<<"$line"
	[ -n "${lo:-}" ] || fail "hop $i: no kpageflags report ('$line')"
	[ $((hi & 1)) = 0 ] || fail "hop $i: page $pfn of the incoming blob is still reserved (flags $hi:$lo)"
	echo "# hop $i: page $pfn not reserved"
done
