/* ask.c: Agent Bill's answers. Every figure is read from the published summary.json of the period
 * (exact decimal strings, summed as fixed point), only from rows within the person's scope. */
#include "ask.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask_int.h"
#include "packs.h"
#include "util.h"

/* ---- kinds ---- */

static const char *const kind_ids[FC_ASK_NKINDS] = {"total_spend",
                                                    "spend_by_workload",
                                                    "spend_by_model",
                                                    "spend_by_region_type",
                                                    "unattributed_spend",
                                                    "budget",
                                                    "tokens",
                                                    "cache_hit_rate",
                                                    "map_credits",
                                                    "unapproved_models",
                                                    "report_card",
                                                    "open_tasks",
                                                    "change_since_last_month",
                                                    "approve_spend"};

static const char *const kind_help[FC_ASK_NKINDS] = {
    "your total AI (Bedrock) spend this month",
    "spend by workload, ranked (\"top 3 workloads\")",
    "spend by foundation model (Claude, Nova, Titan, Llama, ...)",
    "spend by region type: same region, cross-region (geographic), global",
    "unclaimed roles, users and profiles, with the claim command",
    "actual against the estimate, prorated to the day, and the month-end forecast",
    "tokens per type (input, output, cache read, cache write) against the estimate",
    "the cache hit rate against the healthy rate and what caching would save",
    "MAP-qualifying and at-risk spend, which workloads need a fix and why",
    "spend on models outside the approved list",
    "your report card: score, grade and why",
    "your open tasks",
    "what changed since last month and what drove it",
    "approving a workload's overage (FinOps leader, portfolio manager)"};

const char *fc_ask_kind_id(fc_ask_kind k) { return k < FC_ASK_NKINDS ? kind_ids[k] : "help"; }
const char *fc_ask_kind_help(fc_ask_kind k) { return k < FC_ASK_NKINDS ? kind_help[k] : ""; }

/* ---- opening the results ---- */

static int latest_period(const char *out_dir, int32_t *period) {
  DIR *d = opendir(out_dir);
  if (!d)
    return -1;
  struct dirent *e;
  *period = 0;
  while ((e = readdir(d)) != NULL) {
    int32_t p;
    if (fc_period_parse(e->d_name, &p) == 0 && p > *period)
      *period = p;
  }
  closedir(d);
  return *period ? 0 : -1;
}

int fc_ask_open(fc_ask *a, const char *config, const char *email, int32_t period, fc_diags *diags) {
  memset(a, 0, sizeof *a);
  a->person = -1;
  if (fc_config_load(config, &a->cfg, diags))
    return 2;
  a->person = fc_person_find(&a->cfg, email);
  if (a->person < 0) {
    fc_diags_add(diags, FC_SEV_ERROR, config, 0, 0, "no person with email '%s' in the configuration", email);
    return 2;
  }
  if (!period)
    period = a->cfg.period;
  if (!period && latest_period(a->cfg.output_dir, &period)) {
    fc_diags_add(diags, FC_SEV_ERROR, a->cfg.output_dir, 0, 0,
                 "no published results: run `finops run` first");
    return 2;
  }
  fc_period_format(period, a->period);
  int32_t prev = fc_period_prev(period);
  fc_period_format(prev, a->prev_period);
  a->dir = fc_asprintf("%s/%s", a->cfg.output_dir, a->period);
  char *sp = fc_asprintf("%s/summary.json", a->dir ? a->dir : "");
  char *pp = fc_asprintf("%s/%s/summary.json", a->cfg.output_dir, a->prev_period);
  char *mp = fc_asprintf("%s/manifest.json", a->dir ? a->dir : "");
  a->node_obj = calloc(a->cfg.nnodes + 1, sizeof *a->node_obj);
  if (!a->dir || !sp || !pp || !mp || !a->node_obj) {
    free(sp);
    free(pp);
    free(mp);
    fc_diags_add(diags, FC_SEV_ERROR, config, 0, 0, "out of memory");
    return 1;
  }
  char err[512];
  a->sum = fc_jread_file(sp, err, sizeof err);
  if (!a->sum) {
    fc_diags_add(diags, FC_SEV_ERROR, sp, 0, 0, "no published results for %s (%s): run `finops run` first",
                 a->period, err);
    free(sp);
    free(pp);
    free(mp);
    return 2;
  }
  a->prev = fc_jread_file(pp, err, sizeof err); /* optional */
  a->manifest = fc_jread_file(mp, err, sizeof err);
  free(sp);
  free(pp);
  free(mp);
  const char *asof = fc_jstr(a->sum, "as_of");
  snprintf(a->as_of, sizeof a->as_of, "%s", asof ? asof : "");
  if (fc_date_parse(a->as_of, &a->as_of_day))
    a->as_of_day = fc_period_first_day(period);
  json_t *nodes = fc_jget(a->sum, "nodes");
  size_t i;
  json_t *n;
  json_array_foreach(nodes, i, n) {
    const char *path = fc_jstr(n, "path");
    int idx = path ? fc_config_node_find(&a->cfg, path) : -1;
    if (idx >= 0)
      a->node_obj[idx] = n;
  }
  if (fc_approvals_load(&a->cfg, NULL, &a->approvals, diags))
    return 2;
  return 0;
}

