#!/bin/sh
# restate.sh: the month-end close files. reconciliation.csv accounts for every CUR row and dollar
# read (per billing family, line item type and invoice; rows of other services, other periods and
# malformed rows on their own lines) and ties to summary.json and chargeback.csv; changes.csv,
# written when a period is run again over a published pack (or --compare DIR), names what changed
# and why, for restatements whose differences are known: a late credit, a changed usage row, a new
# claim, a changed estimate. A rerun of unchanged inputs is byte-identical.
# usage: restate.sh FINOPS_BINARY SOURCE_DIR SCRATCH_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
PY=/usr/bin/python3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_rc() { # expected-rc description command...
  want=$1; what=$2; shift 2
  "$@" >"$T/out.txt" 2>"$T/err.txt"; got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, want $want"; sed 's/^/  | /' "$T/out.txt" "$T/err.txt" >&2; fi
}
expect_grep() { # file fixed-string description
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/  | /' "$1" >&2; fi
}
# line FILE KIND-AND-KEY: the CSV line starting with that text (after the period)
line() { grep -F -- ",$2" "$1" | head -1; }
expect_line() { # file line-fragment description
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: no line with '$2' in $1"; sed 's/^/  | /' "$1" >&2; fi
}

rm -rf "$T" && mkdir -p "$T/cur"
cat >"$T/finops.yaml" <<'YAML'
version: 1
organization: Restate Corp
inputs:
  cur: [cur/]
hierarchy:
  levels: [BU, Workload]
accounts:
  "111122223333": BU1
workloads:
  - id: w1
    name: W1
    parent: BU1
  - id: w2
    name: W2
    parent: BU1
    estimate: {monthly_usd: 100}
YAML
cat >"$T/claims.yaml" <<'YAML'
- workload: w1
  iam_role: arn:aws:iam::111122223333:role/r1
  from: 2026-11-01
  claimed_by: a@example.com
  claimed_at: 2026-11-01
YAML
H=bill_invoice_id,bill_billing_entity,line_item_product_code,product_product_name,line_item_usage_start_date,line_item_usage_account_id,line_item_iam_principal,line_item_usage_type,line_item_line_item_type,line_item_usage_amount,line_item_unblended_cost,bill_billing_period_start_date
R1=arn:aws:sts::111122223333:assumed-role/r1/s1
R2=arn:aws:sts::111122223333:assumed-role/r2/s2
{
  echo "$H"
  echo "INV-1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-03,111122223333,$R1,USE1-NovaLite-input-tokens,Usage,1,10.0000000001,2026-11-01"
  echo "INV-1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-04,111122223333,$R2,USE1-NovaLite-input-tokens,Usage,1,5,2026-11-01"
  echo "INV-1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-04,111122223333,,USE1-NovaLite-input-tokens,Usage,1,2,2026-11-01"
  echo "INV-1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-04,111122223333,$R1,USE1-NovaLite-input-tokens,Tax,0,0.5,2026-11-01"
  echo "INV-2,AWS Marketplace,prod-abc,Claude (Amazon Bedrock Edition),2026-11-05,111122223333,$R1,USE1-MP:input,Usage,1,3,2026-11-01"
  echo "INV-1,AWS,AmazonEC2,Amazon Elastic Compute Cloud,2026-11-04,111122223333,,BoxUsage,Usage,1,100.25,2026-11-01"
  echo "INV-1,AWS,AmazonS3,Amazon Simple Storage Service,2026-11-04,111122223333,,Requests,Usage,1,\"1.75\",2026-11-01"
  echo "INV-0,AWS,AmazonBedrock,Amazon Bedrock,2026-10-30,111122223333,$R1,USE1-NovaLite-input-tokens,Usage,1,7,2026-10-01"
  echo "INV-1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-04,111122223333,$R1,USE1-NovaLite-input-tokens,Usage,1,1x,2026-11-01"
} >"$T/cur/a.csv"
run() { expect_rc 0 "run $*" "$FINOPS" run -c "$T/finops.yaml" --period 2026-11 --as-of 2026-11-21 -q --allow-malformed 1 "$@"; }
O=$T/out/2026-11

