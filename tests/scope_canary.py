#!/usr/bin/python3
"""scope_canary.py FINOPS SOURCE_DIR TMP_DIR: who sees which node, tested as a security property.

The demo is run from a generated copy of its configuration in which every node, workload name and
workload id carries a marker of its own ("NM<k>x"), with two more people (a portfolio manager and a
product owner of two scopes), and with FINOPS_TEST_CANARY=1, which appends the row's node canary
("CANARY-N<node>-", "CANARY-NORG-" for the organisation as a whole) to every text cell of every
result row. FINOPS_CHART_TEXT=1 writes each chart's text beside it. Then, for every pack and every
person:
  - every file of a pack (workbooks unzipped, CSV, JSON, chart text) holds only the canaries of rows
    whose node the pack's scope contains, and markers of nodes at or above such nodes (a path names
    its ancestors); a task routed to a person the pack is for brings its own node's canaries;
  - every person's entry of manifest.json names only their own packs' nodes;
  - every person's e-mail (finops send --dry-run: body and attachments) holds only what their
    packs may hold.
The checker is also shown a planted leak (another pack's task list), which it must report: a test
that cannot fail proves nothing."""
import email
import email.policy
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import yaml

FINOPS, SRC, T = (os.path.abspath(a) for a in sys.argv[1:4])
DEMO = os.path.join(SRC, "examples", "demo")
shutil.rmtree(T, ignore_errors=True)
os.makedirs(T)
CANARY = re.compile(r"CANARY-N(\d+|ORG)-")
MARK = re.compile(r"nm(\d+)x", re.I)
errors = []


def fail(msg):
    errors.append(msg)


# ---- a configuration whose every name carries a marker ----
cfg = yaml.safe_load(open(os.path.join(DEMO, "finops.yaml")))
marks = {}  # original node path -> k


def rename(path):
    """The renamed path: each segment gets the marker of the node at that prefix."""
    out, prefix = [], []
    for seg in path.split("/"):
        prefix.append(seg)
        key = "/".join(prefix)
        if key not in marks:
            marks[key] = len(marks) + 1
        out.append("%s NM%dx" % (seg, marks[key]))
    return "/".join(out)


cfg["inputs"]["cur"] = [os.path.join(DEMO, "cur") + "/"]
cfg["accounts"] = {k: rename(v) for k, v in cfg["accounts"].items()}
ids = {}
for w in cfg["workloads"]:
    wpath = w["parent"] + "/" + w["name"]
    w["parent"] = rename(w["parent"])
    new = rename(wpath)
    k = marks[wpath]
    w["name"] = new.rsplit("/", 1)[1]
    ids[w["id"]] = "%s-nm%dx" % (w["id"], k)
    w["id"] = ids[w["id"]]
pol = cfg["policy"]["approved_models"]
cfg["policy"]["approved_models"] = {(k if k == "*" else rename(k)): v for k, v in pol.items()}
for p in cfg["people"]:
    p["scope"] = [s if s == "*" else rename(s) for s in p["scope"]]
cfg["people"] += [
    {"email": "quinn@example.com", "name": "Quinn Portfolio", "role": "portfolio_manager",
     "scope": [rename("Digital/Digital_Research")]},
    {"email": "sam@example.com", "name": "Sam Two-Scopes", "role": "product_owner",
     "scope": [rename("Enterprise/Enterprise_Applications/People_Technology/HR Portal"),
               rename("Digital/Digital_Research/Applied_ML/Doc Classifier")]},
]
cfg["email"] = {"from": "FinOps Center <finops@example.com>", "smtp": {"url": "smtp://localhost:25"}}
cfg["output"] = {"dir": os.path.join(T, "out")}
claims = yaml.safe_load(open(os.path.join(DEMO, cfg["claims_file"])))
for c in claims:
    c["workload"] = ids[c["workload"]]
yaml.safe_dump(claims, open(os.path.join(T, "claims.yaml"), "w"), sort_keys=False)
yaml.safe_dump(cfg, open(os.path.join(T, "finops.yaml"), "w"), sort_keys=False, allow_unicode=True)

env = dict(os.environ, FINOPS_TEST_CANARY="1", FINOPS_CHART_TEXT="1")
r = subprocess.run([FINOPS, "run", "-c", os.path.join(T, "finops.yaml"), "-q"], env=env,
                   capture_output=True, text=True)
