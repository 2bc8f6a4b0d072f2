#!/bin/sh
# Packs drawn by several processes (finops run --jobs N) give exactly what one process gives: every
# published file byte for byte (diff -r), the same messages, the same exit status; a render that
# fails in a worker publishes nothing and leaves no temporary folder.
# usage: jobs.sh FINOPS CURGEN SOURCE_DIR TMP_DIR
set -u
FINOPS=$1
CURGEN=$2
SRC=$3
T=$4
rm -rf "$T"
mkdir -p "$T"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*" >&2
}
DEMO="$SRC/examples/demo/finops.yaml"

# same: CONFIG NAME JOBS... runs CONFIG with each number of jobs and compares with the first
same() {
  cfg=$1 name=$2
  shift 2
  first=
  for j in "$@"; do
    "$FINOPS" run -c "$cfg" --jobs "$j" --out "$T/$name-$j" >"$T/$name-$j.txt" 2>&1
    echo "exit $?" >>"$T/$name-$j.txt"
    sed -i "s|$T/$name-$j|OUT|g" "$T/$name-$j.txt"
    if [ -z "$first" ]; then
      first=$j
      grep -q '^exit 0$' "$T/$name-$j.txt" && ok || bad "$name --jobs $j failed: $(cat "$T/$name-$j.txt")"
      continue
    fi
    if diff -r "$T/$name-$first" "$T/$name-$j" >"$T/diff.txt" 2>&1; then ok; else
      bad "$name: --jobs $first and --jobs $j publish different files: $(head -5 "$T/diff.txt")"
    fi
    if cmp -s "$T/$name-$first.txt" "$T/$name-$j.txt"; then ok; else
      bad "$name: --jobs $first and --jobs $j print different things: $(diff "$T/$name-$first.txt" "$T/$name-$j.txt" | head -5)"
    fi
  done
}

# --- the demo: one process, two, more processes than packs ---
same "$DEMO" demo 1 2 3 16
n=$(find "$T/demo-2" -name '*.png' | wc -l)
if [ "$n" -ge 10 ]; then ok; else bad "demo: expected charts, found $n"; fi

# --- a generated organisation of 60 workloads (about 90 packs) ---
G=$T/gen
mkdir -p "$G/cur"
"$CURGEN" bench --rows 20000 "$G/cur/cur.csv" >/dev/null 2>&1 || bad "fc-curgen failed"
{
  printf 'version: 1\norganization: Jobs Corp\ninputs:\n  cur: [cur/cur.csv]\n'
  printf 'hierarchy:\n  levels: [Business Unit, Portfolio, Department, Workload]\noutput:\n  dir: out\nworkloads:\n'
  awk 'BEGIN { for (i = 0; i < 60; i++)
    printf "  - {id: w%d, name: App %d, parent: BU%d/Portfolio%d/Dept%d, estimate: {monthly_usd: %d}}\n",
      i, i, i % 3, i % 6, i % 12, 1000 + 10 * i }'
  echo "people:"
  echo '  - {email: lead@example.com, name: Lead, role: finops_leader, scope: ["*"]}'
  awk 'BEGIN {
    for (p = 0; p < 6; p++)
      printf "  - {email: pm%d@example.com, name: PM %d, role: portfolio_manager, scope: [BU%d/Portfolio%d]}\n", p, p, p % 3, p
    for (d = 0; d < 12; d++)
      printf "  - {email: ce%d@example.com, name: CE %d, role: cloud_engineer, scope: [BU%d/Portfolio%d/Dept%d]}\n", d, d, d % 3, d % 6, d
    for (i = 0; i < 60; i++)
      printf "  - {email: po%d@example.com, name: PO %d, role: product_owner, scope: [BU%d/Portfolio%d/Dept%d/App %d]}\n", i, i, i % 3, i % 6, i % 12, i }'
} >"$G/finops.yaml"
same "$G/finops.yaml" gen 1 2 5
n=$(find "$T/gen-1" -name '*.xlsx' | wc -l)
if [ "$n" -ge 79 ]; then ok; else bad "generated organisation: expected 79 workbooks, found $n"; fi

# --- a render that fails (a template column the result lacks): same failure, nothing published ---
mkdir -p "$T/tpl"
cp "$(dirname "$FINOPS")/templates/"*.yaml "$T/tpl/"
sed -i '0,/^      - usage_usd$/s//      - no_such_column/' "$T/tpl/portfolio_manager.yaml"
grep -q '^      - no_such_column$' "$T/tpl/portfolio_manager.yaml" || bad "the failing template was not made"
for j in 1 2 4; do
  mkdir -p "$T/bad-$j"
  cp -r "$T/demo-1/2026-11" "$T/bad-$j/2026-11"
  FINOPS_TEMPLATES="$T/tpl" "$FINOPS" run -c "$DEMO" --jobs "$j" --out "$T/bad-$j" -q >"$T/bad-$j.txt" 2>&1
  echo "exit $?" >>"$T/bad-$j.txt"
  if ! grep -q '^exit 0$' "$T/bad-$j.txt" && grep -q "error: result 'attribution.workloads' has no column 'no_such_column'" "$T/bad-$j.txt"; then
    ok
  else bad "failing render, --jobs $j: $(cat "$T/bad-$j.txt")"; fi
  if diff -r "$T/demo-1/2026-11" "$T/bad-$j/2026-11" >/dev/null 2>&1; then ok; else
    bad "failing render, --jobs $j: the published reports changed"
  fi
  if [ -z "$(find "$T/bad-$j" -maxdepth 1 -name '.tmp-*')" ]; then ok; else
    bad "failing render, --jobs $j: temporary folder left"
  fi
done
if cmp -s "$T/bad-1.txt" "$T/bad-2.txt" && cmp -s "$T/bad-1.txt" "$T/bad-4.txt"; then ok; else
  bad "failing render: messages differ: $(diff "$T/bad-1.txt" "$T/bad-2.txt" | head -5)"
fi

# --- usage ---
for v in 0 -1 x 257 ""; do
  "$FINOPS" run -c "$DEMO" --jobs "$v" --out "$T/usage" >"$T/usage.txt" 2>&1
  rc=$?
  if [ $rc -eq 2 ] && grep -q -- "--jobs" "$T/usage.txt"; then ok; else bad "--jobs '$v': exit $rc: $(cat "$T/usage.txt")"; fi
done

echo "jobs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