void fc_ask_close(fc_ask *a) {
  json_decref(a->sum);
  json_decref(a->prev);
  json_decref(a->manifest);
  free(a->node_obj);
  free(a->dir);
  fc_approvals_free(&a->approvals);
  fc_config_free(&a->cfg);
  memset(a, 0, sizeof *a);
}

int fc_ask_may_approve(const fc_ask *a) {
  for (size_t w = 0; w < a->cfg.nworkloads; w++)
    if (fc_approver_may(&a->cfg, a->person, (int)w))
      return 1;
  return 0;
}

/* ---- scope and subject ---- */

int ask_in_person_scope(const fc_ask *a, int node) {
  const fc_cfg_person *p = &a->cfg.people[a->person];
  for (size_t i = 0; i < p->nscope; i++)
    if (fc_scope_contains(&a->cfg, node, p->scope_nodes[i]))
      return 1;
  return 0;
}

static int in_subject(const fc_ask *a, const subject *s, int node) {
  for (size_t i = 0; i < s->n; i++)
    if (fc_scope_contains(&a->cfg, node, s->roots[i]))
      return ask_in_person_scope(a, node);
  return 0;
}

void ask_subject_of_person(const fc_ask *a, subject *s) {
  const fc_cfg_person *p = &a->cfg.people[a->person];
  s->n = 0;
  for (size_t i = 0; i < p->nscope && s->n < MAX_ROOTS; i++) {
    if (p->scope_nodes[i] < 0) {
      s->roots[0] = -1;
      s->n = 1;
      return;
    }
    s->roots[s->n++] = p->scope_nodes[i];
  }
}

int ask_subject_is_org(const subject *s) { return s->n == 1 && s->roots[0] < 0; }

/* Node index of a row's "node" member: -1 for null (the organisation), -2 when unknown. */
int ask_row_node(const fc_ask *a, const json_t *row) {
  json_t *v = fc_jget(row, "node");
  if (!v || json_is_null(v))
    return -1;
  const char *p = json_string_value(v);
  int n = p ? fc_config_node_find(&a->cfg, p) : -1;
  return n >= 0 ? n : -2;
}

/* Rows of ask_result `name` whose node is exactly a root of s (exact = 1) or within s. */
json_t *ask_result(const fc_ask *a, const char *name) { return fc_jget(fc_jget(a->sum, "results"), name); }

int ask_row_in(const fc_ask *a, const subject *s, const json_t *row, int exact) {
  int n = ask_row_node(a, row);
  if (n == -2)
    return 0;
  if (!exact)
    return in_subject(a, s, n);
  for (size_t i = 0; i < s->n; i++)
    if (n == s->roots[i])
      return ask_in_person_scope(a, n);
  return 0;
}

static const char *node_name(const fc_ask *a, int n) {
  return n < 0 ? a->cfg.organization : a->cfg.nodes[n].name;
}

/* "FinOpsCenter_DemoApp", "HR Portal and Recruiting Assistant", the organisation's name. */
void ask_subject_label(const fc_ask *a, const subject *s, fc_sb *b) {
  for (size_t i = 0; i < s->n; i++)
    fc_sb_add(b, "%s%s", i == 0 ? "" : i + 1 == s->n ? " and " : ", ", node_name(a, s->roots[i]));
}

