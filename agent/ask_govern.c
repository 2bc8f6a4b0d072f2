/* ask_govern.c: Agent Bill's answers about governance (MAP, unattributed spend, unapproved models, report
 * cards, tasks, change, approvals) and the dispatch from a question to its answer. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask_int.h"
#include "packs.h"
#include "util.h"

/* Capitalise letters after ". " that the sentence builders left lowercase. */
static void tidy(fc_sb *b) {
  for (size_t i = 0; b->s && i + 2 < b->n; i++)
    if ((b->s[i] == '.' || b->s[i] == ';') && b->s[i + 1] == ' ' && b->s[i] == '.' &&
        islower((unsigned char)b->s[i + 2]))
      b->s[i + 2] = (char)toupper((unsigned char)b->s[i + 2]);
  if (b->s && b->n && islower((unsigned char)b->s[0]))
    b->s[0] = (char)toupper((unsigned char)b->s[0]);
}

static const char *person_name(const fc_ask *a, const char *email) {
  int p = email ? fc_person_find(&a->cfg, email) : -1;
  return p >= 0 && a->cfg.people[p].name ? a->cfg.people[p].name : email && *email ? email : "nobody yet";
}

/* A task's assignees ("a@x; b@y": one task for the people who act on it together) by name. */
static const char *people_names(const fc_ask *a, const char *emails, char *buf, size_t size) {
  size_t o = 0;
  buf[0] = '\0';
  for (const char *e = emails; e && *e && o + 1 < size;) {
    size_t l = strcspn(e, ";");
    char one[256];
    snprintf(one, sizeof one, "%.*s", (int)(l < 255 ? l : 255), e);
    int w = snprintf(buf + o, size - o, "%s%s", o ? " and " : "", person_name(a, one));
    o = w < 0 || (size_t)w >= size - o ? size - 1 : o + (size_t)w;
    e += l;
    e += strspn(e, "; ");
  }
  return buf[0] ? buf : person_name(a, NULL);
}

/* 1 when the list of e-mails names me (case aside). */
static int email_listed(const char *emails, const char *me) {
  size_t ml = me ? strlen(me) : 0;
  for (const char *e = emails; ml && e && *e;) {
    size_t l = strcspn(e, ";");
    if (l == ml && strncasecmp(e, me, ml) == 0)
      return 1;
    e += l;
    e += strspn(e, "; ");
  }
  return 0;
}

static void ans_map(ans *x) {
  figs f;
  ask_subject_figs(x->a, x->s, &f);
  char u1[48], u2[48], c[32];
  json_t *rows = ask_result(x->a, "map.workloads");
  size_t i, n = 0, ntag = 0;
  json_t *r;
  item it[64];
  json_array_foreach(rows, i, r) {
    fc_money m;
    if (!ask_row_in(x->a, x->s, r, 0) || !fc_jmoney(r, "at_risk_usd", &m) || m <= 0 || n == 64)
      continue;
    const char *act = fc_jstr(r, "action");
    if (act && strstr(act, "tag"))
      ntag++;
    it[n++] = (item){fc_jstr(r, "name"), act, m, ask_row_node(x->a, r)};
  }
  qsort(it, n, sizeof *it, ask_cmp_item);
  fc_sb_add(x->out,
            "As of %s, %s of %s's MAP-eligible Bedrock spend qualifies for MAP credits and %s is at risk",
            x->a->as_of, ask_usd(f.map_q, u1), x->label, ask_usd(f.map_r, u2));
  ask_src_node(x->a, x->s, &x->src, ask_subject_is_org(x->s) ? "map_qualifying_usd" : "map.qualifying_usd");
  ask_src_node(x->a, x->s, &x->src, ask_subject_is_org(x->s) ? "map_at_risk_usd" : "map.at_risk_usd");
  if (!n) {
    fc_sb_add(x->out, ".");
    return;
  }
  fc_sb_add(x->out, " across %s workload%s (", ask_number_word((int64_t)n, c), n == 1 ? "" : "s");
  ask_add_items(x->out, it, n, 10, 0, 0);
  fc_sb_add(x->out, ")");
  if (ntag == n)
    fc_sb_add(x->out, " whose inference profiles need a corrected map-migrated tag.");
  else if (ntag)
    fc_sb_add(x->out,
              " that need application inference profiles tagged map-migrated (%zu of them a corrected tag).",
              ntag);
  else
    fc_sb_add(x->out, " that call Bedrock without an application inference profile tagged map-migrated.");
  ask_src_add(&x->src, "results[\"map.workloads\"].at_risk_usd, .action");
  /* the compliance tasks */
  json_t *tq = ask_result(x->a, "tasks.queue");
  fc_sb who = {0};
  size_t nt = 0;
  json_array_foreach(tq, i, r) {
    const char *kind = fc_jstr(r, "kind");
    if (!ask_row_in(x->a, x->s, r, 0) || !kind || strncmp(kind, "map_", 4) != 0)
      continue;
    int node = ask_row_node(x->a, r);
    char names[512];
    fc_sb_add(&who, "%s%s for %s", nt ? ", " : "",
              people_names(x->a, fc_jstr(r, "assignee_email"), names, sizeof names),
              node >= 0 ? x->a->cfg.nodes[node].name : "");
    nt++;
  }
  if (nt) {
    fc_sb_add(x->out, " %s compliance task%s %s queued for the cloud engineers (%s).",
              ask_number_word((int64_t)nt, c), nt == 1 ? "" : "s", nt == 1 ? "is" : "are", fc_sb_str(&who));
    ask_src_add(&x->src, "tasks.csv (kind map_*)");
  }
  fc_sb_free(&who);
}

