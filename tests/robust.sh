#!/bin/sh
# robust.sh: names `run` cannot write are refused by `check` (with their position), long messages
# are printed whole, the suggested claim command is safe to paste into a shell, and bytes that are
# not UTF-8 never reach the outputs.
# usage: robust.sh FINOPS_BINARY SCRATCH_DIR [TOTALS_PLUGINS_DIR]
set -u
FINOPS=$1
T=$2
TOTALS=${3:-}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_rc() { # expected-rc description command...
  want=$1; what=$2; shift 2
  "$@" >"$T/out.txt" 2>"$T/err.txt"; got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, want $want"; sed 's/^/  | /' "$T/err.txt" | head -20 >&2; fi
}
expect_grep() { # file pattern description
  if grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/  | /' "$1" | head -20 >&2; fi
}
rm -rf "$T" && mkdir -p "$T/cur"

H=line_item_product_code,line_item_usage_start_date,line_item_usage_account_id,line_item_usage_type,line_item_line_item_type,line_item_usage_amount,line_item_unblended_cost,bill_billing_period_start_date,line_item_iam_principal
{
  echo "$H"
  echo "AmazonBedrock,2026-11-03,111122223333,USE1-NovaLite-input-tokens,Usage,1,2.5,2026-11-01,arn:aws:sts::111122223333:assumed-role/ops\$(touch\${IFS}X)role/s"
  echo "AmazonBedrock,2026-11-04,111122223333,USE1-NovaLite-input-tokens,Usage,1,1.25,2026-11-01,arn:aws:sts::111122223333:assumed-role/it's-a-role/s"
} >"$T/cur/a.csv"

# config with the workloads given on stdin (YAML list items)
config() { # file
  {
    printf 'version: 1\norganization: Names Corp\ninputs:\n  cur: [cur/]\nhierarchy:\n  levels: [BU, Team, Workload]\n'
    printf 'accounts:\n  "111122223333": BU1/Team1\nworkloads:\n'
    cat
    printf 'people:\n  - email: lee@example.com\n    name: Lee\n    role: finops_leader\n    scope: ["*"]\n'
  } >"$1"
}

# -- folder-name collisions, reserved names, long names: check refuses with file:line:col
config "$T/collide.yaml" <<'Y'
  - id: w1
    name: "Support:Summarizer"
    parent: BU1/Team1
  - id: w2
    name: Support_Summarizer
    parent: BU1/Team1
Y
expect_rc 2 "check: folder-name collision" "$FINOPS" check -c "$T/collide.yaml"
expect_grep "$T/err.txt" "collide.yaml:13:5: error: .*share the report folder 'nodes/BU1/Team1/Support_Summarizer'" \
  "collision named with its position"
expect_rc 2 "run: folder-name collision" "$FINOPS" run -q -c "$T/collide.yaml"
[ ! -d "$T/out" ] && ok || bad "a refused run wrote reports"

config "$T/case.yaml" <<'Y'
  - id: w1
    name: Chat Bot
    parent: BU1/Team1
  - id: w2
    name: chat bot
    parent: BU1/Team1
Y
expect_rc 2 "check: names equal but for case" "$FINOPS" check -c "$T/case.yaml"
expect_grep "$T/err.txt" "case.yaml:13:5: error: .*ignores letter case" "case collision message"

for name in _organisation charts tasks.csv product_owner.xlsx FinOps_Leader.XLSX; do
  parent=BU1/Team1
  [ "$name" = _organisation ] && parent=""
  if [ -n "$parent" ]; then
    printf '  - id: w1\n    name: "%s"\n    parent: %s\n' "$name" "$parent" | config "$T/reserved.yaml"
  else # a business unit named _organisation
    printf '  - id: w1\n    name: w\n    parent: %s/Team1\n' "$name" | config "$T/reserved.yaml"
    sed -i "s|\"111122223333\": BU1/Team1|\"111122223333\": $name/Team1|" "$T/reserved.yaml"
  fi
  expect_rc 2 "check: reserved name $name" "$FINOPS" check -c "$T/reserved.yaml"
  expect_grep "$T/err.txt" "reserved.yaml:10:5: error: the name '$name' is reserved" "reserved $name message"
