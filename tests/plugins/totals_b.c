/* totals_b.c: a plugin writing the totals key shared_usd, as totals_a.c does: two figures
 * under one name in summary.json, which the host refuses. */
#include "fixture.h"

static const char *const writes[] = {"totalsb.totals", NULL};

static fc_status process(fc_ctx *ctx, void *state) {
  (void)state;
  static const fc_column cols[] = {{"shared_usd", FC_COL_MONEY}};
  fc_table *t;
  fc_status st = FC_API(ctx)->table_create(ctx, "totalsb.totals", cols, 1, &t);
  if (st)
    return st;
  fc_value v[1] = {{NULL, 2000000000, 0}};
  return FC_API(ctx)->table_append(ctx, t, -1, v);
}

static const fc_plugin_desc desc = FIXTURE_DESC("totalsb", NULL, writes, NULL, process, NULL);
FC_PLUGIN_DEFINE(desc)
