#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Measure, and print as a table: cold and warm `make check` (a fresh clone
# in a scratch directory, with an empty ccache; the verified base tarball
# is taken from the download cache), the cold kernel build inside it, and
# the wall time of one kexec hop (median over a chain of HOPS hops, from
# host timestamps of each hop's "Linux version" line).
# BENCH_QUICK=1 skips the two make check runs.
set -ue
. "$(dirname "$0")/lib.sh"
hops=${HOPS:-7}

# median of the numbers on stdin
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# hop_times LOG: seconds from each "Linux version" line to the next.
hop_times() {
	grep 'Linux version ' "$1.stamps" | awk 'NR > 1 {printf "%.2f\n", $1 - t} {t = $1}'
}

rows=()
if [ -z "${BENCH_QUICK:-}" ]; then
	scratch=$(mktemp -d /tmp/kho-bench.XXXXXX)
	say "cold make check in $scratch (this takes a while)"
	git clone -q "$TOP" "$scratch/repo"
	export CCACHE_DIR=$scratch/ccache
	t0=$SECONDS
	(cd "$scratch/repo" && make check) >"$scratch/cold.log" 2>&1 || say "cold make check failed: $scratch/cold.log"
	cold=$((SECONDS - t0))
	kb=$(sed -n 's/^# build: \([0-9]*\)s.*/\1/p' "$scratch/repo/build/logs/test-build.out" | head -n 1)
	t0=$SECONDS
	(cd "$scratch/repo" && make check) >"$scratch/warm.log" 2>&1 || say "warm make check failed: $scratch/warm.log"
	warm=$((SECONDS - t0))
	rows+=("cold make check|${cold} s|at most 900 s"
		"warm make check|${warm} s|at most 180 s"
		"build test (5 kernels + initramfs), cold|${kb:-?} s|")
	unset CCACHE_DIR
	rm -rf "$scratch"
fi

say "timing a chain of $hops hops"
KHO_STAMP=1 "$TOP/scripts/chain.sh" bench "$hops" a,b >/dev/null
times=$(hop_times "$BUILD/logs/bench.log")
[ "$(echo "$times" | wc -l)" -ge 5 ] || die "fewer than 5 hops timed; see $BUILD/logs/bench.log"
rows+=("one kexec hop under $(cat "$OUT/accel"), median of $(echo "$times" | wc -l)|$(echo "$times" | median) s|at most 5 s")

printf '\n| %-48s | %-10s | %-14s |\n' measure value target
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..50})" "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..16})"
for r in "${rows[@]}"; do
	IFS='|' read -r a b c <<<"$r"
	printf '| %-48s | %-10s | %-14s |\n' "$a" "$b" "$c"
done
echo "hop times (s): $(echo $times)"
