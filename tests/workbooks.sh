#!/bin/sh
# Every figure a person reads in a workbook ties to summary.json: runs the demo (November, and
# October for the month-over-month figures) and an organisation generated the way
# tools/bench-run.sh does, then checks every workbook with tests/workbooks.py (openpyxl).
# usage: workbooks.sh BUILD_DIR SOURCE_DIR TMP_DIR [ROWS WORKLOADS]
set -u
BUILD=$1
SRC=$2
T=$3
ROWS=${4:-20000}
N=${5:-24}
PY=/usr/bin/python3
"$PY" -c 'import openpyxl, yaml' 2>/dev/null || {
  echo "python3-openpyxl or python3-yaml missing: skipped"
  exit 77
}
rm -rf "$T"
mkdir -p "$T"
FINOPS=$BUILD/finops
DEMO="$SRC/examples/demo/finops.yaml"
"$FINOPS" run -q -c "$DEMO" --out "$T/demo" >"$T/run.txt" 2>&1 || {
  cat "$T/run.txt" >&2
  exit 1
}
"$FINOPS" run -q -c "$DEMO" --period 2026-10 --out "$T/demo" >"$T/run.txt" 2>&1 || {
  cat "$T/run.txt" >&2
  exit 1
}
# a restatement of the demo's November: a late credit and a new claim (changes.csv, "What changed")
cp -r "$SRC/examples/demo" "$T/restate" && rm -rf "$T/restate/out"
"$FINOPS" run -q -c "$T/restate/finops.yaml" >"$T/run.txt" 2>&1 || {
  cat "$T/run.txt" >&2
  exit 1
}
"$PY" - "$T/restate/cur/finops-cur/data/BILLING_PERIOD=2026-11" <<'PYEOF'
import csv, glob, gzip, io, sys
src = sorted(glob.glob(sys.argv[1] + "/*.csv.gz"))[0]
rows = list(csv.reader(io.TextIOWrapper(gzip.open(src), encoding="utf-8")))
ix = {n: i for i, n in enumerate(rows[0])}
r = next(r for r in rows[1:] if r[ix["line_item_product_code"]] == "AmazonBedrock" and r[ix["line_item_iam_principal"]])
r[ix["line_item_line_item_type"]], r[ix["line_item_unblended_cost"]], r[ix["line_item_usage_amount"]] = "Credit", "-100", "0"
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerows([rows[0], r])
with gzip.open(sys.argv[1] + "/finops-cur-00009.csv.gz", "wt", encoding="utf-8") as f:
    f.write(out.getvalue())
PYEOF
"$FINOPS" claim -c "$T/restate/finops.yaml" --workload hr-portal --iam-role \
  arn:aws:iam::284750193846:role/hr-analytics-notebook --from 2026-11-03 --by dana@example.com >"$T/run.txt" 2>&1 &&
  "$FINOPS" run -q -c "$T/restate/finops.yaml" >>"$T/run.txt" 2>&1 || {
  cat "$T/run.txt" >&2
  exit 1
}
[ -f "$T/restate/out/2026-11/changes.csv" ] || {
  echo "the restated run wrote no changes.csv" >&2
  exit 1
}
BENCH_DIR="$T/gen" sh "$SRC/tools/bench-run.sh" "$BUILD" "$ROWS" "$N" >"$T/gen.txt" 2>&1 || {
  cat "$T/gen.txt" >&2
  exit 1
}
"$FINOPS" plugins --plugins "$BUILD/plugins" >"$T/plugins.txt" # the tables templates name
export WORKBOOKS_PLUGINS="$T/plugins.txt"
rc=0
"$PY" "$SRC/tests/workbooks.py" "$SRC/templates" "$T/demo/2026-11" "$T/demo/2026-10" || rc=1
"$PY" "$SRC/tests/workbooks.py" "$SRC/templates" "$T/gen/out/2026-11" || rc=1
"$PY" "$SRC/tests/workbooks.py" "$SRC/templates" "$T/restate/out/2026-11" || rc=1
# the checker notices a role's session count that is not summary.json's
cp -r "$T/demo/2026-11" "$T/tampered"
"$PY" - "$T/tampered/summary.json" <<'PYEOF'
import json, sys
S = json.load(open(sys.argv[1]))
row = next(u for u in S["results"]["attribution.unattributed"] if u.get("sessions"))
row["sessions"] += 1
json.dump(S, open(sys.argv[1], "w"))
PYEOF
if "$PY" "$SRC/tests/workbooks.py" "$SRC/templates" "$T/tampered" >"$T/tampered.txt" 2>&1; then
  echo "FAIL: a changed session count in summary.json went unnoticed" >&2
  rc=1
elif ! grep -q '\[sessions\]' "$T/tampered.txt"; then
  echo "FAIL: a changed session count was not reported as such: $(head -5 "$T/tampered.txt")" >&2
  rc=1
fi
exit $rc
