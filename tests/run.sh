#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the project's tests, one KTAP line each (subtests indented), using
# the tree's own kselftest ktap_helpers.sh, and end with
# "N passed, N failed".
# Usage: run.sh [TEST...]   (default: every test in tests/list)
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
	tests=("$@")
else
	mapfile -t tests < <(grep -v -e '^#' -e '^$' "$TOP/tests/list" | cut -d' ' -f1)
fi
mkdir -p "$BUILD/logs"

ktap_print_header
ktap_set_plan "${#tests[@]}"
for t in "${tests[@]}"; do
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
ktap_print_totals
echo "$KTAP_CNT_PASS passed, $KTAP_CNT_FAIL failed"
[ "$KTAP_CNT_FAIL" -eq 0 ]
