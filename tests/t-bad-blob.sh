#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A previous kernel hands over a broken kexec-metadata blob across a real
# kexec (debugfs kho/out/kexec_metadata_raw, CONFIG_KEXEC_HANDOVER_DEBUG):
# the next kernel prints exactly one warning that names the reason, no
# "exec from" line and none of the blob's bytes, finishes booting, and
# hands on the count of the documented rule (it counts itself 1, so the
# kernel after it reads 2). The record grows by its size on both queues:
# a larger version 1 blob is read by its known fields, and a count at its
# maximum stays there.
# Two more cases hand over no bytes of their own: the kexec-metadata node
# records the address of the root FDT, or of test_kho's blob
# (kho/out/kexec_metadata_alias). The next kernel warns once and frees
# nothing that is not the record's: test_kho restores its data, and
# reserve_mem is revived on that hop and the next. More forge the
# address in the handed-over root FDT (debugfs kho/out/forge): a page of
# the next kernel's image, of its initrd, of a KHO scratch area, one
# outside RAM, one not aligned, and on arm64 the next kernel's device
# tree.
# Each case is a KTAP subtest with a chain of its own.
set -ue
. "$(dirname "$0")/lib.sh"
EXPECT_WARNING=1

# check NAME RAWHEX WANT [MARK]: WANT is the warning's reason, or
# "exec from: ..."; MARK, text of the blob that must not be printed.
# The blob's trailing zeroes go as khotest.rawsize, to fit the cmdline.
check() {
	local name=$1 raw=$2 want=$3 h1 h2 r1 size
	size=$((${#raw} / 2))
	raw=$(echo "$raw" | sed -E 's/(00)+$//')
	chain "bad-$name" 2 a,b khotest.raw="$raw" khotest.rawsize="$size"
	h1=$(hop "$LOG" 1)
	h2=$(hop "$LOG" 2)
	r1=$(release "$LOG" 1)
	if ! hop "$LOG" 0 | grep -q "KHOTEST: handed over"; then
		fail "$name: hop 0 did not hand over the raw blob"
	fi
	case $want in
	"exec from: "*)
		[ "$(echo "$h1" | grep -c 'KHO: ')" -ge 1 ] &&
			[ "$(echo "$h1" | grep -c "KHO: $want\$")" = 1 ] &&
			! echo "$h1" | grep -q 'ignoring kexec-metadata' || {
			fail "$name: hop 1 does not say 'KHO: $want' exactly once"
		}
		;;
	*) one_warning "$name" "$h1" "$want" ;;
	esac
	# No byte of the blob reaches the console: no escape or other control
	# byte, and none of the case's own text (MARK) in a kernel line.
	if echo "$h1" | tr -d '\n\t' | grep -q '[[:cntrl:]]'; then
		fail "$name: a control byte reached the console"
	fi
	if [ -n "${4:-}" ] && echo "$h1" | grep '^\[' | grep -qF -- "$4"; then
		fail "$name: the blob's text '$4' reached the console"
	fi
	if ! echo "$h2" | grep -q "KHOTEST: hop 2 of 2"; then
		fail "$name: the chain did not go on"
	fi
	local next=2
	# The count read, plus one, saturating at U32_MAX.
	case $want in "exec from: "*) next=$(($(echo "$want" | sed 's/.*count \([0-9]*\))/\1/') + 1)) ;; esac
	[ "$next" -le 4294967295 ] || next=4294967295
	if [ "$(echo "$h2" | grep -c "KHO: exec from: $r1 (count $next)\$")" != 1 ]; then
		fail "$name: hop 2 does not read 'exec from: $r1 (count $next)'"
	fi
	echo "# $name: hop 1 '$(echo "$h1" | grep -o 'KHO: \(ignoring\|exec from\).*' | head -n 1)', hop 2 count $next"
}

revived="Revived memory reservation 'khotest' from KHO"

