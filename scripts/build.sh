#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test kernels of the queue (QUEUE, see lib.sh) from
# build/QUEUE/linux into build/QUEUE/out/; V is the base version:
#   a  the series, release V      -> build/QUEUE/out/images/a.bzImage
#   b  the same objects, release V-b -> build/QUEUE/out/images/b.bzImage
#   vanilla  V without the series, release V-vanilla (also in extras)
#   extras  the kernels the switched-off and mixed-version tests boot:
#      vanilla    V without the series, release V-vanilla
#      nodebugfs  the series with CONFIG_KEXEC_HANDOVER_DEBUGFS=n
#      khooff     the series with CONFIG_KEXEC_HANDOVER=n
#      seed       (6.19 only) the queue's first part ($SEED_PATCHES
#                 patches: kexec-metadata version 1), release V-seed
#   custom DIR LOCALVERSION FRAGMENT...: any other kernel, from $TREE
#      (default build/QUEUE/linux), configured with the given fragments
# Usage: build.sh [a|b|all|vanilla|extras|custom ...]   (default all)
# Config: tinyconfig plus config/ fragments (KFRAGS in lib.sh), merged by
# merge_config.sh; and config/kunit-suites.config where the tree has the
# series' KUnit suites (configure()).
# With KHO_ARCH=arm64 (lib.sh), the same kernels for arm64, with
# Debian's cross compiler, into build/QUEUE/out-arm64/images/NAME.Image.
set -ue
. "$(dirname "$0")/lib.sh"
need gcc gcc
need flex flex
need bison bison
need bc bc
[ -z "$CROSS" ] || need "${CROSS}gcc" "gcc-$TRIPLET"
[ -e "$TREE/.git" ] || die "$TREE is missing; run 'make tree' first"

# KHO_JOBS: make -j (default: one per CPU).
jobs=${KHO_JOBS:-$(nproc)}
export KBUILD_BUILD_USER=kho KBUILD_BUILD_HOST=qemu
mkdir -p "$OUT/images"

# kmake DIR [ARGS...]: make in the tree with objects in DIR.
kmake() {
	local dir=$1
	shift
	make -s -C "$TREE" O="$dir" ARCH="$KARCH" CROSS_COMPILE="$CROSS" "$@"
}

# kconfig_inputs: a digest of what a configuration made here depends on
# besides its fragments: the tree's Kconfig files, scripts/ (Kconfig
# runs some of them), the tiny fragments and the top Makefile; the
# architecture; and what Kconfig's $(shell,...) probes find on this
# machine: the toolchain and the other tools it asks for their versions,
# the installed packages (gcc's plugin headers, the C library), the
# environment variables it reads. Kconfig reads nothing else, and writes
# the same .config from the same inputs.
kconfig_inputs() {
	local t
	{
		echo "$KARCH $CROSS"
		env | grep -E '^(KCONFIG_[A-Z_]*|LLVM|CC|LD|AS|HOSTCC|HOSTCXX|RUSTC|BINDGEN|PAHOLE|CLANG_FLAGS)=' | sort
		for t in "${CROSS}gcc" "${CROSS}ld" "${CROSS}as" rustc bindgen pahole clang; do
			command -v "$t" && "$t" --version 2>&1 | head -n 1
		done
		dpkg-query -W 2>/dev/null
		(cd "$TREE" && find . -path ./.git -prune -o -type f \( -name 'Kconfig*' \
			-o -path './scripts/*' -o -path './kernel/configs/*' \
			-o -path "./arch/${KARCH%_64}/configs/*" -o -path ./Makefile \) -print0 |
			sort -z | xargs -0 sha256sum)
	} | sha256sum | cut -d' ' -f1
}