# ties every figure of reconciliation.csv and changes.csv to summary.json and chargeback.csv (1e-6 USD)
ties() {
  "$PY" - "$O" <<'PYEOF' || bad "ties: $(cat "$T/ties.txt")"
import csv, json, os, sys
from decimal import Decimal as D
o = sys.argv[1]
S = json.load(open(os.path.join(o, "summary.json")), parse_float=D)
cb = list(csv.DictReader(open(os.path.join(o, "chargeback.csv"))))
rc = list(csv.DictReader(open(os.path.join(o, "reconciliation.csv"))))
errs = []
def near(a, b, eps=D("0.000001")):
    return abs(D(a) - D(b)) <= eps
money = [k for k in rc[0] if k.endswith("_usd") or k == "usd_in" or k == "usd_out"]
lines = [r for r in rc if r["kind"] == "bedrock"]
tot = [r for r in rc if r["kind"] == "bedrock_total"][0]
for k in money + ["rows"]:  # every column sums exactly
    s = sum(D(r[k]) for r in lines)
    if s != D(tot[k]):
        errs.append("column %s sums to %s, total line %s" % (k, s, tot[k]))
for r in lines + [tot]:  # every dollar in is a dollar out
    un = sum(D(r[k]) for k in money if k.startswith("unattributed_") and k != "unattributed_usd")
    if D(r["usd_in"]) != D(r["usd_out"]) or D(r["attributed_usd"]) + un != D(r["usd_out"]) or un != D(r["unattributed_usd"]):
        errs.append("line %s %s %s does not balance" % (r["family"], r["line_item_type"], r["invoice_id"]))
if D(tot["usd_in"]) != S["totals"]["bedrock_usd"]:
    errs.append("total in %s != summary bedrock_usd %s" % (tot["usd_in"], S["totals"]["bedrock_usd"]))
if not near(tot["attributed_usd"], sum(D(r["net_usd"]) for r in cb if r["bucket"] == "workload")):
    errs.append("attributed %s != chargeback workloads' net" % tot["attributed_usd"])
for reason in ("no_principal", "unclaimed", "before_claim", "after_claim"):
    want = sum(D(r["net_usd"]) for r in cb if r["bucket"] == "unattributed" and r["reason"] == reason)
    if not near(tot["unattributed_%s_usd" % reason], want):
        errs.append("unattributed %s %s != chargeback %s" % (reason, tot["unattributed_%s_usd" % reason], want))
# the summary.json result is the same lines, exactly
res = S["results"]["ledger.reconciliation"]
if [(r["family"], r["line_item_type"], r["invoice_id"], D(str(r["usd_in"]))) for r in res] != \
        [(r["family"], r["line_item_type"], r["invoice_id"], D(r["usd_in"])) for r in lines]:
    errs.append("summary.json ledger.reconciliation differs from reconciliation.csv")
# all rows read are on a line
cur = [r for r in rc if r["kind"] == "cur_total"]
if not cur or int(cur[0]["rows"]) != S["ingest"]["rows"]:
    errs.append("cur_total rows %s != rows read %s" % (cur[0]["rows"] if cur else None, S["ingest"]["rows"]))
elif int(cur[0]["rows"]) != sum(int(r["rows"]) for r in rc if r["kind"] not in ("bedrock", "cur_total")):
    errs.append("cur_total rows are not the sum of the lines")
if cur and D(cur[0]["usd_in"]) != sum(D(r["usd_in"] or 0) for r in rc if r["kind"] not in ("bedrock", "cur_total")):
    errs.append("cur_total dollars are not the sum of the lines")
# changes.csv: new figures are the chargeback's, the total line the period's total
p = os.path.join(o, "changes.csv")
if os.path.exists(p):
    ch = list(csv.DictReader(open(p)))
    by = {(r["bucket"], r["workload_id"], r["account_id"], r["reason"]): r for r in cb}
    for r in ch:
        if r["bucket"] in ("workload", "unattributed"):
            c = by.get((r["bucket"], r["workload_id"], r["account_id"], r["reason"]))
            if c is None and D(r["net_usd"]) != 0 or c is not None and not near(r["net_usd"], c["net_usd"]):
                errs.append("changes %s %s: net %s is not the chargeback's" % (r["bucket"], r["workload_id"], r["net_usd"]))
        if r["bucket"] != "total" and not near(D(r["change_usd"]), D(r["net_usd"]) - D(r["previous_net_usd"])):
            errs.append("changes %s: change != net - previous" % r["workload_id"])
    t = [r for r in ch if r["bucket"] == "total"]
    body = [r for r in ch if r["bucket"] != "total"]
    for k in ("previous_net_usd", "net_usd", "change_usd", "usage_usd", "adjustments_usd"):
        if not t or sum(D(r[k]) for r in body) != D(t[0][k]):
            errs.append("changes.csv column %s does not sum to its total line" % k)
    if t and not near(t[0]["net_usd"], S["totals"]["bedrock_usd"]):
        errs.append("changes.csv total net %s != bedrock_usd" % t[0]["net_usd"])
    if [r["cause"] for r in S["results"]["ledger.changes"]] != [r["cause"] for r in body]:
        errs.append("summary.json ledger.changes differs from changes.csv")
open(os.path.join(os.path.dirname(os.path.dirname(o)), "ties.txt"), "w").write("; ".join(errs))
sys.exit(1 if errs else 0)
PYEOF
  ok
}

