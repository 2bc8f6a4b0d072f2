#!/bin/sh
# Every figure a person reads in a chart ties to summary.json: runs the demo and an organisation
# generated the way tools/bench-run.sh does (40 workloads: folded "Other" bars and groups, and more
# rows than a bar chart keeps, so that a folded row's slot lies under the Unclaimed bar) with
# FINOPS_CHART_TEXT=1, then checks every chart of every pack with tests/chart_ties.py. The checker
# must also fail on a tampered copy of summary.json (a bar's figure, a node's score, a figure only
# an "Other" bar sums, a reference line's source) and on a chart text that shows a wrong figure.
# usage: chart_ties.sh BUILD_DIR SOURCE_DIR TMP_DIR [ROWS WORKLOADS]
set -u
BUILD=$1
SRC=$2
T=$3
ROWS=${4:-20000}
N=${5:-40}
PY=/usr/bin/python3
rm -rf "$T"
mkdir -p "$T"
FINOPS=$BUILD/finops
export FINOPS_CHART_TEXT=1
"$FINOPS" run -q -c "$SRC/examples/demo/finops.yaml" --out "$T/demo" >"$T/run.txt" 2>&1 || {
  cat "$T/run.txt" >&2
  exit 1
}
BENCH_DIR="$T/gen" sh "$SRC/tools/bench-run.sh" "$BUILD" "$ROWS" "$N" >"$T/gen.txt" 2>&1 || {
  cat "$T/gen.txt" >&2
  exit 1
}
rc=0
"$PY" "$SRC/tests/chart_ties.py" "$SRC" "$T/demo/2026-11" || rc=1
"$PY" "$SRC/tests/chart_ties.py" "$SRC" "$T/gen/out/2026-11" || rc=1

# a checker that cannot fail proves nothing: tampered copies of summary.json, one figure each
tamper() { # RUN_DIR NAME PYTHON-EXPRESSION-ON-s
  "$PY" - "$1/summary.json" "$T/$2.json" "$3" <<'PYEOF'
import json, sys
s = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(s, open(sys.argv[2], "w"))
PYEOF
  if "$PY" "$SRC/tests/chart_ties.py" "$SRC" "$1" "$T/$2.json" >"$T/$2.txt" 2>&1; then
    echo "FAIL: the checker passed a summary.json with a tampered figure ($2)" >&2
    rc=1
  elif ! grep -q "^FAIL: .*summary.json gives" "$T/$2.txt"; then
    echo "FAIL: tampered $2: not caught as a figure that does not tie:" >&2
    cat "$T/$2.txt" >&2
    rc=1
  fi
}
D=$T/demo/2026-11
G=$T/gen/out/2026-11
# a bar: HR Portal's attributed usage (spend by workload, in the packs above it)
tamper "$D" bar 'next(r for r in s["results"]["attribution.workloads"] if r["workload_id"] == "hr-portal")["usage_usd"] += 7'
# a node figure: a workload's score (report card)
tamper "$D" score 'next(n for n in s["nodes"] if n["workload_id"] == "doc-classifier")["score"] -= 3'
# a token count: one workload's output tokens (token mix, shown in billions)
tamper "$D" tokens 'next(n for n in s["nodes"] if n["workload_id"] == "hr-portal")["tokens"]["output"] += 20000000'
# a reference line: the organisation's estimates (the daily chart's "$1,822/day")
tamper "$D" ref 'next(r for r in s["results"]["tokens.workloads"] if r["workload_id"] == "demo-app")["estimate_usd"] += 300'
# an unapproved model's dollars (the "... of it not approved" mark)
tamper "$D" mark 'next(r for r in s["results"]["policy.violations"] if r["share"] < 1)["usd"] += 20'
# the smallest workload of the generated organisation: only the folded "Other workloads" bar shows it
tamper "$G" other 'min((r for r in s["results"]["attribution.workloads"] if r["usage_usd"] > 0), key=lambda r: r["usage_usd"])["usage_usd"] += 40'

# a chart whose text shows a wrong figure: a copy of the demo's chart text with one bar value changed
mkdir -p "$T/wrong"
cp "$D/summary.json" "$D/manifest.json" "$T/wrong/"
(cd "$D" && find . -name '*.png.txt' | while read -r f; do
  mkdir -p "$T/wrong/$(dirname "$f")" && cp "$f" "$T/wrong/$f"
done)
sed -i 's/^\$14,200$/$14,201/' "$T/wrong/nodes/Enterprise/Enterprise_Applications/charts/spend_by_workload.png.txt"
if "$PY" "$SRC/tests/chart_ties.py" "$SRC" "$T/wrong" >"$T/wrong.txt" 2>&1 ||
  ! grep -q "spend_by_workload.png .*'\$14,201'" "$T/wrong.txt"; then
  echo "FAIL: the checker did not catch a chart showing \$14,201 for \$14,200:" >&2
  cat "$T/wrong.txt" >&2
  rc=1
fi
[ $rc -eq 0 ] && echo "chart ties: the checker fails on 6 tampered figures of summary.json and on a wrong chart figure"
exit $rc
