#!/bin/sh
# parquet.sh: the ingest's query against the native ingest. On the demo and on generated exports
# of several shapes, these give reports byte-identical to the native CSV run (every file; in
# summary.json all but the "ingest" statistics, which each reader measures its own way):
#   - the export converted to Parquet with the CUR 2.0 schema (timestamps, decimals, map columns)
#     by DuckDB, read through the embedded DuckDB source;
#   - the CSV export read by embedded DuckDB (inputs.engine: duckdb);
#   - `finops sql --dialect duckdb` run by DuckDB over the CSV, its result read back as facts;
#   - `finops sql --dialect athena` run by DuckDB over a view shaped like Athena's table (maps,
#     timestamps, "$path", billing_period), its result read back as facts.
# The sanitizer build runs the demo and one generated shape.
# The dialects' text is checked against golden files, and `finops check` against every input kind.
# usage: parquet.sh FINOPS CURGEN FC_DUCKDB|- SOURCE_DIR SCRATCH_DIR full|asan
set -u
FINOPS=$1
CURGEN=$2
DUCK=$3
SRC=$4
T=$5
MODE=$6
PY=/usr/bin/python3
CMP="$PY $SRC/tests/parquet_compare.py"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
rm -rf "$T" && mkdir -p "$T"

if [ "$DUCK" = "-" ]; then
  # Built without DuckDB: a Parquet input is a clear error, exit 2, saying how to enable it.
  mkdir -p "$T/nod/cur" && printf 'PAR1' >"$T/nod/cur/x.parquet"
  sed 's|^  cur: \[cur/\]|  cur: [cur/x.parquet]|' "$SRC/examples/demo/finops.yaml" >"$T/nod/finops.yaml"
  cp "$SRC/examples/demo/claims.yaml" "$T/nod/"
  "$FINOPS" run -q -c "$T/nod/finops.yaml" 2>"$T/nod/err.txt"
  rc=$?
  if [ $rc -eq 2 ] && grep -q "x.parquet: error: a Parquet input needs DuckDB" "$T/nod/err.txt"; then ok; else
    bad "Parquet without DuckDB: exit $rc"; cat "$T/nod/err.txt" >&2
  fi
  if [ -n "${CI:-}${FINOPS_REQUIRE_DUCKDB:-}" ]; then
    echo "FAIL: CI builds must embed DuckDB (tools/fetch-duckdb.sh)" >&2
    exit 1
  fi
  echo "SKIP: this build has no DuckDB (run tools/fetch-duckdb.sh, then cmake again): the Parquet and"
  echo "      query equivalence tests did not run ($pass passed, $fail failed)"
  [ $fail -eq 0 ] && exit 77 || exit 1
fi

# to_parquet SRC_ROOT DST_ROOT: the export as Parquet with the CUR 2.0 schema
to_parquet() { sh "$SRC/tools/cur-to-parquet.sh" "$DUCK" "$1" "$2"; }

# run_query QUERY_FILE OUT_CSV SCRIPT_FILE [PRELUDE_FILE]: runs a query with DuckDB, writing the result as
# Athena does (CSV, header, every field quoted).
run_query() {
  { [ -n "${4:-}" ] && cat "$4"; echo "COPY ("; cat "$1"; echo ") TO '$2' (HEADER, FORCE_QUOTE *);"; } >"$3"
  "$DUCK" "$3" >/dev/null
}

# with_inputs DIR INPUTS_YAML: DIR/finops.yaml with the inputs replaced
with_inputs() {
  $PY - "$1/finops.yaml" "$2" <<'PYEOF'
import re, sys
p, new = sys.argv[1], sys.argv[2]
s = open(p).read()
s2 = re.sub(r"(?m)^inputs:\n(  .*\n)+", "inputs:\n" + new + "\n", s, count=1)
assert s2 != s, "no inputs block in " + p
open(p, "w").write(s2)
PYEOF
}

