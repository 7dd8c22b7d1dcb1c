#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series' KUnit suites, compiled into kernel a of this run (with
# kernel/liveupdate/.kunitconfig's options but its KASAN and UBSAN,
# config/kho.config and kunit-suites.config), run by booting it with
# kunit.enable=1 (scripts/kunit.sh; KHO_KUNIT_FULL=1: the .kunitconfig
# as it is, built by kunit.py), parsed by the tree's `kunit.py parse`.
# KTAP subtests, all from this run's log:
#  all-pass          kunit.py parse counted more than 0 tests, all passed
#  kexec-metadata    suite kho_kexec_metadata ok, each of its cases ok,
#                    the fuzz case included (on 7.2, the range checks
#                    made before the record is mapped too)
#  kexec-history     suite kho_kexec_history ok, each case ok (record
#                    after a cold boot, order, wrap at 16, start from the
#                    older record, what an older reader reads, layout;
#                    on 7.2, absent fields), at least 12 parser cases
#  no-splat          no kernel report in the boot (an over-read of a
#                    blob faults on the guard page after it: an Oops)
# There is no fallback to another suite: without the series' suites,
# this test fails.
set -ue
. "$(dirname "$0")/lib.sh"
kunit_run kernel-liveupdate

case $QUEUE in
6.19)
	metadata_cases="kexec_metadata_parse_gives_verdict kexec_metadata_v1_layout_is_fixed
		kexec_metadata_next_count_follows_rule kexec_metadata_fuzz_is_safe"
	history_cases="kexec_history_fill_from_cold_boot kexec_history_keeps_order
		kexec_history_wraps_at_16 kexec_history_starts_from_v1
		kexec_history_v2_starts_with_v1 kexec_history_parse_gives_verdict
		kexec_history_v2_layout_is_fixed"
	;;
*)
	metadata_cases="kexec_metadata_parse_gives_verdict kexec_metadata_first_layout_is_fixed
		kexec_metadata_next_count_follows_rule kexec_metadata_range_check_gives_verdict
		kexec_metadata_fuzz_is_safe"
	history_cases="kexec_history_fill_from_cold_boot kexec_history_keeps_order
		kexec_history_wraps_at_16 kexec_history_starts_from_size0
		kexec_history_record_reads_as_size0 kexec_history_parse_gives_verdict
		kexec_history_absent_fields_read_zero kexec_history_layout_is_fixed"
	;;
esac

kexec_metadata() {
	# shellcheck disable=SC2086 # one case name a word
	kunit_suite kho_kexec_metadata $metadata_cases
}

kexec_history() {
	local params
	# shellcheck disable=SC2086
	kunit_suite kho_kexec_history $history_cases
	params=$(echo "$ktap" | sed -n '/# Subtest: kexec_history_parse_gives_verdict/,/ok [0-9]* kexec_history_parse_gives_verdict/p' |
		grep -c '^        ok ' || true)
	[ "$params" -ge 12 ] || fail "only $params parser cases reported ok, want 12"
}

sub all-pass kunit_all_pass
sub kexec-metadata kexec_metadata
sub kexec-history kexec_history
sub no-splat splats "$log"
sub_done
