#!/bin/sh
# scorecard.sh: the report card on the demo: the worked example of docs/scorecard.md, the parent
# rollup, components that do not apply, weights from the config, plugins that are absent.
# usage: scorecard.sh FINOPS SOURCE_DIR SCRATCH_DIR PLUGINS_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
PLUGINS=$4
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
has() { # file fixed-string what
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; fi
}
# card PATH: the node's "score": N, "grade": G and explanation, one line, from summary.json
card() {
  tr -d '\n' <"$S" | sed 's/{ *"path"/\n&/g' | grep -F "\"path\": \"$1\"," |
    sed 's/.*"score": \([0-9null]*\), *"grade": \("[A-F]*"\|null\).*"score_explanation": "\([^"]*\)".*/score=\1 grade=\2 \3/'
}

rm -rf "$T" && mkdir -p "$T" && cp -r "$SRC/examples/demo" "$T/demo" && rm -rf "$T/demo/out"
"$FINOPS" run -q -c "$T/demo/finops.yaml" >/dev/null 2>"$T/err.txt" || { bad "demo run failed"; cat "$T/err.txt" >&2; }
S=$T/demo/out/2026-11/summary.json
APP=Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/FinOpsCenter_DemoApp
card "$APP" >"$T/app.txt"
# The worked example (docs/scorecard.md): forecast 1,699.99 / estimate 1,500 = 1.1333 -> budget
# 1 - 0.1333/0.5 = 0.7333 -> 18.3 of 25; cache 18.0% / 30% = 0.6 -> 9.0 of 15; MAP 0 of 1,133.33
# qualifies -> 0 of 20; all models approved -> 15 of 15; everything claimed -> 25 of 25.
# 67.3 - open tasks (2 high x 3 + 2 medium x 1 = 8) = 59.3 -> 59, F.
has "$T/app.txt" 'score=59 grade="F" Score 59 (F).' "demo-app score and grade"
has "$T/app.txt" "Attribution: 25.0 of 25.0 points." "attribution component"
has "$T/app.txt" "Budget: 18.3 of 25.0 points. The month-end forecast of \$1,700 is 113% of the \$1,500 estimate" "budget component"
has "$T/app.txt" "Cache: 9.0 of 15.0 points. The cache hit rate of 18.0% is below the healthy 30%" "cache component"
has "$T/app.txt" "MAP: 0.0 of 20.0 points. \$1,133 of MAP-eligible usage does not qualify" "MAP component"
has "$T/app.txt" "Models: 15.0 of 15.0 points. All usage is on approved models." "models component"
has "$T/app.txt" "Open tasks: minus 8 points (2 high, 2 medium)" "open tasks"
# Components that do not apply are said to, and the others carry the whole 100 points.
card "Digital/Digital_Research/Applied_ML/Research Lab" >"$T/lab.txt"
has "$T/lab.txt" "Budget: not scored. No estimate is set for this workload" "no estimate: budget excluded"
has "$T/lab.txt" "Cache: not scored. Its models offer no prompt caching" "no caching models: cache excluded"
has "$T/lab.txt" "MAP: not scored. The workload is not MAP-eligible" "not eligible: MAP excluded"
# Attribution weighs 25 of the 40 left: 62.5 points; its role's spend before the claim
# (1,327.09 of 2,400.00) is unattributed: 62.5 x 1,072.91 / 2,400.00 = 27.9.
has "$T/lab.txt" "Attribution: 27.9 of 62.5 points. 45% of the usage of this workload and its principals is claimed: \$1,327 of its principals' spend predates its claim" "attribution reweighted to 25/40, spend before the claim unattributed"
has "$T/lab.txt" 'score=65 grade="D"' "no perfect score with the role's spend unattributed"
card "Enterprise/Enterprise_Applications/Customer_Analytics/Support Summarizer" >"$T/sum.txt"
has "$T/sum.txt" "Models: 0.0 of 27.3 points. \$2,350 (100%) of usage is on models outside the approved list" "unapproved model"
# A parent is the spend-weighted mean of its children; its own unattributed usage weighs in at 0.
card "Enterprise/Enterprise_Applications" >"$T/pf.txt"
has "$T/pf.txt" "\$3,800 of unattributed usage in this node's accounts counts as 0" "portfolio pays for unclaimed roles"
tr -d '\n' <"$S" | sed 's/{ *"path"/\n&/g' >"$T/nodes.txt"
val() { grep -F "\"path\": \"$1\"," "$T/nodes.txt" | sed "s/.*\"$2\": \([0-9.]*\).*/\1/"; }
ca=$(val Enterprise/Enterprise_Applications/Customer_Analytics score)
pt=$(val Enterprise/Enterprise_Applications/People_Technology score)
ua=$(val Enterprise/Enterprise_Applications/Customer_Analytics usage_usd)
up=$(val Enterprise/Enterprise_Applications/People_Technology usage_usd)
own=$(val Enterprise/Enterprise_Applications unattributed_usd)
got=$(val Enterprise/Enterprise_Applications score)
want=$(awk -v a="$ca" -v b="$pt" -v x="$ua" -v y="$up" -v o="$own" 'BEGIN { printf "%.0f", (a * x + b * y) / (x + y + o) }')
d=$((got - want))
[ "$d" -ge -1 ] && [ "$d" -le 1 ] && ok || bad "portfolio score $got, want about $want from its children"

# Weights come from report_card.weights: budget alone.
sed 's/weights: {attribution: 25, budget: 25, cache: 15, map: 20, models: 15}/weights: {attribution: 0, budget: 100, cache: 0, map: 0, models: 0}/' \
  "$T/demo/finops.yaml" >"$T/demo/weights.yaml"
"$FINOPS" run -q -c "$T/demo/weights.yaml" --out "$T/w" >/dev/null 2>&1 || bad "weights run failed"
S=$T/w/2026-11/summary.json
card "$APP" >"$T/app-w.txt"
has "$T/app-w.txt" 'score=65 grade="D"' "budget-only score: 73.3 - 8"
has "$T/app-w.txt" "Budget: 73.3 of 100.0 points." "budget worth 100"

# Without the token, MAP and policy plugins those components are not scored, and said to be.
mkdir -p "$T/only"
cp "$PLUGINS/attribution.so" "$PLUGINS/scorecard.so" "$T/only/"
"$FINOPS" run -q -c "$T/demo/finops.yaml" --plugins "$T/only" --out "$T/o" >/dev/null 2>"$T/err.txt" ||
  { bad "run with attribution and scorecard alone failed"; cat "$T/err.txt" >&2; }
S=$T/o/2026-11/summary.json
card "$APP" >"$T/app-o.txt"
has "$T/app-o.txt" "Budget: not scored. No token results (the tokens plugin is not loaded)" "absent tokens plugin"
has "$T/app-o.txt" "MAP: not scored. No MAP results (the map plugin is not loaded)" "absent map plugin"
has "$T/app-o.txt" 'score=100 grade="A"' "attribution alone"

echo "scorecard: $pass checks, $fail failed"
[ "$fail" -eq 0 ]
