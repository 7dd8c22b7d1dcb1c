# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the harness scripts. Source, don't run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE_VERSION=6.19.11
BUILD=${BUILD:-$TOP/build}
TREE=${TREE:-$BUILD/linux}
OUT=$BUILD/out
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/kho-metadata

say() { printf '%s: [%s] %s\n' "${0##*/}" "$(date +%T)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# need CMD PACKAGE: fail naming the Debian package that provides CMD.
need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found; install it with: apt-get install $2 (or run scripts/deps.sh)"
}

# Compile through ccache when it is installed: its gcc comes first in PATH,
# so every build (ours, kunit.py's, the selftest's) runs the same command
# line, "gcc ...", and kbuild and ccache reuse each other's work.
# (An if, not "[ ... ] &&": sourcing must not fail where ccache is absent.)
if [ -d /usr/lib/ccache ]; then
	case ":$PATH:" in
	*:/usr/lib/ccache:*) ;;
	*) export PATH=/usr/lib/ccache:$PATH ;;
	esac
fi
