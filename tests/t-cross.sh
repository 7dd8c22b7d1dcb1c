#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kexecs between releases, whose KHO ABIs differ (the compatible of the
# KHO root FDT: kho-v1 on 6.19, kho-v3 on 7.1, kho-v4 on 7.2), with both
# queues' kernels a and the vanilla kernels of 6.19.11, 7.1.13
# (releases/7.1.13.base, built by scripts/build.sh with KHO_RELEASE) and
# 7.2.6:
#  gap-*: the vanilla receivers, as every release so far behaves: KHO
#    says the handover is incompatible and is not revived, and no line
#    says which kernel kexec'd them.
#  the queues as receivers: one "exec from" line naming the predecessor,
#    one line naming its KHO ABI, nothing of KHO revived (no "found kexec
#    handover data", no test_kho restore, no reserve_mem), and the count
#    and the history carried on to the next kernel.
#  Q-hostile-*: queue Q's kernel a declares another KHO ABI (debugfs
#    kho/out/forge; 7.2 declares kho-v3, 6.19 kho-v4) and hands over a
#    root FDT that lies: the record in the next kernel's image or
#    initrd, in a scratch area, outside RAM, not aligned; a header size
#    beyond what is handed over (refused by kho_populate() itself, before
#    libfdt reads on); an ABI no kernel knows. The next kernel warns
#    once, naming the reason, revives nothing, and the kernel after it
#    reads count 2.
# Every boot is checked for splats (tests/lib.sh chain).
set -ue
. "$(dirname "$0")/lib.sh"
EXPECT_WARNING=1

# The images, by short names, in a directory of their own.
KHO_IMAGES=$BUILD/cross-images
export KHO_IMAGES
mkdir -p "$KHO_IMAGES"
link() {
	[ -s "$2" ] || fail "$2 is missing (${3})"
	ln -sf "$2" "$KHO_IMAGES/$1.bzImage"
}
link q6.19 "$TOP/build/6.19/out/images/a.bzImage" "QUEUE=6.19 scripts/build.sh all"
link v6.19 "$TOP/build/6.19/out/images/vanilla.bzImage" "QUEUE=6.19 scripts/build.sh extras"
link q7.2 "$TOP/build/7.2/out/images/a.bzImage" "QUEUE=7.2 scripts/build.sh all"
link v7.2 "$TOP/build/7.2/out/images/vanilla.bzImage" "QUEUE=7.2 scripts/build.sh extras"
link v7.1 "$TOP/build/release-7.1.13/out/images/a.bzImage" \
	"KHO_RELEASE=7.1.13 scripts/tree.sh && KHO_RELEASE=7.1.13 scripts/build.sh a"

revived="Revived memory reservation 'khotest' from KHO"

# kho_lines HOP: the KHO lines of hop HOP of the chain.
kho_lines() { hop "$LOG" "$1" | grep -o 'KHO: .*' || true; }

# gap NAME IMAGES: hop 1, a vanilla kernel of another KHO ABI than hop
# 0's, prints no "exec from" line and does not revive KHO.
gap() {
	local h
	chain "cross-$1" 1 "$2"
	h=$(hop "$LOG" 1)
	echo "$h" | grep -q 'is incompatible with' || fail "$1: hop 1 does not say the handover is incompatible"
	echo "$h" | grep -q 'exec from:' && fail "$1: hop 1 ($(release "$LOG" 1)) prints an 'exec from' line"
	echo "$h" | grep -q "$revived" && fail "$1: hop 1 revived reserve_mem"
	echo "# $(release "$LOG" 0) -> $(release "$LOG" 1): $(kho_lines 1 | tr '\n' '|' | sed 's/|$//; s/|/ | /g')"
}

# across HOP ABI: hop HOP read its predecessor's record across KHO ABIs:
# one exact "exec from" line before the command line and the first
# initcall, the ABI named, KHO not revived, sysfs agreeing.
across() {
	local i=$1 abi=$2 h prev want
	h=$(hop "$LOG" "$i")
	prev=$(release "$LOG" $((i - 1)))
	want="KHO: exec from: $prev (count $i)"
	[ "$(echo "$h" | grep -c "$want\$")" = 1 ] || {
		kho_lines "$i" | sed 's/^/#   /'
		fail "hop $i ($(release "$LOG" "$i")) does not print '$want' once"
	}
	echo "$h" | grep -q "KHO: the previous kernel spoke KHO ABI $abi, not kho-v[0-9]*: only its kexec-metadata is read, nothing else is revived\$" ||
		fail "hop $i does not name the previous kernel's KHO ABI $abi"
	echo "$h" | sed -n "/$want/,\$p" | grep -q 'Kernel command line:' ||
		fail "hop $i prints its line after 'Kernel command line:'"
	echo "$h" | grep -q 'found kexec handover data' && fail "hop $i revived KHO"
	echo "$h" | grep -q 'KHO restore succeeded' && fail "hop $i: test_kho restored data across KHO ABIs"
	echo "$h" | grep -q "$revived" && fail "hop $i revived reserve_mem across KHO ABIs"
	echo "$h" | grep -qx "KHOTEST: sysfs previous_release 444 $prev" &&
		echo "$h" | grep -qx "KHOTEST: sysfs kexec_count 444 $i" ||
		fail "hop $i: /sys/kernel/kho does not say $prev, count $i"
	return 0
}

