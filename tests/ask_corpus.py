#!/usr/bin/python3
"""ask_corpus.py: `finops ask` against the demo's published results.

Every demo person asks every phrasing of tests/ask/phrasings.txt (one `finops ask --batch` process per
person). Checked for each answer: the question type understood, the figures (computed here from
summary.json with exact decimals), the as-of day, a Source line, at most three sentences, and that no
node outside the person's part of the organisation is named. Then: a node outside the scope gets the
same answer as a node that does not exist; the three sample conversations reproduce the demo story;
an unknown --as is refused with exit 2.

usage: ask_corpus.py FINOPS CONFIG PHRASINGS STRIDE
STRIDE n > 1 asks only every n-th phrasing per person (rotating, so all phrasings are still asked by
someone): used under the sanitizers to keep the test short.
"""
import json
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

FINOPS, CONFIG, PHRASINGS, STRIDE = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
OUT = Path(CONFIG).parent / "out" / "2026-11"
S = json.loads((OUT / "summary.json").read_text(), parse_float=Decimal, parse_int=Decimal)
R = S["results"]
AS_OF = S["as_of"]

fails = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        fails.append(what)


def money(v):
    q = Decimal(v).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, frac = f"{abs(q):.2f}".split(".")
    return f"{sign}${int(whole):,}.{frac}"


def pct(v):
    return str((Decimal(v) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) + "%"


def count(v):
    return f"{int(v):,}"


# ---- the configuration: people, nodes, scopes (read with the YAML library, not with finops) ----
import yaml  # noqa: E402

CFG = yaml.safe_load(Path(CONFIG).read_text())
NODES = {n["path"]: n for n in S["nodes"]}
PATHS = sorted(NODES)


def name_of(path):
    return path.rsplit("/", 1)[-1]


def within(path, root):
    return root == "*" or path == root or path.startswith(root + "/")


def in_scope(path, person):
    if path is None:
        return "*" in person["scope"]
    return any(within(path, r) for r in person["scope"])


def ancestors(path):
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def outside_names(person):
    """Names of nodes that are neither in the scope nor above it."""
    keep = set()
    for p in PATHS:
        if in_scope(p, person):
            keep.add(p)
            keep.update(ancestors(p))
    return sorted({name_of(p) for p in PATHS if p not in keep})


def rows(name, person, exact_roots=False):
    out = []
    for r in R.get(name, []):
        node = r.get("node")
        if exact_roots:
            if node is None and "*" in person["scope"] or node in person["scope"]:
                out.append(r)
        elif node is not None and in_scope(node, person) or node is None and "*" in person["scope"]:
            out.append(r)
    return out


def expected(kind, person, q=""):
    """Strings the answer to a question of kind must contain for person."""
    org = "*" in person["scope"]
    root = None if org else NODES[person["scope"][0]]
    if kind == "total_spend":
        return [money(S["totals"]["attributed_usd"] if org else root["usage_usd"])]
    if kind == "spend_by_workload":
        ws = sorted(rows("attribution.workloads", person), key=lambda r: (-r["usage_usd"], r["name"]))
        return [f"{ws[0]['name']} ", money(ws[0]["usage_usd"])] if ws else ["no workload"]
    if kind == "spend_by_model":
        ms = S["by_model"] if org else rows("tokens.node_models", person, exact_roots=True)
        if "claude" in q.lower():
            ms = [m for m in ms if "Claude" in m["model"]]
        top = max(ms, key=lambda r: r["usage_usd"])
        return [top["model"], money(top["usage_usd"])]
    if kind == "spend_by_region_type":
        rs = rows("tokens.by_region_type", person, exact_roots=True)
        top = max(rs, key=lambda r: r["usage_usd"])
        return [money(top["usage_usd"])]
    if kind == "cache_hit_rate":
        if org:
            t = [sum(NODES[p]["tokens"][k] for p in PATHS if "/" not in p) for k in ("input", "cache_read")]
            return [pct(Decimal(t[1]) / (t[0] + t[1]))]
        return [pct(root["cache_hit_rate"]), pct(root["cache_hit_rate_healthy"])]
    if kind == "tokens":
        if org:
            return [count(sum(NODES[p]["tokens"]["input"] for p in PATHS if "/" not in p))]
        return [count(root["tokens"]["input"]), count(root["tokens"]["output"])]
    if kind == "budget":
        ws = [r for r in rows("tokens.workloads", person) if r["has_estimate"] == 1]
        if not ws:
            return ["no estimate"]
        return [money(sum(r["forecast_usd"] for r in ws)), money(sum(r["estimate_usd"] for r in ws))]
    if kind == "map_credits":
        if org:
            return [money(S["totals"]["map_qualifying_usd"]), money(S["totals"]["map_at_risk_usd"])]
        return [money(root["map"]["qualifying_usd"]), money(root["map"]["at_risk_usd"])]
    if kind == "unattributed_spend":
        us = rows("attribution.unattributed", person)
        return [money(sum(r["usage_usd"] for r in us))] if us else ["nothing is unattributed"]
    if kind == "unapproved_models":
        vs = rows("policy.violations", person)
        return [money(sum(r["usd"] for r in vs))] + [r["model"] for r in vs] if vs else ["approved models"]
    if kind == "report_card":
        if org:
            return [f"{name_of(p)} {NODES[p]['score']} ({NODES[p]['grade']})" for p in PATHS if "/" not in p]
        return [f"{root['score']} of 100 ({root['grade']})"]
    if kind == "open_tasks":
        # one task per finding, for all its assignees ("a@x; b@y"), wherever its finding lies
        mine = [t for t in R.get("tasks.queue", [])
                if person["email"].lower() in [e.strip().lower() for e in t["assignee_email"].split(";")]]
        return [f"you have {len(mine)} open task", money(sum(t["usd_at_stake"] for t in mine))]
    if kind == "change_since_last_month":
        return ["no published results for 2026-10"]
    if kind == "approve_spend":
        if person["role"] in ("finops_leader", "portfolio_manager"):
            overs = [r for r in rows("tokens.workloads", person) if (r["forecast_over_usd"] or 0) > 0]
            return ["finops approve --workload " + overs[0]["workload_id"]] if overs else ["no overage to approve"]
        return ["Only the FinOps leader"]
    if kind == "help":
        return ["You can ask me about"]
    raise ValueError(kind)


def sentences(body):
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body.strip()) if s]