if r.returncode != 0:
    print("finops run failed (%d):\n%s%s" % (r.returncode, r.stdout, r.stderr), file=sys.stderr)
    sys.exit(1)
OUT = os.path.join(T, "out", "2026-11")
r = subprocess.run([FINOPS, "send", "-c", os.path.join(T, "finops.yaml"), "-q", "--dry-run",
                    os.path.join(T, "mail")], env=env, capture_output=True, text=True)
if r.returncode != 0:
    print("finops send --dry-run failed (%d):\n%s%s" % (r.returncode, r.stdout, r.stderr), file=sys.stderr)
    sys.exit(1)

summary = json.load(open(os.path.join(OUT, "summary.json")))
manifest = json.load(open(os.path.join(OUT, "manifest.json")))
paths = [n["path"] for n in summary["nodes"]]  # in node index order
index = {p: i for i, p in enumerate(paths)}
parent = [index.get(p.rsplit("/", 1)[0], -1) if "/" in p else -1 for p in paths]
node_of_mark = {}
for i, p in enumerate(paths):
    m = MARK.findall(p.rsplit("/", 1)[-1])
    if len(m) != 1:
        fail("node %s: expected one marker in its name" % p)
    else:
        node_of_mark[int(m[0])] = i
if len(node_of_mark) != len(marks):
    fail("%d markers in the configuration, %d nodes in summary.json" % (len(marks), len(node_of_mark)))


def contains(node, scope):
    """The scope rule, restated from docs/results.md: scope -1 holds all; a node holds its subtree."""
    if scope < 0:
        return True
    while node >= 0:
        if node == scope:
            return True
        node = parent[node]
    return False


def up(node):
    while node >= 0:
        yield node
        node = parent[node]


# task lists route a task to its assignees' packs wherever its node lies: from the run's tasks.csv
import csv  # noqa: E402

task_rows = list(csv.DictReader(open(os.path.join(OUT, "tasks.csv"), encoding="utf-8")))
people = cfg["people"]


def scope_node(s):
    return -1 if s == "*" else index[s]


def assigned_nodes(scope):
    """Nodes above scope with a task assigned to someone with a pack at scope (docs/results.md: a
    finding of an account's node reaches the product owners under it)."""
    mails = {p["email"] for p in people if any(scope_node(s) == scope for s in p["scope"])}
    out = set()
    for row in task_rows:
        c = CANARY.findall(row["task_id"])  # the task's node, from its own canary
        n = -1 if c == ["ORG"] else int(c[0])
        if n >= 0 and scope >= 0 and n != scope and contains(scope, n) and \
                mails & {e.strip() for e in row["assignee_email"].split(";") if e.strip()}:
            out.add(n)
    return out


def allowed(scopes):
    """(data canaries, name markers) that packs of these scope nodes may hold."""
    data, names = set(), set()
    extra = set()
    for s in scopes:
        extra |= assigned_nodes(s)
    for s in scopes:
        if s < 0:
            return None
        data |= {i for i in range(len(paths)) if contains(i, s)}
        names |= data | set(up(s))
    data |= extra  # above the scope: their names are in names already
    return data, names


def texts_of_file(path, data):
    """The text a reader gets from a file: XML parts of a workbook, else the file as UTF-8."""
    name = os.path.basename(path)
    if name.endswith(".png"):
        return []  # its text is in the .png.txt beside it
    if name.endswith(".xlsx"):
        z = zipfile.ZipFile(io.BytesIO(data))
        return [(path + ":" + e, z.read(e).decode("utf-8")) for e in z.namelist()
                if e.endswith(".xml") or e.endswith(".rels")]
    return [(path, data.decode("utf-8"))]


def check_texts(who, texts, ok):
    found = 0
    for where, text in texts:
        for c in set(CANARY.findall(text)):
            key = "ORG" if c == "ORG" else int(c)
            found += 1
            if ok is not None and key not in ok[0]:
                fail("%s: %s holds CANARY-N%s- (a row of %s)" % (who, where, c,
                                                                 "the organisation" if c == "ORG" else paths[key]))
        for m in set(MARK.findall(text)):
            n = node_of_mark.get(int(m))
            if n is None:
                fail("%s: %s holds an unknown marker nm%sx" % (who, where, m))
            elif ok is not None and n not in ok[1]:
                fail("%s: %s names %s (marker nm%sx)" % (who, where, paths[n], m))
    return found


