/* evidence.c: map.evidence, what an auditor signs off (docs/map.md, "Audit evidence").
 *
 * For every usage fact of the period that qualifies for MAP or is at risk, the facts are grouped
 * by owner (workload, or the node of spend nobody claimed), status, basis or cause, the resource
 * (application or system inference profile, or model) as CUR names it, the calling principal (a
 * role as its claimable ARN, whatever the session), the deciding tag as found in CUR (key and
 * value) and, when the value is valid, the MAP engagement id it carries; an invalid value comes
 * with why it is invalid. Each group says the days it covers and its dollars, so the rows of a
 * workload add up exactly to its qualifying and at-risk spend in map.workloads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <finops/plugin.h>

#include "plugkit.h"

#include "bedrock.h"
#include "mapint.h"
#include "maptag.h"

typedef struct ev {
  int owner;  /* workload index, or workload_count + node slot for spend nobody claimed */
  int node;   /* the row's node */
  int status; /* 0 qualifying, 1 at risk */
  int basis;  /* qualifying: enum fcm_via; at risk: enum fcm_cause */
  int tag_source;
  uint32_t resource, principal_id, tag;
  const char *principal; /* the claimable ARN */
  int32_t day;
  fc_money usd;
  uint64_t rows;
} ev;

static fc_ctx *g_ctx; /* qsort has no user pointer in C11: set right before each sort */

static const char *txt(uint32_t id) { return FC_API(g_ctx)->str(g_ctx, id); }

static int cmp_principal_id(const void *x, const void *y) {
  const ev *a = x, *b = y;
  return a->principal_id < b->principal_id ? -1 : a->principal_id > b->principal_id;
}

/* Group order; within a group, by day. */
static int cmp_group(const ev *a, const ev *b) {
  if (a->owner != b->owner)
    return a->owner < b->owner ? -1 : 1;
  if (a->status != b->status)
    return a->status < b->status ? -1 : 1;
  if (a->basis != b->basis)
    return a->basis < b->basis ? -1 : 1;
  int c;
  if (a->resource != b->resource && (c = strcmp(txt(a->resource), txt(b->resource))))
    return c;
  if (a->principal != b->principal && (c = strcmp(a->principal, b->principal)))
    return c;
  if (a->tag_source != b->tag_source)
    return a->tag_source < b->tag_source ? -1 : 1;
  if (a->tag != b->tag && (c = strcmp(txt(a->tag), txt(b->tag))))
    return c;
  return 0;
}

static int cmp_ev(const void *x, const void *y) {
  const ev *a = x, *b = y;
  int c = cmp_group(a, b);
  if (c)
    return c;
  return a->day < b->day ? -1 : a->day > b->day;
}

/* The principal as people claim it: arn:aws:iam::A:role/NAME for any session of a role, the user's
 * ARN for a user; else as CUR wrote it. */
static const char *claimable(fc_ctx *ctx, const char *p) {
  fcb_identity id;
  fcb_id_kind k = fcb_principal_parse(p, &id);
  if (k == FCB_ID_ROLE || k == FCB_ID_USER)
    return fck_strf(ctx, "arn:aws:iam::%.*s:%s/%.*s", (int)id.account.n, id.account.p,
                    k == FCB_ID_ROLE ? "role" : "user", (int)id.name.n, id.name.p);
  return p;
}

static const char *const cause_text[FCM_CAUSE_COUNT] = {
    "called a model directly or through a system inference profile, which cannot be tagged",
    "an application inference profile without a map-migrated tag, and no tag on the calling role",
    NULL, /* the tag value's own problem */
    "a valid tag on the calling role, but tags of roles count only from 2026-06-08",
    "a tagged application inference profile before 2024-12-16, when Amazon Bedrock joined MAP"};

/* The facts of one group and day summed as they are read: as many entries as (group, principal string,
 * day), not the facts; plain heap memory, released when the evidence is written. */
typedef struct ev_set {
  ev *v;
  size_t n, cap;
  fc_htab idx;
} ev_set;

