#!/bin/sh
# map_demo.sh: the demo's MAP, model-policy and task figures (examples/demo/README.md), end to end.
# usage: map_demo.sh FINOPS_BINARY SOURCE_DIR SCRATCH_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
# within WANT +- TOL (decimal strings; awk compares as numbers, only for the check)
near() { # got want tol what
  if awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'; then ok
  else bad "$4: got '$1', want $2 +- $3"; fi
}
json_num() { # file key: the first number after "key":
  tr -d ' \n' <"$1" | grep -o "\"$2\":[-0-9.e]*" | head -1 | cut -d: -f2
}
count() { # file pattern
  grep -c -- "$2" "$1"
}

rm -rf "$T" && mkdir -p "$T"
"$FINOPS" run -c "$SRC/examples/demo/finops.yaml" --out "$T/out" -q >"$T/out.txt" 2>"$T/err.txt" || {
  bad "demo run failed"
  cat "$T/err.txt" >&2
}
S=$T/out/2026-11/summary.json
Q=$T/out/2026-11/tasks.csv

# MAP: about 34,200 qualifying and 8,600 at risk across exactly 4 map_eligible workloads.
near "$(json_num "$S" map_qualifying_usd)" 34200 0.01 "MAP qualifying"
near "$(json_num "$S" map_at_risk_usd)" 8600 0.01 "MAP at risk"
[ "$(json_num "$S" map_at_risk_workloads)" = 4 ] && ok || bad "4 workloads at risk"
# one compliance task per such workload, to its Cloud Engineer, with its dollars
[ "$(grep -c ',map_' "$Q")" = 4 ] && ok || bad "4 MAP tasks"
for w in "demo-app,map_create_profile,high,cloud_engineer,chris@example.com,1133.32" \
  "recruiting-assistant,map_create_profile,high,cloud_engineer,riley@example.com,3099.99" \
  "catalog-enrichment,map_create_profile,high,cloud_engineer,jordan@example.com,2899.99" \
  "doc-classifier,map_fix_tag_value,high,cloud_engineer,alex@example.com,1466.66"; do
  [ "$(count "$Q" ",$w")" = 1 ] && ok || bad "MAP task $w"
done
grep -q 'doc-classifier,map_fix_tag_value.*MIG12345.*change it to mig12345' "$Q" && ok || bad "tag fix named"
grep -q 'catalog-enrichment,map_create_profile.*system inference profile' "$Q" && ok || bad "system profile named"
grep -q 'demo-app,map_create_profile.*k3v9q2m7x1pd, which has no map-migrated tag' "$Q" && ok ||
  bad "demo-app's untagged profile named"
# per node, rolled up: HR Portal, Customer Insights and Product Search qualify
flat=$T/summary.flat
tr -d ' \n' <"$S" >"$flat"
grep -q '"path":"Enterprise/Enterprise_Applications/People_Technology/HRPortal",[^]]*"map":{"qualifying_usd":14199.999984015,"at_risk_usd":0,' "$flat" && ok ||
  bad "HR Portal qualifies through its tagged profiles"
grep -q '"path":"Enterprise","level":"BusinessUnit",[^]]*"map":{"qualifying_usd":23599.999969215,"at_risk_usd":4233.329984875,' "$flat" && ok ||
  bad "Enterprise rolls up MAP figures"

# Models outside the approved list: Support Summarizer (Marketplace Claude 3.5 Sonnet, 2,350) and
# Checkout Assistant (Llama 3.3 70B, 450); Research Lab approves everything.
near "$(json_num "$S" unapproved_model_usd)" 2800 0.01 "unapproved total"
grep -q '"workload_id":"support-summarizer","model":"Claude3.5Sonnet","usd":2349.9999975' "$flat" && ok ||
  bad "Support Summarizer's Claude 3.5 Sonnet"
grep -q '"workload_id":"checkout-assistant","model":"Llama3.370B","usd":449.99' "$flat" && ok ||
  bad "Checkout Assistant's Llama 3.3 70B"
[ "$(grep -o '"workload_id":"research-lab","model"' "$flat" | wc -l)" = 0 ] && ok || bad "Research Lab is approved"
[ "$(count "$Q" ',support-summarizer,unapproved_model,high,cloud_engineer,riley@example.com,2349.99')" = 1 ] && ok ||
  bad "policy task for Support Summarizer's engineer"
[ "$(count "$Q" ',checkout-assistant,unapproved_model,medium,cloud_engineer,jordan@example.com,449.99')" = 1 ] && ok ||
  bad "policy task for Checkout Assistant's engineer"
# no product owner is configured for either: the portfolio manager, else the FinOps leader, is told
[ "$(count "$Q" ',support-summarizer,unapproved_model_notice,low,portfolio_manager,morgan@example.com,')" = 1 ] && ok ||
  bad "Support Summarizer's notice to the portfolio manager"
[ "$(count "$Q" ',checkout-assistant,unapproved_model_notice,low,finops_leader,lee@example.com,')" = 1 ] && ok ||
  bad "Checkout Assistant's notice to the FinOps leader"

