/* map.c: MAP 2.0 compliance of Bedrock spend (docs/map.md).
 *
 * A usage fact qualifies for MAP when
 *   - it went through an application inference profile whose `map-migrated` resource tag
 *     (resource_tags user_map_migrated) is a valid value, on or after 2024-12-16, or
 *   - it has no such resource tag and the calling principal's `iamPrincipal/map-migrated` tag is
 *     valid, on or after 2026-06-08.
 * The resource tag wins when both are present. Usage of map_eligible workloads that does not
 * qualify is at risk, with a cause: no_profile, profile_untagged, invalid_tag, role_tag_too_early.
 * Which workload owns a fact is the attribution plugin's decision (attribution._facts).
 *
 * Results: map.nodes (rolled up through every level), map.totals, map.workloads, map.by_cause,
 * map.findings (one per map_eligible workload with spend at risk, for its Cloud Engineer). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <finops/plugin.h>

#include "plugkit.h"

#include "bedrock.h"
#include "mapint.h"
#include "maptag.h"

static const char *const reads[] = {"fact.period",
                                    "fact.day",
                                    "fact.principal",
                                    "fact.resource",
                                    "fact.resource_map_tag",
                                    "fact.principal_map_tag",
                                    "attribution._facts",
                                    "attribution._facts_other",
                                    NULL};
static const char *const writes[] = {"map.nodes",    "map.totals",         "map.workloads",
                                     "map.by_cause", "map.findings",       "map.evidence",
                                     "map.quarter",  "map.quarter_months", NULL};

/* Causes (mapint.h): short names for this file. */
enum cause {
  C_NO_PROFILE = FCM_NO_PROFILE,
  C_PROFILE_UNTAGGED = FCM_PROFILE_UNTAGGED,
  C_INVALID_TAG = FCM_INVALID_TAG,
  C_ROLE_TAG_TOO_EARLY = FCM_ROLE_TAG_TOO_EARLY,
  C_PROFILE_TAG_TOO_EARLY = FCM_PROFILE_TAG_TOO_EARLY,
  C_COUNT = FCM_CAUSE_COUNT
};
const char *const fcm_cause_names[FCM_CAUSE_COUNT] = {"no_profile", "profile_untagged", "invalid_tag",
                                                      "role_tag_too_early", "profile_tag_too_early"};
#define cause_names fcm_cause_names
static const char *const cause_kinds[] = {"map_create_profile", "map_tag_profile", "map_fix_tag_value",
                                          "map_create_profile", "map_create_profile"};

enum via { Q_NONE = FCM_Q_NONE, Q_PROFILE_TAG = FCM_Q_PROFILE_TAG, Q_ROLE_TAG = FCM_Q_ROLE_TAG };

typedef struct wsum {
  fc_money usage, qualifying, via_profile_tag, via_role_tag, at_risk;
  fc_money cause[C_COUNT];
  int direct_late; /* no_profile spend on or after the role-tag date: tagging the role would do */
} wsum;

typedef struct nsum {
  fc_money qualifying, at_risk, eligible;
  int64_t eligible_workloads, at_risk_workloads;
} nsum;

/* At-risk spend of one workload, cause and subject: the profile, the tag value or the resource. */
typedef struct risk_key {
  int workload;
  int cause;
  uint32_t subject; /* string id */
  int on_role;      /* invalid_tag: the value is the principal's tag */
} risk_key;

typedef struct risk {
  risk_key k;
  fc_money usd;
} risk;

/* A growing text buffer in the run's arena. */
typedef struct sbuf {
  fc_ctx *ctx;
  char *p;
  size_t n, cap;
  int failed;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void sb_printf(sbuf *b, const char *fmt, ...) {
  if (b->failed)
    return;
  va_list ap;
  va_start(ap, fmt);
  int need = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (need < 0) {
    b->failed = 1;
    return;
  }
  if (b->n + (size_t)need + 1 > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 256) + (size_t)need;
    char *p = FC_API(b->ctx)->alloc(b->ctx, cap);
    if (!p) {
      b->failed = 1;
      return;
    }
    if (b->n)
      memcpy(p, b->p, b->n);
    b->p = p;
    b->cap = cap;
  }
  va_start(ap, fmt);
  vsnprintf(b->p + b->n, (size_t)need + 1, fmt, ap);
  va_end(ap);
  b->n += (size_t)need;
}