typedef struct ev_probe {
  const ev_set *s;
  const ev *k;
} ev_probe;

static int ev_same(const ev *a, const ev *b) {
  return a->owner == b->owner && a->status == b->status && a->basis == b->basis &&
         a->tag_source == b->tag_source && a->resource == b->resource && a->principal_id == b->principal_id &&
         a->tag == b->tag && a->day == b->day;
}

static int ev_eq(const void *u, uint32_t i) {
  const ev_probe *p = u;
  return ev_same(&p->s->v[i], p->k);
}

static fc_status ev_add(fc_ctx *ctx, ev_set *s, const ev *k) {
  uint64_t h = fc_hash_u64(
      ((uint64_t)(uint32_t)k->owner << 32 | k->resource) ^
      fc_hash_u64(((uint64_t)k->principal_id << 32 | k->tag) ^
                  fc_hash_u64((uint64_t)(uint32_t)k->day << 16 ^
                              (uint64_t)(uint32_t)(k->status << 8 | k->basis << 4 | k->tag_source))));
  ev_probe p = {s, k};
  uint32_t at = fc_htab_find(&s->idx, h, ev_eq, &p);
  if (at != FC_HTAB_NONE) {
    s->v[at].rows += k->rows;
    return fck_add(ctx, &s->v[at].usd, k->usd) ? FC_ERR_OVERFLOW : FC_OK;
  }
  if (s->n == s->cap) {
    size_t cap = s->cap ? 2 * s->cap : 256;
    ev *v = realloc(s->v, cap * sizeof *v);
    if (!v)
      return FC_ERR_NOMEM;
    s->v = v;
    s->cap = cap;
  }
  if (fc_htab_put(&s->idx, h, (uint32_t)s->n))
    return FC_ERR_NOMEM;
  s->v[s->n++] = *k;
  return FC_OK;
}

static fc_status evidence(fc_ctx *ctx, ev_set *set);

fc_status fcm_evidence_run(fc_ctx *ctx) {
  ev_set set;
  memset(&set, 0, sizeof set);
  fc_htab_init(&set.idx, NULL, NULL, NULL); /* malloc'd slots */
  fc_status st = evidence(ctx, &set);
  free(set.v);
  fc_htab_free(&set.idx);
  return st;
}

