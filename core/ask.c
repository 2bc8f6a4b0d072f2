/* ask.c: Agent Bill's answers. Every figure is read from the published summary.json of the period
 * (exact decimal strings, summed as fixed point), only from rows within the person's scope. */
#include "ask.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#define MAX_ROOTS 16

typedef struct subject {
  int roots[MAX_ROOTS]; /* nodes; -1 = the organisation */
  size_t n;
} subject;

static int in_person_scope(const fc_ask *a, int node) {
  const fc_cfg_person *p = &a->cfg.people[a->person];
  for (size_t i = 0; i < p->nscope; i++)
    if (fc_scope_contains(&a->cfg, node, p->scope_nodes[i]))
      return 1;
  return 0;
}

static int in_subject(const fc_ask *a, const subject *s, int node) {
  for (size_t i = 0; i < s->n; i++)
    if (fc_scope_contains(&a->cfg, node, s->roots[i]))
      return in_person_scope(a, node);
  return 0;
}

static void subject_of_person(const fc_ask *a, subject *s) {
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

static int subject_is_org(const subject *s) { return s->n == 1 && s->roots[0] < 0; }

/* Node index of a row's "node" member: -1 for null (the organisation), -2 when unknown. */
static int row_node(const fc_ask *a, const json_t *row) {
  json_t *v = fc_jget(row, "node");
  if (!v || json_is_null(v))
    return -1;
  const char *p = json_string_value(v);
  int n = p ? fc_config_node_find(&a->cfg, p) : -1;
  return n >= 0 ? n : -2;
}

/* Rows of result `name` whose node is exactly a root of s (exact = 1) or within s. */
static json_t *result(const fc_ask *a, const char *name) { return fc_jget(fc_jget(a->sum, "results"), name); }

static int row_in(const fc_ask *a, const subject *s, const json_t *row, int exact) {
  int n = row_node(a, row);
  if (n == -2)
    return 0;
  if (!exact)
    return in_subject(a, s, n);
  for (size_t i = 0; i < s->n; i++)
    if (n == s->roots[i])
      return in_person_scope(a, n);
  return 0;
}

static const char *node_name(const fc_ask *a, int n) {
  return n < 0 ? a->cfg.organization : a->cfg.nodes[n].name;
}

/* "FinOpsCenter_DemoApp", "HR Portal and Recruiting Assistant", the organisation's name. */
static void subject_label(const fc_ask *a, const subject *s, fc_sb *b) {
  for (size_t i = 0; i < s->n; i++)
    fc_sb_add(b, "%s%s", i == 0 ? "" : i + 1 == s->n ? " and " : ", ", node_name(a, s->roots[i]));
}

/* Source reference of a node figure: nodes["path"].field or totals.field. */
static void src_node(const fc_ask *a, const subject *s, fc_sb *src, const char *field) {
  if (subject_is_org(s)) {
    fc_sb_add(src, "%stotals.%s", src->n ? "; " : "", field);
    return;
  }
  for (size_t i = 0; i < s->n; i++)
    fc_sb_add(src, "%snodes[\"%s\"].%s", src->n ? "; " : "", a->cfg.nodes[s->roots[i]].path, field);
}

static void src_add(fc_sb *src, const char *text) { fc_sb_add(src, "%s%s", src->n ? "; " : "", text); }

/* ---- figures ---- */

static char *usd(fc_money v, char *buf) { return fc_money_words(v, 2, buf, 48); }

static char *count(int64_t v, char *buf) {
  char raw[32];
  unsigned long long uv = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  snprintf(raw, sizeof raw, "%llu", uv);
  size_t l = strlen(raw), o = 0;
  if (v < 0)
    buf[o++] = '-';
  for (size_t i = 0; i < l; i++) {
    if (i && (l - i) % 3 == 0)
      buf[o++] = ',';
    buf[o++] = raw[i];
  }
  buf[o] = 0;
  return buf;
}

/* ratio in 10^-6 as a percentage with one decimal: "18.0%" */
static char *pct(int64_t ppm, char *buf) {
  fc_decimal_format(ppm, 4, 1, buf);
  strcat(buf, "%");
  return buf;
}

static int64_t ratio_ppm(int64_t num, int64_t den) {
  if (den == 0)
    return 0;
  __int128 x = (__int128)num * 1000000;
  x = x >= 0 ? (x + den / 2) / den : (x - den / 2) / den;
  return (int64_t)x;
}

static const char *number_word(int64_t n, char *buf) {
  static const char *const w[] = {"no",  "one",   "two",   "three", "four", "five",
                                  "six", "seven", "eight", "nine",  "ten"};
  if (n >= 0 && n <= 10)
    return w[n];
  return count(n, buf);
}

typedef struct figs {
  fc_money usage, unattr, savings, savings_month, map_q, map_r, map_e, unapproved;
  int64_t tok[4];
  int64_t map_wl, map_risk_wl;
  int64_t chr;     /* cache hit rate, 10^-6 */
  int has_chr;     /* 0 when no input or cache-read tokens */
  int64_t healthy; /* 10^-6 */
} figs;

static const char *const tok_keys[4] = {"input", "output", "cache_read", "cache_write"};
static const char *const tok_words[4] = {"input", "output", "cache-read", "cache-write"};

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
    fc_jint(t, tok_keys[k], &v), f->tok[k] += v;
}

/* The subject's figures: its node's own (one root), the sum of its roots, or the organisation's
 * (sum of the top-level nodes; totals where summary.json has them). */
static void subject_figs(const fc_ask *a, const subject *s, figs *f) {
  memset(f, 0, sizeof *f);
  f->healthy = (int64_t)(a->cfg.cache_hit_rate_healthy * 1000000.0 + 0.5);
  if (subject_is_org(s)) {
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
    f->chr = ratio_ppm(f->tok[2], f->tok[0] + f->tok[2]);
  }
}

/* ---- loose name matching ---- */

/* lowercase letters and digits only */
static void norm(const char *s, char *out, size_t size) {
  size_t o = 0;
  for (; *s && o + 1 < size; s++)
    if (isalnum((unsigned char)*s))
      out[o++] = (char)tolower((unsigned char)*s);
  out[o] = 0;
}