/* Decides whether one usage fact qualifies; when not, why, and what the cause is about. */
void fcm_classify(fc_ctx *ctx, const fc_fact *f, fcm_class *out) {
  const fc_host_api *api = FC_API(ctx);
  int32_t day = (int32_t)f->dim[FC_DIM_DAY];
  const char *resource = api->str(ctx, f->dim[FC_DIM_RESOURCE]);
  const char *rtag = api->str(ctx, f->dim[FC_DIM_RESOURCE_MAP_TAG]);
  const char *ptag = api->str(ctx, f->dim[FC_DIM_PRINCIPAL_MAP_TAG]);
  fcb_identity id;
  int profile = fcb_profile_parse(resource, &id) == FCB_ID_PROFILE;
  /* A resource tag counts on an application inference profile, and where the export carries no
   * resource id (for Bedrock, only profiles can carry the tag). */
  int rtag_counts = rtag[0] && (profile || resource[0] == '\0');
  memset(out, 0, sizeof *out);
  if (rtag_counts) {
    out->tag_source = FCM_TAG_RESOURCE;
    if (fcm_tag_valid(rtag) && day >= FCM_PROFILE_TAG_FROM) {
      out->via = Q_PROFILE_TAG;
      return;
    }
    /* a valid tag on a profile before Bedrock joined MAP (2024-12-16) */
    out->cause = fcm_tag_valid(rtag) ? C_PROFILE_TAG_TOO_EARLY : C_INVALID_TAG;
    out->subject = fcm_tag_valid(rtag) ? f->dim[FC_DIM_RESOURCE] : f->dim[FC_DIM_RESOURCE_MAP_TAG];
    return;
  }
  if (ptag[0]) {
    out->tag_source = FCM_TAG_PRINCIPAL;
    out->subject = f->dim[FC_DIM_PRINCIPAL_MAP_TAG];
    out->on_role = 1;
    if (!fcm_tag_valid(ptag)) {
      out->cause = C_INVALID_TAG;
      return;
    }
    if (day >= FCM_ROLE_TAG_FROM) {
      out->via = Q_ROLE_TAG;
      out->subject = 0;
      out->on_role = 0;
      return;
    }
    out->cause = C_ROLE_TAG_TOO_EARLY;
    return;
  }
  out->cause = profile ? C_PROFILE_UNTAGGED : C_NO_PROFILE;
  out->subject = f->dim[FC_DIM_RESOURCE];
}

static int classify(fc_ctx *ctx, const fc_fact *f, int *cause, uint32_t *subject, int *on_role) {
  fcm_class c;
  fcm_classify(ctx, f, &c);
  *cause = c.cause;
  *subject = c.subject;
  *on_role = c.on_role;
  return c.via;
}

static int cmp_risk(const void *x, const void *y) {
  const risk_key *a = &((const risk *)x)->k, *b = &((const risk *)y)->k;
  if (a->workload != b->workload)
    return a->workload < b->workload ? -1 : 1;
  if (a->cause != b->cause)
    return a->cause < b->cause ? -1 : 1;
  if (a->subject != b->subject)
    return a->subject < b->subject ? -1 : 1;
  return a->on_role - b->on_role;
}

/* Per (workload, cause): the subject with the most spend (ties: the smallest text), and how many. */
typedef struct top {
  uint32_t subject;
  int on_role;
  fc_money usd;
  int64_t subjects;
} top;

static const char *severity(fc_money usd) {
  if (usd >= 1000 * FC_MONEY_SCALE)
    return "high";
  return usd >= 100 * FC_MONEY_SCALE ? "medium" : "low";
}

static const char *status_of(const fc_workload_info *wi, const wsum *w) {
  if (!wi->map_eligible)
    return "not_eligible";
  if (w->at_risk <= 0)
    return "compliant";
  return w->qualifying > 0 ? "partial" : "at_risk";
}

static double share(fc_money part, fc_money whole) { return whole == 0 ? NAN : (double)part / (double)whole; }