# configure DIR FRAGMENT...: tinyconfig + fragments, redone only when the
# fragments change; then check every requested option stuck.
# Every Kconfig run parses the whole tree's Kconfig and runs the probes
# of scripts/Kconfig.include (about 80 compiler calls here: 4 to 8 s),
# and a configuration takes three (tinyconfig's allnoconfig and
# olddefconfig, then ours), while a run configures the same tree more
# than once (a, nodebugfs, khooff; every-patch's base is vanilla's).
# So the results are kept in $OUT/configs under the digest of their
# inputs (kconfig_inputs): tinyconfig's under the tree's alone, the
# whole configuration under the tree's and the fragments'. A kept one
# is copied, not made again: the same bytes.
configure() {
	local dir=$1 stamp inputs kept tiny
	shift
	# The series' KUnit suites, where the tree has them: first, so that a
	# later fragment may turn them off.
	grep -qx 'config KEXEC_HANDOVER_METADATA_KUNIT_TEST' "$TREE/kernel/liveupdate/Kconfig" \
		2>/dev/null && set -- "$TOP/config/kunit-suites.config" "$@"
	mkdir -p "$dir" "$OUT/configs"
	stamp=$(cat "$@" | sha256sum | cut -d' ' -f1)
	if [ ! -f "$dir/.config" ] || [ "$(cat "$dir/.fragments" 2>/dev/null)" != "$stamp" ]; then
		inputs=$(kconfig_inputs)
		tiny=$OUT/configs/tiny-$inputs
		kept=$OUT/configs/$(echo "$inputs $stamp" | sha256sum | cut -d' ' -f1)
		if [ -f "$kept" ]; then
			say "configuring $dir: tinyconfig + ${*##*/}: kept from the same tree and fragments ($kept)"
			cp "$kept" "$dir/.config"
		else
			say "configuring $dir: tinyconfig + ${*##*/}"
			if [ -f "$tiny" ]; then
				cp "$tiny" "$dir/.config"
			else
				kmake "$dir" tinyconfig >/dev/null
				cp "$dir/.config" "$tiny.$$" && mv "$tiny.$$" "$tiny"
			fi
			(cd "$dir" && KCONFIG_CONFIG=.config \
				"$TREE/scripts/kconfig/merge_config.sh" -m -O "$dir" .config "$@" >/dev/null)
			kmake "$dir" olddefconfig >/dev/null
			cp "$dir/.config" "$kept.$$" && mv "$kept.$$" "$kept"
		fi
		echo "$stamp" >"$dir/.fragments"
	fi
	# The last fragment to set an option wins, as in merge_config.sh.
	local bad=() line opt
	declare -A want=()
	while read -r line; do
		case $line in CONFIG_*=*) want[${line%%=*}]=$line ;; esac
	done < <(cat "$@")
	for opt in "${!want[@]}"; do
		line=${want[$opt]}
		case $line in
		CONFIG_*=n)
			grep -q "^$opt=" "$dir/.config" && bad+=("$line")
			;;
		*)
			grep -qx "$line" "$dir/.config" || bad+=("$line")
			;;
		esac
	done
	[ ${#bad[@]} -eq 0 ] || {
		rm -f "$dir/.fragments"
		die "options that did not stick in $dir/.config: ${bad[*]}"
	}
}

frags=("${KFRAGS[@]}")

# image DIR NAME: publish DIR's image as images/NAME.KIMAGE.
image() {
	cp "$1/$KIMAGE_PATH" "$OUT/images/$2.$KIMAGE.new"
	mv "$OUT/images/$2.$KIMAGE.new" "$OUT/images/$2.$KIMAGE"
}

# Every image is deleted before its build: a failed build leaves none
# behind for a test to boot.
build_a() {
	rm -f "$OUT/images/a.$KIMAGE"
	configure "$OUT/a" "${frags[@]}"
	say "building a (release $BASE_VERSION) in $OUT/a"
	local t0=$SECONDS
	kmake "$OUT/a" LOCALVERSION= -j"$jobs" "$KIMAGE"
	image "$OUT/a" a
	say "built a in $((SECONDS - t0)) s"
}

# b starts as a copy of a's objects, so only what depends on the release
# string is rebuilt.
build_b() {
	rm -f "$OUT/images/b.$KIMAGE"
	seed "$OUT/b" "$OUT/a"
	cp "$OUT/a/.config" "$OUT/b/.config.new"
	cmp -s "$OUT/b/.config.new" "$OUT/b/.config" || cp "$OUT/b/.config.new" "$OUT/b/.config"
	rm -f "$OUT/b/.config.new"
	say "building b (release $BASE_VERSION-b) in $OUT/b"
	kmake "$OUT/b" LOCALVERSION=-b -j"$jobs" "$KIMAGE"
	image "$OUT/b" b
}

