#!/bin/sh
# attribution.sh: every attribution rule and reason on a hand-made CUR (tests/data/attribution),
# figures worked out by hand below; the host's reconciliation guard; the demo's figures.
# usage: attribution.sh FINOPS SOURCE_DIR SCRATCH_DIR UNBALANCED_PLUGIN_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
UNBALANCED=$4
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
same() { # expected-file actual-file what
  if cmp -s "$1" "$2"; then ok; else bad "$3 differs"; diff "$1" "$2" >&2; fi
}
has() { # file fixed-string what
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; fi
}

rm -rf "$T" && mkdir -p "$T" && cp -r "$SRC/tests/data/attribution" "$T/rules"
"$FINOPS" run -c "$T/rules/finops.yaml" >"$T/out.txt" 2>"$T/err.txt" || { bad "rules run failed"; cat "$T/err.txt" >&2; }
OUT=$T/rules/out/2026-11

# By hand, from cur.csv (row numbers as in its comments):
#   wl-a: rows 1 (10.00, profile, called by wl-b's role: double claim) + 2 (5.00) = 15.00 via profile;
#         200 K cache-read tokens (row 1), 10 K output tokens (row 2).
#   wl-b: rows 3 (7.25) + 14 (Marketplace 2.50) = 9.75 via role, credit row 11 -2.00;
#         100 K input (row 3) and 0.1 M output "Units" (row 14).
#   wl-c: rows 5 (4.00) + 7 (API key user, 1.50) + 17 (0.10, first day) + 18 (0.20, last day) = 5.80;
#         0.5 M + 1 K + 1 K input, 4 K one-hour cache write.
#   unattributed 111111111111 (Retail): no_principal row 9 (0.75) and credit row 10 (-1.00);
#         unclaimed rows 8 (6.0000000001, shown with 6 decimals) + 15 (0.50).
#   unattributed 222222222222 (Lab/Research): before_claim row 4 (3.00), after_claim row 6 (2.00).
#   unattributed 333333333333 (no node): unclaimed row 16 (0.25): same role name, other account.
#   October (row 12) and EC2 (row 13) are not in November's Bedrock spend. After the contract's
#   columns: the as-of day and whether the month is complete.
cat >"$T/chargeback.expected" <<'CSV'
period,workload_id,node_path,account_id,bucket,reason,usage_usd,adjustments_usd,net_usd,via_profile_usd,via_role_usd,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,as_of,month_complete
2026-11,wl-a,Retail/Search/Search A,,workload,,15.000000,0.000000,15.000000,15.000000,0.000000,0,10000,200000,0,2026-12-01,true
2026-11,wl-b,Retail/Search/Chat B,,workload,,9.750000,-2.000000,7.750000,0.000000,9.750000,100000,100000,0,0,2026-12-01,true
2026-11,wl-c,Lab/Research/Notebook C,,workload,,5.800000,0.000000,5.800000,0.000000,5.800000,502000,0,0,4000,2026-12-01,true
2026-11,,Retail,111111111111,unattributed,no_principal,0.750000,-1.000000,-0.250000,0.000000,0.000000,1000,0,0,0,2026-12-01,true
2026-11,,Retail,111111111111,unattributed,unclaimed,6.500000,0.000000,6.500000,0.000000,0.000000,2000,0,0,0,2026-12-01,true
2026-11,,Lab/Research,222222222222,unattributed,before_claim,3.000000,0.000000,3.000000,0.000000,0.000000,1000,0,0,0,2026-12-01,true
2026-11,,Lab/Research,222222222222,unattributed,after_claim,2.000000,0.000000,2.000000,0.000000,0.000000,1000,0,0,0,2026-12-01,true
2026-11,,,333333333333,unattributed,unclaimed,0.250000,0.000000,0.250000,0.000000,0.000000,1000,0,0,0,2026-12-01,true
CSV
same "$T/chargeback.expected" "$OUT/chargeback.csv" "chargeback.csv"

# unattributed.csv: one row per identity, what to claim, and how.
cut -d, -f1-14 "$OUT/unattributed.csv" >"$T/unattributed.got"
cat >"$T/unattributed.expected" <<'CSV'
period,account_id,node_path,reason,principal_kind,claim_arn,seen_as,usage_usd,adjustments_usd,net_usd,rows,principals,first_day,last_day
2026-11,111111111111,Retail,no_principal,,,,0.000000,-1.000000,-1.000000,1,1,2026-11-30,2026-11-30
2026-11,111111111111,Retail,no_principal,,,arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4,0.750000,0.000000,0.750000,1,1,2026-11-08,2026-11-08
2026-11,111111111111,Retail,unclaimed,iam_role,arn:aws:iam::111111111111:role/b-role-2,arn:aws:sts::111111111111:assumed-role/b-role-2,0.500000,0.000000,0.500000,1,1,2026-11-09,2026-11-09
2026-11,111111111111,Retail,unclaimed,iam_role,arn:aws:iam::111111111111:role/x-role,arn:aws:sts::111111111111:assumed-role/x-role,6.000000,0.000000,6.000000,1,1,2026-11-07,2026-11-07
2026-11,222222222222,Lab/Research,before_claim,iam_role,arn:aws:iam::222222222222:role/c-role,arn:aws:sts::222222222222:assumed-role/c-role,3.000000,0.000000,3.000000,1,1,2026-11-05,2026-11-05
2026-11,222222222222,Lab/Research,after_claim,iam_role,arn:aws:iam::222222222222:role/c-role,arn:aws:sts::222222222222:assumed-role/c-role,2.000000,0.000000,2.000000,1,1,2026-11-25,2026-11-25
2026-11,333333333333,,unclaimed,iam_role,arn:aws:iam::333333333333:role/b-role,arn:aws:sts::333333333333:assumed-role/b-role,0.250000,0.000000,0.250000,1,1,2026-11-09,2026-11-09
CSV
same "$T/unattributed.expected" "$T/unattributed.got" "unattributed.csv"
has "$OUT/unattributed.csv" "finops claim --workload WORKLOAD_ID --iam-role arn:aws:iam::111111111111:role/x-role --from 2026-11-07" "claim command for an unclaimed role"
has "$OUT/unattributed.csv" ",wl-c,\"wl-c's claim starts 2026-11-10; if this spend was theirs, move the claim's from back to 2026-11-05\"" "before_claim names the claim"

