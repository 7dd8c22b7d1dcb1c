#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# For one queue (QUEUE, see lib.sh) on one architecture (KHO_ARCH): the wall time of one kexec hop with
# the whole series against the vanilla kernel of its base (median over
# chains of HOPS hops of each, timed in turn in this one run, from host
# timestamps of each hop's "Linux version" line), and the pages the
# feature preserves per hop (the distinct pages that hold its record,
# found through the incoming KHO root FDT). Prints table rows
# "measure|value|target", one a line; scripts/bench.sh prints them.
set -ue
. "$(dirname "$0")/lib.sh"
hops=${HOPS:-7}

# median of the numbers on stdin
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# hop_times LOG: seconds from each "Linux version" line to the next.
hop_times() {
	grep 'Linux version ' "$1.stamps" | awk 'NR > 1 {printf "%.2f\n", $1 - t} {t = $1}'
}

"$TOP/scripts/build.sh" all >/dev/null
"$TOP/scripts/build.sh" vanilla >/dev/null
"$TOP/scripts/initramfs.sh" >/dev/null
say "queue $QUEUE, $KHO_ARCH: timing chains of $hops hops, in turn: vanilla $BASE_VERSION, the series, twice"
tv= ts=
for round in 1 2; do
	KHO_STAMP=1 "$TOP/scripts/chain.sh" bench-vanilla "$hops" vanilla >/dev/null
	tv+="$(hop_times "$LOGS/bench-vanilla.log")"$'\n'
	KHO_STAMP=1 "$TOP/scripts/chain.sh" bench "$hops" a >/dev/null
	ts+="$(hop_times "$LOGS/bench.log")"$'\n'
done
tv=$(echo "$tv" | sed '/^$/d')
ts=$(echo "$ts" | sed '/^$/d')
[ "$(echo "$tv" | wc -l)" -ge 5 ] && [ "$(echo "$ts" | wc -l)" -ge 5 ] ||
	die "fewer than 5 hops timed; see $LOGS/bench*.log"
mv=$(echo "$tv" | median)
ms=$(echo "$ts" | median)
pct=$(awk -v s="$ms" -v v="$mv" 'BEGIN {printf "%+.1f %%", (s / v - 1) * 100}')
accel=$(cat "$OUT/accel")
echo "$QUEUE $KHO_ARCH: one kexec hop, vanilla, $accel, median of $(echo "$tv" | wc -l)|$mv s|"
echo "$QUEUE $KHO_ARCH: one kexec hop, whole series, $accel, median of $(echo "$ts" | wc -l)|$ms s|at most 5 s"
echo "$QUEUE $KHO_ARCH: series against vanilla, per hop|$pct|at most +2 %"

say "finding the page of kexec-metadata"
out=/debugfs/kho/out/sub_fdts
"$TOP/scripts/chain.sh" bench-mem 2 a,b khotest.kpf=kexec-metadata \
	khotest.dump=$out/kexec-metadata >/dev/null
mlog=$LOGS/bench-mem.log
pages=$(tr -d '\r' <"$mlog" | awk '/Linux version /{h++} h > 1 && /^KHOTEST: kpageflags kexec-/ {print h, $4}' |
	sort -u | awk '{n[$1]++} END {for (h in n) print n[h]}' | sort -n | tail -n 1)
bytes=$(tr -d '\r' <"$mlog" | awk -v d="$out/" 'index($0, "KHOTEST: dump " d) == 1 {print $4}' | head -n 1)
[ -n "$pages" ] && [ -n "$bytes" ] || die "no page or size report; see $mlog"
echo "$QUEUE $KHO_ARCH: pages the feature preserves per hop|$pages ($bytes bytes)|at most 1"
say "hop times, vanilla (s): $(echo $tv)"
say "hop times, series (s): $(echo $ts)"
