# SPDX-License-Identifier: GPL-2.0
# Helpers for the test scripts: boot chains, read hops out of a chain's
# serial log, check every boot for kernel splats, report KTAP subtests.
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

fail() { echo "# $*"; exit 1; }

# hop LOG I: the lines of hop I (0 = cold boot), carriage returns dropped.
# A hop starts at the kernel's "Linux version" banner. The kernel and init
# share the serial console, so a kernel message can land in the middle of
# a line init prints: the message, from its "[ seconds] " stamp to its
# end, is a line of its own here, and the text init wrote before it is
# joined to the next line that is not the kernel's, where init's line
# goes on ("KHOTEST: [ 1.69] input: ..." then "hop 2 of 2" gives
# "[ 1.69] input: ..." and "KHOTEST: hop 2 of 2"). What precedes the
# banner on its line is the firmware's, and dropped. The log is split
# once into LOG.hops/I, and again whenever LOG is newer than that.
hop() {
	local d=$1.hops
	if [ ! -d "$d" ] || [ "$1" -nt "$d" ]; then
		rm -rf "$d"
		mkdir -p "$d"
		tr -d '\r' <"$1" | awk -v d="$d" '
			function out(l) { if (n) print l > (d "/" n - 1) }
			{
				line = $0
				while (match(line, /\[ *[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]\] /) && RSTART > 1) {
					pending = pending substr(line, 1, RSTART - 1)
					line = substr(line, RSTART)
					if (line ~ /Linux version /)
						pending = ""
				}
				if (line ~ /^\[ *[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]\] /) {
					if (line ~ /Linux version /) {
						n++
						pending = ""
					}
					out(line)
					next
				}
				out(pending line)
				pending = ""
			}'
		touch "$d"
	fi
	cat "$d/$2" 2>/dev/null || true
}

# hops LOG: how many boots the log holds.
hops() {
	grep -c 'Linux version ' "$1"
}

# release LOG I: the `uname -r` of hop I, from its banner.
release() {
	hop "$1" "$2" | sed -n 's/.*Linux version \([^ ]*\) .*/\1/p' | head -n 1
}

# The kernel's own reports of something gone wrong.
SPLAT='WARNING:|BUG:|Oops|Call Trace|UBSAN:|Kernel panic|general protection fault|refcount_t:|list_(add|del) corruption'

# splats FILE [ALLOWED_ERE]: fail, showing them, if FILE holds kernel
# splats; lines matching ALLOWED_ERE (an expected, named report) are not
# counted.
splats() {
	local bad
	bad=$(tr -d '\r' <"$1" | grep -E "$SPLAT" | { [ -n "${2:-}" ] && grep -vE "$2" || cat; } | head -n 5)
	[ -z "$bad" ] || { echo "$bad" | sed 's/^/#   /'; fail "kernel splat in $1"; }
}

# chain NAME HOPS [IMAGES [CMDLINE...]]: boot a chain (the log is new:
# chain.sh deletes the old one first); fail unless it reached its last hop
# with HOPS + 1 boots and no kernel splat. A normal chain also has no
# "ignoring kexec-metadata" warning (a test that expects one sets
# EXPECT_WARNING), and no chain has a KHO warning about a subtree node.
# Sets LOG.
chain() {
	LOG=$LOGS/$1.log
	"$TOP/scripts/chain.sh" "$@" || fail "chain $1 failed; log: $LOG"
	grep -q "KHOTEST: chain done" "$LOG" || fail "chain $1 did not finish; log: $LOG"
	[ "$(hops "$LOG")" = $(($2 + 1)) ] || fail "chain $1: $(hops "$LOG") boots, want $(($2 + 1)); log: $LOG"
	splats "$LOG"
	if [ -z "${EXPECT_WARNING:-}" ]; then
		! grep -q 'ignoring kexec-metadata' "$LOG" ||
			fail "chain $1: an 'ignoring kexec-metadata' warning on a normal chain; log: $LOG"
	fi
	# KHO's warnings about a subtree node (debugfs kho/in) have no place
	# in any chain of ours, but the one a test names in EXPECT_NODE (an
	# ERE): a node forged to point outside preserved memory.
	! tr -d '\r' <"$LOG" | grep 'KHO: node ' | grep -qvE "${EXPECT_NODE:-^\$}" || {
		grep 'KHO: node ' "$LOG" | head -n 3 | sed 's/^/#   /'
		fail "chain $1: KHO warns about a subtree node; log: $LOG"
	}
}

