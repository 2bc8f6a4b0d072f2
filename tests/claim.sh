#!/bin/sh
# claim.sh: `finops claim` on a copy of the demo: role, user and profile claims, a role claimed with
# its path, ledger shapes, and every refusal with its exit code, its message and an untouched ledger.
# usage: claim.sh FINOPS_BINARY SOURCE_DIR SCRATCH_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
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
  if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $1"; sed 's/^/  | /' "$1" >&2; else ok; fi
}
sha() { sha256sum "$1" | cut -d' ' -f1; }
expect_same() { # file sha description
  if [ "$(sha "$1")" = "$2" ]; then ok; else bad "$3: $1 changed"; fi
}
expect_no_tmp() { # folder description
  if ls -a "$1" | grep -q '\.tmp-'; then bad "$2: temporary file left in $1"; ls -a "$1" >&2; else ok; fi
}
# The ledger ends with exactly the lines of the file given.
expect_tail() { # ledger expected-file description
  n=$(wc -l <"$2")
  if tail -n "$n" "$1" | cmp -s - "$2"; then ok; else bad "$3: ledger does not end with the entry"; tail -n "$n" "$1" | diff "$2" - >&2; fi
}
# A fresh copy of the demo in $D (without reports).
fresh() {
  D=$T/demo
  rm -rf "$D" && cp -r "$SRC/examples/demo" "$D" && rm -rf "$D/out"
  L=$D/claims.yaml
}
claim() { "$FINOPS" claim -c "$D/finops.yaml" -q "$@"; }

rm -rf "$T" && mkdir -p "$T"
TODAY=$(date -u +%Y-%m-%d)
unset FINOPS_USER

expect_rc 0 "claim --help" "$FINOPS" claim --help
expect_grep "$T/out.txt" "--force" "claim --help describes --force"
expect_grep "$T/out.txt" "extension" "claim --help says --force is an extension"
expect_rc 0 "--help" "$FINOPS" --help
expect_grep "$T/out.txt" "  claim " "--help lists claim"

# ---- a role claim: found in the CUR data, appended verbatim, the ledger still loads ----
fresh
cp "$L" "$T/before.yaml"
chmod 640 "$L"
expect_rc 0 "role claim" claim --workload hr-portal --iam-role arn:aws:iam::284750193846:role/hr-analytics-notebook \
  --from 2026-11-03 --by dana@example.com
expect_grep "$T/out.txt" "arn:aws:iam::284750193846:role/hr-analytics-notebook: seen in 136 CUR rows, 1,650.00 USD in 2026-11;" \
  "role claim reports rows and spend"
expect_grep "$T/out.txt" "from 2026-11-03 on" "role claim reports the spend from its first day"
expect_grep "$T/out.txt" "claimed arn:aws:iam::284750193846:role/hr-analytics-notebook for workload 'hr-portal' from 2026-11-03" \
  "role claim confirms"
cat >"$T/want.yaml" <<EOF
- workload: hr-portal
  iam_role: arn:aws:iam::284750193846:role/hr-analytics-notebook
  from: 2026-11-03
  claimed_by: dana@example.com
  claimed_at: $TODAY
EOF
cat "$T/before.yaml" "$T/want.yaml" >"$T/whole.yaml"
if cmp -s "$L" "$T/whole.yaml"; then ok; else bad "role claim: ledger is not the old one plus the entry"; diff "$T/whole.yaml" "$L" >&2; fi
if [ "$(stat -c %a "$L")" = 640 ]; then ok; else bad "role claim: ledger mode $(stat -c %a "$L"), want 640"; fi
expect_no_tmp "$D" "role claim"
expect_rc 0 "check after role claim" "$FINOPS" check -c "$D/finops.yaml" -q

# ---- the same principal again: same workload, another workload ----
fresh
h=$(sha "$L")
expect_rc 2 "same-workload duplicate" claim --workload demo-app \
  --iam-role arn:aws:iam::736008242383:role/finopscenter-demo-app-bedrock-role --from 2026-11-03
