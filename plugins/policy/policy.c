/* policy.c: the model-approval policy (docs/map.md).
 *
 * policy.approved_models gives, per node, glob patterns on canonical model names (fnmatch); the
 * host resolves the most specific entry at or above a node. Usage on a model that no pattern in
 * force at the spending node matches is unapproved: per workload and model in policy.violations,
 * rolled up as unapproved_model_usd in policy.nodes, and, per workload and model, a finding for
 * the workload's Cloud Engineer (move the calls or get the model approved) and one informing its
 * Product Owner. Unattributed usage is checked at its account's node and counted in the rollup;
 * it gets no finding (attribution asks for the claim first). Without any approved_models entry
 * in force, every model is approved. */
#include <fnmatch.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <finops/plugin.h>

#include "plugkit.h"

#include "bedrock.h"
#include "prices.h"

static const char *const reads[] = {"fact.period",          "fact.family", "fact.usage_type",
                                    "fact.product_name",    "fact.model",  "attribution._facts",
                                    "?tokens._fact_models", NULL};
static const char *const writes[] = {"policy.nodes", "policy.totals", "policy.violations", "policy.findings",
                                     NULL};

/* Usage of one model by one workload (or, workload -1, unattributed at one node). */
typedef struct use {
  int workload, node;
  int model; /* index into the name table */
  fc_money usd;
} use;

typedef struct names {
  char **v;
  size_t n, cap;
  fc_htab idx; /* name -> index into v */
} names;

typedef struct name_key {
  const names *t;
  const char *s;
} name_key;

static int name_eq(const void *u, uint32_t i) {
  const name_key *k = u;
  return strcmp(k->t->v[i], k->s) == 0;
}

/* The index of name s, added when new; -1 when out of memory. */
static int intern(fc_ctx *ctx, names *t, const char *s) {
  const fc_host_api *api = FC_API(ctx);
  size_t len = strlen(s);
  uint64_t h = fc_hash_bytes(s, len, 0);
  name_key k = {t, s};
  uint32_t found = fc_htab_find(&t->idx, h, name_eq, &k);
  if (found != FC_HTAB_NONE)
    return (int)found;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 32;
    char **v = api->alloc(ctx, cap * sizeof *v);
    if (!v)
      return -1;
    if (t->n)
      memcpy(v, t->v, t->n * sizeof *v);
    t->v = v;
    t->cap = cap;
  }
  char *copy = api->alloc(ctx, len + 1);
  if (!copy || fc_htab_put(&t->idx, h, (uint32_t)t->n))
    return -1;
  memcpy(copy, s, len + 1);
  t->v[t->n] = copy;
  return (int)t->n++;
}