# KTAP subtests: sub NAME FUNCTION [ARGS...] runs FUNCTION in a subshell
# with errexit on, and prints "    ok N - NAME" or "    not ok N - NAME";
# sub_done prints the plan and fails the test if any subtest failed.
SUB_N=0 SUB_FAILED=0
sub() {
	local _name=$1 _rc
	shift
	SUB_N=$((SUB_N + 1))
	set +e
	(set -ue; "$@")
	_rc=$?
	set -e
	if [ $_rc = 0 ]; then
		echo "    ok $SUB_N - $_name"
	else
		echo "    not ok $SUB_N - $_name"
		SUB_FAILED=$((SUB_FAILED + 1))
	fi
}
sub_done() {
	echo "    1..$SUB_N"
	[ "$SUB_FAILED" = 0 ] || fail "$SUB_FAILED of $SUB_N subtests failed"
}

# le32hex N: N as 8 hex digits, little-endian.
le32hex() {
	local h
	h=$(printf '%08x' "$1")
	echo "${h:6:2}${h:4:2}${h:2:2}${h:0:2}"
}

# release65 RELEASE: hex of RELEASE (printf %b escapes) padded with NULs
# to 65 bytes, not NUL-terminated if it is 65 bytes long.
release65() {
	local hex
	hex=$(printf '%b' "$1" | od -An -v -tx1 | tr -d ' \n')
	while [ ${#hex} -lt 130 ]; do hex+=00; done
	echo "${hex:0:130}"
}

# mkblob VERSION RELEASE COUNT [SIZE [NR_OLDER [OLDER0]]]: hex of a
# kexec-metadata blob: the version 1 fields, then, from SIZE 85 on, an
# uptime of 0 and NR_OLDER (default 0), and from SIZE 150 on older[0]'s
# release OLDER0; cut or zero-padded to SIZE bytes (default 73).
mkblob() {
	local hex size=${4:-73}
	hex=$(le32hex "$1")$(release65 "$2")$(le32hex "$3")0000000000000000$(le32hex "${5:-0}")
	[ -z "${6:-}" ] || hex+=$(release65 "$6")
	while [ ${#hex} -lt $((size * 2)) ]; do hex+=00; done
	echo "${hex:0:$((size * 2))}"
}

# kunit_run NAME: scripts/kunit.sh on kernel/liveupdate (its .kunitconfig)
# with the log named NAME (KUNIT_IMAGE, the kernel it boots, passes
# through); sets log, out, rc and ktap (the log without timestamps) for
# the two helpers below.
kunit_run() {
	local dir=kernel/liveupdate
	log=$LOGS/kunit-$1${KHO_KUNIT_FULL:+-full}.log
	[ -f "$TREE/$dir/.kunitconfig" ] || fail "$TREE/$dir/.kunitconfig is missing"
	rm -f "$log"
	out=$(KUNIT_NAME=$1 "$TOP/scripts/kunit.sh" "$dir" 2>&1) && rc=0 || rc=$?
	echo "$out" | grep -E "Testing complete|FAILED|CRASHED|ERROR" | sed "s/^/# /"
	[ -f "$log" ] || fail "no KUnit log $log (kunit.sh exited $rc)"
	ktap=$(tr -d '\r' <"$log" | sed 's/^\[ *[0-9.]*\] //')
}

# kunit_all_pass: kunit.sh succeeded, ran more than 0 tests, all passed.
kunit_all_pass() {
	local summary total passed
	[ "$rc" = 0 ] || fail "kunit.sh exited $rc"
	summary=$(echo "$out" | grep -o 'Testing complete\. Ran [0-9]* tests: .*' | tail -n 1)
	read -r total passed <<<"$(echo "$summary" | sed -n 's/.*Ran \([0-9]*\) tests: passed: \([0-9]*\)$/\1 \2/p')"
	[ "${total:-0}" -gt 0 ] && [ "$total" = "${passed:-}" ] ||
		fail "not every test passed: '$summary'"
	echo "# $summary"
}

# kunit_suite NAME CASE...: the suite and each case report ok.
kunit_suite() {
	local name=$1 c
	shift
	echo "$ktap" | grep -qx "ok [0-9]* $name" || fail "suite $name did not report ok"
	for c in "$@"; do
		echo "$ktap" | grep -qx "    ok [0-9]* $c" || fail "case $c of $name did not report ok"
	done
	echo "# $name: $(echo "$ktap" | sed -n "s/^# $name: //p")"
}

# crash_checks N: in the kdump chain LOG, hop N panicked through sysrq,
# the capture kernel (hop N + 1) finished, and no boot has a splat but
# the crash hop N asked for (the panic's own report, from sysrq's
# "Trigger a crash" on). Sets crashed and capture, the two hops' lines.
crash_checks() {
	local n=$1 i
	crashed=$(hop "$LOG" "$n")
	capture=$(hop "$LOG" $((n + 1)))
	echo "$crashed" | grep -q "Kernel panic - not syncing: sysrq triggered crash" ||
		fail "hop $n did not panic through sysrq"
	echo "$capture" | grep -q "KHOTEST: capture done" || fail "the capture kernel did not finish"
	for i in $(seq 0 $((n - 1))) $((n + 1)); do
		hop "$LOG" "$i" >"$LOG.hop"
		splats "$LOG.hop"
	done
	echo "$crashed" | sed '/sysrq: Trigger a crash/,$d' >"$LOG.hop"
	splats "$LOG.hop"
}

# one_warning NAME LINES WANT: LINES, hop 1's, hold exactly one
# "KHO: ignoring kexec-metadata" warning, WANT, and no "exec from" line.
one_warning() {
	if [ "$(echo "$2" | grep -c 'KHO: ignoring kexec-metadata')" != 1 ] ||
		! echo "$2" | grep -q "KHO: ignoring kexec-metadata: $3\$"; then
		echo "$2" | grep 'KHO' | sed 's/^/#   /'
		fail "$1: hop 1 lacks the single warning '$3'"
	fi
	! echo "$2" | grep -q 'exec from:' || fail "$1: hop 1 printed an 'exec from' line"
}

# The addresses a test forges (khotest.forge, debugfs kho/out/forge):
# forged: the address hop 0 of chain $LOG forged for kexec-metadata, in hex.
forged() {
	hop "$LOG" 0 | sed -n 's/^KHOTEST: forged kexec-metadata 0x\([0-9a-f]*\)$/\1/p'
}

# dumped HOP PATH: the text of file PATH as hop HOP dumped it (khotest.dump).
dumped() {
	hop "$LOG" "$1" | sed -n "s|^KHOTEST: dump $2 [0-9]* ||p" | perl -ne 'chomp; print pack("H*", $_)'
}

# in_scratch_only: the forged address lies in one of hop 0's scratch
# areas and clear of hop 1's kernel (its code to its end in hop 1's
# /proc/iomem; hop 1 runs with nokaslr, as x86's KASLR picks a place in
# the scratch areas), so the case tests what it names.
in_scratch_only() {
	local a lo hi base size ok=
	a=$((16#$(forged)))
	while read -r base size; do
		[ $((base)) -le "$a" ] && [ "$a" -lt $((base + size)) ] && ok=1
	done < <(paste <(dumped 0 /debugfs/kho/out/scratch_phys) <(dumped 0 /debugfs/kho/out/scratch_len))
	[ -n "$ok" ] || fail "the forged address 0x$(forged) is in none of hop 0's scratch areas"
	# From the first to the last "Kernel ..." range: x86 lists code,
	# rodata, data and bss, arm64 code and data (which ends at _end).
	read -r lo hi < <(dumped 1 /proc/iomem | perl -ne '
		if (/^ *([0-9a-f]+)-([0-9a-f]+) : Kernel (code|rodata|data|bss)$/) {
			$lo = $1 if !defined $lo || hex($1) < hex($lo);
			$hi = $2 if !defined $hi || hex($2) > hex($hi);
		}
		END { print "$lo $hi\n" if defined $lo }')
	[ -n "${hi:-}" ] || fail "no 'Kernel code' or 'Kernel data' in hop 1's /proc/iomem"
	[ "$a" -gt $((16#$hi)) ] || [ $((a + 4096)) -le $((16#$lo)) ] ||
		fail "the forged address 0x$(forged) is in hop 1's kernel, $lo-$hi"
	echo "# 0x$(forged) is in a scratch area of hop 0, clear of hop 1's kernel $lo-$hi"
}