static void ans_unattributed(ans *x) {
  json_t *rows = ask_result(x->a, "attribution.unattributed");
  size_t i, n = 0;
  json_t *r;
  fc_money tot = 0;
  json_array_foreach(rows, i, r) {
    fc_money m;
    if (!ask_row_in(x->a, x->s, r, 0))
      continue;
    fc_jmoney(r, "usage_usd", &m);
    tot += m;
    n++;
  }
  char u[48];
  if (!n) {
    fc_sb_add(x->out, "As of %s, all of %s's Bedrock usage in %s is claimed: nothing is unattributed.",
              x->a->as_of, x->label, x->a->period);
    ask_src_node(x->a, x->s, &x->src, ask_subject_is_org(x->s) ? "unattributed_usd" : "unattributed_usd");
    return;
  }
  fc_sb_add(x->out, "As of %s, %s of Bedrock usage in %s's accounts is unattributed in %s.", x->a->as_of,
            ask_usd(tot, u), x->label, x->a->period);
  ask_unclaimed_sentence(x, 1);
  /* the other reasons */
  fc_money other = 0;
  json_array_foreach(rows, i, r) {
    const char *reason = fc_jstr(r, "reason"), *arn = fc_jstr(r, "claim_arn");
    fc_money m;
    if (!ask_row_in(x->a, x->s, r, 0) || (reason && strcmp(reason, "unclaimed") == 0 && arn && *arn))
      continue;
    fc_jmoney(r, "usage_usd", &m);
    other += m;
  }
  if (other)
    fc_sb_add(x->out,
              " The other %s is spend before a claim starts or without a principal (see unattributed.csv).",
              ask_usd(other, u));
  ask_src_add(&x->src, "results[\"attribution.unattributed\"].usage_usd, .reason, .action");
}

static void ans_unapproved(ans *x) {
  json_t *rows = ask_result(x->a, "policy.violations");
  size_t i, n = 0;
  json_t *r;
  fc_money tot = 0;
  fc_sb list = {0};
  json_array_foreach(rows, i, r) {
    if (!ask_row_in(x->a, x->s, r, 0))
      continue;
    fc_money m;
    fc_jmoney(r, "usd", &m);
    tot += m;
    char u[48];
    int node = ask_row_node(x->a, r);
    fc_sb_add(&list, "%s%s spent %s on %s (approved there: %s)", n ? "; " : "",
              node >= 0 ? x->a->cfg.nodes[node].name : "", ask_usd(m, u),
              fc_jstr(r, "model") ? fc_jstr(r, "model") : "?",
              fc_jstr(r, "approved") ? fc_jstr(r, "approved") : "");
    n++;
  }
  char u[48];
  if (!n)
    fc_sb_add(x->out, "As of %s, all of %s's Bedrock usage in %s is on approved models.", x->a->as_of,
              x->label, x->a->period);
  else
    fc_sb_add(x->out, "As of %s, %s of %s's Bedrock usage in %s is on models outside the approved list: %s.",
              x->a->as_of, ask_usd(tot, u), x->label, x->a->period, fc_sb_str(&list));
  ask_src_add(&x->src, "results[\"policy.violations\"].usd, .model");
  fc_sb_free(&list);
}