/* One step of a workload's fix, for one cause. */
static void describe(fc_ctx *ctx, sbuf *b, int cause, const top *t, fc_money usd, int direct_late) {
  const fc_host_api *api = FC_API(ctx);
  char m[40], sug[128], more[48] = "";
  const char *subject = api->str(ctx, t->subject);
  if (t->subjects > 1)
    snprintf(more, sizeof more, " and %lld more", (long long)(t->subjects - 1));
  fck_usd(usd, m);
  switch (cause) {
  case C_NO_PROFILE:
    if (strstr(subject, ":inference-profile/"))
      sb_printf(b,
                "%s USD called the system inference profile %s%s, which cannot be tagged: create an "
                "application inference profile from it, tag it map-migrated with your MAP engagement id and "
                "call through it",
                m, subject, more);
    else
      sb_printf(b,
                "%s USD called %s%s directly: create an application inference profile for the model, tag it "
                "map-migrated with your MAP engagement id and call through it",
                m, subject[0] ? subject : "the model", more);
    if (direct_late)
      sb_printf(b, " (or tag the calling IAM role map-migrated: role tags count from 2026-06-08)");
    break;
  case C_PROFILE_UNTAGGED:
    sb_printf(b,
              "%s USD went through application inference profile %s, which has no map-migrated tag: tag it",
              m, subject);
    break;
  case C_INVALID_TAG:
    sb_printf(
        b,
        "%s USD carries the %s tag map-migrated=%s, which is not a valid MAP value (mig, sap, oracle, comm, "
        "comm_ec2_ or mig_ec2_ in lower case, then 5 digits or 10 upper-case letters or digits)",
        m, t->on_role ? "IAM role" : "profile", subject);
    if (fcm_tag_suggest(subject, sug, sizeof sug))
      sb_printf(b, ": change it to %s", sug);
    else
      sb_printf(b, ": correct it");
    break;
  case C_PROFILE_TAG_TOO_EARLY:
    sb_printf(b,
              "%s USD went through the tagged application inference profile %s%s before 2024-12-16, when "
              "Amazon Bedrock joined MAP: it cannot qualify",
              m, subject, more);
    break;
  default:
    sb_printf(
        b,
        "%s USD predates 2026-06-08, before which a tag on the calling IAM role (map-migrated=%s) does not "
        "count: only a tagged application inference profile qualifies",
        m, subject);
    break;
  }
}