# Tasks: unclaimed roles of the portfolio's accounts go to the product owners under its node,
# one task for all of them together.
[ "$(count "$Q" 'Enterprise/Enterprise_Applications,,unclaimed_role,high,product_owner,dana@example.com; robin@example.com; kim@example.com,1649.99')" = 1 ] && ok ||
  bad "unclaimed role task for the product owners under the account's node"
# every row's node path is a node of the hierarchy (or empty) and its workload's node
awk -F, 'NR > 1 && $4 != "" && index($3, "/") == 0 { exit 1 }' "$Q" && ok || bad "workload tasks name a workload node"
# Audit evidence: Doc Classifier's 1,466.67 at risk is the invalid role tag MIG12345, with its cause;
# every workload's evidence adds up to its qualifying and at-risk spend, and the causes to at risk.
# The quarter to date (2026-Q4) adds October to November.
/usr/bin/python3 - "$S" <<'PY' && ok || bad "MAP evidence and quarter tie to map.workloads and the totals"
import json, sys
s = json.load(open(sys.argv[1]))
R, T = s["results"], s["totals"]
fails = []
def near(a, b, eps=1e-6):
    return abs(a - b) <= eps
ev = R["map.evidence"]
for w in R["map.workloads"]:
    rows = [e for e in ev if e["workload_id"] == w["workload_id"]]
    q, r = sum(e["qualifying_usd"] for e in rows), sum(e["at_risk_usd"] for e in rows)
    if not near(q, w["qualifying_usd"]) or not near(r, w["at_risk_usd"]):
        fails.append("%s: evidence %.6f / %.6f, map.workloads %.6f / %.6f" % (w["workload_id"], q, r, w["qualifying_usd"], w["at_risk_usd"]))
    causes = sum(w[k] for k in w if k.endswith("_usd") and k not in ("usage_usd", "qualifying_usd", "via_profile_tag_usd", "via_role_tag_usd", "at_risk_usd"))
    if not near(causes, w["at_risk_usd"]):
        fails.append("%s: causes %.6f != at risk %.6f" % (w["workload_id"], causes, w["at_risk_usd"]))
if not near(sum(e["qualifying_usd"] for e in ev), T["map_qualifying_usd"]) or not near(sum(e["at_risk_usd"] for e in ev), T["map_at_risk_usd"]):
    fails.append("evidence does not add up to the totals")
doc = [e for e in ev if e["workload_id"] == "doc-classifier"]
if not doc or any(e["cause"] != "invalid_tag" or e["tag_value"] != "MIG12345" or e["tag_valid"] != 0 or
                  e["tag_key"] != "tags: iamPrincipal/map-migrated" or "mig12345 is valid" not in e["why"] or
                  e["principal"] != "arn:aws:iam::629301847562:role/doc-classifier-pipeline" or e["days"] != 20
                  for e in doc) or not near(sum(e["at_risk_usd"] for e in doc), 1466.6699964):
    fails.append("Doc Classifier's evidence: %s" % doc)
hr = [e for e in ev if e["workload_id"] == "hr-portal"]
if not hr or any(e["engagement_id"] != "12345" or e["cause"] != "profile_tag" for e in hr):
    fails.append("HR Portal qualifies through profiles tagged mig12345: %s" % hr)
if T["map_quarter"] != "2026-Q4" or T["map_quarter_months"] != "2026-10, 2026-11":
    fails.append("quarter %s months %s" % (T["map_quarter"], T["map_quarter_months"]))
qm = R["map.quarter_months"]
for q in R["map.quarter"]:
    ms = [m for m in qm if m["workload_id"] == q["workload_id"] and m["node"] == q["node"]]
    for k in ("qualifying_usd", "at_risk_usd"):
        if not near(sum(m[k] for m in ms), q[k]):
            fails.append("%s: months %s do not add to the quarter" % (q["workload_id"], k))
    this = [m for m in ms if m["month"] == "2026-11"]
    w = [x for x in R["map.workloads"] if x["workload_id"] == q["workload_id"]]
    if w and not (near(q["period_qualifying_usd"], w[0]["qualifying_usd"]) and near(q["period_at_risk_usd"], w[0]["at_risk_usd"])):
        fails.append("%s: this month's figures differ from map.workloads" % q["workload_id"])
if not near(sum(q["qualifying_usd"] for q in R["map.quarter"]), T["map_quarter_qualifying_usd"]) or \
        not near(sum(q["at_risk_usd"] for q in R["map.quarter"]), T["map_quarter_at_risk_usd"]):
    fails.append("map.quarter does not add up to the quarter totals")
hq = [q for q in R["map.quarter"] if q["workload_id"] == "hr-portal"][0]
if not near(hq["qualifying_usd"], 14199.999984015 + 17607.999989665):
    fails.append("HR Portal's quarter: %s" % hq)
for f in fails:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if fails else 0)
PY

# same input: the same task ids, byte-identical file
cp "$Q" "$T/tasks.first"
"$FINOPS" run -c "$SRC/examples/demo/finops.yaml" --out "$T/out" -q >/dev/null 2>&1 || bad "rerun failed"
cmp -s "$T/tasks.first" "$Q" && ok || bad "tasks.csv differs on a rerun"

echo "map_demo: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
