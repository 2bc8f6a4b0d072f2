#!/bin/sh
# bench-duckdb.sh: the same generated CUR export through the three readers of `finops run`:
# the native CSV scanner, embedded DuckDB over the CSV (inputs.engine: duckdb) and embedded
# DuckDB over the export converted to Parquet (CUR 2.0 schema), each timed with /usr/bin/time -v;
# and the size of the query's result (rows = distinct keys of the dimensions the plugins read).
#
# usage: tools/bench-duckdb.sh [BUILD_DIR] [ROWS...]       (defaults: build 1000000)
#
# Inputs are made once under $BENCH_DIR (default /tmp/finops-bench): cur-ROWS.csv.gz (as
# tools/bench-ingest.sh makes it) and pq-ROWS/ (its Parquet conversion). Needs a build with DuckDB.
set -eu
BUILD_DIR=build
if [ $# -gt 0 ]; then
  case "$1" in
  -h | --help)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *[!0-9]* | "")
    BUILD_DIR=$1
    shift
    ;;
  esac
fi
[ $# -gt 0 ] || set -- 1000000
BENCH_DIR=${BENCH_DIR:-/tmp/finops-bench}
HERE=$(cd "$(dirname "$0")" && pwd)
FINOPS=$BUILD_DIR/finops
CURGEN=$BUILD_DIR/tools/fc-curgen
DUCK=$BUILD_DIR/tools/fc-duckdb
for tool in "$FINOPS" "$CURGEN" "$DUCK" /usr/bin/time; do
  [ -x "$tool" ] || { echo "bench-duckdb: $tool not found (build with DuckDB: tools/fetch-duckdb.sh)" >&2; exit 2; }
done
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

config() { # dir input engine
  mkdir -p "$1"
  cat >"$1/finops.yaml" <<YAML
version: 1
organization: Benchmark
inputs:
  cur: [$2]
  engine: $3
period: 2026-11
as_of: 2026-12-01
hierarchy:
  levels: [Division, Workload]
workloads:
  - {id: w0, name: Zero, parent: North}
  - {id: w1, name: One, parent: South}
output:
  dir: out
YAML
  : >"$1/claims.yaml"
}

printf '%-10s %-22s %10s %9s %12s %13s\n' rows reader input_MB wall_s peak_RSS_MB result_rows
for rows in "$@"; do
  gz=$BENCH_DIR/cur-$rows.csv.gz
  if [ ! -s "$gz" ]; then
    "$CURGEN" bench --rows "$rows" --seed 1 "$BENCH_DIR/.tmp-cur-$rows.csv.gz" 2>/dev/null
    mv "$BENCH_DIR/.tmp-cur-$rows.csv.gz" "$gz"
  fi
  pq=$BENCH_DIR/pq-$rows
  if [ ! -s "$pq/cur-$rows.snappy.parquet" ]; then
    rm -rf "$pq" "$BENCH_DIR/.src-$rows" && mkdir -p "$BENCH_DIR/.src-$rows"
    ln -s "$gz" "$BENCH_DIR/.src-$rows/cur-$rows.csv.gz"
    sh "$HERE/cur-to-parquet.sh" "$DUCK" "$BENCH_DIR/.src-$rows" "$pq"
    rm -rf "$BENCH_DIR/.src-$rows"
  fi
  # the result's size: rows of the query (distinct keys), counted by DuckDB over the Parquet
  config "$BENCH_DIR/run-$rows-parquet" "$pq/" duckdb
  q=$("$FINOPS" sql -c "$BENCH_DIR/run-$rows-parquet/finops.yaml" --dialect duckdb)
  result=$("$DUCK" -c "SELECT count(*) AS n FROM ($q)" | tail -1)
  for reader in native:"$gz":native duckdb-csv:"$gz":duckdb duckdb-parquet:"$pq/":duckdb; do
    name=${reader%%:*}
    rest=${reader#*:}
    input=${rest%:*}
    engine=${rest##*:}
    dir=$BENCH_DIR/run-$rows-$name
    config "$dir" "$input" "$engine"
    tv=$dir/time.txt
    if ! /usr/bin/time -v -o "$tv" "$FINOPS" run -q -c "$dir/finops.yaml" >"$dir/run.txt" 2>&1; then
      echo "bench-duckdb: finops run ($name) failed:" >&2
      cat "$dir/run.txt" >&2
      exit 1
    fi
    size=$(du -sLm "$input" | cut -f1)
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tv")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tv")
    printf '%-10s %-22s %10s %9s %12s %13s\n' "$rows" "$name" "$size" "$wall" "$rss" "$result"
  done
  # the three runs' reports must agree (only the ingest statistics differ)
  for other in duckdb-csv duckdb-parquet; do
    /usr/bin/python3 "$HERE/../tests/parquet_compare.py" "$BENCH_DIR/run-$rows-native/out/2026-11" \
      "$BENCH_DIR/run-$rows-$other/out/2026-11" >/dev/null ||
      { echo "bench-duckdb: $other's reports differ from the native run's" >&2; exit 1; }
  done
done
