#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the project's tests, one KTAP line each (subtests indented), using
# the tree's own kselftest ktap_helpers.sh, and end with
# "N passed, N failed".
# Usage: run.sh [--list | [QUEUE/][ARCH/]TEST...]   (default: every test
# in tests/list; --list prints the steps of the default run and stops;
# a TEST without QUEUE/ runs for each queue its line in tests/list names;
# QUEUE=NAME in the environment keeps to that queue)
# In tests/list, a line is "NAME SECS [QUEUE...]" (no QUEUE: every
# queue); "&NAME SECS [QUEUE...]" starts a background step NAME (see
# bg_start), "wait" waits for the background steps to end, and the tests
# between "{" and "}" run two at a time (tests that can share the
# machine and share no tree, objects or files: tests/list says why).
# A test is tests/t-NAME.sh, run with QUEUE set: exit 0 pass, anything
# else fail (a skip is a failure here: nothing is allowed to not run).
# "ARCH/NAME" (arm64/chain) runs the same tests/t-NAME.sh with
# KHO_ARCH=ARCH (scripts/lib.sh): its kernels, guests and logs are that
# architecture's; it reports as QUEUE/ARCH/NAME.
# Each runs under the time limit tests/list gives it. Its output goes to
# build/QUEUE/logs/test-NAME.out; its '#' lines and KTAP subtest lines
# are echoed. The KTAP line names it QUEUE/NAME.
set -u
only=${QUEUE:-}
unset QUEUE TREE
. "$(dirname "$0")/../scripts/lib.sh"
[ -z "$only" ] || [ -f "$TOP/queue-$only/base" ] || die "no queue '$only'; the queues: $QUEUES"

helpers=$TREE/tools/testing/selftests/kselftest/ktap_helpers.sh
[ -f "$helpers" ] || die "$helpers is missing; run 'make tree' first"
. "$helpers"

# KHO_ARCHES: the architectures whose tests run by default, x86_64
# unless it names more ("x86_64 arm64"). The arm64 tests are not in the
# default run: with them a cold make check took 75 minutes on a slow
# fresh machine here on 2026-12-07 (README, "Measured here"), too close
# to CI's limit of 90. Named on the command line (arm64/chain), they
# always run.
arches=" ${KHO_ARCHES:-x86_64} "

