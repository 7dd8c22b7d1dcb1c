#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Chains driven by the users' own tools: Debian 12's busybox as the shell
# and Debian 12's kexec (kexec-tools), fetched with apt-get download
# (scripts/userland.sh), run by tests/user-init.sh as a user types them,
# with kho=on and reserve_mem= on every hop. One subtest per way to
# kexec on this base, each a 2-hop chain of its own, a then b:
#  plain       kexec -s -l IMAGE --initrd=... --reuse-cmdline; kexec -e:
#              hop i prints exactly "KHO: exec from: <hop i-1> (count
#              i)", sysfs kexec_count is i, KHO revives reserve_mem,
#              and no hop says "disabling KHO revival"
#  finalize    (6.19) the same after echo 1 > debugfs kho/out/finalize
#  liveupdate  plain, booted with liveupdate=on (on 6.19, LUO finalizes)
#  load        kexec -l (kexec_load, which carries no KHO): every hop
#              counts as after a cold boot: no "exec from" line, sysfs
#              kexec_count 0, reserve_mem not revived; on x86_64 (its
#              boot protocol tells a kexec) exactly one KHO line, "KHO:
#              kexec'd without a handover: the previous kernel is
#              unknown", elsewhere none
set -ue
. "$(dirname "$0")/lib.sh"
export USERLAND=1
revived="Revived memory reservation 'khotest' from KHO"

# sysfs I FILE: the value of /sys/kernel/kho/FILE on hop I.
sysfs() {
	hop "$LOG" "$1" | sed -n "s|^KHOTEST: sysfs $2 ||p"
}

# kho_chain NAME MODE [CMDLINE...]: a 2-hop chain whose every hop gets
# its KHO: the line, sysfs and reserve_mem.
kho_chain() {
	local name=$1 mode=$2 i h prev
	shift 2
	chain "user-$name" 2 a,b khotest.mode="$mode" "$@"
	! grep -q 'disabling KHO revival' "$LOG" ||
		fail "$name: 'disabling KHO revival': the handover was dropped"
	for i in 1 2; do
		h=$(hop "$LOG" $i)
		prev=$(release "$LOG" $((i - 1)))
		[ "$(echo "$h" | grep -c "KHO: exec from: $prev (count $i)\$")" = 1 ] ||
			fail "$name: hop $i does not say 'KHO: exec from: $prev (count $i)' once"
		[ "$(sysfs $i kexec_count)" = "$i" ] || fail "$name: hop $i: sysfs kexec_count '$(sysfs $i kexec_count)'"
		echo "$h" | grep -q "$revived" || fail "$name: hop $i: reserve_mem not revived"
	done
	echo "# $name: hops 1, 2 say where they came from; reserve_mem revived"
}

load() {
	local i h
	chain user-load 2 a,b khotest.mode=load
	local want=
	[ "$KHO_ARCH" != x86_64 ] || want="KHO: kexec'd without a handover: the previous kernel is unknown"
	for i in 1 2; do
		h=$(hop "$LOG" $i)
		[ "$(echo "$h" | grep -o 'KHO: .*' | tr -d '\r')" = "$want" ] || {
			echo "$h" | grep 'KHO: ' | sed 's/^/#   /'
			fail "load: hop $i's KHO lines after a kexec_load are not '$want'"
		}
		[ "$(sysfs $i kexec_count)" = 0 ] || fail "load: hop $i: sysfs kexec_count '$(sysfs $i kexec_count)', want 0"
		! echo "$h" | grep -q "$revived" || fail "load: hop $i: reserve_mem revived without KHO"
	done
	echo "# load: hops 1, 2 count as after a cold boot and say only '${want:-nothing}'"
}

sub plain kho_chain plain plain
# 7.2 has no finalize step: its memory map is always current.
[ -z "$FINALIZE" ] || sub finalize kho_chain finalize finalize
sub liveupdate kho_chain liveupdate plain liveupdate=on
sub load load
sub_done