static const char *comp_word(const char *c) {
  static const char *const m[][2] = {{"attribution", "Attribution"},
                                     {"budget", "Budget"},
                                     {"cache", "Caching"},
                                     {"map", "MAP"},
                                     {"models", "Model policy"}};
  for (size_t i = 0; c && i < sizeof m / sizeof m[0]; i++)
    if (strcmp(c, m[i][0]) == 0)
      return m[i][1];
  return c ? c : "?";
}

static void ans_card(ans *x) {
  if (!(x->s->n == 1 && x->s->roots[0] >= 0)) {
    /* the organisation (or several nodes): each top node's grade */
    fc_sb_add(x->out, "As of %s, the report cards of %s: ", x->a->as_of, x->label);
    int first = 1;
    for (size_t i = 0; i < x->a->cfg.nnodes; i++) {
      int top = ask_subject_is_org(x->s) ? x->a->cfg.nodes[i].parent < 0 : 0;
      for (size_t j = 0; !ask_subject_is_org(x->s) && j < x->s->n; j++)
        top |= x->s->roots[j] == (int)i;
      if (!top || !x->a->node_obj[i])
        continue;
      int64_t sc;
      fc_jint(x->a->node_obj[i], "score", &sc);
      const char *g = fc_jstr(x->a->node_obj[i], "grade");
      fc_sb_add(x->out, "%s%s %lld (%s)", first ? "" : ", ", x->a->cfg.nodes[i].name, (long long)sc,
                g ? g : "?");
      ask_src_add(&x->src, "nodes[].score, .grade");
      first = 0;
    }
    fc_sb_add(x->out, ".");
    return;
  }
  int node = x->s->roots[0];
  const json_t *n = x->a->node_obj[node];
  int64_t sc = 0;
  fc_jint(n, "score", &sc);
  const char *g = fc_jstr(n, "grade");
  fc_sb_add(x->out, "As of %s, %s's report card is %lld of 100 (%s).", x->a->as_of, x->label, (long long)sc,
            g ? g : "?");
  ask_src_node(x->a, x->s, &x->src, "score");
  /* why: the components that lost the most points */
  json_t *rows = ask_result(x->a, "scorecard.components");
  size_t i;
  json_t *r;
  const json_t *worst[2] = {NULL, NULL};
  int64_t wl[2] = {0, 0};
  json_array_foreach(rows, i, r) {
    if (ask_row_node(x->a, r) != node)
      continue;
    int64_t lost;
    const char *s = fc_jstr(r, "points_lost");
    if (!s || fc_decimal_parse(s, strlen(s), 1, &lost, NULL) || lost <= 0)
      continue;
    if (lost > wl[0]) {
      worst[1] = worst[0], wl[1] = wl[0];
      worst[0] = r, wl[0] = lost;
    } else if (lost > wl[1]) {
      worst[1] = r, wl[1] = lost;
    }
  }
  for (int k = 0; k < 2; k++) {
    if (!worst[k])
      continue;
    char pl[32];
    fc_decimal_format(wl[k], 1, 1, pl);
    const char *expl = fc_jstr(worst[k], "explanation");
    fc_sb_add(x->out, " %s lost %s points: %s", comp_word(fc_jstr(worst[k], "component")), pl,
              expl ? expl : "");
    if (x->out->n && x->out->s[x->out->n - 1] != '.')
      fc_sb_add(x->out, ".");
  }
  if (worst[0]) {
    ask_src_add(&x->src, "results[\"scorecard.components\"].points_lost, .explanation");
  } else if (x->a->cfg.nodes[node].workload >= 0) {
    fc_sb_add(x->out, " No component lost points.");
  } else {
    /* a node above the workloads: how its score is made up */
    const char *e = fc_jstr(n, "score_explanation");
    const char *dot = e ? strstr(e, "). ") : NULL;
    if (dot && dot[3]) {
      fc_sb_add(x->out, " %s", dot + 3);
      ask_src_node(x->a, x->s, &x->src, "score_explanation");
    }
  }
  int64_t th = 0, tm = 0;
  fc_jint(n, "score_tasks_high", &th);
  fc_jint(n, "score_tasks_medium", &tm);
  (void)th, (void)tm;
}

