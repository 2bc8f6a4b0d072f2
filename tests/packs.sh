#!/bin/sh
# Report packs end to end on the demo: determinism, role scoping proof on every workbook, per-node
# task lists, manifest (files, sha256, people), template check errors and a failing render.
# usage: packs.sh FINOPS SOURCE_DIR TMP_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
rm -rf "$T"
mkdir -p "$T"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*" >&2
}

DEMO="$SRC/examples/demo/finops.yaml"
run() { "$FINOPS" run -c "$DEMO" -q "$@"; }

# --- determinism: two runs, every file identical ---
if run --out "$T/a" >"$T/run1.txt" 2>&1 && run --out "$T/b" >"$T/run2.txt" 2>&1; then ok; else
  bad "demo run failed: $(cat "$T/run1.txt" "$T/run2.txt")"
fi
if diff -r "$T/a" "$T/b" >"$T/diff.txt" 2>&1; then ok; else bad "two runs differ: $(head -5 "$T/diff.txt")"; fi
OUT="$T/a/2026-11"
n=$(find "$OUT/nodes" -name '*.xlsx' | wc -l)
if [ "$n" -ge 10 ]; then ok; else bad "expected at least 10 workbooks, found $n"; fi
for f in "$OUT/nodes/_organisation/finops_leader.xlsx" \
  "$OUT/nodes/Enterprise/Enterprise_Applications/portfolio_manager.xlsx" \
  "$OUT/nodes/Enterprise/Enterprise_Applications/cloud_engineer.xlsx" \
  "$OUT/nodes/Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/FinOpsCenter_DemoApp/product_owner.xlsx" \
  "$OUT/nodes/Enterprise/Enterprise_Applications/charts/spend_by_workload.png"; do
  if [ -s "$f" ]; then ok; else bad "missing $f"; fi
done

# --- the portfolio manager's briefing answers their questions ---
PM="$OUT/nodes/Enterprise/Enterprise_Applications/portfolio_manager.xlsx"
unzip -p "$PM" xl/sharedStrings.xml >"$T/pm.txt" 2>/dev/null
for s in 'HR Portal leads at \$14,200.00 this month, followed by Customer Insights at \$9,400.00' \
  '3 IAM roles in your accounts are unclaimed: \$3,800.00 of Bedrock spend'; do
  if grep -q "$s" "$T/pm.txt"; then ok; else bad "portfolio briefing lacks: $s"; fi
done

# --- role scoping, manifest, tasks: checked from the published JSON ---
python3 - "$OUT" "$SRC/examples/demo/finops.yaml" <<'EOF' || fail=$((fail + 1))
import hashlib, json, os, re, subprocess, sys, zipfile
out = sys.argv[1]
summary = json.load(open(os.path.join(out, "summary.json")))
manifest = json.load(open(os.path.join(out, "manifest.json")))
res = summary["results"]
errors = []

def within(node, scope):
    return scope == "" or node == scope or (node or "").startswith(scope + "/")

# every file is listed once, with its size and sha256
listed = {f["path"]: f for f in manifest["files"]}
on_disk = set()
for root, _, files in os.walk(out):
    for f in files:
        on_disk.add(os.path.relpath(os.path.join(root, f), out))
on_disk.discard("manifest.json")
if set(listed) != on_disk:
    errors.append("manifest lists %s, disk has %s" % (sorted(set(listed) ^ on_disk), ""))
for p, f in listed.items():
    data = open(os.path.join(out, p), "rb").read()
    if hashlib.sha256(data).hexdigest() != f["sha256"] or len(data) != f["bytes"]:
        errors.append("manifest sha256/bytes wrong for " + p)

# people: each person's packs hold their role's workbook
roles = {"finops_leader", "portfolio_manager", "product_owner", "cloud_engineer"}
people = {p["email"]: p for p in manifest["people"]}
pat = people.get("pat@example.com")
if not pat or not any(f.endswith("/product_owner.xlsx") for k in pat["packs"] for f in k["files"]):
    errors.append("manifest people: pat@example.com has no product_owner.xlsx")