same() { # label A B [ingest fields that must agree]
  if out=$($CMP "$2" "$3" "${4:-}"); then ok; echo "$1: identical reports"; echo "$out"; else
    bad "$1: reports differ"; echo "$out" >&2
  fi
}

# the library finops runs is the release whose header it was built with (loaded from a file it names)
"$FINOPS" --version | grep -Eq '^DuckDB: (v[0-9.]+) \(header \1\) from /.*/libduckdb\.so$' && ok ||
  { bad "finops --version: DuckDB library and header differ"; "$FINOPS" --version >&2; }

# ---- the demo ----
D=$T/demo
mkdir -p "$D"
cp -r "$SRC/examples/demo" "$D/native" && rm -rf "$D/native/out"
"$FINOPS" run -q -c "$D/native/finops.yaml" >/dev/null 2>"$D/native.err" || { bad "demo: native run failed"; cat "$D/native.err" >&2; }
NAT=$D/native/out/2026-11

# Parquet with the CUR 2.0 schema, through the embedded source
mkdir -p "$D/pq" && cp "$D/native/finops.yaml" "$D/native/claims.yaml" "$D/pq/"
to_parquet "$D/native/cur" "$D/pq/cur" || bad "demo: conversion to Parquet failed"
"$DUCK" -c "SELECT typeof(product) AS p, typeof(line_item_usage_start_date) AS t, typeof(line_item_unblended_cost) AS c
  FROM read_parquet('$D/pq/cur/finops-cur/data/BILLING_PERIOD=2026-11/finops-cur-00001.snappy.parquet') LIMIT 1" \
  >"$D/pq/types.txt"
grep -q '^"MAP(VARCHAR, VARCHAR)",TIMESTAMP,"DECIMAL(38,10)"$' "$D/pq/types.txt" && ok ||
  { bad "demo: Parquet schema is not CUR 2.0's"; cat "$D/pq/types.txt" >&2; }
if "$FINOPS" run -q -c "$D/pq/finops.yaml" >/dev/null 2>"$D/pq.err"; then
  same "demo, Parquet through embedded DuckDB" "$NAT" "$D/pq/out/2026-11" \
    files,bedrock_rows,aws_billed_rows,marketplace_rows
else
  bad "demo: Parquet run failed"; cat "$D/pq.err" >&2
fi

# the duckdb dialect over the CSV, its result fed back as facts
mkdir -p "$D/facts" && cp "$D/native/finops.yaml" "$D/native/claims.yaml" "$D/facts/"
"$FINOPS" sql -c "$D/native/finops.yaml" --dialect duckdb >"$D/duckdb.sql" || bad "demo: finops sql failed"
run_query "$D/duckdb.sql" "$D/facts/result.csv" "$D/copy.sql" || bad "demo: DuckDB rejected the duckdb dialect"
with_inputs "$D/facts" "  facts: [result.csv]"
if "$FINOPS" run -q -c "$D/facts/finops.yaml" >/dev/null 2>"$D/facts.err"; then
  same "demo, duckdb dialect over CSV, result as facts" "$NAT" "$D/facts/out/2026-11"
else
  bad "demo: facts run failed"; cat "$D/facts.err" >&2
fi
head -1 "$D/facts/result.csv" | grep -q '^"period","day","family","account",' && ok ||
  bad "demo: the result is not quoted CSV with the fact columns"

# golden text of the three dialects (the plugins shipped, the demo's configuration)
PLUG=$(dirname "$FINOPS")/plugins
for dia in athena trino duckdb; do
  "$FINOPS" sql -c "$SRC/examples/demo/finops.yaml" --plugins "$PLUG" --dialect "$dia" |
    sed "s|$(cd "$SRC" && pwd -P)|<SOURCE>|g" >"$D/$dia.sql"
  if cmp -s "$D/$dia.sql" "$SRC/tests/data/sql/demo-$dia.sql"; then ok; else
    bad "finops sql --dialect $dia differs from tests/data/sql/demo-$dia.sql"
    diff "$SRC/tests/data/sql/demo-$dia.sql" "$D/$dia.sql" | head -20 >&2
  fi
