#!/usr/bin/python3
"""chart_ties.py SOURCE_DIR RUN_DIR [SUMMARY_JSON]: every figure a chart shows ties to summary.json.

RUN_DIR is one period's output of a run made with FINOPS_CHART_TEXT=1 (each chart's text beside it
as <chart>.png.txt, one string a line, in the order core/render/chart_draw.c draws them). For every
chart of every pack (manifest.json), the chart is derived again from summary.json (SUMMARY_JSON,
default RUN_DIR/summary.json) the way its declaration (CHARTS below, from the plugins' fc_chart_def)
and core/render/charts.c say: the rows of the result in the pack's scope, ordered and folded, the
extra bar, the marks, the notes, the reference line; then every string of the chart text is
compared with it, in order:
  - titles and subtitles: the templates filled ({scope}, {period}, {data_through}, {marks});
  - bar labels and bar value labels (money, counts, percentages, token counts; a folded "Other"
    bar is the sum of its rows, rounded as the chart rounds it), notes ("grade A", "$1,200 of it
    not approved");
  - legend entries and reference-line labels ("{value}/day", "{covered} of {groups}");
  - axis scale labels are not data: they are identified by how chart_draw.c draws them (after the
    bar-label column of a bar chart, after the legend of a daily chart: 0, step, ... up to the
    round axis maximum nice_axis() picks, or the declared fixed maximum; the days of the period
    under a daily chart) and compared with that scale, not tied to summary.json.
Any string left over or missing fails. Exit 0 when everything ties, 1 otherwise."""
import calendar
import datetime
import json
import math
import os
import re
import sys

SRC, OUT = sys.argv[1], sys.argv[2]
S = json.load(open(sys.argv[3] if len(sys.argv) > 3 else os.path.join(OUT, "summary.json")))
M = json.load(open(os.path.join(OUT, "manifest.json")))
R = S["results"]
NODES = {n["path"]: n for n in S["nodes"]}
ORDER = {n["path"]: i for i, n in enumerate(S["nodes"])}  # node index order
errors = []

W, H = 1000, 560  # FC_CHART_WIDTH, FC_CHART_HEIGHT (core/render/chart_draw.h)
MAXROWS = 14  # FC_CHART_MAXROWS
RATIO_EPS = 5e-7  # summary.json writes ratios to 6 decimals