/* Damerau-Levenshtein (optimal string alignment) distance, capped at 9. */
static int dist(const char *x, const char *y) {
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
static int tolerance(size_t len) { return len < 5 ? 0 : len < 8 ? 1 : len < 15 ? 2 : 3; }

static int name_matches(const char *typed, const char *name) {
  char a[128], b[128];
  norm(typed, a, sizeof a);
  norm(name, b, sizeof b);
  if (!a[0] || !b[0])
    return 0;
  return dist(a, b) <= tolerance(strlen(b));
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
static int find_node(const fc_ask *a, const char *typed) {
  int best = -1, bestd = 99;
  for (size_t i = 0; i < a->cfg.nnodes; i++) {
    if (!in_person_scope(a, (int)i))
      continue;
    const char *al[3];
    size_t k = node_aliases(a, (int)i, al);
    for (size_t j = 0; j < k; j++) {
      char x[128], y[128];
      norm(typed, x, sizeof x);
      norm(al[j], y, sizeof y);
      int d = dist(x, y);
      if (x[0] && d <= tolerance(strlen(y)) && d < bestd) {
        best = (int)i;
        bestd = d;
      }
    }
  }
  return best;
}

/* ---- the question's words ---- */

enum { W_STOP = -1, W_RANK = -2, W_FAMILY = -3, W_REGION = -4 };

typedef struct vword {
  const char *w;
  int kind; /* fc_ask_kind or W_* */
  int weight;
} vword;

static const vword vocab[] = {
    {"total", FC_ASK_TOTAL, 3},
    {"spend", FC_ASK_TOTAL, 1},
    {"spending", FC_ASK_TOTAL, 1},
    {"spent", FC_ASK_TOTAL, 1},
    {"cost", FC_ASK_TOTAL, 1},
    {"costs", FC_ASK_TOTAL, 1},
    {"costing", FC_ASK_TOTAL, 1},
    {"bill", FC_ASK_TOTAL, 1},
    {"pay", FC_ASK_TOTAL, 1},
    {"paying", FC_ASK_TOTAL, 1},
    {"paid", FC_ASK_TOTAL, 1},
    {"much", FC_ASK_TOTAL, 1},
    {"application", FC_ASK_BY_WORKLOAD, 3},
    {"applications", FC_ASK_BY_WORKLOAD, 3},
    {"app", FC_ASK_BY_WORKLOAD, 3},
    {"apps", FC_ASK_BY_WORKLOAD, 3},
    {"workload", FC_ASK_BY_WORKLOAD, 3},
    {"workloads", FC_ASK_BY_WORKLOAD, 3},
    {"product", FC_ASK_BY_WORKLOAD, 3},
    {"products", FC_ASK_BY_WORKLOAD, 3},
    {"project", FC_ASK_BY_WORKLOAD, 2},
    {"projects", FC_ASK_BY_WORKLOAD, 2},
    {"team", FC_ASK_BY_WORKLOAD, 2},
    {"teams", FC_ASK_BY_WORKLOAD, 2},
    {"department", FC_ASK_BY_WORKLOAD, 2},
    {"departments", FC_ASK_BY_WORKLOAD, 2},
    {"portfolio", W_STOP, 0},
    {"portfolios", FC_ASK_BY_WORKLOAD, 2},
    {"model", FC_ASK_BY_MODEL, 3},
    {"models", FC_ASK_BY_MODEL, 3},
    {"foundation", FC_ASK_BY_MODEL, 2},
    {"llm", FC_ASK_BY_MODEL, 2},
    {"llms", FC_ASK_BY_MODEL, 2},
    {"claude", W_FAMILY, 2},
    {"nova", W_FAMILY, 2},
    {"titan", W_FAMILY, 2},
    {"llama", W_FAMILY, 2},
    {"sonnet", W_FAMILY, 2},
    {"haiku", W_FAMILY, 2},
    {"opus", W_FAMILY, 2},
    {"mistral", W_FAMILY, 2},
    {"cohere", W_FAMILY, 2},
    {"deepseek", W_FAMILY, 2},
    {"anthropic", W_FAMILY, 2},
    {"meta", W_FAMILY, 2},
    {"amazon", W_STOP, 0},
    {"region", FC_ASK_BY_REGION, 3},
    {"regions", FC_ASK_BY_REGION, 3},
    {"regional", FC_ASK_BY_REGION, 3},
    {"cross", FC_ASK_BY_REGION, 2},
    {"geographic", FC_ASK_BY_REGION, 3},
    {"geography", FC_ASK_BY_REGION, 3},
    {"global", FC_ASK_BY_REGION, 2},
    {"location", FC_ASK_BY_REGION, 2},
    {"locations", FC_ASK_BY_REGION, 2},
    {"east", W_REGION, 0},
    {"west", W_REGION, 0},
    {"central", W_REGION, 0},
    {"north", W_REGION, 0},
    {"south", W_REGION, 0},
    {"same", W_STOP, 0},
    {"cache", FC_ASK_CACHE, 4},
    {"cached", FC_ASK_CACHE, 4},
    {"caching", FC_ASK_CACHE, 4},
    {"hit", FC_ASK_CACHE, 2},
    {"hits", FC_ASK_CACHE, 2},
    {"token", FC_ASK_TOKENS, 4},
    {"tokens", FC_ASK_TOKENS, 4},
    {"input", FC_ASK_TOKENS, 2},
    {"inputs", FC_ASK_TOKENS, 2},
    {"output", FC_ASK_TOKENS, 2},
    {"outputs", FC_ASK_TOKENS, 2},
    {"budget", FC_ASK_BUDGET, 4},
    {"budgets", FC_ASK_BUDGET, 4},
    {"estimate", FC_ASK_BUDGET, 3},
    {"estimates", FC_ASK_BUDGET, 3},
    {"estimated", FC_ASK_BUDGET, 3},
    {"forecast", FC_ASK_BUDGET, 4},
    {"forecasts", FC_ASK_BUDGET, 4},
    {"forecasted", FC_ASK_BUDGET, 4},
    {"projected", FC_ASK_BUDGET, 3},
    {"projection", FC_ASK_BUDGET, 3},
    {"over", FC_ASK_BUDGET, 1},
    {"under", FC_ASK_BUDGET, 1},
    {"within", FC_ASK_BUDGET, 2},
    {"overspend", FC_ASK_BUDGET, 3},
    {"overspending", FC_ASK_BUDGET, 3},
    {"overrun", FC_ASK_BUDGET, 3},
    {"exceed", FC_ASK_BUDGET, 3},
    {"exceeding", FC_ASK_BUDGET, 3},
    {"pace", FC_ASK_BUDGET, 2},
    {"track", FC_ASK_BUDGET, 1},
    {"map", FC_ASK_MAP, 5},
    {"credits", FC_ASK_MAP, 3},
    {"credit", FC_ASK_MAP, 3},
    {"migration", FC_ASK_MAP, 3},
    {"migrated", FC_ASK_MAP, 3},
    {"qualify", FC_ASK_MAP, 3},
    {"qualifying", FC_ASK_MAP, 3},
    {"qualifies", FC_ASK_MAP, 3},
    {"eligible", FC_ASK_MAP, 2},
    {"risk", FC_ASK_MAP, 2},
    {"unclaimed", FC_ASK_UNATTRIBUTED, 5},
    {"unattributed", FC_ASK_UNATTRIBUTED, 5},
    {"unallocated", FC_ASK_UNATTRIBUTED, 5},
    {"unowned", FC_ASK_UNATTRIBUTED, 5},
    {"orphan", FC_ASK_UNATTRIBUTED, 4},
    {"orphaned", FC_ASK_UNATTRIBUTED, 4},
    {"claim", FC_ASK_UNATTRIBUTED, 3},
    {"claims", FC_ASK_UNATTRIBUTED, 3},
    {"roles", FC_ASK_UNATTRIBUTED, 1},
    {"role", W_STOP, 0},
    {"unapproved", FC_ASK_UNAPPROVED, 6},
    {"approved", FC_ASK_UNAPPROVED, 4},
    {"policy", FC_ASK_UNAPPROVED, 4},
    {"noncompliant", FC_ASK_UNAPPROVED, 4},
    {"allowed", FC_ASK_UNAPPROVED, 3},
    {"sanctioned", FC_ASK_UNAPPROVED, 3},
    {"card", FC_ASK_CARD, 4},
    {"report", FC_ASK_CARD, 2},
    {"score", FC_ASK_CARD, 4},
    {"scorecard", FC_ASK_CARD, 5},
    {"grade", FC_ASK_CARD, 4},
    {"graded", FC_ASK_CARD, 4},
    {"rating", FC_ASK_CARD, 3},
    {"doing", FC_ASK_CARD, 2},
    {"task", FC_ASK_TASKS, 4},
    {"tasks", FC_ASK_TASKS, 4},
    {"todo", FC_ASK_TASKS, 4},
    {"todos", FC_ASK_TASKS, 4},
    {"actions", FC_ASK_TASKS, 2},
    {"assigned", FC_ASK_TASKS, 2},
    {"change", FC_ASK_CHANGE, 4},
    {"changed", FC_ASK_CHANGE, 4},
    {"changes", FC_ASK_CHANGE, 4},
    {"since", FC_ASK_CHANGE, 2},
    {"previous", FC_ASK_CHANGE, 2},
    {"prior", FC_ASK_CHANGE, 2},
    {"compared", FC_ASK_CHANGE, 1},
    {"growth", FC_ASK_CHANGE, 3},
    {"grew", FC_ASK_CHANGE, 3},
    {"increase", FC_ASK_CHANGE, 3},
    {"increased", FC_ASK_CHANGE, 3},
    {"drove", FC_ASK_CHANGE, 3},
    {"driver", FC_ASK_CHANGE, 3},
    {"drivers", FC_ASK_CHANGE, 3},
    {"trend", FC_ASK_CHANGE, 3},
    {"difference", FC_ASK_CHANGE, 3},
    {"approve", FC_ASK_APPROVE, 8},
    {"approval", FC_ASK_APPROVE, 8},
    {"authorise", FC_ASK_APPROVE, 8},
    {"authorize", FC_ASK_APPROVE, 8},
    {"top", W_RANK, 0},
    {"most", W_RANK, 0},
    {"biggest", W_RANK, 0},
    {"largest", W_RANK, 0},
    {"highest", W_RANK, 0},
    {"leading", W_RANK, 0},
    {"rank", W_RANK, 0},
    {"ranked", W_RANK, 0},
    {"ranking", W_RANK, 0},
};

static const char *const stopwords[] = {"what",
                                        "whats",
                                        "is",
                                        "are",
                                        "am",
                                        "im",
                                        "my",
                                        "me",
                                        "we",
                                        "our",
                                        "ours",
                                        "us",
                                        "the",
                                        "of",
                                        "for",
                                        "on",
                                        "in",
                                        "by",
                                        "to",
                                        "this",
                                        "that",
                                        "these",
                                        "those",
                                        "month",
                                        "months",
                                        "monthly",
                                        "week",
                                        "quarter",
                                        "year",
                                        "so",
                                        "far",
                                        "show",
                                        "tell",
                                        "give",
                                        "list",
                                        "how",
                                        "which",
                                        "who",
                                        "where",
                                        "why",
                                        "when",
                                        "do",
                                        "does",
                                        "did",
                                        "have",
                                        "has",
                                        "had",
                                        "be",
                                        "being",
                                        "been",
                                        "and",
                                        "or",
                                        "vs",
                                        "versus",
                                        "against",
                                        "with",
                                        "from",
                                        "at",
                                        "it",
                                        "its",
                                        "ai",
                                        "bedrock",
                                        "aws",
                                        "genai",
                                        "generative",
                                        "usage",
                                        "use",
                                        "using",
                                        "used",
                                        "uses",
                                        "per",
                                        "each",
                                        "all",
                                        "any",
                                        "please",
                                        "can",
                                        "could",
                                        "would",
                                        "you",
                                        "your",
                                        "there",
                                        "many",
                                        "than",
                                        "current",
                                        "currently",
                                        "now",
                                        "today",
                                        "date",
                                        "mtd",
                                        "across",
                                        "between",
                                        "split",
                                        "breakdown",
                                        "broken",
                                        "down",
                                        "up",
                                        "out",
                                        "about",
                                        "right",
                                        "part",
                                        "organisation",
                                        "organization",
                                        "org",
                                        "company",
                                        "whole",
                                        "entire",
                                        "overall",
                                        "everything",
                                        "let",
                                        "know",
                                        "see",
                                        "get",
                                        "view",
                                        "display",
                                        "money",
                                        "dollars",
                                        "dollar",
                                        "usd",
                                        "number",
                                        "numbers",
                                        "figure",
                                        "figures",
                                        "quick",
                                        "summary",
                                        "look",
                                        "like",
                                        "looking",
                                        "rate",
                                        "ratio",
                                        "percentage",
                                        "percent",
                                        "share",
                                        "were",
                                        "was",
                                        "will",
                                        "going",
                                        "end",
                                        "type",
                                        "types",
                                        "kind",
                                        "kinds",
                                        "more",
                                        "less",
                                        "least",
                                        "one",
                                        "ones",
                                        "good",
                                        "bad",
                                        "enough",
                                        "ok",
                                        "okay",
                                        "fine",
                                        "well",
                                        "should",
                                        "need",
                                        "needs",
                                        "because",
                                        "healthy",
                                        "currently",
                                        "level",
                                        "levels",
                                        "last",
                                        "jan",
                                        "january",
                                        "feb",
                                        "february",
                                        "mar",
                                        "march",
                                        "apr",
                                        "april",
                                        "may",
                                        "jun",
                                        "june",
                                        "jul",
                                        "july",
                                        "aug",
                                        "august",
                                        "sep",
                                        "sept",
                                        "september",
                                        "oct",
                                        "october",
                                        "nov",
                                        "november",
                                        "dec",
                                        "december",
                                        "hey",
                                        "hi",
                                        "hello",
                                        "bill",
                                        "agent",
                                        "much",
                                        "costs",
                                        "spend",
                                        "an",
                                        "a",
                                        "i",
                                        "s",
                                        "vs",
                                        "being",
                                        "getting",
                                        "get",
                                        "make",
                                        "made",
                                        "making",
                                        "running",
                                        "run",
                                        "thanks",
                                        "thank",
                                        "some",
                                        "cents",
                                        "read",
                                        "write",
                                        "writes",
                                        "reads",
                                        "open",
                                        "still",
                                        "yet",
                                        "pending",
                                        "whom",
                                        "them",
                                        "they",
                                        "their",
                                        "theirs",
                                        "where",
                                        "most",
                                        "sum",
                                        "amount",
                                        "amounts",
                                        "charges",
                                        "charged",
                                        "spends",
                                        "spendings",
                                        "expensive",
                                        "expense",
                                        "expenses",
                                        "heaviest",
                                        "heavy",
                                        "every",
                                        "service",
                                        "services",
                                        "own",
                                        "mine",
                                        "already",
                                        "expected",
                                        "expect",
                                        "budgeted",
                                        "through",
                                        "thru",
                                        "end",
                                        "also",
                                        "just",
                                        "only",
                                        "then",
                                        "compare",
                                        "comparison",
                                        "drive",
                                        "driven",
                                        "driving",
                                        "went",
                                        "go",
                                        "goes",
                                        "workload",
                                        "who",
                                        "needs",
                                        "fix",
                                        "owners",
                                        "owner",
                                        "go",
                                        "ahead",
                                        "spending",
                                        "consumption",
                                        "consume",
                                        "consumed",
                                        "calls",
                                        "call",
                                        "called",
                                        "request",
                                        "requests",
                                        "costly",
                                        "done",
                                        "versus",
                                        "relative",
                                        "break",
                                        "sorted",
                                        "sort",
                                        "order",
                                        "ordered",
                                        "spenders",
                                        "spender",
                                        "top",
                                        "lot",
                                        "lots",
                                        "little",
                                        "bit",
                                        "some",
                                        "something",
                                        "anything",
                                        "other",
                                        "others",
                                        "health",
                                        "status",
                                        "state",
                                        "update",
                                        "updates",
                                        "new",
                                        "old",
                                        "since",
                                        "start",
                                        "beginning",
                                        "money",
                                        "qualify",
                                        "lose",
                                        "losing",
                                        "lost",
                                        "save",
                                        "saving",
                                        "savings",
                                        "recover",
                                        "could",
                                        "might",
                                        "into",
                                        "onto",
                                        "inference",
                                        "profile",
                                        "profiles",
                                        "tag",
                                        "tagged",
                                        "tags",
                                        "compliance",
                                        "compliant",
                                        "list",
                                        "listing",
                                        "spent",
                                        "fm",
                                        "fms",
                                        "foundational",
                                        "tracking",
                                        "overage",
                                        "overages",
                                        "excess",
                                        "alert",
                                        "alerts",
                                        "warning",
                                        "warnings",
                                        "cap",
                                        "limit",
                                        "limits",
                                        "threshold",
                                        "working",
                                        "work",
                                        "works",
                                        "worked",
                                        "outside",
                                        "inside",
                                        "effective",
                                        "efficient",
                                        "happening",
                                        "happen",
                                        "happened",
                                        "looks",
                                        "seem",
                                        "seems",
                                        "yes",
                                        "no",
                                        "not",
                                        "don",
                                        "doesn",
                                        "isn",
                                        "aren",
                                        "too",
                                        "very",
                                        "really",
                                        "exactly",
                                        "roughly",
                                        "approximately",
                                        "hey",
                                        "prompt",
                                        "prompts"};

typedef struct qword {
  char w[64];
  size_t start, end; /* byte span in the question */
  int used;          /* part of a node or model name, or a known word */
} qword;

#define MAX_QWORDS 64

static size_t split_words(const char *q, qword *w, size_t max) {
  size_t n = 0, i = 0, len = strlen(q);
  while (i < len && n < max) {
    while (i < len && !isalnum((unsigned char)q[i]))
      i++;
    if (i >= len)
      break;
    size_t s = i, o = 0;
    while (i < len && isalnum((unsigned char)q[i])) {
      if (o + 1 < sizeof w[n].w)
        w[n].w[o++] = (char)tolower((unsigned char)q[i]);
      i++;
    }
    w[n].w[o] = 0;
    w[n].start = s;
    w[n].end = i;
    w[n].used = 0;
    n++;
  }
  return n;
}

static int all_digits(const char *s) {
  for (; *s; s++)
    if (!isdigit((unsigned char)*s))
      return 0;
  return 1;
}

/* The vocabulary entry a word stands for (exact, else within typo tolerance); NULL for none. Sets
 * *stop when it is a stopword instead. */
static const vword *lookup(const char *w, int *stop) {
  *stop = 0;
  size_t nv = sizeof vocab / sizeof vocab[0], ns = sizeof stopwords / sizeof stopwords[0];
  for (size_t i = 0; i < nv; i++)
    if (strcmp(w, vocab[i].w) == 0)
      return &vocab[i];
  for (size_t i = 0; i < ns; i++)
    if (strcmp(w, stopwords[i]) == 0) {
      *stop = 1;
      return NULL;
    }
  size_t l = strlen(w);
  int tol = l < 3 ? 0 : l < 8 ? 1 : 2;
  if (!tol)
    return NULL;
  const vword *best = NULL;
  int bestd = tol + 1;
  for (size_t i = 0; i < nv; i++) {
    int d = strlen(vocab[i].w) >= 4 ? dist(w, vocab[i].w) : 9;
    if (d < bestd) {
      best = &vocab[i];
      bestd = d;
    }
  }
  for (size_t i = 0; i < ns; i++)
    if (strlen(stopwords[i]) >= 3 && dist(w, stopwords[i]) < bestd) {
      *stop = 1;
      return NULL;
    }
  return best;
}

/* Models named in the question: the in-scope model names (from the results) matched over windows
 * of words. */
typedef struct question {
  fc_ask_kind kind;
  subject subj;
  int named_nodes; /* how many nodes the question named */
  int top;         /* 0 = all */
  char model[96];  /* a model name, or a family word ("claude"), or "" */
  char unknown[160];
} question;

static void collect_window(const qword *w, size_t i, size_t k, char *buf, size_t size) {
  buf[0] = 0;
  for (size_t j = i; j < i + k; j++)
    strncat(buf, w[j].w, size - strlen(buf) - 1);
}

static void parse_question(const fc_ask *a, const char *q, question *out) {
  memset(out, 0, sizeof *out);
  qword w[MAX_QWORDS];
  size_t n = split_words(q, w, MAX_QWORDS);
  subject named = {.n = 0};
  /* 1. node names (in scope only), longest windows first */
  for (size_t k = 6; k >= 1; k--)
    for (size_t i = 0; i + k <= n; i++) {
      int free_span = 1;
      for (size_t j = i; j < i + k; j++)
        free_span &= !w[j].used;
      if (!free_span)
        continue;
      char buf[160];
      collect_window(w, i, k, buf, sizeof buf);
      if (strlen(buf) < 3 || all_digits(buf))
        continue;
      int stop;
      if (k == 1 && (lookup(buf, &stop) || stop) && !a->cfg.nnodes)
        continue;
      int node = find_node(a, buf);
      if (node < 0)
        continue;
      /* a single common word is a node name only when typed exactly */
      if (k == 1 && (lookup(buf, &stop) || stop)) {
        char nn[128];
        norm(a->cfg.nodes[node].name, nn, sizeof nn);
        if (strcmp(nn, buf) != 0)
          continue;
      }
      for (size_t j = i; j < i + k; j++)
        w[j].used = 1;
      int dup = 0;
      for (size_t r = 0; r < named.n; r++)
        dup |= named.roots[r] == node;
      if (!dup && named.n < MAX_ROOTS)
        named.roots[named.n++] = node;
    }
  /* 2. model names */
  json_t *models = fc_jget(a->sum, "by_model");
  size_t mi;
  json_t *m;
  for (size_t k = 5; k >= 2 && !out->model[0]; k--)
    for (size_t i = 0; i + k <= n && !out->model[0]; i++) {
      char buf[160];
      collect_window(w, i, k, buf, sizeof buf);
      json_array_foreach(models, mi, m) {
        const char *name = fc_jstr(m, "model");
        if (name && name[0] != '(' && name_matches(buf, name)) {
          snprintf(out->model, sizeof out->model, "%s", name);
          for (size_t j = i; j < i + k; j++)
            w[j].used = 1;
          break;
        }
      }
    }
  /* 3. words */
  int score[FC_ASK_NKINDS] = {0};
  int rank = 0, first_u = -1, last_u = -1;
  for (size_t i = 0; i < n; i++) {
    if (all_digits(w[i].w)) {
      long v = strtol(w[i].w, NULL, 10);
      if (i > 0 && strcmp(w[i - 1].w, "top") == 0 && v > 0 && v < 1000)
        out->top = (int)v;
      continue;
    }
    if (w[i].used)
      continue;
    int stop;
    const vword *v = lookup(w[i].w, &stop);
    if (stop)
      continue;
    if (!v) {
      if (strlen(w[i].w) <= 2)
        continue;
      /* unknown: it names something (a node, a model) we do not know in this scope */
      if (first_u < 0)
        first_u = (int)i;
      last_u = (int)i;
      continue;
    }
    if (v->kind == W_RANK) {
      rank = 1;
    } else if (v->kind == W_FAMILY) {
      score[FC_ASK_BY_MODEL] += v->weight;
      if (!out->model[0]) {
        snprintf(out->model, sizeof out->model, "%s", v->w);
        out->model[0] = (char)toupper((unsigned char)out->model[0]);
      }
    } else if (v->kind >= 0) {
      score[v->kind] += v->weight;
    }
    /* "last month", "previous month": a comparison */
    if (i + 1 < n &&
        (strcmp(w[i].w, "last") == 0 || strcmp(w[i].w, "previous") == 0 || strcmp(w[i].w, "prior") == 0) &&
        strncmp(w[i + 1].w, "month", 5) == 0)
      score[FC_ASK_CHANGE] += 5;
  }
  if (first_u >= 0) {
    /* the unknown words as typed, with short unknown words just before them ("HR Portal") */
    int stop;
    while (first_u > 0 && strlen(w[first_u - 1].w) <= 2 && !w[first_u - 1].used &&
           !all_digits(w[first_u - 1].w) && !lookup(w[first_u - 1].w, &stop) && !stop)
      first_u--;
    while (last_u + 1 < (int)n && strlen(w[last_u + 1].w) <= 2 && !w[last_u + 1].used &&
           !all_digits(w[last_u + 1].w) && !lookup(w[last_u + 1].w, &stop) && !stop)
      last_u++;
    size_t len = w[last_u].end - w[first_u].start;
    if (len >= sizeof out->unknown)
      len = sizeof out->unknown - 1;
    memcpy(out->unknown, q + w[first_u].start, len);
    out->unknown[len] = 0;
  }
  /* "last" is a stopword: look for the pair again on raw words */
  for (size_t i = 0; i + 1 < n; i++)
    if (strcmp(w[i].w, "last") == 0 && strncmp(w[i + 1].w, "month", 5) == 0 && !score[FC_ASK_CHANGE])
      score[FC_ASK_CHANGE] += 5;
  /* approved + model(s): the policy question, not spend by model */
  if (score[FC_ASK_UNAPPROVED] && score[FC_ASK_BY_MODEL])
    score[FC_ASK_UNAPPROVED] += 4;
  /* "how am I doing" is the report card, but "how is X doing on budget" is not */
  /* which kind: the highest score; ties go to the more specific (earlier below) */
  static const fc_ask_kind order[] = {
      FC_ASK_APPROVE,  FC_ASK_UNAPPROVED, FC_ASK_UNATTRIBUTED, FC_ASK_MAP,  FC_ASK_CHANGE,
      FC_ASK_CACHE,    FC_ASK_TOKENS,     FC_ASK_BUDGET,       FC_ASK_CARD, FC_ASK_TASKS,
      FC_ASK_BY_MODEL, FC_ASK_BY_REGION,  FC_ASK_BY_WORKLOAD,  FC_ASK_TOTAL};
  int best = 0;
  fc_ask_kind kind = FC_ASK_HELP;
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
    if (score[order[i]] > best) {
      best = score[order[i]];
      kind = order[i];
    }
  if (kind == FC_ASK_HELP && (rank || named.n || out->model[0]))
    kind = out->model[0] ? FC_ASK_BY_MODEL : rank ? FC_ASK_BY_WORKLOAD : FC_ASK_TOTAL;
  if (kind == FC_ASK_TOTAL && rank)
    kind = FC_ASK_BY_WORKLOAD;
  if (out->top && kind == FC_ASK_TOTAL)
    kind = FC_ASK_BY_WORKLOAD;
  if (kind != FC_ASK_HELP && out->unknown[0])
    kind = FC_ASK_NOT_FOUND;
  out->kind = kind;
  out->named_nodes = (int)named.n;
  if (named.n) {
    /* drop a named node inside another named one */
    out->subj.n = 0;
    for (size_t i = 0; i < named.n; i++) {
      int inner = 0;
      for (size_t j = 0; j < named.n; j++)
        if (i != j && named.roots[i] != named.roots[j] &&
            fc_scope_contains(&a->cfg, named.roots[i], named.roots[j]))
          inner = 1;
      if (!inner)
        out->subj.roots[out->subj.n++] = named.roots[i];
    }
  } else {
    subject_of_person(a, &out->subj);
  }
}

/* ---- answers ---- */

typedef struct ans {
  const fc_ask *a;
  const subject *s;
  fc_sb *out;
  fc_sb src;
  char label[256];
} ans;

static void finish(ans *x) {
  fc_sb_add(x->out, "\nSource: %s/summary.json (period %s, as of %s)%s%s\n", x->a->period, x->a->period,
            x->a->as_of, x->src.n ? ": " : "", fc_sb_str(&x->src));
  fc_sb_free(&x->src);
}

typedef struct item {
  const char *name;
  const char *extra;
  fc_money usd;
  int node;
} item;

static int cmp_item(const void *p, const void *q) {
  const item *a = p, *b = q;
  if (a->usd != b->usd)
    return a->usd > b->usd ? -1 : 1;
  return strcmp(a->name, b->name);
}

/* largest change first, whatever its sign */
static int cmp_abs(const void *p, const void *q) {
  const item *a = p, *b = q;
  fc_money x = a->usd < 0 ? -a->usd : a->usd, y = b->usd < 0 ? -b->usd : b->usd;
  if (x != y)
    return x > y ? -1 : 1;
  return strcmp(a->name, b->name);
}

static void add_items(fc_sb *b, item *it, size_t n, size_t top, fc_money total, int shares) {
  char u[48], p[32];
  for (size_t i = 0; i < n && i < top; i++) {
    fc_sb_add(b, "%s%s %s",
              i == 0                       ? ""
              : i + 1 == n || i + 1 == top ? " and "
                                           : ", ",
              it[i].name, usd(it[i].usd, u));
    if (shares && total > 0)
      fc_sb_add(b, " (%s)", pct(ratio_ppm(it[i].usd, total), p));
  }
  if (n > top)
    fc_sb_add(b, ", and %zu more", n - top);
}

static void ans_total(ans *x) {
  figs f;
  subject_figs(x->a, x->s, &f);
  char u1[48], u2[48], u3[48];
  fc_sb_add(x->out, "As of %s, %s's Bedrock usage in %s is %s, claimed by %s workloads", x->a->as_of,
            x->label, x->a->period, usd(f.usage, u1), x->s->n > 1 ? "their" : "its");
  src_node(x->a, x->s, &x->src, subject_is_org(x->s) ? "attributed_usd" : "usage_usd");
  if (f.unattr) {
    fc_sb_add(x->out, "; another %s in its accounts is unattributed until someone claims it",
              usd(f.unattr, u2));
    src_node(x->a, x->s, &x->src, "unattributed_usd");
  }
  fc_sb_add(x->out, ".");
  if (subject_is_org(x->s)) {
    fc_money bill, adj;
    json_t *t = fc_jget(x->a->sum, "totals");
    fc_jmoney(t, "bedrock_usd", &bill);
    fc_jmoney(t, "adjustments_usd", &adj);
    fc_sb_add(x->out, " The whole Bedrock bill is %s after %s of credits and other adjustments.",
              usd(bill, u3), usd(adj, u2));
    src_add(&x->src, "totals.bedrock_usd; totals.adjustments_usd");
  }
}

static size_t workload_items(ans *x, item **out) {
  json_t *rows = result(x->a, "attribution.workloads");
  item *it = calloc(json_array_size(rows) + 1, sizeof *it);
  size_t n = 0, i;
  json_t *r;
  if (!it)
    return 0;
  json_array_foreach(rows, i, r) {
    if (!row_in(x->a, x->s, r, 0))
      continue;
    it[n].name = fc_jstr(r, "name");
    it[n].node = row_node(x->a, r);
    fc_jmoney(r, "usage_usd", &it[n].usd);
    if (it[n].name)
      n++;
  }
  qsort(it, n, sizeof *it, cmp_item);
  *out = it;
  return n;
}

/* The unclaimed principals in scope: one sentence. */
static void unclaimed_sentence(ans *x, int with_command) {
  json_t *rows = result(x->a, "attribution.unattributed");
  size_t i, nk[3] = {0, 0, 0}, n = 0; /* roles, users, profiles */
  json_t *r;
  fc_money tot = 0;
  fc_sb names = {0};
  const char *cmd = NULL;
  json_array_foreach(rows, i, r) {
    if (!row_in(x->a, x->s, r, 0))
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
    fc_sb_add(&names, "%s%s %s", n ? ", " : "", slash ? slash + 1 : arn, usd(m, u));
    if (!cmd)
      cmd = fc_jstr(r, "action");
    n++;
  }
  if (n) {
    char u[48], c1[24];
    static const char *const kw[3] = {"IAM role", "IAM user", "application inference profile"};
    size_t kinds = (nk[0] > 0) + (nk[1] > 0) + (nk[2] > 0), said = 0;
    for (int k = 0; k < 3; k++) {
      if (!nk[k])
        continue;
      fc_sb_add(x->out, "%s%s %s%s",
                said == 0           ? " "
                : said + 1 == kinds ? " and "
                                    : ", ",
                number_word((int64_t)nk[k], c1), kw[k], nk[k] == 1 ? "" : "s");
      said++;
    }
    fc_sb_add(x->out,
              " in your accounts %s unclaimed, %s together (%s), and their product owners need to claim "
              "them",
              n == 1 ? "is" : "are", usd(tot, u), fc_sb_str(&names));
    if (with_command && cmd) {
      const char *c = strstr(cmd, "finops claim");
      fc_sb_add(x->out, ", e.g. `%s`", c ? c : cmd);
    }
    fc_sb_add(x->out, ".");
    src_add(&x->src, "results[\"attribution.unattributed\"].usage_usd");
  }
  fc_sb_free(&names);
}

static void ans_by_workload(ans *x, int top) {
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
              x->label, x->a->period, usd(it[0].usd, u));
    if (n > 1 && t > 1) {
      fc_sb_add(x->out, ", then ");
      add_items(x->out, it + 1, n - 1, t - 1, tot, 0);
    }
    char c[24];
    /* how the claims attribute it: application inference profiles or IAM roles and users */
    fc_money prof = 0, role = 0;
    json_t *rows = result(x->a, "attribution.workloads"), *r;
    size_t i;
    json_array_foreach(rows, i, r) {
      fc_money m;
      if (!row_in(x->a, x->s, r, 0))
        continue;
      fc_jmoney(r, "via_profile_usd", &m), prof += m;
      fc_jmoney(r, "via_role_usd", &m), role += m;
    }
    char u2[48], u3[48];
    fc_sb_add(x->out,
              " (%s workload%s, %s in all: %s through application inference profiles, %s through IAM roles "
              "and users).",
              count((int64_t)n, c), n == 1 ? "" : "s", usd(tot, u), usd(prof, u2), usd(role, u3));
    src_add(&x->src, "results[\"attribution.workloads\"].usage_usd, .via_profile_usd, .via_role_usd");
  }
  free(it);
  unclaimed_sentence(x, 0);
}

