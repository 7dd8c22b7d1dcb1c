#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# The reader subtest of t-chain: on one hop (its lines in FILE), the
# series' reader tools/kho/kexec-chain, run by init as text and as --json,
# exited 0, its text says what /sys/kernel/kho says (read by init on the
# same hop), and its JSON parses and holds the same values.
# Usage: reader-check.py FILE HOP
import json, re, sys

lines = open(sys.argv[1]).read().splitlines()
hop = sys.argv[2]

def fail(msg):
    print(f"# hop {hop}: {msg}")
    sys.exit(1)

def block(mode):
    try:
        b = lines.index(f"KHOTEST: reader begin {mode}")
        e = next(j for j in range(b, len(lines))
                 if lines[j].startswith(f"KHOTEST: reader end {mode} "))
    except (ValueError, StopIteration):
        fail(f"no reader {mode} output")
    if lines[e].split()[-1] != "0":
        fail(f"reader {mode} exited with status {lines[e].split()[-1]}")
    # Kernel lines (hop() put each on a line of its own) and the empty
    # line left where one interrupted a line of the reader's are not the
    # reader's output.
    return [l for l in lines[b + 1:e] if l and not l.startswith("[")]

sysfs = {}
for l in lines:
    m = re.match(r"KHOTEST: sysfs (\S+) \d+ ?(.*)$", l)
    if m:
        sysfs[m.group(1)] = m.group(2)
if "kexec_count" not in sysfs:
    fail("init read no /sys/kernel/kho")
hist = []
while f"history/{len(hist)}/release" in sysfs:
    n = len(hist)
    hist.append((sysfs[f"history/{n}/release"], int(sysfs[f"history/{n}/uptime_ns"])))

want = [f"previous release: {sysfs['previous_release'] or '(none)'}",
        f"kexec count: {sysfs['kexec_count']}"]
if hist:
    want.append("history (newest first):")
    for n, (rel, ns) in enumerate(hist):
        up = f"uptime {ns // 10**9}.{ns % 10**9:09d} s" if ns else "uptime unknown"
        want.append(f"  {n}  {rel}  {up}")
else:
    want.append("history: none")
text = block("text")
if text != want:
    fail("text output differs from sysfs:\n# got:  %r\n# want: %r" % (text, want))

js = block("json")
if len(js) != 1:
    fail(f"JSON output is {len(js)} lines, want 1")
try:
    doc = json.loads(js[0])
except ValueError as e:
    fail(f"JSON does not parse: {e}")
got = (doc.get("previous_release"), doc.get("kexec_count"),
       [(h.get("release"), h.get("uptime_ns")) for h in doc.get("history", [])])
if got != (sysfs["previous_release"], int(sysfs["kexec_count"]), hist):
    fail(f"JSON {got} differs from sysfs")
print(f"# hop {hop}: text and JSON match sysfs: count {doc['kexec_count']}, "
      f"{len(hist)} history entries")
