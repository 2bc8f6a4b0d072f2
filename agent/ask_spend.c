/* ask_spend.c: Agent Bill's answers about spend: totals, workloads, models, regions, cache, tokens and
 * budgets. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask_int.h"
#include "packs.h"
#include "util.h"

/* ---- answers ---- */

void ask_finish(ans *x) {
  fc_sb_add(x->out, "\nSource: %s/summary.json (period %s, as of %s)%s%s\n", x->a->period, x->a->period,
            x->a->as_of, x->src.n ? ": " : "", fc_sb_str(&x->src));
  fc_sb_free(&x->src);
}

int ask_cmp_item(const void *p, const void *q) {
  const item *a = p, *b = q;
  if (a->usd != b->usd)
    return a->usd > b->usd ? -1 : 1;
  return strcmp(a->name, b->name);
}

/* largest change first, whatever its sign */
int ask_cmp_abs(const void *p, const void *q) {
  const item *a = p, *b = q;
  fc_money x = a->usd < 0 ? -a->usd : a->usd, y = b->usd < 0 ? -b->usd : b->usd;
  if (x != y)
    return x > y ? -1 : 1;
  return strcmp(a->name, b->name);
}

void ask_add_items(fc_sb *b, item *it, size_t n, size_t top, fc_money total, int shares) {
  char u[48], p[32];
  for (size_t i = 0; i < n && i < top; i++) {
    fc_sb_add(b, "%s%s %s",
              i == 0                       ? ""
              : i + 1 == n || i + 1 == top ? " and "
                                           : ", ",
              it[i].name, ask_usd(it[i].usd, u));
    if (shares && total > 0)
      fc_sb_add(b, " (%s)", ask_pct(ask_ratio_ppm(it[i].usd, total), p));
  }
  if (n > top)
    fc_sb_add(b, ", and %zu more", n - top);
}

void ask_ans_total(ans *x) {
  figs f;
  ask_subject_figs(x->a, x->s, &f);
  char u1[48], u2[48], u3[48];
  fc_sb_add(x->out, "As of %s, %s's Bedrock usage in %s is %s, claimed by %s workloads", x->a->as_of,
            x->label, x->a->period, ask_usd(f.usage, u1), x->s->n > 1 ? "their" : "its");
  ask_src_node(x->a, x->s, &x->src, ask_subject_is_org(x->s) ? "attributed_usd" : "usage_usd");
  if (f.unattr) {
    fc_sb_add(x->out, "; another %s in its accounts is unattributed until someone claims it",
              ask_usd(f.unattr, u2));
    ask_src_node(x->a, x->s, &x->src, "unattributed_usd");
  }
  fc_sb_add(x->out, ".");
  if (ask_subject_is_org(x->s)) {
    fc_money bill, adj;
    json_t *t = fc_jget(x->a->sum, "totals");
    fc_jmoney(t, "bedrock_usd", &bill);
    fc_jmoney(t, "adjustments_usd", &adj);
    fc_sb_add(x->out, " The whole Bedrock bill is %s after %s of credits and other adjustments.",
              ask_usd(bill, u3), ask_usd(adj, u2));
    ask_src_add(&x->src, "totals.bedrock_usd; totals.adjustments_usd");
  }
}

static size_t workload_items(ans *x, item **out) {
  json_t *rows = ask_result(x->a, "attribution.workloads");
  item *it = calloc(json_array_size(rows) + 1, sizeof *it);
  size_t n = 0, i;
  json_t *r;
  if (!it)
    return 0;
  json_array_foreach(rows, i, r) {
    if (!ask_row_in(x->a, x->s, r, 0))
      continue;
    it[n].name = fc_jstr(r, "name");
    it[n].node = ask_row_node(x->a, r);
    fc_jmoney(r, "usage_usd", &it[n].usd);
    if (it[n].name)
      n++;
  }
  qsort(it, n, sizeof *it, ask_cmp_item);
  *out = it;
  return n;
}