# ---- the charts the bundled plugins declare (fc_chart_def in plugins/*/...c), as charts.c reads them
CHARTS = {
    "attribution.spend_by_workload": dict(
        kind="bars", title="Spend by workload", subtitle="Bedrock usage cost, {period} month to date, {scope}",
        result="attribution.workloads", rows="workloads",
        series=[("usage_usd", "Attributed to a workload")], fmt="money", skip_zero=True,
        others="Other workloads",
        extra=dict(sources=[("attribution.nodes", "unattributed_usd", 0),
                            ("attribution.totals", "unattributed_usd", 0)],
                   label="Unclaimed (unattributed)", name="Unclaimed")),
    "attribution.daily_spend": dict(
        kind="daily", title="Daily spend",
        subtitle="Bedrock usage cost per day, {period} (data through {data_through}), {scope}",
        result="attribution.daily", x="day", series=[("usage_usd", None)], fmt="money", top=5,
        others="Other workloads",
        extra=dict(sources=[("attribution.daily", "unattributed_usd", 0)], name="Unclaimed"),
        ref=dict(sources=[("tokens.nodes", "estimate_usd", 0), ("tokens.workloads", "estimate_usd", 1),
                          ("attribution.daily", "estimate_usd", 0)],
                 per_day=True, label="Prorated estimate ({value}/day)", cover_column="has_estimate",
                 cover_label="Estimate of the {covered} of {groups} workloads with one ({value}/day); "
                             "solid line: their spend")),
    "scorecard.report_card": dict(
        kind="bars", title="Report card",
        subtitle="Score out of 100 per workload, coloured by grade (A 90+, B 80+, C 70+, D 60+, F), {scope}",
        result="scorecard.nodes", rows="workloads", series=[("score", None)], fmt="number", axis=[100],
        note=("grade", "grade {value}")),
    "map.map": dict(
        kind="bars", title="MAP qualifying vs at risk",
        subtitle="Migration Acceleration Program: spend that qualifies and spend at risk, {scope}",
        result="map.nodes", rows="workloads",
        series=[("map.qualifying_usd", "Qualifying"), ("map.at_risk_usd", "At risk")], fmt="money",
        skip_zero=True, others="Other workloads"),
    "tokens.spend_by_model": dict(
        kind="bars", title="Spend by model",
        subtitle="Bedrock usage cost by model, {period} month to date, {scope}{marks}",
        result="tokens.node_models", org_result="tokens.by_model", rows="self", label="model",
        series=[("usage_usd", None)], fmt="money", skip_zero=True, others="Other models",
        mark=dict(result="policy.violations", key="model", value="usd", full="not approved",
                  partial="{value} of it not approved",
                  legend="; red: not approved by the model policy, orange: partly")),
    "tokens.spend_by_region_type": dict(
        kind="bars", title="Spend by region type",
        subtitle="Bedrock usage cost by region type (same region or cross-region inference), {period} month "
                 "to date, {scope}",
        result="tokens.by_region_type", rows="self", label="region_type", series=[("usage_usd", None)],
        fmt="money", skip_zero=True, others="Other"),
    "tokens.token_mix": dict(
        kind="bars", title="Token mix", subtitle="Tokens by kind per workload, {period} month to date, {scope}",
        result="tokens.nodes", rows="workloads",
        series=[("tokens.input", "Input"), ("tokens.output", "Output"), ("tokens.cache_read", "Cache read"),
                ("tokens.cache_write", "Cache write")], fmt="count", skip_zero=True, others="Other workloads"),
    "tokens.cache_hit_rate": dict(
        kind="bars", title="Cache hit rate", subtitle="Cache-read tokens / (input + cache-read tokens), {scope}",
        result="tokens.nodes", rows="workloads", series=[("cache_hit_rate", None)], fmt="percent",
        axis=[0.5, 1.0], ref=dict(sources=[("tokens.nodes", "cache_hit_rate_healthy", 0)], per_day=False,
                                  label="Healthy: {value}")),
}
BY_NAME = {k.split(".", 1)[1]: k for k in CHARTS}  # charts/<name>.png

# ---- coded identifiers in plain words (core/*/words.c) ----
WORDS = {}
for dirpath, _, files in os.walk(os.path.join(SRC, "core")):
    if "words.c" in files:
        WORDS.update(re.findall(r'\{"([a-z0-9_]+)", "([^"]*)"\}', open(os.path.join(dirpath, "words.c")).read()))
CODED = {"kind", "status", "action", "reason", "region_type", "tier", "cause", "principal_kind", "bucket",
         "component", "assignee_role", "severity", "estimate_kind", "token_kind"}


def plain(s):
    if s in WORDS:
        return WORDS[s]
    if re.fullmatch(r"[a-z0-9_]+", s or ""):
        w = s.replace("_", " ")
        return w[:1].upper() + w[1:]
    return s


# ---- number formats (fc_chart_fmt, fc_chart_fmt_ref in chart_draw.c) ----


def group(v, decimals):
    raw = "%.*f" % (decimals, v)
    whole, _, frac = raw.partition(".")
    g = "{:,}".format(int(whole))
    return g + ("." + frac if frac else "")


def fmt(v, f):
    if f == "money":
        return "%s$%s" % ("-" if v < 0 else "", group(abs(v), 0 if abs(v) >= 100 or v == math.floor(v) else 2))
    if f == "percent":
        return "%.1f%%" % (v * 100)
    if f == "count":
        a = abs(v)
        if a >= 1e9:
            return "%.2fB" % (v / 1e9)
        if a >= 1e6:
            return "%.1fM" % (v / 1e6)
        if a >= 1e3:
            return "%.1fK" % (v / 1e3)
        return "%.0f" % v
    return "%.0f" % v


def fmt_ref(v, f):
    return "%.0f%%" % (v * 100) if f == "percent" else fmt(v, f)


def nice_axis(mx):
    if not (mx > 0):
        mx = 1
    raw = mx / 5
    mag = 10 ** math.floor(math.log10(raw))
    f = raw / mag
    s = 1 if f <= 1 else 2 if f <= 2 else 2.5 if f <= 2.5 else 5 if f <= 5 else 10
    step = s * mag
    top = math.ceil(mx / step - 1e-9) * step
    return (top if top > 0 else step), step


