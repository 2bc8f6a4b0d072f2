#!/usr/bin/python3
"""Ties every figure of every workbook of a run to its summary.json.

usage: workbooks.py TEMPLATES_DIR RUN_DIR [PREVIOUS_RUN_DIR]

RUN_DIR is one period's output (summary.json, manifest.json, chargeback.csv, nodes/...);
PREVIOUS_RUN_DIR, when given, is the previous month's output of the same inputs, whose figures
the packs' "last month" figures must equal. Prints one line per failure, grouped by check, and
exits 1 when there is any."""
import collections
import csv
import datetime
import json
import os
import re
import sys

import openpyxl
import yaml

TPL, OUT = sys.argv[1], sys.argv[2]
PREV = sys.argv[3] if len(sys.argv) > 3 else None
TABLES = {}
if os.environ.get("WORKBOOKS_PLUGINS"):
    for line in open(os.environ["WORKBOOKS_PLUGINS"]):
        m = re.match(r'^    table (\S+): result (\S+), sheet "(.*)", rows (\w+)$', line)
        if m:
            TABLES[m.group(1)] = (m.group(2), m.group(3), m.group(4))
S = json.load(open(os.path.join(OUT, "summary.json")))
M = json.load(open(os.path.join(OUT, "manifest.json")))
P = json.load(open(os.path.join(PREV, "summary.json"))) if PREV else None
R = S["results"]
NODES = {n["path"]: n for n in S["nodes"]}
PNODES = {n["path"]: n for n in P["nodes"]} if P else {}
fails = collections.defaultdict(list)
EPS = 0.011  # a cent, with room for binary floating point


def fail(check, where, msg):
    fails[check].append("%s: %s" % (where, msg))


def near(a, b, eps=EPS):
    return a is not None and b is not None and abs(float(a) - float(b)) <= eps


def money_words(x):
    return "{:,.2f}".format(x)


# ---- figures of a node (path "" = the organisation) ----


def figures(path, s=S):
    if path == "":
        t = s["totals"]
        att, un = t["attributed_usd"], t["unattributed_usd"]
        return {"attributed": att, "unattributed": un, "usage": att + un, "adjustments": t["adjustments_usd"],
                "net": t["bedrock_usd"]}
    n = {x["path"]: x for x in s["nodes"]}.get(path)
    if n is None:
        return None
    att, un = n.get("usage_usd") or 0, n.get("unattributed_usd") or 0
    adj = (n.get("adjustments_usd") or 0) + (n.get("unattributed_adjustments_usd") or 0)
    return {"attributed": att, "unattributed": un, "usage": att + un, "adjustments": adj, "net": n.get("net_usd")}


for path in [""] + list(NODES):
    f = figures(path)
    if not near(f["usage"] + f["adjustments"], f["net"]):
        fail("summary", path or "(organisation)", "usage %.2f + adjustments %.2f != net %.2f" %
             (f["usage"], f["adjustments"], f["net"]))


def within(node, scope):
    if scope == "":
        return True
    return node is not None and (node == scope or node.startswith(scope + "/"))


def is_workload(path):
    return path is not None and path in NODES and NODES[path].get("workload_id") is not None


def result_rows(result):
    """A result's rows; per-node results (*.nodes) are merged into summary.json's nodes."""
    if result.endswith(".nodes") and result not in R:
        return [dict(n, node=n["path"]) for n in S["nodes"]]
    return R.get(result, [])


def scoped_rows(result, scope, rows="all"):
    out = []
    for r in result_rows(result):
        n = r.get("node")
        if not within(n, scope):
            continue
        if rows == "workloads" and not is_workload(n):
            continue
        if rows == "groups" and (n is None or is_workload(n)):
            continue
        if rows == "self" and n != (scope if scope else None):
            continue
        out.append(r)
    return out


def distinct_tasks(rows):
    """One finding, once: the same kind, node, workload and text is one finding."""
    seen = {}
    for r in rows:
        seen.setdefault((r["kind"], r["node_path"], r["workload_id"], r["detail"]), r)
    return list(seen.values())


# ---- summary.json on its own: one finding is one task; as-of and completeness ----
tq = R.get("tasks.queue", [])
if len(distinct_tasks(tq)) != len(tq):
    fail("one finding one task", "summary.json tasks.queue",
         "%d tasks for %d findings (a finding repeated per assignee)" % (len(tq), len(distinct_tasks(tq))))
for key in ("as_of", "month_complete"):
    if key not in S:
        fail("as-of", "summary.json", "no '%s'" % key)
if "forecast_usd" not in S["totals"]:
    fail("month over month", "summary.json totals", "no organisation month-end forecast (forecast_usd)")