/* Per-key sums of rows of a result at the subject's roots (node null rows for the organisation). */
typedef struct bucket {
  const char *key;
  fc_money usd;
} bucket;

static size_t buckets_at_roots(ans *x, const char *res, const char *keycol, bucket *b, size_t max) {
  json_t *rows = subject_is_org(x->s) && strcmp(res, "tokens.node_models") == 0
                     ? fc_jget(x->a->sum, "by_model")
                     : result(x->a, res);
  size_t n = 0, i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    if (!row_in(x->a, x->s, r, 1))
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
  norm(model, a, sizeof a);
  norm(filter, f, sizeof f);
  return strstr(a, f) != NULL;
}

static void ans_by_model(ans *x, const char *model, int top) {
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
  qsort(it, k, sizeof *it, cmp_item);
  char u[48], u2[48], p[32];
  if (!k) {
    fc_sb_add(x->out, "As of %s, %s has no Bedrock usage on %s in %s.", x->a->as_of, x->label,
              model && *model ? model : "any model", x->a->period);
  } else {
    if (model && *model)
      fc_sb_add(x->out, "As of %s, %s spent %s on %s in %s (%s of its %s): ", x->a->as_of, x->label,
                usd(sel, u), model, x->a->period, pct(ratio_ppm(sel, tot), p), usd(tot, u2));
    else
      fc_sb_add(x->out, "As of %s, %s's Bedrock spend in %s by model: ", x->a->as_of, x->label, x->a->period);
    add_items(x->out, it, k, top > 0 ? (size_t)top : 12, tot, 1);
    fc_sb_add(x->out, ".");
  }
  src_add(&x->src,
          subject_is_org(x->s) ? "by_model[].usage_usd" : "results[\"tokens.node_models\"].usage_usd");
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

static void ans_by_region(ans *x, int top) {
  bucket b[16];
  size_t n = buckets_at_roots(x, "tokens.by_region_type", "region_type", b, 16);
  item it[16];
  fc_money tot = 0;
  for (size_t i = 0; i < n; i++) {
    it[i] = (item){region_words(b[i].key), NULL, b[i].usd, -1};
    tot += b[i].usd;
  }
  qsort(it, n, sizeof *it, cmp_item);
  fc_sb_add(x->out, "As of %s, %s's Bedrock spend in %s by region type: ", x->a->as_of, x->label,
            x->a->period);
  if (!n)
    fc_sb_add(x->out, "none");
  add_items(x->out, it, n, top > 0 ? (size_t)top : 8, tot, 1);
  fc_sb_add(x->out, ".");
  src_add(&x->src, "results[\"tokens.by_region_type\"].usage_usd");
}

static void ans_cache(ans *x) {
  figs f;
  subject_figs(x->a, x->s, &f);
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
      x->a->as_of, x->label, pct(f.chr, p1), count(f.tok[2], c1), count(f.tok[0] + f.tok[2], c2),
      f.chr < f.healthy ? "below" : "at or above", pct(f.healthy, p2));
  src_node(x->a, x->s, &x->src, x->s->n == 1 && x->s->roots[0] >= 0 ? "cache_hit_rate" : "tokens");
  if (f.chr < f.healthy && f.savings) {
    fc_sb_add(
        x->out,
        " Better prompt caching, at the healthy rate, would have saved about %s so far this month and %s "
        "over the whole month.",
        usd(f.savings, u1), usd(f.savings_month, u2));
    src_node(x->a, x->s, &x->src, "cache_savings_usd");
    src_node(x->a, x->s, &x->src, "cache_savings_month_usd");
  }
}

