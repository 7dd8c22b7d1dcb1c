#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Once a kernel has copied the incoming kexec-metadata, the page that
# held it goes back to the page allocator. Found through the incoming KHO
# root FDT, the page is read in /proc/kpageflags on every kexec'd hop: a
# page that KHO still holds is reserved with no struct page state at all,
# so its flags are 0; a page given back is reused at once (seen here: by
# the slab allocator, KPF_SLAB), so its flags are not 0. Checked both
# ways: with the release of the page commented out, every hop reads 0.
# The kexec-history lies in the same page: the feature's whole state
# costs one page per kexec.
set -ue
. "$(dirname "$0")/lib.sh"
chain_log 1
n=$N
for i in $(seq 1 "$n"); do
	line=$(hop "$LOG" "$i" | tr -d '\r' | sed -n 's/^KHOTEST: kpageflags kexec-metadata //p')
	read -r pfn hi lo <<<"$line"
	[ -n "${lo:-}" ] || fail "hop $i: no kpageflags report ('$line')"
	[ "$hi" != 0 ] || [ "$lo" != 0 ] ||
		fail "hop $i: page $pfn of the incoming blob was not given back (no flags)"
	hpfn=$(hop "$LOG" "$i" | tr -d '\r' | sed -n 's/^KHOTEST: kpageflags kexec-history \([0-9]*\) .*/\1/p')
	[ "$hpfn" = "$pfn" ] || fail "hop $i: kexec-history in page '$hpfn', kexec-metadata in page $pfn"
	echo "# hop $i: page $pfn, holding kexec-metadata and kexec-history, back in use (flags $hi:$lo)"
done
