#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of the queue, applied in order, on its own:
#  - builds for x86_64 with CONFIG_KEXEC_HANDOVER=y and =n;
#  - adds no W=1 warning in the .c files it touches (compared with the
#    same files before the patch);
#  - leaves scripts/kernel-doc -none silent on the files it touches.
# Works in a worktree of build/linux (build/bisect), objects in
# build/out/bisect-{y,n}; build/linux itself is not touched.
set -ue
. "$(dirname "$0")/lib.sh"
wt=$BUILD/bisect
base=v$BASE_VERSION
git -C "$TREE" worktree prune
[ -d "$wt/.git" ] || [ -f "$wt/.git" ] || git -C "$TREE" worktree add -q --detach "$wt" "$base"
commits=$(git -C "$TREE" rev-list --reverse "$base..HEAD")
[ -n "$commits" ] || fail "no patches in $TREE"
export PATH=/usr/bin:$PATH
frag_y=("$TOP/config/qemu.config" "$TOP/config/kho.config")
frag_n=("$TOP/config/qemu.config" "$TOP/config/kho-off.config")

# w1 DIR FILE...: W=1 warnings of the given .c files that DIR's config
# builds, with line and column numbers dropped so that moved code compares.
w1() {
	local dir=$1 f o
	shift
	for f in "$@"; do
		o=${f%.c}.o
		[ -f "$dir/$o" ] || continue
		make -s -C "$wt" O="$dir" ARCH=x86_64 CC="ccache gcc" W=1 "$o" 2>&1 >/dev/null |
			grep -E ': (warning|error):' | sed -E 's/:[0-9]+:[0-9]+:/:/' || true
	done | sort
}

# build REV: build both configurations at REV; 0 on success.
build() {
	local kho dir frag
	git -C "$wt" checkout -q --detach "$1"
	for kho in y n; do
		dir=$OUT/bisect-$kho
		frag=frag_$kho[@]
		if ! TREE=$wt "$TOP/scripts/build.sh" custom "$dir" "" "${!frag}" \
			>"$dir.log" 2>&1; then
			tail -n 20 "$dir.log"
			echo "# build with KEXEC_HANDOVER=$kho failed at $(git -C "$wt" log -1 --format=%s)"
			return 1
		fi
	done
}

build "$base" || fail "the base does not build"
i=0 failed=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$TREE" log -1 --format=%s "$c")
	mapfile -t files < <(git -C "$TREE" diff --name-only --diff-filter=AM "$c~1" "$c")
	mapfile -t cfiles < <(printf '%s\n' "${files[@]}" | grep '\.c$' || true)

	# The objects in bisect-y are those of the patch before.
	before=$(w1 "$OUT/bisect-y" "${cfiles[@]}")
	if ! build "$c"; then
		failed=$((failed + 1))
		continue
	fi
	bad=0
	new=$(comm -13 <(echo "$before") <(w1 "$OUT/bisect-y" "${cfiles[@]}") | grep . || true)
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
	[ $bad = 0 ] && echo "# patch $i: builds with KHO=y and =n, no new W=1 warning, kernel-doc clean"
	failed=$((failed + bad))
done
[ "$failed" = 0 ] || fail "$failed problems in $i patches"
