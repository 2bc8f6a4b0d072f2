/* tokens.c: token governance for Amazon Bedrock spend.
 *
 * Reads which workload each fact of the reported period belongs to from attribution._facts, turns
 * usage amounts into tokens per type (input, output, cache read, cache write 5 minutes / 1 hour),
 * tier and region type, names the model, and compares each workload with its estimate: prorated
 * to the days elapsed at as_of, a run-rate forecast for the month, variance per token type, cache
 * hit rate against the healthy rate and what the missing cache hits cost. Formulas: docs/tokens.md.
 *
 * Options (plugins: {tokens: {...}} in finops.yaml):
 *   prices                  list prices and model catalog (default: prices.yaml beside the plugin)
 *   cache_hit_rate_healthy  0..1, default 0.30
 *   estimate_mix            sizing (default: the prices file's sizing_mix) or actual (the workload's
 *                           own token mix) to turn a dollar estimate into tokens */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <finops/plugin.h>

#include "bedrock.h"
#include "plugkit.h"
#include "prices.h"
#include "variance.h"

static const char *const reads[] = {"attribution._facts", "attribution._facts_other",
                                    "fact.period",        "fact.day",
                                    "fact.family",        "fact.resource",
                                    "fact.usage_type",    "fact.line_item_type",
                                    "fact.product_name",  "fact.pricing_unit",
                                    "fact.model",         NULL};
static const char *const writes[] = {
    "tokens.nodes",          "tokens.workloads", "tokens.by_model",       "tokens.node_models",
    "tokens.by_region_type", "tokens.by_tier",   "tokens.daily",          "tokens.usage_types",
    "tokens.alerts",         "tokens.findings",  "tokens._fact_models",   "tokens.node_token_costs",
    "tokens.totals",         "tokens.variance",  "tokens.variance_month", NULL};

#define NTOK FCB_TOK_COUNT /* indexes by fcb_token; 0 = other */
#define NEST 4             /* estimate types: input, output, cache_read, cache_write (5 min + 1 h) */
#define OVER_RATIO 1.5     /* a token type above this multiple of its prorated estimate is an alert */

typedef struct state {
  price_table prices;
  double healthy;
  int mix_actual;
  char prices_path[4096];
} state;

/* ---- arithmetic ---- */

static int64_t round_double(double v) { return (int64_t)llround(v); }

static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

/* ---- text ---- */

/* ---- what is known about usage types, resources and models ---- */

typedef struct utinfo {
  fcb_usage u;
} utinfo;

typedef struct model {
  const char *name; /* "" = no model */
  const price_model *pm;
} model;

typedef struct models {
  model *v;
  size_t n, cap;
} models;

/* Summed usage of one (node, workload, model, token kind, tier, region type, long context). */
typedef struct gkey {
  int32_t node, workload, model;
  uint8_t token, tier, region, long_context;
} gkey;
typedef struct gval {
  int64_t tokens;
  int64_t cost;
  uint64_t rows;
} gval;

typedef struct ukey { /* usage-type audit */
  uint32_t usage_type, unit;
  int32_t model;
  uint8_t region, pad[3];
} ukey;
typedef struct uval {
  int64_t tokens, cost;
  uint64_t rows;
  int unknown;
} uval;

typedef struct xkey { /* unknown usage types per owner */
  int32_t node, workload;
  uint32_t usage_type, unit;
} xkey;

typedef struct dkey { /* daily cost per workload */
  int32_t workload, day;
} dkey;

/* Figures of one node (direct or rolled up) or one workload. */
typedef struct figs {
  int64_t tok[NTOK];
  int64_t kcost[NTOK]; /* cost per token kind; [0] = other */
  int64_t cost;
  int64_t savings;
  /* estimates (workloads; sums of the subtree's workloads for nodes) */
  int est_usd_known, est_tok_known;
  int64_t est_usd, pro_usd, est_cost_basis; /* est_cost_basis: MTD of workloads with est_usd_known */
  int64_t est_tok[NEST], pro_tok[NEST], est_tok_actual[NEST];
} figs;

static int64_t est_actual(const figs *f, int k) {
  return k == 3 ? f->tok[FCB_TOK_CACHE_WRITE] + f->tok[FCB_TOK_CACHE_WRITE_1H] : f->tok[k + 1];
}

static double hit_rate(const int64_t *tok) {
  double in = (double)tok[FCB_TOK_INPUT], cr = (double)tok[FCB_TOK_CACHE_READ];
  return in + cr > 0 ? cr / (in + cr) : NAN;
}

static const char *const est_names[NEST] = {"input", "output", "cache_read", "cache_write"};
static const char *const est_titles[NEST] = {"Input", "Output", "Cache-read", "Cache-write"};

/* ---- init: options and prices ---- */

/* finish is not called when init fails: init releases what it made. */
static fc_status init_failed(void **out, state *s, fc_status st) {
  prices_free(&s->prices);
  free(s);
  *out = NULL;
  return st;
}

static fc_status tokens_init(fc_ctx *ctx, void **out) {
  const fc_host_api *api = FC_API(ctx);
  state *s = calloc(1, sizeof *s);
  if (!s)
    return FC_ERR_NOMEM;
  *out = s;
  prices_init(&s->prices);
  s->healthy = 0.30;
  /* the plugin's own option wins over the configuration's policy.cache_hit_rate_healthy */
  const char *h = api->option(ctx, "cache_hit_rate_healthy");
  if (!h)
    h = api->setting(ctx, "policy.cache_hit_rate_healthy");
  if (h) {
    char *end = NULL;
    double v = strtod(h, &end);
    if (!end || end == h || *end || !(v >= 0 && v <= 1)) {
      api->error(ctx, "option cache_hit_rate_healthy: expected a number from 0 to 1, got '%s'", h);
      return init_failed(out, s, FC_ERR_CONFIG);
    }
    s->healthy = v;
  }
  const char *mix = api->option(ctx, "estimate_mix");
  if (mix && strcmp(mix, "actual") == 0)
    s->mix_actual = 1;
  else if (mix && strcmp(mix, "sizing") != 0) {
    api->error(ctx, "option estimate_mix: expected sizing or actual, got '%s'", mix);
    return init_failed(out, s, FC_ERR_CONFIG);
  }
  fck_catalog_path(ctx, s->prices_path, sizeof s->prices_path);
  char err[512];
  if (prices_load(s->prices_path, &s->prices, err, sizeof err)) {
    api->error(ctx, "list prices: %s", err);
    return init_failed(out, s, FC_ERR_CONFIG);
  }
  if (!s->mix_actual &&
      s->prices.sizing_mix[0] + s->prices.sizing_mix[1] + s->prices.sizing_mix[2] + s->prices.sizing_mix[3] <=
          0) {
    api->log(ctx, FC_LOG_WARN, "%s has no sizing_mix: dollar estimates use each workload's own token mix",
             s->prices_path);
    s->mix_actual = 1;
  }
  api->log(ctx, FC_LOG_DEBUG, "list prices from %s: %zu models", s->prices_path, s->prices.n);
  return FC_OK;
}

static void tokens_finish(fc_ctx *ctx, void *vs) {
  (void)ctx;
  state *s = vs;
  if (!s)
    return;
  prices_free(&s->prices);
  free(s);
}

/* ---- the run ---- */

typedef struct run {
  fc_ctx *ctx;
  const fc_host_api *api;
  state *s;
  const fc_fact *facts;
  size_t nfacts;
  size_t nn, nw;
  int32_t first_day, ndays, elapsed;
  fck_kmap ut_info;  /* uint32 usage type -> utinfo */
  fck_kmap res_rt;   /* uint32 resource -> int region type + 1 */
  fck_kmap model_of; /* {model, usage type, product name, family} -> int model index + 1 */
  models mdl;
  fck_kmap groups;  /* gkey -> gval */
  fck_kmap audit;   /* ukey -> uval */
  fck_kmap unknown; /* xkey -> gval */
  fck_kmap daily;   /* dkey -> int64 cost */
  figs *direct;     /* per node, [nn] = rows of no node */
  figs *rolled;     /* per node rolled up, [nn] = the whole organisation */
  figs *wl;         /* per workload */
  int32_t last_day;
  int out_of_range; /* a prorated or forecast figure left the int64 range */
} run;

/* a * b / c rounded half away from zero (fc_muldiv); a result out of the int64 range (a forecast of
 * an extreme month-to-date) is recorded, and the call then fails instead of publishing it. */
static int64_t muldiv(run *r, int64_t a, int64_t b, int64_t c) {
  int64_t q = 0;
  if (fc_muldiv(a, b, c, &q))
    r->out_of_range = 1;
  return q;
}

static int model_index(run *r, const char *name, const price_model *pm) {
  for (size_t i = 0; i < r->mdl.n; i++)
    if (strcmp(r->mdl.v[i].name, name) == 0) {
      if (!r->mdl.v[i].pm)
        r->mdl.v[i].pm = pm;
      return (int)i;
    }
  if (r->mdl.n == r->mdl.cap) {
    size_t cap = r->mdl.cap ? r->mdl.cap * 2 : 32;
    model *v = r->api->alloc(r->ctx, cap * sizeof *v);
    if (!v)
      return -1;
    if (r->mdl.n)
      memcpy(v, r->mdl.v, r->mdl.n * sizeof *v);
    r->mdl.v = v;
    r->mdl.cap = cap;
  }
  size_t n = strlen(name);
  char *copy = r->api->alloc(r->ctx, n + 1);
  if (!copy)
    return -1;
  memcpy(copy, name, n + 1);
  r->mdl.v[r->mdl.n] = (model){copy, pm};
  return (int)r->mdl.n++;
}

