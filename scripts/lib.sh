# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the harness scripts. Source, don't run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/kho-metadata

say() { printf '%s: [%s] %s\n' "${0##*/}" "$(date +%T)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# The queues, each a folder queue-NAME/ with its series, its patches, its
# cover letter and a file `base` naming its base (VERSION, SHA256, ...).
# QUEUE picks the one every script works on (default: the first).
QUEUES=$(cd "$TOP" && ls -d queue-*/ 2>/dev/null | sed 's|^queue-||; s|/$||' | sort -V | tr '\n' ' ')
QUEUES=${QUEUES% }
QUEUE=${QUEUE:-${QUEUES%% *}}
QDIR=$TOP/queue-$QUEUE
[ -f "$QDIR/base" ] || die "no queue '$QUEUE' (queue-$QUEUE/base is missing); the queues: $QUEUES"
BASE_FILE=$QDIR/base
# KHO_RELEASE=V: work instead on vanilla Linux V, a release no queue is
# based on that the cross-release chains boot (tests/t-cross.sh): its
# base file is releases/V.base, its build directory build/release-V, it
# has no series and its kernel a is configured from qemu.config, the
# architecture's fragment and kho.config alone.
if [ -n "${KHO_RELEASE:-}" ]; then
	BASE_FILE=$TOP/releases/$KHO_RELEASE.base
	[ -f "$BASE_FILE" ] || die "no release '$KHO_RELEASE' (releases/$KHO_RELEASE.base is missing)"
fi
# queue_base KEY: the value of KEY in the base file.
queue_base() { sed -n "s/^$1=//p" "$BASE_FILE" | head -n 1; }
BASE_VERSION=$(queue_base VERSION)
[ -n "$BASE_VERSION" ] || die "$BASE_FILE names no VERSION"
# What differs between the queues, for the scripts and tests that serve
# both:
#  SEED_PATCHES    the 6.19 queue's first part, kexec-metadata's
#                  73-byte record (its cover letter lists the parts): the seed
#                  kernel is built from them alone; none on 7.2, where
#                  vanilla 7.2.6 is upstream's form of that part
#  FINALIZE        1 where KHO has a finalize step (debugfs
#                  kho/out/finalize); 7.2 keeps its memory map current
case $QUEUE in
6.19) SEED_PATCHES=12 FINALIZE=1 ;;
*) SEED_PATCHES= FINALIZE= ;;
esac
# Both queues' kernels write the same record: version 1, 1180 bytes
# (the first 73 bytes upstream's layout, then the history).
RECORD_VERSION=1
RECORD_SIZE=1180
# KHO_ARCH: the architecture the kernels are built for and the chains
# boot on, x86_64 (the default) or arm64 (Debian's cross compiler,
# QEMU's virt machine). What differs between them:
#  KARCH, CROSS     kbuild's ARCH and CROSS_COMPILE
#  KIMAGE           the image kbuild makes (arch/KARCH/boot/KIMAGE);
#                   chains take NAME.KIMAGE from the images directory
#  CONSOLE          the serial console the guest writes its log to
#  QEMU             the QEMU command, and the -machine and -cpu it needs
#  TRIPLET          Debian's multiarch name (libraries, packages)
KHO_ARCH=${KHO_ARCH:-x86_64}
case $KHO_ARCH in
x86_64)
	KARCH=x86_64 CROSS= KIMAGE=bzImage KIMAGE_PATH=arch/x86/boot/bzImage
	CONSOLE=ttyS0 QEMU=(qemu-system-x86_64) QEMU_PKG=qemu-system-x86
	TRIPLET=x86_64-linux-gnu DEB_ARCH=amd64
	;;
arm64)
	# cortex-a57 rather than "max": every KHO path is the same, and TCG
	# emulates it faster (no pointer authentication or MTE to emulate).
	KARCH=arm64 CROSS=aarch64-linux-gnu- KIMAGE=Image KIMAGE_PATH=arch/arm64/boot/Image
	CONSOLE=ttyAMA0 QEMU=(qemu-system-aarch64 -M virt -cpu cortex-a57) QEMU_PKG=qemu-system-arm
	TRIPLET=aarch64-linux-gnu DEB_ARCH=arm64
	;;
