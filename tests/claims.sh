#!/bin/sh
# claims.sh: `finops claim --until` ends a claim in the ledger (validated, written atomically) and
# `finops claims` lists the ledger with each claim's status; a run after ending a claim moves the
# spend after its last day to after_claim while the period's total stays the same.
# usage: claims.sh FINOPS_BINARY SOURCE_DIR PLUGINS_DIR SCRATCH_DIR
set -u
FINOPS=$1
SRC=$2
PLUGINS=$3
T=$4
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
expect_eq() { # got want description
  if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', want '$2'"; fi
}
sha() { sha256sum "$1" | cut -d' ' -f1; }

rm -rf "$T" && mkdir -p "$T"
D=$T/demo
cp -r "$SRC/examples/demo" "$D" && rm -rf "$D/out"
L=$D/claims.yaml
C=$D/finops.yaml
RL=arn:aws:iam::629301847562:role/research-lab-bedrock
DC=arn:aws:iam::629301847562:role/doc-classifier-pipeline

# listing: every claim of the demo ledger, with its status on a day
expect_rc 0 "claims" "$FINOPS" claims -c "$C" --as-of 2026-11-05
expect_eq "$(wc -l <"$T/out.txt" | tr -d ' ')" 15 "header and 14 claims"
expect_grep "$T/out.txt" "research-lab	iam_role	$RL	2026-11-12		future	alex@example.com	2026-11-12	$L:64" "future claim"
expect_rc 0 "claims --status future" "$FINOPS" claims -c "$C" --as-of 2026-11-05 --status future
expect_eq "$(tail -n +2 "$T/out.txt" | cut -f1)" "research-lab" "only research-lab is future on 2026-11-05"
expect_rc 0 "claims --workload" "$FINOPS" claims -c "$C" --as-of 2026-11-15 --workload hr-portal --status active
expect_eq "$(tail -n +2 "$T/out.txt" | wc -l | tr -d ' ')" 3 "hr-portal holds 3 active claims"
expect_rc 2 "claims --status bad" "$FINOPS" claims -c "$C" --status gone
expect_grep "$T/err.txt" "expected active, ended or future" "bad status message"
expect_rc 2 "claims unknown workload" "$FINOPS" claims -c "$C" --workload nobody
expect_grep "$T/err.txt" "'nobody' is not a workload" "unknown workload message"

# refusals leave the ledger as it is
before=$(sha "$L")
expect_rc 2 "until before from" "$FINOPS" claim -c "$C" --workload research-lab --iam-role "$RL" --until 2026-11-11
expect_grep "$T/err.txt" "claims.yaml:64:3: error: $RL: workload 'research-lab' claims it from 2026-11-12, after --until 2026-11-11" "until before from message"
expect_rc 2 "until for another workload" "$FINOPS" claim -c "$C" --workload hr-portal --iam-role "$RL" --until 2026-11-20
expect_grep "$T/err.txt" "workload 'hr-portal' has no claim of it to end" "no claim message"
expect_rc 2 "from and until" "$FINOPS" claim -c "$C" --workload research-lab --iam-role "$RL" --from 2026-11-12 --until 2026-11-20
expect_rc 2 "until not a date" "$FINOPS" claim -c "$C" --workload research-lab --iam-role "$RL" --until 2026-11-31
expect_eq "$(sha "$L")" "$before" "ledger untouched by refusals"

# ending: one until line inserted after from, nothing else changed; then moved
cp "$L" "$T/ledger.orig"
expect_rc 0 "end doc-classifier" "$FINOPS" claim -c "$C" --workload doc-classifier --iam-role "$DC" --until 2026-11-10
expect_grep "$T/out.txt" "ended the claim of $DC by workload 'doc-classifier' (from 2026-10-01" "ended message"
diff "$T/ledger.orig" "$L" >"$T/diff.txt"
printf '71a72\n>   until: 2026-11-10\n' >"$T/diff.want"
if cmp -s "$T/diff.txt" "$T/diff.want"; then ok; else bad "ledger diff"; cat "$T/diff.txt" >&2; fi
if ls -a "$D" | grep -q '\.tmp-'; then bad "temporary file left"; else ok; fi
expect_rc 0 "move the end" "$FINOPS" claim -c "$C" --workload doc-classifier --iam-role "$DC" --until 2026-11-14
diff "$T/ledger.orig" "$L" >"$T/diff.txt"
printf '71a72\n>   until: 2026-11-14\n' >"$T/diff.want"
if cmp -s "$T/diff.txt" "$T/diff.want"; then ok; else bad "ledger diff after moving the end"; cat "$T/diff.txt" >&2; fi
expect_rc 0 "claims --status ended" "$FINOPS" claims -c "$C" --as-of 2026-11-20 --status ended
expect_eq "$(tail -n +2 "$T/out.txt" | cut -f1,5,6)" "doc-classifier	2026-11-14	ended" "ended claim listed"

# the run before and after: doc-classifier's spend after 2026-11-14 becomes after_claim, the total stays
run() { # out-dir
  "$FINOPS" run -c "$C" --plugins "$PLUGINS" --out "$1" -q >"$T/run.txt" 2>&1 || { bad "run"; cat "$T/run.txt" >&2; }
}
cp "$T/ledger.orig" "$T/ended.yaml" && cp "$L" "$T/ended.yaml"
cp "$T/ledger.orig" "$L"
run "$T/out-before"
cp "$T/ended.yaml" "$L"
run "$T/out-after"
total() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['net_usd'])" "$1"; }
b=$(total "$T/out-before/2026-11/summary.json")
a=$(total "$T/out-after/2026-11/summary.json")
expect_eq "$a" "$b" "period total unchanged by ending a claim"
# chargeback: doc-classifier's net falls by what after_claim holds for its role's account
# exact decimal arithmetic on the published figures (to 10^-6 USD)
dec() { /usr/bin/python3 - "$@" <<'PY'
import csv, sys
from decimal import Decimal
def rows(p): return list(csv.DictReader(open(p)))
b, a = rows(sys.argv[1]), rows(sys.argv[2])
dcb = sum(Decimal(r["net_usd"]) for r in b if r["workload_id"] == "doc-classifier")
dca = sum(Decimal(r["net_usd"]) for r in a if r["workload_id"] == "doc-classifier")
ac = sum(Decimal(r["net_usd"]) for r in a if r["reason"] == "after_claim")
acb = sum(Decimal(r["net_usd"]) for r in b if r["reason"] == "after_claim")
# each CSV cell is rounded to 10^-6 from the finer fixed point, so a difference of two cells may be
# off by one unit in the last place
print(dcb, dca, "tie" if abs((dcb - dca) - (ac - acb)) <= Decimal("0.000001") else dcb - dca, ac - acb)
PY
}
set -- $(dec "$T/out-before/2026-11/chargeback.csv" "$T/out-after/2026-11/chargeback.csv")
dcb=$1 dca=$2 moved=$3 after_claim=$4
expect_eq "$moved" "tie" "doc-classifier's lost spend is the new after_claim spend ($after_claim)"
expect_eq "$after_claim" "478.314789" "after_claim spend of doc-classifier's role from 2026-11-15"
expect_eq "$dcb" "1466.669996" "doc-classifier before"
expect_eq "$dca" "988.355208" "doc-classifier after ending its claim on 2026-11-14"
echo "doc-classifier net before $dcb after $dca after_claim $after_claim"

echo "claims: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
