#!/bin/sh
# bench-memory.sh: peak resident memory of `finops run` as the rows grow, for a fixed organisation
# (two workloads, no claims) and the generator's fixed set of roles: /usr/bin/time -v around each
# run, one line per size with the rows, the fact table's size and the peak RSS.
#
# usage: tools/bench-memory.sh [BUILD_DIR] [MILLIONS...]      (defaults: build 1 5 10 20)
#
# Inputs are made once under $BENCH_DIR (default /tmp/finops-bench-memory) as plain CSV files of up
# to 10M rows each, of one organisation (--org-seed 1) with row seeds 1, 2, ...: N million rows are
# the first files (cur-10M-s1.csv, cur-10M-s2o1.csv, ...) and, for a remainder, cur-RM-sS.csv. About 0.72 GB of disk per million rows. FACTS=1 also counts the
# fact table's keys (a second read of the inputs with `finops scan`).
#
# SHAPES=K generates the inputs with `fc-curgen bench --shapes K`: a fixed organisation whose rows
# grow by sessions, hours and token counts, not by keys (each day's Bedrock rows repeat the same K
# key shapes). Without it every Bedrock row draws its key afresh, so the fact table keeps growing
# with the rows (about half the Bedrock rows are new keys at 20M rows).
#
# ORG=finops.yaml runs that organisation instead of the two-workload one: its `  cur: [...]` line is
# replaced by the inputs and its claims_file is copied beside it (e.g. ORG=/tmp/bt/finops-200.yaml,
# the 200-workload organisation with 600 claims that tools/bench-run.sh makes).
set -eu
BUILD_DIR=${1:-build}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- 1 5 10 20
B=${BENCH_DIR:-/tmp/finops-bench-memory}
FINOPS=$BUILD_DIR/finops
CURGEN=$BUILD_DIR/tools/fc-curgen
for tool in "$FINOPS" "$CURGEN" /usr/bin/time; do
  [ -x "$tool" ] || { echo "bench-memory: $tool not found" >&2; exit 2; }
done
mkdir -p "$B"
B=$(cd "$B" && pwd)
SHAPES=${SHAPES:-}
K=${SHAPES:+-k$SHAPES}
name() { # millions seed: the input file of that size and seed
  o=
  [ "$2" -gt 1 ] && o=o1
  echo "$B/cur-$1M-s$2$o$K.csv"
}
gen() { # file rows seed
  [ -s "$1" ] && return 0
  "$CURGEN" bench --rows "$2" --seed "$3" --org-seed 1 ${SHAPES:+--shapes "$SHAPES"} "$1.tmp" 2>/dev/null
  mv "$1.tmp" "$1"
}
printf '%-8s %10s %10s %9s %12s\n' millions rows facts wall_s peak_RSS_MB
for m in "$@"; do
  files=""
  left=$m
  seed=1
  while [ "$left" -ge 10 ]; do
    f=$(name 10 "$seed")
    gen "$f" 10000000 "$seed"
    files="$files${files:+, }$f"
    left=$((left - 10))
    seed=$((seed + 1))
  done
  if [ "$left" -gt 0 ]; then
    f=$(name "$left" "$seed")
    gen "$f" $((left * 1000000)) "$seed"
    files="$files${files:+, }$f"
  fi
  d=$B/run-$m$K${ORG:+-org}
  mkdir -p "$d"
  if [ -n "${ORG:-}" ]; then
    sed "s#^  cur: \[.*\]\$#  cur: [$files]#" "$ORG" >"$d/finops.yaml"
    claims=$(sed -n 's/^claims_file: *//p' "$ORG")
    [ -z "$claims" ] || cp "$(dirname "$ORG")/$claims" "$d/$claims"
  else
    cat >"$d/finops.yaml" <<YAML
version: 1
organization: Benchmark
inputs:
  cur: [$files]
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
    : >"$d/claims.yaml"
  fi
  rm -rf "$d/out"
  /usr/bin/time -v -o "$d/time.txt" "$FINOPS" run -q -c "$d/finops.yaml" >"$d/run.txt" 2>&1 ||
    { echo "bench-memory: finops run failed:" >&2; cat "$d/run.txt" >&2; exit 1; }
  rows=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ingest"]["rows"])' \
    "$d/out/2026-11/summary.json")
  facts=-
  if [ "${FACTS:-0}" = 1 ]; then # the fact table's size, by a second read (finops scan)
    facts=$("$FINOPS" scan $(echo "$files" | tr ',' ' ') 2>/dev/null | awk '$1 == "facts" { print $2 }')
  fi
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$d/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$d/time.txt")
  printf '%-8s %10s %10s %9s %12s\n' "$m" "${rows:-?}" "${facts:-?}" "$wall" "$rss"
done
