#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kexec-history KUnit suite, from the KTAP log of the KUnit run the
# kunit test just did (it must be newer than the KUnit kernel): the suite
# and each of its cases (push, wrap at 16, order, start from metadata,
# round trip, every bad input, layout, fuzz) report ok, with KASAN and
# UBSAN silent.
set -ue
. "$(dirname "$0")/lib.sh"
log=$BUILD/logs/kunit-kernel-liveupdate.log
img=$BUILD/kunit/kernel-liveupdate/arch/x86/boot/bzImage
[ -f "$log" ] && [ -f "$img" ] && [ "$log" -nt "$img" ] ||
	fail "no KUnit log newer than $img (the kunit test runs first)"
ktap=$(tr -d '\r' <"$log" | sed 's/^\[ *[0-9.]*\] //')
echo "$ktap" | grep -qx "ok [0-9]* kho_kexec_history" ||
	fail "suite kho_kexec_history did not report ok"
for c in push_from_nothing push_keeps_order push_wraps_at_16 \
	starts_from_metadata round_trip parse_gives_verdict \
	v1_layout_is_fixed fuzz_is_safe; do
	echo "$ktap" | grep -qx "    ok [0-9]* kexec_history_$c" ||
		fail "case kexec_history_$c did not report ok"
done
params=$(echo "$ktap" | sed -n '/# Subtest: kexec_history_parse_gives_verdict/,/ok [0-9]* kexec_history_parse_gives_verdict/p' |
	grep -c '^        ok ' || true)
[ "$params" -ge 20 ] || fail "only $params parser cases reported ok, want 20"
! echo "$ktap" | grep -q "BUG: KASAN\|UBSAN:" || fail "KASAN or UBSAN reported"
echo "# $(echo "$ktap" | sed -n 's/^# kho_kexec_history: //p'), $params parser cases"