# ---- the first run: reconciliation, no comparison ----
run
R=$O/reconciliation.csv
expect_line "$R" "2026-11,bedrock,AWS-billed,Tax,INV-1,,1,0.5000000000,0.5000000000," "tax line"
expect_line "$R" "2026-11,bedrock,AWS-billed,Usage,INV-1,,3,17.0000000001,10.0000000001,2.0000000000,5.0000000000,0.0000000000,0.0000000000,0.0000000000,7.0000000000,17.0000000001,0.0000000000" "usage line split by reason"
expect_line "$R" "2026-11,bedrock,Marketplace,Usage,INV-2,,1,3.0000000000,3.0000000000," "Marketplace line on its own invoice"
expect_line "$R" "2026-11,bedrock_total,,,,,5,20.5000000001,13.5000000001," "total line"
expect_line "$R" "2026-11,non_bedrock,,,INV-1,,2,102.0000000000," "other services skipped, with their dollars"
expect_line "$R" "2026-10,other_period,,,,,1,7.0000000000," "another billing period in the inputs"
expect_line "$R" "2026-11,malformed,,,,cur/a.csv,1," "the malformed row and its file"
expect_line "$R" "2026-11,cur_total,,,,,9,129.5000000001," "every row and dollar read"
ties
if [ -e "$O/changes.csv" ]; then bad "changes.csv without a previous pack"; else ok; fi
cp -r "$O" "$T/v1"
# same inputs again: byte-identical, still no comparison
run
if diff -r "$T/v1" "$O" >/dev/null; then ok; else bad "rerun of the same inputs differs"; fi

