#!/usr/bin/python3
"""Checks the messages `finops send` delivered (or wrote with --dry-run) with Python's email package.

usage: send_checks.py CONFIG PERIOD_DIR MAIL_DIR LEDGER MODE [ARGS]
  all-once              every person in manifest.json got exactly one message, and it is right
  eml-dir DIR           the .eml files of a dry run are right (one per person)
  replaces EMAIL NNNN   message NNNN went to EMAIL and names the Message-ID it replaces
  at-most-one-extra     every person got a message; at most one got two
"""
import email
import email.policy
import html
import json
import os
import re
import sys

import yaml

CONFIG, OUT, MAIL, LEDGER, MODE = sys.argv[1:6]
ARGS = sys.argv[6:]
manifest = json.load(open(os.path.join(OUT, "manifest.json")))
summary = json.load(open(os.path.join(OUT, "summary.json")))
cfg = yaml.safe_load(open(CONFIG))
people = {p["email"]: p for p in manifest["people"]}
errors = []


def err(msg):
    errors.append(msg)


# every node of the hierarchy: each prefix of each workload path
nodes = set()
for w in cfg["workloads"]:
    parts = (w["parent"] + "/" + w["name"]).split("/")
    for i in range(1, len(parts) + 1):
        nodes.add("/".join(parts[:i]))


def within(node, scope):
    return scope == "*" or node == scope or node.startswith(scope + "/")


def outside_names(person_cfg):
    """Names of nodes a person may not see: neither within nor above any of their scopes."""
    scopes = person_cfg["scope"]
    names = set()
    for n in nodes:
        if any(within(n, s) or within(s, n) for s in scopes):
            continue
        names.add(n.split("/")[-1])
    return names


def money(v):
    return ("-" if v < 0 else "") + "${:,.2f}".format(abs(v))


def delivered():
    """(message, envelope) for every message the server accepted, in order."""
    out = []
    for f in sorted(os.listdir(MAIL)):
        if f.endswith(".eml"):
            env = json.load(open(os.path.join(MAIL, f[:-4] + ".json")))
            raw = open(os.path.join(MAIL, f), "rb").read()
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            out.append((f[:-4], msg, env, raw))
    return out