static fc_status map_process(fc_ctx *ctx, void *state) {
  (void)state;
  const fc_host_api *api = FC_API(ctx);
  fc_status st;
  size_t nfacts = 0;
  const fc_fact *facts = api->facts(ctx, &nfacts);
  fck_owners own;
  if ((st = fck_owners_open(ctx, &own)) != FC_OK)
    return st;
  const fc_table *ft = own.t;
  size_t nn = api->node_count(ctx), nw = api->workload_count(ctx), nrows = api->table_rows(ft);
  nsum *ns = api->alloc(ctx, (nn + 1) * sizeof *ns);
  wsum *ws = api->alloc(ctx, (nw + 1) * sizeof *ws);
  fck_kmap risks; /* risk_key -> fc_money: as many entries as those keys, not the facts */
  fck_kmap_init(&risks, ctx, sizeof(risk_key), sizeof(fc_money));
  if (!ns || !ws)
    return FC_ERR_NOMEM;
  memset(ns, 0, (nn + 1) * sizeof *ns);
  memset(ws, 0, (nw + 1) * sizeof *ws);
  fc_money tot_q = 0, tot_r = 0, tot_e = 0;

  for (size_t r = 0; r < nrows; r++) {
    size_t f0, nf;
    int w;
    int usage = fck_owner_row(ctx, &own, r, &f0, &nf, &w);
    if (usage < 0)
      return FC_ERR_PLUGIN;
    if (!usage)
      continue; /* adjustments are not MAP spend */
    for (size_t fi = f0; fi < f0 + nf; fi++) {
      const fc_fact *f = &facts[fi];
      int node = api->table_row_node(ft, r);
      const fc_workload_info *wi = w >= 0 ? api->workload(ctx, (size_t)w) : NULL;
      int eligible = wi && wi->map_eligible;
      int cause = C_NO_PROFILE, on_role = 0;
      uint32_t subject = 0;
      int q = classify(ctx, f, &cause, &subject, &on_role);
      if (q != Q_NONE) {
        if (fck_add(ctx, &tot_q, f->cost))
          return FC_ERR_OVERFLOW;
        for (int n = node; n >= 0; n = api->node(ctx, (size_t)n)->parent)
          if (fck_add(ctx, &ns[n].qualifying, f->cost))
            return FC_ERR_OVERFLOW;
      }
      if (!wi)
        continue;
      wsum *x = &ws[w];
      if (fck_add(ctx, &x->usage, f->cost))
        return FC_ERR_OVERFLOW;
      if (q != Q_NONE) {
        if (fck_add(ctx, &x->qualifying, f->cost) ||
            fck_add(ctx, q == Q_PROFILE_TAG ? &x->via_profile_tag : &x->via_role_tag, f->cost))
          return FC_ERR_OVERFLOW;
      } else if (eligible) {
        if (fck_add(ctx, &x->at_risk, f->cost) || fck_add(ctx, &x->cause[cause], f->cost) ||
            fck_add(ctx, &tot_r, f->cost))
          return FC_ERR_OVERFLOW;
        if (cause == C_NO_PROFILE && (int32_t)f->dim[FC_DIM_DAY] >= FCM_ROLE_TAG_FROM)
          x->direct_late = 1;
        risk_key k = {(int)w, cause, subject, on_role};
        fc_money *usd = fck_kmap_get(&risks, &k, 1);
        if (!usd)
          return FC_ERR_NOMEM;
        if (fck_add(ctx, usd, f->cost))
          return FC_ERR_OVERFLOW;
      }
    }
  }

  /* ---- per workload: sums up the hierarchy, subjects per cause ---- */
  for (size_t w = 0; w < nw; w++) {
    const fc_workload_info *wi = api->workload(ctx, w);
    if (!wi->map_eligible)
      continue;
    if (fck_add(ctx, &tot_e, ws[w].usage))
      return FC_ERR_OVERFLOW;
    for (int n = wi->node; n >= 0; n = api->node(ctx, (size_t)n)->parent) {
      if (fck_add(ctx, &ns[n].at_risk, ws[w].at_risk) || fck_add(ctx, &ns[n].eligible, ws[w].usage))
        return FC_ERR_OVERFLOW;
      ns[n].eligible_workloads++;
      ns[n].at_risk_workloads += ws[w].at_risk > 0;
    }
  }
  size_t nrk = risks.n;
  risk *rk = api->alloc(ctx, (nrk + 1) * sizeof *rk);
  if (!rk)
    return FC_ERR_NOMEM;
  for (size_t i = 0; i < nrk; i++)
    rk[i] = (risk){*(const risk_key *)fck_kmap_key(&risks, i), *(const fc_money *)fck_kmap_val(&risks, i)};
  if (nrk > 1)
    qsort(rk, nrk, sizeof *rk, cmp_risk);
  top *tops = api->alloc(ctx, (nw * C_COUNT + 1) * sizeof *tops);
  if (!tops)
    return FC_ERR_NOMEM;
  memset(tops, 0, (nw * C_COUNT + 1) * sizeof *tops);
  for (size_t i = 0; i < nrk; i++) { /* one entry per key: the subjects of each workload and cause */
    const risk_key *k = &rk[i].k;
    fc_money usd = rk[i].usd;
    top *t = &tops[(size_t)k->workload * C_COUNT + (size_t)k->cause];
    t->subjects++;
    if (t->subjects == 1 || usd > t->usd ||
        (usd == t->usd && strcmp(api->str(ctx, k->subject), api->str(ctx, t->subject)) < 0)) {
      t->subject = k->subject;
      t->on_role = k->on_role;
      t->usd = usd;
    }
  }

  /* ---- the quarter to date (quarter.c), the audit evidence (evidence.c) ---- */
  fcm_quarter qtd;
  if ((st = fcm_quarter_run(ctx, &qtd)) || (st = fcm_evidence_run(ctx)))
    return st;

  /* ---- map.nodes and map.totals ---- */
  static const fc_column ncols[] = {
      {"map.qualifying_usd", FC_COL_MONEY},         {"map.at_risk_usd", FC_COL_MONEY},
      {"map.eligible_usd", FC_COL_MONEY},           {"map.coverage", FC_COL_RATIO},
      {"map.eligible_workloads", FC_COL_INT},       {"map.at_risk_workloads", FC_COL_INT},
      {"map.quarter_qualifying_usd", FC_COL_MONEY}, {"map.quarter_at_risk_usd", FC_COL_MONEY}};
  fc_table *t;
  if ((st = api->table_create(ctx, "map.nodes", ncols, 8, &t)))
    return st;
  for (size_t n = 0; n < nn; n++) {
    const nsum *x = &ns[n];
    fc_value row[8] = {
        {NULL, x->qualifying, 0},         {NULL, x->at_risk, 0},
        {NULL, x->eligible, 0},           {NULL, 0, share(x->eligible - x->at_risk, x->eligible)},
        {NULL, x->eligible_workloads, 0}, {NULL, x->at_risk_workloads, 0},
        {NULL, qtd.qualifying[n], 0},     {NULL, qtd.at_risk[n], 0}};
    if ((st = api->table_append(ctx, t, (int)n, row)))
      return st;
  }
  int64_t n_el = 0, n_risk = 0;
  for (size_t w = 0; w < nw; w++)
    if (api->workload(ctx, w)->map_eligible) {
      n_el++;
      n_risk += ws[w].at_risk > 0;
    }
  static const fc_column tcols[] = {
      {"map_qualifying_usd", FC_COL_MONEY},     {"map_at_risk_usd", FC_COL_MONEY},
      {"map_eligible_usd", FC_COL_MONEY},       {"map_eligible_workloads", FC_COL_INT},
      {"map_at_risk_workloads", FC_COL_INT},    {"map_quarter", FC_COL_TEXT},
      {"map_quarter_months", FC_COL_TEXT},      {"map_quarter_qualifying_usd", FC_COL_MONEY},
      {"map_quarter_at_risk_usd", FC_COL_MONEY}};
  if ((st = api->table_create(ctx, "map.totals", tcols, 9, &t)))
    return st;
  fc_value trow[9] = {
      {NULL, tot_q, 0},          {NULL, tot_r, 0},  {NULL, tot_e, 0},   {NULL, n_el, 0},
      {NULL, n_risk, 0},         {qtd.label, 0, 0}, {qtd.months, 0, 0}, {NULL, qtd.qualifying[nn], 0},
      {NULL, qtd.at_risk[nn], 0}};
  if ((st = api->table_append(ctx, t, -1, trow)))
    return st;

  /* ---- map.workloads, map.by_cause, map.findings ---- */
  static const fc_column wcols[] = {{"workload_id", FC_COL_TEXT},
                                    {"name", FC_COL_TEXT},
                                    {"map_eligible", FC_COL_INT},
                                    {"status", FC_COL_TEXT},
                                    {"usage_usd", FC_COL_MONEY},
                                    {"qualifying_usd", FC_COL_MONEY},
                                    {"via_profile_tag_usd", FC_COL_MONEY},
                                    {"via_role_tag_usd", FC_COL_MONEY},
                                    {"at_risk_usd", FC_COL_MONEY},
                                    {"no_profile_usd", FC_COL_MONEY},
                                    {"profile_untagged_usd", FC_COL_MONEY},
                                    {"invalid_tag_usd", FC_COL_MONEY},
                                    {"role_tag_too_early_usd", FC_COL_MONEY},
                                    {"action", FC_COL_TEXT},
                                    {"profile_tag_too_early_usd", FC_COL_MONEY}};
  static const fc_column bcols[] = {{"workload_id", FC_COL_TEXT}, {"cause", FC_COL_TEXT},
                                    {"usd", FC_COL_MONEY},        {"subject", FC_COL_TEXT},
                                    {"subjects", FC_COL_INT},     {"fix", FC_COL_TEXT}};
  static const fc_column fcols[] = {{"kind", FC_COL_TEXT},          {"severity", FC_COL_TEXT},
                                    {"workload_id", FC_COL_TEXT},   {"assignee_role", FC_COL_TEXT},
                                    {"usd_at_stake", FC_COL_MONEY}, {"key", FC_COL_TEXT},
                                    {"detail", FC_COL_TEXT}};
  fc_table *tw, *tb, *tf;
  if ((st = api->table_create(ctx, "map.workloads", wcols, 15, &tw)) ||
      (st = api->table_create(ctx, "map.by_cause", bcols, 6, &tb)) ||
      (st = api->table_create(ctx, "map.findings", fcols, 7, &tf)))
    return st;
  for (size_t w = 0; w < nw; w++) {
    const fc_workload_info *wi = api->workload(ctx, w);
    const wsum *x = &ws[w];
    /* the fix for the largest cause names the task; ties by cause order */
    int main_cause = -1;
    for (int c = 0; c < C_COUNT; c++)
      if (x->cause[c] > 0 && (main_cause < 0 || x->cause[c] > x->cause[main_cause]))
        main_cause = c;
    const char *kind = wi->map_eligible && x->at_risk > 0 && main_cause >= 0 ? cause_kinds[main_cause] : "";
    fc_value row[15] = {{wi->id, 0, 0},
                        {wi->name, 0, 0},
                        {NULL, wi->map_eligible ? 1 : 0, 0},
                        {status_of(wi, x), 0, 0},
                        {NULL, x->usage, 0},
                        {NULL, x->qualifying, 0},
                        {NULL, x->via_profile_tag, 0},
                        {NULL, x->via_role_tag, 0},
                        {NULL, x->at_risk, 0},
                        {NULL, x->cause[C_NO_PROFILE], 0},
                        {NULL, x->cause[C_PROFILE_UNTAGGED], 0},
                        {NULL, x->cause[C_INVALID_TAG], 0},
                        {NULL, x->cause[C_ROLE_TAG_TOO_EARLY], 0},
                        {kind, 0, 0},
                        {NULL, x->cause[C_PROFILE_TAG_TOO_EARLY], 0}};
    if ((st = api->table_append(ctx, tw, wi->node, row)))
      return st;
    if (!kind[0])
      continue;
    /* Causes by dollars, largest first (ties by cause order). */
    int order[C_COUNT], no = 0;
    for (int c = 0; c < C_COUNT; c++)
      if (x->cause[c] != 0)
        order[no++] = c;
    for (int i = 1; i < no; i++)
      for (int j = i; j > 0 && x->cause[order[j]] > x->cause[order[j - 1]]; j--) {
        int tmp = order[j];
        order[j] = order[j - 1];
        order[j - 1] = tmp;
      }
    char m[40];
    sbuf detail = {ctx, NULL, 0, 0, 0};
    sb_printf(&detail,
              "%s USD of %s's MAP-eligible Bedrock usage does not qualify for MAP: ", fck_usd(x->at_risk, m),
              wi->name);
    for (int i = 0; i < no; i++) {
      int c = order[i];
      const top *tp = &tops[w * C_COUNT + (size_t)c];
      sbuf fix = {ctx, NULL, 0, 0, 0};
      describe(ctx, &fix, c, tp, x->cause[c], x->direct_late);
      if (fix.failed)
        return FC_ERR_NOMEM;
      sb_printf(&detail, "%s%s", i ? "; " : "", fix.p);
      fc_value brow[6] = {{wi->id, 0, 0},          {cause_names[c], 0, 0},
                          {NULL, x->cause[c], 0},  {api->str(ctx, tp->subject), 0, 0},
                          {NULL, tp->subjects, 0}, {fix.p, 0, 0}};
      if ((st = api->table_append(ctx, tb, wi->node, brow)))
        return st;
    }
    sb_printf(&detail, ".");
    if (detail.failed)
      return FC_ERR_NOMEM;
    fc_value frow[7] = {{kind, 0, 0},          {severity(x->at_risk), 0, 0},
                        {wi->id, 0, 0},        {"cloud_engineer", 0, 0},
                        {NULL, x->at_risk, 0}, {wi->id, 0, 0},
                        {detail.p, 0, 0}};
    if ((st = api->table_append(ctx, tf, wi->node, frow)))
      return st;
  }
  char m1[40], m2[40];
  api->log(ctx, FC_LOG_DEBUG, "MAP qualifying %s USD, at risk %s USD in %lld of %lld eligible workloads",
           fck_usd(tot_q, m1), fck_usd(tot_r, m2), (long long)n_risk, (long long)n_el);
  return FC_OK;
}

