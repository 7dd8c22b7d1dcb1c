#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of the queue, applied in order, on its own:
#  - builds for x86_64 with CONFIG_KEXEC_HANDOVER=y and =n, neither
#    build printing a warning (the compiler's, objtool's);
#  - adds no W=1 warning in the .c files it touches (compared with the
#    same files before the patch);
#  - leaves scripts/kernel-doc -none silent on the files it touches.
# Checks out each commit of build/QUEUE/linux in turn (the tree must be clean)
# and returns to where it was; objects go to build/QUEUE/out/a (the same
# configuration as kernel a, so ccache and make reuse its work) and
# build/QUEUE/out/kho-off.
# Only compilation and linking are checked, so the target is vmlinux (a
# bzImage adds compression, no check).
# The result depends on the commits of build/QUEUE/linux it builds (their
# trees), the queue, the configuration, the scripts this test runs and
# the compiler: when none of them changed since a passing
# run, that run's result stands (say so), unless KHO_RECHECK=1.
# `make clean` drops it.
set -ue
. "$(dirname "$0")/lib.sh"
key=$({
	cat "$QDIR"/* "$TOP"/config/*.config "$0" "$TOP/tests/lib.sh" \
		"$TOP/scripts/lib.sh" "$TOP/scripts/build.sh"
	gcc --version
	make --version
	# the trees of the base and of every commit it builds
	git -C "$TREE" rev-parse "v$BASE_VERSION^{tree}"
	git -C "$TREE" log --format=%T "v$BASE_VERSION..HEAD"
} | sha256sum | cut -d' ' -f1)
stamp=$BUILD/every-patch.passed
if [ -z "${KHO_RECHECK:-}" ] && [ "$(head -n 1 "$stamp" 2>/dev/null)" = "$key" ]; then
	tail -n +2 "$stamp"
	echo "# unchanged queue, configuration and scripts: result of the run of $(date -r "$stamp" '+%F %T') stands (KHO_RECHECK=1 to redo)"
	exit 0
fi
rm -f "$stamp"
base=v$BASE_VERSION
wt=$TREE
tree_clean "every-patch checks out each patch in turn"
commits=$(git -C "$wt" rev-list --reverse "$base..HEAD")
[ -n "$commits" ] || fail "no patches in $wt"
frag_y=("${KFRAGS[@]}")
frag_n=("${KFRAGS[@]}" "$TOP/config/kho-off.config")
dir_y=$OUT/a
dir_n=$OUT/kho-off

# w1 DIR FILE...: W=1 warnings of the given .c files that DIR's config
# builds (one make for all of them), with line and column numbers dropped
# so that moved code compares. The files are compiled to assembly (.s,
# the same compiler warnings): their objects keep the W=0 flags they
# were built with, so the build does not compile them again. An old .s
# is removed first: kbuild would find it up to date and say nothing.
# (Objtool runs on objects only: the build's own log is checked for
# its warnings, and the compiler's, in build.)
w1() {
	local dir=$1 f objs=()
	shift
	for f in "$@"; do
		[ -f "$dir/${f%.c}.o" ] || continue
		rm -f "$dir/${f%.c}.s"
		objs+=("${f%.c}.s")
	done
	[ ${#objs[@]} -gt 0 ] || return 0
	make -s -C "$wt" O="$dir" ARCH=x86_64 W=1 -j"$(nproc)" "${objs[@]}" 2>&1 >/dev/null |
		grep -E ': (warning|error):' | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort || true
}

# compiles DIR FILE...: whether the configuration built in DIR compiles
# any of FILE (paths in the tree, as a patch touches them): a .c file
# DIR holds an object of, anything but a .c file, the documentation,
# tools/ and MAINTAINERS. When a patch touches nothing DIR compiles,
# its build there is the build of the patch before, object for object
# (the .c files it leaves out have no object there, and a change to a
# Makefile or Kconfig that would add one is a change DIR compiles), so
# it is not done again. (none is DIR's build of the base.)
compiles() {
	local dir=$1 f
	shift
	for f in "$@"; do
		case $f in
		Documentation/* | tools/* | MAINTAINERS) ;;
		*.c) [ ! -f "$dir/${f%.c}.o" ] || return 0 ;;
		*) return 0 ;;
		esac
	done
	return 1
}

# build REV [FILE...]: build both configurations at REV, each only if
# the patch touches FILEs it compiles (every one when no FILE is
# given); 0 on success. Says which it left as they were in $kept.
# A build recompiles only what the patch changes (or what includes it),
# and the base's cold builds print no warning here (tests/t-build.sh's
# log), so a warning in its log (the compiler's at W=0, objtool's) fails
# it. When both configurations build, they build at once, one job each
# (KHO_JOBS, scripts/build.sh): most of a patch's build is the link of
# vmlinux, which keeps one core busy, so one after the other with -j2
# left a core idle most of the time. Neither directory is copied from
# the other (KHO_NO_SEED): kbuild follows each one's configuration.
build() {
	local kho dir frag rev=$1 todo=() pids=() jobs rc=0
	shift
	kept=
	git -C "$wt" checkout -q --detach "$rev"
	for kho in y n; do
		dir=dir_$kho
		if [ $# -gt 0 ] && ! compiles "${!dir}" "$@"; then
			kept+=" KHO=$kho"
		else
			todo+=("$kho")
		fi
	done
	jobs=$(nproc)
	[ ${#todo[@]} -lt 2 ] || jobs=$(((jobs + 1) / 2))
	for kho in "${todo[@]}"; do
		dir=dir_$kho
		dir=${!dir}
		frag=frag_$kho[@]
		KHO_NO_SEED=1 KHO_JOBS=$jobs TARGET=vmlinux TREE=$wt timeout 900 "$TOP/scripts/build.sh" custom \
			"$dir" "" "${!frag}" >"$dir.log" 2>&1 &
		pids+=($!)
	done
	for kho in "${todo[@]}"; do
		dir=dir_$kho
		dir=${!dir}
		if ! wait "${pids[0]}"; then
			tail -n 20 "$dir.log"
			echo "# build with KEXEC_HANDOVER=$kho failed at $(git -C "$wt" log -1 --format=%s)"
			rc=1
		elif grep -E ': warning:' "$dir.log"; then
			echo "# build with KEXEC_HANDOVER=$kho warns at $(git -C "$wt" log -1 --format=%s)"
			rc=1
		fi
		pids=("${pids[@]:1}")
	done
	return $rc
}

# Back to the branch at the end; the files' mtimes as they were only when
# every patch built, the last one (HEAD) into a's objects: otherwise
# those objects may be of another patch's state, and git's new mtimes
# make the next build of a redo them (detour in scripts/lib.sh).
detour "$base"
trap 'back --new-mtimes' EXIT
build "$base" || fail "the base does not build"
i=0 failed=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$TREE" log -1 --format=%s "$c")
	mapfile -t files < <(git -C "$TREE" diff --name-only --diff-filter=AM "$c~1" "$c")
	# What decides the builds: every path it changes, deleted ones and
	# both sides of a rename included.
	mapfile -t changed < <(git -C "$TREE" diff --name-only --no-renames "$c~1" "$c")
	mapfile -t cfiles < <(printf '%s\n' "${files[@]}" | grep '\.c$' || true)

	# The objects in $dir_y are those of the patch before.
	before=$(w1 "$dir_y" "${cfiles[@]}")
	if ! build "$c" "${changed[@]}"; then
		failed=$((failed + 1))
		continue
	fi
	bad=0
	new=$(comm -13 <(echo "$before") <(w1 "$dir_y" "${cfiles[@]}") | grep . || true)
	if [ -n "$new" ]; then
		echo "$new"
		echo "# patch $i ($subj): new W=1 warnings"
		bad=1
	fi

	kd=$(cd "$wt" && for f in "${files[@]}"; do
		case $f in *.c | *.h) scripts/kernel-doc -none "$f" 2>&1 ;; esac
	done)
	if [ -n "$kd" ]; then
		echo "$kd"
		echo "# patch $i ($subj): kernel-doc warnings"
		bad=1
	fi
	[ $bad = 0 ] && echo "# patch $i: builds with KHO=y and =n${kept:+ (${kept# } as patch $((i - 1)): it touches nothing that compiles)}, no new W=1 warning, kernel-doc clean"
	failed=$((failed + bad))
done
[ "$failed" = 0 ] || fail "$failed problems in $i patches"
trap - EXIT
# A's objects are HEAD's only if the last patch was built there: one
# left as the patch before (kept) keeps git's new mtimes.
if [ -n "$kept" ]; then back --new-mtimes; else back; fi
{
	echo "$key"
	echo "# $i patches: each builds with KHO=y and =n, no new W=1 warning, kernel-doc clean"
} >"$stamp"