/* Source reference of a node figure: nodes["path"].field or totals.field. */
void ask_src_node(const fc_ask *a, const subject *s, fc_sb *src, const char *field) {
  if (ask_subject_is_org(s)) {
    fc_sb_add(src, "%stotals.%s", src->n ? "; " : "", field);
    return;
  }
  for (size_t i = 0; i < s->n; i++)
    fc_sb_add(src, "%snodes[\"%s\"].%s", src->n ? "; " : "", a->cfg.nodes[s->roots[i]].path, field);
}

void ask_src_add(fc_sb *src, const char *text) { fc_sb_add(src, "%s%s", src->n ? "; " : "", text); }

/* ---- figures ---- */

char *ask_usd(fc_money v, char *buf) { return fc_money_words(v, 2, buf, 48); }

char *ask_count(int64_t v, char *buf) {
  char raw[32];
  snprintf(raw, sizeof raw, "%lld", (long long)v);
  return fc_group_digits(raw, buf, 32);
}

/* ratio in 10^-6 as a percentage with one decimal: "18.0%" */
char *ask_pct(int64_t ppm, char *buf) {
  fc_decimal_format(ppm, 4, 1, buf);
  strcat(buf, "%");
  return buf;
}

/* num / den in 10^-6, rounded half away from zero (fc_muldiv); 0 when den is 0, the nearest end
 * of the int64 range when the ratio leaves it. */
int64_t ask_ratio_ppm(int64_t num, int64_t den) {
  if (den == 0)
    return 0;
  if (den < 0 && den != INT64_MIN && num != INT64_MIN) {
    num = -num;
    den = -den;
  }
  int64_t r;
  if (fc_muldiv(num, 1000000, den, &r))
    return (num < 0) == (den < 0) ? INT64_MAX : INT64_MIN;
  return r;
}

const char *ask_number_word(int64_t n, char *buf) {
  static const char *const w[] = {"no",  "one",   "two",   "three", "four", "five",
                                  "six", "seven", "eight", "nine",  "ten"};
  if (n >= 0 && n <= 10)
    return w[n];
  return ask_count(n, buf);
}

const char *const ask_tok_keys[4] = {"input", "output", "cache_read", "cache_write"};
const char *const ask_tok_words[4] = {"input", "output", "cache-read", "cache-write"};

static void node_figs_add(const json_t *n, figs *f) {
  fc_money m;
  int64_t v;
  fc_jmoney(n, "usage_usd", &m), f->usage += m;
  fc_jmoney(n, "unattributed_usd", &m), f->unattr += m;
  fc_jmoney(n, "cache_savings_usd", &m), f->savings += m;
  fc_jmoney(n, "cache_savings_month_usd", &m), f->savings_month += m;
  fc_jmoney(n, "unapproved_model_usd", &m), f->unapproved += m;
  json_t *mp = fc_jget(n, "map");
  fc_jmoney(mp, "qualifying_usd", &m), f->map_q += m;
  fc_jmoney(mp, "at_risk_usd", &m), f->map_r += m;
  fc_jmoney(mp, "eligible_usd", &m), f->map_e += m;
  fc_jint(mp, "eligible_workloads", &v), f->map_wl += v;
  fc_jint(mp, "at_risk_workloads", &v), f->map_risk_wl += v;
  json_t *t = fc_jget(n, "tokens");
  for (int k = 0; k < 4; k++)
    fc_jint(t, ask_tok_keys[k], &v), f->tok[k] += v;
}

/* The subject's figures: its node's own (one root), the sum of its roots, or the organisation's
 * (sum of the top-level nodes; totals where summary.json has them). */