expect_grep "$T/err.txt" "claims.yaml:2:3: error: role 'finopscenter-demo-app-bedrock-role' in account 736008242383 is already claimed by this workload ('demo-app') since 2026-10-01" \
  "duplicate names the existing claim and its line"
expect_same "$L" "$h" "same-workload duplicate"
expect_rc 2 "overlap with another workload" claim --workload hr-portal \
  --iam-role arn:aws:iam::736008242383:role/finopscenter-demo-app-bedrock-role --from 2026-11-03
expect_grep "$T/err.txt" "claims.yaml:2:3: error: role 'finopscenter-demo-app-bedrock-role' in account 736008242383 is claimed by workload 'demo-app' since 2026-10-01" \
  "overlap names the other workload and its line"
expect_grep "$T/err.txt" "a claim for workload 'hr-portal' from 2026-11-03 would overlap it" "overlap names this claim"
expect_same "$L" "$h" "overlap"
# claimed with its path in the ledger, claimed here without: the same role
expect_rc 2 "overlap across role paths" claim --workload customer-insights \
  --iam-role arn:aws:iam::390517264820:role/support-summarizer-bedrock-role --from 2026-12-01
expect_grep "$T/err.txt" "claims.yaml:38:3: error: role 'support-summarizer-bedrock-role' in account 390517264820 is claimed by workload 'support-summarizer'" \
  "overlap across role paths names the claim at line 38"
expect_same "$L" "$h" "overlap across role paths"
expect_no_tmp "$D" "overlaps"

# ---- a role claimed with a path, matched against CUR's assumed-role form ----
expect_rc 0 "role with a path" claim --workload customer-insights \
  --iam-role arn:aws:iam::390517264820:role/service-role/ci-batch-scoring --from 2026-11-10 --by kim@example.com
expect_grep "$T/out.txt" "role/service-role/ci-batch-scoring: seen in 40 CUR rows, 1,350.00 USD in 2026-11" \
  "a path role matches assumed-role/ci-batch-scoring/SESSION"
cat >"$T/want.yaml" <<EOF
- workload: customer-insights
  iam_role: arn:aws:iam::390517264820:role/service-role/ci-batch-scoring
  from: 2026-11-10
  claimed_by: kim@example.com
  claimed_at: $TODAY
EOF
expect_tail "$L" "$T/want.yaml" "role with a path"

# ---- an IAM user (a Bedrock API key), --from defaulting to today, claimed_by from $FINOPS_USER ----
expect_rc 0 "user claim" env FINOPS_USER=alex@example.com "$FINOPS" claim -c "$D/finops.yaml" -q \
  --workload research-lab --iam-user arn:aws:iam::629301847562:user/BedrockAPIKey-7f3k
expect_grep "$T/out.txt" "user/BedrockAPIKey-7f3k: seen in 40 CUR rows, 260.00 USD in 2026-11" "user claim reports"
cat >"$T/want.yaml" <<EOF
- workload: research-lab
  iam_user: arn:aws:iam::629301847562:user/BedrockAPIKey-7f3k
  from: $TODAY
  claimed_by: alex@example.com
  claimed_at: $TODAY
EOF
expect_tail "$L" "$T/want.yaml" "user claim"
expect_rc 0 "check after user and path claims" "$FINOPS" check -c "$D/finops.yaml" -q

# ---- an application inference profile, handed over from one workload to another ----
fresh
awk '{ print } /w4n8c2r6t1ze$/ { getline; print; print "  until: 2026-11-15" }' "$SRC/examples/demo/claims.yaml" >"$L"
expect_rc 0 "check with an ended profile claim" "$FINOPS" check -c "$D/finops.yaml" -q
h=$(sha "$L")
P=arn:aws:bedrock:us-west-2:284750193846:application-inference-profile/w4n8c2r6t1ze
expect_rc 2 "profile claim overlapping the last day" claim --workload recruiting-assistant --inference-profile $P \
  --from 2026-11-15