/* The model of a fact: the catalog's rule (prices_model_name). */
static int resolve_model(run *r, const fc_fact *f, const fcb_usage *u) {
  struct {
    uint32_t model, usage_type, product, family;
  } key = {f->dim[FC_DIM_MODEL], f->dim[FC_DIM_USAGE_TYPE], f->dim[FC_DIM_PRODUCT_NAME],
           f->dim[FC_DIM_FAMILY]};
  int *slot = fck_kmap_get(&r->model_of, &key, 1);
  if (!slot)
    return -1;
  if (*slot)
    return *slot - 1;
  const price_model *pm = NULL;
  char name[512];
  prices_model_name(&r->s->prices, r->api->str(r->ctx, key.model), u, r->api->str(r->ctx, key.product),
                    key.family == FC_FAMILY_MARKETPLACE, name, sizeof name, &pm);
  int m = model_index(r, name, pm);
  if (m >= 0)
    *slot = m + 1;
  return m;
}

static const fcb_usage *usage_info(run *r, uint32_t ut) {
  utinfo *i = fck_kmap_get(&r->ut_info, &ut, 0);
  if (i)
    return &i->u;
  i = fck_kmap_get(&r->ut_info, &ut, 1);
  if (!i)
    return NULL;
  fcb_usage_classify(r->api->str(r->ctx, ut), &i->u);
  return &i->u;
}

/* The tokens of a fact of usage type u (0 for a usage type that counts no tokens); *unit_known: its
 * pricing unit is one fcb_tokens knows. */
static int64_t fact_tokens(const run *r, const fc_fact *f, const fcb_usage *u, int *unit_known) {
  *unit_known = 0;
  if (u->token == FCB_TOK_OTHER)
    return 0;
  return fcb_tokens(f->usage_amount, r->api->str(r->ctx, f->dim[FC_DIM_PRICING_UNIT]), unit_known);
}

static int region_type_of(run *r, uint32_t resource) {
  int *v = fck_kmap_get(&r->res_rt, &resource, 1);
  if (!v)
    return -1;
  if (!*v)
    *v = (int)fcb_resource_region_type(r->api->str(r->ctx, resource)) + 1;
  return *v - 1;
}

/* Pass 1: every usage fact of the period into groups, the audit, unknowns and days. */
static fc_status gather(run *r) {
  const fc_host_api *api = r->api;
  fck_owners own;
  fc_status st = fck_owners_open(r->ctx, &own);
  if (st)
    return st;
  const fc_table *t = own.t;
  size_t rows = api->table_rows(t);
  for (size_t i = 0; i < rows; i++) {
    size_t f0, nf;
    int w;
    int usage = fck_owner_row(r->ctx, &own, i, &f0, &nf, &w);
    if (usage < 0)
      return FC_ERR_PLUGIN;
    if (!usage)
      continue; /* adjustments: no tokens, not usage */
    for (size_t fi = f0; fi < f0 + nf; fi++) {
      int node = api->table_row_node(t, i);
      const fc_fact *f = &r->facts[fi];
      const fcb_usage *u = usage_info(r, f->dim[FC_DIM_USAGE_TYPE]);
      if (!u)
        return FC_ERR_NOMEM;
      int unit_known;
      int64_t tokens = fact_tokens(r, f, u, &unit_known);
      int unknown = u->token == FCB_TOK_OTHER ? !u->known_other : !unit_known;
      fcb_token kind = unknown ? FCB_TOK_OTHER : u->token;
      int rt = u->region_type;
      if (rt != FCB_REGION_GLOBAL) {
        int by_resource = region_type_of(r, f->dim[FC_DIM_RESOURCE]);
        if (by_resource < 0)
          return FC_ERR_NOMEM;
        if (by_resource != FCB_REGION_SAME)
          rt = by_resource;
      }
      int m = resolve_model(r, f, u);
      if (m < 0)
        return FC_ERR_NOMEM;
      gkey gk;
      memset(&gk, 0, sizeof gk);
      gk.node = node;
      gk.workload = (int32_t)w;
      gk.model = m;
      gk.token = (uint8_t)kind;
      gk.tier = (uint8_t)u->tier;
      gk.region = (uint8_t)rt;
      gk.long_context = (uint8_t)u->long_context;
      gval *g = fck_kmap_get(&r->groups, &gk, 1);
      ukey uk;
      memset(&uk, 0, sizeof uk);
      uk.usage_type = f->dim[FC_DIM_USAGE_TYPE];
      uk.unit = f->dim[FC_DIM_PRICING_UNIT];
      uk.model = m;
      uk.region = (uint8_t)rt;
      uval *a = fck_kmap_get(&r->audit, &uk, 1);
      if (!g || !a)
        return FC_ERR_NOMEM;
      if (fc_add_checked(&g->cost, f->cost) || fc_add_checked(&g->tokens, tokens) ||
          fc_add_checked(&a->cost, f->cost) || fc_add_checked(&a->tokens, tokens))
        return FC_ERR_OVERFLOW;
      g->rows += f->rows;
      a->rows += f->rows;
      a->unknown = unknown;
      if (unknown) {
        xkey xk = {node, (int32_t)w, uk.usage_type, uk.unit};
        gval *x = fck_kmap_get(&r->unknown, &xk, 1);
        if (!x)
          return FC_ERR_NOMEM;
        if (fc_add_checked(&x->cost, f->cost))
          return FC_ERR_OVERFLOW;
        x->rows += f->rows;
      }
      if (w >= 0) {
        dkey dk = {(int32_t)w, (int32_t)f->dim[FC_DIM_DAY]};
        int64_t *d = fck_kmap_get(&r->daily, &dk, 1);
        if (!d)
          return FC_ERR_NOMEM;
        if (fc_add_checked(d, f->cost))
          return FC_ERR_OVERFLOW;
      }
      if ((int32_t)f->dim[FC_DIM_DAY] > r->last_day)
        r->last_day = (int32_t)f->dim[FC_DIM_DAY];
    }
  }
  return FC_OK;
}

static int figs_add_group(figs *f, const gkey *k, const gval *g) {
  if (fc_add_checked(&f->tok[k->token], g->tokens) || fc_add_checked(&f->kcost[k->token], g->cost) ||
      fc_add_checked(&f->cost, g->cost))
    return -1;
  return 0;
}

static int figs_add(figs *a, const figs *b) {
  for (int k = 0; k < NTOK; k++)
    if (fc_add_checked(&a->tok[k], b->tok[k]) || fc_add_checked(&a->kcost[k], b->kcost[k]))
      return -1;
  if (fc_add_checked(&a->cost, b->cost) || fc_add_checked(&a->savings, b->savings))
    return -1;
  return 0;
}

static int node_slot(const run *r, int node) { return node < 0 ? (int)r->nn : node; }

static int cmp_gkey(const void *x, const void *y) {
  const gkey *a = x, *b = y;
  if (a->node != b->node)
    return a->node < b->node ? -1 : 1;
  if (a->workload != b->workload)
    return a->workload < b->workload ? -1 : 1;
  return memcmp(&a->model, &b->model, sizeof *a - offsetof(gkey, model));
}

/* Cache savings of one owner (a node's unattributed rows, or a workload): the input tokens that
 * would have been cache reads at the healthy rate, priced at input minus cache-read price. Only
 * models priced for both input and cache reads take part. Groups [g0, g1) share node and workload. */
static int64_t savings_of(run *r, const gkey *keys, const gval *const *vals, size_t g0, size_t g1) {
  const price_table *pt = &r->s->prices;
  double in_c = 0, cr_c = 0;
  for (size_t i = g0; i < g1; i++) {
    const price_model *pm = r->mdl.v[keys[i].model].pm;
    int64_t rin, rcr;
    if (!prices_rate(pt, pm, FCB_TOK_INPUT, keys[i].tier, keys[i].region, keys[i].long_context, &rin) ||
        !prices_rate(pt, pm, FCB_TOK_CACHE_READ, keys[i].tier, keys[i].region, keys[i].long_context, &rcr))
      continue;
    if (keys[i].token == FCB_TOK_INPUT)
      in_c += (double)vals[i]->tokens;
    else if (keys[i].token == FCB_TOK_CACHE_READ)
      cr_c += (double)vals[i]->tokens;
  }
  double moved = r->s->healthy * (in_c + cr_c) - cr_c;
  if (!(moved > 0) || in_c <= 0)
    return 0;
  double usd = 0; /* in 1e-10 USD */
  for (size_t i = g0; i < g1; i++) {
    if (keys[i].token != FCB_TOK_INPUT)
      continue;
    const price_model *pm = r->mdl.v[keys[i].model].pm;
    int64_t rin, rcr;
    if (!prices_rate(pt, pm, FCB_TOK_INPUT, keys[i].tier, keys[i].region, keys[i].long_context, &rin) ||
        !prices_rate(pt, pm, FCB_TOK_CACHE_READ, keys[i].tier, keys[i].region, keys[i].long_context, &rcr))
      continue;
    double share = moved * (double)vals[i]->tokens / in_c;
    usd += share * (double)(rin - rcr) / 1e6;
  }
  return usd > 0 ? round_double(usd) : 0;
}

