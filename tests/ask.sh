#!/bin/sh
# ask.sh: `finops ask` and `finops approve` on a copy of the demo: the phrasing corpus for every demo
# person (tests/ask_corpus.py), then approvals: who may approve, refusals, the ledger, and an
# approved overage shown as approved (not as an alert) in answers, summary.json, tasks and packs.
# usage: ask.sh FINOPS_BINARY SOURCE_DIR SCRATCH_DIR STRIDE
set -u
FINOPS=$1
SRC=$2
T=$3
STRIDE=${4:-1}
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
expect_no_grep() { # file fixed-string description
  if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $1"; grep -F -- "$2" "$1" | sed 's/^/  | /' >&2; else ok; fi
}

rm -rf "$T" && mkdir -p "$T" && cp -r "$SRC/examples/demo" "$T/demo" && rm -rf "$T/demo/out" "$T/demo/approvals.yaml"
C=$T/demo/finops.yaml
L=$T/demo/approvals.yaml
expect_rc 2 "ask before any run" "$FINOPS" ask --as pat@example.com -c "$C" "What is my total AI spend?"
expect_grep "$T/err.txt" "no published results" "ask before any run"
expect_rc 0 "finops run" "$FINOPS" run -q -c "$C"

# the corpus: every person, every question type
if "$PY" "$SRC/tests/ask_corpus.py" "$FINOPS" "$C" "$SRC/tests/ask/phrasings.txt" "$STRIDE"; then ok; else bad "phrasing corpus"; fi

