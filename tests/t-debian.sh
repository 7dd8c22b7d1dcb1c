#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The operator's own system: a Debian 12 root with systemd 252
# (scripts/debian-root.sh) on an ext4 disk image, booted by the queue's
# kernels a and b (releases V and V-b; on x86_64 every kernel of the
# queue can: config/debian-guest.config) under QEMU, root=/dev/vda,
# -no-reboot: a cold reboot ends QEMU, and the test starts it again,
# with khotest.qemu=N on the command line to tell the runs apart (a
# kexec'd kernel gets the same command line). In the guest, the unit
# kho-step (tests/debian-step.sh) reports each boot on the serial console
# and reboots the next way an operator does (the plan below); the unit
# kho-metrics writes kexec-chain --prometheus into node_exporter's
# textfile directory at every boot.
# Subtests, one per way (on 6.19 the first alone, unless KHO_DEBIAN_ALL
# is set):
#   s-systemctl-kexec    kexec -s -l, then systemctl kexec: the next
#                        kernel, in the same QEMU run, prints its line,
#                        the journal (journalctl -k -b) has it, sysfs and
#                        the metrics agree
#   s-reboot             kexec -s -l, then reboot: the same
#   noload-systemctl-kexec  nothing loaded, no Boot Loader Spec entry:
#                        systemctl kexec fails and says why, the system
#                        stays up
#   bls-systemctl-kexec  nothing loaded, an entry in
#                        /run/boot-loader-entries: systemd loads it with
#                        kexec_load(), the next kernel (same QEMU run)
#                        has no "exec from" line and counts 0: the trail
#                        is lost, and it says so ("KHO: kexec'd without a
#                        handover: ...", x86's loader type 0xd0)
#   s-systemctl-reboot   kexec -s -l, then systemctl reboot: a cold
#                        reboot (a new QEMU run), no line, count 0
#   loadkexec-reboot     Debian's LOAD_KEXEC=true (its default) with
#                        /vmlinuz present, then reboot: kexec-load loads
#                        it at the stop (kexec_load), and the reboot is
#                        cold all the same
#   metrics              on every boot the textfile passes promtool
#                        check metrics, and node_exporter's textfile
#                        collector serves it (no scrape error) with the
#                        count sysfs holds, read by prometheus_client
set -ue
. "$(dirname "$0")/lib.sh"
[ "$KHO_ARCH" = x86_64 ] || fail "the Debian guest is x86_64 only"
for k in a b; do
	[ -s "$IMAGES/$k.$KIMAGE" ] || fail "$k.$KIMAGE is missing; run the build test"
done
reader=$OUT/tools-kho/kexec-chain
[ -x "$reader" ] || fail "$reader is missing; run the build test"
need mkfs.ext4 e2fsprogs
tarball=$("$TOP/scripts/debian-root.sh") || fail "no Debian root"
PROMTOOL=$("$TOP/scripts/debtool.sh" prometheus usr/bin/promtool) || fail "no promtool"
exporter=$("$TOP/scripts/debtool.sh" prometheus-node-exporter usr/bin/prometheus-node-exporter) ||
	fail "no node_exporter"
export PROMTOOL

r1=$BASE_VERSION r2=$BASE_VERSION-b
lost="kexec'd without a handover: the previous kernel is unknown"
if [ "$QUEUE" = 7.2 ] || [ -n "${KHO_DEBIAN_ALL:-}" ]; then
	plan=("noload-systemctl-kexec s-systemctl-kexec" s-reboot bls-systemctl-kexec
		s-systemctl-reboot loadkexec-reboot cold)
else
	plan=(s-systemctl-kexec cold)
fi