def check_message(msg, addr, where, raw):
    person = people[addr]
    pcfg = next(p for p in cfg["people"] if p["email"] == addr)
    for h in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Reply-To"):
        if not msg[h]:
            err("%s: no %s header" % (where, h))
    if msg["To"].addresses[0].addr_spec != addr or msg["To"].addresses[0].display_name != person["name"]:
        err("%s: To is %s" % (where, msg["To"]))
    if msg["From"].addresses[0].addr_spec != "finops@example.com":
        err("%s: From is %s" % (where, msg["From"]))
    if msg["Reply-To"].addresses[0].addr_spec != "finops-team@example.com":
        err("%s: Reply-To is %s" % (where, msg["Reply-To"]))
    # every physical line within RFC 5322's 998 characters; header lines folded within 78
    if any(len(line) > 998 for line in raw.split(b"\r\n")):
        err("%s: a line longer than 998 characters" % where)
    if raw.count(b"\n") != raw.count(b"\r\n"):
        err("%s: bare LF line ends" % where)
    rawmsg = email.message_from_bytes(raw)  # compat32: headers as written
    for part in rawmsg.walk():
        for k, v in part._headers:
            for line in (k + ": " + v).splitlines():
                # longer than 78 only when it cannot be folded (one token after the name)
                if (len(line) > 78 and " " in line.split(": ", 1)[-1].strip()) or any(ord(ch) > 127 for ch in line):
                    err("%s: header line not folded or not ASCII: %r" % (where, line))
    raw_to = rawmsg["To"]
    if any(ord(ch) > 127 for ch in person["name"]) and "=?utf-8?" not in raw_to.lower():
        err("%s: a non-ASCII name without a UTF-8 encoded word: %r" % (where, raw_to))
    if any(ord(ch) > 127 for ch in cfg["organization"]) and "=?utf-8?" not in rawmsg["Subject"].lower():
        err("%s: a non-ASCII subject without a UTF-8 encoded word: %r" % (where, rawmsg["Subject"]))
    if cfg["organization"] not in str(msg["Subject"]):
        err("%s: subject %r lacks the organisation" % (where, str(msg["Subject"])))
    if msg.get_content_type() != "multipart/mixed":
        err("%s: top level is %s" % (where, msg.get_content_type()))
        return
    parts = msg.get_payload()
    alt = parts[0]
    if alt.get_content_type() != "multipart/alternative":
        err("%s: first part is %s" % (where, alt.get_content_type()))
        return
    plain = msg.get_body(("plain",)).get_content()
    htmlpart = msg.get_body(("html",))
    htmltext = htmlpart.get_content()
    related = alt.get_payload()[1]
    if related.get_content_type() != "multipart/related":
        err("%s: no multipart/related for the charts" % where)
    # inline charts: referenced by cid, byte-identical to the pack's charts
    pack_files = {f for pk in person["packs"] for f in pk["files"]}
    charts = [open(os.path.join(OUT, f), "rb").read() for f in pack_files if f.endswith(".png")]
    imgs = [p for p in related.get_payload()[1:]]
    if not 1 <= len(imgs) <= 2:
        err("%s: %d inline charts" % (where, len(imgs)))
    for img in imgs:
        cid = img["Content-ID"].strip("<>")
        if img.get_content_type() != "image/png" or "cid:" + cid not in htmltext:
            err("%s: chart %s not referenced as cid:%s" % (where, img.get_filename(), cid))
        if img.get_content() not in charts:
            err("%s: inline chart %s differs from the pack's" % (where, img.get_filename()))
    # attachments: each workbook and tasks.csv, byte-identical, with the right types
    want = sorted(f for f in pack_files if f.endswith(".xlsx") or f.endswith("/tasks.csv"))
    got = [p for p in parts[1:]]
    if len(got) != len(want):
        err("%s: %d attachments, expected %d (%s)" % (where, len(got), len(want), want))
    contents = sorted(p.get_content() if isinstance(p.get_content(), bytes) else p.get_payload(decode=True)
                      for p in got)
    if contents != sorted(open(os.path.join(OUT, f), "rb").read() for f in want):
        err("%s: attachments are not byte-identical to the pack files" % where)
    for p in got:
        fn = p.get_filename()
        t = p.get_content_type()
        if p.get_content_disposition() != "attachment":
            err("%s: %s is not an attachment" % (where, fn))
        if fn.endswith(".xlsx") and t != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
            err("%s: %s has type %s" % (where, fn, t))
        if fn.endswith(".csv") and t != "text/csv":
            err("%s: %s has type %s" % (where, fn, t))
    # nothing from outside the person's scope, in any decoded text
    text = "\n".join([str(msg["Subject"]), plain, html.unescape(re.sub(r"<[^>]+>", " ", htmltext))] +
                     [p.get_filename() or "" for p in got])
    for name in outside_names(pcfg):
        if re.search(r"(?<![A-Za-z0-9_])" + re.escape(name) + r"(?![A-Za-z0-9_])", text):
            err("%s: names %s, outside %s's scope" % (where, name, addr))
    # the figures tie to summary.json: the first pack's node grade in the subject, its usage in both bodies
    node = person["packs"][0]["node"]
    if node:
        n = next(x for x in summary["nodes"] if x["path"] == node)
        if ("grade " + n["grade"]) not in str(msg["Subject"]):
            err("%s: subject %r lacks grade %s" % (where, str(msg["Subject"]), n["grade"]))
        figure = money(n["usage_usd"])
        score = "Score %d" % n["score"]
    else:
        figure = money(summary["totals"]["usage_usd"])
        score = "Key figures"
    for label, body in (("plain", plain), ("html", htmltext)):
        if figure not in body or score not in body:
            err("%s: the %s body lacks %s or %r" % (where, label, figure, score))
    # every key figure of the plain body ties to summary.json: the role template's message figures,
    # each row's current-period value against the node's (or the organisation's totals') field
    tpl = yaml.safe_load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "templates",
                                           pcfg["role"] + ".yaml")))["message"]
    src = n if node else summary["totals"]
    figs = tpl.get("figures" if node else "organisation_figures", [])
    block = plain[plain.find("Key figures"):]
    block = block[:block.find("\n\n", block.find("-----"))]
    checked = 0
    for g in figs:
        v = src
        for part in g["field"].split("."):
            v = v.get(part) if isinstance(v, dict) else None
        if v is None:
            continue
        fmt = g.get("format", "money")
        want = (money(v) if fmt == "money" else "{:.1f}%".format(v * 100) if fmt == "percent" else "%d" % v)
        if g.get("with"):
            want += " (%s)" % src[g["with"]]
        row = next((l for l in block.splitlines() if l.startswith("  " + g["label"] + " ")), None)
        if row is None:
            err("%s: the key figures lack %r" % (where, g["label"]))
            continue
        cells = [c.strip() for c in re.split(r"\s{3,}", row[len(g["label"]) + 2:].strip())]
        if not cells or cells[0] != want:
            err("%s: key figure %r shows %r, summary.json %s is %s" % (where, g["label"], cells[:1], g["field"], want))
        checked += 1
    if not checked:
        err("%s: no key figure of the plain body was checked" % where)
    high = sum(1 for pk in person["packs"] for f in pk["files"] if f.endswith("/tasks.csv")
               for line in open(os.path.join(OUT, f)).read().splitlines()[1:] if ",high," in line)
    if ("%d high-severity task" % high) not in str(msg["Subject"]):
        err("%s: subject %r does not count %d high-severity tasks" % (where, str(msg["Subject"]), high))


