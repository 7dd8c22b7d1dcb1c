#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the project's tests, one KTAP line each, using the tree's own
# kselftest ktap_helpers.sh, and end with "N passed, N failed".
# Usage: run.sh [TEST...]   (default: every test in tests/list)
# A test is tests/t-NAME.sh: exit 0 pass, 4 skip, anything else fail.
# Its output goes to build/logs/test-NAME.out; '#' lines are echoed.
set -u
. "$(dirname "$0")/../scripts/lib.sh"

helpers=$TREE/tools/testing/selftests/kselftest/ktap_helpers.sh
[ -f "$helpers" ] || die "$helpers is missing; run 'make tree' first"
. "$helpers"

if [ $# -gt 0 ]; then
	tests=("$@")
else
	mapfile -t tests < <(grep -v -e '^#' -e '^$' "$TOP/tests/list")
fi
mkdir -p "$BUILD/logs"

ktap_print_header
ktap_set_plan "${#tests[@]}"
for t in "${tests[@]}"; do
	out=$BUILD/logs/test-$t.out
	start=$SECONDS
	bash "$TOP/tests/t-$t.sh" >"$out" 2>&1
	rc=$?
	grep '^#' "$out" | sed 's/^/  /'
	echo "# $t: $((SECONDS - start))s, output in $out" >>"$out"
	case $rc in
	0) ktap_test_pass "- $t" ;;
	"$KSFT_SKIP") ktap_test_skip "- $t" ;;
	*)
		tail -n 5 "$out" | grep -v '^#' | sed 's/^/  # /'
		ktap_test_fail "- $t"
		;;
	esac
done
ktap_print_totals
if [ "$KTAP_CNT_SKIP" -gt 0 ]; then
	echo "$KTAP_CNT_PASS passed, $KTAP_CNT_FAIL failed, $KTAP_CNT_SKIP skipped"
else
	echo "$KTAP_CNT_PASS passed, $KTAP_CNT_FAIL failed"
fi
[ "$KTAP_CNT_FAIL" -eq 0 ] && [ "$KTAP_CNT_SKIP" -eq 0 ]
