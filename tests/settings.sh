#!/bin/sh
# settings.sh: the configuration's `prices:` and `policy.cache_hit_rate_healthy` reach the plugins.
# usage: settings.sh FINOPS SOURCE_DIR SCRATCH_DIR PLUGINS_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
PLUGINS=$4
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; fi; }
hasnt() { if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $1"; else ok; fi; }
APP=Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/FinOpsCenter_DemoApp
flat() { tr -d ' \n' <"$1" | sed 's/{"path"/\n&/g' | grep -F "\"path\":\"$APP\","; }

rm -rf "$T" && mkdir -p "$T" && cp -r "$SRC/examples/demo" "$T/demo" && rm -rf "$T/demo/out"
D=$T/demo
"$FINOPS" run -q -c "$D/finops.yaml" --out "$T/base" >/dev/null 2>&1 || bad "demo run failed"
flat "$T/base/2026-11/summary.json" >"$T/base.txt"
has "$T/base.txt" '"kind":"cache_below_healthy"' "18% cache is below the default healthy 30%"

# policy.cache_hit_rate_healthy: 10% makes 18% healthy
sed 's/cache_hit_rate_healthy: 0.30/cache_hit_rate_healthy: 0.10/' "$D/finops.yaml" >"$D/healthy.yaml"
"$FINOPS" run -q -c "$D/healthy.yaml" --out "$T/healthy" >/dev/null 2>&1 || bad "healthy run failed"
flat "$T/healthy/2026-11/summary.json" >"$T/healthy.txt"
hasnt "$T/healthy.txt" '"kind":"cache_below_healthy"' "healthy 10%: no cache alert"
has "$T/healthy.txt" '"cache_hit_rate_healthy":0.100000' "healthy rate in the node figures"

# prices: a price table beside the config, relative path; cache-read priced at the input price
# means caching saves nothing
awk '{ if ($0 ~ /Claude Sonnet 4.6$/) s = 1; else if ($0 ~ /- name:/) s = 0
       if (s && $0 ~ /price:|regional:/) gsub(/cache_read: 0\.3[03]/, "cache_read: 3.00") ; print }' \
  "$PLUGINS/prices.yaml" >"$D/prices.yaml"
grep -q "cache_read: 3.00" "$D/prices.yaml" && ok || bad "price override not written"
sed 's/^claims_file: claims.yaml/claims_file: claims.yaml\nprices: prices.yaml/' "$D/finops.yaml" >"$D/priced.yaml"
"$FINOPS" run -q -c "$D/priced.yaml" --out "$T/priced" >/dev/null 2>"$T/err.txt" || { bad "priced run failed"; cat "$T/err.txt" >&2; }
flat "$T/priced/2026-11/summary.json" >"$T/priced.txt"
has "$T/base.txt" '"cache_savings_usd":58.44' "list prices: caching would save 58.44"
has "$T/priced.txt" '"cache_savings_usd":0,' "overridden prices: caching saves nothing"

# a broken price table is an error naming it, and nothing is published
echo "models: [" >"$D/prices.yaml"
"$FINOPS" run -q -c "$D/priced.yaml" --out "$T/priced" >/dev/null 2>"$T/err.txt"
rc=$?
[ "$rc" -ne 0 ] && ok || bad "broken price table accepted"
has "$T/err.txt" "$D/prices.yaml" "error names the price table"
has "$T/priced/2026-11/summary.json" '"period"' "previous reports kept"

echo "settings: $pass checks, $fail failed"
[ "$fail" -eq 0 ]