/* The tokens.workloads rows in the subject. */
static void ans_tokens(ans *x) {
  figs f;
  subject_figs(x->a, x->s, &f);
  char c[4][32], u[48];
  fc_sb_add(x->out, "As of %s, %s used %s input, %s output, %s cache-read and %s cache-write tokens in %s",
            x->a->as_of, x->label, count(f.tok[0], c[0]), count(f.tok[1], c[1]), count(f.tok[2], c[2]),
            count(f.tok[3], c[3]), x->a->period);
  if (subject_is_org(x->s))
    src_add(&x->src, "nodes[top level].tokens");
  else
    src_node(x->a, x->s, &x->src, "tokens");
  /* cost per token type: per node (tokens.node_token_costs), or the organisation's usage types */
  int org = subject_is_org(x->s);
  json_t *rows = result(x->a, org ? "tokens.usage_types" : "tokens.node_token_costs");
  fc_money kc[5] = {0};
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    if (!org && !row_in(x->a, x->s, r, 1))
      continue;
    const char *k = fc_jstr(r, "token_kind");
    fc_money m;
    fc_jmoney(r, "usage_usd", &m);
    int t = 0;
    while (k && t < 4 && strncmp(k, tok_keys[t], strlen(tok_keys[t])) != 0)
      t++;
    kc[t] += m;
  }
  if (rows) {
    char m0[48], m1[48], m2[48], m3[48], m4[48];
    fc_money all = kc[0] + kc[1] + kc[2] + kc[3] + kc[4];
    fc_sb_add(x->out, ", costing %s, %s, %s and %s respectively (%s in all", usd(kc[0], m0), usd(kc[1], m1),
              usd(kc[2], m2), usd(kc[3], m3), usd(all, m4));
    if (kc[4])
      fc_sb_add(x->out, ", with %s of usage that is not per token", usd(kc[4], m0));
    fc_sb_add(x->out, ")");
    src_add(&x->src, org ? "results[\"tokens.usage_types\"].usage_usd, .token_kind"
                         : "results[\"tokens.node_token_costs\"].usage_usd, .token_kind");
  } else {
    fc_sb_add(x->out, " (claimed usage %s)", usd(f.usage, u));
    src_node(x->a, x->s, &x->src, "usage_usd");
  }
  fc_sb_add(x->out, ".");
  /* against the token estimate: one workload in full, several by the types over their estimate */
  json_t *wrows = result(x->a, "tokens.workloads");
  size_t nest = 0, nover = 0;
  json_t *one = NULL;
  json_array_foreach(wrows, i, r) {
    int64_t has;
    if (row_in(x->a, x->s, r, 0) && fc_jint(r, "has_estimate_tokens", &has) && has)
      one = r, nest++;
  }
  if (nest == 1) {
    json_t *v = fc_jget(one, "variance"), *pt = fc_jget(one, "prorated_tokens");
    fc_sb_add(x->out, " Against %s's prorated token estimate that is",
              x->a->cfg.nodes[row_node(x->a, one)].name);
    for (int t = 0; t < 4; t++) {
      int64_t ppm, pro;
      fc_jratio(v, tok_keys[t], &ppm);
      fc_jint(pt, tok_keys[t], &pro);
      char m[32], pc[32];
      fc_decimal_format(ppm, 6, 2, m);
      fc_sb_add(x->out, "%s %s× %s (estimate %s)",
                t == 0   ? ""
                : t == 3 ? " and"
                         : ",",
                m, tok_words[t], count(pro, pc));
    }
    fc_sb_add(x->out, ".");
    src_add(&x->src, "results[\"tokens.workloads\"].variance, .prorated_tokens");
  } else if (nest > 1) {
    json_array_foreach(wrows, i, r) {
      int64_t has;
      if (!row_in(x->a, x->s, r, 0) || !fc_jint(r, "has_estimate_tokens", &has) || !has)
        continue;
      json_t *v = fc_jget(r, "variance");
      for (int t = 0; t < 4; t++) {
        int64_t ppm;
        if (!fc_jratio(v, tok_keys[t], &ppm) || ppm < 1200000)
          continue;
        char m[32];
        fc_decimal_format(ppm, 6, 2, m);
        fc_sb_add(x->out, "%s %s %s tokens %s×", nover ? "," : " Over their prorated token estimates:",
                  x->a->cfg.nodes[row_node(x->a, r)].name, tok_words[t], m);
        nover++;
      }
    }
    if (nover) {
      fc_sb_add(x->out, ".");
      src_add(&x->src, "results[\"tokens.workloads\"].variance");
    } else {
      fc_sb_add(x->out,
                " The %zu workloads with a token estimate are within 1.2× of it for every token type.", nest);
      src_add(&x->src, "results[\"tokens.workloads\"].variance");
    }
  }
}

