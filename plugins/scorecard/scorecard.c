/* scorecard.c: one explained grade per hierarchy node.
 *
 * A workload scores 0-100 from five weighted components (report_card.weights), each a fraction
 * s in [0, 1]:
 *   attribution  attributed usage / (attributed + unattributed usage under the node + spend of its
 *                principals before its claim started)
 *   budget       1 while the month-end forecast is within the estimate, falling linearly to 0 at
 *                150% of it; excluded when the workload has no estimate
 *   cache        cache hit rate / healthy rate, at most 1; excluded without input or cache tokens
 *   map          qualifying / (qualifying + at risk); excluded unless the workload is MAP-eligible
 *   models       1 - unapproved-model usage / usage
 * score = 100 * sum(w * s) / sum(w) over the components that apply, minus open tasks (3 points
 * per high-severity task, 1 per medium, at most 10), clamped to 0..100 and rounded.
 * A parent scores the spend-weighted mean of its children's scores, with the unattributed usage
 * mapped to the parent itself (not to a child) weighing in at 0.
 * Grades: A >= 90, B >= 80, C >= 70, D >= 60, else F. docs/scorecard.md has a worked example. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <finops/plugin.h>

#include "plugkit.h"

/* Token, MAP and model-policy results are optional: without their plugin a component is said not
 * to be scored, never scored as zero or perfect. */
static const char *const reads[] = {
    "attribution.nodes", "?tokens.nodes",         "?map.nodes", "?policy.nodes",
    "?tasks.queue",      "?attribution.findings", NULL};
static const char *const writes[] = {"scorecard.nodes", "scorecard.components", NULL};

enum { C_ATTRIBUTION, C_BUDGET, C_CACHE, C_MAP, C_MODELS, C_COUNT };
static const char *const comp_names[C_COUNT] = {"attribution", "budget", "cache", "map", "models"};
static const char *const comp_labels[C_COUNT] = {"Attribution", "Budget", "Cache", "MAP", "Models"};

#define TASK_HIGH_POINTS 3.0
#define TASK_MEDIUM_POINTS 1.0
#define TASK_POINTS_MAX 10.0

typedef struct comp {
  int applies;
  double s;      /* 0..1 */
  double lost;   /* points lost */
  double max;    /* points the component is worth once excluded components are left out */
  char why[400]; /* one sentence */
} comp;

typedef struct node_score {
  int has;          /* a score exists (the node or its subtree has spend) */
  double score;     /* 0..100 before rounding */
  fc_money spend;   /* usage under the node, claimed or not: the weight of its score in its parent */
  fc_money pending; /* spend before a claim of workloads below, not yet in the node's unattributed */
  comp c[C_COUNT];
  int high, medium;
  double task_points;
  double penalty; /* the points the open tasks took off: task_points, less where 0 stopped them */
  char summary[600];
} node_score;

/* ---- reading other plugins' results ---- */

typedef struct view {
  const fc_table *t;
  int *row_of_node; /* per node: row index or -1 */
} view;

static int col(fc_ctx *ctx, const fc_table *t, const char *name) {
  const fc_host_api *api = FC_API(ctx);
  for (size_t c = 0; t && c < api->table_cols(t); c++)
    if (strcmp(api->table_col(t, c)->name, name) == 0)
      return (int)c;
  return -1;
}

static int view_open(fc_ctx *ctx, view *v, const char *name, size_t nn) {
  const fc_host_api *api = FC_API(ctx);
  v->t = api->table_find(ctx, name);
  v->row_of_node = api->alloc(ctx, (nn + 1) * sizeof *v->row_of_node);
  if (!v->row_of_node)
    return -1;
  for (size_t n = 0; n < nn; n++)
    v->row_of_node[n] = -1;
  for (size_t r = 0; v->t && r < api->table_rows(v->t); r++) {
    int n = api->table_row_node(v->t, r);
    if (n >= 0 && (size_t)n < nn && v->row_of_node[n] < 0)
      v->row_of_node[n] = (int)r;
  }
  return 0;
}

/* A money/int cell of node n's row; FC_NULL_INT when absent. */
static int64_t vint(fc_ctx *ctx, const view *v, int n, const char *name) {
  int c = col(ctx, v->t, name);
  if (c < 0 || v->row_of_node[n] < 0)
    return FC_NULL_INT;
  return FC_API(ctx)->table_cell(v->t, (size_t)v->row_of_node[n], (size_t)c).i;
}

