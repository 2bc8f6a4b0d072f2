#!/bin/sh
# bench-ingest-vs.sh: the ingest against its anchors, each pair timed in the same hyperfine run
# (medians of RUNS runs, whole-process wall time):
#   plain CSV: `finops scan` on every core, and on one (FINOPS_THREADS=1), against DuckDB running
#              the same query (`finops sql --dialect duckdb`: read_csv, the Bedrock filter, GROUP BY
#              the same keys) through the library finops embeds;
#   gzip:      `finops scan` (ISA-L, reader thread), with zlib (FINOPS_INFLATE=zlib), and on one
#              thread, against `igzip -dc` and `pigz -dc` writing to /dev/null.
#
# usage: tools/bench-ingest-vs.sh [BUILD_DIR] [ROWS] [RUNS]     (defaults: build 1000000 5)
#
# Inputs are made once with BUILD_DIR/tools/fc-curgen under $BENCH_DIR (default
# /tmp/finops-bench): cur-ROWS.csv and cur-ROWS.csv.gz, as tools/bench-ingest.sh names them.
# FORMATS="csv" (default "csv gz") measures plain CSV alone: at 10M rows the CSV is 7.2 GB, the
# gzip file another 1.3 GB. The table says how many rows, the machine and its load average
# before and after, so a row is never read without its anchor and the conditions it was
# measured in.
# Needs hyperfine, igzip and pigz (tools/install-deps.sh --bench) and a build with DuckDB.
set -eu
BUILD_DIR=${1:-build}
ROWS=${2:-1000000}
RUNS=${3:-5}
B=${BENCH_DIR:-/tmp/finops-bench}
FINOPS=$(cd "$(dirname "$BUILD_DIR/finops")" && pwd)/finops
CURGEN=$BUILD_DIR/tools/fc-curgen
DUCK=$(cd "$BUILD_DIR/tools" && pwd)/fc-duckdb
for tool in "$FINOPS" "$CURGEN" "$DUCK"; do
  [ -x "$tool" ] || { echo "bench-ingest-vs: $tool not found (build first, with DuckDB: tools/fetch-duckdb.sh)" >&2; exit 2; }
done
for tool in hyperfine igzip pigz; do
  command -v "$tool" >/dev/null || { echo "bench-ingest-vs: $tool not found (tools/install-deps.sh --bench)" >&2; exit 2; }
done
FORMATS=${FORMATS:-csv gz}
mkdir -p "$B"
B=$(cd "$B" && pwd)
exts=""
for f in $FORMATS; do
  case "$f" in
  csv) exts="$exts csv" ;;
  gz) exts="$exts csv.gz" ;;
  *) echo "bench-ingest-vs: FORMATS: csv and/or gz, not $f" >&2; exit 2 ;;
  esac
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ext in $exts; do
  f=$B/cur-$ROWS.$ext
  if [ ! -s "$f" ]; then
    "$CURGEN" bench --rows "$ROWS" --seed 1 "$B/.tmp-cur-$ROWS.$ext" 2>/dev/null
    mv "$B/.tmp-cur-$ROWS.$ext" "$f"
  fi
done
# the DuckDB query: the one `finops sql` writes for a configuration reading the CSV
W=$B/vs-$ROWS
mkdir -p "$W"
cat >"$W/finops.yaml" <<YAML
version: 1
organization: Benchmark
inputs:
  cur: [$B/cur-$ROWS.csv]
hierarchy:
  levels: [Division, Workload]
workloads:
  - {id: w0, name: Zero, parent: North}
output:
  dir: out
YAML
: >"$W/claims.yaml"
"$FINOPS" sql -c "$W/finops.yaml" --dialect duckdb >"$W/query.sql"
# the whole result is computed; one line (its size and total) is printed
{
  printf 'SELECT count(*) AS keys, sum(cost) AS cost FROM (\n'
  cat "$W/query.sql"
  printf ')\n'
} >"$W/count.sql"

csv=$B/cur-$ROWS.csv
gz=$B/cur-$ROWS.csv.gz
rm -f "$W/csv.json" "$W/gz.json"
case " $exts " in *" csv "*)
  hyperfine -N --runs "$RUNS" --warmup 1 --export-json "$W/csv.json" \
    -n finops-csv "$FINOPS scan $csv" \
    -n finops-csv-1thread "env FINOPS_THREADS=1 $FINOPS scan $csv" \
    -n duckdb-csv "$DUCK $W/count.sql" >"$W/csv.txt" ;;
esac
case " $exts " in *" csv.gz "*)
  hyperfine -N --runs "$RUNS" --warmup 1 --export-json "$W/gz.json" \
    -n finops-gz "$FINOPS scan $gz" \
    -n finops-gz-zlib "env FINOPS_INFLATE=zlib $FINOPS scan $gz" \
    -n finops-gz-1thread "env FINOPS_THREADS=1 $FINOPS scan $gz" \
    -n igzip "sh -c 'igzip -dc $gz >/dev/null'" \
    -n pigz "sh -c 'pigz -dc $gz >/dev/null'" >"$W/gz.txt" ;;
esac
echo "machine: $(nproc) processors, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ); load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$W" "$ROWS" <<'PY'
import json, os, sys
w, rows = sys.argv[1], int(sys.argv[2])
med = {}
for f in ("csv", "gz"):
    if not os.path.exists("%s/%s.json" % (w, f)):
        continue
    for r in json.load(open("%s/%s.json" % (w, f)))["results"]:
        med[r["command"]] = (r["median"], r["user"] + r["system"], r["mean"])
def line(work, a, b):
    if a not in med or b not in med:
        return
    fa, fb = med[a], med[b]
    print("| %s | %s %.2f s (cpu %.2f s) | %s %.2f s (cpu %.2f s) | %.2f |" % (work, a, fa[0], fa[1], b, fb[0], fb[1], fa[0] / fb[0]))
print("| work (%d rows, median wall) | finops | anchor | ratio finops/anchor |" % rows)
print("|---|---|---|---|")
line("plain CSV, every core", "finops-csv", "duckdb-csv")
line("plain CSV, one thread", "finops-csv-1thread", "duckdb-csv")
line("gzip, ISA-L + reader thread", "finops-gz", "igzip")
line("gzip, zlib + reader thread", "finops-gz-zlib", "igzip")
line("gzip, ISA-L, one thread", "finops-gz-1thread", "igzip")
line("gzip, pigz for reference", "pigz", "igzip")
PY