static int cmp_name(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

/* The uses summed so far, indexed by (workload, node, model). */
typedef struct use_index {
  const use *v;
  fc_htab idx;
} use_index;

typedef struct use_probe {
  const use_index *ui;
  const use *key;
} use_probe;

static uint64_t use_hash(const use *u) {
  int k[3] = {u->workload, u->node, u->model};
  return fc_hash_bytes(k, sizeof k, 0x75e);
}

static int use_eq(const void *p, uint32_t id) {
  const use_probe *q = p;
  const use *a = &q->ui->v[id];
  return a->workload == q->key->workload && a->node == q->key->node && a->model == q->key->model;
}

static int cmp_use_key(const void *x, const void *y) {
  const use *a = x, *b = y;
  if (a->workload != b->workload)
    return a->workload < b->workload ? -1 : 1;
  if (a->node != b->node)
    return a->node < b->node ? -1 : 1;
  return a->model < b->model ? -1 : a->model > b->model;
}

/* Workloads in configuration order, unattributed last; then node, dollars (largest first), name. */
static int cmp_violation(const void *x, const void *y) {
  const use *a = x, *b = y;
  if (a->workload != b->workload) {
    if (a->workload < 0 || b->workload < 0)
      return a->workload < 0 ? 1 : -1;
    return a->workload < b->workload ? -1 : 1;
  }
  if (a->node != b->node)
    return a->node < b->node ? -1 : 1;
  if (a->usd != b->usd)
    return a->usd > b->usd ? -1 : 1;
  return a->model < b->model ? -1 : a->model > b->model; /* names are in alphabetical order */
}

static const char *severity(fc_money usd) {
  if (usd >= 1000 * FC_MONEY_SCALE)
    return "high";
  return usd >= 100 * FC_MONEY_SCALE ? "medium" : "low";
}

static int approved(const char *const *pat, size_t n, const char *model) {
  if (!pat)
    return 1; /* no policy in force */
  for (size_t i = 0; i < n; i++)
    if (pat[i] && fnmatch(pat[i], model, 0) == 0)
      return 1;
  return 0;
}

static double share(fc_money part, fc_money whole) { return whole == 0 ? NAN : (double)part / (double)whole; }

static const fcb_usage *usage_of(fc_ctx *ctx, uint32_t usage_type, fcb_usage *u) {
  fcb_usage_classify(FC_API(ctx)->str(ctx, usage_type), u);
  return u;
}

/* The model catalog (prices.yaml), for canonical model names when the tokens plugin gives none. */
static fc_status policy_init(fc_ctx *ctx, void **state) {
  price_table *cat = calloc(1, sizeof *cat);
  if (!cat)
    return FC_ERR_NOMEM;
  prices_init(cat);
  char path[4096], err[512];
  fck_catalog_path(ctx, path, sizeof path);
  if (prices_load(path, cat, err, sizeof err)) {
    FC_API(ctx)->error(ctx, "model catalog: %s", err);
    prices_free(cat);
    free(cat);
    return FC_ERR_CONFIG;
  }
  *state = cat;
  return FC_OK;
}

static void policy_finish(fc_ctx *ctx, void *state) {
  (void)ctx;
  prices_free(state);
  free(state);
}

/* tokens._fact_models: the model name by a fact's (model, usage type, product name, family). */
typedef struct model_keys {
  const fc_table *t; /* NULL without the tokens plugin */
  uint32_t (*key)[4];
  const char **name;
  fc_htab idx; /* key -> index */
} model_keys;

typedef struct model_probe {
  const model_keys *m;
  const uint32_t *key;
} model_probe;

static uint64_t model_hash(const uint32_t key[4]) { return fc_hash_bytes(key, 4 * sizeof *key, 0x6d6b); }

static int model_eq(const void *u, uint32_t i) {
  const model_probe *p = u;
  return memcmp(p->m->key[i], p->key, sizeof p->m->key[i]) == 0;
}

static fc_status model_keys_open(fc_ctx *ctx, model_keys *m) {
  const fc_host_api *api = FC_API(ctx);
  memset(m, 0, sizeof *m);
  fck_htab_init(ctx, &m->idx);
  m->t = api->table_find(ctx, "tokens._fact_models");
  if (!m->t)
    return FC_OK;
  static const char *const cols[4] = {"model_id", "usage_type", "product_name", "family"};
  int col[4], cm = fck_col(api, m->t, "model", FC_COL_TEXT);
  for (int c = 0; c < 4; c++)
    col[c] = fck_col(api, m->t, cols[c], FC_COL_INT);
  size_t n = api->table_rows(m->t);
  m->key = api->alloc(ctx, (n + 1) * sizeof *m->key);
  m->name = api->alloc(ctx, (n + 1) * sizeof *m->name);
  if (!m->key || !m->name)
    return FC_ERR_NOMEM;
  for (size_t r = 0; cm >= 0 && col[0] >= 0 && col[1] >= 0 && col[2] >= 0 && col[3] >= 0 && r < n; r++) {
    for (int c = 0; c < 4; c++)
      m->key[r][c] = (uint32_t)api->table_cell(m->t, r, (size_t)col[c]).i;
    m->name[r] = api->table_cell(m->t, r, (size_t)cm).s;
    if (fc_htab_put(&m->idx, model_hash(m->key[r]), (uint32_t)r))
      return FC_ERR_NOMEM;
  }
  return FC_OK;
}

/* The name the tokens plugin gave the model of fact f, or NULL. */
static const char *model_keys_find(const model_keys *m, const fc_fact *f) {
  uint32_t key[4] = {f->dim[FC_DIM_MODEL], f->dim[FC_DIM_USAGE_TYPE], f->dim[FC_DIM_PRODUCT_NAME],
                     f->dim[FC_DIM_FAMILY]};
  model_probe p = {m, key};
  uint32_t i = fc_htab_find(&m->idx, model_hash(key), model_eq, &p);
  return i == FC_HTAB_NONE ? NULL : m->name[i];
}

static fc_status policy_process(fc_ctx *ctx, void *state) {
  const price_table *cat = state;
  const fc_host_api *api = FC_API(ctx);
  fc_status st;
  size_t nfacts = 0;
  const fc_fact *facts = api->facts(ctx, &nfacts);
  fck_owners own;
  if ((st = fck_owners_open(ctx, &own)) != FC_OK)
    return st;
  const fc_table *ft = own.t;
  size_t nn = api->node_count(ctx), nw = api->workload_count(ctx), nrows = api->table_rows(ft);
  /* summed per (workload, node, model) as the facts are read: as many as those keys, not the facts */
  size_t ucap = 64;
  use *uses = api->alloc(ctx, ucap * sizeof *uses);
  use_index ui = {NULL};
  fck_htab_init(ctx, &ui.idx);
  fc_money *node_usage = api->alloc(ctx, (nn + 1) * sizeof *node_usage);
  fc_money *wl_usage = api->alloc(ctx, (nw + 1) * sizeof *wl_usage);
  if (!uses || !node_usage || !wl_usage)
    return FC_ERR_NOMEM;
  memset(node_usage, 0, (nn + 1) * sizeof *node_usage);
  memset(wl_usage, 0, (nw + 1) * sizeof *wl_usage);
  /* Model names as the tokens plugin (and its user-overridable catalog) gives them, when loaded. */
  model_keys mk;
  if ((st = model_keys_open(ctx, &mk)))
    return st;
  names nm;
  memset(&nm, 0, sizeof nm);
  fck_htab_init(ctx, &nm.idx);
  size_t nu = 0;
  char name[256];
  fcb_usage ut;
  for (size_t r = 0; r < nrows; r++) {
    size_t f0, nf;
    int w;
    int usage = fck_owner_row(ctx, &own, r, &f0, &nf, &w);
    if (usage < 0)
      return FC_ERR_PLUGIN;
    if (!usage)
      continue;
    for (size_t fi = f0; fi < f0 + nf; fi++) {
      const fc_fact *f = &facts[fi];
      int node = api->table_row_node(ft, r); /* the workload's node, else its account's */
      for (int n = node; n >= 0; n = api->node(ctx, (size_t)n)->parent)
        if (fck_add(ctx, &node_usage[n], f->cost))
          return FC_ERR_OVERFLOW;
      if (w >= 0 && fck_add(ctx, &wl_usage[w], f->cost))
        return FC_ERR_OVERFLOW;
      const char *given = mk.t ? model_keys_find(&mk, f) : NULL;
      if (given)
        snprintf(name, sizeof name, "%s", given);
      else if (mk.t ||
               !prices_model_name(cat, api->str(ctx, f->dim[FC_DIM_MODEL]),
                                  usage_of(ctx, f->dim[FC_DIM_USAGE_TYPE], &ut),
                                  api->str(ctx, f->dim[FC_DIM_PRODUCT_NAME]),
                                  f->dim[FC_DIM_FAMILY] == FC_FAMILY_MARKETPLACE, name, sizeof name, NULL))
        continue; /* no model: guardrails, agent runtime, ... */
      int m = intern(ctx, &nm, name);
      if (m < 0)
        return FC_ERR_NOMEM;
      use key = {(int)w, node, m, f->cost};
      ui.v = uses;
      uint64_t h = use_hash(&key);
      uint32_t at = fc_htab_find(&ui.idx, h, use_eq, &(use_probe){&ui, &key});
      if (at != FC_HTAB_NONE) {
        if (fck_add(ctx, &uses[at].usd, f->cost))
          return FC_ERR_OVERFLOW;
        continue;
      }
      if (nu == ucap) {
        use *nv = api->alloc(ctx, 2 * ucap * sizeof *nv);
        if (!nv)
          return FC_ERR_NOMEM;
        memcpy(nv, uses, nu * sizeof *nv);
        uses = nv;
        ucap *= 2;
      }
      if (fc_htab_put(&ui.idx, h, (uint32_t)nu))
        return FC_ERR_NOMEM;
      uses[nu++] = key;
    }
  }
  /* model indexes in alphabetical order of the names, for a deterministic order of equal dollars */
  char **sorted = api->alloc(ctx, (nm.n + 1) * sizeof *sorted);
  int *rank = api->alloc(ctx, (nm.n + 1) * sizeof *rank);
  if (!sorted || !rank)
    return FC_ERR_NOMEM;
  if (nm.n)
    memcpy(sorted, nm.v, nm.n * sizeof *sorted);
  if (nm.n > 1)
    qsort(sorted, nm.n, sizeof *sorted, cmp_name);
  for (size_t i = 0; i < nm.n; i++)
    rank[intern(ctx, &nm, sorted[i])] = (int)i;
  for (size_t i = 0; i < nu; i++)
    uses[i].model = rank[uses[i].model];
  nm.v = sorted;
  /* sum per (workload, node, model) */
  if (nu > 1)
    qsort(uses, nu, sizeof *uses, cmp_use_key);
  size_t nv = 0;
  for (size_t i = 0; i < nu;) {
    use u = uses[i];
    size_t e = i + 1;
    for (; e < nu && cmp_use_key(&uses[e], &u) == 0; e++)
      if (fck_add(ctx, &u.usd, uses[e].usd))
        return FC_ERR_OVERFLOW;
    i = e;
    size_t np = 0;
    const char *const *pat = api->approved_models(ctx, u.node, &np);
    if (u.usd > 0 && !approved(pat, np, nm.v[u.model]))
      uses[nv++] = u; /* compacting in place: nv <= the index being read */
  }
  if (nv > 1)
    qsort(uses, nv, sizeof *uses, cmp_violation);

  /* ---- rollup ---- */
  fc_money *unapproved = api->alloc(ctx, (nn + 1) * sizeof *unapproved);
  int64_t *count = api->alloc(ctx, (nn + 1) * sizeof *count);
  if (!unapproved || !count)
    return FC_ERR_NOMEM;
  memset(unapproved, 0, (nn + 1) * sizeof *unapproved);
  memset(count, 0, (nn + 1) * sizeof *count);
  fc_money total = 0;
  for (size_t i = 0; i < nv; i++) {
    if (fck_add(ctx, &total, uses[i].usd))
      return FC_ERR_OVERFLOW;
    for (int n = uses[i].node; n >= 0; n = api->node(ctx, (size_t)n)->parent) {
      if (fck_add(ctx, &unapproved[n], uses[i].usd))
        return FC_ERR_OVERFLOW;
      count[n]++;
    }
  }
  static const fc_column ncols[] = {{"unapproved_model_usd", FC_COL_MONEY},
                                    {"policy.unapproved_share", FC_COL_RATIO},
                                    {"policy.violations", FC_COL_INT}};
  fc_table *t;
  if ((st = api->table_create(ctx, "policy.nodes", ncols, 3, &t)))
    return st;
  for (size_t n = 0; n < nn; n++) {
    fc_value row[3] = {
        {NULL, unapproved[n], 0}, {NULL, 0, share(unapproved[n], node_usage[n])}, {NULL, count[n], 0}};
    if ((st = api->table_append(ctx, t, (int)n, row)))
      return st;
  }
  static const fc_column tcols[] = {{"unapproved_model_usd", FC_COL_MONEY}};
  if ((st = api->table_create(ctx, "policy.totals", tcols, 1, &t)))
    return st;
  fc_value trow[1] = {{NULL, total, 0}};
  if ((st = api->table_append(ctx, t, -1, trow)))
    return st;

  /* ---- violations and findings ---- */
  static const fc_column vcols[] = {{"workload_id", FC_COL_TEXT},
                                    {"model", FC_COL_TEXT},
                                    {"usd", FC_COL_MONEY},
                                    {"share", FC_COL_RATIO},
                                    {"approved", FC_COL_TEXT}};
  static const fc_column fcols[] = {{"kind", FC_COL_TEXT},          {"severity", FC_COL_TEXT},
                                    {"workload_id", FC_COL_TEXT},   {"assignee_role", FC_COL_TEXT},
                                    {"usd_at_stake", FC_COL_MONEY}, {"key", FC_COL_TEXT},
                                    {"detail", FC_COL_TEXT}};
  fc_table *tv, *tf;
  if ((st = api->table_create(ctx, "policy.violations", vcols, 5, &tv)) ||
      (st = api->table_create(ctx, "policy.findings", fcols, 7, &tf)))
    return st;
  for (size_t i = 0; i < nv; i++) {
    const use *u = &uses[i];
    const fc_workload_info *wi = u->workload >= 0 ? api->workload(ctx, (size_t)u->workload) : NULL;
    size_t np = 0;
    const char *const *pat = api->approved_models(ctx, u->node, &np);
    size_t len = 1;
    for (size_t k = 0; k < np; k++)
      len += strlen(pat[k]) + 2;
    char *list = api->alloc(ctx, len);
    if (!list)
      return FC_ERR_NOMEM;
    list[0] = '\0';
    for (size_t k = 0; k < np; k++) {
      if (k)
        strcat(list, ", ");
      strcat(list, pat[k]);
    }
    const char *model = nm.v[u->model];
    fc_value vrow[5] = {{wi ? wi->id : "", 0, 0},
                        {model, 0, 0},
                        {NULL, u->usd, 0},
                        {NULL, 0, share(u->usd, wi ? wl_usage[u->workload] : node_usage[u->node])},
                        {list, 0, 0}};
    if ((st = api->table_append(ctx, tv, u->node, vrow)))
      return st;
    if (!wi)
      continue;
    char m[40];
    fck_usd(u->usd, m);
    char *ce =
        fck_strf(ctx,
                 "%s spent %s USD on %s, which the model policy does not approve for %s (approved: %s): move "
                 "these calls to an approved model, or have %s added to policy.approved_models",
                 wi->name, m, model, api->node(ctx, (size_t)wi->node)->path, list, model);
    char *po = fck_strf(
        ctx,
        "For your information: %s runs %s (%s USD this period) outside its approved models (%s); its "
        "Cloud Engineer is asked to switch models: request an approval if the workload needs %s",
        wi->name, model, m, list, model);
    if (!ce || !po)
      return FC_ERR_NOMEM;
    fc_value f1[7] = {{"unapproved_model", 0, 0},
                      {severity(u->usd), 0, 0},
                      {wi->id, 0, 0},
                      {"cloud_engineer", 0, 0},
                      {NULL, u->usd, 0},
                      {model, 0, 0},
                      {ce, 0, 0}};
    fc_value f2[7] = {{"unapproved_model_notice", 0, 0},
                      {"low", 0, 0},
                      {wi->id, 0, 0},
                      {"product_owner", 0, 0},
                      {NULL, u->usd, 0},
                      {model, 0, 0},
                      {po, 0, 0}};
    if ((st = api->table_append(ctx, tf, wi->node, f1)) || (st = api->table_append(ctx, tf, wi->node, f2)))
      return st;
  }
  char m1[40];
  api->log(ctx, FC_LOG_DEBUG, "%zu unapproved model uses, %s USD", nv, fck_usd(total, m1));
  return FC_OK;
}

extern const fc_stmt_decl policy_statements[]; /* policy_report.c */
extern const fc_sheet_decl policy_sheets[];

static const fc_plugin_desc desc = {
    .magic = FC_PLUGIN_MAGIC,
    .abi_major = FC_ABI_MAJOR,
    .abi_minor = FC_ABI_MINOR,
    .size = sizeof(fc_plugin_desc),
    .name = "policy",
    .version = "1.0.0",
    .description = "model-approval policy: spend on models outside each node's approved list",
    .reads = reads,
    .writes = writes,
    .init = policy_init,
    .process = policy_process,
    .finish = policy_finish,
    .sheets = policy_sheets,
    .statements = policy_statements,
};

FC_PLUGIN_DEFINE(desc)