/* Pass 2: figures per node (direct and rolled up) and per workload, savings per owner. */
static fc_status tally(run *r) {
  const fc_host_api *api = r->api;
  size_t ng = r->groups.n;
  gkey *keys = api->alloc(r->ctx, (ng + 1) * sizeof *keys);
  const gval **vals = api->alloc(r->ctx, (ng + 1) * sizeof *vals);
  size_t *order = api->alloc(r->ctx, (ng + 1) * sizeof *order);
  r->direct = api->alloc(r->ctx, (r->nn + 1) * sizeof *r->direct);
  r->rolled = api->alloc(r->ctx, (r->nn + 1) * sizeof *r->rolled);
  r->wl = api->alloc(r->ctx, (r->nw + 1) * sizeof *r->wl);
  if (!keys || !vals || !order || !r->direct || !r->rolled || !r->wl)
    return FC_ERR_NOMEM;
  if (ng) /* a period without Bedrock facts has no groups: keys is NULL */
    memcpy(keys, r->groups.keys, ng * sizeof *keys);
  qsort(keys, ng, sizeof *keys, cmp_gkey);
  for (size_t i = 0; i < ng; i++)
    vals[i] = fck_kmap_get(&r->groups, &keys[i], 0);
  for (size_t i = 0; i < ng;) {
    size_t j = i;
    while (j < ng && keys[j].node == keys[i].node && keys[j].workload == keys[i].workload)
      j++;
    figs owner;
    memset(&owner, 0, sizeof owner);
    for (size_t g = i; g < j; g++)
      if (figs_add_group(&owner, &keys[g], vals[g]))
        return FC_ERR_OVERFLOW;
    owner.savings = savings_of(r, keys, vals, i, j);
    if (figs_add(&r->direct[node_slot(r, keys[i].node)], &owner))
      return FC_ERR_OVERFLOW;
    if (keys[i].workload >= 0 && figs_add(&r->wl[keys[i].workload], &owner))
      return FC_ERR_OVERFLOW;
    i = j;
  }
  /* roll up: each node's direct figures into itself, its ancestors and the organisation */
  for (size_t n = 0; n <= r->nn; n++) {
    if (figs_add(&r->rolled[r->nn], &r->direct[n]))
      return FC_ERR_OVERFLOW;
    if (n == r->nn)
      break;
    for (int a = (int)n; a >= 0; a = api->node(r->ctx, (size_t)a)->parent)
      if (figs_add(&r->rolled[a], &r->direct[n]))
        return FC_ERR_OVERFLOW;
  }
  return FC_OK;
}

/* Per-model cost of one workload, for the price mix of its estimate. */
typedef struct wmodel {
  const price_model *pm;
  double cost;
} wmodel;

/* Pass 3: estimates per workload, then their sums per node. */
static fc_status estimate(run *r) {
  const fc_host_api *api = r->api;
  const price_table *pt = &r->s->prices;
  wmodel *wm = api->alloc(r->ctx, (r->mdl.n + 1) * sizeof *wm);
  if (!wm)
    return FC_ERR_NOMEM;
  for (size_t w = 0; w < r->nw; w++) {
    const fc_workload_info *wi = api->workload(r->ctx, w);
    figs *f = &r->wl[w];
    if (wi->estimate_kind == FC_ESTIMATE_NONE)
      continue;
    /* the workload's models with a list price for input, weighted by their usage cost */
    memset(wm, 0, (r->mdl.n + 1) * sizeof *wm);
    for (size_t g = 0; g < r->groups.n; g++) {
      const gkey *k = fck_kmap_key(&r->groups, g);
      const gval *v = fck_kmap_val(&r->groups, g);
      const price_model *pm = r->mdl.v[k->model].pm;
      if (k->workload != (int32_t)w || !pm || !pm->base.has[PK_IN] || v->cost <= 0)
        continue;
      wm[k->model].pm = pm;
      wm[k->model].cost += (double)v->cost;
    }
    double total = 0;
    for (size_t m = 0; m < r->mdl.n; m++)
      total += wm[m].cost;
    double mix[NEST];
    for (int k = 0; k < NEST; k++)
      mix[k] = r->s->mix_actual ? (double)est_actual(f, k) : pt->sizing_mix[k];
    if (wi->estimate_kind == FC_ESTIMATE_USD) {
      f->est_usd = wi->estimate_usd;
      f->est_usd_known = 1;
      /* dollars -> tokens: the budget split over the models by cost share, each share spent on the
       * mix at the model's on-demand list price */
      double tok[NEST] = {0, 0, 0, 0};
      int any = 0;
      for (size_t m = 0; m < r->mdl.n && total > 0; m++) {
        if (!wm[m].pm)
          continue;
        double unit = 0; /* 1e-10 USD per million "mix units" */
        for (int k = 0; k < NEST; k++)
          if (wm[m].pm->base.has[k])
            unit += mix[k] * (double)wm[m].pm->base.v[k];
        if (unit <= 0)
          continue;
        double units = (double)wi->estimate_usd * (wm[m].cost / total) / unit * 1e6;
        for (int k = 0; k < NEST; k++)
          if (wm[m].pm->base.has[k])
            tok[k] += units * mix[k];
        any = 1;
      }
      if (any) {
        f->est_tok_known = 1;
        for (int k = 0; k < NEST; k++)
          f->est_tok[k] = round_double(tok[k]);
      }
    } else {
      f->est_tok_known = 1;
      for (int k = 0; k < NEST; k++)
        f->est_tok[k] = wi->estimate_tokens[k];
      /* tokens -> dollars at the workload's models' on-demand list prices */
      double usd = 0;
      for (size_t m = 0; m < r->mdl.n && total > 0; m++) {
        if (!wm[m].pm)
          continue;
        for (int k = 0; k < NEST; k++)
          if (wm[m].pm->base.has[k])
            usd += (wm[m].cost / total) * (double)f->est_tok[k] * (double)wm[m].pm->base.v[k] / 1e6;
      }
      if (total > 0) {
        f->est_usd = round_double(usd);
        f->est_usd_known = 1;
      }
    }
    if (f->est_usd_known) {
      f->pro_usd = muldiv(r, f->est_usd, r->elapsed, r->ndays);
      f->est_cost_basis = f->cost;
    }
    if (f->est_tok_known)
      for (int k = 0; k < NEST; k++) {
        f->pro_tok[k] = muldiv(r, f->est_tok[k], r->elapsed, r->ndays);
        f->est_tok_actual[k] = est_actual(f, k);
      }
  }
  /* node sums */
  for (size_t w = 0; w < r->nw; w++) {
    const figs *f = &r->wl[w];
    int node = api->workload(r->ctx, w)->node;
    for (int a = node;; a = api->node(r->ctx, (size_t)a)->parent) {
      figs *n = &r->rolled[a < 0 ? r->nn : (size_t)a];
      if (f->est_usd_known) {
        n->est_usd_known++;
        if (fc_add_checked(&n->est_usd, f->est_usd) || fc_add_checked(&n->pro_usd, f->pro_usd) ||
            fc_add_checked(&n->est_cost_basis, f->est_cost_basis))
          return FC_ERR_OVERFLOW;
      }
      if (f->est_tok_known) {
        n->est_tok_known++;
        for (int k = 0; k < NEST; k++)
          if (fc_add_checked(&n->est_tok[k], f->est_tok[k]) ||
              fc_add_checked(&n->pro_tok[k], f->pro_tok[k]) ||
              fc_add_checked(&n->est_tok_actual[k], f->est_tok_actual[k]))
            return FC_ERR_OVERFLOW;
      }
      if (a < 0)
        break;
    }
  }
  return FC_OK;
}

static int64_t forecast(run *r, int64_t mtd) {
  return r->elapsed > 0 ? muldiv(r, mtd, r->ndays, r->elapsed) : mtd;
}

/* ---- output ---- */

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))
#define TXT(v) ((fc_value){(v), 0, 0})
#define INT(v) ((fc_value){NULL, (int64_t)(v), 0})
#define RAT(v) ((fc_value){NULL, 0, (v)})

/* tokens._fact_models: the canonical model name by what decides it, a fact's model, usage type,
 * product name and family (string ids; family as fc_family), for the usage facts of the period that
 * have one, so that other plugins (model policy) name models exactly as the token figures and the
 * price catalog do: a row per such key, not per fact. */
static fc_status emit_fact_models(run *r) {
  static const fc_column cols[] = {{"model_id", FC_COL_INT},
                                   {"usage_type", FC_COL_INT},
                                   {"product_name", FC_COL_INT},
                                   {"family", FC_COL_INT},
                                   {"model", FC_COL_TEXT}};
  fc_table *t;
  fc_status st = r->api->table_create(r->ctx, "tokens._fact_models", cols, NCOLS(cols), &t);
  for (size_t i = 0; !st && i < r->model_of.n; i++) {
    const uint32_t *k = fck_kmap_key(&r->model_of, i);
    int m = *(const int *)fck_kmap_val(&r->model_of, i) - 1;
    if (m < 0 || !r->mdl.v[m].name[0])
      continue;
    fc_value row[5] = {INT(k[0]), INT(k[1]), INT(k[2]), INT(k[3]), TXT(r->mdl.v[m].name)};
    st = r->api->table_append(r->ctx, t, -1, row);
  }
  return st;
}