# The disk: the Debian root, the two kernels in /boot, the reader, the
# step script, the units, the plan.
dir=$BUILD/debian
rm -rf "$dir"
mkdir -p "$dir/root"
tar -C "$dir/root" --numeric-owner -xf "$tarball"
root=$dir/root
cp "$IMAGES/a.$KIMAGE" "$root/boot/vmlinuz-$r1"
cp "$IMAGES/b.$KIMAGE" "$root/boot/vmlinuz-$r2"
install -m 0755 "$reader" "$root/usr/local/bin/kexec-chain"
install -m 0755 "$TOP/tests/debian-step.sh" "$root/usr/local/sbin/kho-step"
echo '/dev/vda / ext4 rw 0 1' >"$root/etc/fstab"
echo kho-test >"$root/etc/hostname"
# No login prompt on the serial console, where kho-step reports: its
# "login:" would land in the middle of the report's lines.
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
# kho-metrics.service is the admin guide's unit, as the guide prints it
# (Documentation/admin-guide/mm/kho.rst, "With systemd and Debian's
# kexec-tools"), in the directory node_exporter's Debian package makes.
awk '/^  \[Unit\]$/ { on = 1 } on { print substr($0, 3) } on && /^  WantedBy=/ { exit }' \
	"$TREE/Documentation/admin-guide/mm/kho.rst" >"$root/etc/systemd/system/kho-metrics.service"
grep -q '^ExecStart=.*kexec-chain --prometheus' "$root/etc/systemd/system/kho-metrics.service" ||
	fail "the admin guide has no unit that runs kexec-chain --prometheus"
mkdir -p "$root/var/lib/prometheus/node-exporter"
cat >"$root/etc/systemd/system/kho-step.service" <<EOF
[Unit]
Description=KHO test: report this boot, then reboot the next way
Wants=kho-metrics.service
After=kho-metrics.service systemd-journald.service

[Service]
Type=idle
ExecStart=/usr/local/sbin/kho-step

[Install]
WantedBy=multi-user.target
EOF
# Debian's kexec-load (its init script, run by systemd at a reboot's
# stop) says on the console what it left loaded: the test's only
# addition to it.
mkdir -p "$root/etc/systemd/system/kexec-load.service.d"
cat >"$root/etc/systemd/system/kexec-load.service.d/kho-test.conf" <<'EOF'
[Service]
ExecStopPost=/bin/sh -c 'echo "KHOTEST: kexec-load stopped: kexec_loaded $(cat /sys/kernel/kexec_loaded)" >/dev/ttyS0'
EOF
mkdir -p "$root/etc/systemd/system/multi-user.target.wants" "$root/var/lib/kho-test"
for u in kho-metrics kho-step; do
	ln -sf "/etc/systemd/system/$u.service" "$root/etc/systemd/system/multi-user.target.wants/$u.service"
done
printf '%s\n' "${plan[@]}" >"$root/var/lib/kho-test/plan"
timeout 300 mkfs.ext4 -q -F -L root -d "$root" "$dir/disk.img" 2G || fail "mkfs.ext4 -d failed"
rm -rf "$root"

