#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The queue's first part passes its own KUnit suite without the rest:
# build/linux is checked out at its last patch (SEED_PATCHES, see
# scripts/lib.sh), and the KUnit kernel of its kernel/liveupdate/
# .kunitconfig is built (objects seeded from the whole queue's KUnit
# build), booted and parsed as in the kunit test. KTAP subtests:
#  all-pass        every test that ran passed, and some ran
#  kexec-metadata  suite kho_kexec_metadata ok, with its named cases
#  part-1-only     no suite of the second part ran (kho_kexec_history):
#                  the tree really was the first part
#  no-splat        no KASAN, UBSAN or other kernel report in the boot
set -ue
. "$(dirname "$0")/lib.sh"
dir=kernel/liveupdate
name=kernel-liveupdate-seed
log=$BUILD/logs/kunit-$name.log
tree_clean "kunit-seed checks out the queue's first part"
commit=$(git -C "$TREE" rev-list --reverse "v$BASE_VERSION..HEAD" | sed -n "${SEED_PATCHES}p")
[ -n "$commit" ] || fail "build/linux has fewer than $SEED_PATCHES commits"
orig=$(git -C "$TREE" symbolic-ref -q --short HEAD || git -C "$TREE" rev-parse HEAD)
trap 'git -C "$TREE" checkout -q "$orig"' EXIT
git -C "$TREE" checkout -q --detach "$commit"
echo "# part 1: $(git -C "$TREE" log -1 --format=%s)"
rm -f "$log"
out=$(KUNIT_NAME=$name KUNIT_SEED=kernel-liveupdate "$TOP/scripts/kunit.sh" "$dir" 2>&1) && rc=0 || rc=$?
git -C "$TREE" checkout -q "$orig"
echo "$out" | grep -E "Testing complete|FAILED|CRASHED|ERROR" | sed "s/^/# /"
[ -f "$log" ] || fail "no KUnit log $log (kunit.sh exited $rc)"
ktap=$(tr -d '\r' <"$log" | sed 's/^\[ *[0-9.]*\] //')

all_pass() {
	local summary total passed
	[ "$rc" = 0 ] || fail "kunit.sh exited $rc"
	summary=$(echo "$out" | grep -o 'Testing complete\. Ran [0-9]* tests: .*' | tail -n 1)
	read -r total passed <<<"$(echo "$summary" | sed -n 's/.*Ran \([0-9]*\) tests: passed: \([0-9]*\)$/\1 \2/p')"
	[ "${total:-0}" -gt 0 ] && [ "$total" = "${passed:-}" ] ||
		fail "not every test passed: '$summary'"
	echo "# $summary"
}

kexec_metadata() {
	local c
	echo "$ktap" | grep -qx "ok [0-9]* kho_kexec_metadata" || fail "suite kho_kexec_metadata did not report ok"
	for c in kexec_metadata_parse_gives_verdict kexec_metadata_v1_layout_is_fixed \
		kexec_metadata_next_count_follows_rule kexec_metadata_fuzz_is_safe; do
		echo "$ktap" | grep -qx "    ok [0-9]* $c" || fail "case $c did not report ok"
	done
}

part_1_only() {
	! echo "$ktap" | grep -q "kho_kexec_history" || fail "a suite of the second part ran"
}

sub all-pass all_pass
sub kexec-metadata kexec_metadata
sub part-1-only part_1_only
sub no-splat splats "$log"
sub_done
