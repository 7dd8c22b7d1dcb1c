#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The queue's first part passes its own KUnit suite without the rest:
# build/QUEUE/linux is checked out at its last patch (SEED_PATCHES, see
# scripts/lib.sh), and the KUnit kernel of its kernel/liveupdate/
# .kunitconfig is built (objects seeded from the whole queue's KUnit
# build), booted and parsed as in the kunit test. KTAP subtests:
#  all-pass        every test that ran passed, and some ran
#  kexec-metadata  suite kho_kexec_metadata ok, with its named cases
#  part-1-only     no suite of the second part ran (kho_kexec_history):
#                  the tree really was the first part
#  no-splat        no kernel report in the boot
set -ue
. "$(dirname "$0")/lib.sh"
tree_clean "kunit-seed checks out the queue's first part"
commit=$(git -C "$TREE" rev-list --reverse "v$BASE_VERSION..HEAD" | sed -n "${SEED_PATCHES}p")
[ -n "$commit" ] || fail "$TREE has fewer than $SEED_PATCHES commits"
# Its KUnit kernel is built only here, at that commit (detour, in
# scripts/lib.sh: the files' mtimes as they were once back).
detour "$commit" "$BUILD/kunit/kernel-liveupdate-seed"
trap back EXIT
echo "# part 1: $(git -C "$TREE" log -1 --format=%s)"
KUNIT_SEED=kernel-liveupdate kunit_run kernel-liveupdate-seed
# (kunit.sh may have seeded it afresh: say again which commit it holds.)
git -C "$TREE" rev-parse HEAD >"$BUILD/kunit/kernel-liveupdate-seed/.detour-commit"
trap - EXIT
back

kexec_metadata() {
	kunit_suite kho_kexec_metadata kexec_metadata_parse_gives_verdict \
		kexec_metadata_v1_layout_is_fixed kexec_metadata_next_count_follows_rule \
		kexec_metadata_fuzz_is_safe
}

part_1_only() {
	! echo "$ktap" | grep -q "kho_kexec_history" || fail "a suite of the second part ran"
}

sub all-pass kunit_all_pass
sub kexec-metadata kexec_metadata
sub part-1-only part_1_only
sub no-splat splats "$log"
sub_done
