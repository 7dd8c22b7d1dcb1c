#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kexec history and the sysfs files, on the soak test's 30-hop chain
# alternating two releases (the soak test runs first). On every hop i:
# /sys/kernel/kho/previous_release and kexec_count match the boot line
# (a cold boot reads "" and 0), every file is mode 0444, and
# history/0..min(i,16)-1 list the releases of hops i-1, i-2, ... with
# nothing after them. Each uptime is plausible: the uptime of hop k's
# kexec lies between hop k's "Run /init" and "Starting new kernel"
# printk timestamps (50 ms of slack: printk and CLOCK_BOOTTIME are
# different clocks).
set -ue
. "$(dirname "$0")/lib.sh"
LOG=$BUILD/logs/soak.log
[ -f "$LOG" ] || fail "$LOG is missing (the soak test runs first)"
n=$(($(hops "$LOG") - 1))
[ "$n" -ge 20 ] || fail "only $n kexecs in $LOG, want at least 20"

# sysfs LOG I FILE: what init read from /sys/kernel/kho/FILE on hop I,
# as "MODE VALUE", or nothing if the file was absent.
sysfs() {
	hop "$LOG" "$1" | tr -d '\r' | sed -n "s|^KHOTEST: sysfs $2 ||p"
}
# stamp I TEXT: the printk timestamp of hop I's line containing TEXT.
stamp() {
	hop "$LOG" "$1" | tr -d '\r' | grep -F "$2" | head -n 1 |
		sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p'
}

for i in $(seq 0 "$n"); do
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
		line=$(hop "$LOG" "$i" | tr -d '\r' | grep -c "KHO: exec from: $rel (count $count)\$" || true)
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
echo "# hop $n: history/0/uptime_ns $(sysfs "$n" history/0/uptime_ns | cut -d' ' -f2) (hop $((n - 1)) printed 'Starting new kernel' at $(stamp $((n - 1)) "Starting new kernel") s)"