static fc_status emit_nodes(run *r) {
  static const fc_column cols[] = {{"estimate_usd", FC_COL_MONEY},
                                   {"has_estimate", FC_COL_INT},
                                   {"prorated_estimate_usd", FC_COL_MONEY},
                                   {"forecast_usd", FC_COL_MONEY},
                                   {"forecast_estimated_usd", FC_COL_MONEY},
                                   {"tokens.input", FC_COL_INT},
                                   {"tokens.output", FC_COL_INT},
                                   {"tokens.cache_read", FC_COL_INT},
                                   {"tokens.cache_write", FC_COL_INT},
                                   {"tokens.cache_write_1h", FC_COL_INT},
                                   {"cache_hit_rate", FC_COL_RATIO},
                                   {"cache_hit_rate_healthy", FC_COL_RATIO},
                                   {"cache_savings_usd", FC_COL_MONEY},
                                   {"cache_savings_month_usd", FC_COL_MONEY},
                                   {"variance.usd", FC_COL_RATIO},
                                   {"variance.input", FC_COL_RATIO},
                                   {"variance.output", FC_COL_RATIO},
                                   {"variance.cache_read", FC_COL_RATIO},
                                   {"variance.cache_write", FC_COL_RATIO}};
  fc_table *t;
  fc_status st = r->api->table_create(r->ctx, "tokens.nodes", cols, NCOLS(cols), &t);
  if (st)
    return st;
  for (size_t n = 0; n < r->nn; n++) {
    const figs *f = &r->rolled[n];
    fc_value row[NCOLS(cols)] = {INT(f->est_usd_known > 0 ? f->est_usd : FC_NULL_INT),
                                 INT(f->est_usd_known > 0),
                                 INT(f->est_usd_known > 0 ? f->pro_usd : FC_NULL_INT),
                                 INT(forecast(r, f->cost)),
                                 INT(f->est_usd_known > 0 ? forecast(r, f->est_cost_basis) : FC_NULL_INT),
                                 INT(f->tok[FCB_TOK_INPUT]),
                                 INT(f->tok[FCB_TOK_OUTPUT]),
                                 INT(f->tok[FCB_TOK_CACHE_READ]),
                                 INT(f->tok[FCB_TOK_CACHE_WRITE] + f->tok[FCB_TOK_CACHE_WRITE_1H]),
                                 INT(f->tok[FCB_TOK_CACHE_WRITE_1H]),
                                 RAT(hit_rate(f->tok)),
                                 RAT(r->s->healthy),
                                 INT(f->savings),
                                 INT(forecast(r, f->savings)),
                                 RAT(ratio((double)f->est_cost_basis, (double)f->pro_usd)),
                                 RAT(ratio((double)f->est_tok_actual[0], (double)f->pro_tok[0])),
                                 RAT(ratio((double)f->est_tok_actual[1], (double)f->pro_tok[1])),
                                 RAT(ratio((double)f->est_tok_actual[2], (double)f->pro_tok[2])),
                                 RAT(ratio((double)f->est_tok_actual[3], (double)f->pro_tok[3]))};
    if ((st = r->api->table_append(r->ctx, t, (int)n, row)))
      return st;
  }
  return FC_OK;
}

/* Cost and tokens per token type for every node (what each type of token cost there). */
static fc_status emit_node_token_costs(run *r) {
  static const fc_column cols[] = {
      {"token_kind", FC_COL_TEXT}, {"usage_usd", FC_COL_MONEY}, {"tokens", FC_COL_INT}};
  static const char *const names[] = {"input", "output", "cache_read", "cache_write", "other"};
  fc_table *t;
  fc_status st = r->api->table_create(r->ctx, "tokens.node_token_costs", cols, NCOLS(cols), &t);
  if (st)
    return st;
  for (size_t n = 0; n < r->nn; n++) {
    const figs *f = &r->rolled[n];
    int64_t cost[5] = {f->kcost[FCB_TOK_INPUT], f->kcost[FCB_TOK_OUTPUT], f->kcost[FCB_TOK_CACHE_READ],
                       f->kcost[FCB_TOK_CACHE_WRITE] + f->kcost[FCB_TOK_CACHE_WRITE_1H],
                       f->kcost[FCB_TOK_OTHER]};
    int64_t tok[5] = {f->tok[FCB_TOK_INPUT], f->tok[FCB_TOK_OUTPUT], f->tok[FCB_TOK_CACHE_READ],
                      f->tok[FCB_TOK_CACHE_WRITE] + f->tok[FCB_TOK_CACHE_WRITE_1H], f->tok[FCB_TOK_OTHER]};
    for (int k = 0; k < 5; k++) {
      if (k == 4 && cost[k] == 0)
        continue;
      fc_value row[NCOLS(cols)] = {{.s = names[k]}, INT(cost[k]), INT(tok[k])};
      if ((st = r->api->table_append(r->ctx, t, (int)n, row)))
        return st;
    }
  }
  return FC_OK;
}

/* tokens.totals: the organisation's month-end forecast, from all Bedrock usage of the period
 * (the rows of tokens.by_model, which hold every usage fact once). */
static fc_status emit_totals(run *r) {
  const fc_table *bm = r->api->table_find(r->ctx, "tokens.by_model");
  int cu = bm ? fck_col(r->api, bm, "usage_usd", FC_COL_MONEY) : -1;
  int64_t all = 0;
  for (size_t i = 0; cu >= 0 && i < r->api->table_rows(bm); i++) {
    int64_t v = r->api->table_cell(bm, i, (size_t)cu).i;
    if (v != FC_NULL_INT && fck_add(r->ctx, &all, v))
      return FC_ERR_OVERFLOW;
  }
  static const fc_column cols[] = {{"forecast_usd", FC_COL_MONEY}};
  fc_table *t;
  fc_status st = r->api->table_create(r->ctx, "tokens.totals", cols, 1, &t);
  if (st)
    return st;
  fc_value row[1] = {INT(forecast(r, all))};
  return r->api->table_append(r->ctx, t, -1, row);
}

static const char *kind_name(int k) {
  static const char *const n[] = {"none", "usd", "tokens"};
  return k >= 0 && k <= 2 ? n[k] : "none";
}

static fc_status emit_workloads(run *r) {
  static const fc_column cols[] = {{"workload_id", FC_COL_TEXT},
                                   {"estimate_kind", FC_COL_TEXT},
                                   {"estimate_usd", FC_COL_MONEY},
                                   {"has_estimate", FC_COL_INT},
                                   {"prorated_estimate_usd", FC_COL_MONEY},
                                   {"usage_usd", FC_COL_MONEY},
                                   {"forecast_usd", FC_COL_MONEY},
                                   {"forecast_over_usd", FC_COL_MONEY},
                                   {"days_elapsed", FC_COL_INT},
                                   {"days_in_period", FC_COL_INT},
                                   {"tokens.input", FC_COL_INT},
                                   {"tokens.output", FC_COL_INT},
                                   {"tokens.cache_read", FC_COL_INT},
                                   {"tokens.cache_write", FC_COL_INT},
                                   {"tokens.cache_write_1h", FC_COL_INT},
                                   {"has_estimate_tokens", FC_COL_INT},
                                   {"estimate_tokens.input", FC_COL_INT},
                                   {"estimate_tokens.output", FC_COL_INT},
                                   {"estimate_tokens.cache_read", FC_COL_INT},
                                   {"estimate_tokens.cache_write", FC_COL_INT},
                                   {"prorated_tokens.input", FC_COL_INT},
                                   {"prorated_tokens.output", FC_COL_INT},
                                   {"prorated_tokens.cache_read", FC_COL_INT},
                                   {"prorated_tokens.cache_write", FC_COL_INT},
                                   {"variance.usd", FC_COL_RATIO},
                                   {"variance.input", FC_COL_RATIO},
                                   {"variance.output", FC_COL_RATIO},
                                   {"variance.cache_read", FC_COL_RATIO},
                                   {"variance.cache_write", FC_COL_RATIO},
                                   {"cache_hit_rate", FC_COL_RATIO},
                                   {"cache_savings_usd", FC_COL_MONEY},
                                   {"cache_savings_month_usd", FC_COL_MONEY}};
  fc_table *t;
  fc_status st = r->api->table_create(r->ctx, "tokens.workloads", cols, NCOLS(cols), &t);
  if (st)
    return st;
  for (size_t w = 0; w < r->nw; w++) {
    const fc_workload_info *wi = r->api->workload(r->ctx, w);
    const figs *f = &r->wl[w];
    int64_t fc = forecast(r, f->cost);
    fc_value row[NCOLS(cols)] = {TXT(wi->id),
                                 TXT(kind_name(wi->estimate_kind)),
                                 INT(f->est_usd_known ? f->est_usd : FC_NULL_INT),
                                 INT(f->est_usd_known),
                                 INT(f->est_usd_known ? f->pro_usd : FC_NULL_INT),
                                 INT(f->cost),
                                 INT(fc),
                                 INT(f->est_usd_known ? fc - f->est_usd : FC_NULL_INT),
                                 INT(r->elapsed),
                                 INT(r->ndays),
                                 INT(f->tok[FCB_TOK_INPUT]),
                                 INT(f->tok[FCB_TOK_OUTPUT]),
                                 INT(f->tok[FCB_TOK_CACHE_READ]),
                                 INT(f->tok[FCB_TOK_CACHE_WRITE] + f->tok[FCB_TOK_CACHE_WRITE_1H]),
                                 INT(f->tok[FCB_TOK_CACHE_WRITE_1H]),
                                 INT(f->est_tok_known),
                                 INT(f->est_tok[0]),
                                 INT(f->est_tok[1]),
                                 INT(f->est_tok[2]),
                                 INT(f->est_tok[3]),
                                 INT(f->pro_tok[0]),
                                 INT(f->pro_tok[1]),
                                 INT(f->pro_tok[2]),
                                 INT(f->pro_tok[3]),
                                 RAT(f->est_usd_known ? ratio((double)f->cost, (double)f->pro_usd) : NAN),
                                 RAT(ratio((double)est_actual(f, 0), (double)f->pro_tok[0])),
                                 RAT(ratio((double)est_actual(f, 1), (double)f->pro_tok[1])),
                                 RAT(ratio((double)est_actual(f, 2), (double)f->pro_tok[2])),
                                 RAT(ratio((double)est_actual(f, 3), (double)f->pro_tok[3])),
                                 RAT(hit_rate(f->tok)),
                                 INT(f->savings),
                                 INT(forecast(r, f->savings))};
    if ((st = r->api->table_append(r->ctx, t, wi->node, row)))
      return st;
  }
  return FC_OK;
}

