#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the project's tests, one KTAP line each (subtests indented), using
# the tree's own kselftest ktap_helpers.sh, and end with
# "N passed, N failed".
# Usage: run.sh [TEST...]   (default: every test in tests/list)
# In tests/list, "&NAME SECS" starts scripts' background step NAME (see
# bg_start) and "wait" waits for the background steps to end.
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
	case $t in "&"* | wait) ;; *) tests+=("$t") ;; esac
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

ktap_print_header
ktap_set_plan "${#tests[@]}"
for t in "${steps[@]}"; do
	case $t in
	"&"*) bg_start "${t#&}"; continue ;;
	wait) bg_wait; continue ;;
	esac
	out=$BUILD/logs/test-$t.out
	start=$SECONDS
	secs=${limit[$t]:-600}
	timeout --kill-after=10 "$secs" bash "$TOP/tests/t-$t.sh" >"$out" 2>&1 </dev/null
	rc=$?
	[ $rc = 124 ] && echo "# $t: killed after its time limit of ${secs}s (tests/list)" >>"$out"
	grep -E '^(#|    (ok|not ok) |    1\.\.)' "$out" | sed 's/^/  /'
	echo "# $t: $((SECONDS - start))s, output in $out" >>"$out"
	if [ $rc = 0 ]; then
		ktap_test_pass "- $t"
	else
		tail -n 5 "$out" | grep -v -E '^(#|    )' | sed 's/^/  # /'
		ktap_test_fail "- $t"
	fi
done
bg_wait
ktap_print_totals
echo "$KTAP_CNT_PASS passed, $KTAP_CNT_FAIL failed"
[ "$KTAP_CNT_FAIL" -eq 0 ]
