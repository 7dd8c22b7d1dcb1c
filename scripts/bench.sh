#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Measure, and print as a table: a cold `make` (the demo of both
# queues), cold and warm `make check` of both queues (each in a fresh
# clone in a scratch directory, with an empty ccache; the verified bases
# are taken from the download cache), the cold build of each queue's
# kernel a inside the cold run, for x86_64 (the yardstick of its target:
# at most 9.7 times that build, both queues and both architectures) and
# arm64, and, for each queue and architecture, scripts/bench-hop.sh:
# one kexec hop with the series against vanilla, and the pages the
# record takes. Its make check runs both architectures (KHO_ARCHES).
# BENCH_QUICK=1 skips the make and make check runs.
set -ue
. "$(dirname "$0")/lib.sh"

rows=()
if [ -z "${BENCH_QUICK:-}" ]; then
	scratch=$(mktemp -d /tmp/kho-bench.XXXXXX)
	say "cold make (the newcomer's demo) in $scratch/demo"
	git clone -q "$TOP" "$scratch/demo"
	t0=$SECONDS
	(cd "$scratch/demo" && CCACHE_DIR=$scratch/ccache-demo make) >"$scratch/demo.log" 2>&1 ||
		say "cold make failed: $scratch/demo.log"
	demo=$((SECONDS - t0))
	rm -rf "$scratch/demo" "$scratch/ccache-demo"
	say "cold make check in $scratch (this takes a while)"
	git clone -q "$TOP" "$scratch/repo"
	export CCACHE_DIR=$scratch/ccache
	t0=$SECONDS
	(cd "$scratch/repo" && KHO_ARCHES="x86_64 arm64" make check) >"$scratch/cold.log" 2>&1 || say "cold make check failed: $scratch/cold.log"
	cold=$((SECONDS - t0))
	# "built a in N s", from each queue's build test
	ka=() kb=()
	for q in $QUEUES; do
		ka+=("$(sed -n 's/.*built a in \([0-9]*\) s.*/\1/p' "$scratch/repo/build/$q/logs/test-build.out" | head -n 1)")
		kb+=("$(sed -n 's/.*built a in \([0-9]*\) s.*/\1/p' "$scratch/repo/build/$q/logs/test-arm64-build.out" | head -n 1)")
	done
	t0=$SECONDS
	(cd "$scratch/repo" && KHO_ARCHES="x86_64 arm64" make check) >"$scratch/warm.log" 2>&1 || say "warm make check failed: $scratch/warm.log"
	warm=$((SECONDS - t0))
	ratio() { awk -v c="$cold" -v a="${1:-0}" 'BEGIN {printf (a ? "%.1f x" : "?"), c / a}'; }
	rows+=("cold make check, both queues, x86_64 and arm64|${cold} s|at most 9.7 x kernel a"
		"cold build of 6.19's kernel a (x86_64), same run|${ka[0]:-?} s|"
		"cold build of 7.2's kernel a (x86_64), same run|${ka[1]:-?} s|"
		"cold build of 6.19's kernel a (arm64), same run|${kb[0]:-?} s|"
		"cold build of 7.2's kernel a (arm64), same run|${kb[1]:-?} s|"
		"cold make check over 6.19's kernel a (x86_64)|$(ratio "${ka[0]:-}")|at most 9.7 x"
		"cold make check over 7.2's kernel a (x86_64)|$(ratio "${ka[1]:-}")|at most 9.7 x"
		"warm make check, nothing changed|${warm} s|at most 120 s"
		"cold make, both queues' demo|${demo} s|at most 600 s")
	unset CCACHE_DIR
	rm -rf "$scratch"
fi

for q in $QUEUES; do
	for arch in x86_64 arm64; do
		mapfile -t -O ${#rows[@]} rows < <(QUEUE=$q KHO_ARCH=$arch "$TOP/scripts/bench-hop.sh")
	done
done
printf '\n| %-56s | %-18s | %-20s |\n' measure value target
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..58})" "$(printf -- '-%.0s' {1..20})" "$(printf -- '-%.0s' {1..22})"
for r in "${rows[@]}"; do
	IFS='|' read -r a b c <<<"$r"
	printf '| %-56s | %-18s | %-20s |\n' "$a" "$b" "$c"
done