def ask_batch(email, questions):
    p = subprocess.run([FINOPS, "ask", "--as", email, "-c", CONFIG, "--batch"], input="\n".join(questions) + "\n",
                       capture_output=True, text=True, timeout=120)
    check(p.returncode == 0, f"{email}: ask --batch exit {p.returncode}: {p.stderr}")
    answers = []
    for block in p.stdout.split("### ")[1:]:
        head, _, body = block.partition("\n")
        kind, _, q = head.partition(" ")
        answers.append((kind, q, body))
    check(len(answers) == len(questions), f"{email}: {len(answers)} answers to {len(questions)} questions")
    return answers


corpus = [ln.split("\t", 1) for ln in Path(PHRASINGS).read_text().splitlines() if ln and not ln.startswith("#")]
check(len(corpus) >= 40, f"only {len(corpus)} phrasings")
people = CFG["people"]
asked = 0
for pi, person in enumerate(people):
    qs = [(k, q) for i, (k, q) in enumerate(corpus) if STRIDE <= 1 or (i + pi) % STRIDE == 0]
    # every question type at least once per person, whatever the stride
    for k in dict.fromkeys(k for k, _ in corpus):
        if k not in {x for x, _ in qs}:
            qs.append(next((kk, q) for kk, q in corpus if kk == k))
    answers = ask_batch(person["email"], [q for _, q in qs])
    banned = outside_names(person)
    for (kind, q), (got_kind, got_q, body) in zip(qs, answers):
        asked += 1
        who = f"{person['email']} asked {q!r}"
        check(got_q == q, f"{who}: answer is for {got_q!r}")
        check(got_kind == kind, f"{who}: understood as {got_kind}, want {kind}")
        for name in banned:
            check(name not in body, f"{who}: names {name!r}, outside the person's scope\n{body}")
        if kind == "help" or got_kind != kind:
            continue
        text, _, source = body.partition("\nSource: ")
        check(f"As of {AS_OF}" in text or f"as of {AS_OF}" in text, f"{who}: no as-of day\n{body}")
        check(source.startswith("2026-11/summary.json"), f"{who}: no Source line\n{body}")
        n = len(sentences(text))
        check(1 <= n <= 3, f"{who}: {n} sentences\n{body}")
        for want in expected(kind, person, q):
            check(want in text, f"{who}: {want!r} missing\n{body}")