done

long=$(head -c 300 /dev/zero | tr '\0' 'n')
printf '  - id: w1\n    name: %s\n    parent: BU1/Team1\n' "$long" | config "$T/long.yaml"
expect_rc 2 "check: 300-byte name" "$FINOPS" check -c "$T/long.yaml"
expect_grep "$T/err.txt" "long.yaml:10:5: error: the name '$long' is 300 bytes long" "long name message"

# a 5,000-character name: the message is printed whole
huge=$(head -c 5000 /dev/zero | tr '\0' 'h')
printf '  - id: w1\n    name: %s\n    parent: BU1/Team1\n' "$huge" | config "$T/huge.yaml"
expect_rc 2 "check: 5,000-byte name" "$FINOPS" check -c "$T/huge.yaml"
expect_grep "$T/err.txt" "is 5000 bytes long: a folder name has at most 255; shorten it\$" "message printed whole"

# -- the suggested claim command quotes the ARN taken from the CUR
printf '  - id: w1\n    name: W1\n    parent: BU1/Team1\n' | config "$T/finops.yaml"
expect_rc 0 "run" "$FINOPS" run -q -c "$T/finops.yaml" --out "$T/out"
U=$T/out/2026-11/unattributed.csv
expect_grep "$U" "finops claim --workload WORKLOAD_ID --iam-role 'arn:aws:iam::111122223333:role/ops\$(touch\${IFS}X)role'" \
  "ARN quoted in the command"
mkdir -p "$T/sh/bin" && cd "$T/sh" || exit 1
printf '#!/bin/sh\nfor a in "$@"; do printf "[%%s]\\n" "$a"; done >>%s/args.txt\n' "$T/sh" >bin/finops
chmod +x bin/finops
# each suggested command, as a user would paste it
/usr/bin/python3 -c '
import csv, sys
for row in csv.DictReader(open(sys.argv[1], newline="")):
    a = row["action"]
    if "finops claim" in a:
        print(a[a.index("finops claim"):])' "$U" >cmds.sh
[ "$(wc -l <cmds.sh)" -eq 2 ] && ok || bad "two claim commands expected: $(cat cmds.sh)"
while IFS= read -r cmd; do # each pasted on its own
  PATH="$T/sh/bin:$PATH" sh -c "$cmd" 2>/dev/null
done <cmds.sh
[ ! -e X ] && ok || bad "pasting the suggested command ran a command hidden in the ARN"
expect_grep args.txt "^\[arn:aws:iam::111122223333:role/ops\$(touch\${IFS}X)role\]\$" "the ARN reaches finops as one word"
expect_grep args.txt "^\[arn:aws:iam::111122223333:role/it's-a-role\]\$" "a quote in the ARN survives"
cd "$T" || exit 1

# -- bytes that are not UTF-8 in CUR fields: U+FFFD in summary.json, the CSVs and the workbooks
mkdir -p "$T/l1/cur"
{
  echo "$H"
  printf 'AmazonBedrock,2026-11-03,111122223333,USE1-NovaLite-input-tokens,Usage,1,2.5,2026-11-01,arn:aws:sts::111122223333:assumed-role/caf\351-\377role/s\n'
} >"$T/l1/cur/a.csv"
printf '  - id: w1\n    name: W1\n    parent: BU1/Team1\n' | config "$T/l1/finops.yaml"
expect_rc 0 "run with Latin-1 bytes in the CUR" "$FINOPS" run -q -c "$T/l1/finops.yaml" --out "$T/l1/out"
if /usr/bin/python3 - "$T/l1/out/2026-11" >"$T/py.txt" 2>&1 <<'PY'
import csv, glob, json, os, sys, zipfile
d = sys.argv[1]
json.load(open(os.path.join(d, "summary.json"), encoding="utf-8", errors="strict"))
seen = 0
for p in glob.glob(os.path.join(d, "**", "*.csv"), recursive=True):
    text = open(p, encoding="utf-8", errors="strict").read()
    seen += "caf\ufffd-\ufffdrole" in text