/* Breakdowns by model, region type or tier, per node rolled up and for the organisation (-1). */
typedef struct bkey {
  int32_t node; /* node, or -1 for the organisation */
  int32_t value;
} bkey;
typedef struct bval {
  int64_t tok[NTOK];
  int64_t cost;
} bval;

enum { BY_MODEL, BY_REGION, BY_TIER };

static const char *by_label(const run *r, int by, int v) {
  if (by == BY_MODEL)
    return r->mdl.v[v].name[0] ? r->mdl.v[v].name : "(no model)";
  return by == BY_REGION ? fcb_region_type_name((fcb_region_type)v) : fcb_tier_name((fcb_tier)v);
}

/* What the comparisons below need, passed through qsort_r. */
typedef struct bsort {
  const run *r;
  int by;
} bsort;

static int cmp_brow(const void *x, const void *y, void *u) {
  const bsort *sb = u;
  const bkey *a = x, *b = y;
  if (a->node != b->node)
    return a->node < b->node ? -1 : 1;
  if (sb->by != BY_MODEL)
    return a->value < b->value ? -1 : a->value > b->value;
  return strcmp(by_label(sb->r, BY_MODEL, a->value), by_label(sb->r, BY_MODEL, b->value));
}

static fc_status emit_breakdown(run *r, int by, const char *name, const char *label_col, int org, int nodes) {
  const fc_host_api *api = r->api;
  fck_kmap m;
  fck_kmap_init(&m, r->ctx, sizeof(bkey), sizeof(bval));
  for (size_t g = 0; g < r->groups.n; g++) {
    const gkey *k = fck_kmap_key(&r->groups, g);
    const gval *v = fck_kmap_val(&r->groups, g);
    int32_t value = by == BY_MODEL ? k->model : by == BY_REGION ? k->region : k->tier;
    for (int a = nodes ? k->node : -1;; a = api->node(r->ctx, (size_t)a)->parent) {
      if (a >= 0 || org) {
        bkey bk = {a, value};
        bval *b = fck_kmap_get(&m, &bk, 1);
        if (!b)
          return FC_ERR_NOMEM;
        if (fc_add_checked(&b->tok[k->token], v->tokens) || fc_add_checked(&b->cost, v->cost))
          return FC_ERR_OVERFLOW;
      }
      if (a < 0)
        break;
    }
  }
  bkey *keys = api->alloc(r->ctx, (m.n + 1) * sizeof *keys);
  if (!keys)
    return FC_ERR_NOMEM;
  if (m.n)
    memcpy(keys, m.keys, m.n * sizeof *keys);
  bsort sb = {r, by};
  qsort_r(keys, m.n, sizeof *keys, cmp_brow, &sb);
  const fc_column cols[] = {{label_col, FC_COL_TEXT},
                            {"usage_usd", FC_COL_MONEY},
                            {"tokens.input", FC_COL_INT},
                            {"tokens.output", FC_COL_INT},
                            {"tokens.cache_read", FC_COL_INT},
                            {"tokens.cache_write", FC_COL_INT},
                            {"tokens.cache_write_1h", FC_COL_INT},
                            {"cache_hit_rate", FC_COL_RATIO},
                            {"list_priced", FC_COL_INT}};
  size_t ncols = by == BY_MODEL ? NCOLS(cols) : NCOLS(cols) - 1;
  fc_table *t;
  fc_status st = api->table_create(r->ctx, name, cols, ncols, &t);
  if (st)
    return st;
  for (size_t i = 0; i < m.n; i++) {
    const bval *b = fck_kmap_get(&m, &keys[i], 0);
    fc_value row[NCOLS(cols)] = {
        TXT(by_label(r, by, keys[i].value)),
        INT(b->cost),
        INT(b->tok[FCB_TOK_INPUT]),
        INT(b->tok[FCB_TOK_OUTPUT]),
        INT(b->tok[FCB_TOK_CACHE_READ]),
        INT(b->tok[FCB_TOK_CACHE_WRITE] + b->tok[FCB_TOK_CACHE_WRITE_1H]),
        INT(b->tok[FCB_TOK_CACHE_WRITE_1H]),
        RAT(hit_rate(b->tok)),
        INT(by == BY_MODEL && r->mdl.v[keys[i].value].pm && r->mdl.v[keys[i].value].pm->base.has[PK_IN])};
    if ((st = api->table_append(r->ctx, t, keys[i].node, row)))
      return st;
  }
  return FC_OK;
}

static fc_status emit_daily(run *r) {
  static const fc_column cols[] = {{"workload_id", FC_COL_TEXT},
                                   {"day", FC_COL_DATE},
                                   {"usage_usd", FC_COL_MONEY},
                                   {"cumulative_usd", FC_COL_MONEY},
                                   {"estimate_to_date_usd", FC_COL_MONEY},
                                   {"has_estimate", FC_COL_INT}};
  fc_table *t;
  fc_status st = r->api->table_create(r->ctx, "tokens.daily", cols, NCOLS(cols), &t);
  if (st)
    return st;
  int32_t days = r->elapsed;
  if (r->last_day >= r->first_day && r->last_day - r->first_day + 1 > days)
    days = r->last_day - r->first_day + 1;
  if (days > r->ndays)
    days = r->ndays;
  for (size_t w = 0; w < r->nw; w++) {
    const fc_workload_info *wi = r->api->workload(r->ctx, w);
    const figs *f = &r->wl[w];
    if (f->cost == 0 && !f->est_usd_known)
      continue;
    int64_t cum = 0;
    for (int32_t d = 0; d < days; d++) {
      dkey dk = {(int32_t)w, r->first_day + d};
      const int64_t *c = fck_kmap_get(&r->daily, &dk, 0);
      int64_t usd = c ? *c : 0;
      if (fc_add_checked(&cum, usd))
        return FC_ERR_OVERFLOW;
      fc_value row[NCOLS(cols)] = {TXT(wi->id),
                                   INT(r->first_day + d),
                                   INT(usd),
                                   INT(cum),
                                   INT(f->est_usd_known ? muldiv(r, f->est_usd, d + 1, r->ndays) : 0),
                                   INT(f->est_usd_known)};
      if ((st = r->api->table_append(r->ctx, t, wi->node, row)))
        return st;
    }
  }
  return FC_OK;
}

static int cmp_ukey(const void *x, const void *y, void *u) {
  const bsort *sb = u;
  const ukey *a = x, *b = y;
  int c = strcmp(sb->r->api->str(sb->r->ctx, a->usage_type), sb->r->api->str(sb->r->ctx, b->usage_type));
  if (c)
    return c;
  if (a->region != b->region)
    return a->region < b->region ? -1 : 1;
  c = strcmp(sb->r->mdl.v[a->model].name, sb->r->mdl.v[b->model].name);
  if (c)
    return c;
  return strcmp(sb->r->api->str(sb->r->ctx, a->unit), sb->r->api->str(sb->r->ctx, b->unit));
}