if P is not None:
    for key in ("previous_usage_usd", "previous_net_usd"):
        if key not in S["totals"]:
            fail("month over month", "summary.json totals", "no '%s' (the previous month is in the inputs)" % key)
        elif not near(S["totals"][key], figures("", P)["usage" if key == "previous_usage_usd" else "net"]):
            fail("month over month", "summary.json totals", "%s %.2f is not the previous month's %.2f" %
                 (key, S["totals"][key], figures("", P)["usage" if key == "previous_usage_usd" else "net"]))

# ---- chargeback.csv: the contract's columns first, then as-of and completeness appended ----
CONTRACT = ("period,workload_id,node_path,account_id,bucket,reason,usage_usd,adjustments_usd,net_usd,"
            "via_profile_usd,via_role_usd,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens").split(",")
with open(os.path.join(OUT, "chargeback.csv"), newline="") as fh:
    cb = list(csv.reader(fh))
if cb[0][:len(CONTRACT)] != CONTRACT:
    fail("chargeback.csv", "header", "the contract's columns are not first, in order: %s" % cb[0])
extra = cb[0][len(CONTRACT):]
if "as_of" not in extra or "month_complete" not in extra:
    fail("as-of", "chargeback.csv", "no as_of / month_complete columns appended (has %s)" % extra)
else:
    ia, im = cb[0].index("as_of"), cb[0].index("month_complete")
    for row in cb[1:]:
        if row[ia] != S.get("as_of") or row[im] != str(S.get("month_complete", "")).lower():
            fail("as-of", "chargeback.csv", "row says as_of %s month_complete %s" % (row[ia], row[im]))
            break

# ---- internal identifiers that must never be shown to people ----
IDENT = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
idents = set()
for name, rows in R.items():
    for r in rows:
        for col in ("status", "action", "kind", "reason", "region_type", "principal_kind", "tier", "cause",
                    "bucket", "component", "assignee_role", "token_kind", "estimate_kind"):
            v = r.get(col)
            if isinstance(v, str) and IDENT.match(v):
                idents.add(v)
IDENT_WORD = re.compile(r"\b(" + "|".join(sorted(map(re.escape, idents), key=len, reverse=True)) + r")\b") \
    if idents else None

# principals are in the data when anything was attributed through a role or profile
HAS_PRINCIPALS = any((n.get("via_role_usd") or 0) + (n.get("via_profile_usd") or 0) > 0 for n in S["nodes"])

templates = {}
for fn in os.listdir(TPL):
    if fn.endswith(".yaml"):
        t = yaml.safe_load(open(os.path.join(TPL, fn)))
        # a sheet naming a declared table: its result and title as `finops plugins` lists them
        for sh in t.get("sheets", []):
            if "table" in sh and sh["table"] in TABLES:
                sh.setdefault("result", TABLES[sh["table"]][0])
                sh.setdefault("name", TABLES[sh["table"]][1])
                sh.setdefault("rows", TABLES[sh["table"]][2])
        t["sheets"] = [sh for sh in t.get("sheets", []) if "result" in sh]
        if isinstance(t, dict) and "role" in t:
            templates[t["role"]] = t

# ---- reading a sheet ----


def header_map(ws):
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def is_total(ws, r):
    v = ws.cell(r, 1).value
    return isinstance(v, str) and v.strip().lower().startswith("total")


def data_rows(ws):
    return [r for r in range(2, ws.max_row + 1)
            if not is_total(ws, r) and any(ws.cell(r, c).value is not None for c in range(1, ws.max_column + 1))]


def total_row(ws):
    for r in range(2, ws.max_row + 1):
        if is_total(ws, r):
            return r
    return None


def money_cols(ws, rows):
    cols = []
    for c in range(1, ws.max_column + 1):
        for r in rows[:3]:
            cell = ws.cell(r, c)
            if isinstance(cell.value, (int, float)) and "$" in (cell.number_format or ""):
                cols.append(c)
                break
    return cols


def num(v):
    return float(v) if isinstance(v, (int, float)) else 0.0


def find_col(hm, *names):
    for n in names:
        for h, c in hm.items():
            if h.lower() == n.lower():
                return c
    return None


# ---- every workbook ----
people_tasks = collections.defaultdict(set)  # email -> task ids found in their packs
books = [f for f in M["files"] if f["path"].endswith(".xlsx")]
if not books:
    fail("workbooks", OUT, "no workbooks")