for p in manifest["people"]:
    for k in p["packs"]:
        for f in k["files"]:
            if f not in listed or p["role"] not in listed[f]["audience"] or listed[f]["node"] != k["node"]:
                errors.append("manifest people: %s gets %s, which is not theirs" % (p["email"], f))
            base = os.path.basename(f)
            if base.endswith(".xlsx") and base != p["role"] + ".xlsx":
                errors.append("manifest people: %s gets another role's workbook %s" % (p["email"], f))

# per-node tasks.csv: exactly the task rows of the node's subtree, and the tasks assigned to the
# people whose pack it is (an unclaimed role of the portfolio's accounts reaches its product owners)
import csv
tasks = res.get("tasks.queue")
for p, f in listed.items():
    if not p.endswith("/tasks.csv"):
        continue
    node = f["node"]
    here = {q["email"] for q in manifest["people"] if any(k["node"] == node for k in q["packs"])}
    def mine(t):
        return node != "" and here & set(re.split(r"\s*;\s*", t["assignee_email"]))
    rows = list(csv.DictReader(open(os.path.join(out, p))))
    want = [t["task_id"] for t in tasks if (t["node"] is not None and within(t["node"], node)) or mine(t)] \
        if tasks else []
    if [r["task_id"] for r in rows] != want:
        errors.append("%s: %d task rows, want %d" % (p, len(rows), len(want)))
    for r in rows:
        if not within(r["node_path"], node) and not mine(r):
            errors.append("%s: foreign task %s" % (p, r["task_id"]))

# role scoping proof: nothing of a workload, account or amount outside the pack's node
workloads = res["attribution.workloads"]
accounts = {}
for line in open(sys.argv[2]):
    m = re.match(r'\s*"(\d{12})":\s*(\S.*)$', line)
    if m:
        accounts[m.group(1)] = m.group(2).strip()
def amounts(text):
    return {round(float(x), 2) for x in re.findall(r"<v>(-?[0-9.]+(?:E-?[0-9]+)?)</v>", text)}
def money_words(x):
    return "${:,.2f}".format(x)
checked = 0
for p, f in listed.items():
    if not p.endswith(".xlsx"):
        continue
    node = f["node"]
    if node == "":
        continue  # the organisation pack sees everything
    z = zipfile.ZipFile(os.path.join(out, p))
    xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/") and n.endswith(".xml"))
    nums = amounts(xml)
    # amounts of the pack's own rows may coincide with a foreign one: those prove nothing
    own = set()
    for rows in res.values():
        for r in rows:
            if r.get("node") is not None and within(r["node"], node):
                own |= {round(x, 2) for x in r.values() if isinstance(x, (int, float))}
    for w in workloads:
        if within(w["node"], node):
            continue
        for s in (w["name"], w["workload_id"]):
            if re.search(r"(?<![A-Za-z0-9_-])" + re.escape(s) + r"(?![A-Za-z0-9_-])", xml):
                errors.append("%s shows foreign workload %s" % (p, s))
        for a in (round(w["net_usd"], 2), round(w["usage_usd"], 2)):
            if a and a not in own and (a in nums or money_words(a) in xml):
                errors.append("%s shows foreign amount %s (%s)" % (p, a, w["name"]))
    for acct, path in accounts.items():
        if not within(path, node) and not within(node, path) and acct in xml:
            errors.append("%s shows foreign account %s" % (p, acct))
    checked += 1
if checked < 9:
    errors.append("only %d workbooks checked" % checked)

# the product owner's workbook named in the issue: none of the other accounts at all
po = "nodes/Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/FinOpsCenter_DemoApp/product_owner.xlsx"
z = zipfile.ZipFile(os.path.join(out, po))
xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
for acct in ("284750193846", "390517264820", "518204937615", "629301847562", "HR Portal", "hr-portal"):
    if acct in xml:
        errors.append("pat's workbook shows " + acct)
for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF
[ $? -eq 0 ] && ok

# --- an organisation-wide person gets nodes/_organisation/ with organisation rows ---
mkdir -p "$T/org"
sed -e "s#cur: \[cur/\]#cur: [$SRC/examples/demo/cur/]#" -e "s#^claims_file: .*#claims_file: $SRC/examples/demo/claims.yaml#" \
  -e "s#^  dir: out#  dir: $T/org/out#" "$DEMO" >"$T/org/finops.yaml"