# alias NAME TARGET WANT: hop 0's kexec-metadata node holds the address of
# subtree TARGET ("/": the root FDT); WANT is hop 1's warning.
alias() {
	local name=$1 target=$2 want=$3 h r i
	chain "bad-$name" 2 a,b khotest.alias="$target"
	hop "$LOG" 0 | grep -q "KHOTEST: handed over the address of $target as kexec-metadata" ||
		fail "$name: hop 0 did not alias kexec-metadata to $target"
	h=$(hop "$LOG" 1)
	one_warning "$name" "$h" "$want"
	# test_kho restores what hop 0 preserved (it preserves nothing again).
	echo "$h" | grep -q 'KHO restore succeeded' ||
		fail "$name: test_kho found no data on hop 1: memory it preserved was lost"
	for i in 1 2; do
		hop "$LOG" $i | grep -q "$revived" || fail "$name: reserve_mem not revived on hop $i"
	done
	r=$(release "$LOG" 1)
	[ "$(hop "$LOG" 2 | grep -c "KHO: exec from: $r (count 2)\$")" = 1 ] ||
		fail "$name: hop 2 does not read 'exec from: $r (count 2)'"
	echo "# $name: hop 1 '$(hop "$LOG" 1 | grep -o 'KHO: ignoring.*')', test_kho intact, reserve_mem revived on hops 1 and 2"
}

# forged_address NAME WHERE WANT [CMDLINE...]: hop 0 forges its
# kexec-metadata node to record the address WHERE (khotest.forge:
# "scratch", a page of a scratch area that holds none of hop 1's
# segments; "dtb", on arm64, the device tree kexec_file_load() made for
# hop 1; debugfs kho/out/forge, a test knob of the series), on the same
# KHO ABI. Hop 1 warns once with WANT; KHO (test_kho, reserve_mem) and
# the kernel after it go on.
forged_address() {
	local name=$1 where=$2 want=$3 h r
	shift 3
	# On 6.19, debugfs kho/in (patch 3) then declines to show the node,
	# once, as it shows only preserved memory; 7.2's says nothing.
	EXPECT_NODE='KHO: node kexec-metadata: the subtree is not in preserved memory$' \
		chain "bad-$name" 2 a,b khotest.forge="kexec-metadata:$where" "$@"
	[ "$(grep -c 'KHO: node ' "$LOG")" -le 1 ] || fail "$name: more than one 'KHO: node' warning"
	[ -n "$(forged)" ] || fail "$name: hop 0 forged nothing"
	h=$(hop "$LOG" 1)
	one_warning "$name" "$h" "$want"
	echo "$h" | grep -q 'KHO restore succeeded' || fail "$name: test_kho found no data on hop 1"
	echo "$h" | grep -q "$revived" || fail "$name: reserve_mem not revived on hop 1"
	r=$(release "$LOG" 1)
	[ "$(hop "$LOG" 2 | grep -c "KHO: exec from: $r (count 2)\$")" = 1 ] ||
		fail "$name: hop 2 does not read 'exec from: $r (count 2)'"
	echo "# $name: hop 1 '$(echo "$h" | grep -o 'KHO: ignoring.*')', KHO intact, hop 2 count 2"
}

# in_dtb: the forged address is where hop 0 loaded hop 1's device tree.
in_dtb() {
	local dtb
	dtb=$(hop "$LOG" 0 | sed -n 's/.*Loaded dtb at 0x\([0-9a-f]*\) .*/\1/p' | tail -n 1)
	[ -n "$dtb" ] && [ "$(forged)" = "$dtb" ] ||
		fail "hop 0 forged '0x$(forged)', not the device tree it loaded at '0x$dtb'"
	echo "# 0x$(forged) is hop 1's device tree"
}

# loaded WHAT: "ADDRESS MEMSZ" (hex) of the segment hop 0 loaded for hop 1,
# from its "Loaded WHAT at" line: "kernel" (x86 says "64bit kernel"),
# "initrd".
loaded() {
	hop "$LOG" 0 | sed -n "s/.*Loaded \(64bit \)\{0,1\}$1 at 0x\([0-9a-f]*\) bufsz=0x[0-9a-f]* memsz=0x\([0-9a-f]*\).*/\2 \3/p" | tail -n 1
}