# build_at COMMIT NAME LOCALVERSION STAMP WHAT: COMMIT of build/QUEUE/linux
# (WHAT, for messages) into $OUT/NAME, published as images/NAME.KIMAGE;
# skipped while STAMP is what the last build of NAME recorded. The tree
# must be clean: COMMIT is checked out there for the build, then the
# branch again, the files' mtimes as they were (detour in lib.sh).
# Objects start as a copy of a's, so only what differs is rebuilt.
build_at() {
	local commit=$1 name=$2 lv=$3 stamp=$4 what=$5
	if [ -f "$OUT/images/$name.$KIMAGE" ] &&
		[ "$(cat "$OUT/$name.stamp" 2>/dev/null)" = "$stamp" ]; then
		return 0
	fi
	rm -f "$OUT/images/$name.$KIMAGE"
	tree_clean "the $name build checks out $what"
	seed "$OUT/$name" "$OUT/a"
	detour "$commit" "$OUT/$name"
	(configure "$OUT/$name" "${frags[@]}") || {
		back
		die "configuring $name failed"
	}
	say "building $name (release $BASE_VERSION$lv, $what) in $OUT/$name"
	kmake "$OUT/$name" LOCALVERSION="$lv" -j"$jobs" "$KIMAGE" || {
		back
		die "the $name build failed"
	}
	back
	image "$OUT/$name" "$name"
	echo "$stamp" >"$OUT/$name.stamp"
}

# The base without the series: it depends only on the base and the
# fragments.
build_vanilla() {
	build_at "v$BASE_VERSION" vanilla -vanilla "$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)" \
		"v$BASE_VERSION"
}

# The queue's first part alone, rebuilt when its last commit or the
# fragments change.
build_seed() {
	local commit
	commit=$(git -C "$TREE" rev-list --reverse "v$BASE_VERSION..HEAD" | sed -n "${SEED_PATCHES}p")
	[ -n "$commit" ] || die "$TREE has fewer than $SEED_PATCHES commits on v$BASE_VERSION"
	build_at "$commit" seed -seed "$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)-$commit" \
		"the queue's first part, patches 1-$SEED_PATCHES"
}

build_extras() {
	build_vanilla
	[ -z "$SEED_PATCHES" ] || build_seed
	rm -f "$OUT/images/nodebugfs.$KIMAGE" "$OUT/images/khooff.$KIMAGE"
	build_custom "$OUT/nodebugfs" -nodebugfs "${frags[@]}" "$TOP/config/nodebugfs.config"
	image "$OUT/nodebugfs" nodebugfs
	build_custom "$OUT/kho-off" "" "${frags[@]}" "$TOP/config/kho-off.config"
	image "$OUT/kho-off" khooff
}

# custom DIR LOCALVERSION FRAGMENT...
# A new DIR starts as a copy of a's objects: kbuild then rebuilds only
# what depends on the options that differ. KHO_NO_SEED=1: never copied,
# only built (every-patch: a's configuration changes as it walks the
# patches, and a copy taken then would be of a build in progress).
build_custom() {
	local dir=$1 lv=$2
	shift 2
	[ "$TREE" != "$BUILD/linux" ] || [ -n "${KHO_NO_SEED:-}" ] || seed "$dir" "$OUT/a"
	configure "$dir" "$@"
	say "building $dir (release $BASE_VERSION$lv) from $TREE"
	kmake "$dir" LOCALVERSION="$lv" -j"$jobs" ${KMAKE_ARGS:-} "${TARGET:-$KIMAGE}"
}

case ${1:-all} in
a) build_a ;;
b) build_b ;;
all) build_a; build_b ;;
vanilla) build_vanilla ;;
extras) build_extras ;;
custom)
	[ $# -ge 4 ] || die "usage: build.sh custom DIR LOCALVERSION FRAGMENT..."
	shift
	build_custom "$@"
	;;
*) die "unknown target '$1' (a, b, all, vanilla, extras or custom)" ;;
esac