/* The unclaimed principals in scope: one sentence. */
void ask_unclaimed_sentence(ans *x, int with_command) {
  json_t *rows = ask_result(x->a, "attribution.unattributed");
  size_t i, nk[3] = {0, 0, 0}, n = 0; /* roles, users, profiles */
  json_t *r;
  fc_money tot = 0;
  fc_sb names = {0};
  const char *cmd = NULL;
  json_array_foreach(rows, i, r) {
    if (!ask_row_in(x->a, x->s, r, 0))
      continue;
    fc_money m;
    fc_jmoney(r, "usage_usd", &m);
    const char *kind = fc_jstr(r, "principal_kind"), *arn = fc_jstr(r, "claim_arn");
    const char *reason = fc_jstr(r, "reason");
    if (!reason || strcmp(reason, "unclaimed") != 0 || !arn || !*arn)
      continue;
    nk[kind && strcmp(kind, "iam_role") == 0 ? 0 : kind && strcmp(kind, "iam_user") == 0 ? 1 : 2]++;
    tot += m;
    const char *slash = strrchr(arn, '/');
    char u[48];
    fc_sb_add(&names, "%s%s %s", n ? ", " : "", slash ? slash + 1 : arn, ask_usd(m, u));
    if (!cmd)
      cmd = fc_jstr(r, "action");
    n++;
  }
  if (n) {
    char u[48], c1[32];
    static const char *const kw[3] = {"IAM role", "IAM user", "application inference profile"};
    size_t kinds = (nk[0] > 0) + (nk[1] > 0) + (nk[2] > 0), said = 0;
    for (int k = 0; k < 3; k++) {
      if (!nk[k])
        continue;
      fc_sb_add(x->out, "%s%s %s%s",
                said == 0           ? " "
                : said + 1 == kinds ? " and "
                                    : ", ",
                ask_number_word((int64_t)nk[k], c1), kw[k], nk[k] == 1 ? "" : "s");
      said++;
    }
    fc_sb_add(x->out,
              " in your accounts %s unclaimed, %s together (%s), and their product owners need to claim "
              "them",
              n == 1 ? "is" : "are", ask_usd(tot, u), fc_sb_str(&names));
    if (with_command && cmd) {
      const char *c = strstr(cmd, "finops claim");
      fc_sb_add(x->out, ", e.g. `%s`", c ? c : cmd);
    }
    fc_sb_add(x->out, ".");
    ask_src_add(&x->src, "results[\"attribution.unattributed\"].usage_usd");
  }
  fc_sb_free(&names);
}

void ask_ans_by_workload(ans *x, int top) {
  item *it = NULL;
  size_t n = workload_items(x, &it);
  fc_money tot = 0;
  for (size_t i = 0; i < n; i++)
    tot += it[i].usd;
  if (!n) {
    fc_sb_add(x->out, "As of %s, no workload in %s has Bedrock usage in %s.", x->a->as_of, x->label,
              x->a->period);
  } else {
    char u[48];
    size_t t = top > 0 ? (size_t)top : 10;
    fc_sb_add(x->out, "As of %s, %s leads %s's Bedrock spend in %s with %s", x->a->as_of, it[0].name,
              x->label, x->a->period, ask_usd(it[0].usd, u));
    if (n > 1 && t > 1) {
      fc_sb_add(x->out, ", then ");
      ask_add_items(x->out, it + 1, n - 1, t - 1, tot, 0);
    }
    char c[32];
    /* how the claims attribute it: application inference profiles or IAM roles and users */
    fc_money prof = 0, role = 0;
    json_t *rows = ask_result(x->a, "attribution.workloads"), *r;
    size_t i;
    json_array_foreach(rows, i, r) {
      fc_money m;
      if (!ask_row_in(x->a, x->s, r, 0))
        continue;
      fc_jmoney(r, "via_profile_usd", &m), prof += m;
      fc_jmoney(r, "via_role_usd", &m), role += m;
    }
    char u2[48], u3[48];
    fc_sb_add(x->out,
              " (%s workload%s, %s in all: %s through application inference profiles, %s through IAM roles "
              "and users).",
              ask_count((int64_t)n, c), n == 1 ? "" : "s", ask_usd(tot, u), ask_usd(prof, u2),
              ask_usd(role, u3));
    ask_src_add(&x->src, "results[\"attribution.workloads\"].usage_usd, .via_profile_usd, .via_role_usd");
  }
  free(it);
  ask_unclaimed_sentence(x, 0);
}

/* Per-key sums of rows of a ask_result at the subject's roots (node null rows for the organisation). */