# summary.json: exact totals (10 decimals), rollup per node, coverage, the double claim.
S=$OUT/summary.json
has "$S" '"bedrock_usd": 40.0500000001' "Bedrock total, exact"
has "$S" '"attributed_usd": 30.55' "attributed usage"
has "$S" '"unattributed_usd": 12.5000000001' "unattributed usage, exact"
has "$S" '"adjustments_usd": -3' "adjustments"
tr -d ' \n' <"$S" >"$T/summary.flat"
has "$T/summary.flat" '{"path":"Retail","level":"Division","workload_id":null,"usage_usd":24.75,"unattributed_usd":7.2500000001,' "Retail rolls up its workloads and its account's unattributed spend"
has "$T/summary.flat" '"adjustments_usd":-2,"unattributed_adjustments_usd":-1,"net_usd":29.0000000001,"via_profile_usd":15,"via_role_usd":9.75,"coverage":{"profile":0.468750,"role":0.304687,"unattributed":0.226563}' "Retail coverage"
has "$T/summary.flat" '{"path":"Lab/Research","level":"Team","workload_id":null,"usage_usd":5.8,"unattributed_usd":5,' "Lab/Research"
has "$T/summary.flat" '"conflicts":[{"node":"Retail/Search/SearchA","kind":"double_claim","profile_workload":"wl-a","role_workload":"wl-b","usd":10,"rows":1,' "double claim counted once and reported"
has "$T/summary.flat" '"kind":"unclaimed_role","severity":"medium","workload_id":"","assignee_role":"product_owner","usd_at_stake":6.0000000001' "finding for the unclaimed role, exact amount"
has "$T/summary.flat" '"key":"role/111111111111/x-role"' "finding for the unclaimed role"

# Reconciliation is enforced by the host: a chargeback one unit (1e-10 USD) short is refused and
# the previous reports stay as they were.
before=$(cat "$OUT"/*.csv "$OUT"/*.json | cksum)
"$FINOPS" run -c "$T/rules/finops.yaml" --plugins "$UNBALANCED" >"$T/out.txt" 2>"$T/err.txt"
rc=$?
[ "$rc" -eq 1 ] && ok || bad "unbalanced chargeback: exit $rc, want 1"
has "$T/err.txt" "chargeback does not reconcile: its rows sum to 40.0500000000 USD, the period's Bedrock rows to 40.0500000001 USD (difference -0.0000000001 USD)" "reconciliation message"
after=$(cat "$OUT"/*.csv "$OUT"/*.json | cksum)
[ "$before" = "$after" ] && ok || bad "a refused run changed the published reports"

# The demo: the figures of examples/demo/README.md.
cp -r "$SRC/examples/demo" "$T/demo" && rm -rf "$T/demo/out"
"$FINOPS" run -c "$T/demo/finops.yaml" >"$T/out.txt" 2>"$T/err.txt" || { bad "demo run failed"; cat "$T/err.txt" >&2; }
D=$T/demo/out/2026-11
has "$D/chargeback.csv" "2026-11,demo-app,Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/FinOpsCenter_DemoApp,,workload,,1133.329990,0.000000,1133.329990,539.679994,593.649996," "demo-app 1,133.33 (profile 539.68, role 593.65)"
has "$D/chargeback.csv" "2026-11,hr-portal,Enterprise/Enterprise_Applications/People_Technology/HR Portal,,workload,,14199.999984," "HR Portal 14,200"
has "$D/chargeback.csv" "2026-11,customer-insights,Enterprise/Enterprise_Applications/Customer_Analytics/Customer Insights,,workload,,9399.999985," "Customer Insights 9,400"
has "$D/chargeback.csv" ",,Digital/Digital_Research,629301847562,unattributed,before_claim,1327.089528," "Research Lab before its claim"
has "$D/unattributed.csv" "arn:aws:iam::284750193846:role/hr-analytics-notebook" "unclaimed role 1"
has "$D/unattributed.csv" "arn:aws:iam::390517264820:role/ci-batch-scoring" "unclaimed role 2"
has "$D/unattributed.csv" "arn:aws:iam::390517264820:role/AWSReservedSSO_DataScientist_4f2a9c1e7b3d5a60" "unclaimed role 3"
has "$D/summary.json" '"bedrock_usd": 52094.998891345' "demo Bedrock total"
tr -d ' \n' <"$D/summary.json" >"$T/demo.flat"
has "$T/demo.flat" '"profile_workload":"product-search","role_workload":"checkout-assistant","usd":119.999998' "demo double claim"
has "$T/demo.flat" '{"path":"Enterprise/Enterprise_Applications","level":"Portfolio","workload_id":null,"usage_usd":29049.99996178,"unattributed_usd":3799.99997976,' "portfolio: products and 3,800 unclaimed"

echo "attribution: $pass checks, $fail failed"
[ "$fail" -eq 0 ]
