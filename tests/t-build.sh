#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series builds: the two test kernels, the kernels of the mixed and
# switched-off tests (vanilla, KHO debugfs off, KHO off), on 6.19 the
# seed kernel of the compat test, the initramfs, and the users' own
# tools from Debian (scripts/userland.sh) for the user test; on x86_64
# the Debian guest's root (scripts/debian-root.sh, debootstrap: beside
# the kernel builds, as it mostly waits on the archive; the guest boots
# kernels a and b).
# For arm64 (arm64/build): the two test kernels, vanilla, the initramfs
# and Debian's arm64 tools, what the arm64 tests boot.
set -ue
. "$(dirname "$0")/lib.sh"
if [ "$KHO_ARCH" = x86_64 ]; then
	"$TOP/scripts/debian-root.sh" >"$LOGS/debian-root.out" 2>&1 &
	root_pid=$!
fi
t0=$SECONDS
"$TOP/scripts/build.sh" a
a_secs=$((SECONDS - t0))
"$TOP/scripts/build.sh" b
if [ "$KHO_ARCH" = x86_64 ]; then
	"$TOP/scripts/build.sh" extras
	kernels="a b vanilla nodebugfs khooff${SEED_PATCHES:+ seed}"
else
	"$TOP/scripts/build.sh" vanilla
	kernels="a b vanilla"
fi
"$TOP/scripts/initramfs.sh"
"$TOP/scripts/userland.sh" >/dev/null
# Prometheus' promtool, which the chain test lints the reader's metrics with.
"$TOP/scripts/debtool.sh" prometheus usr/bin/promtool >/dev/null
if [ "$KHO_ARCH" = x86_64 ]; then
	# node_exporter, whose textfile collector the Debian test feeds.
	"$TOP/scripts/debtool.sh" prometheus-node-exporter usr/bin/prometheus-node-exporter >/dev/null
	wait "$root_pid" || { cat "$LOGS/debian-root.out"; fail "no Debian root (scripts/debian-root.sh)"; }
fi
for k in $kernels; do
	[ -s "$OUT/images/$k.$KIMAGE" ] || fail "$k.$KIMAGE missing"
done
echo "# built $(echo "$kernels" | sed 's/ /, /g') of Linux $BASE_VERSION for $KHO_ARCH"
# The yardstick of the cold run (README, scripts/bench.sh).
echo "# kernel a built in $a_secs s"