static size_t buckets_at_roots(ans *x, const char *res, const char *keycol, bucket *b, size_t max) {
  json_t *rows = ask_subject_is_org(x->s) && strcmp(res, "tokens.node_models") == 0
                     ? fc_jget(x->a->sum, "by_model")
                     : ask_result(x->a, res);
  size_t n = 0, i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    if (!ask_row_in(x->a, x->s, r, 1))
      continue;
    const char *k = fc_jstr(r, keycol);
    if (!k)
      continue;
    fc_money m;
    fc_jmoney(r, "usage_usd", &m);
    size_t j = 0;
    while (j < n && strcmp(b[j].key, k) != 0)
      j++;
    if (j == n) {
      if (n == max)
        continue;
      b[n++] = (bucket){k, 0};
    }
    b[j].usd += m;
  }
  return n;
}

static int family_of(const char *model, const char *filter) {
  char a[128], f[128];
  ask_norm(model, a, sizeof a);
  ask_norm(filter, f, sizeof f);
  return strstr(a, f) != NULL;
}

void ask_ans_by_model(ans *x, const char *model, int top) {
  bucket b[64];
  size_t n = buckets_at_roots(x, "tokens.node_models", "model", b, 64);
  item it[64];
  size_t k = 0;
  fc_money tot = 0, sel = 0;
  for (size_t i = 0; i < n; i++) {
    tot += b[i].usd;
    if (model && *model && !family_of(b[i].key, model))
      continue;
    it[k++] = (item){b[i].key, NULL, b[i].usd, -1};
    sel += b[i].usd;
  }
  qsort(it, k, sizeof *it, ask_cmp_item);
  char u[48], u2[48], p[32];
  if (!k) {
    fc_sb_add(x->out, "As of %s, %s has no Bedrock usage on %s in %s.", x->a->as_of, x->label,
              model && *model ? model : "any model", x->a->period);
  } else {
    if (model && *model)
      fc_sb_add(x->out, "As of %s, %s spent %s on %s in %s (%s of its %s): ", x->a->as_of, x->label,
                ask_usd(sel, u), model, x->a->period, ask_pct(ask_ratio_ppm(sel, tot), p), ask_usd(tot, u2));
    else
      fc_sb_add(x->out, "As of %s, %s's Bedrock spend in %s by model: ", x->a->as_of, x->label, x->a->period);
    ask_add_items(x->out, it, k, top > 0 ? (size_t)top : 12, tot, 1);
    fc_sb_add(x->out, ".");
  }
  ask_src_add(&x->src, ask_subject_is_org(x->s) ? "by_model[].usage_usd"
                                                : "results[\"tokens.node_models\"].usage_usd");
}

static const char *region_words(const char *k) {
  if (strcmp(k, "same_region") == 0)
    return "same region (in-region)";
  if (strcmp(k, "cross_region_geo") == 0)
    return "cross-region (geographic)";
  if (strcmp(k, "cross_region_global") == 0)
    return "global cross-region";
  return k;
}

void ask_ans_by_region(ans *x, int top) {
  bucket b[16];
  size_t n = buckets_at_roots(x, "tokens.by_region_type", "region_type", b, 16);
  item it[16];
  fc_money tot = 0;
  for (size_t i = 0; i < n; i++) {
    it[i] = (item){region_words(b[i].key), NULL, b[i].usd, -1};
    tot += b[i].usd;
  }
  qsort(it, n, sizeof *it, ask_cmp_item);
  fc_sb_add(x->out, "As of %s, %s's Bedrock spend in %s by region type: ", x->a->as_of, x->label,
            x->a->period);
  if (!n)
    fc_sb_add(x->out, "none");
  ask_add_items(x->out, it, n, top > 0 ? (size_t)top : 8, tot, 1);
  fc_sb_add(x->out, ".");
  ask_src_add(&x->src, "results[\"tokens.by_region_type\"].usage_usd");
}