# reader HOP: the text of the reader (tools/kho/kexec-chain) on hop HOP.
reader() {
	hop "$LOG" "$1" | sed -n '/KHOTEST: reader begin text/,/KHOTEST: reader end text/p' | grep -v KHOTEST
}

# vanilla 7.1.13 -> the 7.2 queue -> the 7.2 queue: the second reads
# count 2 and the history of both.
seven_one() {
	local r
	chain cross-7.1-to-7.2 2 v7.1,q7.2,q7.2 khotest.reader
	across 1 kho-v3
	[ "$(hop "$LOG" 2 | grep -c "KHO: exec from: $(release "$LOG" 1) (count 2)\$")" = 1 ] ||
		fail "hop 2 does not read count 2 from hop 1"
	r=$(reader 2)
	echo "$r" | grep -qx "  0  $(release "$LOG" 1)  uptime [0-9.]* s" &&
		echo "$r" | grep -qx "  1  7.1.13  uptime unknown" ||
		{ echo "$r" | sed 's/^/#   /'; fail "hop 2's reader does not show 7.2.6 then 7.1.13"; }
	echo "# hop 1: $(kho_lines 1 | grep -E 'exec from|spoke' | tr '\n' '|' | sed 's/|$//; s/|/ | /g')"
	echo "# hop 2's history: $(echo "$r" | grep '^  [0-9]' | sed 's/  */ /g' | tr '\n' ';')"
}

# hostile NAME REASON FORGE [CMDLINE...]: hop 0, kernel a of the queue
# $Q, forges its root FDT with FORGE (which declares another KHO ABI);
# hop 1, the same kernel, warns once with REASON.
hostile() {
	local name=$1 why=$2 forge=$3 h
	shift 3
	chain "cross-hostile-$Q-$name" 2 "q$Q" khotest.forge="$forge" "$@"
	hop "$LOG" 0 | grep -q 'KHOTEST: forged' || fail "$name: hop 0 forged nothing"
	h=$(hop "$LOG" 1)
	case $why in
	"setup: "*)
		# Refused by kho_populate() itself, before libfdt reads on:
		# neither KHO nor the record is read.
		if [ "$(echo "$h" | grep -c "KHO: $why")" != 1 ] ||
			echo "$h" | grep -q 'KHO: ignoring kexec-metadata'; then
			kho_lines 1 | sed 's/^/#   /'
			fail "$name: hop 1 lacks the single warning '$why'"
		fi
		;;
	*)
		if [ "$(echo "$h" | grep -c 'KHO: ignoring kexec-metadata')" != 1 ] ||
			! echo "$h" | grep -q "KHO: ignoring kexec-metadata: $why\$"; then
			kho_lines 1 | sed 's/^/#   /'
			fail "$name: hop 1 lacks the single warning '$why'"
		fi
		;;
	esac
	echo "$h" | grep -q 'exec from:' && fail "$name: hop 1 printed an 'exec from' line"
	echo "$h" | grep -q 'found kexec handover data' && fail "$name: hop 1 revived KHO"
	echo "$h" | grep -q "$revived" && fail "$name: hop 1 revived reserve_mem"
	[ "$(hop "$LOG" 2 | grep -c "KHO: exec from: $(release "$LOG" 1) (count 2)\$")" = 1 ] ||
		fail "$name: hop 2 does not read count 2"
	echo "# $name: hop 1 '$(echo "$h" | grep -o 'KHO: ignoring.*\|KHO: setup: handover FDT .*larger.*')', hop 2 count 2"
}