expect_grep "$T/err.txt" "error: inference profile 'w4n8c2r6t1ze' in account 284750193846 is claimed by workload 'hr-portal' from 2026-10-01 until 2026-11-15" \
  "profile overlap names the claim"
expect_grep "$T/err.txt" "claim from 2026-11-16 on" "profile overlap says from when it can be claimed"
expect_same "$L" "$h" "profile overlap"
expect_rc 0 "profile claim" claim --workload recruiting-assistant --inference-profile $P --from 2026-11-16 \
  --by robin@example.com
expect_grep "$T/out.txt" "$P: seen in 248 CUR rows" "profile claim matches line_item_resource_id"
cat >"$T/want.yaml" <<EOF
- workload: recruiting-assistant
  inference_profile: $P
  from: 2026-11-16
  claimed_by: robin@example.com
  claimed_at: $TODAY
EOF
expect_tail "$L" "$T/want.yaml" "profile claim"
expect_rc 0 "check after profile claim" "$FINOPS" check -c "$D/finops.yaml" -q

# ---- refusals of the command line: exit 2, ledger untouched ----
fresh
h=$(sha "$L")
R=arn:aws:iam::284750193846:role/hr-analytics-notebook
expect_rc 2 "unknown workload" claim --workload no-such-app --iam-role $R
expect_grep "$T/err.txt" "finops.yaml: error: no workload with id 'no-such-app' is configured" "unknown workload named"
expect_no_grep "$T/err.txt" "demo-app" "unknown workload does not list the workloads"
expect_rc 2 "two ARN options" claim --workload hr-portal --iam-role $R \
  --iam-user arn:aws:iam::629301847562:user/BedrockAPIKey-7f3k
expect_grep "$T/err.txt" "give only one of --iam-role, --iam-user or --inference-profile" "two ARN options message"
expect_rc 2 "no ARN option" claim --workload hr-portal
expect_grep "$T/err.txt" "give one of --iam-role ARN, --iam-user ARN or --inference-profile ARN" "no ARN option message"
expect_rc 2 "no --workload" claim --iam-role $R
expect_grep "$T/err.txt" "--workload ID is required" "no --workload message"
expect_rc 2 "malformed ARN" claim --workload hr-portal --iam-role arn:aws:iam::28475019384:role/x
expect_grep "$T/err.txt" "--iam-role: 'arn:aws:iam::28475019384:role/x' has an account that is not 12 digits" \
  "malformed ARN message"
expect_rc 2 "session ARN" claim --workload hr-portal \
  --iam-role arn:aws:sts::284750193846:assumed-role/hr-analytics-notebook/s1
expect_grep "$T/err.txt" "is an assumed-role session ARN; claim the role itself" "session ARN message"
expect_rc 2 "system profile" claim --workload hr-portal \
  --inference-profile arn:aws:bedrock:us-east-1:390517264820:inference-profile/us.anthropic.claude-sonnet-4-6
expect_grep "$T/err.txt" "is a system inference profile, which cannot be claimed" "system profile message"
expect_rc 2 "kind mismatch (role option, user ARN)" claim --workload hr-portal \
  --iam-role arn:aws:iam::629301847562:user/BedrockAPIKey-7f3k
expect_grep "$T/err.txt" "--iam-role: 'arn:aws:iam::629301847562:user/BedrockAPIKey-7f3k' is an IAM user ARN; use --iam-user" \
  "kind mismatch message"
expect_rc 2 "kind mismatch (profile option, role ARN)" claim --workload hr-portal --inference-profile $R
expect_grep "$T/err.txt" "is an IAM role ARN; use --iam-role" "kind mismatch message (profile)"
expect_rc 2 "bad --from" claim --workload hr-portal --iam-role $R --from 2026-11-31
expect_grep "$T/err.txt" "--from: expected YYYY-MM-DD, found '2026-11-31'" "bad --from message"
expect_rc 2 "empty --by" claim --workload hr-portal --iam-role $R --by ""
expect_grep "$T/err.txt" "--by: must not be empty" "empty --by message"
expect_rc 2 "option of another command" claim --workload hr-portal --iam-role $R --period 2026-11
expect_grep "$T/err.txt" "option --period does not apply here" "foreign option message"
expect_same "$L" "$h" "command-line refusals"

