#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot one QEMU guest with a hard timeout; the serial console goes to LOG.
# The guest is of KHO_ARCH (lib.sh): QEMU's default x86_64 machine, or
# arm64's virt machine.
# Usage: boot.sh LOG TIMEOUT KERNEL INITRD CMDLINE...   (INITRD may be "";
# QEMU_ARGS, more arguments for QEMU, split at spaces: a disk)
# Exits with QEMU's status, or 124 when the timeout killed it.
set -ue
. "$(dirname "$0")/lib.sh"
need "${QEMU[0]}" "$QEMU_PKG"
need timeout coreutils

[ $# -ge 5 ] || die "usage: boot.sh LOG TIMEOUT KERNEL INITRD CMDLINE..."
log=$1 secs=$2 kernel=$3 initrd=$4
shift 4

mkdir -p "$(dirname "$log")"
acc=$(accel)
qemu=(timeout --foreground --kill-after=5 "$secs" "${QEMU[@]}" -accel "$acc"
	-m "${QEMU_MEM:-1G}" -smp 1 -nographic -nodefaults -no-reboot
	${QEMU_ARGS:-} -kernel "$kernel" ${initrd:+-initrd "$initrd"} -append "$*")
rc=0
if [ -n "${KHO_STAMP:-}" ]; then
	# Bench: stamp each serial line with the host's clock in LOG.stamps.
	"${qemu[@]}" -serial stdio </dev/null 2>"$log.qemu" |
		while IFS= read -r line; do
			printf '%s\n' "$line" >>"$log"
			printf '%s %s\n' "$EPOCHREALTIME" "$line" >>"$log.stamps"
		done
	rc=${PIPESTATUS[0]}
else
	"${qemu[@]}" -serial "file:$log" </dev/null >"$log.qemu" 2>&1 || rc=$?
fi
[ $rc = 124 ] && say "QEMU timed out after ${secs}s; log: $log"
exit $rc