# in_segment WHAT: the forged address lies in that segment.
in_segment() {
	local a lo size
	a=$((16#$(forged)))
	read -r lo size < <(loaded "$1")
	[ -n "${size:-}" ] || fail "hop 0 did not say where it loaded the $1"
	[ $((16#$lo)) -le "$a" ] && [ "$a" -lt $((16#$lo + 16#$size)) ] ||
		fail "the forged address 0x$(forged) is not in the $1 hop 0 loaded at 0x$lo"
	echo "# 0x$(forged) is in the $1 hop 0 loaded for hop 1 at 0x$lo (0x$size bytes)"
}

# kernel_address: the record inside the next kernel's image, which runs
# where it was loaded (nokaslr: x86's decompressor would move it; on
# arm64 KASLR moves only virtual addresses): hop 1's "Kernel code" in
# /proc/iomem lies in that segment too. On arm64 the image is not yet
# reserved in memblock when the record is read: the check by name.
kernel_address() {
	local lo size code
	forged_address kernel-address kernel "it overlaps memory this kernel is using" nokaslr \
		khotest.dump=/proc/iomem
	in_segment kernel
	read -r lo size < <(loaded kernel)
	code=$(dumped 1 /proc/iomem | sed -n 's/^ *\([0-9a-f]*\)-[0-9a-f]* : Kernel code$/\1/p')
	[ -n "$code" ] && [ $((16#$code)) -ge $((16#$lo)) ] && [ $((16#$code)) -lt $((16#$lo + 16#$size)) ] ||
		fail "hop 1's kernel code starts at 0x$code, not in the segment at 0x$lo"
	echo "# hop 1's kernel code starts at 0x$code, in that segment"
}

initrd_address() {
	forged_address initrd-address initrd "it overlaps memory this kernel is using"
	in_segment initrd
}

scratch_address() {
	forged_address scratch-address scratch "it overlaps a KHO scratch area" nokaslr \
		khotest.dump=/proc/iomem,/debugfs/kho/out/scratch_phys,/debugfs/kho/out/scratch_len
	in_scratch_only
}

dtb_address() {
	forged_address dtb-address dtb "it overlaps memory this kernel is using"
	in_dtb
}

v=$BASE_VERSION
# One record language on both queues: version 1, grown by its size: 73
# bytes (upstream's writer, the 6.19 queue's first part), 1180 (with the
# history), anything larger read by its known fields; any other version
# rejected.
sub truncated check truncated "$(mkblob 1 "$v" 1 40)" "blob smaller than version 1"
sub version-0 check version-0 "$(mkblob 0 "$v" 1)" "version not supported"
sub version-2 check version-2 "$(mkblob 2 "$v" 1 1180)" "version not supported"
sub larger-than-page check larger-than-page "$(mkblob 1 "$v" 1 4097)" "it is larger than a page"
sub older-count check older-count "$(mkblob 1 "$v" 1 1180 16)" "older kernel count out of range"
sub older-beyond-blob check older-beyond-blob "$(mkblob 1 "$v" 1 157 1 "$v-older")" "older kernel count out of range"
sub older-escape check older-escape "$(mkblob 1 "$v" 1 1180 1 '\e[2J\e[31mKHO: exec from: forged')" "older kernel's release not NUL-terminated, empty or not printable ASCII" forged
sub no-nul check no-nul "$(mkblob 1 "$(printf 'x%.0s' {1..65})" 1)" "release not NUL-terminated" xxxxxxxxxxxxxxxx
sub control-chars check control-chars "$(mkblob 1 "$v"'\a\b\r' 1)" "release empty or not printable ASCII"
sub escape-seq check escape-seq "$(mkblob 1 '\e[2J\e[31mKHO: exec from: forged' 1)" "release empty or not printable ASCII" forged
sub count-max check count-max "$(mkblob 1 "$v-max" 4294967295 1180)" "exec from: $v-max (count 4294967295)"
sub larger check larger "$(mkblob 1 "${v%%.*}.99.0-future" 5 1200)" "exec from: ${v%%.*}.99.0-future (count 5)"
sub root-fdt-address alias root-fdt-address / "it overlaps the KHO root FDT"
sub test-kho-address alias test-kho-address kho_test "version not supported"
sub kernel-address kernel_address
sub initrd-address initrd_address
sub scratch-address scratch_address
# Above the 1 GiB of RAM both machines have (from 0 on x86, from 1 GiB
# on arm64's virt machine); then one not aligned to 4 KiB.
sub not-ram-address forged_address not-ram-address 0x100000000 "it is not RAM"
sub unaligned-address forged_address unaligned-address 0x40001008 "it is not 4 KiB aligned"
# Only arm64 boots with a device tree.
[ "$KHO_ARCH" != arm64 ] || sub dtb-address dtb_address

sub_done
