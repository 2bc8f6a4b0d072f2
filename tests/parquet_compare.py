"""parquet_compare.py A B: the reports of two runs (folders <out>/<period>) are the same, apart
from the ingest statistics in summary.json ("ingest": what each reader measured) and, following
from it, summary.json's size and digest in manifest.json; likewise the input files listed in
summary.json (results "ledger.inputs") and the lines of reconciliation.csv that are not about the
period's Bedrock rows (other services, other periods, malformed rows, all rows read). Every other
file must be byte-identical (workbooks, charts, CSV files). Prints the ingest fields that differ; exit 1 on any other
difference."""
import json
import os
import sys


def files(root):
    out = []
    for d, _, names in os.walk(root):
        for n in names:
            out.append(os.path.relpath(os.path.join(d, n), root))
    return sorted(out)


a, b = sys.argv[1], sys.argv[2]
# optional: ingest fields that must agree all the same (e.g. bedrock_rows,aws_billed_rows)
must = [k for k in (sys.argv[3].split(",") if len(sys.argv) > 3 else []) if k]
fa, fb = files(a), files(b)
bad = []
if fa != fb:
    bad.append("file lists differ: only in A %s, only in B %s" % (sorted(set(fa) - set(fb)), sorted(set(fb) - set(fa))))

def bedrock_lines(path):
    """reconciliation.csv's Bedrock lines: the rest (rows skipped as other services, malformed rows,
    other periods, all rows read) is what each reader measured, like the ingest statistics."""
    with open(path, "rb") as x:
        return [l for l in x.read().split(b"\n") if l.split(b",")[1:2] in ([b"kind"], [b"bedrock"], [b"bedrock_total"])]


for f in fa:
    if f in ("summary.json", "manifest.json") or f not in fb:
        continue
    if f == "reconciliation.csv":
        if bedrock_lines(os.path.join(a, f)) != bedrock_lines(os.path.join(b, f)):
            bad.append("reconciliation.csv: the Bedrock lines differ")
        continue
    with open(os.path.join(a, f), "rb") as x, open(os.path.join(b, f), "rb") as y:
        if x.read() != y.read():
            bad.append("%s differs" % f)
sa = json.load(open(os.path.join(a, "summary.json")))
sb = json.load(open(os.path.join(b, "summary.json")))
ia, ib = sa.pop("ingest", {}), sb.pop("ingest", {})
# the input files and their sizes differ by definition (CSV and Parquet)
sa.get("results", {}).pop("ledger.inputs", None)
sb.get("results", {}).pop("ledger.inputs", None)
if sa != sb:
    keys = [k for k in set(sa) | set(sb) if sa.get(k) != sb.get(k)]
    bad.append("summary.json differs outside 'ingest': %s" % sorted(keys))
ma = json.load(open(os.path.join(a, "manifest.json")))
mb = json.load(open(os.path.join(b, "manifest.json")))
for m in (ma, mb):
    for e in m.get("files", []):
        if e.get("path") in ("summary.json", "reconciliation.csv"):
            e.pop("sha256", None)
            e.pop("bytes", None)
if ma != mb:
    bad.append("manifest.json differs beyond summary.json's size and digest")
diff = ["%s %s->%s" % (k, ia.get(k), ib.get(k)) for k in sorted(set(ia) | set(ib)) if ia.get(k) != ib.get(k)]
print("  ingest statistics that differ: %s" % (", ".join(diff) if diff else "none"))
for k in must:
    if ia.get(k) != ib.get(k):
        bad.append("ingest.%s differs: %s, %s" % (k, ia.get(k), ib.get(k)))
for m in bad:
    print("  DIFFERENT: " + m)
sys.exit(1 if bad else 0)