def ticks(top, step, f, bars):
    out, t = [], 0.0
    while t <= top + step / 2:
        out.append("%.0f%%" % (t * 100) if bars and f == "percent" else fmt(t, f))
        t += step
    return out


# ---- rows of summary.json in a pack's view ----


def within(node, scope):
    """The scope rule (docs/results.md): the organisation holds all; a node holds its subtree."""
    if scope == "":
        return True
    return node is not None and (node == scope or node.startswith(scope + "/"))


def is_workload(path):
    return path in NODES and NODES[path].get("workload_id") is not None


def result_rows(result):
    """A result's rows; per-node results (*.nodes, *.totals) are summary.json's nodes and totals."""
    if result in R:
        return R[result]
    if result.endswith(".nodes") or result.endswith(".totals"):
        return [dict(n, node=n["path"]) for n in S["nodes"]] + [dict(S["totals"], node=None)]
    return []


def cell(row, col):
    """A column of a result row; dotted columns (tokens.input, map.at_risk_usd) are nested."""
    if col in row:
        return row[col]
    a, _, b = col.partition(".")
    v = row.get(a)
    return v.get(b) if isinstance(v, dict) else None


def in_view(result, scope):
    return [r for r in result_rows(result) if within(r.get("node"), scope)]


def own(row, scope):
    return row.get("node") == (scope or None)


def source_value(sources, scope):
    for res, col, summed in sources:
        vals = [cell(r, col) for r in in_view(res, scope) if summed or own(r, scope)]
        vals = [v for v in vals if v is not None]
        if vals:
            return sum(vals) if summed else vals[0]
    return None


def name_of(path):
    return path.rsplit("/", 1)[-1]


def template(tpl, scope, marks=None, value=None, covered=0, groups=0):
    period = S["period"]
    y, m = int(period[:4]), int(period[5:7])
    through = datetime.date.fromisoformat(S["as_of"]) - datetime.timedelta(days=1)
    subs = {"scope": name_of(scope) if scope else (S.get("organization") or "the organisation"),
            "period": "%s %d" % (calendar.month_name[m], y), "data_through": through.isoformat(),
            "marks": marks or "", "value": value, "covered": str(covered), "groups": str(groups)}
    return re.sub(r"\{([a-z_]+)\}", lambda mm: subs[mm.group(1)] if subs.get(mm.group(1)) is not None
                  else mm.group(0), tpl)


# ---- a chart derived from summary.json: the strings chart_draw.c notes, in order ----
# Each expected string is (kind, text): kind "fit" (a string before fitting: compared whole), "drawn" (as
# drawn: equal, or cut with an ellipsis), "tick" (an axis scale label, compared with the scale).


def titles(c, scope, marks=None):
    out = []
    for t in [template(c["title"], scope, marks)] + ([template(c["subtitle"], scope, marks)] if c.get("subtitle")
                                                     else []):
        out += [("fit", t, "title"), ("drawn", t, "title")]
    return out


def legend(names):
    out = []
    for n in names:
        out += [("fit", n, "legend"), ("drawn", n, "legend")]
    return out


