#!/bin/sh
# example_plugin.sh: installs the project, builds examples/plugin against the installed header only, lists and runs it.
# Usage: example_plugin.sh <build dir> <finops binary> <example source dir> <scratch dir> <cmake> <C compiler>
set -eu
build=$1 finops=$2 example=$3 tmp=$4 cmake=$5 cc=$6

fail() {
  echo "example_plugin: $*" >&2
  exit 1
}

rm -rf "$tmp"
mkdir -p "$tmp"
"$cmake" --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 || {
  cat "$tmp/install.log" >&2
  fail "cmake --install failed"
}
[ -f "$tmp/prefix/include/finops/plugin.h" ] || fail "the install has no include/finops/plugin.h"

# Configure and build against the installed header only.
"$cmake" -S "$example" -B "$tmp/hello" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Release \
  -DFINOPS_INCLUDE_DIR="$tmp/prefix/include" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$tmp/configure.log" 2>&1 || {
  cat "$tmp/configure.log" >&2
  fail "configuring the example failed"
}
"$cmake" --build "$tmp/hello" >"$tmp/build.log" 2>&1 || {
  cat "$tmp/build.log" >&2
  fail "building the example failed"
}
grep -q -- "-I$tmp/prefix/include\|-isystem $tmp/prefix/include" "$tmp/hello/compile_commands.json" ||
  fail "the example was not compiled against $tmp/prefix/include"
src_include=$(cd "$example/../.." && pwd)/include
if grep -q -- "$src_include" "$tmp/hello/compile_commands.json"; then
  fail "the example was compiled against the source tree's $src_include"
fi
[ -f "$tmp/hello/plugins/hello.so" ] || fail "no plugins/hello.so was built"

# The host lists it.
"$finops" plugins --plugins "$tmp/hello/plugins" >"$tmp/plugins.out" 2>&1 || {
  cat "$tmp/plugins.out" >&2
  fail "finops plugins failed"
}
cat "$tmp/plugins.out"
grep -q "^  hello 1\.0\.0 (ABI 1\.[0-9]*) $tmp/hello/plugins/hello\.so\$" "$tmp/plugins.out" ||
  fail "finops plugins does not list hello"
grep -q "^    writes: hello\.models\$" "$tmp/plugins.out" || fail "finops plugins does not show hello.models"

# And runs it: two models (Nova Lite on one day: one fact of two rows) and a row without one.
mkdir -p "$tmp/run/cur"
cat >"$tmp/run/finops.yaml" <<'YAML'
# Example plugin smoke run.
version: 1
inputs:
  cur: [cur/]
hierarchy:
  levels: [BU, Workload]
workloads:
  - id: w1
    name: W1
    parent: BU1
YAML
cat >"$tmp/run/cur/cur.csv" <<'CSV'
line_item_product_code,line_item_usage_start_date,line_item_usage_account_id,line_item_usage_type,line_item_line_item_type,line_item_usage_amount,line_item_unblended_cost,product
AmazonBedrock,2026-11-03,111122223333,USE1-NovaLite-input-tokens,Usage,1,0.5,{model=Nova Lite}
AmazonBedrock,2026-11-03,111122223333,USE1-NovaLite-output-tokens,Usage,1,0.25,{model=Nova Lite}
AmazonBedrock,2026-11-04,111122223333,USE1-Claude-input-tokens,Usage,2,1.5,{model=Claude Sonnet 4.6}
AmazonBedrock,2026-11-05,111122223333,USE1-Other,Usage,1,0.125,
CSV
"$finops" run -q -c "$tmp/run/finops.yaml" --plugins "$tmp/hello/plugins" >"$tmp/run.out" 2>&1 || {
  cat "$tmp/run.out" >&2
  fail "finops run with the example failed"
}
summary="$tmp/run/out/2026-11/summary.json"
[ -f "$summary" ] || fail "the run published no $summary"
for want in '"hello.models"' \
  '{"node":null,"model":"(no model)","facts":1,"rows":1,"cost_usd":0.125}' \
  '{"node":null,"model":"Claude Sonnet 4.6","facts":1,"rows":1,"cost_usd":1.5}' \
  '{"node":null,"model":"Nova Lite","facts":1,"rows":2,"cost_usd":0.75}'; do
  tr -d ' \n' <"$summary" | grep -qF "$(printf '%s' "$want" | tr -d ' ')" || {
    cat "$summary" >&2
    fail "summary.json lacks $want"
  }
