/* quarter.c: MAP spend of the quarter to date (docs/map.md, "The quarter to date").
 *
 * MAP credits are tracked by quarter. The reported period's quarter runs from its first month to the
 * period itself; every month of it that the inputs hold is added up, each attributed by the same
 * claims (attribution._facts for the period, attribution._facts_other for the earlier months) and
 * classified by the same rules as the period (fcm_classify). Results: map.quarter (per workload,
 * and per node for qualifying spend nobody claimed), map.quarter_months (the same per month), and
 * the per-node and total sums that map.c writes into map.nodes and map.totals. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <finops/plugin.h>

#include "plugkit.h"

#include "mapint.h"

typedef struct qsum {
  fc_money q[3], r[3], e[3]; /* qualifying, at risk, eligible usage per month of the quarter */
} qsum;

static int any(const qsum *x, int m) { return x->q[m] != 0 || x->r[m] != 0 || x->e[m] != 0; }

static fc_status add_rows(fc_ctx *ctx, const fck_owners *own, int32_t qfirst, int32_t period, qsum *wq,
                          qsum *uq, fcm_quarter *out, int *present) {
  const fc_host_api *api = FC_API(ctx);
  size_t nfacts = 0, nn = api->node_count(ctx);
  const fc_fact *facts = api->facts(ctx, &nfacts);
  for (size_t r = 0; r < api->table_rows(own->t); r++) {
    size_t f0, nf;
    int w;
    int usage = fck_owner_row(ctx, own, r, &f0, &nf, &w);
    if (usage < 0)
      return FC_ERR_PLUGIN;
    for (size_t fi = f0; fi < f0 + nf; fi++) {
      const fc_fact *f = &facts[fi];
      int32_t p = (int32_t)f->dim[FC_DIM_PERIOD];
      if (p < qfirst || p > period)
        continue;
      int m = (int)(p - qfirst);
      present[m] = 1;
      if (!usage)
        continue; /* adjustments are not MAP spend */
      const fc_workload_info *wi = w >= 0 ? api->workload(ctx, (size_t)w) : NULL;
      int node = api->table_row_node(own->t, r);
      fcm_class c;
      fcm_classify(ctx, f, &c);
      qsum *x = wi ? &wq[w] : &uq[node < 0 ? nn : (size_t)node];
      if (wi && wi->map_eligible && fck_add(ctx, &x->e[m], f->cost))
        return FC_ERR_OVERFLOW;
      if (c.via != FCM_Q_NONE) {
        if (fck_add(ctx, &x->q[m], f->cost) || fck_add(ctx, &out->qualifying[nn], f->cost))
          return FC_ERR_OVERFLOW;
        for (int n = node; n >= 0; n = api->node(ctx, (size_t)n)->parent)
          if (fck_add(ctx, &out->qualifying[n], f->cost))
            return FC_ERR_OVERFLOW;
      } else if (wi && wi->map_eligible) {
        if (fck_add(ctx, &x->r[m], f->cost) || fck_add(ctx, &out->at_risk[nn], f->cost))
          return FC_ERR_OVERFLOW;
        for (int n = wi->node; n >= 0; n = api->node(ctx, (size_t)n)->parent)
          if (fck_add(ctx, &out->at_risk[n], f->cost))
            return FC_ERR_OVERFLOW;
      }
    }
  }
  return FC_OK;
}

static double share(fc_money part, fc_money whole) { return whole == 0 ? NAN : (double)part / (double)whole; }

