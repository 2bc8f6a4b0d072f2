#!/bin/sh
# e2e.sh: the finops command line end to end: exit codes, messages, outputs, determinism.
# usage: e2e.sh FINOPS_BINARY SOURCE_DIR SCRATCH_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_rc() { # expected-rc description command...
  want=$1; what=$2; shift 2
  "$@" >"$T/out.txt" 2>"$T/err.txt"; got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, want $want"; cat "$T/err.txt" >&2; fi
}
expect_grep() { # file pattern description
  if grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/  | /' "$1" >&2; fi
}

rm -rf "$T" && mkdir -p "$T/cur"

expect_rc 0 "--help" "$FINOPS" --help
expect_grep "$T/out.txt" "  run " "--help lists run"
expect_rc 0 "--version" "$FINOPS" --version
expect_grep "$T/out.txt" "plugin ABI 1\." "--version names the ABI"
expect_rc 2 "no command" "$FINOPS"
expect_rc 2 "unknown command" "$FINOPS" frobnicate
expect_grep "$T/err.txt" "unknown command 'frobnicate'" "unknown command message"
expect_rc 2 "bad --period" "$FINOPS" run --period 2026-13
expect_grep "$T/err.txt" "expected YYYY-MM" "bad period message"
expect_rc 2 "bad --as-of" "$FINOPS" run --as-of yesterday
expect_rc 2 "unknown option" "$FINOPS" run --frob
expect_rc 0 "run --help" "$FINOPS" run --help
expect_rc 2 "missing config" "$FINOPS" run -c "$T/nope.yaml"
expect_grep "$T/err.txt" "nope.yaml" "missing config names the file"

cat >"$T/finops.yaml" <<'YAML'
version: 1
organization: E2E Corp
inputs:
  cur: [cur/]
hierarchy:
  levels: [BU, Workload]
accounts:
  "111122223333": BU1
workloads:
  - id: w1
    name: W1
    parent: BU1
YAML
H=line_item_product_code,line_item_usage_start_date,line_item_usage_account_id,line_item_usage_type,line_item_line_item_type,line_item_usage_amount,line_item_unblended_cost,bill_billing_period_start_date
{
  echo "$H"
  echo "AmazonBedrock,2026-11-03,111122223333,USE1-NovaLite-input-tokens,Usage,1,0.5000000001,2026-11-01"
  echo "AmazonBedrock,2026-11-04,111122223333,USE1-NovaLite-input-tokens,Credit,0,-0.1,2026-11-01"
  echo "AmazonEC2,2026-11-04,111122223333,BoxUsage,Usage,1,5,2026-11-01"
  echo "AmazonBedrock,2026-10-30,111122223333,USE1-NovaLite-input-tokens,Usage,1,7,2026-10-01"
} >"$T/cur/a.csv"
printf '%s\n' "$H" | gzip -n >"$T/cur/empty-00002.csv.gz"

expect_rc 0 "run" "$FINOPS" run -c "$T/finops.yaml" --as-of 2026-11-21 -q
expect_grep "$T/out.txt" "reports written to .*out/2026-11/" "run prints where the reports are"
S="$T/out/2026-11/summary.json"
expect_grep "$S" '"bedrock_usd": 0.4000000001' "period total is exact to the last digit"
expect_grep "$S" '"adjustments_usd": -0.1' "credits are adjustments"
expect_grep "$S" '"as_of": "2026-11-21"' "as-of honoured"
expect_grep "$S" '"skipped_rows": 1' "other services counted as skipped"
expect_grep "$S" '"empty_files": 1' "empty chunk counted"
if grep -q "ingest:" "$T/err.txt"; then bad "progress printed into a pipe"; else ok; fi
# the manifest's hashes are those of the files
(cd "$T/out/2026-11" && sha256sum summary.json) | cut -d' ' -f1 >"$T/sha.txt"
expect_grep "$T/out/2026-11/manifest.json" "$(cat "$T/sha.txt")" "manifest sha256 matches the file"
# same input, same --as-of: byte-identical
cp -r "$T/out/2026-11" "$T/first"
expect_rc 0 "rerun" "$FINOPS" run -c "$T/finops.yaml" --as-of 2026-11-21 -q
if diff -r "$T/first" "$T/out/2026-11" >/dev/null; then ok; else bad "rerun output differs"; fi
if ls -a "$T/out" | grep -q '^\.tmp'; then bad "temporary folder left behind"; else ok; fi
# another period on request
expect_rc 0 "run --period" "$FINOPS" run -c "$T/finops.yaml" --period 2026-10 -q
expect_grep "$T/out/2026-10/summary.json" '"bedrock_usd": 7' "October total"
expect_grep "$T/out/2026-10/summary.json" '"as_of": "2026-10-31"' "default as-of is the day after the last usage day"

# input errors: exit 2 with file:line:col, and the published reports stay as they were
printf 'line_item_usage_type,line_item_unblended_cost\nx,1\n' >"$T/cur/b.csv"
expect_rc 2 "missing column" "$FINOPS" run -c "$T/finops.yaml" --as-of 2026-11-21
expect_grep "$T/err.txt" "b.csv:1:1: error: missing required column 'line_item_product_code'" "missing column message"
if diff -r "$T/first" "$T/out/2026-11" >/dev/null; then ok; else bad "failed run changed the published reports"; fi
rm "$T/cur/b.csv"
printf '%s\nAmazonBedrock,2026-11-0x,111122223333,U,Usage,1,1,2026-11-01\n' "$H" >"$T/cur/c.csv"
expect_rc 2 "check with a malformed row" "$FINOPS" check -c "$T/finops.yaml"
expect_grep "$T/err.txt" "c.csv:2:15: error: malformed row: line_item_usage_start_date" "malformed row position"
rm "$T/cur/c.csv"
expect_rc 0 "check clean" "$FINOPS" check -c "$T/finops.yaml"

# config errors: all of them, with positions, exit 2
cat >"$T/bad.yaml" <<'YAML'
version: 2
inputs:
  cur: [cur/]
hierarchy:
  levels: [BU, Workload]
workloads:
  - id: W1
    name: W1
    parent: BU1
    colour: blue
YAML
expect_rc 2 "check bad config" "$FINOPS" check -c "$T/bad.yaml"
expect_grep "$T/err.txt" "bad.yaml:1:10: error" "version error position"
expect_grep "$T/err.txt" "bad.yaml:7:9: error" "workload id error position"
expect_grep "$T/err.txt" "bad.yaml:10:5: error" "unknown key position"
expect_rc 2 "run bad config" "$FINOPS" run -c "$T/bad.yaml"

# the demo
if [ -f "$SRC/examples/demo/finops.yaml" ]; then
  expect_rc 0 "check demo" "$FINOPS" check -c "$SRC/examples/demo/finops.yaml"
  expect_rc 0 "run demo" "$FINOPS" run -c "$SRC/examples/demo/finops.yaml" --out "$T/demo-out" -q
  expect_grep "$T/out.txt" "demo-out/2026-11/" "demo run prints where the reports are"
  expect_grep "$T/demo-out/2026-11/summary.json" '"marketplace_rows": [1-9]' "demo has Marketplace rows"
  expect_grep "$T/demo-out/2026-11/summary.json" '"malformed_rows": 0' "demo has no malformed rows"
fi

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
