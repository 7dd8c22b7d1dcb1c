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
import json, math, os, re, subprocess, sys
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

# reader-check.py --fixture READER: releases no kernel hands out, read
# from a made-up /sys/kernel/kho (--root), come out of --prometheus as
# the text format wants them (backslash, double quote and newline
# escaped, other control bytes as '?'), which prometheus_client reads
# back; an uptime of 0 (unknown) is NaN.
if sys.argv[1] == "--fixture":
    import tempfile
    hop = "fixture"
    files = {"previous_release": 'a"b\\c\n', "kexec_count": "7\n",
             "history/0/release": 'a"b\\c\n', "history/0/uptime_ns": "5000000001\n",
             "history/1/release": "x\ny\n", "history/1/uptime_ns": "0\n",
             "history/2/release": "\x1b[31mred\n", "history/2/uptime_ns": "1\n"}
    with tempfile.TemporaryDirectory() as root:
        for name, body in files.items():
            os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
            with open(os.path.join(root, name), "w") as f:
                f.write(body)
        r = subprocess.run([sys.argv[2], "--root", root, "--prometheus"],
                           capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"kexec-chain --prometheus exited {r.returncode}: {r.stderr.strip()}")
    lint(r.stdout)
    fams = parse(r.stdout)
    got = [(s.name, s.labels, s.value) for f in fams.values() for s in f.samples]
    want = [("kho_kexecs_total", {}, 7.0),
            ("kho_previous_kernel_info", {"release": 'a"b\\c'}, 1.0),
            ("kho_history_uptime_seconds", {"position": "0", "release": 'a"b\\c'}, 5.000000001),
            ("kho_history_uptime_seconds", {"position": "1", "release": "x\ny"}, math.nan),
            ("kho_history_uptime_seconds", {"position": "2", "release": "?[31mred"}, 1e-9)]
    if len(got) != len(want) or any(
            g[:2] != w[:2] or not (g[2] == w[2] or (math.isnan(g[2]) and math.isnan(w[2])))
            for g, w in zip(got, want)):
        fail(f"metrics of the made-up root:\n# got:  {got!r}\n# want: {want!r}")
    print("# made-up releases: escaped, control bytes as '?', read back by prometheus_client; "
          "promtool check metrics: clean")
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

prom = "\n".join(block("prometheus")) + "\n"
lint(prom)
fams = parse(prom)
def samples(name):
    return [s for s in fams[name].samples] if name in fams else []
got_count = [s.value for s in samples("kho_kexecs")]
got_prev = [(s.labels, s.value) for s in samples("kho_previous_kernel_info")]
got_hist = [(s.labels, s.value) for s in samples("kho_history_uptime_seconds")]
want_prev = [({"release": sysfs["previous_release"]}, 1.0)] if sysfs["previous_release"] else []
want_hist = [({"position": str(n), "release": rel}, ns / 1e9 if ns else math.nan)
             for n, (rel, ns) in enumerate(hist)]
def same(a, b):
    return len(a) == len(b) and all(
        la == lb and (va == vb or (math.isnan(va) and math.isnan(vb)) or abs(va - vb) < 1e-9)
        for (la, va), (lb, vb) in zip(a, b))
if (fams.get("kho_kexecs") is None or fams["kho_kexecs"].type != "counter" or
        got_count != [float(sysfs["kexec_count"])]):
    fail(f"metrics: kho_kexecs_total {got_count}, want the counter at {sysfs['kexec_count']}")
if not same(got_prev, want_prev):
    fail(f"metrics: kho_previous_kernel_info {got_prev}, want {want_prev}")
if not same(got_hist, want_hist):
    fail(f"metrics: kho_history_uptime_seconds {got_hist}, want {want_hist}")
print(f"# hop {hop}: metrics match sysfs (promtool check metrics: clean; "
      f"prometheus_client: {len(got_hist)} history samples)")