def expect_bars(c, scope):
    res = c["org_result"] if scope == "" and c.get("org_result") else c["result"]
    ns = len(c["series"])
    bars = []  # [label, [values], note, sources]
    for r in in_view(res, scope):
        node = r.get("node")
        if c["rows"] == "self":
            if not own(r, scope):
                continue
            label = cell(r, c["label"])
            label = plain(label) if c["label"] in CODED else label
        else:
            if not is_workload(node):
                continue
            label = name_of(node)
        raw = [cell(r, col) for col, _ in c["series"]]
        if all(v is None for v in raw):
            continue
        vals = [v or 0 for v in raw]
        if c.get("skip_zero") and sum(vals) == 0:
            continue
        note = None
        if c.get("note") and cell(r, c["note"][0]):
            note = c["note"][1].replace("{value}", cell(r, c["note"][0]))
        bars.append([label, vals, note, [r]])
    bars.sort(key=lambda b: b[0])
    bars.sort(key=lambda b: -sum(b[1]))  # largest first, ties by label
    if len(bars) > MAXROWS:
        if c.get("others"):
            rest = bars[MAXROWS - 1:]
            bars = bars[:MAXROWS - 1] + [[c["others"], [sum(b[1][s] for b in rest) for s in range(ns)], None,
                                          [r for b in rest for r in b[3]]]]
        else:
            bars = bars[:MAXROWS]
    if not bars:
        return None
    marked = False
    if c.get("mark"):
        mk = c["mark"]
        for b in bars:
            bad = sum(cell(r, mk["value"]) or 0 for r in in_view(mk["result"], scope) if cell(r, mk["key"]) == b[0])
            if not (bad > 0) or b[2]:
                continue
            b[2] = mk["full"] if bad >= b[1][0] - 0.005 else mk["partial"].replace("{value}", fmt(bad, "money"))
            marked = True
    series = [n or col for col, n in c["series"]]
    if c.get("extra"):
        ex = source_value(c["extra"]["sources"], scope)
        if ex is not None and ex > 0:
            for b in bars:
                b[1].append(0)
            bars.append([c["extra"]["label"], [0] * ns + [ex], None, []])
            series.append(c["extra"]["name"])
    ref = ref_label = None
    if c.get("ref"):
        ref = source_value(c["ref"]["sources"], scope)
        if ref is not None:
            if c["ref"]["per_day"]:
                ref /= days()
            ref_label = template(c["ref"]["label"], scope, value=fmt_ref(ref, c["fmt"]))
    exp = titles(c, scope, c["mark"]["legend"] if marked else None)
    if len(series) > 1 or ref is not None:
        exp += legend((series if len(series) > 1 else []) + ([ref_label] if ref is not None else []))
    exp += [("fit", b[0], "bar label") for b in bars]
    totals = [sum(v for v in b[1] if v > 0) for b in bars]
    if c.get("axis"):
        mx = max(totals + ([ref] if ref is not None else []))
        k = 0
        while k + 1 < len(c["axis"]) and not (c["axis"][k] >= mx):
            k += 1
        top, step = c["axis"][k], c["axis"][k] / 5
    else:
        mx = max([t for t in totals if t > 0] + [0])
        if ref is not None and ref > mx:
            mx = ref
        top, step = nice_axis(mx)
    exp += [("tick", t, "axis scale") for t in ticks(top, step, c["fmt"], True)]
    for b, tot in zip(bars, totals):
        x = tot if len(b[1]) > 1 else b[1][0]
        # ratios are in summary.json to 6 decimals: a percentage may round either way at that edge
        xs = [x, x - RATIO_EPS, x + RATIO_EPS] if c["fmt"] == "percent" else [x]
        v = [fmt(y, c["fmt"]) + ("  " + b[2] if b[2] else "") for y in xs]
        what = "bar %r (%d row%s of %s)" % (b[0], len(b[3]), "" if len(b[3]) == 1 else "s", c["result"])
        exp += [("fit", b[0], "bar label"), ("drawn", b[0], "bar label"), ("value", v, what)]
    return exp


def days():
    y, m = int(S["period"][:4]), int(S["period"][5:7])
    return calendar.monthrange(y, m)[1]