static fc_status evidence(fc_ctx *ctx, ev_set *set) {
  const fc_host_api *api = FC_API(ctx);
  size_t nfacts = 0, nw = api->workload_count(ctx);
  const fc_fact *facts = api->facts(ctx, &nfacts);
  fck_owners own;
  fc_status st = fck_owners_open(ctx, &own);
  if (st)
    return st;
  size_t nrows = api->table_rows(own.t);
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
      const fc_workload_info *wi = w >= 0 ? api->workload(ctx, (size_t)w) : NULL;
      fcm_class c;
      fcm_classify(ctx, f, &c);
      if (c.via == FCM_Q_NONE && !(wi && wi->map_eligible))
        continue; /* neither qualifying nor at risk */
      int node = api->table_row_node(own.t, r);
      ev x, *e = &x;
      memset(e, 0, sizeof *e);
      e->owner = wi ? w : (int)nw + (node < 0 ? (int)api->node_count(ctx) : node);
      e->node = node;
      e->status = c.via == FCM_Q_NONE;
      e->basis = c.via == FCM_Q_NONE ? c.cause : c.via;
      e->tag_source = c.tag_source;
      e->resource = f->dim[FC_DIM_RESOURCE];
      e->principal_id = f->dim[FC_DIM_PRINCIPAL];
      e->tag = c.tag_source == FCM_TAG_RESOURCE    ? f->dim[FC_DIM_RESOURCE_MAP_TAG]
               : c.tag_source == FCM_TAG_PRINCIPAL ? f->dim[FC_DIM_PRINCIPAL_MAP_TAG]
                                                   : 0;
      e->day = (int32_t)f->dim[FC_DIM_DAY];
      e->usd = f->cost;
      e->rows = f->rows;
      if ((st = ev_add(ctx, set, e)))
        return st;
    }
  }
  ev *v = set->v;
  size_t n = set->n;
  /* claimable principals: one text per principal string */
  g_ctx = ctx;
  if (n > 1)
    qsort(v, n, sizeof *v, cmp_principal_id);
  for (size_t i = 0; i < n; i++) {
    if (i && v[i].principal_id == v[i - 1].principal_id) {
      v[i].principal = v[i - 1].principal;
      continue;
    }
    if (!(v[i].principal = claimable(ctx, api->str(ctx, v[i].principal_id))))
      return FC_ERR_NOMEM;
  }
  if (n > 1)
    qsort(v, n, sizeof *v, cmp_ev);

  static const fc_column cols[] = {
      {"workload_id", FC_COL_TEXT},     {"name", FC_COL_TEXT},        {"status", FC_COL_TEXT},
      {"cause", FC_COL_TEXT},           {"resource", FC_COL_TEXT},    {"principal", FC_COL_TEXT},
      {"tag_key", FC_COL_TEXT},         {"tag_value", FC_COL_TEXT},   {"tag_valid", FC_COL_INT},
      {"engagement_id", FC_COL_TEXT},   {"why", FC_COL_TEXT},         {"days", FC_COL_INT},
      {"first_day", FC_COL_DATE},       {"last_day", FC_COL_DATE},    {"rows", FC_COL_INT},
      {"qualifying_usd", FC_COL_MONEY}, {"at_risk_usd", FC_COL_MONEY}};
  fc_table *t;
  if ((st = api->table_create(ctx, "map.evidence", cols, 17, &t)))
    return st;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    fc_money usd = 0;
    uint64_t rows = 0;
    int64_t days = 0;
    for (; j < n && cmp_group(&v[j], &v[i]) == 0; j++) {
      if (fck_add(ctx, &usd, v[j].usd))
        return FC_ERR_OVERFLOW;
      rows += v[j].rows;
      days += j == i || v[j].day != v[j - 1].day;
    }
    const ev *e = &v[i];
    const fc_workload_info *wi = e->owner < (int)nw ? api->workload(ctx, (size_t)e->owner) : NULL;
    const char *value = api->str(ctx, e->tag);
    int has_tag = e->tag_source != FCM_TAG_NONE;
    const char *eng = has_tag ? fcm_tag_engagement(value, NULL) : NULL;
    char why[256] = "";
    if (e->status && e->basis == FCM_INVALID_TAG)
      fcm_tag_problem(value, why, sizeof why);
    else if (e->status)
      snprintf(why, sizeof why, "%s", cause_text[e->basis]);
    const char *basis = e->status                    ? fcm_cause_names[e->basis]
                        : e->basis == FCM_Q_ROLE_TAG ? "role_tag"
                                                     : "profile_tag";
    fc_value row[17] = {{wi ? wi->id : "", 0, 0},
                        {wi ? wi->name : "Unattributed", 0, 0},
                        {e->status ? "at_risk" : "qualifying", 0, 0},
                        {basis, 0, 0},
                        {api->str(ctx, e->resource), 0, 0},
                        {e->principal, 0, 0},
                        {e->tag_source == FCM_TAG_RESOURCE    ? "resource_tags: user_map_migrated"
                         : e->tag_source == FCM_TAG_PRINCIPAL ? "tags: iamPrincipal/map-migrated"
                                                              : "",
                         0, 0},
                        {value, 0, 0},
                        {NULL, has_tag ? fcm_tag_valid(value) : FC_NULL_INT, 0},
                        {eng ? eng : "", 0, 0},
                        {why, 0, 0},
                        {NULL, days, 0},
                        {NULL, v[i].day, 0},
                        {NULL, v[j - 1].day, 0},
                        {NULL, (int64_t)rows, 0},
                        {NULL, e->status ? 0 : usd, 0},
                        {NULL, e->status ? usd : 0, 0}};
    if ((st = api->table_append(ctx, t, e->node, row)))
      return st;
    i = j;
  }
  return FC_OK;
}