static fc_status emit_usage_types(run *r) {
  const fc_host_api *api = r->api;
  static const fc_column cols[] = {
      {"usage_type", FC_COL_TEXT}, {"pricing_unit", FC_COL_TEXT}, {"token_kind", FC_COL_TEXT},
      {"tier", FC_COL_TEXT},       {"region_type", FC_COL_TEXT},  {"model", FC_COL_TEXT},
      {"marketplace", FC_COL_INT}, {"long_context", FC_COL_INT},  {"recognised", FC_COL_INT},
      {"usage_usd", FC_COL_MONEY}, {"tokens", FC_COL_INT},        {"rows", FC_COL_INT}};
  ukey *keys = api->alloc(r->ctx, (r->audit.n + 1) * sizeof *keys);
  if (!keys)
    return FC_ERR_NOMEM;
  if (r->audit.n)
    memcpy(keys, r->audit.keys, r->audit.n * sizeof *keys);
  bsort sb = {r, BY_MODEL};
  qsort_r(keys, r->audit.n, sizeof *keys, cmp_ukey, &sb);
  fc_table *t;
  fc_status st = api->table_create(r->ctx, "tokens.usage_types", cols, NCOLS(cols), &t);
  if (st)
    return st;
  for (size_t i = 0; i < r->audit.n; i++) {
    const uval *v = fck_kmap_get(&r->audit, &keys[i], 0);
    const fcb_usage *u = usage_info(r, keys[i].usage_type);
    if (!u)
      return FC_ERR_NOMEM;
    fc_value row[NCOLS(cols)] = {TXT(api->str(r->ctx, keys[i].usage_type)),
                                 TXT(api->str(r->ctx, keys[i].unit)),
                                 TXT(v->unknown ? "unknown" : fcb_token_name(u->token)),
                                 TXT(fcb_tier_name(u->tier)),
                                 TXT(fcb_region_type_name((fcb_region_type)keys[i].region)),
                                 TXT(r->mdl.v[keys[i].model].name),
                                 INT(u->marketplace),
                                 INT(u->long_context),
                                 INT(!v->unknown),
                                 INT(v->cost),
                                 INT(v->tokens),
                                 INT(v->rows)};
    if ((st = api->table_append(r->ctx, t, -1, row)))
      return st;
  }
  return FC_OK;
}

/* ---- alerts and findings ---- */

typedef struct outs {
  fc_table *alerts, *findings;
} outs;

static fc_status alert(run *r, outs *o, int node, const char *workload_id, const char *kind,
                       const char *severity, const char *assignee, int64_t usd, const char *key,
                       const char *message, const char *detail) {
  fc_value a[4] = {TXT(kind), TXT(severity), TXT(message), INT(usd)};
  fc_status st = r->api->table_append(r->ctx, o->alerts, node, a);
  if (st)
    return st;
  fc_value f[7] = {TXT(kind), TXT(severity), TXT(workload_id ? workload_id : ""), TXT(assignee), INT(usd),
                   TXT(key),  TXT(detail)};
  return r->api->table_append(r->ctx, o->findings, node, f);
}

static int cmp_xkey(const void *x, const void *y, void *u) {
  const bsort *sb = u;
  const xkey *a = x, *b = y;
  if (a->node != b->node)
    return a->node < b->node ? -1 : 1;
  if (a->workload != b->workload)
    return a->workload < b->workload ? -1 : 1;
  int c = strcmp(sb->r->api->str(sb->r->ctx, a->usage_type), sb->r->api->str(sb->r->ctx, b->usage_type));
  return c ? c : strcmp(sb->r->api->str(sb->r->ctx, a->unit), sb->r->api->str(sb->r->ctx, b->unit));
}

static fc_status unknown_alerts(run *r, outs *o, const xkey *keys, size_t n, int32_t workload) {
  const fc_host_api *api = r->api;
  char usd[48], msg[640], detail[768], key[512];
  for (size_t i = 0; i < n; i++) {
    if (keys[i].workload != workload)
      continue;
    const gval *v = fck_kmap_get(&r->unknown, &keys[i], 0);
    const char *ut = api->str(r->ctx, keys[i].usage_type), *unit = api->str(r->ctx, keys[i].unit);
    fck_usd(v->cost, usd);
    snprintf(msg, sizeof msg,
             "Usage type %s (pricing unit '%s') is not recognised: %s USD counted without tokens", ut, unit,
             usd);
    snprintf(
        detail, sizeof detail,
        "Usage type %s (pricing unit '%s', %s USD) has a shape the token classifier does not know: check "
        "it and extend the classifier so its tokens are counted.",
        ut, unit, usd);
    snprintf(key, sizeof key, "%s|%s", ut, unit);
    fc_status st = alert(r, o, keys[i].node, workload >= 0 ? api->workload(r->ctx, (size_t)workload)->id : "",
                         "unknown_usage_type", "medium", "finops_leader", v->cost, key, msg, detail);
    if (st)
      return st;
  }
  return FC_OK;
}

static fc_status emit_alerts(run *r) {
  const fc_host_api *api = r->api;
  static const fc_column acols[] = {
      {"kind", FC_COL_TEXT}, {"severity", FC_COL_TEXT}, {"message", FC_COL_TEXT}, {"usd", FC_COL_MONEY}};
  static const fc_column fcols[] = {{"kind", FC_COL_TEXT},          {"severity", FC_COL_TEXT},
                                    {"workload_id", FC_COL_TEXT},   {"assignee_role", FC_COL_TEXT},
                                    {"usd_at_stake", FC_COL_MONEY}, {"key", FC_COL_TEXT},
                                    {"detail", FC_COL_TEXT}};
  outs o;
  fc_status st = api->table_create(r->ctx, "tokens.alerts", acols, NCOLS(acols), &o.alerts);
  if (!st)
    st = api->table_create(r->ctx, "tokens.findings", fcols, NCOLS(fcols), &o.findings);
  if (st)
    return st;
  /* unknown usage types, sorted, and a warning per usage type */
  xkey *xk = api->alloc(r->ctx, (r->unknown.n + 1) * sizeof *xk);
  if (!xk)
    return FC_ERR_NOMEM;
  if (r->unknown.n)
    memcpy(xk, r->unknown.keys, r->unknown.n * sizeof *xk);
  bsort sb = {r, BY_MODEL};
  qsort_r(xk, r->unknown.n, sizeof *xk, cmp_xkey, &sb);
  {
    ukey *uk = api->alloc(r->ctx, (r->audit.n + 1) * sizeof *uk);
    if (!uk)
      return FC_ERR_NOMEM;
    if (r->audit.n)
      memcpy(uk, r->audit.keys, r->audit.n * sizeof *uk);
    qsort_r(uk, r->audit.n, sizeof *uk, cmp_ukey, &sb);
    char usd[48];
    for (size_t i = 0; i < r->audit.n; i++) {
      const uval *v = fck_kmap_get(&r->audit, &uk[i], 0);
      if (v->unknown)
        api->log(r->ctx, FC_LOG_WARN,
                 "usage type '%s' (pricing unit '%s') is not recognised: %s USD in %llu rows counted without "
                 "tokens",
                 api->str(r->ctx, uk[i].usage_type), api->str(r->ctx, uk[i].unit), fck_usd(v->cost, usd),
                 (unsigned long long)v->rows);
    }
  }
  char a1[48], a2[48], a3[48], a4[48], msg[512], detail[640], key[64];
  double healthy = r->s->healthy;
  for (size_t w = 0; w < r->nw; w++) {
    const fc_workload_info *wi = api->workload(r->ctx, w);
    const figs *f = &r->wl[w];
    int node = wi->node;
    int64_t fc = forecast(r, f->cost);
    if (f->est_usd_known && fc > f->est_usd) {
      int64_t over = fc - f->est_usd;
      snprintf(msg, sizeof msg,
               "Month-end forecast %s USD exceeds the %s USD estimate by %s USD (%s USD in %d of %d days)",
               fck_usd(fc, a1), fck_usd(f->est_usd, a2), fck_usd(over, a3), fck_usd(f->cost, a4),
               (int)r->elapsed, (int)r->ndays);
      snprintf(detail, sizeof detail,
               "At the current run rate %s ends the month at %s USD, %s USD over its %s USD estimate: reduce "
               "usage or revise the estimate.",
               wi->id, a1, a3, a2);
      st = alert(r, &o, node, wi->id, "forecast_over_estimate", over > f->est_usd / 10 ? "high" : "medium",
                 "product_owner", over, "forecast", msg, detail);
      if (st)
        return st;
    }
    if (f->est_tok_known)
      for (int k = 0; k < NEST; k++) {
        int64_t act = est_actual(f, k), pro = f->pro_tok[k];
        if (pro <= 0 || !((double)act > OVER_RATIO * (double)pro))
          continue;
        /* the excess at what this workload actually paid per token of the type */
        int64_t kc =
            k == 3 ? f->kcost[FCB_TOK_CACHE_WRITE] + f->kcost[FCB_TOK_CACHE_WRITE_1H] : f->kcost[k + 1];
        int64_t usd = act > 0 ? round_double((double)kc * (double)(act - pro) / (double)act) : 0;
        snprintf(msg, sizeof msg, "%s tokens are %.2fx the prorated estimate (%s vs %s after %d of %d days)",
                 est_titles[k], (double)act / (double)pro, fck_group(act, a1), fck_group(pro, a2),
                 (int)r->elapsed, (int)r->ndays);
        snprintf(
            detail, sizeof detail,
            "%s tokens of %s are %.2fx the prorated estimate (%s vs %s): find what drives them or revise "
            "the estimate.",
            est_titles[k], wi->id, (double)act / (double)pro, a1, a2);
        snprintf(key, sizeof key, "tokens.%s", est_names[k]);
        if ((st = alert(r, &o, node, wi->id, "tokens_over_estimate", "medium", "product_owner", usd, key, msg,
                        detail)))
          return st;
      }
    double hr = hit_rate(f->tok);
    if (!isnan(hr) && hr < healthy && f->savings > 0) {
      snprintf(
          msg, sizeof msg,
          "Cache hit rate is %.1f%%, below the healthy %.1f%%: about %s USD would have been saved this month "
          "to date (%s USD over the month)",
          hr * 100, healthy * 100, fck_usd(f->savings, a1), fck_usd(forecast(r, f->savings), a2));
      snprintf(detail, sizeof detail,
               "Cache hit rate of %s is %.1f%% against a healthy %.1f%%: cache the stable prompt prefix "
               "(system prompt, tools, documents) to save about %s USD a month.",
               wi->id, hr * 100, healthy * 100, a2);
      /* at stake: the month's saving, the figure the text gives */
      if ((st = alert(r, &o, node, wi->id, "cache_below_healthy", "medium", "cloud_engineer",
                      forecast(r, f->savings), "cache_hit_rate", msg, detail)))
        return st;
    }
    if (wi->estimate_kind == FC_ESTIMATE_NONE && f->cost > 0) {
      snprintf(msg, sizeof msg, "Spent %s USD this month to date with no estimate (forecast %s USD)",
               fck_usd(f->cost, a1), fck_usd(fc, a2));
      snprintf(detail, sizeof detail,
               "%s spends Bedrock money (%s USD so far, %s USD forecast) without an estimate: add one in "
               "finops.yaml.",
               wi->id, a1, a2);
      if ((st = alert(r, &o, node, wi->id, "no_estimate", "low", "product_owner", f->cost, "estimate", msg,
                      detail)))
        return st;
    }
    if ((st = unknown_alerts(r, &o, xk, r->unknown.n, (int32_t)w)))
      return st;
  }
  return unknown_alerts(r, &o, xk, r->unknown.n, -1);
}