# what changed since last month, once the previous month is published
expect_rc 0 "finops run of the previous month" "$FINOPS" run -q -c "$C" --period 2026-10 --as-of 2026-11-01
expect_rc 0 "ask what changed" "$FINOPS" ask --as morgan@example.com -c "$C" "What changed since last month and what drove it?"
want=$("$PY" - "$T/demo/out" <<'PYEOF'
import json, sys
from decimal import Decimal, ROUND_HALF_UP
o = sys.argv[1]
node = lambda p: next(n for n in json.load(open(f"{o}/{p}/summary.json"), parse_float=Decimal)["nodes"] if n["path"] == "Enterprise/Enterprise_Applications")
m = lambda v: "${:,.2f}".format(Decimal(v).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
print(f"is {m(node('2026-11')['usage_usd'])} (month to date), against {m(node('2026-10')['usage_usd'])} in all of 2026-10")
PYEOF
)
expect_grep "$T/out.txt" "$want" "change since last month"
expect_grep "$T/out.txt" "The largest changes by workload: " "what drove it"

# ---- approvals ----
expect_rc 2 "a product owner may not approve" "$FINOPS" approve -c "$C" --workload demo-app --usd 250 \
  --until 2099-12-31 --by pat@example.com --reason "launch week"
expect_grep "$T/err.txt" "may not approve" "product owner refused"
expect_rc 2 "a portfolio manager may not approve outside the portfolio" "$FINOPS" approve -c "$C" \
  --workload demo-app --usd 250 --until 2099-12-31 --by morgan@example.com --reason "launch week"
expect_rc 2 "unknown workload" "$FINOPS" approve -c "$C" --workload nope --usd 250 --until 2099-12-31 \
  --by lee@example.com --reason x
expect_rc 2 "bad amount" "$FINOPS" approve -c "$C" --workload demo-app --usd 12x --until 2099-12-31 \
  --by lee@example.com --reason x
expect_rc 2 "bad day" "$FINOPS" approve -c "$C" --workload demo-app --usd 250 --until 2099-13-01 \
  --by lee@example.com --reason x
expect_rc 2 "a day already past" "$FINOPS" approve -c "$C" --workload demo-app --usd 250 --until 2000-01-01 \
  --by lee@example.com --reason x
expect_rc 2 "missing reason" "$FINOPS" approve -c "$C" --workload demo-app --usd 250 --until 2099-12-31 \
  --by lee@example.com
if [ -e "$L" ]; then bad "a refused approval wrote the ledger"; else ok; fi
expect_rc 0 "portfolio manager approves in the portfolio" "$FINOPS" approve -c "$C" --workload hr-portal \
  --usd 1000 --until 2099-12-31 --by morgan@example.com --reason "Open enrolment peak"
expect_rc 0 "FinOps leader approves" "$FINOPS" approve -c "$C" --workload demo-app --usd 250.00 \
  --until 2099-12-31 --by lee@example.com --reason 'Launch week: "load test" \ approved'
expect_grep "$T/out.txt" "approved: demo-app may run up to 250.00 USD" "approve output"
expect_grep "$L" "workload: demo-app" "ledger entry"
expect_grep "$L" "approved_by: lee@example.com" "ledger entry"
if ls -a "$T/demo" | grep -q '\.tmp-'; then bad "temporary ledger left behind"; else ok; fi
# the reason round-trips through YAML exactly
got=$("$PY" -c 'import sys,yaml; print(yaml.safe_load(open(sys.argv[1]))[-1]["reason"])' "$L")
if [ "$got" = 'Launch week: "load test" \ approved' ]; then ok; else bad "reason in the ledger: $got"; fi

# answers show the approval at once
expect_rc 0 "ask after approval" "$FINOPS" ask --as pat@example.com -c "$C" "Am I within my AI estimate this month?"
expect_grep "$T/out.txt" "approved up to \$250.00 until 2099-12-31 by Lee Rivera" "answer shows the approval"
expect_grep "$T/out.txt" "so it is no alert" "answer: approved, not an alert"
# packs, tasks and summary.json show it from the next run
expect_rc 0 "finops run with approvals" "$FINOPS" run -q -c "$C"
O=$T/demo/out/2026-11
"$PY" - "$O" >"$T/chk.txt" 2>&1 <<'PYEOF'
import csv, json, sys
o = sys.argv[1]
s = json.load(open(f"{o}/summary.json"))
node = next(n for n in s["nodes"] if n["path"].endswith("FinOpsCenter_DemoApp"))
fo = [a for a in node["alerts"] if a["kind"] == "forecast_over_estimate"]
assert fo and fo[0]["severity"] == "approved" and fo[0]["message"].startswith("Approved up to $250.00"), fo
rows = [r for r in csv.DictReader(open(f"{o}/tasks.csv")) if r["workload_id"] == "demo-app" and r["kind"] == "forecast_over_estimate"]
assert rows and rows[0]["severity"] == "approved" and "Approved up to $250.00" in rows[0]["detail"], rows
pack = "nodes/Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/FinOpsCenter_DemoApp/tasks.csv"
prow = [r for r in csv.DictReader(open(f"{o}/{pack}")) if r["kind"] == "forecast_over_estimate"]
assert prow and prow[0]["severity"] == "approved", prow
other = [r for r in csv.DictReader(open(f"{o}/tasks.csv")) if r["kind"] == "forecast_over_estimate" and r["workload_id"] != "demo-app"]
assert all(r["severity"] != "approved" for r in other), other
import openpyxl
wb = openpyxl.load_workbook(f"{o}/{pack.replace('tasks.csv', 'product_owner.xlsx')}")
said = [c for r in wb["Briefing"].iter_rows(values_only=True) for c in r if isinstance(c, str) and "month-end forecast is" in c]
assert said and "over (+" in said[0] and "approved up to $250.00 until 2099-12-31 by Lee Rivera" in said[0], said
print("approved in summary.json, tasks.csv, the pack and its briefing")
PYEOF
if [ $? -eq 0 ]; then ok; else bad "approved overage in the outputs"; sed 's/^/  | /' "$T/chk.txt" >&2; fi
# an approval for less than the overage is not an approval of it
cp "$L" "$T/ledger.bak"
sed -i 's/usd: 250.00/usd: 100.00/' "$L"
expect_rc 0 "finops run with a smaller approval" "$FINOPS" run -q -c "$C"
expect_no_grep "$T/demo/out/2026-11/tasks.csv" ",approved," "an approval below the overage"
cp "$T/ledger.bak" "$L"
# a broken ledger is an error with its position, and nothing is published
printf -- '- workload: demo-app\n  usd: abc\n  until: 2099-12-31\n  approved_by: lee@example.com\n  reason: x\n' >"$L"
expect_rc 2 "broken ledger" "$FINOPS" run -q -c "$C"
expect_grep "$T/err.txt" "approvals.yaml:2:8: error: usd" "broken ledger position"
expect_rc 2 "finops check of a broken ledger" "$FINOPS" check -q -c "$C"
expect_grep "$T/err.txt" "approvals.yaml:2:8: error: usd" "finops check names the ledger's problem"
printf -- '- workload: demo-app\n  usd: 5\n  until: 2099-12-31\n  approved_by: pat@example.com\n  reason: x\n' >"$L"
expect_rc 2 "ledger approved by someone who may not" "$FINOPS" run -q -c "$C"
expect_grep "$T/err.txt" "pat@example.com may not approve" "ledger permission"

echo "ask.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
