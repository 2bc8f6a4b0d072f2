#!/bin/sh
# charts_decl.sh: templates name the charts plugins declare ("<plugin>.<chart>"): an undeclared or
# unqualified chart is refused with file:line:col before any data is read, an optional one is left
# out, and a declared chart that is not listed is not drawn.
# usage: charts_decl.sh FINOPS_BINARY SOURCE_DIR SCRATCH_DIR
set -u
FINOPS=$1 SRC=$2 T=$3
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*" >&2
}
DEMO="$SRC/examples/demo/finops.yaml"
rm -rf "$T" && mkdir -p "$T"
fresh() { rm -rf "$T/tpl" && cp -r "$SRC/templates" "$T/tpl"; }
run() { FINOPS_TEMPLATES="$T/tpl" "$FINOPS" run -c "$DEMO" -q --out "$T/$1" >"$T/$1.txt" 2>&1; }

# every shipped chart is declared by a bundled plugin
"$FINOPS" plugins >"$T/plugins.txt" 2>&1
for c in $(awk '/^[a-z_]*:/ { in_charts = ($1 == "charts:") } in_charts' "$SRC"/templates/*.yaml |
  sed -n 's/^  - \([a-z_]*\.[a-z_]*\)$/\1/p; s/^  - {chart: \([a-z_.]*\),.*/\1/p' | sort -u); do
  if grep -q "^    charts: .*\b$c\b" "$T/plugins.txt"; then ok; else bad "template chart $c is not declared"; fi
done

# an undeclared chart: exit 2, its position, nothing published
fresh
sed -i 's/^  - attribution.daily_spend$/  - attribution.no_such_chart/' "$T/tpl/product_owner.yaml"
line=$(grep -n "attribution.no_such_chart" "$T/tpl/product_owner.yaml" | cut -d: -f1)
run undeclared
rc=$?
if [ $rc -eq 2 ]; then ok; else bad "undeclared chart: exit $rc, want 2"; fi
if grep -q "product_owner.yaml:$line:5: error: chart 'attribution.no_such_chart' is not declared by any loaded plugin" \
  "$T/undeclared.txt"; then ok; else bad "undeclared chart message: $(cat "$T/undeclared.txt")"; fi
if [ ! -e "$T/undeclared/2026-11" ]; then ok; else bad "a refused template still published reports"; fi

# an unqualified name (the form before charts were declared): exit 2 with the expected form
fresh
sed -i 's/^  - attribution.daily_spend$/  - daily_spend/' "$T/tpl/product_owner.yaml"
run bare
rc=$?
if [ $rc -eq 2 ] && grep -q "product_owner.yaml:$line:5: error: chart 'daily_spend' must be named <plugin>.<chart>" \
  "$T/bare.txt"; then ok; else bad "unqualified chart: exit $rc: $(cat "$T/bare.txt")"; fi

# optional: left out silently; the chart a template drops is not drawn for that role
fresh
sed -i 's/^  - attribution.daily_spend$/  - {chart: nope.chart, optional: true}/' "$T/tpl/product_owner.yaml"
if run optional; then ok; else bad "optional undeclared chart refused: $(cat "$T/optional.txt")"; fi
po="$T/optional/2026-11/nodes/Enterprise/Enterprise_Applications/People_Technology/HR Portal"
if [ -f "$po/product_owner.xlsx" ] && [ -f "$po/charts/token_mix.png" ]; then ok; else bad "no product owner pack"; fi
if [ ! -e "$po/charts/daily_spend.png" ]; then ok; else bad "a chart no template of the pack lists was drawn"; fi
if ! grep -q "nope" "$T/optional/2026-11/manifest.json"; then ok; else bad "the optional chart reached the manifest"; fi

echo "charts_decl: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
