#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Measure, and print as a table: cold and warm `make check` (a fresh clone
# in a scratch directory, with an empty ccache; the verified base tarball
# is taken from the download cache), the cold kernel build inside it, and
# the wall time of one kexec hop with the whole series against vanilla
# 6.19.11 (median over a chain of HOPS hops of each, timed in this one
# run, from host timestamps of each hop's "Linux version" line), and the
# pages the feature preserves per hop (the distinct pages that hold its
# two subtrees, found through the incoming KHO root FDT).
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
		"warm make check|${warm} s|at most 120 s"
		"build test (5 kernels + initramfs), cold|${kb:-?} s|")
	unset CCACHE_DIR
	rm -rf "$scratch"
fi

"$TOP/scripts/build.sh" all >/dev/null
"$TOP/scripts/build.sh" extras >/dev/null
"$TOP/scripts/initramfs.sh" >/dev/null
say "timing chains of $hops hops, in turn: vanilla $BASE_VERSION, the series, twice"
tv= ts=
for round in 1 2; do
	KHO_STAMP=1 "$TOP/scripts/chain.sh" bench-vanilla "$hops" vanilla >/dev/null
	tv+="$(hop_times "$BUILD/logs/bench-vanilla.log")"$'\n'
	KHO_STAMP=1 "$TOP/scripts/chain.sh" bench "$hops" a >/dev/null
	ts+="$(hop_times "$BUILD/logs/bench.log")"$'\n'
done
tv=$(echo "$tv" | sed '/^$/d')
ts=$(echo "$ts" | sed '/^$/d')
[ "$(echo "$tv" | wc -l)" -ge 5 ] && [ "$(echo "$ts" | wc -l)" -ge 5 ] ||
	die "fewer than 5 hops timed; see $BUILD/logs/bench*.log"
mv=$(echo "$tv" | median)
ms=$(echo "$ts" | median)
pct=$(awk -v s="$ms" -v v="$mv" 'BEGIN {printf "%+.1f %%", (s / v - 1) * 100}')
accel=$(cat "$OUT/accel")
rows+=("one kexec hop, vanilla, $accel, median of $(echo "$tv" | wc -l)|$mv s|"
	"one kexec hop, whole series, $accel, median of $(echo "$ts" | wc -l)|$ms s|at most 5 s"
	"series against vanilla, per hop|$pct|at most +2 %")

say "finding the pages of kexec-metadata and kexec-history"
out=/debugfs/kho/out/sub_fdts
"$TOP/scripts/chain.sh" bench-mem 2 a,b khotest.kpf=kexec-metadata,kexec-history \
	khotest.dump=$out/kexec-metadata,$out/kexec-history >/dev/null
mlog=$BUILD/logs/bench-mem.log
pages=$(tr -d '\r' <"$mlog" | awk '/Linux version /{h++} h > 1 && /^KHOTEST: kpageflags kexec-/ {print h, $4}' |
	sort -u | awk '{n[$1]++} END {for (h in n) print n[h]}' | sort -n | tail -n 1)
bytes=$(tr -d '\r' <"$mlog" | awk -v d="$out/" 'index($0, "KHOTEST: dump " d) == 1 {print $4}' | head -n 2 | paste -sd+)
[ -n "$pages" ] && [ -n "$bytes" ] || die "no page or size report; see $mlog"
rows+=("pages the feature preserves per hop|$pages ($bytes bytes)|at most 1")
printf '\n| %-48s | %-18s | %-14s |\n' measure value target
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..50})" "$(printf -- '-%.0s' {1..20})" "$(printf -- '-%.0s' {1..16})"
for r in "${rows[@]}"; do
	IFS='|' read -r a b c <<<"$r"
	printf '| %-48s | %-18s | %-14s |\n' "$a" "$b" "$c"
done
echo "hop times, vanilla (s): $(echo $tv)"
echo "hop times, series (s): $(echo $ts)"
