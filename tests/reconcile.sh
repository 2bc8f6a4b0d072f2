#!/bin/sh
# reconcile.sh: property test: on generated CUR data of several shapes, with claims of every kind
# made for a sample of the principals found, every run reconciles exactly: the Bedrock total in
# summary.json equals the total the generator wrote (summed apart from any reader), and the run
# succeeds, which it only does when chargeback's rows add up to that total to the last 1e-10 USD.
# usage: reconcile.sh FINOPS CURGEN SCRATCH_DIR
set -u
FINOPS=$1
CURGEN=$2
T=$3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
rm -rf "$T" && mkdir -p "$T"

config() { # dir accounts-yaml
  cat >"$1/finops.yaml" <<YAML
version: 1
organization: Generated
inputs:
  cur: [cur/]
hierarchy:
  levels: [Division, Team, Workload]
$2
workloads:
  - {id: w0, name: Zero, parent: North/One}
  - {id: w1, name: One, parent: North/One}
  - {id: w2, name: Two, parent: North/Two}
  - {id: w3, name: Three, parent: South/Three}
output:
  dir: out
YAML
}

# shape: seed rows bedrock-share file-name claim-every
for shape in "1 20000 0.10 cur.csv 2" "7 15000 0.60 cur.csv.gz 3" "42 8000 1.0 cur.csv 1" \
  "99 30000 0.03 cur.csv.gz 4"; do
  set -- $shape
  seed=$1 rows=$2 share=$3 name=$4 every=$5
  D=$T/s$seed
  mkdir -p "$D/cur"
  "$CURGEN" bench --rows "$rows" --seed "$seed" --bedrock-share "$share" --truth "$D/truth.txt" \
    "$D/cur/$name" 2>/dev/null || { bad "seed $seed: generator failed"; continue; }
  want=$(sed -n 's/^bedrock_usd //p' "$D/truth.txt")
  # First run: no claims; everything is unattributed and unattributed.csv lists what to claim.
  : >"$D/claims.yaml"
  config "$D" ""
  if "$FINOPS" run -q -c "$D/finops.yaml" --as-of 2026-12-01 >/dev/null 2>"$D/err1.txt"; then ok; else
    bad "seed $seed: unclaimed run failed"; cat "$D/err1.txt" >&2; continue
  fi
  grep -q "\"bedrock_usd\": $want," "$D/out/2026-11/summary.json" && ok ||
    bad "seed $seed: Bedrock total is not the generated $want"
  # Claims for every n-th identity, spread over the workloads, some starting mid-month, some
  # ending early; the first accounts mapped to nodes.
  awk -F, -v every="$every" 'NR > 1 && $6 != "" && !seen[$6]++ {
      n++; if (n % every) next
      kind = ($5 == "iam_role") ? "iam_role" : ($5 == "iam_user") ? "iam_user" : "inference_profile"
      printf "- workload: w%d\n  %s: %s\n  from: 2026-11-%02d\n", (n / every) % 4, kind, $6, 1 + (n * 7) % 20
      if (n % 5 == 0) printf "  until: 2026-11-%02d\n", 21 + n % 8
    }' "$D/out/2026-11/unattributed.csv" >"$D/claims.yaml"
  # and every other application inference profile seen in the data (profile beats role)
  (gzip -dcf "$D/cur/$name") | grep -o 'arn:aws:bedrock:[a-z0-9-]*:[0-9]*:application-inference-profile/[a-z0-9]*' |
    sort -u | awk '{ if (NR % 2) printf "- workload: w%d\n  inference_profile: %s\n  from: 2026-11-%02d\n", NR % 4, $0, 1 + NR % 15 }' \
    >>"$D/claims.yaml"
  accounts=$(awk -F, 'NR > 1 && !seen[$2]++ && n < 3 { n++; printf "  \"%s\": %s\n", $2, (n == 1 ? "North" : n == 2 ? "North/Two" : "South") }' \
    "$D/out/2026-11/unattributed.csv")
  config "$D" "accounts:
$accounts"
  nclaims=$(grep -c "^- workload" "$D/claims.yaml")
  [ "$nclaims" -gt 0 ] && ok || bad "seed $seed: no claims made"
  if "$FINOPS" run -q -c "$D/finops.yaml" --as-of 2026-12-01 >/dev/null 2>"$D/err2.txt"; then ok; else
    bad "seed $seed: run with $nclaims claims failed"; cat "$D/err2.txt" >&2; continue
  fi
  S=$D/out/2026-11/summary.json
  grep -q "\"bedrock_usd\": $want," "$S" && ok || bad "seed $seed: Bedrock total changed with claims"
  # The claims did something: workloads carry spend, some of it before their claims began.
  awk -F, 'NR > 1 && $5 == "workload" && $9 != "0.000000" { w++ } END { exit !(w >= 2) }' \
    "$D/out/2026-11/chargeback.csv" && ok || bad "seed $seed: fewer than 2 workloads attributed"
  grep -q ",unattributed,before_claim," "$D/out/2026-11/chargeback.csv" && ok ||
    bad "seed $seed: no before_claim spend"
  awk -F, 'NR > 1 && $5 == "workload" && $10 != "0.000000" { p++ } END { exit !(p >= 1) }' \
    "$D/out/2026-11/chargeback.csv" && ok || bad "seed $seed: nothing attributed through a profile"
  echo "seed $seed: $rows rows, share $share, $nclaims claims, Bedrock $want USD reconciled"
done

echo "reconcile: $pass checks, $fail failed"
[ "$fail" -eq 0 ]