for f in books:
    path, scope, role = f["path"], f["node"], f["audience"][0]
    where0 = path
    wb = openpyxl.load_workbook(os.path.join(OUT, path))
    tpl = templates.get(role, {})
    fig = figures(scope)
    node = NODES.get(scope) if scope else None
    # -- every sheet: layout for screen and paper, plain words, as-of in the header --
    for ws in wb.worksheets:
        where = "%s [%s]" % (where0, ws.title)
        hdr = " ".join(filter(None, [getattr(getattr(ws.oddHeader, p), "text", None) or ""
                                     for p in ("left", "center", "right")]))
        if S.get("as_of", "?") not in hdr:
            fail("as-of", where, "the page header does not state the as-of day (header: %r)" % hdr)
        if "complete" not in hdr.lower() and "in progress" not in hdr.lower():
            fail("as-of", where, "the page header does not say whether the month is complete (%r)" % hdr)
        ps = ws.page_setup
        if ps.orientation != "landscape" or str(ps.fitToWidth) not in ("1", "None") or \
                str(ps.fitToHeight) != "0":
            fail("layout", where, "not landscape, fit to one page wide only (%s, %s x %s)" %
                 (ps.orientation, ps.fitToWidth, ps.fitToHeight))
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if not isinstance(v, str):
                    continue
                if IDENT_WORD and IDENT_WORD.search(v):
                    fail("plain words", where, "%s shows %r" % (cell.coordinate, IDENT_WORD.search(v).group(1)))
                if HAS_PRINCIPALS and "enable caller identity" in v.lower():
                    fail("fitting advice", where, "%s tells to enable caller identity data the export already "
                         "has: %r" % (cell.coordinate, v[:90]))
        if ws.title in ("Briefing", "Charts"):
            continue
        if ws.freeze_panes != "A2":
            fail("layout", where, "header row not frozen (%s)" % ws.freeze_panes)
        if not ws.auto_filter.ref:
            fail("layout", where, "no autofilter")
        widths = 0
        for c in range(1, ws.max_column + 1):
            letter = openpyxl.utils.get_column_letter(c)
            w = ws.column_dimensions[letter].width or 8.43
            widths += w
            for r in range(2, ws.max_row + 1):
                v = ws.cell(r, c).value
                if isinstance(v, str) and len(v) > w * 1.15 and not ws.cell(r, c).alignment.wrap_text:
                    fail("layout", where, "%s%d is cut off: %d characters in a column %.0f wide, not wrapped" %
                         (letter, r, len(v), w))
                    break
        if widths > 230:
            fail("layout", where, "columns %.0f characters wide: printed one page wide it shrinks unreadably" %
                 widths)
    # -- the briefing: key figures first, in large type, and each tied to summary.json --
    if "Briefing" not in wb.sheetnames:
        fail("briefing", where0, "no Briefing sheet")
        continue
    ws = wb["Briefing"]
    kf = collections.OrderedDict()
    kf_rows = []
    first_sentence = None
    text = []
    for r in range(1, ws.max_row + 1):
        for c in range(1, ws.max_column + 1):
            v = ws.cell(r, c).value
            if isinstance(v, str) and len(v) > 60 and r > 2:
                text.append(v)
                if first_sentence is None and r > 2:
                    first_sentence = r
            if isinstance(v, str) and c + 1 <= ws.max_column and isinstance(ws.cell(r, c + 1).value, (int, float)):
                kf[v.strip()] = (ws.cell(r, c + 1).value, ws.cell(r, c + 1))
                kf_rows.append(r)
            elif isinstance(v, str) and r + 1 <= ws.max_row and isinstance(ws.cell(r + 1, c).value, (int, float)) \
                    and len(v) < 60:
                kf[v.strip()] = (ws.cell(r + 1, c).value, ws.cell(r + 1, c))
                kf_rows.append(r)
    where = where0 + " [Briefing]"
    if kf_rows and first_sentence is not None and min(kf_rows) > first_sentence:
        fail("briefing", where, "the key figures come after the sentences (row %d vs %d)" %
             (min(kf_rows), first_sentence))
    if kf and max((cell.font.sz or 11) for _, cell in kf.values()) < 14:
        fail("briefing", where, "key figures are not in large type")
    if len(text) > 8:
        fail("briefing", where, "%d sentences: more than a few" % len(text))
    full = "\n".join(text)
    labels = {k.lower(): (k, v) for k, (v, _) in kf.items()}

    def kfig(*prefixes):
        for p in prefixes:
            for low, (k, v) in labels.items():
                if low.startswith(p):
                    return k, v
        return None, None

    ties = [(("usage",), "usage"), (("attributed",), "attributed"), (("unattributed",), "unattributed"),
            (("credits", "adjustments"), "adjustments"), (("net",), "net")]
    got = {}
    for prefixes, key in ties:
        k, v = kfig(*prefixes)
        if k is None:
            continue
        got[key] = v
        if not near(v, fig[key]):
            fail("key figures", where, "%r is %.2f, summary.json says %.2f" % (k, v, fig[key]))
    if "usage" in got and "adjustments" in got and "net" in got and \
            not near(got["usage"] + got["adjustments"], got["net"]):
        fail("key figures", where, "usage %.2f + adjustments %.2f != net %.2f" %
             (got["usage"], got["adjustments"], got["net"]))
    for k, (v, _) in kf.items():
        if k.lower().startswith("budget") and node and node.get("forecast_estimated_usd") is not None:
            keys = list(kf)
            nxt = keys[keys.index(k) + 1] if keys.index(k) + 1 < len(keys) else None
            if nxt is None or not near(kf[nxt][0], node["forecast_estimated_usd"]):
                fail("budget like for like", where, "%r %.2f is set beside %r %s, not the forecast of the "
                     "workloads it covers (%.2f)" % (k, v, nxt, kf[nxt][0] if nxt else None,
                                                     node["forecast_estimated_usd"]))
    if scope == "" and role == "finops_leader":
        k, v = kfig("month-end forecast")
        if k is None or not near(v, S["totals"].get("forecast_usd")):
            fail("month over month", where, "no organisation month-end forecast key figure equal to summary.json")
    if P is not None:
        pf = figures(scope, P)
        if pf is not None and pf["usage"] > 0:
            k, v = kfig("last month")
            if k is None:
                fail("month over month", where, "no last-month key figure (October is in the inputs)")
            elif not near(v, pf["usage"]):
                fail("month over month", where, "%r %.2f != last month's usage %.2f" % (k, v, pf["usage"]))
            if "last month" not in full.lower():
                fail("month over month", where, "the briefing does not compare with last month")
    # credits said in the sentences = the key figures' adjustments
    for m in re.finditer(r"[Cc]redits and refunds of \$([\d,]+\.\d\d)", full):
        if not near(-float(m.group(1).replace(",", "")), fig["adjustments"]):
            fail("key figures", where, "the briefing says credits of $%s, the node's adjustments are %.2f" %
                 (m.group(1), fig["adjustments"]))
    # at stake said in the sentences = the tasks of the pack, each finding once
    here = {p["email"] for p in M["people"] if any(k["node"] == scope for k in p["packs"])}
    own_tasks = distinct_tasks(scoped_rows("tasks.queue", scope))
    scoped_tasks = distinct_tasks(own_tasks + [t for t in tq if scope and not within(t["node"], scope) and
                                               set(re.split(r"\s*;\s*", t["assignee_email"])) & here])
    stake = sum(t["usd_at_stake"] or 0 for t in scoped_tasks)
    # spend before a claim is the account's unattributed spend, shown at the workload that may claim it
    own_stake = sum(t["usd_at_stake"] or 0 for t in own_tasks if t["kind"] != "before_claim")
    month = max(fig["usage"], (node or {}).get("forecast_usd") or S["totals"].get("forecast_usd") or 0)
    for m in re.finditer(r"\$([\d,]+\.\d\d) at stake", full):
        if not near(float(m.group(1).replace(",", "")), stake):
            fail("at stake", where, "the briefing says $%s at stake, its tasks (each finding once) add to %.2f" %
                 (m.group(1), stake))
    if own_stake > month + EPS and fig["usage"] > 0:
        fail("at stake", where, "at stake %.2f exceeds the month's spend %.2f" % (own_stake, month))
    if re.search(r"[Nn]o open (compliance )?tasks", full):
        mine = [t for t in tq if any(e.strip() in [p["email"] for p in M["people"]
                                                   if any(k["node"] == scope for k in p["packs"]) and p["role"] == role]
                                     for e in re.split(r"[;,]", t["assignee_email"]))]
        if mine:
            fail("tasks reach owners", where, "the briefing says no open tasks; %d are assigned to this pack's "
                 "people" % len(mine))
    # the score sentence's "X of Y" uses the weights of the Report card sheet
    # -- data sheets --
    for sh in tpl.get("sheets", []):
        name, result, rows_kind = sh["name"], sh["result"], sh.get("rows", "all")
        expected = scoped_rows(result, scope, rows_kind)
        if result == "tokens.node_models" and scope == "" and rows_kind == "self":
            expected = R.get("tokens.by_model", [])
        if result == "tasks.queue":
            expected = scoped_tasks
        where = "%s [%s]" % (where0, name)
        if name not in wb.sheetnames:
            if expected:
                fail("rows", where, "sheet missing, summary.json has %d rows" % len(expected))
            continue
        ws = wb[name]
        rows = data_rows(ws)
        if expected and not rows:
            fail("rows", where, "no rows; summary.json has %d" % len(expected))
            continue
        if len(rows) != len(expected):
            fail("rows", where, "%d rows, summary.json has %d" % (len(rows), len(expected)))
        hm = header_map(ws)
        mc = money_cols(ws, rows)
        tr = total_row(ws)
        # every money table has a totals row: sums of its rows (a tree's: the pack node's figures)
        if mc and result != "tokens.daily" and result != "scorecard.components":
            if tr is None:
                fail("totals row", where, "no totals row")
            elif result != "attribution.nodes":
                for c in mc:
                    tv = ws.cell(tr, c).value
                    if tv is None:
                        continue
                    s = sum(num(ws.cell(r, c).value) for r in rows)
                    if not near(tv, s, 0.02):
                        fail("totals row", where, "column %s: total %.2f != sum of rows %.2f" %
                             (ws.cell(1, c).value, num(tv), s))
        cu = find_col(hm, "Usage", "Attributed usage")
        ca = find_col(hm, "Adjustments")
        cn = find_col(hm, "Net")
        cun = find_col(hm, "Unattributed")
        if result == "attribution.nodes":
            cnode = find_col(hm, "Node")
            for r in rows + ([tr] if tr else []):
                p = ws.cell(r, cnode).value if cnode else None
                p = scope if r == tr else p
                nf = figures("" if p == S.get("organization") else p) if p is not None else None
                if nf is None:
                    fail("hierarchy", where, "row %d: node %r not in summary.json" % (r, p))
                    continue
                for col, key in ((cu, "attributed"), (cun, "unattributed"), (ca, "adjustments"), (cn, "net")):
                    if col and not near(ws.cell(r, col).value, nf[key]):
                        fail("hierarchy", where, "row %d (%s) %s %.2f, summary.json %.2f" %
                             (r, p or "total", ws.cell(1, col).value, num(ws.cell(r, col).value), nf[key]))
                if cu and ca and cn and cun and not near(
                        num(ws.cell(r, cu).value) + num(ws.cell(r, cun).value) + num(ws.cell(r, ca).value),
                        ws.cell(r, cn).value):
                    fail("usage + adjustments = net", where, "row %d (%s) does not add up" % (r, p))
        elif cu and ca and cn:
            for r in rows + ([tr] if tr else []):
                if not near(num(ws.cell(r, cu).value) + num(ws.cell(r, ca).value), ws.cell(r, cn).value):
                    fail("usage + adjustments = net", where, "row %d: %.2f + %.2f != %.2f" %
                         (r, num(ws.cell(r, cu).value), num(ws.cell(r, ca).value), num(ws.cell(r, cn).value)))
        if tr is not None:
            tv = lambda c: num(ws.cell(tr, c).value) if c else None
            if result == "attribution.workloads" and cu and not near(tv(cu), fig["attributed"], 0.02):
                fail("node totals", where, "total usage %.2f != the node's attributed usage %.2f" %
                     (tv(cu), fig["attributed"]))
            if result == "attribution.chargeback":
                for col, key in ((cu, "usage"), (ca, "adjustments"), (cn, "net")):
                    if col and not near(tv(col), fig[key], 0.02):
                        fail("node totals", where, "total %s %.2f != the node's %.2f" %
                             (ws.cell(1, col).value, tv(col), fig[key]))
            if result in ("tokens.node_models", "tokens.by_model") and cu and not near(tv(cu), fig["usage"], 0.02):
                fail("node totals", where, "total usage %.2f != the node's usage %.2f" % (tv(cu), fig["usage"]))
            cb = find_col(hm, "Budget")
            if cb and ws.cell(tr, cb).value is not None:
                cf = [c for h, c in hm.items() if "with a budget" in h.lower()]
                want = (node or {}).get("forecast_estimated_usd")
                if not cf:
                    fail("budget like for like", where, "a budget total without the forecast of the workloads it covers")
                elif want is not None and not near(ws.cell(tr, cf[0]).value, want, 0.02):
                    fail("budget like for like", where, "forecast of the workloads with a budget totals %s, summary.json "
                         "%.2f" % (ws.cell(tr, cf[0]).value, want))
            cs = find_col(hm, "At stake")
            if result == "tasks.queue" and cs and not near(tv(cs), stake, 0.02):
                fail("at stake", where, "total at stake %.2f != the pack's findings, each once, %.2f" %
                     (tv(cs), stake))
        # the month-end close sheets: every dollar in is a dollar out, tied to the chargeback
        if result == "ledger.reconciliation":
            cin, cout = find_col(hm, "USD in"), find_col(hm, "USD out")
            catt, cun = find_col(hm, "Attributed"), find_col(hm, "Unattributed")
            creasons = [c for h, c in hm.items() if h.startswith("Unattributed:")]
            for r in rows + ([tr] if tr else []):
                vin, vout = num(ws.cell(r, cin).value), num(ws.cell(r, cout).value)
                parts = num(ws.cell(r, catt).value) + num(ws.cell(r, cun).value)
                if not near(vin, vout) or not near(vout, parts) or \
                        not near(sum(num(ws.cell(r, c).value) for c in creasons), ws.cell(r, cun).value):
                    fail("reconciliation", where, "row %d: in %.2f, out %.2f, attributed + unattributed %.2f" %
                         (r, vin, vout, parts))
            cbr = R.get("attribution.chargeback", [])
            if tr and scope == "":
                for col, want in ((cin, S["totals"]["bedrock_usd"]),
                                  (catt, sum(x["net_usd"] for x in cbr if x["bucket"] == "workload")),
                                  (cun, sum(x["net_usd"] for x in cbr if x["bucket"] == "unattributed"))):
                    if not near(ws.cell(tr, col).value, want, 0.02):
                        fail("reconciliation", where, "total %s %.2f != summary.json / chargeback %.2f" %
                             (ws.cell(1, col).value, num(ws.cell(tr, col).value), want))
        if result == "ledger.changes":
            cp, cn2, cc = find_col(hm, "Previous net"), find_col(hm, "Net"), find_col(hm, "Change")
            for r in rows + ([tr] if tr else []):
                if not near(num(ws.cell(r, cn2).value) - num(ws.cell(r, cp).value), ws.cell(r, cc).value):
                    fail("what changed", where, "row %d: change is not net - previous net" % r)
            if tr and scope == "" and not near(ws.cell(tr, cn2).value, S["totals"]["bedrock_usd"], 0.02):
                fail("what changed", where, "total net %.2f != bedrock_usd %.2f" %
                     (num(ws.cell(tr, cn2).value), S["totals"]["bedrock_usd"]))
            byb = {(x["bucket"], x["workload_id"], x["account_id"], x["reason"]): x
                   for x in R.get("attribution.chargeback", [])}
            for x in R.get("ledger.changes", []):
                c = byb.get((x["bucket"], x["workload_id"], x["account_id"], x["reason"]))
                if c is not None and not near(x["net_usd"], c["net_usd"], 0.000001):
                    fail("what changed", "summary.json ledger.changes", "%s %s net %s != chargeback %s" %
                         (x["bucket"], x["workload_id"], x["net_usd"], c["net_usd"]))
        # free text (commands, ARNs) reaches the sheet exactly as the result has it
        if result == "attribution.unattributed":
            ca2 = find_col(hm, "What to do")
            actions = {u["action"] for u in R["attribution.unattributed"]}
            for r in rows:
                a = ws.cell(r, ca2).value if ca2 else None
                if a is not None and a not in actions:
                    fail("text intact", where, "row %d: %r is not the result's text" % (r, a[:80]))
            # each row's role sessions and their examples are those of its summary.json row (the
            # row found by its principal, what CUR shows and its usage)
            cp, cs, cx = (find_col(hm, h) for h in ("Principal to claim", "Role sessions in the month",
                                                    "Session names (examples)"))
            cseen = find_col(hm, "Seen in CUR as")
            if cs is None and cx is None and role != "cloud_engineer":
                pass  # the other roles' Unclaimed sheets leave the sessions out
            elif None in (cp, cs, cx, cseen, cu):
                fail("sessions", where, "columns missing: %s" % list(hm))
            else:
                for r in rows:
                    cand = [u for u in expected
                            if (u["claim_arn"] or None) == ws.cell(r, cp).value and
                            (u["seen_as"] or None) == ws.cell(r, cseen).value and
                            near(ws.cell(r, cu).value, u["usage_usd"])]
                    got = (ws.cell(r, cs).value, ws.cell(r, cx).value or "")
                    if not any((u["sessions"], u["session_examples"] or "") == got for u in cand):
                        fail("sessions", where, "row %d: sessions %r not those of a summary.json row (%d match "
                             "its principal)" % (r, got, len(cand)))
        # per-workload rows tie to attribution.workloads
        if result in ("attribution.workloads",):
            cid = find_col(hm, "ID", "Workload ID")
            byid = {w["workload_id"]: w for w in R["attribution.workloads"]}
            for r in rows:
                w = byid.get(ws.cell(r, cid).value) if cid else None
                if w is None:
                    fail("workload rows", where, "row %d: unknown workload" % r)
                    continue
                for col, key in ((cu, "usage_usd"), (ca, "adjustments_usd"), (cn, "net_usd")):
                    if col and not near(ws.cell(r, col).value, w[key]):
                        fail("workload rows", where, "row %d %s: %s != %s" % (r, key, ws.cell(r, col).value, w[key]))
        # the variance split: volume + mix + rate = difference on every row and in the totals; the
        # actual figure is the workload's usage (chargeback), the expected one its prorated estimate
        # or last month's usage prorated (checked against summary.json below)
        if result in ("tokens.variance", "tokens.variance_month"):
            cw = find_col(hm, "Workload")
            cols = [find_col(hm, h) for h in ("Difference", "Volume (tokens)", "Mix (models and token types)",
                                               "Rate (price per token)", "Actual to date")]
            if None in cols:
                fail("variance", where, "columns missing: %s" % list(hm))
            else:
                cd, cv, cm, cr, ca = cols
                for r in rows + ([tr] if tr else []):
                    if not near(num(ws.cell(r, cd).value),
                                num(ws.cell(r, cv).value) + num(ws.cell(r, cm).value) + num(ws.cell(r, cr).value)):
                        fail("variance", where, "row %d: volume + mix + rate != difference" % r)
                byname = {w["name"]: w for w in R["attribution.workloads"]}
                for r in rows:
                    w = byname.get(ws.cell(r, cw).value) if cw else None
                    if w is None or not near(ws.cell(r, ca).value, w["usage_usd"]):
                        fail("variance", where, "row %d: actual %s is not the workload's usage" %
                             (r, ws.cell(r, ca).value))
        # MAP: every dollar at risk has a cause; the evidence and the quarter add up to the node's figures
        if result == "map.workloads":
            car = find_col(hm, "At risk")
            causes = [c for h, c in hm.items() if h in ("No profile", "Profile untagged", "Invalid tag value",
                                                          "Role tag too early", "Profile tag too early")]
            if car and len(causes) == 5:
                for r in rows + ([tr] if tr else []):
                    if not near(sum(num(ws.cell(r, c).value) for c in causes), ws.cell(r, car).value):
                        fail("MAP causes", where, "row %d: the causes add to %.2f, at risk is %.2f" %
                             (r, sum(num(ws.cell(r, c).value) for c in causes), num(ws.cell(r, car).value)))
            elif car:
                fail("MAP causes", where, "not every cause of spend at risk has a column (%s)" % list(hm))
        if result in ("map.evidence", "map.quarter") and tr is not None:
            pairs = (("Qualifying", "qualifying_usd"), ("At risk", "at_risk_usd")) if result == "map.evidence" else \
                (("Qualifying this quarter", "quarter_qualifying_usd"), ("At risk this quarter", "quarter_at_risk_usd"))
            for h, key in pairs:
                c = find_col(hm, h)
                want = S["totals"].get("map_" + key) if scope == "" else (node or {}).get("map", {}).get(key)
                if c is None or want is None or not near(ws.cell(tr, c).value, want, 0.02):
                    fail("MAP totals", where, "total %s %s != the node's %s" % (h, ws.cell(tr, c).value if c else None,
                                                                             want))
        if result == "map.evidence":
            cw, cq, cr = find_col(hm, "Workload"), find_col(hm, "Qualifying"), find_col(hm, "At risk")
            got = collections.defaultdict(lambda: [0.0, 0.0])
            for r in rows:
                got[ws.cell(r, cw).value][0] += num(ws.cell(r, cq).value)
                got[ws.cell(r, cw).value][1] += num(ws.cell(r, cr).value)
            for w in scoped_rows("map.workloads", scope):
                if w["qualifying_usd"] or w["at_risk_usd"]:
                    g = got.get(w["name"], [0.0, 0.0])
                    if not near(g[0], w["qualifying_usd"], 0.02) or not near(g[1], w["at_risk_usd"], 0.02):
                        fail("MAP evidence", where, "%s: evidence %.2f / %.2f, MAP sheet %.2f / %.2f" %
                             (w["name"], g[0], g[1], w["qualifying_usd"], w["at_risk_usd"]))
        if result == "tasks.queue":
            cid = find_col(hm, "Task")
            for r in rows:
                tid = ws.cell(r, cid).value if cid else None
                for p in M["people"]:
                    if any(k["dir"] and path.startswith(k["dir"] + "/") for k in p["packs"]) and p["role"] == role:
                        people_tasks[p["email"]].add(tid)
        # the report card: rows (penalties too) add up to the score; the weights shown are used
        if result == "scorecard.components" and node is not None and node.get("score") is not None:
            cl = find_col(hm, "Points lost")
            cw = find_col(hm, "Points available", "Weight")
            cs = find_col(hm, "Scored")
            lost = sum(num(ws.cell(r, cl).value) for r in rows) if cl else 0
            if abs((100 - lost) - node["score"]) > 0.51:
                fail("report card", where, "points lost add to %.2f: 100 - that is not the score %d" %
                     (lost, node["score"]))
            for r in rows:
                if cw and cl and cs and ws.cell(r, cs).value and ws.cell(r, cw).value is not None and \
                        num(ws.cell(r, cl).value) > num(ws.cell(r, cw).value) + 0.01:
                    fail("report card", where, "row %d loses %.2f points of a weight of %.2f" %
                         (r, num(ws.cell(r, cl).value), num(ws.cell(r, cw).value)))
            for m in re.finditer(r"\b(Attribution|Budget|Cache|MAP|Models) ([\d.]+) of ([\d.]+)", full):
                for r in rows:
                    lab = str(ws.cell(r, 1).value or "")
                    if lab.lower() == m.group(1).lower() and cw and not near(ws.cell(r, cw).value, float(m.group(3)), 0.051):
                        fail("report card", where, "the briefing says %s of %s, the sheet's weight is %s" %
                             (m.group(0), m.group(3), ws.cell(r, cw).value))