static void ans_tasks(ans *x) {
  json_t *rows = ask_result(x->a, "tasks.queue");
  const char *me = x->a->cfg.people[x->a->person].email;
  size_t i, all = 0, mine = 0, high = 0, approved = 0;
  json_t *r;
  fc_money stake = 0;
  item it[128];
  size_t n = 0;
  json_array_foreach(rows, i, r) {
    const char *sev = fc_jstr(r, "severity"), *em = fc_jstr(r, "assignee_email");
    /* a task assigned to me is mine wherever its finding lies */
    if (!ask_row_in(x->a, x->s, r, 0) && !(em && email_listed(em, me)))
      continue;
    if (sev && strcmp(sev, "approved") == 0) {
      approved++;
      continue;
    }
    all++;
    if (!em || !email_listed(em, me))
      continue;
    fc_money m;
    fc_jmoney(r, "usd_at_stake", &m);
    stake += m;
    mine++;
    if (sev && strcmp(sev, "high") == 0)
      high++;
    if (n < 128) {
      int node = ask_row_node(x->a, r);
      it[n++] = (item){node >= 0 ? x->a->cfg.nodes[node].name : "", fc_jstr(r, "kind"), m, node};
    }
  }
  qsort(it, n, sizeof *it, ask_cmp_item);
  char u[48], c1[32], c2[32];
  fc_sb_add(x->out, "As of %s, you have %s open task%s assigned to you (%s high severity), %s at stake",
            x->a->as_of, ask_count((int64_t)mine, c1), mine == 1 ? "" : "s", ask_count((int64_t)high, c2),
            ask_usd(stake, u));
  if (n) {
    fc_sb_add(x->out, "; the largest: ");
    for (size_t k = 0; k < n && k < 3; k++) {
      char t[128];
      snprintf(t, sizeof t, "%s", it[k].extra ? it[k].extra : "");
      for (char *p = t; *p; p++)
        if (*p == '_')
          *p = ' ';
      fc_sb_add(x->out, "%s%s for %s (%s)", k ? ", " : "", t, it[k].name, ask_usd(it[k].usd, u));
    }
  }
  fc_sb_add(x->out, ". There are %s open tasks in %s in all", ask_count((int64_t)all, c1), x->label);
  if (approved)
    fc_sb_add(x->out, ", plus %s approved overage%s", ask_count((int64_t)approved, c2),
              approved == 1 ? "" : "s");
  fc_sb_add(x->out, " (see tasks.csv in your pack).");
  ask_src_add(&x->src, "results[\"tasks.queue\"] (tasks.csv)");
}