def pack_texts(d, node):
    """Every file of the pack (manifest.json), and the text beside each chart."""
    texts = []
    for f in manifest["files"]:
        if f["node"] != (paths[node] if node >= 0 else "") or not f["path"].startswith(d + "/"):
            continue
        p = os.path.join(OUT, f["path"])
        texts += texts_of_file(f["path"], open(p, "rb").read())
        if p.endswith(".png"):
            texts += texts_of_file(f["path"] + ".txt", open(p + ".txt", "rb").read())
    return texts


# ---- every pack ----
packs = {}
for p in manifest["people"]:
    for k in p["packs"]:
        packs[k["dir"]] = -1 if k["node"] == "" else index[k["node"]]
if len(packs) < 10:
    fail("expected at least 10 packs, found %d" % len(packs))
charts = 0
for d, node in sorted(packs.items()):
    texts = pack_texts(d, node)
    charts += sum(1 for w, _ in texts if w.endswith(".png.txt"))
    n = check_texts("pack " + d, texts, allowed([node]))
    if n == 0:
        fail("pack %s: no canary at all (the canaries did not reach the files)" % d)
    if node >= 0 and not any(("CANARY-N%d-" % node) in t for _, t in texts):
        fail("pack %s: not even its own node's canary" % d)
if charts < 5:
    fail("expected chart text beside the charts, found %d" % charts)
pngs = sum(1 for _, _, fs in os.walk(OUT) for f in fs if f.endswith(".png"))
txts = sum(1 for _, _, fs in os.walk(OUT) for f in fs if f.endswith(".png.txt"))
if pngs != txts:
    fail("%d charts, %d chart texts" % (pngs, txts))

# ---- the manifest, person by person ----
for p in manifest["people"]:
    conf = next(q for q in people if q["email"] == p["email"])
    ok = allowed([scope_node(s) for s in conf["scope"]])
    check_texts("manifest entry of " + p["email"], [("manifest.json", json.dumps(p["packs"]))], ok)

# ---- every e-mail ----
mails = 0
for f in sorted(os.listdir(os.path.join(T, "mail"))):
    msg = email.message_from_binary_file(open(os.path.join(T, "mail", f), "rb"), policy=email.policy.default)
    to = msg["To"].addresses[0].addr_spec
    conf = next(q for q in people if q["email"] == to)
    ok = allowed([scope_node(s) for s in conf["scope"]])
    texts = [("headers", "".join("%s: %s\n" % kv for kv in msg.items()))]
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = part.get_filename() or "body." + part.get_content_subtype()
        texts += texts_of_file(f + ":" + name, part.get_payload(decode=True))
    check_texts("e-mail " + f, texts, ok)
    mails += 1
if mails != len(people):
    fail("expected %d e-mails, found %d" % (len(people), mails))

# ---- the checker catches a leak: another pack's task list planted in a product owner's pack ----
planted = allowed([index[rename("Enterprise/Enterprise_Applications/People_Technology/HR Portal")]])
other = os.path.join(OUT, "nodes", "Digital NM%dx" % marks["Digital"], "Digital_Research NM%dx" %
                     marks["Digital/Digital_Research"], "tasks.csv")
before = len(errors)
check_texts("planted", texts_of_file("tasks.csv", open(other, "rb").read()), planted)
if len(errors) == before:
    fail("the checker did not notice another pack's task list in a product owner's pack")
else:
    del errors[before:]

for e in errors[:40]:
    print("FAIL: " + e, file=sys.stderr)
if errors:
    kinds = {}
    for e in errors:
        k = e.split(" ", 1)[0] if not e.startswith("manifest") else "manifest"
        kinds[k] = kinds.get(k, 0) + 1
    print("%d problems (%d shown): %s" % (len(errors), min(40, len(errors)),
                                          ", ".join("%s %d" % kv for kv in sorted(kinds.items()))), file=sys.stderr)
    sys.exit(1)
print("scope canaries: %d packs, %d e-mails, %d chart texts: no row or name outside a scope" %
      (len(packs), mails, charts))