done
# Its chart: beside the bundled plugins, named in a template, drawn into the organisation's pack and
# listed in the manifest for that role.
grep -q "^    charts: hello\.cost_by_model\$" "$tmp/plugins.out" || fail "finops plugins does not show the chart"
bundled=$(dirname "$(find "$tmp/prefix" -name attribution.so | head -1)")
[ -d "$bundled" ] || fail "the install has no bundled plugins"
mkdir -p "$tmp/all"
cp "$bundled"/* "$tmp/hello/plugins/hello.so" "$tmp/all/"
cp -r "$tmp/prefix/share/finops/templates" "$tmp/templates"
sed -i 's/^charts:$/charts:\n  - hello.cost_by_model/' "$tmp/templates/finops_leader.yaml"
demo=$(cd "$example/../demo" && pwd)/finops.yaml
FINOPS_TEMPLATES="$tmp/templates" "$finops" run -q -c "$demo" --plugins "$tmp/all" --out "$tmp/demo" \
  >"$tmp/demo.out" 2>&1 || {
  cat "$tmp/demo.out" >&2
  fail "the demo run with the example failed"
}
png=$(find "$tmp/demo" -path '*/nodes/_organisation/charts/cost_by_model.png')
[ -n "$png" ] || fail "no nodes/_organisation/charts/cost_by_model.png in the demo's packs"
[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] || fail "$png is not a PNG"
[ "$(find "$tmp/demo" -name cost_by_model.png | wc -l)" = 1 ] || fail "the chart is drawn outside the organisation's pack"
tr -d ' \n' <"$(dirname "$png")/../../../manifest.json" |
  grep -qF '"path":"nodes/_organisation/charts/cost_by_model.png"' || fail "the manifest does not list the chart"
# Its declared sheet and sentence appear in the packs, beside the shipped plugins' content: the
# shipped templates take them with {table: "*"} and {statement: "*"}.
mkdir -p "$tmp/all"
for f in "$build"/plugins/*; do ln -sf "$f" "$tmp/all/"; done
ln -sf "$tmp/hello/plugins/hello.so" "$tmp/all/hello.so"
cat >>"$tmp/run/finops.yaml" <<'YAML'
accounts:
  "111122223333": BU1
people:
  - email: lee@example.com
    name: Lee Rivera
    role: finops_leader
    scope: ["*"]
YAML
"$finops" run -q -c "$tmp/run/finops.yaml" --plugins "$tmp/all" --as-of 2026-11-06 --out "$tmp/run/packs" \
  >"$tmp/packs.out" 2>&1 || {
  cat "$tmp/packs.out" >&2
  fail "finops run with the shipped plugins and the example failed"
}
book="$tmp/run/packs/2026-11/nodes/_organisation/finops_leader.xlsx"
[ -f "$book" ] || fail "no FinOps leader workbook $book"
/usr/bin/python3 - "$book" <<'PY' || fail "the example's sheet or sentence is not in $book"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert "Models by fact" in wb.sheetnames, wb.sheetnames
ws = wb["Models by fact"]
rows = [list(r) for r in ws.iter_rows(values_only=True)]
assert rows[0] == ["Model", "Facts", "CUR rows", "Cost"], rows[0]
# sorted by cost, the declared labels, a totals row adding facts, rows and cost
assert [r[0] for r in rows[1:4]] == ["Claude Sonnet 4.6", "Nova Lite", "(no model)"], rows
assert rows[4][1:] == [4, 4, 2.375], rows[4]  # more dimensions read: Nova Lite is two facts
said = [c.value for row in wb["Briefing"].iter_rows() for c in row if isinstance(c.value, str)]
want = "Claude Sonnet 4.6 cost the most of 3 models: $1.50 of $2.38."
assert want in said, said
print("example sheet and sentence found in", sys.argv[1])
PY
echo "example_plugin: ok"