done

# map cells in Athena's {k=v, k2=v2} form (as Athena renders maps in CSV): the duckdb dialect's
# reading of them agrees with the native one
mkdir -p "$D/athena-maps" && cp "$D/native/finops.yaml" "$D/native/claims.yaml" "$D/athena-maps/"
cp -r "$D/native/cur" "$D/athena-maps/cur"
$PY - "$D/athena-maps/cur" <<'PYEOF'
import csv, glob, gzip, io, json, sys
for f in glob.glob(sys.argv[1] + "/**/*.csv.gz", recursive=True):
    rows = list(csv.reader(io.TextIOWrapper(gzip.open(f), newline="")))
    if not rows:
        continue
    maps = [i for i, h in enumerate(rows[0]) if h in ("product", "resource_tags", "tags", "cost_category")]
    for r in rows[1:]:
        for i in maps:
            if r[i].startswith("{\""):
                r[i] = "{" + ", ".join("%s=%s" % kv for kv in json.loads(r[i]).items()) + "}"
    with gzip.open(f, "wt", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
PYEOF
"$FINOPS" run -q -c "$D/athena-maps/finops.yaml" --out "$D/athena-maps/out-native" >/dev/null 2>&1 ||
  bad "demo with Athena-form maps: native run failed"
with_inputs "$D/athena-maps" "  cur: [cur/]
  engine: duckdb"
if "$FINOPS" run -q -c "$D/athena-maps/finops.yaml" >/dev/null 2>"$D/athena-maps.err"; then
  same "demo with {k=v} map cells, CSV through embedded DuckDB" "$D/athena-maps/out-native/2026-11" \
    "$D/athena-maps/out/2026-11" files,bedrock_rows
  zcat "$D/athena-maps/cur/finops-cur/data/BILLING_PERIOD=2026-11/finops-cur-00001.csv.gz" | grep -q ',"{model=Claude' &&
    ok || bad "demo with Athena-form maps: conversion did not happen"
else
  bad "demo with Athena-form maps: DuckDB run failed"; cat "$D/athena-maps.err" >&2
fi

# finops sql: usage errors are exit 2
"$FINOPS" sql -c "$D/native/finops.yaml" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "finops sql without --dialect: not exit 2"
"$FINOPS" sql -c "$D/native/finops.yaml" --dialect mysql 2>&1 >/dev/null | grep -q "expected athena, trino or duckdb, found 'mysql'" &&
  ok || bad "finops sql --dialect mysql: no clear error"

# finops check: each input's kind; a facts file whose columns do not fit the plugins is refused
"$FINOPS" check -c "$D/native/finops.yaml" >"$D/check1.txt" 2>&1 && grep -q ': gzip CSV$' "$D/check1.txt" && ok ||
  { bad "check: CSV demo"; cat "$D/check1.txt" >&2; }
"$FINOPS" check -c "$D/pq/finops.yaml" >"$D/check2.txt" 2>&1 && grep -q 'snappy.parquet: Parquet (DuckDB)$' "$D/check2.txt" && ok ||
  { bad "check: Parquet demo"; cat "$D/check2.txt" >&2; }
"$FINOPS" check -c "$D/facts/finops.yaml" >"$D/check3.txt" 2>&1 &&
  grep -q 'result.csv: facts (query result), columns match the loaded plugins$' "$D/check3.txt" && ok ||
  { bad "check: facts"; cat "$D/check3.txt" >&2; }
mkdir -p "$D/badfacts" && cp "$D/facts/finops.yaml" "$D/facts/claims.yaml" "$D/badfacts/"
cut -d, -f1-10,12- "$D/facts/result.csv" >"$D/badfacts/result.csv" # without "model"
"$FINOPS" check -c "$D/badfacts/finops.yaml" >"$D/check4.txt" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "result.csv:1: error: missing column 'model', which the loaded plugins read" "$D/check4.txt" && ok ||
  { bad "check: facts without model: exit $rc"; cat "$D/check4.txt" >&2; }
sed '1s/"principal"/"caller"/' "$D/facts/result.csv" >"$D/badfacts/result.csv"
"$FINOPS" run -q -c "$D/badfacts/finops.yaml" >/dev/null 2>"$D/run5.txt"
rc=$?
[ $rc -eq 2 ] && grep -q "column 'caller' is not a fact column" "$D/run5.txt" && ok ||
  { bad "run: facts with an unknown column: exit $rc"; cat "$D/run5.txt" >&2; }

# a value that is not a number: file, line and column
awk -F, -v OFS=, 'NR == 3 { $15 = "\"12,5\"" } { print }' "$D/facts/result.csv" >"$D/badfacts/result.csv"
"$FINOPS" check -c "$D/badfacts/finops.yaml" >"$D/check6.txt" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "result.csv:3:[0-9]*: error: cost: '12,5' is not a number" "$D/check6.txt" && ok ||
  { bad "check: facts with a bad cost: exit $rc"; cat "$D/check6.txt" >&2; }

# the Athena and Trino dialects, executed by DuckDB over a view shaped like their table over the export:
# DuckDB's element_at returns a list where Athena's returns the value, so a macro gives it Athena's
# meaning; everything else is the golden text as it is.
athena_prelude() { # PARQUET_ROOT
  cat <<SQL
CREATE MACRO element_at(m, k) AS m[k];
CREATE VIEW cur AS SELECT *, filename AS "\$path", "BILLING_PERIOD" AS billing_period
  FROM read_parquet('$1/**/*.parquet', filename = true, hive_partitioning = true, union_by_name = true);
SQL
}
athena_prelude "$D/pq/cur" >"$D/athena-prelude.sql"
for dia in athena trino; do
  mkdir -p "$D/$dia" && cp "$D/facts/finops.yaml" "$D/facts/claims.yaml" "$D/$dia/"
  "$FINOPS" sql -c "$D/native/finops.yaml" --dialect $dia --table cur >"$D/$dia-run.sql"
  run_query "$D/$dia-run.sql" "$D/$dia/result.csv" "$D/$dia-copy.sql" "$D/athena-prelude.sql" ||
    bad "demo: DuckDB rejected the $dia dialect"
  if "$FINOPS" run -q -c "$D/$dia/finops.yaml" >/dev/null 2>"$D/$dia.err"; then
    same "demo, $dia dialect (run by DuckDB), result as facts" "$NAT" "$D/$dia/out/2026-11"
  else
    bad "demo: $dia facts run failed"; cat "$D/$dia.err" >&2
  fi
done

# ---- generated exports of several shapes ----
# Each lands as a "create new" export: an older execution folder (other data, superseded) and the
# newest one, in chunks; only the newest may count, in every reader.
config() { # dir
  cat >"$1/finops.yaml" <<YAML
version: 1
organization: Generated
inputs:
  cur: [cur/]
period: 2026-11
hierarchy:
  levels: [Division, Team, Workload]
workloads:
  - {id: w0, name: Zero, parent: North/One}
  - {id: w1, name: One, parent: North/One}
  - {id: w2, name: Two, parent: South/Three}
output:
  dir: out
YAML
  : >"$1/claims.yaml"
}
# shape: seed rows bedrock-share chunk-rows extension
SHAPES="3:12000:0.30:5000:csv.gz 11:6000:1.0:6000:csv 23:20000:0.05:4000:csv.gz"
# the sanitizer build runs one small shape (the whole set stays in the other build)
[ "$MODE" = asan ] && SHAPES="11:6000:1.0:6000:csv"
for shape in $SHAPES; do
  IFS=: read -r seed rows share chunk ext <<EOS
$shape
EOS
  G=$T/gen$seed
  P=cur/exp/data/BILLING_PERIOD=2026-11
  mkdir -p "$G/native/$P/20261101T000000Z-aaaa" "$G/native/$P/20261102T000000Z-bbbb"
  config "$G/native"
  "$CURGEN" bench --rows 3000 --seed $((seed + 1000)) --bedrock-share 0.5 "$G/native/$P/20261101T000000Z-aaaa/exp.$ext" 2>/dev/null &&
    "$CURGEN" bench --rows "$rows" --seed "$seed" --bedrock-share "$share" --chunk-rows "$chunk" \
      "$G/native/$P/20261102T000000Z-bbbb/exp.$ext" 2>/dev/null || { bad "seed $seed: generator failed"; continue; }
  "$FINOPS" run -q -c "$G/native/finops.yaml" --as-of 2026-12-01 >/dev/null 2>"$G/native.err" ||
    { bad "seed $seed: native run failed"; cat "$G/native.err" >&2; continue; }
  grep -q '"superseded_executions": 1' "$G/native/out/2026-11/summary.json" && ok ||
    bad "seed $seed: the native ingest did not leave out the older execution"
  GN=$G/native/out/2026-11
  # embedded DuckDB over the CSV
  mkdir -p "$G/engine" && config "$G/engine" && ln -s ../native/cur "$G/engine/cur"
  with_inputs "$G/engine" "  cur: [cur/]
  engine: duckdb"
  "$FINOPS" run -q -c "$G/engine/finops.yaml" --as-of 2026-12-01 >/dev/null 2>"$G/engine.err" &&
    same "seed $seed ($rows rows, $share Bedrock, $ext), CSV through embedded DuckDB" "$GN" "$G/engine/out/2026-11" \
      files,bedrock_rows,aws_billed_rows,marketplace_rows || { bad "seed $seed: engine run failed"; cat "$G/engine.err" >&2; }
  # Parquet
  mkdir -p "$G/pq" && config "$G/pq"
  to_parquet "$G/native/cur" "$G/pq/cur" || bad "seed $seed: conversion failed"
  "$FINOPS" run -q -c "$G/pq/finops.yaml" --as-of 2026-12-01 >/dev/null 2>"$G/pq.err" &&
    same "seed $seed, Parquet through embedded DuckDB" "$GN" "$G/pq/out/2026-11" files,bedrock_rows ||
    { bad "seed $seed: Parquet run failed"; cat "$G/pq.err" >&2; }
  # the duckdb dialect and the athena dialect (over every execution folder: the query picks)
  for dia in duckdb athena; do
    mkdir -p "$G/$dia" && config "$G/$dia" && with_inputs "$G/$dia" "  facts: [result.csv]"
    "$FINOPS" sql -c "$G/native/finops.yaml" --dialect $dia >"$G/$dia.sql"
    prelude=""
    if [ $dia = athena ]; then athena_prelude "$G/pq/cur" >"$G/prelude.sql"; prelude="$G/prelude.sql"; fi
    run_query "$G/$dia.sql" "$G/$dia/result.csv" "$G/$dia-copy.sql" $prelude || bad "seed $seed: DuckDB rejected the $dia dialect"
    "$FINOPS" run -q -c "$G/$dia/finops.yaml" --as-of 2026-12-01 >/dev/null 2>"$G/$dia.err" &&
      same "seed $seed, $dia dialect, result as facts ($(($(wc -l <"$G/$dia/result.csv") - 1)) rows)" "$GN" "$G/$dia/out/2026-11" ||
      { bad "seed $seed: $dia facts run failed"; cat "$G/$dia.err" >&2; }
  done
done

echo "parquet: $pass passed, $fail failed"
[ $fail -eq 0 ]
