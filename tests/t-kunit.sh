#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The KUnit suites, built and parsed by the tree's kunit.py. Until the
# series adds its own suite, the base's lib/kunit suite proves the runner.
set -ue
. "$(dirname "$0")/lib.sh"
dirs=()
for d in kernel/liveupdate; do
	[ -f "$TREE/$d/.kunitconfig" ] && dirs+=("$d")
done
[ ${#dirs[@]} -gt 0 ] || dirs=(lib/kunit)
for d in "${dirs[@]}"; do
	out=$("$TOP/scripts/kunit.sh" "$d" 2>&1) || { echo "$out" | tail -n 40; fail "KUnit $d failed"; }
	echo "$out" | tail -n 40
	summary=$(echo "$out" | grep -o 'Testing complete\. Ran [0-9]* tests: .*' | tail -n 1)
	ran=$(echo "$summary" | sed -n 's/.*Ran \([0-9]*\) tests: passed: \([0-9]*\)$/\1 \2/p')
	read -r total passed <<<"${ran:-0 -1}"
	[ "$total" -gt 0 ] && [ "$total" = "$passed" ] ||
		fail "KUnit $d: not every test passed: '$summary'"
	echo "# KUnit $d: $(echo "$out" | grep -o 'Ran [0-9]* tests: .*' | tail -n 1)"
done