void ask_ans_cache(ans *x) {
  figs f;
  ask_subject_figs(x->a, x->s, &f);
  char p1[32], p2[32], u1[48], u2[48], c1[32], c2[32];
  if (!f.has_chr) {
    fc_sb_add(x->out, "As of %s, %s has no input or cache-read tokens in %s, so there is no cache hit rate.",
              x->a->as_of, x->label, x->a->period);
    return;
  }
  fc_sb_add(
      x->out,
      "As of %s, %s's cache hit rate is %s (%s cache-read tokens of %s input and cache-read tokens), %s the "
      "healthy %s.",
      x->a->as_of, x->label, ask_pct(f.chr, p1), ask_count(f.tok[2], c1), ask_count(f.tok[0] + f.tok[2], c2),
      f.chr < f.healthy ? "below" : "at or above", ask_pct(f.healthy, p2));
  ask_src_node(x->a, x->s, &x->src, x->s->n == 1 && x->s->roots[0] >= 0 ? "cache_hit_rate" : "tokens");
  if (f.chr < f.healthy && f.savings) {
    fc_sb_add(
        x->out,
        " Better prompt caching, at the healthy rate, would have saved about %s so far this month and %s "
        "over the whole month.",
        ask_usd(f.savings, u1), ask_usd(f.savings_month, u2));
    ask_src_node(x->a, x->s, &x->src, "cache_savings_usd");
    ask_src_node(x->a, x->s, &x->src, "cache_savings_month_usd");
  }
}

/* The tokens.workloads rows in the subject. */
void ask_ans_tokens(ans *x) {
  figs f;
  ask_subject_figs(x->a, x->s, &f);
  char c[4][32], u[48];
  fc_sb_add(x->out, "As of %s, %s used %s input, %s output, %s cache-read and %s cache-write tokens in %s",
            x->a->as_of, x->label, ask_count(f.tok[0], c[0]), ask_count(f.tok[1], c[1]),
            ask_count(f.tok[2], c[2]), ask_count(f.tok[3], c[3]), x->a->period);
  if (ask_subject_is_org(x->s))
    ask_src_add(&x->src, "nodes[top level].tokens");
  else
    ask_src_node(x->a, x->s, &x->src, "tokens");
  /* cost per token type: per node (tokens.node_token_costs), or the organisation's usage types */
  int org = ask_subject_is_org(x->s);
  json_t *rows = ask_result(x->a, org ? "tokens.usage_types" : "tokens.node_token_costs");
  fc_money kc[5] = {0};
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    if (!org && !ask_row_in(x->a, x->s, r, 1))
      continue;
    const char *k = fc_jstr(r, "token_kind");
    fc_money m;
    fc_jmoney(r, "usage_usd", &m);
    int t = 0;
    while (k && t < 4 && strncmp(k, ask_tok_keys[t], strlen(ask_tok_keys[t])) != 0)
      t++;
    kc[t] += m;
  }
  if (rows) {
    char m0[48], m1[48], m2[48], m3[48], m4[48];
    fc_money all = kc[0] + kc[1] + kc[2] + kc[3] + kc[4];
    fc_sb_add(x->out, ", costing %s, %s, %s and %s respectively (%s in all", ask_usd(kc[0], m0),
              ask_usd(kc[1], m1), ask_usd(kc[2], m2), ask_usd(kc[3], m3), ask_usd(all, m4));
    if (kc[4])
      fc_sb_add(x->out, ", with %s of usage that is not per token", ask_usd(kc[4], m0));
    fc_sb_add(x->out, ")");
    ask_src_add(&x->src, org ? "results[\"tokens.usage_types\"].usage_usd, .token_kind"
                             : "results[\"tokens.node_token_costs\"].usage_usd, .token_kind");
  } else {
    fc_sb_add(x->out, " (claimed usage %s)", ask_usd(f.usage, u));
    ask_src_node(x->a, x->s, &x->src, "usage_usd");
  }
  fc_sb_add(x->out, ".");
  /* against the token estimate: one workload in full, several by the types over their estimate */
  json_t *wrows = ask_result(x->a, "tokens.workloads");
  size_t nest = 0, nover = 0;
  json_t *one = NULL;
  json_array_foreach(wrows, i, r) {
    int64_t has;
    if (ask_row_in(x->a, x->s, r, 0) && fc_jint(r, "has_estimate_tokens", &has) && has)
      one = r, nest++;
  }
  if (nest == 1) {
    json_t *v = fc_jget(one, "variance"), *pt = fc_jget(one, "prorated_tokens");
    fc_sb_add(x->out, " Against %s's prorated token estimate that is",
              x->a->cfg.nodes[ask_row_node(x->a, one)].name);
    for (int t = 0; t < 4; t++) {
      int64_t ppm, pro;
      fc_jratio(v, ask_tok_keys[t], &ppm);
      fc_jint(pt, ask_tok_keys[t], &pro);
      char m[32], pc[32];
      fc_decimal_format(ppm, 6, 2, m);
      fc_sb_add(x->out, "%s %s× %s (estimate %s)",
                t == 0   ? ""
                : t == 3 ? " and"
                         : ",",
                m, ask_tok_words[t], ask_count(pro, pc));
    }
    fc_sb_add(x->out, ".");
    ask_src_add(&x->src, "results[\"tokens.workloads\"].variance, .prorated_tokens");
  } else if (nest > 1) {
    json_array_foreach(wrows, i, r) {
      int64_t has;
      if (!ask_row_in(x->a, x->s, r, 0) || !fc_jint(r, "has_estimate_tokens", &has) || !has)
        continue;
      json_t *v = fc_jget(r, "variance");
      for (int t = 0; t < 4; t++) {
        int64_t ppm;
        if (!fc_jratio(v, ask_tok_keys[t], &ppm) || ppm < 1200000)
          continue;
        char m[32];
        fc_decimal_format(ppm, 6, 2, m);
        fc_sb_add(x->out, "%s %s %s tokens %s×", nover ? "," : " Over their prorated token estimates:",
                  x->a->cfg.nodes[ask_row_node(x->a, r)].name, ask_tok_words[t], m);
        nover++;
      }
    }
    if (nover) {
      fc_sb_add(x->out, ".");
      ask_src_add(&x->src, "results[\"tokens.workloads\"].variance");
    } else {
      fc_sb_add(x->out,
                " The %zu workloads with a token estimate are within 1.2× of it for every token type.", nest);
      ask_src_add(&x->src, "results[\"tokens.workloads\"].variance");
    }
  }
}