/* ---- the variance split (variance.c): against the estimate and against last month ---- */

typedef struct vkey {
  int32_t workload, model, kind;
} vkey;
typedef struct vval {
  double q0, c0, q1;
  int64_t c1;
} vval;

static int vkind(int token) {
  switch (token) {
  case FCB_TOK_INPUT:
    return FCV_INPUT;
  case FCB_TOK_OUTPUT:
    return FCV_OUTPUT;
  case FCB_TOK_CACHE_READ:
    return FCV_CACHE_READ;
  case FCB_TOK_CACHE_WRITE:
    return FCV_CACHE_WRITE;
  case FCB_TOK_CACHE_WRITE_1H:
    return FCV_CACHE_WRITE_1H;
  default:
    return FCV_OTHER;
  }
}

static vval *vget(fck_kmap *m, int32_t w, int32_t mi, int kind) {
  vkey k = {w, mi, kind};
  return fck_kmap_get(m, &k, 1);
}

static int cmp_vkey(const void *x, const void *y) {
  const vkey *a = x, *b = y;
  if (a->workload != b->workload)
    return a->workload < b->workload ? -1 : 1;
  if (a->model != b->model)
    return a->model < b->model ? -1 : 1;
  return a->kind < b->kind ? -1 : a->kind > b->kind;
}

/* The baseline of the estimate: the tokens the dollar estimate buys (or the token estimate) per
 * model and type, at the on-demand list price, as in estimate(). */
static fc_status variance_estimate(run *r, fck_kmap *vm, size_t w) {
  const figs *f = &r->wl[w];
  const price_table *pt = &r->s->prices;
  if (!f->est_tok_known)
    return FC_OK;
  double total = 0, *wc = r->api->alloc(r->ctx, (r->mdl.n + 1) * sizeof *wc);
  if (!wc)
    return FC_ERR_NOMEM;
  memset(wc, 0, (r->mdl.n + 1) * sizeof *wc);
  for (size_t g = 0; g < r->groups.n; g++) {
    const gkey *k = fck_kmap_key(&r->groups, g);
    const gval *v = fck_kmap_val(&r->groups, g);
    const price_model *pm = r->mdl.v[k->model].pm;
    if (k->workload == (int32_t)w && pm && pm->base.has[PK_IN] && v->cost > 0) {
      wc[k->model] += (double)v->cost;
      total += (double)v->cost;
    }
  }
  const fc_workload_info *wi = r->api->workload(r->ctx, w);
  double mix[NEST];
  for (int k = 0; k < NEST; k++)
    mix[k] = r->s->mix_actual ? (double)est_actual(f, k) : pt->sizing_mix[k];
  for (size_t m = 0; m < r->mdl.n && total > 0; m++) {
    const price_model *pm = r->mdl.v[m].pm;
    if (wc[m] <= 0)
      continue;
    double unit = 0, units = 0;
    for (int k = 0; k < NEST; k++)
      if (pm->base.has[k])
        unit += mix[k] * (double)pm->base.v[k];
    if (wi->estimate_kind == FC_ESTIMATE_USD && unit <= 0)
      continue;
    if (wi->estimate_kind == FC_ESTIMATE_USD)
      units = (double)wi->estimate_usd * (wc[m] / total) / unit * 1e6;
    for (int k = 0; k < NEST; k++) {
      if (!pm->base.has[k])
        continue;
      double q =
          wi->estimate_kind == FC_ESTIMATE_USD ? units * mix[k] : wc[m] / total * (double)f->est_tok[k];
      vval *v = vget(vm, (int32_t)w, (int32_t)m, k); /* NEST order = FCV order */
      if (!v)
        return FC_ERR_NOMEM;
      v->q0 += q;
      v->c0 += q * (double)pm->base.v[k] / 1e6;
    }
  }
  return FC_OK;
}

/* The previous month's usage per workload, model and type; *cost per workload; 0 when the inputs
 * do not hold the previous month. */
static fc_status variance_previous(run *r, fck_kmap *vm, int64_t *cost, int *present) {
  const fc_host_api *api = r->api;
  fck_owners own;
  fc_status st = fck_owners_open_other(r->ctx, &own);
  if (st)
    return st;
  int32_t period = api->period(r->ctx);
  int32_t before = period % 100 == 1 ? (period / 100 - 1) * 100 + 12 : period - 1;
  *present = 0;
  for (size_t i = 0; i < api->table_rows(own.t); i++) {
    size_t f0, nf;
    int w;
    int usage = fck_owner_row(r->ctx, &own, i, &f0, &nf, &w);
    if (usage < 0)
      return FC_ERR_PLUGIN;
    for (size_t fi = f0; fi < f0 + nf; fi++) {
      const fc_fact *f = &r->facts[fi];
      if ((int32_t)f->dim[FC_DIM_PERIOD] != before)
        continue;
      *present = 1;
      if (!usage || w < 0)
        continue;
      const fcb_usage *u = usage_info(r, f->dim[FC_DIM_USAGE_TYPE]);
      if (!u)
        return FC_ERR_NOMEM;
      int unit_known;
      int64_t tokens = fact_tokens(r, f, u, &unit_known);
      int kind = (u->token == FCB_TOK_OTHER || !unit_known) ? FCV_OTHER : vkind(u->token);
      int m = resolve_model(r, f, u);
      vval *v = m < 0 ? NULL : vget(vm, (int32_t)w, (int32_t)m, kind);
      if (!v)
        return FC_ERR_NOMEM;
      v->q0 += kind == FCV_OTHER ? 0 : (double)tokens;
      v->c0 += (double)f->cost;
      if (fc_add_checked(&cost[w], f->cost))
        return FC_ERR_OVERFLOW;
    }
  }
  return FC_OK;
}

static fc_status emit_variance_table(run *r, int previous) {
  const fc_host_api *api = r->api;
  static const fc_column cols[] = {
      {"workload_id", FC_COL_TEXT},     {"name", FC_COL_TEXT},           {"baseline", FC_COL_TEXT},
      {"month_usd", FC_COL_MONEY},      {"expected_usd", FC_COL_MONEY},  {"actual_usd", FC_COL_MONEY},
      {"difference_usd", FC_COL_MONEY}, {"volume_usd", FC_COL_MONEY},    {"mix_usd", FC_COL_MONEY},
      {"rate_usd", FC_COL_MONEY},       {"expected_tokens", FC_COL_INT}, {"actual_tokens", FC_COL_INT},
      {"days_elapsed", FC_COL_INT},     {"days_in_period", FC_COL_INT}};
  fc_table *t;
  fc_status st = api->table_create(r->ctx, previous ? "tokens.variance_month" : "tokens.variance", cols,
                                   NCOLS(cols), &t);
  if (st)
    return st;
  fck_kmap vm;
  fck_kmap_init(&vm, r->ctx, sizeof(vkey), sizeof(vval));
  int64_t *prev = api->alloc(r->ctx, (r->nw + 1) * sizeof *prev);
  if (!prev)
    return FC_ERR_NOMEM;
  memset(prev, 0, (r->nw + 1) * sizeof *prev);
  int present = 0;
  if (previous && (st = variance_previous(r, &vm, prev, &present)))
    return st;
  if (previous && !present)
    return FC_OK;
  for (size_t w = 0; !previous && w < r->nw; w++)
    if (r->wl[w].est_usd_known && (st = variance_estimate(r, &vm, w)))
      return st;
  for (size_t g = 0; g < r->groups.n; g++) {
    const gkey *k = fck_kmap_key(&r->groups, g);
    const gval *v = fck_kmap_val(&r->groups, g);
    if (k->workload < 0)
      continue;
    vval *x = vget(&vm, k->workload, k->model, vkind(k->token));
    if (!x)
      return FC_ERR_NOMEM;
    x->q1 += k->token == FCB_TOK_OTHER ? 0 : (double)v->tokens;
    x->c1 += v->cost; /* part of the workload's usage, which did not overflow */
  }
  vkey *keys = api->alloc(r->ctx, (vm.n + 1) * sizeof *keys);
  fcv_item *items = api->alloc(r->ctx, (vm.n + 1) * sizeof *items);
  if (!keys || !items)
    return FC_ERR_NOMEM;
  if (vm.n)
    memcpy(keys, vm.keys, vm.n * sizeof *keys);
  qsort(keys, vm.n, sizeof *keys, cmp_vkey);
  size_t i = 0;
  for (size_t w = 0; w < r->nw; w++) {
    const figs *f = &r->wl[w];
    const fc_workload_info *wi = api->workload(r->ctx, w);
    size_t n = 0;
    for (; i < vm.n && keys[i].workload == (int32_t)w; i++, n++) {
      const vval *v = fck_kmap_get(&vm, &keys[i], 0);
      const price_model *pm = r->mdl.v[keys[i].model].pm;
      int pk = keys[i].kind; /* FCV order = PK order for the token kinds */
      items[n] = (fcv_item){keys[i].model,
                            keys[i].kind,
                            v->q0,
                            v->c0,
                            v->q1,
                            v->c1,
                            pm && pk < PK_N && pm->base.has[pk] ? (double)pm->base.v[pk] / 1e6 : -1};
    }
    if (previous ? prev[w] == 0 && f->cost == 0 : !f->est_usd_known)
      continue;
    int64_t expected = previous ? muldiv(r, prev[w], r->elapsed, r->ndays) : f->pro_usd;
    fcv_split sp;
    fcv_split_items(items, n, expected, f->cost, &sp);
    fc_value row[NCOLS(cols)] = {TXT(wi->id),
                                 TXT(wi->name),
                                 TXT(previous ? "previous_month" : "estimate"),
                                 INT(previous ? prev[w] : f->est_usd),
                                 INT(sp.expected),
                                 INT(sp.actual),
                                 INT(sp.difference),
                                 INT(sp.volume),
                                 INT(sp.mix),
                                 INT(sp.rate),
                                 INT(sp.tokens0),
                                 INT(sp.tokens1),
                                 INT(r->elapsed),
                                 INT(r->ndays)};
    if ((st = api->table_append(r->ctx, t, wi->node, row)))
      return st;
  }
  return FC_OK;
}