# in_image: the forged address lies in hop 1's kernel code (its
# /proc/iomem, dumped in hex), so the case tests what it names.
in_image() {
	local a lo hi
	a=$((16#$(forged)))
	read -r lo hi < <(dumped 1 /proc/iomem | sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : Kernel code$/\1 \2/p')
	[ -n "${lo:-}" ] || fail "no 'Kernel code' in hop 1's /proc/iomem"
	[ $((16#$lo)) -le "$a" ] && [ "$a" -le $((16#$hi)) ] ||
		fail "the forged address 0x$(forged) is not in hop 1's kernel code $lo-$hi"
	echo "# 0x$(forged) is in hop 1's kernel code, $lo-$hi"
}

# in_initrd: the forged address lies in the initrd hop 0 loaded for hop 1.
in_initrd() {
	local a lo size
	a=$((16#$(forged)))
	read -r lo size < <(hop "$LOG" 0 | sed -n 's/.*Loaded initrd at 0x\([0-9a-f]*\) bufsz=0x\([0-9a-f]*\) .*/\1 \2/p' | tail -n 1)
	[ -n "${lo:-}" ] || fail "hop 0 did not say where it loaded the initrd"
	[ $((16#$lo)) -le "$a" ] && [ "$a" -lt $((16#$lo + 16#$size)) ] ||
		fail "the forged address 0x$(forged) is not in the initrd at 0x$lo"
	echo "# 0x$(forged) is in the initrd hop 0 loaded for hop 1, at 0x$lo"
}

scratch_case() {
	hostile scratch "it overlaps a KHO scratch area" \
		"compatible:$ABI,kexec-metadata:scratch" nokaslr \
		khotest.dump=/proc/iomem,/debugfs/kho/out/scratch_phys,/debugfs/kho/out/scratch_len
	in_scratch_only
}

sub gap-7.1-to-vanilla-7.2 gap 7.1-to-vanilla-7.2 v7.1,v7.2
sub gap-6.19-queue-to-vanilla-7.2 gap 6.19q-to-vanilla-7.2 q6.19,v7.2
sub gap-7.2-queue-to-vanilla-6.19 gap 7.2q-to-vanilla-6.19 q7.2,v6.19
sub gap-vanilla-7.2-to-vanilla-6.19 gap vanilla-7.2-to-vanilla-6.19 v7.2,v6.19
sub vanilla-7.1-to-7.2-queue seven_one
image_case() {
	hostile kernel-image "it overlaps memory this kernel is using" \
		"compatible:$ABI,kexec-metadata:kernel" nokaslr khotest.dump=/proc/iomem
	in_image
}
initrd_case() {
	hostile initrd "it overlaps memory this kernel is using" \
		"compatible:$ABI,kexec-metadata:initrd"
	in_initrd
}

# The hostile cases with the receivers of queue Q, whose kernel a
# declares ABI, another KHO ABI it reads.
hostile_cases() {
	Q=$1 ABI=$2
	sub "$Q-hostile-kernel-image" image_case
	sub "$Q-hostile-initrd" initrd_case
	sub "$Q-hostile-scratch" scratch_case
	sub "$Q-hostile-not-ram" hostile not-ram "it is not RAM" \
		"compatible:$ABI,kexec-metadata:0x100000000"
	sub "$Q-hostile-unaligned" hostile unaligned "it is not 4 KiB aligned" \
		"compatible:$ABI,kexec-metadata:0x1008"
	sub "$Q-hostile-size-lies" hostile size-lies \
		"setup: handover FDT (0x[0-9a-f]*) is larger than handed over\$" \
		"compatible:$ABI,totalsize:8192"
	sub "$Q-hostile-unknown-abi" hostile unknown-abi \
		"the previous kernel's KHO ABI is not one this kernel can read" compatible:kho-v99
}

# The 6.19 queue -> the 7.2 queue -> the 6.19 queue: each reads the
# other's record across kho-v1 and kho-v4, and the last the history of
# both.
six_seven_six() {
	local r
	chain cross-6.19-7.2-6.19 2 q6.19,q7.2 khotest.reader
	across 1 kho-v1
	across 2 kho-v4
	r=$(reader 2)
	echo "$r" | grep -qx "  0  $(release "$LOG" 1)  uptime [0-9.]* s" &&
		echo "$r" | grep -qx "  1  $(release "$LOG" 0)  uptime [0-9.]* s" ||
		{ echo "$r" | sed 's/^/#   /'; fail "hop 2's reader does not show 7.2.6 then 6.19.11"; }
	echo "# hop 1: $(kho_lines 1 | grep -E 'exec from' | tr '\n' '|' | sed 's/|$//')"
	echo "# hop 2: $(kho_lines 2 | grep -E 'exec from' | tr '\n' '|' | sed 's/|$//'); history: $(echo "$r" | grep '^  [0-9]' | sed 's/  */ /g' | tr '\n' ';')"
}

# Vanilla 7.2.6 and vanilla 7.1.13 -> the 6.19 queue.
vanilla_to_six() {
	chain "cross-$1-to-6.19" 1 "$1,q6.19"
	across 1 "$2"
	echo "# hop 1: $(kho_lines 1 | grep -E 'exec from|spoke' | tr '\n' '|' | sed 's/|$//; s/|/ | /g')"
}

sub 6.19-queue-7.2-queue-6.19-queue six_seven_six
sub vanilla-7.2-to-6.19-queue vanilla_to_six v7.2 kho-v4
sub vanilla-7.1-to-6.19-queue vanilla_to_six v7.1 kho-v3
hostile_cases 7.2 kho-v3
hostile_cases 6.19 kho-v4
sub_done