static const fc_approval *approval_for(const fc_ask *a, int node) {
  if (node < 0 || a->cfg.nodes[node].workload < 0)
    return NULL;
  return fc_approvals_find(&a->approvals, a->cfg.nodes[node].workload, a->as_of_day);
}

static void approval_words(const fc_ask *a, const fc_approval *ap, fc_sb *b) {
  char u[48], d[16];
  int p = fc_person_find(&a->cfg, ap->approved_by);
  fc_sb_add(b, "approved up to %s until %s by %s (%s)", usd(ap->usd, u), fc_date_format(ap->until, d),
            p >= 0 && a->cfg.people[p].name ? a->cfg.people[p].name : ap->approved_by, ap->reason);
}

static void ans_budget(ans *x) {
  json_t *rows = result(x->a, "tokens.workloads");
  size_t i, nest = 0, nover = 0;
  json_t *r;
  fc_money usage = 0, pro = 0, est = 0, fcst = 0, over_tot = 0;
  int64_t days = 0, ndays = 0;
  json_t *one = NULL;
  fc_sb overs = {0};
  json_array_foreach(rows, i, r) {
    int64_t has;
    if (!row_in(x->a, x->s, r, 0) || !fc_jint(r, "has_estimate", &has) || !has)
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
      int node = row_node(x->a, r);
      const fc_approval *ap = approval_for(x->a, node);
      char u[48];
      fc_sb_add(&overs, "%s%s %s over", nover ? ", " : "", x->a->cfg.nodes[node].name, usd(over, u));
      if (ap && ap->usd >= over) {
        fc_sb_add(&overs, " (");
        approval_words(x->a, ap, &overs);
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
    subject_figs(x->a, x->s, &f);
    fc_sb_add(x->out,
              "As of %s, no estimate is set for %s, so there is no budget to compare with; its Bedrock usage "
              "in %s is %s.",
              x->a->as_of, x->label, x->a->period, usd(f.usage, u1));
    src_node(x->a, x->s, &x->src, "usage_usd");
    fc_sb_free(&overs);
    return;
  }
  const char *who = nest == 1 ? x->a->cfg.nodes[row_node(x->a, one)].name : x->label;
  fc_sb_add(
      x->out,
      "As of %s, %s%s %s spent %s against a prorated estimate of %s (%lld of %lld days) and %s forecast "
      "to end the month at %s against %s %s estimate",
      x->a->as_of, nest == 1 ? "" : "the workloads with an estimate in ", who, nest == 1 ? "has" : "have",
      usd(usage, u1), usd(pro, u2), (long long)days, (long long)ndays, nest == 1 ? "is" : "are",
      usd(fcst, u3), nest == 1 ? "its" : "their", usd(est, u4));
  if (fcst > est)
    fc_sb_add(x->out, ", %s over", usd(fcst - est, u5));
  else
    fc_sb_add(x->out, ", within it");
  src_add(&x->src,
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
      fc_jratio(v, tok_keys[t], &ppm);
      if (ppm < 1200000)
        continue;
      fc_jint(pt, tok_keys[t], &p);
      fc_jint(tk, tok_keys[t], &act);
      char m[32], c1[32], c2[32];
      fc_decimal_format(ppm, 6, 2, m);
      fc_sb_add(x->out, "%s%s%s tokens are %s× the prorated estimate (%s vs %s)", said ? "; " : " ",
                said ? "" : "", tok_words[t], m, count(act, c1), count(p, c2));
      said++;
    }
    if (said) {
      src_add(&x->src, "results[\"tokens.workloads\"].variance, .prorated_tokens");
    }
    int64_t chr, healthy = (int64_t)(x->a->cfg.cache_hit_rate_healthy * 1000000.0 + 0.5);
    fc_money save_m = 0;
    if (fc_jratio(one, "cache_hit_rate", &chr) && chr < healthy) {
      fc_jmoney(one, "cache_savings_month_usd", &save_m);
      char p1[32], p2[32], u[48];
      fc_sb_add(x->out, "%s the cache hit rate is %s, below the healthy %s", said ? ", and" : " The",
                pct(chr, p1), pct(healthy, p2));
      if (save_m > 0) {
        fc_sb_add(x->out, ": better prompt caching would recover about %s over the month", usd(save_m, u));
        if (fcst > est) {
          char p3[32];
          fc_sb_add(x->out, ", %s of the overage", pct(ratio_ppm(save_m, fcst - est), p3));
        }
      }
      src_add(&x->src, "results[\"tokens.workloads\"].cache_hit_rate, .cache_savings_month_usd");
      said++;
    }
    if (said)
      fc_sb_add(x->out, ".");
    if (fcst > est) {
      const fc_approval *ap = approval_for(x->a, row_node(x->a, one));
      if (ap) {
        fc_sb_add(x->out, " The overage is ");
        approval_words(x->a, ap, x->out);
        fc_sb_add(x->out, "%s",
                  ap->usd >= fcst - est ? ", so it is no alert." : ", less than the forecast overage.");
        src_add(&x->src, "approvals.yaml");
      }
    }
  }
}

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
  subject_figs(x->a, x->s, &f);
  char u1[48], u2[48], c[24];
  json_t *rows = result(x->a, "map.workloads");
  size_t i, n = 0, ntag = 0;
  json_t *r;
  item it[64];
  json_array_foreach(rows, i, r) {
    fc_money m;
    if (!row_in(x->a, x->s, r, 0) || !fc_jmoney(r, "at_risk_usd", &m) || m <= 0 || n == 64)
      continue;
    const char *act = fc_jstr(r, "action");
    if (act && strstr(act, "tag"))
      ntag++;
    it[n++] = (item){fc_jstr(r, "name"), act, m, row_node(x->a, r)};
  }
  qsort(it, n, sizeof *it, cmp_item);
  fc_sb_add(x->out,
            "As of %s, %s of %s's MAP-eligible Bedrock spend qualifies for MAP credits and %s is at risk",
            x->a->as_of, usd(f.map_q, u1), x->label, usd(f.map_r, u2));
  src_node(x->a, x->s, &x->src, subject_is_org(x->s) ? "map_qualifying_usd" : "map.qualifying_usd");
  src_node(x->a, x->s, &x->src, subject_is_org(x->s) ? "map_at_risk_usd" : "map.at_risk_usd");
  if (!n) {
    fc_sb_add(x->out, ".");
    return;
  }
  fc_sb_add(x->out, " across %s workload%s (", number_word((int64_t)n, c), n == 1 ? "" : "s");
  add_items(x->out, it, n, 10, 0, 0);
  fc_sb_add(x->out, ")");
  if (ntag == n)
    fc_sb_add(x->out, " whose inference profiles need a corrected map-migrated tag.");
  else if (ntag)
    fc_sb_add(x->out,
              " that need application inference profiles tagged map-migrated (%zu of them a corrected tag).",
              ntag);
  else
    fc_sb_add(x->out, " that call Bedrock without an application inference profile tagged map-migrated.");
  src_add(&x->src, "results[\"map.workloads\"].at_risk_usd, .action");
  /* the compliance tasks */
  json_t *tq = result(x->a, "tasks.queue");
  fc_sb who = {0};
  size_t nt = 0;
  json_array_foreach(tq, i, r) {
    const char *kind = fc_jstr(r, "kind");
    if (!row_in(x->a, x->s, r, 0) || !kind || strncmp(kind, "map_", 4) != 0)
      continue;
    int node = row_node(x->a, r);
    char names[512];
    fc_sb_add(&who, "%s%s for %s", nt ? ", " : "",
              people_names(x->a, fc_jstr(r, "assignee_email"), names, sizeof names),
              node >= 0 ? x->a->cfg.nodes[node].name : "");
    nt++;
  }
  if (nt) {
    fc_sb_add(x->out, " %s compliance task%s %s queued for the cloud engineers (%s).",
              number_word((int64_t)nt, c), nt == 1 ? "" : "s", nt == 1 ? "is" : "are", fc_sb_str(&who));
    src_add(&x->src, "tasks.csv (kind map_*)");
  }
  fc_sb_free(&who);
}

