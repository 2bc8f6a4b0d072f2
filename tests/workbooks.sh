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
BENCH_DIR="$T/gen" sh "$SRC/tools/bench-run.sh" "$BUILD" "$ROWS" "$N" >"$T/gen.txt" 2>&1 || {
  cat "$T/gen.txt" >&2
  exit 1
}
"$FINOPS" plugins --plugins "$BUILD/plugins" >"$T/plugins.txt" # the tables templates name
export WORKBOOKS_PLUGINS="$T/plugins.txt"
rc=0
"$PY" "$SRC/tests/workbooks.py" "$SRC/templates" "$T/demo/2026-11" "$T/demo/2026-10" || rc=1
"$PY" "$SRC/tests/workbooks.py" "$SRC/templates" "$T/gen/out/2026-11" || rc=1
exit $rc
