#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A long chain, booted here: 30 kexecs alternating the two kernels. Its
# KTAP subtests:
#  counts   hops 1..30 each print one "exec from" line with count i
#  no-leak  the slope of free memory over hops of one parity is no worse
#           than -4 kB per hop. The slope is the median of the slopes
#           between every two of those hops (Theil-Sen): one noisy hop
#           moves it little (7.2's kernels, SMP since base-7.2.config, once
#           read 280 kB more on one hop, and least squares gave -4.25 where
#           this gives -1.78). Free memory is MemFree plus the
#           pages waiting in the per-cpu free lists (free, but not in
#           MemFree), read by init at the same point of every hop. The
#           base's lib/test_kho makes odd and even hops differ by
#           megabytes, so like is compared with like.
#  history  /sys/kernel/kho on every hop i: previous_release and
#           kexec_count match the boot line (a cold boot reads "" and 0),
#           every file is mode 0444, history/0..min(i,16)-1 list the
#           releases of hops i-1, i-2, ... with nothing after them, and
#           each uptime lies between that hop's "Run /init" and "Starting
#           new kernel" printk timestamps (50 ms of slack: printk and
#           CLOCK_BOOTTIME are different clocks).
set -ue
. "$(dirname "$0")/lib.sh"
n=30
chain soak $n a,b

counts() {
	local i c
	for i in $(seq 1 $n); do
		c=$(hop "$LOG" "$i" | grep -c "KHO: exec from: .* (count $i)\$" || true)
		[ "$c" = 1 ] || fail "hop $i: no single 'exec from' line with count $i"
	done
	echo "# counts 1..$n in order"
}

# theil_sen: the median of the slopes between every two of the "X Y"
# points on stdin, to two decimals.
theil_sen() {
	awk '{x[NR] = $1; y[NR] = $2}
	END {
		for (i = 1; i <= NR; i++)
			for (j = i + 1; j <= NR; j++)
				if (x[j] != x[i])
					s[++m] = (y[j] - y[i]) / (x[j] - x[i])
		for (i = 2; i <= m; i++) {
			v = s[i]
			for (j = i - 1; j >= 1 && s[j] > v; j--)
				s[j + 1] = s[j]
			s[j + 1] = v
		}
		printf "%.2f", (m % 2) ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
	}'
}

no_leak() {
	local parity points i kb slope
	for parity in 0 1; do
		points=
		for i in $(seq 1 $n); do
			[ $((i % 2)) = $parity ] || continue
			kb=$(hop "$LOG" "$i" | sed -n 's/^KHOTEST: meminfo MemFree: *\([0-9]*\) kB pcp \([0-9]*\) kB.*/\1 + \2/p')
			[ -n "$kb" ] || fail "hop $i: no MemFree line"
			points+="$i $((kb))"$'\n'
		done
		echo "# free kB on hops of parity $parity:" $(echo -n "$points" | cut -d' ' -f2)
		slope=$(echo -n "$points" | theil_sen)
		echo "# slope over hops of parity $parity: $slope kB/hop"
		awk -v s="$slope" 'BEGIN {exit !(s >= -4)}' || fail "free memory falls by $slope kB per hop"
	done
}

# sysfs I FILE: what init read from /sys/kernel/kho/FILE on hop I, as
# "MODE VALUE", or nothing if the file was absent.
sysfs() {
	hop "$LOG" "$1" | sed -n "s|^KHOTEST: sysfs $2 ||p"
}
# stamp I TEXT: the printk timestamp of hop I's line containing TEXT.
stamp() {
	hop "$LOG" "$1" | grep -F "$2" | head -n 1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p'
}

kexec_history() {
	local i f rel count line want j k got ns lo hi last
	for i in $(seq 0 $n); do
		for f in previous_release kexec_count; do
			[ "$(sysfs "$i" $f | cut -d' ' -f1)" = 444 ] ||
				fail "hop $i: $f missing or not mode 0444: '$(sysfs "$i" $f)'"
		done
		rel=$(sysfs "$i" previous_release | cut -s -d' ' -f2-)
		count=$(sysfs "$i" kexec_count | cut -s -d' ' -f2-)
		if [ "$i" = 0 ]; then
			[ -z "$rel" ] && [ "$count" = 0 ] ||
				fail "cold boot: sysfs says '$rel' count '$count'"
		else
			line=$(hop "$LOG" "$i" | grep -c "KHO: exec from: $rel (count $count)\$" || true)
			[ "$line" = 1 ] && [ "$rel" = "$(release "$LOG" $((i - 1)))" ] ||
				fail "hop $i: sysfs '$rel' count '$count' does not match its boot line"
		fi
		want=$((i < 16 ? i : 16))
		for j in $(seq 0 $((want - 1))); do
			k=$((i - 1 - j))
			for f in release uptime_ns; do
				[ "$(sysfs "$i" history/$j/$f | cut -d' ' -f1)" = 444 ] ||
					fail "hop $i: history/$j/$f missing or not mode 0444"
			done
			got=$(sysfs "$i" history/$j/release | cut -s -d' ' -f2-)
			[ "$got" = "$(release "$LOG" $k)" ] ||
				fail "hop $i: history/$j/release is '$got', want hop $k's '$(release "$LOG" $k)'"
			ns=$(sysfs "$i" history/$j/uptime_ns | cut -s -d' ' -f2-)
			lo=$(stamp $k "Run /init as init process")
			hi=$(stamp $k "Starting new kernel")
			awk -v ns="$ns" -v lo="$lo" -v hi="$hi" 'BEGIN {
				s = ns / 1e9; exit !(lo != "" && hi != "" && s >= lo - 0.05 && s <= hi + 0.05) }' ||
				fail "hop $i: history/$j/uptime_ns $ns not within hop $k's [$lo, $hi] s"
		done
		[ -z "$(sysfs "$i" history/$want/release)" ] ||
			fail "hop $i: history/$want exists, want $want entries"
	done
	last=$(for j in $(seq 0 15); do sysfs "$n" history/$j/release | cut -s -d' ' -f2-; done | paste -sd' ')
	echo "# $((n + 1)) boots: sysfs matches every boot line; hop $n's history: $last"
}

sub counts counts
sub no-leak no_leak
sub history kexec_history
sub_done