# ---- not in the CUR data; --force claims it anyway ----
N=arn:aws:iam::284750193846:role/brand-new-role
expect_rc 2 "ARN not in CUR" claim --workload hr-portal --iam-role $N --from 2026-11-20
expect_grep "$T/err.txt" "$N: not seen in the CUR data of $D/cur/ (3,275 Bedrock rows, periods 2026-10..2026-11)" \
  "not-in-CUR message names the inputs and what they hold"
expect_grep "$T/err.txt" "the role may not have called Bedrock yet, or the CUR export with caller identity (IAM principal) data has not landed; add --force" \
  "not-in-CUR message says why and what to do"
expect_same "$L" "$h" "ARN not in CUR"
expect_rc 2 "profile not in CUR" claim --workload hr-portal \
  --inference-profile arn:aws:bedrock:us-east-1:284750193846:application-inference-profile/zzzz9999yyyy
expect_grep "$T/err.txt" "the profile may not have been used yet" "profile not-in-CUR message"
# the same role name in another account is another role
expect_rc 2 "role name in another account" claim --workload hr-portal \
  --iam-role arn:aws:iam::111122223333:role/hr-analytics-notebook
expect_grep "$T/err.txt" "not seen in the CUR data" "role name in another account is not seen"
expect_same "$L" "$h" "not in CUR"
expect_rc 0 "--force" claim --workload hr-portal --iam-role $N --from 2026-11-20 --force
expect_grep "$T/out.txt" "$N: not seen in the CUR data of $D/cur/ (--force)" "--force still says what the CUR data shows"
cat >"$T/want.yaml" <<EOF
- workload: hr-portal
  iam_role: $N
  from: 2026-11-20
  claimed_at: $TODAY
EOF
expect_tail "$L" "$T/want.yaml" "--force claim (no claimed_by without --by or FINOPS_USER)"
expect_rc 0 "check after --force claim" "$FINOPS" check -c "$D/finops.yaml" -q

# ---- inputs and config that do not load ----
fresh
h=$(sha "$L")
sed 's#cur: \[cur/\]#cur: [missing/]#' "$SRC/examples/demo/finops.yaml" >"$D/finops.yaml"
expect_rc 2 "unreadable inputs" claim --workload hr-portal --iam-role $R
expect_grep "$T/err.txt" "could not be read" "unreadable inputs message"
expect_same "$L" "$h" "unreadable inputs"
printf 'version: 1\nworkloads: 3\n' >"$D/finops.yaml"
expect_rc 2 "invalid config" claim --workload hr-portal --iam-role $R
expect_grep "$T/err.txt" "finops.yaml:" "invalid config reported with its position"
expect_same "$L" "$h" "invalid config"
expect_rc 2 "missing config" "$FINOPS" claim -c "$T/nope.yaml" --workload hr-portal --iam-role $R
expect_grep "$T/err.txt" "nope.yaml" "missing config named"

# ---- ledger shapes ----
fresh
rm "$L"
expect_rc 0 "missing ledger is created" claim --workload hr-portal --iam-role $R --from 2026-11-03 --by dana@example.com
cat >"$T/want.yaml" <<EOF
- workload: hr-portal
  iam_role: $R
  from: 2026-11-03
  claimed_by: dana@example.com
  claimed_at: $TODAY
