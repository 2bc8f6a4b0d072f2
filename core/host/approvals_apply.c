/* approvals_apply.c: approved overages (approvals.yaml) marked in a run's results: the tables that
 * declare a column for approval marks (FC_USE_APPROVALS). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approve.h"
#include "run.h"
#include "scope.h"
#include "util.h"

/* ---- approved overages in a run ---- */

static int col(const fc_table *t, const char *name) {
  for (size_t c = 0; c < t->ncols; c++)
    if (strcmp(t->cols[c].name, name) == 0)
      return (int)c;
  return -1;
}

/* In table t, rows of kind forecast_over_estimate of an approved workload become "approved", the
 * approval written before the text of the column t declares for approval marks (FC_USE_APPROVALS). */
static fc_status mark(fc_run *r, const fc_approvals *ap, fc_table *t) {
  int ck = col(t, "kind"), cs = col(t, "severity"), ct = t->approval_col;
  int cu = col(t, "usd_at_stake") >= 0 ? col(t, "usd_at_stake") : col(t, "usd");
  if (ck < 0 || cs < 0 || ct < 0)
    return FC_OK;
  for (size_t i = 0; i < t->nrows; i++) {
    fc_cell *row = &t->cells[i * t->ncols];
    int node = t->nodes[i];
    if (!row[ck].s || strcmp(row[ck].s, "forecast_over_estimate") != 0 || node < 0)
      continue;
    int w = r->cfg.nodes[node].workload;
    const fc_approval *a = w >= 0 ? fc_approvals_find(ap, w, r->as_of) : NULL;
    if (!a || (cu >= 0 && row[cu].i > a->usd))
      continue;
    char amount[48], d[16];
    fc_money_words(a->usd, 2, amount, sizeof amount);
    int p = fc_person_find(&r->cfg, a->approved_by);
    char *text = fc_asprintf("Approved up to %s until %s by %s (%s). %s", amount, fc_date_format(a->until, d),
                             p >= 0 && r->cfg.people[p].name ? r->cfg.people[p].name : a->approved_by,
                             a->reason, row[ct].s ? row[ct].s : "");
    if (!text)
      return FC_ERR_NOMEM;
    row[ct].s = fc_arena_strdup(&r->results.arena, text);
    free(text);
    row[cs].s = "approved";
    if (!row[ct].s)
      return FC_ERR_NOMEM;
  }
  return FC_OK;
}

fc_status fc_approvals_apply(fc_run *r) {
  fc_approvals ap;
  fc_status st = fc_approvals_load(&r->cfg, NULL, &ap, r->diags);
  for (size_t i = 0; st == FC_OK && ap.n && i < r->results.n; i++)
    if (FC_TABLE_USES(r->results.v[i], FC_USE_APPROVALS))
      st = mark(r, &ap, r->results.v[i]);
  fc_approvals_free(&ap);
  return st;
}