def expect_daily(c, scope):
    ndays = days()
    first = datetime.date(int(S["period"][:4]), int(S["period"][5:7]), 1)
    col = c["series"][0][0]
    groups = {}  # node -> [total, covered]
    per = {}
    any_row = False
    for r in in_view(c["result"], scope):
        node, v = r.get("node"), cell(r, col)
        d = (datetime.date.fromisoformat(r[c["x"]]) - first).days
        if not is_workload(node) or d < 0 or d >= ndays or v is None:
            continue
        g = groups.setdefault(node, [0.0, 0])
        g[0] += v
        per.setdefault(node, [0.0] * ndays)[d] += v
        if c.get("ref") and (cell(r, c["ref"]["cover_column"]) or 0) != 0:
            g[1] = 1
        any_row = True
    extra = [0.0] * ndays
    if c.get("extra"):
        res, ecol, _ = c["extra"]["sources"][0]
        for r in in_view(res, scope):
            d = (datetime.date.fromisoformat(r[c["x"]]) - first).days
            v = cell(r, ecol)
            if own(r, scope) and 0 <= d < ndays and v is not None:
                extra[d] += v
                any_row = True
    if not any_row:
        return None
    ref = source_value(c["ref"]["sources"], scope) if c.get("ref") else None
    ref = (ref or 0) / (ndays if c.get("ref") and c["ref"]["per_day"] else 1)
    spending = [n for n in groups if groups[n][0] != 0]
    covered = [n for n in spending if groups[n][1]]
    partial = sum(extra) != 0 or len(covered) < len(spending)
    if not (ref > 0) or not covered or not c["ref"].get("cover_column"):
        partial = False
    order = sorted(spending, key=lambda n: (-groups[n][0], ORDER[n]))
    top = c.get("top") or 5
    names = [name_of(n) for n in order[:top]]
    stacks = [per[n] for n in order[:top]]
    if len(order) > top and c.get("others"):
        names.append(c["others"])
        stacks.append([sum(per[n][k] for n in order[top:]) for k in range(ndays)])
    if sum(extra) != 0:
        names.append(c["extra"]["name"])
        stacks.append(extra)
    exp = titles(c, scope)
    lab = None
    if c.get("ref"):
        lab = template(c["ref"]["cover_label"] if partial else c["ref"]["label"], scope,
                       value=fmt_ref(ref, c["fmt"]), covered=len(covered), groups=len(spending))
    exp += legend(names + ([lab] if ref > 0 else []))
    mx = ref
    for k in range(ndays):
        s = sum(st[k] for st in stacks if st[k] > 0)
        cov = sum(per[n][k] for n in covered) if partial else 0
        mx = max(mx, s, cov)
    t, step = nice_axis(mx)
    exp += [("tick", x, "axis scale") for x in ticks(t, step, c["fmt"], False)]
    colw = (W - 24 - 90) / ndays
    every = 1 if colw >= 26 else 5
    exp += [("tick", str(k + 1), "day of the period") for k in range(ndays) if k == 0 or (k + 1) % every == 0]
    exp += [("drawn", "Day of %s" % template("{period}", scope), "axis title")]
    return exp


# ---- every chart of every pack ----


def check(path, scope, key):
    c = CHARTS[key]
    got = open(path + ".txt", encoding="utf-8").read().split("\n")
    if got and got[-1] == "":
        got.pop()
    exp = expect_bars(c, scope) if c["kind"] == "bars" else expect_daily(c, scope)
    where = os.path.relpath(path, OUT)
    if exp is None:
        errors.append("%s: drawn, but summary.json has no rows for it in scope %r" % (where, scope))
        return 0
    figures = 0
    for i in range(max(len(got), len(exp))):
        g = got[i] if i < len(got) else None
        if i >= len(exp):
            errors.append("%s line %d: %r is more than the chart should show" % (where, i + 1, g))
            break
        kind, text, what = exp[i]
        if g is None:
            errors.append("%s: ends before %s %r" % (where, what, text))
            break
        ok = g in text if isinstance(text, list) else g == text
        text = text[0] if isinstance(text, list) else text
        if kind == "drawn" and not ok and g.endswith("\u2026"):
            ok = text.startswith(g[:-1])  # cut to fit, with an ellipsis
        if not ok:
            errors.append("%s line %d: %s: the chart shows %r, summary.json gives %r" % (where, i + 1, what, g, text))
            break  # the rest is out of step
        if kind != "tick" and re.search(r"\d", text):
            figures += 1
    return figures


packs = {}
for p in M["people"]:
    for k in p["packs"]:
        packs[k["dir"]] = k["node"]
charts = figures = 0
for f in M["files"]:
    fp = f["path"]
    if not fp.endswith(".png") or "/charts/" not in fp:
        continue
    name = os.path.basename(fp)[:-4]
    key = name if name in CHARTS else BY_NAME.get(name)  # charts/<plugin>.<chart>.png on a clash
    if key is None:
        errors.append("%s: a chart this test does not know (declare it in tests/chart_ties.py)" % fp)
        continue
    if not os.path.exists(os.path.join(OUT, fp + ".txt")):
        errors.append("%s: no chart text beside it (FINOPS_CHART_TEXT=1)" % fp)
        continue
    charts += 1
    figures += check(os.path.join(OUT, fp), f["node"], key)

if charts < 10:
    errors.append("expected charts in the packs, found %d" % charts)
for e in errors[:40]:
    print("FAIL: " + e, file=sys.stderr)
if errors:
    print("%d charts, %d problems" % (charts, len(errors)), file=sys.stderr)
    sys.exit(1)
print("chart ties: %d charts of %d packs, %d strings with figures tie to summary.json" % (charts, len(packs),
                                                                                       figures))