EOF
if cmp -s "$L" "$T/want.yaml"; then ok; else bad "created ledger"; diff "$T/want.yaml" "$L" >&2; fi
printf '# Claims of Example Corp.\n[]   # none yet\n# end\n' >"$L"
expect_rc 0 "empty flow list" claim --workload hr-portal --iam-role $R --from 2026-11-03 --by dana@example.com
{ printf '# Claims of Example Corp.\n   # none yet\n# end\n'; cat "$T/want.yaml"; } >"$T/whole.yaml"
if cmp -s "$L" "$T/whole.yaml"; then ok; else bad "[] ledger: comments kept, [] dropped"; diff "$T/whole.yaml" "$L" >&2; fi
printf '# only a comment' >"$L"
expect_rc 0 "comment-only ledger without a final newline" claim --workload hr-portal --iam-role $R --from 2026-11-03 \
  --by dana@example.com
{ printf '# only a comment\n'; cat "$T/want.yaml"; } >"$T/whole.yaml"
if cmp -s "$L" "$T/whole.yaml"; then ok; else bad "comment-only ledger"; diff "$T/whole.yaml" "$L" >&2; fi
head -c -1 "$SRC/examples/demo/claims.yaml" >"$L" # no final newline
expect_rc 0 "ledger without a final newline" claim --workload hr-portal --iam-role $R --from 2026-11-03 \
  --by dana@example.com
cat "$SRC/examples/demo/claims.yaml" "$T/want.yaml" >"$T/whole.yaml"
if cmp -s "$L" "$T/whole.yaml"; then ok; else bad "newline added before the entry"; diff "$T/whole.yaml" "$L" >&2; fi
# odd text is quoted so that it reads back as written
expect_rc 0 "quoted claimed_by" claim --workload hr-portal --inference-profile \
  arn:aws:bedrock:us-east-1:284750193846:application-inference-profile/zzzz9999yyyy --force --by 'Dana "D" #1: ops'
expect_grep "$L" 'claimed_by: "Dana \"D\" #1: ops"' "claimed_by quoted"
expect_rc 0 "check after quoted claimed_by" "$FINOPS" check -c "$D/finops.yaml" -q
# a non-empty flow list cannot be appended to; a ledger that would not load is never published
printf '[{workload: demo-app, iam_role: "arn:aws:iam::736008242383:role/finopscenter-demo-app-bedrock-role", from: 2026-10-01}]\n' >"$L"
h=$(sha "$L")
expect_rc 2 "flow-style ledger" claim --workload hr-portal --iam-role $R
expect_grep "$T/err.txt" "the claims ledger is a flow-style list" "flow-style ledger message"
expect_same "$L" "$h" "flow-style ledger"
{ cat "$SRC/examples/demo/claims.yaml"; printf '...\n'; } >"$L"
h=$(sha "$L")
expect_rc 2 "ledger with a document end" claim --workload hr-portal --iam-role $R
expect_grep "$T/err.txt" "with this claim appended the ledger would not load" "re-validation refuses"
expect_grep "$T/err.txt" "claims.yaml:" "re-validation problems name the ledger"
expect_same "$L" "$h" "ledger with a document end"
expect_no_tmp "$D" "refused ledgers"

# ---- the ledger's folder is not writable: exit 1, ledger unchanged ----
fresh
h=$(sha "$L")
AS=
if [ "$(id -u)" -eq 0 ]; then
  # root writes anywhere: run this one claim as nobody
  if command -v setpriv >/dev/null 2>&1; then AS="setpriv --reuid=65534 --regid=65534 --clear-groups"; else AS=skip; fi
fi
if [ "$AS" = skip ]; then
  echo "SKIP: unwritable folder (running as root without setpriv)" >&2
else
  chmod -R a+rX "$T"
  chmod 555 "$D"
  expect_rc 1 "unwritable ledger folder" $AS "$FINOPS" claim -c "$D/finops.yaml" -q --workload hr-portal --iam-role $R
  expect_grep "$T/err.txt" "cannot write the new claims ledger" "unwritable folder message"
  chmod 755 "$D"
  expect_same "$L" "$h" "unwritable ledger folder"
  expect_no_tmp "$D" "unwritable ledger folder"
fi

echo "claim: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
