# SPDX-License-Identifier: GPL-2.0
# Helpers for the test scripts: read hops out of a chain's serial log.
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

# hop LOG I: the lines of hop I (0 = cold boot). A hop starts at the
# kernel's "Linux version" banner.
hop() {
	awk -v want="$2" '/Linux version /{n++} n == want + 1' "$1"
}

# hops LOG: how many boots the log holds.
hops() {
	grep -c 'Linux version ' "$1"
}

# release LOG I: the `uname -r` of hop I, from its banner.
release() {
	hop "$1" "$2" | sed -n 's/.*Linux version \([^ ]*\) .*/\1/p' | head -n 1
}

# chain NAME HOPS [IMAGES [CMDLINE...]]: boot a chain, fail if it did not
# reach its last hop; sets LOG.
chain() {
	LOG=$BUILD/logs/$1.log
	"$TOP/scripts/chain.sh" "$@" || { echo "# chain $1 failed; log: $LOG"; return 1; }
	grep -q "KHOTEST: chain done" "$LOG" || { echo "# chain $1 did not finish; log: $LOG"; return 1; }
	[ "$(hops "$LOG")" = $(($2 + 1)) ] || { echo "# chain $1: $(hops "$LOG") boots, want $(($2 + 1)); log: $LOG"; return 1; }
}

fail() { echo "# $*"; exit 1; }

# le32hex N: N as 8 hex digits, little-endian.
le32hex() {
	local h
	h=$(printf '%08x' "$1")
	echo "${h:6:2}${h:4:2}${h:2:2}${h:0:2}"
}

# mkblob VERSION RELEASE COUNT [SIZE]: hex of a kexec-metadata blob in the
# version 1 layout (RELEASE as printf %b escapes, padded with NULs to 65
# bytes, not NUL-terminated if it is 65 bytes long), cut or zero-padded to
# SIZE bytes (default 73).
mkblob() {
	local rel hex size=${4:-73}
	rel=$(printf '%b' "$2" | od -An -v -tx1 | tr -d ' \n')
	hex=$(le32hex "$1")$rel
	while [ ${#hex} -lt $((69 * 2)) ]; do hex+=00; done
	hex=${hex:0:$((69 * 2))}$(le32hex "$3")
	while [ ${#hex} -lt $((size * 2)) ]; do hex+=00; done
	echo "${hex:0:$((size * 2))}"
}

# chain_log MIN: use the log of t-chain (LOG), which must hold at least
# MIN kexecs; sets N to the number it holds.
chain_log() {
	LOG=$BUILD/logs/chain.log
	[ -f "$LOG" ] || fail "$LOG is missing (t-chain runs first)"
	N=$(($(hops "$LOG") - 1))
	[ "$N" -ge "$1" ] || fail "only $N kexecs in $LOG, want at least $1"
}