const fc_approval *ask_approval_for(const fc_ask *a, int node) {
  if (node < 0 || a->cfg.nodes[node].workload < 0)
    return NULL;
  return fc_approvals_find(&a->approvals, a->cfg.nodes[node].workload, a->as_of_day);
}

void ask_approval_words(const fc_ask *a, const fc_approval *ap, fc_sb *b) {
  char u[48], d[16];
  int p = fc_person_find(&a->cfg, ap->approved_by);
  fc_sb_add(b, "approved up to %s until %s by %s (%s)", ask_usd(ap->usd, u), fc_date_format(ap->until, d),
            p >= 0 && a->cfg.people[p].name ? a->cfg.people[p].name : ap->approved_by, ap->reason);
}

void ask_ans_budget(ans *x) {
  json_t *rows = ask_result(x->a, "tokens.workloads");
  size_t i, nest = 0, nover = 0;
  json_t *r;
  fc_money usage = 0, pro = 0, est = 0, fcst = 0, over_tot = 0;
  int64_t days = 0, ndays = 0;
  json_t *one = NULL;
  fc_sb overs = {0};
  json_array_foreach(rows, i, r) {
    int64_t has;
    if (!ask_row_in(x->a, x->s, r, 0) || !fc_jint(r, "has_estimate", &has) || !has)
      continue;
    fc_money m;
    fc_jmoney(r, "usage_usd", &m), usage += m;
    fc_jmoney(r, "prorated_estimate_usd", &m), pro += m;
    fc_jmoney(r, "estimate_usd", &m), est += m;
    fc_jmoney(r, "forecast_usd", &m), fcst += m;
    fc_jint(r, "days_elapsed", &days);
    fc_jint(r, "days_in_period", &ndays);
    fc_money over;
    if (fc_jmoney(r, "forecast_over_usd", &over) && over > 0) {
      int node = ask_row_node(x->a, r);
      const fc_approval *ap = ask_approval_for(x->a, node);
      char u[48];
      fc_sb_add(&overs, "%s%s %s over", nover ? ", " : "", x->a->cfg.nodes[node].name, ask_usd(over, u));
      if (ap && ap->usd >= over) {
        fc_sb_add(&overs, " (");
        ask_approval_words(x->a, ap, &overs);
        fc_sb_add(&overs, ")");
      } else {
        over_tot += over;
      }
      nover++;
    }
    one = r;
    nest++;
  }
  char u1[48], u2[48], u3[48], u4[48], u5[48];
  if (!nest) {
    figs f;
    ask_subject_figs(x->a, x->s, &f);
    fc_sb_add(x->out,
              "As of %s, no estimate is set for %s, so there is no budget to compare with; its Bedrock usage "
              "in %s is %s.",
              x->a->as_of, x->label, x->a->period, ask_usd(f.usage, u1));
    ask_src_node(x->a, x->s, &x->src, "usage_usd");
    fc_sb_free(&overs);
    return;
  }
  const char *who = nest == 1 ? x->a->cfg.nodes[ask_row_node(x->a, one)].name : x->label;
  fc_sb_add(
      x->out,
      "As of %s, %s%s %s spent %s against a prorated estimate of %s (%lld of %lld days) and %s forecast "
      "to end the month at %s against %s %s estimate",
      x->a->as_of, nest == 1 ? "" : "the workloads with an estimate in ", who, nest == 1 ? "has" : "have",
      ask_usd(usage, u1), ask_usd(pro, u2), (long long)days, (long long)ndays, nest == 1 ? "is" : "are",
      ask_usd(fcst, u3), nest == 1 ? "its" : "their", ask_usd(est, u4));
  if (fcst > est)
    fc_sb_add(x->out, ", %s over", ask_usd(fcst - est, u5));
  else
    fc_sb_add(x->out, ", within it");
  ask_src_add(
      &x->src,
      "results[\"tokens.workloads\"].usage_usd, .prorated_estimate_usd, .forecast_usd, .estimate_usd, "
      ".forecast_over_usd");
  if (nover && (nest > 1 || over_tot == 0))
    fc_sb_add(x->out, " (%s)", fc_sb_str(&overs));
  fc_sb_add(x->out, ".");
  fc_sb_free(&overs);
  if (nest == 1) {
    /* token types over the prorated estimate, and the cache */
    json_t *v = fc_jget(one, "variance"), *pt = fc_jget(one, "prorated_tokens"), *tk = fc_jget(one, "tokens");
    int64_t has_t = 0;
    fc_jint(one, "has_estimate_tokens", &has_t);
    int said = 0;
    for (int t = 0; has_t && t < 4; t++) {
      int64_t ppm, p, act;
      fc_jratio(v, ask_tok_keys[t], &ppm);
      if (ppm < 1200000)
        continue;
      fc_jint(pt, ask_tok_keys[t], &p);
      fc_jint(tk, ask_tok_keys[t], &act);
      char m[32], c1[32], c2[32];
      fc_decimal_format(ppm, 6, 2, m);
      fc_sb_add(x->out, "%s%s%s tokens are %s× the prorated estimate (%s vs %s)", said ? "; " : " ",
                said ? "" : "", ask_tok_words[t], m, ask_count(act, c1), ask_count(p, c2));
      said++;
    }
    if (said) {
      ask_src_add(&x->src, "results[\"tokens.workloads\"].variance, .prorated_tokens");
    }
    int64_t chr, healthy = (int64_t)(x->a->cfg.cache_hit_rate_healthy * 1000000.0 + 0.5);
    fc_money save_m = 0;
    if (fc_jratio(one, "cache_hit_rate", &chr) && chr < healthy) {
      fc_jmoney(one, "cache_savings_month_usd", &save_m);
      char p1[32], p2[32], u[48];
      fc_sb_add(x->out, "%s the cache hit rate is %s, below the healthy %s", said ? ", and" : " The",
                ask_pct(chr, p1), ask_pct(healthy, p2));
      if (save_m > 0) {
        fc_sb_add(x->out, ": better prompt caching would recover about %s over the month",
                  ask_usd(save_m, u));
        if (fcst > est) {
          char p3[32];
          fc_sb_add(x->out, ", %s of the overage", ask_pct(ask_ratio_ppm(save_m, fcst - est), p3));
        }
      }
      ask_src_add(&x->src, "results[\"tokens.workloads\"].cache_hit_rate, .cache_savings_month_usd");
      said++;
    }
    if (said)
      fc_sb_add(x->out, ".");
    if (fcst > est) {
      const fc_approval *ap = ask_approval_for(x->a, ask_row_node(x->a, one));
      if (ap) {
        fc_sb_add(x->out, " The overage is ");
        ask_approval_words(x->a, ap, x->out);
        fc_sb_add(x->out, "%s",
                  ap->usd >= fcst - est ? ", so it is no alert." : ", less than the forecast overage.");
        ask_src_add(&x->src, "approvals.yaml");
      }
    }
  }
}