# The list's lines, each step expanded to one per queue: "QUEUE/NAME"
# (or "&QUEUE/NAME"), and the markers as they are.
declare -A limit=()
list=()
while read -r t secs qs; do
	case $t in
	wait | "{" | "}") list+=("$t"); continue ;;
	esac
	default=1
	case ${t#&} in
	*/*)
		a=${t#&}
		case $arches in *" ${a%%/*} "*) ;; *) default= ;; esac
		;;
	esac
	for q in ${qs:-$QUEUES}; do
		[ -z "$only" ] || [ "$q" = "$only" ] || continue
		limit[$q/${t#&}]=$secs
		[ -n "$default" ] || continue
		case $t in
		"&"*) list+=("&$q/${t#&}") ;;
		*) list+=("$q/$t") ;;
		esac
	done
done < <(grep -v -e '^#' -e '^$' "$TOP/tests/list")
if [ $# -gt 0 ]; then
	steps=()
	for t in "$@"; do
		if [ -f "$TOP/queue-${t%%/*}/base" ]; then
			steps+=("$t")
		else
			for q in ${only:-$QUEUES}; do
				[ -n "${limit[$q/$t]:-}" ] && steps+=("$q/$t")
			done
		fi
	done
else
	steps=("${list[@]}")
fi
# --list: print the steps and stop.
if [ "${1:-}" = --list ]; then
	printf '%s\n' "${list[@]}"
	exit 0
fi
tests=()
for t in "${steps[@]}"; do
	case $t in "&"* | wait | "{" | "}") ;; *) tests+=("$t") ;; esac
done
for q in $QUEUES; do mkdir -p "$TOP/build/$q/logs"; done

# logs QUEUE/NAME: the test's log directory; stem QUEUE/[ARCH/]NAME:
# its files' name, without .out or .rc (test-NAME, test-ARCH-NAME).
logs() { echo "$TOP/build/${1%%/*}/logs"; }
stem() { local t=${1#*/}; echo "$(logs "$1")/test-${t//\//-}"; }
# arch QUEUE/[ARCH/]NAME: its architecture; name: its tests/t-NAME.sh.
arch() { case ${1#*/} in */*) echo "${1#*/}" | cut -d/ -f1 ;; *) echo x86_64 ;; esac; }
name() { echo "${1##*/}"; }

# Background steps: the vanilla kernels of releases/; the output is in
# build/QUEUE/logs/bg-NAME.out.
bg=()
bg_start() {
	local id=$1 name=${1#*/} secs=${limit[$1]:-1800}
	# One background step at a time: each starts when the one before
	# it has ended (a build keeps both cores busy on its own).
	local prev=
	[ ${#bg[@]} = 0 ] || prev=${bg[${#bg[@]}-1]}
	case $name in
	release-build)
		# The vanilla kernels of releases/*.base, for the cross test.
		(
			while [ -n "$prev" ] && kill -0 "$prev" 2>/dev/null; do sleep 2; done
			for r in "$TOP"/releases/*.base; do
				r=${r##*/}
				r=${r%.base}
				KHO_RELEASE=$r nice -n 10 timeout --kill-after=10 "$secs" \
					"$TOP/scripts/tree.sh" &&
					KHO_RELEASE=$r nice -n 10 timeout --kill-after=10 "$secs" \
						"$TOP/scripts/build.sh" a || exit 1
			done
		) >"$(logs "$id")/bg-$name.out" 2>&1 </dev/null &
		;;
	*) echo "# unknown background step $name in tests/list"; return ;;
	esac
	bg+=($!)
	echo "# started $id in the background (pid $!)"
}
bg_wait() {
	[ ${#bg[@]} -gt 0 ] || return 0
	echo "# waiting for the background steps"
	wait "${bg[@]}"
	bg=()
}
trap 'for p in "${bg[@]}"; do kill -- "$p" 2>/dev/null; done' EXIT

# run_one QUEUE/T: run test T of QUEUE under its time limit; its status
# goes to build/QUEUE/logs/test-T.rc.
run_one() {
	local id=$1 q=${1%%/*} start=$SECONDS secs=${limit[$1]:-600} rc
	local out
	out=$(stem "$id").out
	QUEUE=$q KHO_ARCH=$(arch "$id") timeout --kill-after=10 "$secs" \
		bash "$TOP/tests/t-$(name "$id").sh" >"$out" 2>&1 </dev/null
	rc=$?
	[ $rc = 124 ] && echo "# $id: killed after its time limit of ${secs}s (tests/list)" >>"$out"
	echo "# $id: $((SECONDS - start))s, output in $out" >>"$out"
	echo $rc >"$(stem "$id").rc"
}

# report QUEUE/T: the KTAP line of the test, after its '#' and subtest
# lines.
report() {
	local id=$1 out
	out=$(stem "$id").out
	grep -E '^(#|    (ok|not ok) |    1\.\.)' "$out" | sed 's/^/  /'
	if [ "$(cat "$(stem "$id").rc")" = 0 ]; then
		ktap_test_pass "- $id"
	else
		grep -v -E '^(#|    )' "$out" | tail -n 5 | sed 's/^/  # /'
		ktap_test_fail "- $id"
	fi
}

# run_group T...: tests that may share the machine (a QEMU guest uses one
# core; a make spends much of its time on one), two at a time, each
# starting when one before it ends; reported in order once all are done.
run_group() {
	local t pids=() p n
	for t in "$@"; do
		while :; do
			n=0
			for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done
			[ $n -lt 2 ] && break
			sleep 1
		done
		run_one "$t" &
		pids+=($!)
	done
	wait "${pids[@]}"
	for t in "$@"; do report "$t"; done
}

# cpu_ticks: "busy total" jiffies of all CPUs so far (/proc/stat; idle
# and iowait are not busy), for the line that says how busy the machine
# was during the run: what is left idle is what more overlap could win.
# (Fields 2-9: user to steal; guest time is counted in user already.)
cpu_ticks() {
	awk '/^cpu / {t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t}' /proc/stat
}
read -r busy0 total0 < <(cpu_ticks)
start0=$SECONDS

ktap_print_header
ktap_set_plan "${#tests[@]}"
group=()
for t in "${steps[@]}"; do
	case $t in
	"&"*) bg_start "${t#&}"; continue ;;
	wait) bg_wait; continue ;;
	"{") group=(); in_group=1; continue ;;
	"}") run_group "${group[@]}"; in_group=; continue ;;
	esac
	rm -f "$(stem "$t").rc"
	if [ -n "${in_group:-}" ]; then
		group+=("$t")
	else
		run_one "$t"
		report "$t"
	fi
done
[ -z "${in_group:-}" ] || run_group "${group[@]}"
bg_wait
read -r busy1 total1 < <(cpu_ticks)
echo "# $((SECONDS - start0)) s, the $(grep -c '^cpu[0-9]' /proc/stat) CPUs busy $(((busy1 - busy0) * 100 / (total1 - total0 + 1)))% of the time"
ktap_print_totals
echo "$KTAP_CNT_PASS passed, $KTAP_CNT_FAIL failed"
[ "$KTAP_CNT_FAIL" -eq 0 ]
