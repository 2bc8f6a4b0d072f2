#!/bin/sh
# mcp.sh: `finops mcp` on a copy of the demo, driven by the official MCP TypeScript SDK client
# (tests/mcp/client.mjs; @modelcontextprotocol/sdk pinned by package-lock.json, installed with npm ci
# by tools/install-deps.sh --test, or here when missing). The expected figures are read from
# summary.json.
# usage: mcp.sh FINOPS_BINARY SOURCE_DIR SCRATCH_DIR
set -eu
FINOPS=$1
SRC=$2
T=$3
M=$SRC/tests/mcp
if [ ! -d "$M/node_modules/@modelcontextprotocol/sdk" ]; then
  (cd "$M" && npm ci --no-audit --no-fund --loglevel=error)
fi
rm -rf "$T" && mkdir -p "$T" && cp -r "$SRC/examples/demo" "$T/demo" && rm -rf "$T/demo/out" "$T/demo/approvals.yaml"
C=$T/demo/finops.yaml
"$FINOPS" run -q -c "$C"
/usr/bin/python3 - "$T/demo/out/2026-11/summary.json" "$T/expect.json" <<'PYEOF'
import json, sys
from decimal import Decimal, ROUND_HALF_UP
s = json.load(open(sys.argv[1]), parse_float=Decimal, parse_int=Decimal)
def money(v):
    q = Decimal(v).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    w, f = f"{q:.2f}".split(".")
    return f"${int(w):,}.{f}"
node = next(n for n in s["nodes"] if n["path"].endswith("/FinOpsCenter_DemoApp"))
wl = next(r for r in s["results"]["tokens.workloads"] if r["workload_id"] == "demo-app")
pct = lambda v: str((Decimal(v) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) + "%"
scope = node["path"]
keep = {scope} | {"/".join(scope.split("/")[:i]) for i in range(1, 4)}
outside = sorted({n["path"].rsplit("/", 1)[-1] for n in s["nodes"] if n["path"] not in keep})
tools = ["total_spend", "spend_by_workload", "spend_by_model", "spend_by_region_type", "unattributed_spend", "budget",
         "tokens", "cache_hit_rate", "map_credits", "unapproved_models", "report_card", "open_tasks",
         "change_since_last_month", "ask"]
pat = {
    "total_spend": [money(node["usage_usd"])],
    "budget": [money(wl["forecast_usd"]), money(wl["forecast_over_usd"]), f"{wl['variance']['output']:.2f}×",
               pct(wl["cache_hit_rate"])],
    "ask": [money(wl["forecast_over_usd"]), pct(wl["cache_hit_rate"])],
    "cache_hit_rate": [pct(node["cache_hit_rate"]), money(node["cache_savings_month_usd"])],
    "map_credits": [money(node["map"]["at_risk_usd"])],
    "report_card": [f"{node['score']} of 100 ({node['grade']})"],
    "tokens": [f"{int(node['tokens']['output']):,}"],
}
lee = {"map_credits": [money(s["totals"]["map_qualifying_usd"]), money(s["totals"]["map_at_risk_usd"])]}
json.dump({"tools": tools, "pat": pat, "pat_outside": outside, "lee": lee}, open(sys.argv[2], "w"), ensure_ascii=False)
PYEOF
node "$M/client.mjs" "$FINOPS" "$C" "$T/expect.json"