# ---- the variance split and MAP in summary.json, to the last 1e-6 USD ----
UNIT = 1e-6
cbw = {}
with open(os.path.join(OUT, "chargeback.csv"), newline="") as fh:
    for row in csv.DictReader(fh):
        if row["bucket"] == "workload":
            cbw[row["workload_id"]] = float(row["usage_usd"])
tw = {w["workload_id"]: w for w in R.get("tokens.workloads", [])}
pw = {w["workload_id"]: w for w in (P or {}).get("results", {}).get("attribution.workloads", [])}
for name in ("tokens.variance", "tokens.variance_month"):
    for v in R.get(name, []):
        where = "%s %s" % (name, v["workload_id"])
        parts = round(v["volume_usd"] * 1e10) + round(v["mix_usd"] * 1e10) + round(v["rate_usd"] * 1e10)
        if parts != round(v["difference_usd"] * 1e10) or \
                round(v["difference_usd"] * 1e10) != round(v["actual_usd"] * 1e10) - round(v["expected_usd"] * 1e10):
            fail("variance", where, "volume + mix + rate != actual - expected exactly: %s" % v)
        if not near(v["actual_usd"], cbw.get(v["workload_id"], 0.0), UNIT):
            fail("variance", where, "actual %.10f != chargeback usage %s" % (v["actual_usd"], cbw.get(v["workload_id"])))
        if name == "tokens.variance":
            if not near(v["expected_usd"], tw[v["workload_id"]]["prorated_estimate_usd"], UNIT):
                fail("variance", where, "expected %.10f != prorated estimate" % v["expected_usd"])
        else:
            if not near(v["expected_usd"], v["month_usd"] * v["days_elapsed"] / v["days_in_period"], UNIT):
                fail("variance", where, "expected is not last month prorated")
            if P is not None and not near(v["month_usd"], pw.get(v["workload_id"], {}).get("usage_usd", 0.0), UNIT):
                fail("variance", where, "last month %.10f != the previous run's usage" % v["month_usd"])
