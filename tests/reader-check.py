#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# The reader subtest of t-chain: on one hop (its lines in FILE), the
# series' reader tools/kho/kexec-chain, run by init as text, as --json and
# as --prometheus, exited 0, its text says what /sys/kernel/kho says (read
# by init on the same hop), its JSON parses and holds the same values, and
# so do its metrics, read by parsers that are not ours: Prometheus'
# own lint (promtool check metrics, in $PROMTOOL) finds nothing to say,
# and the Python prometheus_client's parser reads the values back.
# Usage: reader-check.py FILE HOP   (with Debian's python3, which has
# python3-prometheus-client; or --fixture READER, below)
import json, os, re, subprocess, sys
from prometheus_client.parser import text_string_to_metric_families

def fail(msg):
    print(f"# hop {hop}: {msg}")
    sys.exit(1)

def lint(text):
    if not os.environ.get("PROMTOOL"):
        fail("no PROMTOOL (scripts/debtool.sh prometheus usr/bin/promtool)")
    r = subprocess.run([os.environ["PROMTOOL"], "check", "metrics"],
                       input=text, capture_output=True, text=True)
    if r.returncode != 0 or r.stdout.strip() or r.stderr.strip():
        fail(f"promtool check metrics: exit {r.returncode}: {(r.stdout + r.stderr).strip()}")

def parse(text):
    try:
        return {f.name: f for f in text_string_to_metric_families(text)}
    except Exception as e:
        fail(f"prometheus_client does not parse the metrics: {e}")

def check_metrics(text, count, prev, release, up_ns):
    """The metrics of one boot, read with prometheus_client: exactly these
    three gauges, no timestamp, the values and labels given (prev "": no
    info sample; up_ns 0: no uptime sample)."""
    lint(text)
    fams = parse(text)
    types = {n: f.type for n, f in fams.items()}
    want_types = {"kho_kexecs": "gauge", "kho_previous_kernel_info": "gauge",
                  "kho_previous_kernel_uptime_seconds": "gauge"}
    if types != want_types:
        fail(f"metric families {types}, want {want_types}")
    got = [(x.name, x.labels, x.value, x.timestamp) for f in fams.values() for x in f.samples]
    want = [("kho_kexecs", {}, float(count), None)]
    if prev:
        want.append(("kho_previous_kernel_info",
                     {"previous_release": prev, "release": release}, 1.0, None))
    if up_ns:
        want.append(("kho_previous_kernel_uptime_seconds", {}, up_ns, None))
    def same(g, w):
        if g[:2] != w[:2] or g[3] is not None:
            return False
        if w[0].endswith("_seconds"):
            return round(g[2] * 1e9) == w[2]
        return g[2] == w[2]
    if len(got) != len(want) or not all(same(g, w) for g, w in zip(got, want)):
        fail(f"metrics:\n# got:  {got!r}\n# want: {want!r}")
    return len(got)

# reader-check.py --fixture READER: made-up /sys/kernel/kho trees (--root)
# read by READER --prometheus: a previous release that no kernel hands
# out, with a double quote, a backslash, a newline, a tab, an escape
# sequence and bytes >= 0x80, comes out escaped as the text format
# wants (backslash, double quote, newline), every other byte that is not
# printable ASCII as '?', and prometheus_client reads it back; a cold
# boot gives the count alone; --json with --prometheus is refused.
if sys.argv[1] == "--fixture":
    import tempfile
    hop = "fixture"
    reader = sys.argv[2]
    def run(files, *args):
        with tempfile.TemporaryDirectory() as root:
            for name, body in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
                with open(os.path.join(root, name), "wb") as f:
                    f.write(body)
            return subprocess.run([reader, "--root", root, *args], capture_output=True)
    odd = b'a"b\\c\nd\te\x1b[31m\xc3\xa9'
    r = run({"previous_release": odd + b"\n", "kexec_count": b"7\n",
             "history/0/release": odd + b"\n", "history/0/uptime_ns": b"5000000001\n"},
            "--prometheus")
    if r.returncode != 0:
        fail(f"kexec-chain --prometheus exited {r.returncode}: {r.stderr.decode(errors='replace').strip()}")
    check_metrics(r.stdout.decode(errors="replace"), 7, 'a"b\\c\nd?e?[31m??', os.uname().release, 5000000001)
    r = run({"previous_release": b"\n", "kexec_count": b"0\n"}, "--prometheus")
    if r.returncode != 0:
        fail(f"kexec-chain --prometheus exited {r.returncode} on a cold boot's tree")
    check_metrics(r.stdout.decode(errors="replace"), 0, "", "", 0)
    r = run({"previous_release": b"\n", "kexec_count": b"0\n"}, "--json", "--prometheus")
    if r.returncode != 2 or r.stdout:
        fail(f"kexec-chain --json --prometheus exited {r.returncode}, want 2 and no output")
    print("# made-up trees: escaped, other bytes as '?', read back by prometheus_client, "
          "promtool clean; a cold boot's count alone; --json --prometheus refused")
    sys.exit(0)

lines = open(sys.argv[1]).read().splitlines()
hop = sys.argv[2]

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

banner = next((m.group(1) for l in lines for m in [re.search(r"Linux version (\S+) ", l)] if m), None)
if not banner:
    fail("no Linux version banner")
n = check_metrics("\n".join(block("prometheus")) + "\n", sysfs["kexec_count"],
                  sysfs["previous_release"], banner, hist[0][1] if hist else 0)
print(f"# hop {hop}: metrics match sysfs ({n} samples; promtool check metrics: clean)")
