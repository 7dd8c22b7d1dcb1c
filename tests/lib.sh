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