cat >>"$T/org/finops.yaml" <<'EOF'
EOF
python3 - "$T/org/finops.yaml" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read().replace("people:\n", "people:\n  - email: cfo@example.com\n    name: Casey Fox\n    role: finops_leader\n    scope: [\"*\"]\n", 1)
open(p, "w").write(s)
EOF
if "$FINOPS" run -c "$T/org/finops.yaml" -q >"$T/org.txt" 2>&1; then ok; else bad "org run failed: $(cat "$T/org.txt")"; fi
ORG="$T/org/out/2026-11/nodes/_organisation/finops_leader.xlsx"
if [ -s "$ORG" ]; then ok; else bad "no organisation pack"; fi
if unzip -p "$ORG" xl/sharedStrings.xml 2>/dev/null | grep -q "Example Corp"; then ok; else bad "organisation pack lacks the organisation"; fi
if grep -q '"dir": "nodes/_organisation"' "$T/org/out/2026-11/manifest.json"; then ok; else
  bad "manifest people lacks the organisation pack"
fi

# --- template checks: an unknown result is an error with its position, before any data ---
mkdir -p "$T/tpl"
cp "$(dirname "$FINOPS")/templates/"*.yaml "$T/tpl/"
cat >>"$T/tpl/product_owner.yaml" <<'EOF'
  - name: Nope
    result: nope.result
    columns: [x]
EOF
line=$(grep -n "result: nope.result" "$T/tpl/product_owner.yaml" | cut -d: -f1)
FINOPS_TEMPLATES="$T/tpl" "$FINOPS" run -c "$DEMO" --out "$T/tplout" -q >"$T/tpl.txt" 2>&1
rc=$?
if [ $rc -eq 2 ]; then ok; else bad "unknown result: exit $rc, want 2"; fi
if grep -q "product_owner.yaml:$((line - 1)):5: error: sheet uses result 'nope.result'" "$T/tpl.txt"; then ok; else
  bad "unknown result message: $(cat "$T/tpl.txt")"
fi
if [ ! -e "$T/tplout/2026-11" ]; then ok; else bad "a refused template still published reports"; fi
# marked optional, the same binding is skipped silently
sed -i 's/    result: nope.result/    result: nope.result\n    optional: true/' "$T/tpl/product_owner.yaml"
if FINOPS_TEMPLATES="$T/tpl" "$FINOPS" run -c "$DEMO" --out "$T/tplout" -q >"$T/tpl2.txt" 2>&1; then ok; else
  bad "optional unknown result refused: $(cat "$T/tpl2.txt")"
fi
# a column the result lacks fails the run after the data; the previous reports stay as they were
cp -r "$T/tplout/2026-11" "$T/before"
sed -i 's/^      - usage_usd$/      - no_such_column/' "$T/tpl/portfolio_manager.yaml"
FINOPS_TEMPLATES="$T/tpl" "$FINOPS" run -c "$DEMO" --out "$T/tplout" -q >"$T/tpl3.txt" 2>&1
rc=$?
if [ $rc -ne 0 ]; then ok; else bad "a missing column did not fail the run"; fi
if grep -q "portfolio_manager.yaml:[0-9]*:[0-9]*: error: result 'attribution.workloads' has no column 'no_such_column'" "$T/tpl3.txt"; then
  ok
else bad "missing column message: $(cat "$T/tpl3.txt")"; fi
if diff -r "$T/before" "$T/tplout/2026-11" >/dev/null 2>&1; then ok; else bad "a failed render changed the published reports"; fi
if [ -z "$(find "$T/tplout" -maxdepth 1 -name '.tmp-*')" ]; then ok; else bad "a failed render left its temporary folder"; fi
# malformed YAML
printf 'role: product_owner\nsheets: [\n' >"$T/tpl/product_owner.yaml"
FINOPS_TEMPLATES="$T/tpl" "$FINOPS" run -c "$DEMO" --out "$T/tplout" -q >"$T/tpl4.txt" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q "product_owner.yaml:[0-9]*:[0-9]*: error:" "$T/tpl4.txt"; then ok; else
  bad "malformed template: exit $rc: $(cat "$T/tpl4.txt")"
fi

echo "packs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
