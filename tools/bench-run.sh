#!/bin/sh
# bench-run.sh: times a whole `finops run` (ingest, every plugin, summary, CSV files, workbooks,
# charts and packs) for a large organisation on generated CUR data.
#
# usage: tools/bench-run.sh [BUILD_DIR] [ROWS] [WORKLOADS]     (defaults: build 1000000 200)
#
# Generates ROWS of CUR with fc-curgen (about 10% Bedrock), then an organisation of WORKLOADS
# workloads in 3 business units, 10 portfolios and 20 departments, one product owner per
# workload, a portfolio manager per portfolio, a cloud engineer per department and a FinOps
# leader over everything, and claims for 600 of the principals found in the data. Runs
# `finops run` under /usr/bin/time -v and prints wall time, peak memory, files and bytes.
# Files go to $BENCH_DIR (default /tmp/finops-bench-run).
set -eu
BUILD_DIR=${1:-build}
ROWS=${2:-1000000}
N=${3:-200}
B=${BENCH_DIR:-/tmp/finops-bench-run}
FINOPS=$BUILD_DIR/finops
mkdir -p "$B/cur"
[ -s "$B/cur/cur-$ROWS.csv" ] || "$BUILD_DIR/tools/fc-curgen" bench --rows "$ROWS" "$B/cur/cur-$ROWS.csv"
rm -f "$B"/cur/cur-*.csv.tmp

org() { # claims-file
  cat <<YAML
version: 1
organization: Bench Corp
inputs:
  cur: [cur/cur-$ROWS.csv]
hierarchy:
  levels: [Business Unit, Portfolio, Department, Workload]
claims_file: $1
output:
  dir: out
workloads:
YAML
  awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
    printf "  - {id: w%d, name: App %d, parent: BU%d/Portfolio%d/Dept%d, map_eligible: %s, estimate: {monthly_usd: %d}}\n",
      i, i, i % 3, i % 10, i % 20, (i % 2 ? "true" : "false"), 1000 + 10 * i }'
  echo "people:"
  echo '  - {email: lead@example.com, name: Lead, role: finops_leader, scope: ["*"]}'
  awk -v n="$N" 'BEGIN {
    for (p = 0; p < 10; p++)
      printf "  - {email: pm%d@example.com, name: PM %d, role: portfolio_manager, scope: [BU%d/Portfolio%d]}\n", p, p, p % 3, p
    for (d = 0; d < 20; d++)
      printf "  - {email: ce%d@example.com, name: CE %d, role: cloud_engineer, scope: [BU%d/Portfolio%d/Dept%d]}\n", d, d, d % 3, d % 10, d
    for (i = 0; i < n; i++)
      printf "  - {email: po%d@example.com, name: PO %d, role: product_owner, scope: [BU%d/Portfolio%d/Dept%d/App %d]}\n", i, i, i % 3, i % 10, i % 20, i }'
}

# A first run without claims lists the principals to claim.
: >"$B/none.yaml"
org none.yaml >"$B/finops.yaml"
"$FINOPS" run -q -c "$B/finops.yaml" --out "$B/out0" >/dev/null
awk -F, -v n="$N" 'NR > 1 && ($5 == "iam_role" || $5 == "iam_user") && !seen[$6]++ && k < 600 {
    printf "- workload: w%d\n  %s: %s\n  from: 2026-11-%02d\n", k % n, $5, $6, 1 + k % 10; k++ }' \
  "$B/out0/2026-11/unattributed.csv" >"$B/claims.yaml"
org claims.yaml >"$B/finops.yaml"
rm -rf "$B/out"
/usr/bin/time -v "$FINOPS" run -q -c "$B/finops.yaml" --out "$B/out" >/dev/null 2>"$B/time.txt"
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$B/time.txt")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$B/time.txt")
files=$(find "$B/out" -type f | wc -l)
books=$(find "$B/out" -name '*.xlsx' | wc -l)
bytes=$(du -sb "$B/out" | cut -f1)
echo "rows $ROWS, workloads $N, claims $(grep -c '^- workload' "$B/claims.yaml"): wall $wall, peak RSS $((rss / 1024)) MB, $files files ($books workbooks), $((bytes / 1048576)) MB"