static void ans_unattributed(ans *x) {
  json_t *rows = result(x->a, "attribution.unattributed");
  size_t i, n = 0;
  json_t *r;
  fc_money tot = 0;
  json_array_foreach(rows, i, r) {
    fc_money m;
    if (!row_in(x->a, x->s, r, 0))
      continue;
    fc_jmoney(r, "usage_usd", &m);
    tot += m;
    n++;
  }
  char u[48];
  if (!n) {
    fc_sb_add(x->out, "As of %s, all of %s's Bedrock usage in %s is claimed: nothing is unattributed.",
              x->a->as_of, x->label, x->a->period);
    src_node(x->a, x->s, &x->src, subject_is_org(x->s) ? "unattributed_usd" : "unattributed_usd");
    return;
  }
  fc_sb_add(x->out, "As of %s, %s of Bedrock usage in %s's accounts is unattributed in %s.", x->a->as_of,
            usd(tot, u), x->label, x->a->period);
  unclaimed_sentence(x, 1);
  /* the other reasons */
  fc_money other = 0;
  json_array_foreach(rows, i, r) {
    const char *reason = fc_jstr(r, "reason"), *arn = fc_jstr(r, "claim_arn");
    fc_money m;
    if (!row_in(x->a, x->s, r, 0) || (reason && strcmp(reason, "unclaimed") == 0 && arn && *arn))
      continue;
    fc_jmoney(r, "usage_usd", &m);
    other += m;
  }
  if (other)
    fc_sb_add(x->out,
              " The other %s is spend before a claim starts or without a principal (see unattributed.csv).",
              usd(other, u));
  src_add(&x->src, "results[\"attribution.unattributed\"].usage_usd, .reason, .action");
}