static void ans_change(ans *x) {
  figs f;
  ask_subject_figs(x->a, x->s, &f);
  char u1[48], u2[48], u3[48];
  if (!x->a->prev) {
    fc_sb_add(x->out,
              "There are no published results for %s, so I cannot say what changed; as of %s, %s's Bedrock "
              "usage in "
              "%s is %s.",
              x->a->prev_period, x->a->as_of, x->label, x->a->period, ask_usd(f.usage, u1));
    ask_src_node(x->a, x->s, &x->src, ask_subject_is_org(x->s) ? "attributed_usd" : "usage_usd");
    return;
  }
  /* the previous period's figures for the same nodes and workloads (by path) */
  fc_money prev = 0;
  json_t *pn = fc_jget(x->a->prev, "nodes");
  size_t i;
  json_t *r;
  if (ask_subject_is_org(x->s)) {
    fc_jmoney(fc_jget(x->a->prev, "totals"), "attributed_usd", &prev);
  } else {
    json_array_foreach(pn, i, r) {
      const char *p = fc_jstr(r, "path");
      int node = p ? fc_config_node_find(&x->a->cfg, p) : -1;
      for (size_t k = 0; node >= 0 && k < x->s->n; k++)
        if (node == x->s->roots[k] && ask_in_person_scope(x->a, node)) {
          fc_money m;
          fc_jmoney(r, "usage_usd", &m);
          prev += m;
        }
    }
  }
  fc_sb_add(x->out,
            "As of %s, %s's Bedrock usage in %s is %s (month to date), against %s in all of %s: %s%s.",
            x->a->as_of, x->label, x->a->period, ask_usd(f.usage, u1), ask_usd(prev, u2), x->a->prev_period,
            f.usage >= prev ? "+" : "", ask_usd(f.usage - prev, u3));
  ask_src_node(x->a, x->s, &x->src, ask_subject_is_org(x->s) ? "attributed_usd" : "usage_usd");
  ask_src_add(&x->src, "the same figures in the previous period's summary.json");
  /* drivers: workload deltas */
  item it[128];
  size_t n = 0;
  json_t *cur = ask_result(x->a, "attribution.workloads");
  json_t *old = fc_jget(fc_jget(x->a->prev, "results"), "attribution.workloads");
  json_array_foreach(cur, i, r) {
    if (!ask_row_in(x->a, x->s, r, 0) || n == 128)
      continue;
    fc_money m, pm = 0;
    fc_jmoney(r, "usage_usd", &m);
    const char *id = fc_jstr(r, "workload_id");
    size_t j;
    json_t *o;
    json_array_foreach(old, j, o) {
      const char *oid = fc_jstr(o, "workload_id");
      if (id && oid && strcmp(id, oid) == 0)
        fc_jmoney(o, "usage_usd", &pm);
    }
    it[n++] = (item){fc_jstr(r, "name"), NULL, m - pm, ask_row_node(x->a, r)};
  }
  qsort(it, n, sizeof *it, ask_cmp_abs);
  if (n) {
    fc_sb_add(x->out, " The largest changes by workload: ");
    for (size_t k = 0; k < n && k < 3; k++)
      fc_sb_add(x->out, "%s%s %s%s", k ? ", " : "", it[k].name, it[k].usd >= 0 ? "+" : "",
                ask_usd(it[k].usd, u1));
    fc_sb_add(x->out, ".");
    ask_src_add(&x->src, "results[\"attribution.workloads\"].usage_usd in both periods");
  }
}

static void ans_approve(ans *x) {
  const fc_ask *a = x->a;
  if (!fc_ask_may_approve(a)) {
    fc_sb_add(x->out,
              "Only the FinOps leader, or the portfolio manager above a workload, can approve its Bedrock "
              "spend; as "
              "of %s, ask them to approve the overage with `finops approve`.",
              a->as_of);
    return;
  }
  json_t *rows = ask_result(a, "tokens.workloads");
  size_t i, n = 0;
  json_t *r;
  fc_sb list = {0};
  const char *first_id = NULL;
  fc_money first_over = 0;
  json_array_foreach(rows, i, r) {
    fc_money over;
    if (!ask_row_in(a, x->s, r, 0) || !fc_jmoney(r, "forecast_over_usd", &over) || over <= 0)
      continue;
    int node = ask_row_node(a, r);
    const fc_approval *ap = ask_approval_for(a, node);
    char u[48];
    fc_sb_add(&list, "%s%s (%s) is forecast %s over its estimate", n ? "; " : "", a->cfg.nodes[node].name,
              fc_jstr(r, "workload_id"), ask_usd(over, u));
    if (ap) {
      fc_sb_add(&list, ", ");
      ask_approval_words(a, ap, &list);
    }
    if (!first_id && !ap) {
      first_id = fc_jstr(r, "workload_id");
      first_over = over;
    }
    n++;
  }
  if (!n) {
    fc_sb_add(x->out,
              "As of %s, no workload in %s is forecast over its estimate, so there is no overage to approve.",
              a->as_of, x->label);
  } else {
    fc_sb_add(x->out, "As of %s: %s.", a->as_of, fc_sb_str(&list));
    if (first_id) {
      char d[16];
      long long whole = (long long)((first_over + 9999999999LL) / 10000000000LL); /* whole dollars, up */
      int32_t per;
      fc_period_parse(a->period, &per);
      fc_date_format(fc_period_first_day(per) + fc_period_days(per) - 1, d);
      fc_sb_add(x->out,
                " To approve an overage, record it with: finops approve --workload %s --usd %lld --until %s "
                "--by %s "
                "--reason \"...\" (or the approve_spend tool).",
                first_id, whole, d, a->cfg.people[a->person].email);
    }
  }
  ask_src_add(&x->src, "results[\"tokens.workloads\"].forecast_over_usd; approvals.yaml");
  fc_sb_free(&list);
}