*) die "KHO_ARCH=$KHO_ARCH: x86_64 or arm64" ;;
esac
# The configuration fragments of kernel a (every other kernel starts from
# them): tinyconfig plus these, merged by merge_config.sh in this order.
KFRAGS=("$TOP/config/qemu.config" "$TOP/config/$KHO_ARCH.config" "$TOP/config/kho.config")
# On x86_64, the queue's kernels also boot the Debian guest of
# tests/t-debian.sh: a virtio disk, ext4 and what systemd needs. In
# every kernel of the queue rather than kernels of their own: those
# options change headers nearly every object reads, so a separate
# kernel would build nearly from scratch (542 s here, against 355 s for
# a), while b, vanilla, seed, nodebugfs and khooff start from a's
# objects. Not in releases/' vanilla kernels (KHO_RELEASE).
[ "$KHO_ARCH" != x86_64 ] || [ -n "${KHO_RELEASE:-}" ] ||
	KFRAGS+=("$TOP/config/debian-guest.config")
[ -n "${KHO_RELEASE:-}" ] || [ ! -f "$TOP/config/base-$QUEUE.config" ] ||
	KFRAGS+=("$TOP/config/base-$QUEUE.config")
# Each queue has its own build directory: tree, objects, images, logs.
BUILD=$TOP/build/$QUEUE
[ -z "${KHO_RELEASE:-}" ] || BUILD=$TOP/build/release-$KHO_RELEASE
TREE=${TREE:-$BUILD/linux}
# x86_64 keeps its objects, images and logs where they always were;
# another architecture has its own beside them (out-arm64, logs-arm64),
# from the same tree.
OUT=$BUILD/out
LOGS=$BUILD/logs
if [ "$KHO_ARCH" != x86_64 ]; then
	OUT=$BUILD/out-$KHO_ARCH
	LOGS=$BUILD/logs-$KHO_ARCH
fi
# Where chains take their images from (NAME.KIMAGE): the queue's own,
# or, for the cross-release chains, a directory of other builds' images.
IMAGES=${KHO_IMAGES:-$OUT/images}

# need CMD PACKAGE: fail naming the Debian package that provides CMD.
need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found; install it with: apt-get install $2 (or run scripts/deps.sh)"
}

# Compile through ccache when it is installed: its gcc comes first in PATH,
# so every build (ours, the selftest's) runs the same command line,
# "gcc ...", and kbuild and ccache reuse each other's work.
# In ccache's depend mode (CCACHE_DEPEND): a miss then compiles once and
# takes the headers from kbuild's own -MMD dependency file, where by
# default ccache also runs the preprocessor on every miss. Measured on
# 7.2's kernel/, mm/ and fs/ objects of kernel a (-j2): ccache off 54.2
# and 55.6 s, an empty cache 78.2 s by default and 59.3 s in depend
# mode, the same cache warm 4.5 and 4.3 s. A cold run, on a new machine
# and in CI, misses on nearly every object.
# (An if, not "[ ... ] &&": sourcing must not fail where ccache is absent.)
if [ -d /usr/lib/ccache ]; then
	case ":$PATH:" in
	*:/usr/lib/ccache:*) ;;
	*) export PATH=/usr/lib/ccache:$PATH ;;
	esac
	export CCACHE_DEPEND=${CCACHE_DEPEND:-1}
fi

# debian_mirror: the Debian archive this machine's apt is configured with
# (the first http(s) URI ending in /debian in its sources), printed
# without a trailing slash. No host is written in the project.
debian_mirror() {
	local m
	m=$(grep -hsoE '^(URIs:[[:space:]]*|deb(-src)?[[:space:]]+(\[[^]]*\][[:space:]]+)?)[a-z]+://[^[:space:]]+/debian/?([[:space:]]|$)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list |
		grep -oE '[a-z]+://[^[:space:]]+' | head -n 1)
	[ -n "$m" ] || return 1
	echo "${m%/}"
}