# ---- a late credit ----
{
  echo "$H"
  echo "INV-1,AWS,AmazonBedrock,Amazon Bedrock,2026-11-06,111122223333,$R1,USE1-NovaLite-input-tokens,Credit,0,-1.5,2026-11-01"
} >"$T/cur/b.csv"
run
C=$O/changes.csv
expect_line "$C" "2026-11,workload,w1,BU1/W1,,,13.000000,13.000000,0.500000,-1.000000,13.500000,12.000000,-1.500000,\"credits, refunds or other adjustments added or changed (Credit -1.50 USD)\"," "a late credit, its workload and cause"
expect_line "$C" "2026-11,total,,,,,20.000000,20.000000,0.500000,-1.000000,20.500000,19.000000,-1.500000," "the total line: both periods' totals"
expect_grep "$C" "$(sha256sum "$T/v1/manifest.json" | cut -d' ' -f1),$T/out/2026-11" "the previous manifest's sha256 and folder are named"
expect_line "$O/reconciliation.csv" "2026-11,bedrock,AWS-billed,Credit,INV-1,,1,-1.5000000000,-1.5000000000," "the credit in reconciliation"
ties
cp -r "$O" "$T/v2"
# unchanged inputs again: the comparison stands, byte for byte
run
if diff -r "$T/v2" "$O" >/dev/null; then ok; else bad "rerun after a restatement differs"; fi

# ---- a changed usage row: r2's 5 USD become 6 ----
sed -i 's|assumed-role/r2/s2,USE1-NovaLite-input-tokens,Usage,1,5,|assumed-role/r2/s2,USE1-NovaLite-input-tokens,Usage,1,6,|' "$T/cur/a.csv"
run
expect_line "$C" "2026-11,unattributed,,BU1,111122223333,unclaimed,5.000000,6.000000,0.000000,0.000000,5.000000,6.000000,1.000000,CUR usage rows new or changed (Usage +1.00 USD)," "a changed usage row"
if grep -q "^2026-11,workload,w1," "$C"; then bad "unchanged workload listed"; else ok; fi
ties

# ---- a new claim: w2 claims r2 ----
# (the inputs hold a malformed row: the claim is forced, and still reports the spend it can see)
expect_rc 0 "claim" "$FINOPS" claim -c "$T/finops.yaml" --workload w2 --iam-role arn:aws:iam::111122223333:role/r2 --from 2026-11-01 --by b@example.com --force
expect_grep "$T/out.txt" "arn:aws:iam::111122223333:role/r2: seen in 1 CUR rows, 6.00 USD in 2026-11" "--force still reports the spend it can see"
expect_grep "$T/out.txt" "(from the CUR data that could be read: problems above; --force)" "--force says the malformed row is left out"
run
expect_line "$C" "2026-11,workload,w2,BU1/W2,,,0.000000,6.000000,0.000000,0.000000,0.000000,6.000000,6.000000,claim added: arn:aws:iam::111122223333:role/r2 from 2026-11-01," "a new claim moves the spend to its workload"
expect_line "$C" "2026-11,unattributed,,BU1,111122223333,unclaimed,6.000000,0.000000,0.000000,0.000000,6.000000,0.000000,-6.000000,spend moved by claim changes of w2," "and out of the unclaimed bucket"
expect_line "$C" "2026-11,total,,,,,21.000000,21.000000,-1.000000,-1.000000,20.000000,20.000000,0.000000," "a claim moves money, the total stays"
ties

# ---- an estimate changed: no dollar moves, the workload is listed with the cause ----
sed -i 's|estimate: {monthly_usd: 100}|estimate: {monthly_usd: 150}|' "$T/finops.yaml"
run
expect_line "$C" "2026-11,workload,w2,BU1/W2,,,6.000000,6.000000,0.000000,0.000000,6.000000,6.000000,0.000000,estimate changed: 100.00 USD a month -> 150.00 USD a month," "an estimate change"
ties

# ---- a price table: forecasts and list prices move, the net does not ----
cp "$SRC/tests/data/tokens/prices-custom.yaml" "$T/prices.yaml"
echo "prices: prices.yaml" >>"$T/finops.yaml"
run
expect_line "$C" "2026-11,workload,w1,BU1/W1,,,13.000000,13.000000,-1.000000,-1.000000,12.000000,12.000000,0.000000,price table changed," "a price table change is named on every workload"
ties