/* Charts (ABI 1.2): drawn by the host from each pack's view. */
static const fc_chart_def charts[] = {
    {.name = "map",
     .kind = FC_CHART_BARS,
     .title = "MAP qualifying vs at risk",
     .subtitle = "Migration Acceleration Program: spend that qualifies and spend at risk, {scope}",
     .result = "map.nodes",
     .series = (const fc_chart_series[]){{"map.qualifying_usd", "Qualifying", FC_CHART_GREEN},
                                         {"map.at_risk_usd", "At risk", FC_CHART_ORANGE},
                                         {NULL}},
     .flags = FC_CHART_SKIP_ZERO,
     .others = "Other workloads"},
    {NULL}};

extern const fc_stmt_decl map_statements[]; /* map_report.c */
extern const fc_sheet_decl map_sheets[];

static const fc_plugin_desc desc = {
    .magic = FC_PLUGIN_MAGIC,
    .abi_major = FC_ABI_MAJOR,
    .abi_minor = FC_ABI_MINOR,
    .size = sizeof(fc_plugin_desc),
    .name = "map",
    .version = "1.0.0",
    .description = "MAP 2.0 compliance: qualifying spend, spend at risk by cause, tasks to tag profiles",
    .reads = reads,
    .writes = writes,
    .init = NULL,
    .process = map_process,
    .finish = NULL,
    .charts = charts,
    .sheets = map_sheets,
    .statements = map_statements,
};

FC_PLUGIN_DEFINE(desc)
