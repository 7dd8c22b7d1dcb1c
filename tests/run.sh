#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the project's tests, one KTAP line each (subtests indented), using
# the tree's own kselftest ktap_helpers.sh, and end with
# "N passed, N failed".
# Usage: run.sh [TEST...]   (default: every test in tests/list)
# In tests/list, "&NAME SECS" starts a background step NAME (see
# bg_start), "wait" waits for the background steps to end, and the tests
# between "{" and "}" run two at a time (tests that only boot QEMU).
# A test is tests/t-NAME.sh: exit 0 pass, anything else fail (a skip is
# a failure here: nothing is allowed to not run). Each runs under the
# time limit tests/list gives it. Its output goes to
# build/logs/test-NAME.out; its '#' lines and KTAP subtest lines are
# echoed.
set -u
. "$(dirname "$0")/../scripts/lib.sh"

helpers=$TREE/tools/testing/selftests/kselftest/ktap_helpers.sh
[ -f "$helpers" ] || die "$helpers is missing; run 'make tree' first"
. "$helpers"

declare -A limit=()
while read -r t secs; do
	limit[$t]=$secs
done < <(grep -v -e '^#' -e '^$' "$TOP/tests/list")
if [ $# -gt 0 ]; then
	steps=("$@")
else
	mapfile -t steps < <(grep -v -e '^#' -e '^$' "$TOP/tests/list" | cut -d' ' -f1)
fi
tests=()
for t in "${steps[@]}"; do
	case $t in "&"* | wait | "{" | "}") ;; *) tests+=("$t") ;; esac
done
mkdir -p "$BUILD/logs"

# Background steps: only the KUnit kernel's build, which needs nothing
# but the tree at HEAD; its output is in build/logs/bg-NAME.out.
bg=()
bg_start() {
	local name=$1 secs=${limit[&$1]:-1800}
	case $name in
	kunit-build)
		nice -n 10 timeout --kill-after=10 "$secs" \
			"$TOP/scripts/kunit.sh" --build-only kernel/liveupdate \
			>"$BUILD/logs/bg-$name.out" 2>&1 </dev/null &
		;;
	*) echo "# unknown background step $name in tests/list"; return ;;
	esac
	bg+=($!)
	echo "# started $name in the background (pid $!)"
}
bg_wait() {
	[ ${#bg[@]} -gt 0 ] || return 0
	echo "# waiting for the background steps"
	wait "${bg[@]}"
	bg=()
}
trap 'for p in "${bg[@]}"; do kill -- "$p" 2>/dev/null; done' EXIT

# run_one T: run test T under its time limit; its status goes to
# build/logs/test-T.rc.
run_one() {
	local t=$1 out=$BUILD/logs/test-$1.out start=$SECONDS secs=${limit[$1]:-600} rc
	timeout --kill-after=10 "$secs" bash "$TOP/tests/t-$t.sh" >"$out" 2>&1 </dev/null
	rc=$?
	[ $rc = 124 ] && echo "# $t: killed after its time limit of ${secs}s (tests/list)" >>"$out"
	echo "# $t: $((SECONDS - start))s, output in $out" >>"$out"
	echo $rc >"$BUILD/logs/test-$t.rc"
}

# report T: the KTAP line of test T, after its '#' and subtest lines.
report() {
	local t=$1 out=$BUILD/logs/test-$1.out
	grep -E '^(#|    (ok|not ok) |    1\.\.)' "$out" | sed 's/^/  /'
	if [ "$(cat "$BUILD/logs/test-$t.rc")" = 0 ]; then
		ktap_test_pass "- $t"
	else
		grep -v -E '^(#|    )' "$out" | tail -n 5 | sed 's/^/  # /'
		ktap_test_fail "- $t"
	fi
}

# run_group T...: tests that may share the machine (a QEMU guest uses one core),
# each), two at a time; reported in order once all are done.
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
	rm -f "$BUILD/logs/test-$t.rc"
	if [ -n "${in_group:-}" ]; then
		group+=("$t")
	else
		run_one "$t"
		report "$t"
	fi
done
[ -z "${in_group:-}" ] || run_group "${group[@]}"
bg_wait
ktap_print_totals
echo "$KTAP_CNT_PASS passed, $KTAP_CNT_FAIL failed"
[ "$KTAP_CNT_FAIL" -eq 0 ]