for p in glob.glob(os.path.join(d, "**", "*.xlsx"), recursive=True):
    with zipfile.ZipFile(p) as z:
        for n in z.namelist():
            if n.endswith(".xml"):
                text = z.read(n).decode("utf-8", errors="strict")
                seen += "caf\ufffd-\ufffdrole" in text
assert seen >= 2, seen
print("ok", seen)
PY
then ok; else bad "outputs are not valid UTF-8 with U+FFFD: $(cat "$T/py.txt")"; fi

# -- two plugins writing the same totals key: an error, nothing published
if [ -n "$TOTALS" ]; then
  expect_rc 1 "two plugins, one totals key" "$FINOPS" run -q -c "$T/finops.yaml" --out "$T/tot" --plugins "$TOTALS"
  expect_grep "$T/err.txt" "plugins 'totalsa' and 'totalsb' both write the totals key 'shared_usd'" "totals clash named"
  [ ! -d "$T/tot/2026-11" ] && ok || bad "a run with clashing totals published"
fi

# -- publishing: a killed run's temporary folder is removed by the next run, a running one's is not
sh -c 'exit 0' &
dead=$!
wait $dead
mkdir -p "$T/out/.tmp-2026-11-$dead/nodes" "$T/out/.tmp-2026-10-$$"
echo partial >"$T/out/.tmp-2026-11-$dead/nodes/partial.xlsx"
expect_rc 0 "run after a killed run" "$FINOPS" run -c "$T/finops.yaml" --out "$T/out"
[ ! -e "$T/out/.tmp-2026-11-$dead" ] && ok || bad "the killed run's temporary folder is still there"
[ -d "$T/out/.tmp-2026-10-$$" ] && ok || bad "a running process's temporary folder was removed"
expect_grep "$T/err.txt" "removed the unfinished output of 1 earlier run" "the clean-up is reported"
rmdir "$T/out/.tmp-2026-10-$$"
# the reports a run replaces are left as .old-<period>-<pid> (whole), and the next run removes them
# without calling them unfinished output
expect_rc 0 "run over published reports" "$FINOPS" run -c "$T/finops.yaml" --out "$T/out"
olds=$(find "$T/out" -maxdepth 1 -name '.old-2026-11-*' | wc -l)
[ "$olds" -eq 1 ] && ok || bad "$olds folders of replaced reports, want 1"
old=$(find "$T/out" -maxdepth 1 -name '.old-2026-11-*' | head -1)
[ -n "$old" ] && [ -f "$old/summary.json" ] && [ -f "$old/manifest.json" ] && ok || bad "the replaced reports are not whole in $old"
expect_rc 0 "run after a replacing run" "$FINOPS" run -c "$T/finops.yaml" --out "$T/out"
[ ! -e "$old" ] && ok || bad "the replaced reports of an earlier run are still there: $old"
[ "$(find "$T/out" -maxdepth 1 -name '.old-2026-11-*' | wc -l)" -eq 1 ] && ok || bad "replaced reports pile up"
if grep -q "removed the unfinished output" "$T/err.txt"; then bad "replaced reports reported as unfinished output"; else ok; fi
# every file and folder published is fsynced before the swap
if command -v strace >/dev/null 2>&1; then
  strace -f -qq -e trace=fsync,rename,renameat2 -o "$T/strace.txt" "$FINOPS" run -q -c "$T/finops.yaml" --out "$T/out" >/dev/null 2>&1
  files=$(find "$T/out/2026-11" -type f | wc -l)
  dirs=$(find "$T/out/2026-11" -type d | wc -l)
  # the fsyncs come before the rename that publishes
  syncs=$(awk '/rename/ { exit } /fsync\(/ { n++ } END { print n + 0 }' "$T/strace.txt")
  [ "$syncs" -ge $((files + dirs)) ] && ok || bad "$syncs fsync calls before the swap for $files files and $dirs folders"
fi

echo "robust: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