# ---- --compare: against the first pack, everything at once ----
run --compare "$T/v1"
expect_line "$C" "2026-11,workload,w1,BU1/W1,,,13.000000,13.000000,0.500000,-1.000000,13.500000,12.000000,-1.500000," "--compare: w1 against the first pack"
expect_grep "$C" "claim added: arn:aws:iam::111122223333:role/r2 from 2026-11-01; estimate changed: 100.00 USD a month -> 150.00 USD a month; CUR usage rows new or changed (Usage +1.00 USD)" "--compare: w2's causes"
expect_grep "$C" "$(sha256sum "$T/v1/manifest.json" | cut -d' ' -f1),$T/v1" "--compare names that pack"
ties
# a pack made before inputs were fingerprinted: only the figures are compared
cp -r "$T/v1" "$T/v0"
"$PY" - "$T/v0/summary.json" <<'PYEOF'
import json, sys
s = json.load(open(sys.argv[1]))
del s["results"]["ledger.inputs"]
json.dump(s, open(sys.argv[1], "w"))
PYEOF
run --compare "$T/v0"
if grep -q "price table changed\|estimate changed\|claim added" "$C"; then bad "causes claimed without the previous fingerprints"; else ok; fi
expect_line "$C" "2026-11,workload,w1,BU1/W1,,,13.000000,13.000000,0.500000,-1.000000,13.500000,12.000000,-1.500000," "figures still compared"
# the What changed sheet and the Reconciliation sheet are in the FinOps leader's workbook (no
# plugin set here: no packs); a --compare folder that is not a pack is a usage error
expect_rc 2 "--compare a folder without a pack" "$FINOPS" run -c "$T/finops.yaml" --period 2026-11 -q --allow-malformed 1 --compare "$T/cur"
expect_grep "$T/err.txt" "--compare: no summary.json here" "--compare error message"
expect_rc 2 "--compare without a value" "$FINOPS" run -c "$T/finops.yaml" --compare

# ---- finops claims: what each claim covered, in dollars, tied to the chargeback ----
run
expect_rc 0 "claims" "$FINOPS" claims -c "$T/finops.yaml" --as-of 2026-11-21
expect_grep "$T/err.txt" "covered_usd: what each claim attributed to its workload in 2026-11, from the published report $O/summary.json (as of 2026-11-21)" "claims says where the dollars come from"
cov() { awk -F'\t' -v w="$1" '$1 == w { print $10 " " $11 }' "$T/out.txt"; }
net() { awk -F, -v w="$1" '$2 == w { print $9 }' "$O/chargeback.csv"; }
expect_eq() { if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', want '$2'"; fi; }
expect_eq "$(cov w1)" "2026-11 $(net w1)" "w1's claim covered its net (usage, tax, credit)"
expect_eq "$(cov w2)" "2026-11 $(net w2)" "w2's new claim covered its net"
# the ledger changes after the run: the published figures are not used, a fresh run cannot read the
# malformed row (the listing stays, without dollars), then can once the row is fixed
expect_rc 0 "end a claim" "$FINOPS" claim -c "$T/finops.yaml" --workload w2 --iam-role arn:aws:iam::111122223333:role/r2 --until 2026-11-03
expect_rc 0 "claims with a changed ledger" "$FINOPS" claims -c "$T/finops.yaml" --as-of 2026-11-21
expect_grep "$T/err.txt" "the inputs could not be run" "a fresh run that fails is said"
expect_eq "$(cov w2)" " " "no dollars without figures"
sed -i '/,1x,/d' "$T/cur/a.csv"
expect_rc 0 "claims, fresh run" "$FINOPS" claims -c "$T/finops.yaml" --as-of 2026-11-21 --period 2026-11
expect_grep "$T/err.txt" "from a fresh run of the inputs (the published report was made from another claims ledger)" "a fresh run is said"
expect_eq "$(cov w2)" "2026-11 0.000000" "r2's spend on 2026-11-04 is after the claim's end"

echo "restate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
