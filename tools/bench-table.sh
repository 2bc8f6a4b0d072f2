#!/bin/sh
# bench-table.sh: the whole run against its own ingest, measured side by side, as the README's
# "Performance" table.
#
# usage: tools/bench-table.sh [BUILD_DIR] [ROWS] [WORKLOADS...]  (defaults: build 1000000 50 200 1000)
#
# For each number of workloads, tools/bench-run.sh prepares the organisation (and the CUR file,
# once) in $BENCH_DIR (default /tmp/finops-bench-run) and times one run under /usr/bin/time -v
# (peak memory). Then hyperfine (RUNS runs each, default 3, one warm-up) times, in one session,
# the anchor `finops scan` of the same file, `finops run` with the default number of render
# processes (one per processor) and `finops run --jobs 1`. Prints one Markdown row per number of
# workloads: medians of the wall time, the ratio of the run to its scan, the user + system CPU time
# of the run, the number of packs and charts, and the speedup of the render processes; then the
# marginal time per pack between the smallest and the largest organisation.
# Needs hyperfine (Debian package hyperfine).
set -eu
BUILD_DIR=${1:-build}
ROWS=${2:-1000000}
[ $# -gt 2 ] && shift 2 || set -- 50 200 1000
RUNS=${RUNS:-3}
B=${BENCH_DIR:-/tmp/finops-bench-run}
export BENCH_DIR="$B"
FINOPS=$(cd "$(dirname "$BUILD_DIR/finops")" && pwd)/finops
HERE=$(cd "$(dirname "$0")" && pwd)
command -v hyperfine >/dev/null || { echo "bench-table.sh: hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }

median() { # csv command-name column (hyperfine --export-csv: command,mean,stddev,median,user,system,min,max)
  awk -F, -v c="$2" -v k="$3" 'NR > 1 && $1 == c { print $k }' "$1"
}

echo "machine: $(nproc) processors, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
rows=""
for N in "$@"; do
  line=$(sh "$HERE/bench-run.sh" "$BUILD_DIR" "$ROWS" "$N" | tail -1)
  echo "bench-run: $line" >&2
  rss=$(echo "$line" | sed -n 's/.*peak RSS \([0-9]*\) MB.*/\1/p')
  sed "s/^claims_file: claims.yaml/claims_file: claims-$N.yaml/" "$B/finops.yaml" >"$B/finops-$N.yaml"
  cp "$B/claims.yaml" "$B/claims-$N.yaml"
  packs=$(find "$B/out" -name '*.xlsx' -path '*/nodes/*' -exec dirname {} \; | sort -u | wc -l)
  pngs=$(find "$B/out" -name '*.png' | wc -l)
  (cd "$B" && hyperfine -N -r "$RUNS" -w 1 --export-csv "$B/h-$N.csv" \
    -n scan "$FINOPS scan -q cur/cur-$ROWS.csv" \
    -n run "$FINOPS run -q -c finops-$N.yaml --out out-$N" \
    -n run-j1 "$FINOPS run -q -c finops-$N.yaml --out out-$N --jobs 1" >"$B/h-$N.txt" 2>&1) ||
    { cat "$B/h-$N.txt" >&2; exit 1; }
  s=$(median "$B/h-$N.csv" scan 4)
  r=$(median "$B/h-$N.csv" run 4)
  ru=$(median "$B/h-$N.csv" run 5)
  rs=$(median "$B/h-$N.csv" run 6)
  r1=$(median "$B/h-$N.csv" run-j1 4)
  su=$(median "$B/h-$N.csv" scan 5)
  ss=$(median "$B/h-$N.csv" scan 6)
  rows="$rows$N $packs $pngs $s $r $r1 $ru $rs $rss $su $ss
"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| \`run\` $ROWS rows | finops \`run\` (all cores) | anchor: its own \`scan\` | ratio | \`run --jobs 1\` | render speedup | CPU user+sys: run / scan | peak RSS | packs / charts |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s' "$rows" | awk '{ printf "| %d workloads | %.2f s | %.2f s | %.1f× | %.2f s | %.2f× | %.2f s / %.2f s | %d MB | %d / %d |\n",
  $1, $5, $4, $5 / $4, $6, $6 / $5, $7 + $8, $10 + $11, $9, $2, $3 }'
printf '%s' "$rows" | awk 'NR == 1 { p0 = $2; t0 = $5; u0 = $6 } { p1 = $2; t1 = $5; u1 = $6 }
  END { if (p1 > p0) printf "\nmarginal cost per pack (%d -> %d packs): %.1f ms wall with all cores, %.1f ms with --jobs 1\n",
    p0, p1, 1000 * (t1 - t0) / (p1 - p0), 1000 * (u1 - u0) / (p1 - p0) }'