static double vreal(fc_ctx *ctx, const view *v, int n, const char *name) {
  int c = col(ctx, v->t, name);
  if (c < 0 || v->row_of_node[n] < 0)
    return NAN;
  return FC_API(ctx)->table_cell(v->t, (size_t)v->row_of_node[n], (size_t)c).r;
}

/* "$1,234": whole dollars, rounded half away from zero; buf holds 40 bytes. */
static char *usd(fc_money v, char *buf) {
  int neg = v < 0;
  uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  int64_t d = (int64_t)((u + 5000000000ULL) / 10000000000ULL);
  snprintf(buf, 3, "%s$", neg && d ? "-" : "");
  fck_group(d, buf + strlen(buf));
  return buf;
}

static void say(char *dst, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void say(char *dst, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(dst, cap, fmt, ap);
  va_end(ap);
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

static const char *grade_of(double score) {
  long s = lround(score);
  return s >= 90 ? "A" : s >= 80 ? "B" : s >= 70 ? "C" : s >= 60 ? "D" : "F";
}

/* A task row and its workload id, for finding a workload's tasks without reading every task. */
typedef struct task_ref {
  const char *wid;
  size_t row;
} task_ref;

static int cmp_task_ref(const void *a, const void *b) {
  const task_ref *x = a, *y = b;
  int c = strcmp(x->wid, y->wid);
  return c ? c : x->row < y->row ? -1 : x->row > y->row;
}

typedef struct inputs {
  view attr, tokens, map, policy;
  const fc_table *tasks, *findings;
  /* the "before_claim" findings of node n: findings rows early_rows[early_start[n]..early_start[n+1])
   * in row order; the tasks with a workload id, sorted by it and then by row */
  size_t *early_start, *early_rows;
  task_ref *task_refs;
  size_t ntask_refs;
  int weights[C_COUNT];
  double healthy;
} inputs;

/* The five components of one workload. */
static void score_workload(fc_ctx *ctx, const inputs *in, int node, const fc_workload_info *w,
                           node_score *o) {
  char a[40], b[40];
  fc_money usage = vint(ctx, &in->attr, node, "usage_usd");
  fc_money unattr = vint(ctx, &in->attr, node, "unattributed_usd");
  if (usage == FC_NULL_INT)
    usage = 0;
  if (unattr == FC_NULL_INT)
    unattr = 0;
  /* spend of the workload's own principals before its claim started: unattributed (it sits with
   * the account's node), but the workload's to claim */
  fc_money early = 0;
  const fc_host_api *fapi = FC_API(ctx);
  int fu = col(ctx, in->findings, "usd_at_stake");
  for (size_t j = in->early_start[node]; fu >= 0 && j < in->early_start[node + 1]; j++) {
    fc_money x = fapi->table_cell(in->findings, in->early_rows[j], (size_t)fu).i;
    if (x != FC_NULL_INT && fck_add(ctx, &early, x))
      return;
  }
  /* its weight in the parent includes that spend, which the parent then does not count again */
  o->spend = usage;
  if (fc_add_checked(&o->spend, unattr) || fc_add_checked(&o->spend, early)) {
    FC_API(ctx)->error(ctx, "workload %s: usage and unattributed spend sum beyond the money range", w->id);
    o->spend = 0;
    return;
  }
  o->pending = early;
  comp *c = o->c;
  /* attribution */
  c[C_ATTRIBUTION].applies = usage + unattr + early != 0;
  if (c[C_ATTRIBUTION].applies) {
    c[C_ATTRIBUTION].s = clamp01((double)usage / (double)(usage + unattr + early));
    if (early > 0)
      say(c[C_ATTRIBUTION].why, sizeof c[0].why,
          "%.0f%% of the usage of this workload and its principals is claimed: %s of its principals' spend "
          "predates its claim and is unattributed; move the claim's from back if it was this workload's",
          100 * c[C_ATTRIBUTION].s, usd(early, a));
    else
      say(c[C_ATTRIBUTION].why, sizeof c[0].why,
          "%.0f%% of the usage under this node is claimed (%s unattributed)", 100 * c[C_ATTRIBUTION].s,
          usd(unattr, a));
  } else {
    say(c[C_ATTRIBUTION].why, sizeof c[0].why, "No Bedrock usage this period: attribution does not apply");
  }
  /* budget */
  fc_money est = vint(ctx, &in->tokens, node, "estimate_usd");
  fc_money fc = vint(ctx, &in->tokens, node, "forecast_usd");
  c[C_BUDGET].applies = est != FC_NULL_INT && est > 0 && fc != FC_NULL_INT;
  if (!in->tokens.t) {
    say(c[C_BUDGET].why, sizeof c[0].why,
        "No token results (the tokens plugin is not loaded): budget is not scored");
  } else if (c[C_BUDGET].applies) {
    double r = (double)fc / (double)est;
    c[C_BUDGET].s = clamp01(1.0 - (r - 1.0) / 0.5);
    if (r <= 1.0)
      say(c[C_BUDGET].why, sizeof c[0].why, "The month-end forecast of %s is within the %s estimate (%.0f%%)",
          usd(fc, a), usd(est, b), 100 * r);
    else
      say(c[C_BUDGET].why, sizeof c[0].why,
          "The month-end forecast of %s is %.0f%% of the %s estimate: bring usage back under it or revise "
          "the "
          "estimate",
          usd(fc, a), 100 * r, usd(est, b));
  } else {
    say(c[C_BUDGET].why, sizeof c[0].why,
        "No estimate is set for this workload: budget adherence is not scored; "
        "set estimate.monthly_usd or estimate.tokens");
  }
  /* cache */
  double h = vreal(ctx, &in->tokens, node, "cache_hit_rate");
  /* Only where caching is available: some cache use already, or savings the tokens plugin could
   * price (models without prompt caching have no cache-read price). */
  fc_money save_month = vint(ctx, &in->tokens, node, "cache_savings_month_usd");
  int64_t cached = vint(ctx, &in->tokens, node, "tokens.cache_read");
  int64_t written = vint(ctx, &in->tokens, node, "tokens.cache_write");
  int cache_used = (cached != FC_NULL_INT && cached > 0) || (written != FC_NULL_INT && written > 0);
  c[C_CACHE].applies =
      !isnan(h) && in->healthy > 0 && (cache_used || (save_month != FC_NULL_INT && save_month > 0));
  if (!in->tokens.t) {
    say(c[C_CACHE].why, sizeof c[0].why,
        "No token results (the tokens plugin is not loaded): cache is not scored");
  } else if (c[C_CACHE].applies) {
    c[C_CACHE].s = clamp01(h / in->healthy);
    fc_money save = save_month;
    if (h >= in->healthy)
      say(c[C_CACHE].why, sizeof c[0].why, "The cache hit rate of %.1f%% meets the healthy %.0f%%", 100 * h,
          100 * in->healthy);
    else if (save != FC_NULL_INT && save > 0)
      say(c[C_CACHE].why, sizeof c[0].why,
          "The cache hit rate of %.1f%% is below the healthy %.0f%%: caching prompts better would save about "
          "%s "
          "this month",
          100 * h, 100 * in->healthy, usd(save, a));
    else
      say(c[C_CACHE].why, sizeof c[0].why, "The cache hit rate of %.1f%% is below the healthy %.0f%%",
          100 * h, 100 * in->healthy);
  } else if (!isnan(h)) {
    say(c[C_CACHE].why, sizeof c[0].why,
        "Its models offer no prompt caching: cache efficiency does not apply");
  } else {
    say(c[C_CACHE].why, sizeof c[0].why, "No input or cache tokens: cache efficiency does not apply");
  }
  /* map */
  fc_money q = vint(ctx, &in->map, node, "map.qualifying_usd");
  fc_money risk = vint(ctx, &in->map, node, "map.at_risk_usd");
  if (q == FC_NULL_INT)
    q = 0;
  if (risk == FC_NULL_INT)
    risk = 0;
  c[C_MAP].applies = w->map_eligible && q + risk > 0 && in->map.t;
  if (!in->map.t) {
    say(c[C_MAP].why, sizeof c[0].why, "No MAP results (the map plugin is not loaded): MAP is not scored");
  } else if (c[C_MAP].applies) {
    c[C_MAP].s = clamp01((double)q / (double)(q + risk));
    if (risk > 0)
      say(c[C_MAP].why, sizeof c[0].why,
          "%s of MAP-eligible usage does not qualify for MAP credits: call Bedrock through an application "
          "inference profile tagged map-migrated",
          usd(risk, a));
    else
      say(c[C_MAP].why, sizeof c[0].why, "All %s of MAP-eligible usage qualifies", usd(q, a));
  } else {
    say(c[C_MAP].why, sizeof c[0].why,
        w->map_eligible ? "No MAP-eligible usage this period: MAP does not apply"
                        : "The workload is not MAP-eligible: MAP does not apply");
  }
  /* models */
  fc_money unapproved = vint(ctx, &in->policy, node, "unapproved_model_usd");
  if (unapproved == FC_NULL_INT)
    unapproved = 0;
  c[C_MODELS].applies = usage > 0 && in->policy.t;
  if (!in->policy.t) {
    say(c[C_MODELS].why, sizeof c[0].why,
        "No model-policy results (the policy plugin is not loaded): models are not scored");
  } else if (c[C_MODELS].applies) {
    c[C_MODELS].s = clamp01(1.0 - (double)unapproved / (double)usage);
    if (unapproved > 0)
      say(c[C_MODELS].why, sizeof c[0].why,
          "%s (%.0f%%) of usage is on models outside the approved list: move it to an approved model",
          usd(unapproved, a), 100.0 * (double)unapproved / (double)usage);
    else
      say(c[C_MODELS].why, sizeof c[0].why, "All usage is on approved models");
  } else {
    say(c[C_MODELS].why, sizeof c[0].why, "No usage: model policy does not apply");
  }
  /* weighted score */
  double wsum = 0, got = 0;
  for (int k = 0; k < C_COUNT; k++)
    if (c[k].applies && in->weights[k] > 0) {
      wsum += in->weights[k];
      got += in->weights[k] * c[k].s;
    }
  o->has = wsum > 0;
  if (!o->has)
    return;
  for (int k = 0; k < C_COUNT; k++)
    if (c[k].applies && in->weights[k] > 0) {
      c[k].max = 100.0 * in->weights[k] / wsum;
      c[k].lost = c[k].max * (1.0 - c[k].s);
    }
  o->score = 100.0 * got / wsum;
  /* open tasks of this workload */
  const fc_host_api *api = FC_API(ctx);
  int sc = col(ctx, in->tasks, "severity"), wc = col(ctx, in->tasks, "workload_id");
  int kc = col(ctx, in->tasks, "kind"), dc = col(ctx, in->tasks, "detail");
  /* the workload's tasks: a run of the sorted references */
  size_t lo = 0, hi = in->ntask_refs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(in->task_refs[mid].wid, w->id) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t first = lo;
  for (size_t j = first; in->tasks && sc >= 0 && wc >= 0 && kc >= 0 && dc >= 0 && j < in->ntask_refs &&
                         strcmp(in->task_refs[j].wid, w->id) == 0;
       j++) {
    size_t r = in->task_refs[j].row;
    /* one finding reaches several people as several tasks: count it once (a task of another
     * workload is never the same finding) */
    int dup = 0;
    for (size_t jj = first; jj < j && !dup; jj++) {
      size_t p = in->task_refs[jj].row;
      dup = strcmp(api->table_cell(in->tasks, p, (size_t)kc).s,
                   api->table_cell(in->tasks, r, (size_t)kc).s) == 0 &&
            strcmp(api->table_cell(in->tasks, p, (size_t)dc).s,
                   api->table_cell(in->tasks, r, (size_t)dc).s) == 0;
    }
    if (dup)
      continue;
    const char *sev = api->table_cell(in->tasks, r, (size_t)sc).s;
    if (sev && strcmp(sev, "high") == 0)
      o->high++;
    else if (sev && strcmp(sev, "medium") == 0)
      o->medium++;
  }
  o->task_points = o->high * TASK_HIGH_POINTS + o->medium * TASK_MEDIUM_POINTS;
  if (o->task_points > TASK_POINTS_MAX)
    o->task_points = TASK_POINTS_MAX;
  double before = o->score;
  o->score -= o->task_points;
  if (o->score < 0)
    o->score = 0;
  o->penalty = before - o->score;
}

static fc_status sc_process(fc_ctx *ctx, void *state) {
  (void)state;
  const fc_host_api *api = FC_API(ctx);
  size_t nn = api->node_count(ctx);
  inputs in;
  memset(&in, 0, sizeof in);
  if (view_open(ctx, &in.attr, "attribution.nodes", nn) || view_open(ctx, &in.tokens, "tokens.nodes", nn) ||
      view_open(ctx, &in.map, "map.nodes", nn) || view_open(ctx, &in.policy, "policy.nodes", nn))
    return FC_ERR_NOMEM;
  in.tasks = api->table_find(ctx, "tasks.queue");
  in.findings = api->table_find(ctx, "attribution.findings");
  /* indexes read once here rather than once per workload */
  in.early_start = api->alloc(ctx, (nn + 2) * sizeof *in.early_start);
  size_t nf = in.findings ? api->table_rows(in.findings) : 0, nt = in.tasks ? api->table_rows(in.tasks) : 0;
  in.early_rows = api->alloc(ctx, (nf + 1) * sizeof *in.early_rows);
  in.task_refs = api->alloc(ctx, (nt + 1) * sizeof *in.task_refs);
  if (!in.early_start || !in.early_rows || !in.task_refs)
    return FC_ERR_NOMEM;
  memset(in.early_start, 0, (nn + 2) * sizeof *in.early_start);
  int fk = col(ctx, in.findings, "kind");
  for (int pass = 0; pass < 2; pass++) { /* count, then place (rows stay in order) */
    size_t *at = in.early_start;
    for (size_t r = 0; fk >= 0 && r < nf; r++) {
      const char *k = api->table_cell(in.findings, r, (size_t)fk).s;
      int node = api->table_row_node(in.findings, r);
      if (!k || strcmp(k, "before_claim") != 0 || node < 0 || (size_t)node >= nn)
        continue;
      if (pass == 0)
        at[node + 1]++;
      else
        in.early_rows[at[node]++] = r;
    }
    if (pass == 0)
      for (size_t n = 1; n <= nn; n++)
        at[n] += at[n - 1];
  }
  /* the pass that placed the rows moved each start to the next node's: back by one node */
  memmove(in.early_start + 1, in.early_start, nn * sizeof *in.early_start);
  in.early_start[0] = 0;
  int twc = col(ctx, in.tasks, "workload_id");
  for (size_t r = 0; twc >= 0 && r < nt; r++) {
    const char *wid = api->table_cell(in.tasks, r, (size_t)twc).s;
    if (wid)
      in.task_refs[in.ntask_refs++] = (task_ref){wid, r};
  }
  qsort(in.task_refs, in.ntask_refs, sizeof *in.task_refs, cmp_task_ref);
  for (int k = 0; k < C_COUNT; k++) {
    char key[64];
    snprintf(key, sizeof key, "report_card.weights.%s", comp_names[k]);
    const char *v = api->setting(ctx, key);
    in.weights[k] = v ? atoi(v) : 0;
  }
  const char *hv = api->setting(ctx, "policy.cache_hit_rate_healthy");
  in.healthy = hv ? strtod(hv, NULL) : 0.30;

  node_score *ns = api->alloc(ctx, (nn + 1) * sizeof *ns);
  if (!ns)
    return FC_ERR_NOMEM;
  /* Workloads first, then parents bottom-up: nodes are sorted so that a parent precedes its
   * subtree, hence walking backwards meets every child before its parent. */
  for (size_t i = nn; i-- > 0;) {
    const fc_node_info *n = api->node(ctx, i);
    node_score *o = &ns[i];
    if (n->workload >= 0) {
      score_workload(ctx, &in, (int)i, api->workload(ctx, (size_t)n->workload), o);
      continue;
    }
    fc_money usage = vint(ctx, &in.attr, (int)i, "usage_usd");
    fc_money unattr = vint(ctx, &in.attr, (int)i, "unattributed_usd");
    /* weight in the parent: all usage under the node, claimed or not */
    o->spend = usage == FC_NULL_INT ? 0 : usage;
    if (fc_add_checked(&o->spend, unattr == FC_NULL_INT ? 0 : unattr)) {
      api->error(ctx, "node %s: usage and unattributed spend sum beyond the money range", n->path);
      o->spend = 0;
      continue;
    }
    /* own unattributed usage: the node's minus its children's */
    fc_money own = unattr == FC_NULL_INT ? 0 : unattr, pend = 0;
    double num = 0, den = 0;
    size_t kids = 0, scored = 0;
    int worst = -1;
    for (size_t j = i + 1; j < nn && api->node(ctx, j)->level > n->level; j++) {
      if (api->node(ctx, j)->parent != (int)i)
        continue;
      kids++;
      fc_money ku = vint(ctx, &in.attr, (int)j, "unattributed_usd");
      if (ku != FC_NULL_INT)
        own -= ku;
      pend += ns[j].pending;
      if (!ns[j].has || ns[j].spend <= 0)
        continue;
      scored++;
      num += ns[j].score * (double)ns[j].spend;
      den += (double)ns[j].spend;
      if (worst < 0 || ns[j].score < ns[worst].score)
        worst = (int)j;
    }
    if (own < 0)
      own = 0;
    /* spend before a claim that a workload below already counts against itself: counted once */
    fc_money absorb = pend < own ? pend : own;
    own -= absorb;
    o->pending = pend - absorb;
    o->spend += o->pending;
    den += (double)own;
    o->has = den > 0 && scored > 0;
    char a[40], b[40];
    if (!o->has) {
      say(o->summary, sizeof o->summary, "No scored spend under this node this period");
      continue;
    }
    o->score = num / den;
    double own_cost = own > 0 ? (num / (den - (double)own)) - o->score : 0;
    int len = snprintf(o->summary, sizeof o->summary, "Spend-weighted average of %zu scored child%s of %zu",
                       scored, scored == 1 ? "" : "ren", kids);
    if (worst >= 0 && len >= 0 && (size_t)len < sizeof o->summary)
      len += snprintf(o->summary + len, sizeof o->summary - (size_t)len, "; %s %s at %ld with %s of usage",
                      scored == 1 ? "it is" : "the lowest is", api->node(ctx, (size_t)worst)->name,
                      lround(ns[worst].score), usd(ns[worst].spend, a));
    if (own > 0 && len >= 0 && (size_t)len < sizeof o->summary)
      snprintf(o->summary + len, sizeof o->summary - (size_t)len,
               "; %s of unattributed usage in this node's accounts counts as 0 and costs %.1f points: get it "
               "claimed",
               usd(own, b), own_cost);
  }

  /* results */
  static const fc_column ncols[] = {{"score", FC_COL_INT},
                                    {"grade", FC_COL_TEXT},
                                    {"score_explanation", FC_COL_TEXT},
                                    {"score_tasks_high", FC_COL_INT},
                                    {"score_tasks_medium", FC_COL_INT}};
  /* points_available: the points a component is worth once the components that do not apply are
   * left out (what its weight comes to); a workload's last row is its open-task penalty, so that
   * 100 minus the points lost is the score */
  static const fc_column ccols[] = {{"component", FC_COL_TEXT},   {"applies", FC_COL_INT},
                                    {"weight", FC_COL_INT},       {"fraction", FC_COL_RATIO},
                                    {"points_lost", FC_COL_REAL}, {"explanation", FC_COL_TEXT},
                                    {"label", FC_COL_TEXT},       {"points_available", FC_COL_REAL}};
  fc_table *tn, *tc;
  fc_status st;
  if ((st = api->table_create(ctx, "scorecard.nodes", ncols, 5, &tn)) ||
      (st = api->table_create(ctx, "scorecard.components", ccols, 8, &tc)))
    return st;
  for (size_t i = 0; i < nn; i++) {
    node_score *o = &ns[i];
    const fc_node_info *n = api->node(ctx, i);
    char text[4000];
    size_t len = 0;
    if (n->workload >= 0 && o->has) {
      len += (size_t)snprintf(text, sizeof text, "Score %ld (%s).", lround(o->score), grade_of(o->score));
      for (int k = 0; k < C_COUNT && len < sizeof text; k++) {
        comp *c = &o->c[k];
        if (c->applies && in.weights[k] > 0)
          len += (size_t)snprintf(text + len, sizeof text - len, " %s: %.1f of %.1f points. %s.",
                                  comp_labels[k], c->max - c->lost, c->max, c->why);
        else
          len +=
              (size_t)snprintf(text + len, sizeof text - len, " %s: not scored. %s.", comp_labels[k], c->why);
      }
      if (o->task_points > 0 && len < sizeof text)
        snprintf(text + len, sizeof text - len,
                 " Open tasks: minus %.0f point%s (%d high, %d medium): close them.", o->task_points,
                 o->task_points == 1 ? "" : "s", o->high, o->medium);
    } else if (o->has) {
      snprintf(text, sizeof text, "Score %ld (%s). %s.", lround(o->score), grade_of(o->score), o->summary);
    } else {
      snprintf(text, sizeof text, "Not scored: %s.",
               n->workload >= 0 ? "no component applies (no Bedrock spend this period)" : o->summary);
    }
    fc_value row[5] = {{NULL, o->has ? (int64_t)lround(o->score) : FC_NULL_INT, 0},
                       {o->has ? grade_of(o->score) : "", 0, 0},
                       {text, 0, 0},
                       {NULL, o->high, 0},
                       {NULL, o->medium, 0}};
    if ((st = api->table_append(ctx, tn, (int)i, row)))
      return st;
    if (n->workload < 0)
      continue;
    for (int k = 0; k < C_COUNT; k++) {
      comp *c = &o->c[k];
      int on = c->applies && in.weights[k] > 0;
      fc_value crow[8] = {{comp_names[k], 0, 0},         {NULL, on, 0},
                          {NULL, in.weights[k], 0},      {NULL, 0, on ? c->s : NAN},
                          {NULL, 0, on ? c->lost : NAN}, {c->why, 0, 0},
                          {comp_labels[k], 0, 0},        {NULL, 0, on ? c->max : NAN}};
      if ((st = api->table_append(ctx, tc, (int)i, crow)))
        return st;
    }
    if (!o->has)
      continue;
    char why[200];
    if (o->task_points > 0)
      snprintf(why, sizeof why, "%d high and %d medium open task%s of this workload: close them", o->high,
               o->medium, o->high + o->medium == 1 ? "" : "s");
    else
      snprintf(why, sizeof why, "No open high or medium tasks for this workload");
    fc_value prow[8] = {{"open_tasks", 0, 0},  {NULL, o->task_points > 0, 0},
                        {NULL, 0, 0},          {NULL, 0, NAN},
                        {NULL, 0, o->penalty}, {why, 0, 0},
                        {"Open tasks", 0, 0},  {NULL, 0, NAN}};
    if ((st = api->table_append(ctx, tc, (int)i, prow)))
      return st;
  }
  return FC_OK;
}

/* Charts (ABI 1.2): drawn by the host from each pack's view. */
static const fc_chart_def charts[] = {
    {.name = "report_card",
     .kind = FC_CHART_BARS,
     .title = "Report card",
     .subtitle = "Score out of 100 per workload, coloured by grade (A 90+, B 80+, C 70+, D 60+, F), {scope}",
     .result = "scorecard.nodes",
     .series = (const fc_chart_series[]){{"score", NULL, FC_CHART_BLUE}, {NULL}},
     .format = FC_CHART_FMT_NUMBER,
     .axis = (const double[]){100, 0},
     .note = &(const fc_chart_note){"grade", "grade {value}",
                                    (const char *const[]){"A", "B", "C", "D", "F", NULL},
                                    (const fc_chart_colour[]){FC_CHART_GOOD, FC_CHART_FAIR, FC_CHART_WARN,
                                                              FC_CHART_POOR, FC_CHART_BAD}}},
    {NULL}};

extern const fc_stmt_decl scorecard_statements[]; /* scorecard_report.c */
extern const fc_sheet_decl scorecard_sheets[];

static const fc_plugin_desc desc = {
    .magic = FC_PLUGIN_MAGIC,
    .abi_major = FC_ABI_MAJOR,
    .abi_minor = FC_ABI_MINOR,
    .size = sizeof(fc_plugin_desc),
    .name = "scorecard",
    .version = "1.0.0",
    .description = "one explained 0-100 score and letter grade per hierarchy node",
    .reads = reads,
    .writes = writes,
    .init = NULL,
    .process = sc_process,
    .finish = NULL,
    .charts = charts,
    .sheets = scorecard_sheets,
    .statements = scorecard_statements,
};

FC_PLUGIN_DEFINE(desc)