static fc_status tokens_process(fc_ctx *ctx, void *vs) {
  const fc_host_api *api = FC_API(ctx);
  run r;
  memset(&r, 0, sizeof r);
  r.ctx = ctx;
  r.api = api;
  r.s = vs;
  r.facts = api->facts(ctx, &r.nfacts);
  r.nn = api->node_count(ctx);
  r.nw = api->workload_count(ctx);
  int32_t period = api->period(ctx);
  int y = period / 100, m = period % 100;
  r.first_day = fc_days_from_civil(y, m, 1);
  r.ndays = fc_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - r.first_day;
  int32_t el = api->as_of(ctx) - r.first_day;
  r.elapsed = el < 0 ? 0 : el > r.ndays ? r.ndays : el;
  r.last_day = INT32_MIN;
  fck_kmap_init(&r.ut_info, ctx, sizeof(uint32_t), sizeof(utinfo));
  fck_kmap_init(&r.res_rt, ctx, sizeof(uint32_t), sizeof(int));
  fck_kmap_init(&r.model_of, ctx, 4 * sizeof(uint32_t), sizeof(int));
  fck_kmap_init(&r.groups, ctx, sizeof(gkey), sizeof(gval));
  fck_kmap_init(&r.audit, ctx, sizeof(ukey), sizeof(uval));
  fck_kmap_init(&r.unknown, ctx, sizeof(xkey), sizeof(gval));
  fck_kmap_init(&r.daily, ctx, sizeof(dkey), sizeof(int64_t));
  fc_status st;
  if ((st = gather(&r)) || (st = tally(&r)) || (st = estimate(&r)) || (st = emit_nodes(&r)) ||
      (st = emit_workloads(&r)) || (st = emit_breakdown(&r, BY_MODEL, "tokens.by_model", "model", 1, 0)) ||
      (st = emit_breakdown(&r, BY_MODEL, "tokens.node_models", "model", 0, 1)) ||
      (st = emit_breakdown(&r, BY_REGION, "tokens.by_region_type", "region_type", 1, 1)) ||
      (st = emit_breakdown(&r, BY_TIER, "tokens.by_tier", "tier", 1, 1)) || (st = emit_daily(&r)) ||
      (st = emit_usage_types(&r)) || (st = emit_alerts(&r)) || (st = emit_fact_models(&r)) ||
      (st = emit_node_token_costs(&r)) || (st = emit_totals(&r)) || (st = emit_variance_table(&r, 0)) ||
      (st = emit_variance_table(&r, 1)))
    return st;
  if (r.out_of_range) {
    api->error(ctx, "a prorated estimate or month-end forecast leaves the exact money range (+-922,337,203 "
                    "USD): the month-to-date spend is too large to extrapolate");
    return FC_ERR_OVERFLOW;
  }
  int y2, m2, d2;
  fc_civil_from_days(r.first_day + r.elapsed, &y2, &m2, &d2);
  api->log(ctx, FC_LOG_DEBUG, "%zu token groups, %zu models, %d of %d days elapsed (to %04d-%02d-%02d)",
           r.groups.n, r.mdl.n, (int)r.elapsed, (int)r.ndays, y2, m2, d2);
  return FC_OK;
}

extern const fc_stmt_decl tokens_statements[]; /* tokens_report.c */
extern const fc_sheet_decl tokens_sheets[];

/* Charts (ABI 1.2): drawn by the host from each pack's view. */
static const fc_chart_def charts[] = {
    {.name = "spend_by_model",
     .kind = FC_CHART_BARS,
     .title = "Spend by model",
     .subtitle = "Bedrock usage cost by model, {period} month to date, {scope}{marks}",
     .result = "tokens.node_models",
     .org_result = "tokens.by_model",
     .rows = FC_CHART_ROWS_SELF,
     .label = "model",
     .series = (const fc_chart_series[]){{"usage_usd", NULL, FC_CHART_BLUE}, {NULL}},
     .flags = FC_CHART_SKIP_ZERO,
     .others = "Other models",
     /* models outside an approved list somewhere in scope, when the policy plugin says so */
     .mark = &(const fc_chart_mark){"policy.violations", "model", "usd", "not approved",
                                    "{value} of it not approved",
                                    "; red: not approved by the model policy, orange: partly", FC_CHART_BAD,
                                    FC_CHART_POOR}},
    {.name = "spend_by_region_type",
     .kind = FC_CHART_BARS,
     .title = "Spend by region type",
     .subtitle =
         "Bedrock usage cost by region type (same region or cross-region inference), {period} month to "
         "date, {scope}",
     .result = "tokens.by_region_type",
     .rows = FC_CHART_ROWS_SELF,
     .label = "region_type",
     .series = (const fc_chart_series[]){{"usage_usd", NULL, FC_CHART_BLUE}, {NULL}},
     .flags = FC_CHART_SKIP_ZERO,
     .others = "Other"},
    {.name = "token_mix",
     .kind = FC_CHART_BARS,
     .title = "Token mix",
     .subtitle = "Tokens by kind per workload, {period} month to date, {scope}",
     .result = "tokens.nodes",
     .series = (const fc_chart_series[]){{"tokens.input", "Input", FC_CHART_AUTO},
                                         {"tokens.output", "Output", FC_CHART_AUTO},
                                         {"tokens.cache_read", "Cache read", FC_CHART_AUTO},
                                         {"tokens.cache_write", "Cache write", FC_CHART_AUTO},
                                         {NULL}},
     .format = FC_CHART_FMT_COUNT,
     .flags = FC_CHART_SKIP_ZERO,
     .others = "Other workloads"},
    {.name = "cache_hit_rate",
     .kind = FC_CHART_BARS,
     .title = "Cache hit rate",
     .subtitle = "Cache-read tokens / (input + cache-read tokens), {scope}",
     .result = "tokens.nodes",
     .series = (const fc_chart_series[]){{"cache_hit_rate", NULL, FC_CHART_BLUE}, {NULL}},
     .format = FC_CHART_FMT_PERCENT,
     .axis = (const double[]){0.5, 1.0, 0},
     .ref = &(
         const fc_chart_ref){(const fc_chart_source[]){{"tokens.nodes", "cache_hit_rate_healthy", 0}, {NULL}},
                             0, "Healthy: {value}", NULL, NULL}},
    {NULL}};

/* What the host gives a meaning to: approval marks in the alerts' message and the findings' detail. */
static const fc_use uses[] = {{FC_USE_APPROVALS, "tokens.alerts", "message", NULL},
                              {FC_USE_APPROVALS, "tokens.findings", "detail", NULL},
                              {FC_USE_END, NULL, NULL, NULL}};

static const fc_plugin_desc tokens_desc = {
    .magic = FC_PLUGIN_MAGIC,
    .abi_major = FC_ABI_MAJOR,
    .abi_minor = FC_ABI_MINOR,
    .size = sizeof(fc_plugin_desc),
    .name = "tokens",
    .version = "1.0.0",
    .description = "Tokens per type, tier and region type; estimates, forecasts, variance, "
                   "cache hit rate and savings per workload",
    .reads = reads,
    .writes = writes,
    .init = tokens_init,
    .process = tokens_process,
    .finish = tokens_finish,
    .charts = charts,
    .uses = uses,
    .sheets = tokens_sheets,
    .statements = tokens_statements,
};

FC_PLUGIN_DEFINE(tokens_desc)
