#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The queue's first part passes its own KUnit suite without the rest:
# the seed kernel (scripts/build.sh extras: the queue's first
# SEED_PATCHES patches, see scripts/lib.sh, built in this run's build
# test, its suite compiled in) is booted with kunit.enable=1 and its log
# parsed as in the kunit test. KTAP subtests:
#  all-pass        every test that ran passed, and some ran
#  kexec-metadata  suite kho_kexec_metadata ok, with its named cases
#  part-1-only     no suite of the second part ran (kho_kexec_history):
#                  the kernel really was the first part
#  no-splat        no kernel report in the boot
set -ue
. "$(dirname "$0")/lib.sh"
commit=$(git -C "$TREE" rev-list --reverse "v$BASE_VERSION..HEAD" | sed -n "${SEED_PATCHES}p")
[ -n "$commit" ] || fail "$TREE has fewer than $SEED_PATCHES commits"
case $(cat "$OUT/seed.stamp" 2>/dev/null) in
*"-$commit") ;;
*) fail "the seed kernel in $OUT is not of the queue's patch $SEED_PATCHES ($commit); run 'make build'" ;;
esac
echo "# part 1: $(git -C "$TREE" log -1 --format=%s "$commit")"
KUNIT_IMAGE=seed kunit_run kernel-liveupdate-seed

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