if "map.evidence" in R:
    for key in ("qualifying_usd", "at_risk_usd"):
        if not near(sum(e[key] for e in R["map.evidence"]), S["totals"]["map_" + key], UNIT):
            fail("MAP evidence", "summary.json", "evidence %s does not add up to the total" % key)
        if not near(sum(q[key] for q in R["map.quarter"]), S["totals"]["map_quarter_" + key], UNIT):
            fail("MAP quarter", "summary.json", "map.quarter %s does not add up to the quarter's total" % key)

# tasks.csv of each pack counts as reaching its people too
for p in M["people"]:
    for k in p["packs"]:
        for fpath in k["files"]:
            if fpath.endswith("tasks.csv"):
                with open(os.path.join(OUT, fpath), newline="") as fh:
                    for row in csv.DictReader(fh):
                        if p["email"] in re.split(r"\s*[;,]\s*", row["assignee_email"]):
                            people_tasks[p["email"] + "#csv"].add(row["task_id"])
emails = {p["email"] for p in M["people"] if p["packs"]}
for t in tq:
    for e in re.split(r"\s*[;,]\s*", t["assignee_email"]):
        if e and e in emails:
            if t["task_id"] not in people_tasks[e + "#csv"]:
                fail("tasks reach owners", e, "task %s (%s at %s) is not in their pack's tasks.csv" %
                     (t["task_id"], t["kind"], t["node_path"]))
            elif t["task_id"] not in people_tasks[e] and any(
                    "Tasks" in s["name"] for s in [{"name": x["name"]} for x in
                                                   templates.get(next(p["role"] for p in M["people"] if p["email"] == e), {}).get("sheets", [])]):
                fail("tasks reach owners", e, "task %s (%s) is not in their workbook's Tasks sheet" %
                     (t["task_id"], t["kind"]))