static void ans_unapproved(ans *x) {
  json_t *rows = result(x->a, "policy.violations");
  size_t i, n = 0;
  json_t *r;
  fc_money tot = 0;
  fc_sb list = {0};
  json_array_foreach(rows, i, r) {
    if (!row_in(x->a, x->s, r, 0))
      continue;
    fc_money m;
    fc_jmoney(r, "usd", &m);
    tot += m;
    char u[48];
    int node = row_node(x->a, r);
    fc_sb_add(&list, "%s%s spent %s on %s (approved there: %s)", n ? "; " : "",
              node >= 0 ? x->a->cfg.nodes[node].name : "", usd(m, u),
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
              x->a->as_of, usd(tot, u), x->label, x->a->period, fc_sb_str(&list));
  src_add(&x->src, "results[\"policy.violations\"].usd, .model");
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
      int top = subject_is_org(x->s) ? x->a->cfg.nodes[i].parent < 0 : 0;
      for (size_t j = 0; !subject_is_org(x->s) && j < x->s->n; j++)
        top |= x->s->roots[j] == (int)i;
      if (!top || !x->a->node_obj[i])
        continue;
      int64_t sc;
      fc_jint(x->a->node_obj[i], "score", &sc);
      const char *g = fc_jstr(x->a->node_obj[i], "grade");
      fc_sb_add(x->out, "%s%s %lld (%s)", first ? "" : ", ", x->a->cfg.nodes[i].name, (long long)sc,
                g ? g : "?");
      src_add(&x->src, "nodes[].score, .grade");
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
  src_node(x->a, x->s, &x->src, "score");
  /* why: the components that lost the most points */
  json_t *rows = result(x->a, "scorecard.components");
  size_t i;
  json_t *r;
  const json_t *worst[2] = {NULL, NULL};
  int64_t wl[2] = {0, 0};
  json_array_foreach(rows, i, r) {
    if (row_node(x->a, r) != node)
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
    src_add(&x->src, "results[\"scorecard.components\"].points_lost, .explanation");
  } else if (x->a->cfg.nodes[node].workload >= 0) {
    fc_sb_add(x->out, " No component lost points.");
  } else {
    /* a node above the workloads: how its score is made up */
    const char *e = fc_jstr(n, "score_explanation");
    const char *dot = e ? strstr(e, "). ") : NULL;
    if (dot && dot[3]) {
      fc_sb_add(x->out, " %s", dot + 3);
      src_node(x->a, x->s, &x->src, "score_explanation");
    }
  }
  int64_t th = 0, tm = 0;
  fc_jint(n, "score_tasks_high", &th);
  fc_jint(n, "score_tasks_medium", &tm);
  (void)th, (void)tm;
}

static void ans_tasks(ans *x) {
  json_t *rows = result(x->a, "tasks.queue");
  const char *me = x->a->cfg.people[x->a->person].email;
  size_t i, all = 0, mine = 0, high = 0, approved = 0;
  json_t *r;
  fc_money stake = 0;
  item it[128];
  size_t n = 0;
  json_array_foreach(rows, i, r) {
    const char *sev = fc_jstr(r, "severity"), *em = fc_jstr(r, "assignee_email");
    /* a task assigned to me is mine wherever its finding lies */
    if (!row_in(x->a, x->s, r, 0) && !(em && email_listed(em, me)))
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
      int node = row_node(x->a, r);
      it[n++] = (item){node >= 0 ? x->a->cfg.nodes[node].name : "", fc_jstr(r, "kind"), m, node};
    }
  }
  qsort(it, n, sizeof *it, cmp_item);
  char u[48], c1[24], c2[24];
  fc_sb_add(x->out, "As of %s, you have %s open task%s assigned to you (%s high severity), %s at stake",
            x->a->as_of, count((int64_t)mine, c1), mine == 1 ? "" : "s", count((int64_t)high, c2),
            usd(stake, u));
  if (n) {
    fc_sb_add(x->out, "; the largest: ");
    for (size_t k = 0; k < n && k < 3; k++) {
      char t[128];
      snprintf(t, sizeof t, "%s", it[k].extra ? it[k].extra : "");
      for (char *p = t; *p; p++)
        if (*p == '_')
          *p = ' ';
      fc_sb_add(x->out, "%s%s for %s (%s)", k ? ", " : "", t, it[k].name, usd(it[k].usd, u));
    }
  }
  fc_sb_add(x->out, ". There are %s open tasks in %s in all", count((int64_t)all, c1), x->label);
  if (approved)
    fc_sb_add(x->out, ", plus %s approved overage%s", count((int64_t)approved, c2), approved == 1 ? "" : "s");
  fc_sb_add(x->out, " (see tasks.csv in your pack).");
  src_add(&x->src, "results[\"tasks.queue\"] (tasks.csv)");
}