# apt_install PACKAGE...: apt-get update and install, with hard timeouts.
apt_install() {
	[ "$(id -u)" = 0 ] || die "missing packages: $*; run: sudo apt-get install $*"
	say "installing: $*"
	timeout 600 apt-get update -q >&2 ||
		die "apt-get update failed or timed out; check the machine's apt sources and network"
	DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get install -y -q --no-install-recommends "$@" >&2 ||
		die "apt-get install $* failed or timed out; run it by hand to see why"
}

# deb_download DIR SUFFIX PACKAGE...: each package's .deb, from the
# mirror this machine's apt is configured with (apt-get download), into
# DIR, unless one is there already. SUFFIX is "" for this machine's
# architecture, ":arm64" (say) for another, which dpkg must know.
deb_download() {
	local dir=$1 suffix=$2 p todo=()
	shift 2
	for p in "$@"; do
		compgen -G "$dir/${p}_*.deb" >/dev/null || todo+=("$p")
	done
	[ ${#todo[@]} -gt 0 ] || return 0
	mkdir -p "$dir"
	if ! apt-cache show "${todo[0]}$suffix" >/dev/null 2>&1; then
		[ "$(id -u)" = 0 ] || die "apt knows no package ${todo[0]}; run: sudo apt-get update"
		timeout 600 apt-get update -q >&2 ||
			die "apt-get update failed or timed out; check the machine's apt sources and network"
	fi
	say "downloading ${todo[*]}"
	(cd "$dir" && timeout 600 apt-get download -q -o APT::Sandbox::User=root "${todo[@]/%/$suffix}" >&2) ||
		die "apt-get download ${todo[*]} failed or timed out"
}

# tree_clean WHAT: die unless $TREE has no uncommitted changes; WHAT says
# what needs it clean.
tree_clean() {
	[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
		die "$TREE has uncommitted changes; $1 (commit them, then make export, or discard them)"
}

# detour COMMIT: check out COMMIT (detached) in $TREE, which must be
# clean, for a build of an older state; back: return to the branch (or
# commit) it was on. Git gives each file it rewrites a new mtime, so
# after the round trip make would take every file that differs between
# COMMIT and HEAD for changed and recompile all that includes it: near
# everything when a header differs, in kernel a's objects and in each
# kernel seeded from them (the KUnit kernels, the selftest's). back puts
# those files' mtimes back, their contents being again what those
# objects were built from. Only for object directories built at COMMIT
# through a detour and never at HEAD without one; "back --new-mtimes"
# keeps git's (every-patch, when a patch failed: kernel a's objects are
# then of that patch's state). With DIR, the object directory to be
# built at COMMIT: when its last detour was to another commit (the queue
# was rewritten), the files the two differ in get new mtimes after the
# checkout, since git leaves alone those that equal HEAD's and back gave
# them mtimes older than DIR's objects.
detour() {
	detour_orig=$(git -C "$TREE" symbolic-ref -q --short HEAD || git -C "$TREE" rev-parse HEAD)
	detour_mtimes=$({
		git -C "$TREE" diff --name-only "$1" HEAD
		git -C "$TREE" log --format= --name-only "$1..HEAD"
	} | sort -u | (cd "$TREE" && xargs -r -d '\n' stat -c '%.9Y %n' 2>/dev/null) || true)
	git -C "$TREE" checkout -q --detach "$1"
	if [ -n "${2:-}" ]; then
		local was now
		mkdir -p "$2"
		was=$(cat "$2/.detour-commit" 2>/dev/null || true)
		now=$(git -C "$TREE" rev-parse HEAD)
		if [ -n "$was" ] && [ "$was" != "$now" ]; then
			git -C "$TREE" diff --name-only "$was" "$now" 2>/dev/null |
				(cd "$TREE" && xargs -r -d '\n' touch -h -c) || true
		fi
		echo "$now" >"$2/.detour-commit"
	fi
}
back() {
	local t f
	git -C "$TREE" checkout -q "$detour_orig" || return 1
	[ "${1:-}" != --new-mtimes ] || return 0
	while read -r t f; do
		[ -n "$f" ] && [ -e "$TREE/$f" ] && touch -h -m -d "@$t" "$TREE/$f"
	done <<<"$detour_mtimes"
	return 0
}

# base_commit DIR: make the unpacked base in DIR a git tree: every file
# (git add -A -f, so no .gitignore leaves one out) as one commit with a
# fixed identity and date, tagged v$BASE_VERSION, on branch base.
base_commit() {
	local g=(git -C "$1" -c user.name="KHO Metadata Project" -c user.email=kho-metadata@example.org)
	say "committing the base in $1 (this takes a minute)"
	"${g[@]}" init -q -b base
	"${g[@]}" config core.abbrev 12
	"${g[@]}" add -A -f .
	GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z" \
		"${g[@]}" commit -q -m "Linux $BASE_VERSION"
	"${g[@]}" tag "v$BASE_VERSION"
}

# seed DIR FROM: a new build directory DIR starts as a copy of FROM's
# objects, so that kbuild rebuilds only what the configuration or the
# sources change. An existing DIR is left as it is while FROM keeps the
# fragments DIR was copied with (FROM's .fragments, build.sh's stamp;
# not .config, which kbuild rewrites whenever a checked-out commit adds
# or drops a Kconfig symbol); when they changed, DIR is dropped and
# copied again, as rebuilding it from its old objects would recompile
# nearly everything. objtool's build records its
# absolute paths (FROM's) in its .cmd and .d files: they are rewritten to
# DIR's, times kept, or objtool would be rebuilt, and with it every
# object, all of which depend on the objtool binary (measured: 9 objects
# recompiled instead of 721).
seed() {
	local f from_config
	[ -f "$2/.config" ] || return 0
	from_config=$(cat "$2/.fragments" 2>/dev/null || sha256sum <"$2/.config")
	if [ -f "$1/.config" ]; then
		[ -f "$1/.seeded-config" ] &&
			[ "$(cat "$1/.seeded-config")" != "$from_config" ] || return 0
		say "seeding $1 again: the configuration of $2 changed"
	else
		say "seeding $1 from $2"
	fi
	rm -rf "$1"
	cp -a "$2" "$1"
	rm -f "$1/.fragments" "$1/.seeded-config"
	grep -rlZ --include='*.cmd' --include='*.d' -F "$2/" "$1" 2>/dev/null |
		while IFS= read -r -d '' f; do
			sed -i "s|$2/|$1/|g" "$f"
			touch -r "$2/${f#"$1"/}" "$f"
		done
	echo "$from_config" >"$1/.seeded-config"
}

# accel: the QEMU accelerator to use, kvm only when a probe boot of kernel
# a under KVM has reached its init on this machine (on some machines
# guests die there with "KVM internal error"); tcg otherwise. Probed once
# per build, kept in $OUT/accel. KHO_NO_KVM=1 skips the probe.
accel() {
	local stamp=$OUT/accel plog=$OUT/kvm-probe.$$.log
	if [ ! -f "$stamp" ]; then
		echo tcg >"$stamp.$$"
		# KVM runs only a guest of the host's own architecture.
		if [ "$KHO_ARCH" = "$(uname -m)" ] && [ -w /dev/kvm ] && [ -z "${KHO_NO_KVM:-}" ] &&
			[ -f "$OUT/images/a.bzImage" ]; then
			timeout --foreground --kill-after=2 6 /usr/bin/qemu-system-x86_64 -accel kvm -m 512M -nographic \
				-nodefaults -no-reboot -serial "file:$plog" \
				-kernel "$OUT/images/a.bzImage" -initrd "$OUT/initramfs.cpio" \
				-append "console=ttyS0 panic=-1 khotest.hops=0" \
				>/dev/null 2>&1 </dev/null || true
			grep -q "KHOTEST: chain done" "$plog" 2>/dev/null && echo kvm >"$stamp.$$"
			rm -f "$plog"
		fi
		mv "$stamp.$$" "$stamp"
		say "accelerator: $(cat "$stamp") (probed once; rm $stamp to probe again)"
	fi
	cat "$stamp"
}

# In the scripts of scripts/ (set -e), a command that fails ends the
# script: say which, and where, also when it failed inside a function
# (errtrace). The tests report through fail() instead.
case $-:$0 in
*e*:*scripts/*)
	set -E
	trap 'say "error: \"$BASH_COMMAND\" failed (exit $?) at ${BASH_SOURCE[0]##*/}:$LINENO; the lines above say why"' ERR
	;;
esac