# Boot until every line of the plan ran, a new QEMU run for each cold
# reboot.
run=0
logs=()
while [ $run -lt 4 ]; do
	run=$((run + 1))
	log=$LOGS/debian-$run.log
	logs+=("$log")
	QEMU_ARGS="-drive file=$dir/disk.img,format=raw,if=virtio" \
		"$TOP/scripts/boot.sh" "$log" 900 "$IMAGES/a.$KIMAGE" "" \
		console=ttyS0 root=/dev/vda rw kho=on panic=-1 oops=panic khotest.qemu=$run ||
		fail "QEMU run $run failed or timed out; log: $log"
	splats "$log"
	[ "$(cat "${logs[@]}" | tr -d '\r' | grep -c '^KHOTEST: boot ')" -lt ${#plan[@]} ] || break
done
all=$dir/serial.log
cat "${logs[@]}" | tr -d '\r' >"$all"

# boot N: this test's lines of boot N (from its "KHOTEST: boot N" to the
# next one; the console lines of the next kernel's start are among them,
# so the checks read boot N's own dmesg and journal from its "KHOTEST:
# dmesg" and "KHOTEST: journal" lines).
boot() {
	awk -v n="$1" '/^KHOTEST: boot / { on = ($3 == n) } on' "$all"
}
field() { boot "$1" | sed -n "s/^KHOTEST: boot $1 qemu \([0-9]*\) release \(.*\)$/\\$2/p"; }

# has_line N WANT RELEASE COUNT: boot N's "exec from" line WANT, once in
# dmesg and once in the journal, sysfs saying RELEASE and COUNT, and no
# "without a handover" line.
has_line() {
	local n=$1 want=$2 d j
	d=$(boot "$n" | grep -c "^KHOTEST: dmesg .*KHO: $want\$" || true)
	j=$(boot "$n" | grep -c "^KHOTEST: journal KHO: $want\$" || true)
	[ "$d" = 1 ] && [ "$j" = 1 ] || fail "boot $n: 'KHO: $want' $d times in dmesg and $j in the journal, want once each"
	boot "$n" | grep -qx "KHOTEST: sysfs previous_release '$3' kexec_count $4" ||
		fail "boot $n: sysfs does not say '$3', $4"
	! boot "$n" | grep -q "^KHOTEST: \(dmesg\|journal\) .*KHO: $lost" || fail "boot $n: says 'KHO: $lost' after a handover"
}
# no_line N: boot N has no "exec from" line and sysfs reads as a cold
# boot; a cold boot (a new QEMU run) says nothing of a kexec either.
no_line() {
	local n=$1
	! boot "$n" | grep -q '^KHOTEST: \(dmesg\|journal\) .*KHO: exec from' || fail "boot $n: an 'exec from' line"
	boot "$n" | grep -qx "KHOTEST: sysfs previous_release '' kexec_count 0" ||
		fail "boot $n: sysfs does not read as a cold boot"
	[ "$(field "$n" 1)" = "$(field $((n - 1)) 1)" ] ||
		! boot "$n" | grep -q "^KHOTEST: \(dmesg\|journal\) .*KHO: $lost" || fail "boot $n, a cold boot, says 'KHO: $lost'"
}
# lost_line N: boot N, kexec'd without a handover, says so once in dmesg
# and once in the journal (x86: the boot protocol's loader type is 0xd0,
# kexec's).
lost_line() {
	local n=$1 d j
	d=$(boot "$n" | grep -c "^KHOTEST: dmesg .*KHO: $lost\$" || true)
	j=$(boot "$n" | grep -c "^KHOTEST: journal KHO: $lost\$" || true)
	[ "$d" = 1 ] && [ "$j" = 1 ] || fail "boot $n: 'KHO: $lost' $d times in dmesg and $j in the journal, want once each"
	boot "$n" | grep -qx "KHOTEST: bootloader_type 208" || fail "boot $n: the loader type is not kexec's"
}
# same_run N: boot N happened in the same QEMU run as boot N-1 (a kexec);
# new_run N: in the next (a cold reboot).
same_run() { [ "$(field "$1" 1)" = "$(field $(($1 - 1)) 1)" ] || fail "boot $1 is a cold boot, want a kexec"; }
new_run() { [ "$(field "$1" 1)" = $(($(field $(($1 - 1)) 1) + 1)) ] || fail "boot $1 is not a cold boot"; }
rel() { field "$1" 2; }

s_systemctl_kexec() {
	boot 1 | grep -q "^KHOTEST: action kexec -s -l .*: exit 0, kexec_loaded 1" || fail "boot 1: kexec -s -l failed"
	same_run 2
	has_line 2 "exec from: $(rel 1) (count 1)" "$(rel 1)" 1
	echo "# boot 2 ($(rel 2)): KHO: exec from: $(rel 1) (count 1), in dmesg, the journal and sysfs"
}

s_reboot() {
	same_run 3
	has_line 3 "exec from: $(rel 2) (count 2)" "$(rel 2)" 2
	echo "# boot 3 ($(rel 3)): KHO: exec from: $(rel 2) (count 2), in dmesg, the journal and sysfs"
}

noload_systemctl_kexec() {
	boot 1 | grep -q "^KHOTEST: action systemctl kexec: exit [1-9].*No kexec kernel loaded and autodetection failed" ||
		fail "boot 1: systemctl kexec with nothing loaded did not fail as expected: $(boot 1 | grep 'action systemctl kexec')"
	boot 1 | grep -q "^KHOTEST: still up after systemctl kexec" || fail "boot 1 did not stay up"
	echo "# $(boot 1 | grep -o "action systemctl kexec: .*")"
}

bls_systemctl_kexec() {
	same_run 4
	no_line 4
	lost_line 4
	echo "# boot 4 ($(rel 4)) kexec'd by systemd's own kexec_load(): count 0, 'KHO: $lost'"
}

s_systemctl_reboot() {
	new_run 5
	no_line 5
	echo "# boot 5: a cold boot, no line, count 0"
}

# Debian's LOAD_KEXEC=true: kexec-load loads /vmlinuz with kexec -l at
# the reboot's stop (kexec_loaded 1 after it), and still the reboot is
# a cold one: systemd chose it before.
loadkexec_reboot() {
	boot 5 | grep -q "^KHOTEST: action LOAD_KEXEC=true KERNEL_IMAGE=/vmlinuz -> boot/vmlinuz-" ||
		fail "boot 5: LOAD_KEXEC or /vmlinuz not set"
	boot 5 | grep -q "^KHOTEST: kexec-load stopped: kexec_loaded 1" ||
		fail "boot 5: kexec-load did not leave a kernel loaded: $(boot 5 | grep 'kexec-load stopped')"
	new_run 6
	no_line 6
	echo "# boot 6: kexec-load had loaded /vmlinuz, yet a cold boot, no line, count 0"
}

# The textfile of each boot: promtool check metrics, then node_exporter
# 1.5.0's textfile collector (on the host, only that collector, a port
# of its own on 127.0.0.1) serves it without a scrape error, and
# prometheus_client reads kho_kexecs back as sysfs's count.
metrics() {
	local n count tf port pid out
	tf=$dir/textfile
	for n in $(seq 1 "$(grep -c '^KHOTEST: boot ' "$all")"); do
		rm -rf "$tf"
		mkdir -p "$tf"
		boot "$n" | sed -n '/^KHOTEST: prom end$/d; s/^KHOTEST: prom //p' >"$tf/kho.prom"
		[ -s "$tf/kho.prom" ] || fail "boot $n: no textfile"
		out=$("$PROMTOOL" check metrics <"$tf/kho.prom" 2>&1) || fail "boot $n: promtool: $out"
		[ -z "$out" ] || fail "boot $n: promtool: $out"
		port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		timeout 60 "$exporter" --collector.disable-defaults --collector.textfile \
			--collector.textfile.directory="$tf" --web.listen-address="127.0.0.1:$port" \
			>"$dir/node_exporter.log" 2>&1 &
		pid=$!
		count=$(boot "$n" | sed -n "s/^KHOTEST: sysfs previous_release '.*' kexec_count \([0-9]*\)$/\1/p")
		out=$(/usr/bin/python3 - "$port" "$count" 2>&1 <<'EOF'
import sys, time, urllib.request
from prometheus_client.parser import text_string_to_metric_families
port, count = sys.argv[1], float(sys.argv[2])
for _ in range(50):
    try:
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("node_exporter did not answer")
s = {x.name: x.value for f in text_string_to_metric_families(text) for x in f.samples}
if s.get("node_textfile_scrape_error") != 0:
    sys.exit(f"node_textfile_scrape_error {s.get('node_textfile_scrape_error')}")
if s.get("kho_kexecs") != count:
    sys.exit(f"kho_kexecs {s.get('kho_kexecs')}, want {count}")
print(f"served, kho_kexecs {count:g}")
EOF
		) || { kill "$pid" 2>/dev/null; fail "boot $n: $out"; }
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null || true
		echo "# boot $n: textfile: promtool clean; node_exporter $out"
	done
}

sub s-systemctl-kexec s_systemctl_kexec
if [ "$QUEUE" = 7.2 ] || [ -n "${KHO_DEBIAN_ALL:-}" ]; then
	sub s-reboot s_reboot
	sub noload-systemctl-kexec noload_systemctl_kexec
	sub bls-systemctl-kexec bls_systemctl_kexec
	sub s-systemctl-reboot s_systemctl_reboot
	sub loadkexec-reboot loadkexec_reboot
fi
sub metrics metrics
sub_done