void ask_subject_figs(const fc_ask *a, const subject *s, figs *f) {
  memset(f, 0, sizeof *f);
  f->healthy = (int64_t)(a->cfg.cache_hit_rate_healthy * 1000000.0 + 0.5);
  if (ask_subject_is_org(s)) {
    for (size_t i = 0; i < a->cfg.nnodes; i++)
      if (a->cfg.nodes[i].parent < 0 && a->node_obj[i])
        node_figs_add(a->node_obj[i], f);
    json_t *t = fc_jget(a->sum, "totals");
    fc_jmoney(t, "attributed_usd", &f->usage);
    fc_jmoney(t, "unattributed_usd", &f->unattr);
    fc_jmoney(t, "map_qualifying_usd", &f->map_q);
    fc_jmoney(t, "map_at_risk_usd", &f->map_r);
    fc_jmoney(t, "map_eligible_usd", &f->map_e);
    fc_jint(t, "map_eligible_workloads", &f->map_wl);
    fc_jint(t, "map_at_risk_workloads", &f->map_risk_wl);
    fc_jmoney(t, "unapproved_model_usd", &f->unapproved);
  } else {
    for (size_t i = 0; i < s->n; i++)
      if (a->node_obj[s->roots[i]])
        node_figs_add(a->node_obj[s->roots[i]], f);
  }
  int64_t h;
  if (s->n == 1 && s->roots[0] >= 0 && a->node_obj[s->roots[0]]) {
    const json_t *n = a->node_obj[s->roots[0]];
    f->has_chr = fc_jratio(n, "cache_hit_rate", &f->chr);
    if (fc_jratio(n, "cache_hit_rate_healthy", &h))
      f->healthy = h;
  } else if (f->tok[0] + f->tok[2] > 0) {
    f->has_chr = 1;
    f->chr = ask_ratio_ppm(f->tok[2], f->tok[0] + f->tok[2]);
  }
}

/* ---- loose name matching ---- */

/* lowercase letters and digits only */
void ask_norm(const char *s, char *out, size_t size) {
  size_t o = 0;
  for (; *s && o + 1 < size; s++)
    if (isalnum((unsigned char)*s))
      out[o++] = (char)tolower((unsigned char)*s);
  out[o] = 0;
}

/* Damerau-Levenshtein (optimal string alignment) distance, capped at 9. */
int ask_dist(const char *x, const char *y) {
  size_t n = strlen(x), m = strlen(y);
  if (n > 60 || m > 60)
    return strcmp(x, y) ? 9 : 0;
  if ((n > m ? n - m : m - n) > 8)
    return 9;
  int d[62][62];
  for (size_t i = 0; i <= n; i++)
    d[i][0] = (int)i;
  for (size_t j = 0; j <= m; j++)
    d[0][j] = (int)j;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++) {
      int c = x[i - 1] != y[j - 1];
      int v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v)
        v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + c < v)
        v = d[i - 1][j - 1] + c;
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  return d[n][m] > 9 ? 9 : d[n][m];
}

/* Typos allowed for a name of normalised length len. */
int ask_tolerance(size_t len) { return len < 5 ? 0 : len < 8 ? 1 : len < 15 ? 2 : 3; }

int ask_name_matches(const char *typed, const char *name) {
  char a[128], b[128];
  ask_norm(typed, a, sizeof a);
  ask_norm(name, b, sizeof b);
  if (!a[0] || !b[0])
    return 0;
  return ask_dist(a, b) <= ask_tolerance(strlen(b));
}

/* Names a node answers to: its name; for a workload also its id and the last part of its name. */
static size_t node_aliases(const fc_ask *a, int n, const char *out[3]) {
  const fc_cfg_node *nd = &a->cfg.nodes[n];
  size_t k = 0;
  out[k++] = nd->name;
  if (nd->workload >= 0) {
    out[k++] = a->cfg.workloads[nd->workload].id;
    const char *us = strrchr(nd->name, '_');
    if (us && strlen(us + 1) >= 5)
      out[k++] = us + 1;
  }
  return k;
}

/* The in-scope node that `typed` names; -1 when none (out of scope and non-existent alike). */
int ask_find_node(const fc_ask *a, const char *typed) {
  int best = -1, bestd = 99;
  for (size_t i = 0; i < a->cfg.nnodes; i++) {
    if (!ask_in_person_scope(a, (int)i))
      continue;
    const char *al[3];
    size_t k = node_aliases(a, (int)i, al);
    for (size_t j = 0; j < k; j++) {
      char x[128], y[128];
      ask_norm(typed, x, sizeof x);
      ask_norm(al[j], y, sizeof y);
      int d = ask_dist(x, y);
      if (x[0] && d <= ask_tolerance(strlen(y)) && d < bestd) {
        best = (int)i;
        bestd = d;
      }
    }
  }
  return best;
}