# ---- out of scope answers like non-existent ----
for person in people:
    if "*" in person["scope"]:
        continue
    outside = outside_names(person)[:4]
    qs = []
    for name in outside:
        qs += [f"What is the total spend of {name}?", "What is the total spend of Zephyr Quillon?",
               f"What is the cache hit rate for {name}?", "What is the cache hit rate for Zephyr Quillon?"]
    answers = ask_batch(person["email"], qs)
    for i in range(0, len(answers), 2):
        name = outside[i // 4]
        a1 = answers[i][2].replace(name, "NAME")
        a2 = answers[i + 1][2].replace("Zephyr Quillon", "NAME")
        check(a1 == a2, f"{person['email']}: {name!r} answered unlike a non-existent node:\n{a1}\n{a2}")
        check(answers[i][0] == "not_found", f"{person['email']}: {name!r} not refused: {answers[i]}")

# ---- the three sample conversations ----


def about(text, target, what):
    """A dollar figure within 1% of target in text."""
    vals = [Decimal(m.replace(",", "")) for m in re.findall(r"\$([0-9,]+\.[0-9]{2})", text)]
    check(any(abs(v - target) <= target / 100 for v in vals), f"{what}: no figure about ${target} in\n{text}")


def one(email, q):
    p = subprocess.run([FINOPS, "ask", "--as", email, "-c", CONFIG, q], capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, f"{email} {q!r}: exit {p.returncode} {p.stderr}")
    print(f"\n[{email}] {q}\n{p.stdout}", end="")
    return p.stdout


po = one("pat@example.com", "Am I within my AI estimate this month?")
wl = next(r for r in R["tokens.workloads"] if r["workload_id"] == "demo-app")
check(f"Output tokens are {wl['variance']['output']:.2f}×" in po and abs(wl["variance"]["output"] - 2) < Decimal("0.02"),
      f"product owner: output tokens 2x the estimate\n{po}")
about(po, 200, "product owner: about $200 over at month end")
check(f"{money(wl['forecast_over_usd'])} over" in po, "product owner: overage from summary.json")
check("18.0%" in po and "30.0%" in po, f"product owner: cache 18% below the healthy 30%\n{po}")
check(money(wl["cache_savings_month_usd"]) in po, f"product owner: what caching recovers\n{po}")
check("most" not in po, "product owner: does not claim caching recovers 'most'")

pm = one("morgan@example.com", "Which of my products is spending the most on Bedrock?")
check(re.search(r"HR Portal leads .* with \$14,2", pm) is not None, f"portfolio manager: HR Portal leads\n{pm}")
about(pm, 14200, "portfolio manager: HR Portal")
check(re.search(r"then Customer Insights \$9,4", pm) is not None, f"portfolio manager: then Customer Insights\n{pm}")
check("Three IAM roles" in pm and "claim" in pm, f"portfolio manager: three unclaimed roles\n{pm}")
about(pm, 3800, "portfolio manager: unclaimed roles")

fl = one("lee@example.com", "Are we on track for MAP AI credits this quarter?")
about(fl, 34200, "FinOps leader: qualifying")
about(fl, 8600, "FinOps leader: at risk")
check("four workloads" in fl and "inference profile" in fl, f"FinOps leader: 4 workloads need a profile\n{fl}")
check("compliance tasks are queued for the cloud engineers" in fl, f"FinOps leader: tasks queued\n{fl}")

# ---- robustness: mutated questions (inserted, deleted, replaced characters, non-ASCII, very long) ----
import random  # noqa: E402

rnd = random.Random(14)
alpha = "abcdefghijklmnopqrstuvwxyz _-./$%\u00e9\u65e5\t0123456789"
mutated = []
for i in range(240 // max(1, STRIDE // 2)):
    q = list(rnd.choice(corpus)[1])
    for _ in range(rnd.randint(1, 6)):
        p = rnd.randint(0, len(q))
        op = rnd.random()
        if op < 0.4:
            q.insert(p, rnd.choice(alpha))
        elif q:
            q[min(p, len(q) - 1)] = rnd.choice(alpha) if op < 0.7 else ""
    mutated.append("".join(q).replace("\t", " ").strip() or "x")
mutated += ["a" * 5000, " ".join(["spend"] * 200), "top 99999999999999999999999 workloads", "HR Portal " * 40]
answers = ask_batch("lee@example.com", mutated)
check(all(b.strip() for _, _, b in answers), "every mutated question gets an answer")

# ---- refusals ----
p = subprocess.run([FINOPS, "ask", "--as", "nobody@example.com", "-c", CONFIG, "What is my spend?"],
                   capture_output=True, text=True)
check(p.returncode == 2 and "nobody@example.com" in p.stderr and not p.stdout, f"unknown --as: {p.returncode}")
p = subprocess.run([FINOPS, "ask", "-c", CONFIG, "What is my spend?"], capture_output=True, text=True)
check(p.returncode == 2, f"missing --as: exit {p.returncode}")

print(f"\n{asked} questions asked, {checks} checks, {len(fails)} failed")
for f in fails[:40]:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if fails else 0)