# advice fits the cause; the cache task's figure is the one its text gives
# (less only where the workload's tasks together reach its month-end forecast: counted once)
fcast = {w["workload_id"]: w.get("forecast_usd") for w in R.get("tokens.workloads", [])}
for t in tq:
    m = re.search(r"save about ([\d,]+\.\d\d) USD a month", t["detail"])
    if "cache" not in t["kind"] or not m:
        continue
    said = float(m.group(1).replace(",", ""))
    wsum = sum(x["usd_at_stake"] or 0 for x in tq if x["workload_id"] == t["workload_id"] and x["kind"] != "before_claim")
    if not near(t["usd_at_stake"], said) and not (t["usd_at_stake"] < said and near(wsum, fcast.get(t["workload_id"]))):
        fail("fitting advice", t["task_id"], "at stake %.2f is not the amount its text gives: %s" %
             (t["usd_at_stake"], t["detail"][:120]))
for u in R.get("attribution.unattributed", []):
    if HAS_PRINCIPALS and "enable caller identity" in (u.get("action") or "").lower():
        fail("fitting advice", "unattributed.csv", "%s %s: %s" % (u["reason"], u["account_id"], u["action"][:90]))

total = sum(len(v) for v in fails.values())
for check in sorted(fails):
    print("== %s: %d" % (check, len(fails[check])))
    for line in fails[check][:12]:
        print("FAIL [%s] %s" % (check, line))
    if len(fails[check]) > 12:
        print("   ... %d more" % (len(fails[check]) - 12))
print("workbooks.py %s: %d workbooks, %d failures in %d checks" % (OUT, len(books), total, len(fails)))
sys.exit(1 if total else 0)
