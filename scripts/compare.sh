#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The difference the 7.2 queue makes, measured on this machine: chains of
# vanilla 7.2.6 and kernel a (the queue) in turn, and a table of what each
# kernel printed (the README's):
#  - when the "exec from" line comes: its printk timestamp, and whether
#    "Kernel command line:" and the first initcall (initcall_debug) come
#    before or after it;
#  - what each prints from a record whose release holds terminal escapes
#    (handed over with the queue's debugfs knob kho/out/kexec_metadata_raw),
#    control bytes shown as ^[ (cat -v);
#  - what vanilla 7.2.6, a version 1 reader, prints from the queue's
#    1180-byte record.
# Every boot is checked for kernel splats. Usage: QUEUE=7.2 compare.sh
set -ue
. "$(dirname "$0")/../tests/lib.sh"
[ -z "$SEED_PATCHES" ] || die "compare.sh measures the 7.2 queue against vanilla 7.2.6: run it with QUEUE=7.2"
for k in a vanilla; do
	[ -f "$OUT/images/$k.bzImage" ] || die "no $k image; run: QUEUE=$QUEUE scripts/build.sh all extras"
done
rows=()

# when LOG I WHO: a table row of where hop I's line lies.
when() {
	local h at ts kcl first
	h=$(hop "$1" "$2")
	at=$(echo "$h" | grep -n 'KHO: exec from:' | head -n 1 | cut -d: -f1)
	[ -n "$at" ] || die "hop $2 of $1 printed no 'exec from' line"
	ts=$(echo "$h" | sed -n "${at}s/^\[ *\([0-9.]*\)\].*/\1/p")
	kcl=$(echo "$h" | grep -n 'Kernel command line:' | head -n 1 | cut -d: -f1)
	first=$(echo "$h" | grep -n 'calling  ' | head -n 1 | cut -d: -f1)
	[ -n "$kcl" ] && [ -n "$first" ] || die "hop $2 of $1: no 'Kernel command line:' or no initcall"
	rows+=("$3|[$ts] $(echo "$h" | sed -n "${at}s/^\[[^]]*\] //p")|$(
		[ "$at" -lt "$kcl" ] && echo before || echo after) \`Kernel command line:\`, $(
		[ "$at" -lt "$first" ] && echo before || echo after) the first initcall ($(
		echo "$h" | grep -c 'calling  ' | tr -d ' ') initcalls in all, $(
		echo "$h" | sed -n "1,${at}p" | grep -c 'calling  ' | tr -d ' ') of them before it)")
}

say "chain vanilla -> a -> vanilla with initcall_debug"
chain compare-when 2 vanilla,a initcall_debug loglevel=8
when "$LOG" 1 "the queue, kexec'd by vanilla 7.2.6"
when "$LOG" 2 "vanilla 7.2.6, kexec'd by the queue (its 1180-byte record)"

# shown LOG I: hop I's lines that say where it came from, or what it
# made of the record, control bytes made visible.
shown() {
	hop "$1" "$2" | grep -a 'KHO: \(exec from\|ignoring\)\|kexec-metadata' | sed 's/^\[[^]]*\] //' | cat -v |
		sed 's/|/\\|/g' | paste -sd ' '
}

esc=$(mkblob 1 '7.2.6\e[2J\e[31m-red' 1 1180 | sed -E 's/(00)+$//')
say "a record whose release holds terminal escapes, to vanilla and to the queue"
EXPECT_WARNING=1
for next in vanilla a; do
	chain "compare-escape-$next" 1 "a,$next" khotest.raw="$esc" khotest.rawsize=1180
	rows+=("$next reads a release with escapes (\`7.2.6\\e[2J\\e[31m-red\`)|$(shown "$LOG" 1)|")
done

printf '| %s | %s | %s |\n' "kernel" "what it printed" "where"
printf '|---|---|---|\n'
for r in "${rows[@]}"; do
	IFS='|' read -r a b c <<<"$r"
	printf '| %s | `%s` | %s |\n' "$a" "$b" "$c"
done