fc_status fcm_quarter_run(fc_ctx *ctx, fcm_quarter *out) {
  const fc_host_api *api = FC_API(ctx);
  size_t nn = api->node_count(ctx), nw = api->workload_count(ctx);
  int32_t period = api->period(ctx);
  int32_t y = period / 100, mo = period % 100;
  int32_t qfirst = y * 100 + ((mo - 1) / 3) * 3 + 1, last = (int)(period - qfirst);
  if (last < 0 || last > 2) {
    api->error(ctx, "period %d is not a month", (int)period);
    return FC_ERR_INVALID;
  }
  memset(out, 0, sizeof *out);
  snprintf(out->label, sizeof out->label, "%04d-Q%d", (int)(y % 10000), (int)((mo - 1) / 3 + 1));
  out->qualifying = api->alloc(ctx, (nn + 1) * sizeof *out->qualifying);
  out->at_risk = api->alloc(ctx, (nn + 1) * sizeof *out->at_risk);
  qsum *wq = api->alloc(ctx, (nw + 1) * sizeof *wq), *uq = api->alloc(ctx, (nn + 1) * sizeof *uq);
  if (!out->qualifying || !out->at_risk || !wq || !uq)
    return FC_ERR_NOMEM;
  memset(out->qualifying, 0, (nn + 1) * sizeof *out->qualifying);
  memset(out->at_risk, 0, (nn + 1) * sizeof *out->at_risk);
  memset(wq, 0, (nw + 1) * sizeof *wq);
  memset(uq, 0, (nn + 1) * sizeof *uq);
  int present[3] = {0, 0, 0};
  fck_owners cur, other;
  fc_status st;
  if ((st = fck_owners_open(ctx, &cur)) || (st = fck_owners_open_other(ctx, &other)) ||
      (st = add_rows(ctx, &cur, qfirst, period, wq, uq, out, present)) ||
      (st = add_rows(ctx, &other, qfirst, period, wq, uq, out, present)))
    return st;
  char months[3][32];
  size_t used = 0;
  for (int m = 0; m <= last; m++) {
    snprintf(months[m], sizeof months[m], "%04d-%02d", (int)(y % 10000), (int)((qfirst + m) % 100));
    if (present[m] && used < sizeof out->months) {
      int k = snprintf(out->months + used, sizeof out->months - used, "%s%s", used ? ", " : "", months[m]);
      used += k > 0 ? (size_t)k : 0;
    }
  }

  static const fc_column qcols[] = {{"workload_id", FC_COL_TEXT},
                                    {"name", FC_COL_TEXT},
                                    {"map_eligible", FC_COL_INT},
                                    {"quarter", FC_COL_TEXT},
                                    {"months", FC_COL_TEXT},
                                    {"qualifying_usd", FC_COL_MONEY},
                                    {"at_risk_usd", FC_COL_MONEY},
                                    {"eligible_usd", FC_COL_MONEY},
                                    {"coverage", FC_COL_RATIO},
                                    {"period_qualifying_usd", FC_COL_MONEY},
                                    {"period_at_risk_usd", FC_COL_MONEY}};
  static const fc_column mcols[] = {{"workload_id", FC_COL_TEXT},  {"name", FC_COL_TEXT},
                                    {"month", FC_COL_TEXT},        {"qualifying_usd", FC_COL_MONEY},
                                    {"at_risk_usd", FC_COL_MONEY}, {"eligible_usd", FC_COL_MONEY}};
  fc_table *tq, *tm;
  if ((st = api->table_create(ctx, "map.quarter", qcols, 11, &tq)) ||
      (st = api->table_create(ctx, "map.quarter_months", mcols, 6, &tm)))
    return st;
  /* workloads in configuration order, then spend nobody claimed per node (the organisation last) */
  for (size_t k = 0; k < nw + nn + 1; k++) {
    const fc_workload_info *wi = k < nw ? api->workload(ctx, k) : NULL;
    const qsum *x = wi ? &wq[k] : &uq[k - nw];
    int node = wi ? wi->node : k - nw < nn ? (int)(k - nw) : -1;
    fc_money q = 0, r = 0, e = 0;
    for (int m = 0; m <= last; m++)
      if (fck_add(ctx, &q, x->q[m]) || fck_add(ctx, &r, x->r[m]) || fck_add(ctx, &e, x->e[m]))
        return FC_ERR_OVERFLOW;
    if (!(wi && wi->map_eligible) && q == 0)
      continue;
    const char *id = wi ? wi->id : "", *name = wi ? wi->name : "Unattributed";
    fc_value row[11] = {{id, 0, 0},
                        {name, 0, 0},
                        {NULL, wi ? wi->map_eligible != 0 : 0, 0},
                        {out->label, 0, 0},
                        {out->months, 0, 0},
                        {NULL, q, 0},
                        {NULL, r, 0},
                        {NULL, e, 0},
                        {NULL, 0, share(e - r, e)},
                        {NULL, x->q[last], 0},
                        {NULL, x->r[last], 0}};
    if ((st = api->table_append(ctx, tq, node, row)))
      return st;
    for (int m = 0; m <= last; m++) {
      if (!any(x, m))
        continue;
      fc_value mrow[6] = {{id, 0, 0},         {name, 0, 0},       {months[m], 0, 0},
                          {NULL, x->q[m], 0}, {NULL, x->r[m], 0}, {NULL, x->e[m], 0}};
      if ((st = api->table_append(ctx, tm, node, mrow)))
        return st;
    }
  }
  return FC_OK;
}