static void ans_help(const fc_ask *a, fc_sb *out) {
  fc_sb_add(out,
            "I can only answer questions about %s's Bedrock spend from the published %s results. You can ask "
            "me about: ",
            a->cfg.people[a->person].name ? a->cfg.people[a->person].name : a->cfg.people[a->person].email,
            a->period);
  for (int k = 0; k < FC_ASK_NKINDS; k++)
    fc_sb_add(out, "%s%s", k ? "; " : "", fc_ask_kind_help((fc_ask_kind)k));
  fc_sb_add(out, ".\n");
}

static void ans_not_found(const fc_ask *a, const char *what, fc_sb *out) {
  fc_sb_add(
      out,
      "I can't find \"%s\" in your part of the organisation, so I can't answer about it. Ask about your own "
      "workloads, or ask \"what can you answer?\".\n",
      what);
  (void)a;
}

static fc_ask_kind answer(fc_ask *a, fc_ask_kind k, const subject *s, const char *model, int top,
                          fc_sb *out) {
  ans x = {.a = a, .s = s, .out = out};
  fc_sb lb = {0};
  ask_subject_label(a, s, &lb);
  snprintf(x.label, sizeof x.label, "%s", fc_sb_str(&lb));
  fc_sb_free(&lb);
  size_t start = out->n;
  switch (k) {
  case FC_ASK_TOTAL:
    ask_ans_total(&x);
    break;
  case FC_ASK_BY_WORKLOAD:
    ask_ans_by_workload(&x, top);
    break;
  case FC_ASK_BY_MODEL:
    ask_ans_by_model(&x, model, top);
    break;
  case FC_ASK_BY_REGION:
    ask_ans_by_region(&x, top);
    break;
  case FC_ASK_UNATTRIBUTED:
    ans_unattributed(&x);
    break;
  case FC_ASK_BUDGET:
    ask_ans_budget(&x);
    break;
  case FC_ASK_TOKENS:
    ask_ans_tokens(&x);
    break;
  case FC_ASK_CACHE:
    ask_ans_cache(&x);
    break;
  case FC_ASK_MAP:
    ans_map(&x);
    break;
  case FC_ASK_UNAPPROVED:
    ans_unapproved(&x);
    break;
  case FC_ASK_CARD:
    ans_card(&x);
    break;
  case FC_ASK_TASKS:
    ans_tasks(&x);
    break;
  case FC_ASK_CHANGE:
    ans_change(&x);
    break;
  case FC_ASK_APPROVE:
    ans_approve(&x);
    break;
  default:
    ans_help(a, out);
    fc_sb_free(&x.src);
    return FC_ASK_HELP;
  }
  (void)start;
  tidy(out);
  ask_finish(&x);
  return k;
}

fc_ask_kind fc_ask_text(fc_ask *a, const char *q, fc_sb *out) {
  question qq;
  ask_parse_question(a, q, &qq);
  if (qq.kind == FC_ASK_NOT_FOUND) {
    ans_not_found(a, qq.unknown, out);
    return FC_ASK_NOT_FOUND;
  }
  if (qq.kind == FC_ASK_HELP) {
    ans_help(a, out);
    return FC_ASK_HELP;
  }
  return answer(a, qq.kind, &qq.subj, qq.model, qq.top, out);
}

fc_ask_kind fc_ask_query(fc_ask *a, fc_ask_kind k, const char *node, const char *model, int top, fc_sb *out) {
  subject s;
  if (node && *node) {
    int n = ask_find_node(a, node);
    if (n < 0) {
      ans_not_found(a, node, out);
      return FC_ASK_NOT_FOUND;
    }
    s.roots[0] = n;
    s.n = 1;
  } else {
    ask_subject_of_person(a, &s);
  }
  if (k >= FC_ASK_NKINDS) {
    ans_help(a, out);
    return FC_ASK_HELP;
  }
  return answer(a, k, &s, model, top, out);
}