def ledger():
    return [json.loads(line) for line in open(LEDGER)] if os.path.exists(LEDGER) else []


if MODE == "all-once":
    msgs = delivered()
    by = {}
    for name, msg, env, raw in msgs:
        if len(env["rcpt_tos"]) != 1 or not env["tls"] or not env["auth"]:
            err("%s: envelope %s" % (name, env))
        by.setdefault(env["rcpt_tos"][0], []).append((name, msg, raw))
    if sorted(by) != sorted(people) or any(len(v) != 1 for v in by.values()):
        err("messages per person: %s" % {k: len(v) for k, v in by.items()})
    sent = {}
    for e in ledger():
        if e["status"] == "sent":
            sent[e["email"]] = e
    for addr, v in by.items():
        name, msg, raw = v[0]
        check_message(msg, addr, name, raw)
        if addr not in sent or sent[addr]["message_id"] != msg["Message-ID"]:
            err("%s: ledger lacks Message-ID %s for %s" % (name, msg["Message-ID"], addr))
elif MODE == "eml-dir":
    d = ARGS[0]
    files = sorted(f for f in os.listdir(d) if f.endswith(".eml"))
    if len(files) != len(people):
        err("dry run wrote %d files for %d people" % (len(files), len(people)))
    for f in files:
        raw = open(os.path.join(d, f), "rb").read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        check_message(msg, msg["To"].addresses[0].addr_spec, f, raw)
elif MODE == "replaces":
    addr, name = ARGS
    msg = email.message_from_bytes(open(os.path.join(MAIL, name + ".eml"), "rb").read(), policy=email.policy.default)
    earlier = [e for e in ledger() if e["email"] == addr and e["status"] == "sent"]
    if len(earlier) < 2:
        err("ledger has %d sent entries for %s" % (len(earlier), addr))
    else:
        plain = msg.get_body(("plain",)).get_content()
        if "replaces the one sent" not in plain or earlier[-2]["message_id"] not in plain:
            err("%s: does not say it replaces %s" % (name, earlier[-2]["message_id"]))
        if earlier[-2]["sha256"] == earlier[-1]["sha256"]:
            err("restated message has the same sha256 as the one it replaces")
elif MODE == "at-most-one-extra":
    msgs = delivered()
    by = {}
    for name, msg, env, raw in msgs:
        by.setdefault(env["rcpt_tos"][0], []).append(name)
    extra = sum(len(v) - 1 for v in by.values())
    if sorted(by) != sorted(people) or extra > 1:
        err("after a kill and a rerun: %s" % {k: len(v) for k, v in by.items()})
else:
    err("unknown mode " + MODE)

for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