static void ans_change(ans *x) {
  figs f;
  subject_figs(x->a, x->s, &f);
  char u1[48], u2[48], u3[48];
  if (!x->a->prev) {
    fc_sb_add(x->out,
              "There are no published results for %s, so I cannot say what changed; as of %s, %s's Bedrock "
              "usage in "
              "%s is %s.",
              x->a->prev_period, x->a->as_of, x->label, x->a->period, usd(f.usage, u1));
    src_node(x->a, x->s, &x->src, subject_is_org(x->s) ? "attributed_usd" : "usage_usd");
    return;
  }
  /* the previous period's figures for the same nodes and workloads (by path) */
  fc_money prev = 0;
  json_t *pn = fc_jget(x->a->prev, "nodes");
  size_t i;
  json_t *r;
  if (subject_is_org(x->s)) {
    fc_jmoney(fc_jget(x->a->prev, "totals"), "attributed_usd", &prev);
  } else {
    json_array_foreach(pn, i, r) {
      const char *p = fc_jstr(r, "path");
      int node = p ? fc_config_node_find(&x->a->cfg, p) : -1;
      for (size_t k = 0; node >= 0 && k < x->s->n; k++)
        if (node == x->s->roots[k] && in_person_scope(x->a, node)) {
          fc_money m;
          fc_jmoney(r, "usage_usd", &m);
          prev += m;
        }
    }
  }
  fc_sb_add(x->out,
            "As of %s, %s's Bedrock usage in %s is %s (month to date), against %s in all of %s: %s%s.",
            x->a->as_of, x->label, x->a->period, usd(f.usage, u1), usd(prev, u2), x->a->prev_period,
            f.usage >= prev ? "+" : "", usd(f.usage - prev, u3));
  src_node(x->a, x->s, &x->src, subject_is_org(x->s) ? "attributed_usd" : "usage_usd");
  src_add(&x->src, "the same figures in the previous period's summary.json");
  /* drivers: workload deltas */
  item it[128];
  size_t n = 0;
  json_t *cur = result(x->a, "attribution.workloads");
  json_t *old = fc_jget(fc_jget(x->a->prev, "results"), "attribution.workloads");
  json_array_foreach(cur, i, r) {
    if (!row_in(x->a, x->s, r, 0) || n == 128)
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
    it[n++] = (item){fc_jstr(r, "name"), NULL, m - pm, row_node(x->a, r)};
  }
  qsort(it, n, sizeof *it, cmp_abs);
  if (n) {
    fc_sb_add(x->out, " The largest changes by workload: ");
    for (size_t k = 0; k < n && k < 3; k++)
      fc_sb_add(x->out, "%s%s %s%s", k ? ", " : "", it[k].name, it[k].usd >= 0 ? "+" : "",
                usd(it[k].usd, u1));
    fc_sb_add(x->out, ".");
    src_add(&x->src, "results[\"attribution.workloads\"].usage_usd in both periods");
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
  json_t *rows = result(a, "tokens.workloads");
  size_t i, n = 0;
  json_t *r;
  fc_sb list = {0};
  const char *first_id = NULL;
  fc_money first_over = 0;
  json_array_foreach(rows, i, r) {
    fc_money over;
    if (!row_in(a, x->s, r, 0) || !fc_jmoney(r, "forecast_over_usd", &over) || over <= 0)
      continue;
    int node = row_node(a, r);
    const fc_approval *ap = approval_for(a, node);
    char u[48];
    fc_sb_add(&list, "%s%s (%s) is forecast %s over its estimate", n ? "; " : "", a->cfg.nodes[node].name,
              fc_jstr(r, "workload_id"), usd(over, u));
    if (ap) {
      fc_sb_add(&list, ", ");
      approval_words(a, ap, &list);
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
  src_add(&x->src, "results[\"tokens.workloads\"].forecast_over_usd; approvals.yaml");
  fc_sb_free(&list);
}

static void ans_help(const fc_ask *a, fc_sb *out) {
  fc_sb_add(out,
            "I can only answer questions about %s's Bedrock spend from the published %s results. You can ask "
            "me about: ",
            a->cfg.people[a->person].name ? a->cfg.people[a->person].name : a->cfg.people[a->person].email,
            a->period);
  for (int k = 0; k < FC_ASK_NKINDS; k++)
    fc_sb_add(out, "%s%s", k ? "; " : "", kind_help[k]);
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
  subject_label(a, s, &lb);
  snprintf(x.label, sizeof x.label, "%s", fc_sb_str(&lb));
  fc_sb_free(&lb);
  size_t start = out->n;
  switch (k) {
  case FC_ASK_TOTAL:
    ans_total(&x);
    break;
  case FC_ASK_BY_WORKLOAD:
    ans_by_workload(&x, top);
    break;
  case FC_ASK_BY_MODEL:
    ans_by_model(&x, model, top);
    break;
  case FC_ASK_BY_REGION:
    ans_by_region(&x, top);
    break;
  case FC_ASK_UNATTRIBUTED:
    ans_unattributed(&x);
    break;
  case FC_ASK_BUDGET:
    ans_budget(&x);
    break;
  case FC_ASK_TOKENS:
    ans_tokens(&x);
    break;
  case FC_ASK_CACHE:
    ans_cache(&x);
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
  finish(&x);
  return k;
}

fc_ask_kind fc_ask_text(fc_ask *a, const char *q, fc_sb *out) {
  question qq;
  parse_question(a, q, &qq);
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
    int n = find_node(a, node);
    if (n < 0) {
      ans_not_found(a, node, out);
      return FC_ASK_NOT_FOUND;
    }
    s.roots[0] = n;
    s.n = 1;
  } else {
    subject_of_person(a, &s);
  }
  if (k >= FC_ASK_NKINDS) {
    ans_help(a, out);
    return FC_ASK_HELP;
  }
  return answer(a, k, &s, model, top, out);
}
