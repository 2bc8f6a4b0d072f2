#!/bin/sh
# bench-ingest.sh: times `finops scan` on generated CUR exports of a given number of rows.
#
# usage: tools/bench-ingest.sh [BUILD_DIR] [ROWS...]        (defaults: build 1000000 10000000)
#
# For each ROWS, makes $BENCH_DIR/cur-ROWS.csv.gz and $BENCH_DIR/cur-ROWS.csv with
# BUILD_DIR/tools/fc-curgen (once: existing files are reused; BENCH_DIR defaults to
# /tmp/finops-bench), then runs `BUILD_DIR/finops scan FILE` under /usr/bin/time -v and prints
# one line per file: size, rows, wall time, throughput and peak resident memory.
# Disk: about 0.75 GB of CSV plus 0.14 GB gzip per million rows.
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
[ $# -gt 0 ] || set -- 1000000 10000000
BENCH_DIR=${BENCH_DIR:-/tmp/finops-bench}

CURGEN=$BUILD_DIR/tools/fc-curgen
FINOPS=$BUILD_DIR/finops
TIME=/usr/bin/time
for tool in "$CURGEN" "$FINOPS"; do
  if [ ! -x "$tool" ]; then
    echo "bench-ingest: $tool not found: build first (cmake -S . -B $BUILD_DIR && cmake --build $BUILD_DIR)" >&2
    exit 2
  fi
done
if [ ! -x "$TIME" ]; then
  echo "bench-ingest: $TIME not found (Debian package: time)" >&2
  exit 2
fi
for rows in "$@"; do
  case "$rows" in
  "" | *[!0-9]*)
    echo "bench-ingest: ROWS must be a number: $rows" >&2
    exit 2
    ;;
  esac
done
mkdir -p "$BENCH_DIR"

# now_ns: wall clock in nanoseconds (GNU date).
now_ns() { date +%s%N; }

# Generate the inputs once; a half-written file never gets the final name.
for rows in "$@"; do
  for ext in csv.gz csv; do
    f=$BENCH_DIR/cur-$rows.$ext
    [ -s "$f" ] && continue
    tmp=$BENCH_DIR/.tmp-cur-$rows.$ext
    t0=$(now_ns)
    "$CURGEN" bench --rows "$rows" --seed 1 "$tmp" 2>/dev/null
    t1=$(now_ns)
    mv "$tmp" "$f"
    awk -v b="$(wc -c <"$f")" -v ns=$((t1 - t0)) -v f="$f" -v r="$rows" 'BEGIN {
      s = ns / 1e9; if (s <= 0) s = 1e-9
      printf "generated %s: %.1f MB in %.2f s (%.0f MB/s written, %.0f rows/s)\n", f, b / 1e6, s, b / 1e6 / s, r / s
    }' >&2
  done
done

# MB/s is file bytes (compressed for .gz) per wall second; csv_MB/s counts the decompressed CSV.
printf '%-24s %10s %10s %9s %9s %10s %12s %12s\n' file size_MB rows wall_s MB/s csv_MB/s rows/s peak_RSS_MB
for rows in "$@"; do
  for ext in csv.gz csv; do
    f=$BENCH_DIR/cur-$rows.$ext
    out=$BENCH_DIR/.scan.out
    tv=$BENCH_DIR/.time.out
    if ! "$TIME" -v -o "$tv" "$FINOPS" scan "$f" >"$out" 2>&1; then
      echo "bench-ingest: finops scan $f failed:" >&2
      cat "$out" >&2
      exit 1
    fi
    bytes=$(wc -c <"$f")
    nrows=$(awk '$1 == "rows" { print $2; exit }' "$out")
    csvb=$(awk '$1 == "csv_bytes" { print $2; exit }' "$out")
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:02.31"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tv")
    rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")
    awk -v f="$(basename "$f")" -v b="$bytes" -v c="${csvb:-0}" -v r="${nrows:-0}" -v w="$wall" -v k="$rss_kb" 'BEGIN {
      if (w <= 0) w = 0.001
      if (c == 0 && f !~ /\.gz$/) c = b
      printf "%-24s %10.1f %10d %9.2f %9.1f %10.1f %12.0f %12.1f\n", f, b / 1e6, r, w, b / 1e6 / w, c / 1e6 / w, r / w, k / 1024
    }'
  done
done
rm -f "$BENCH_DIR/.scan.out" "$BENCH_DIR/.time.out"
