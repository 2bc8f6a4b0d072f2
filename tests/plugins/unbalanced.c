/* unbalanced.c: an `attribution` plugin whose chargeback misses one unit (1e-10 USD) of the
 * period's Bedrock total: the host must refuse to publish it. */
#include <stddef.h>

#include "fixture.h"

static const char *const reads[] = {"fact.period", NULL};
static const char *const writes[] = {"attribution.chargeback", NULL};

static fc_status process(fc_ctx *ctx, void *state) {
  (void)state;
  const fc_host_api *api = FC_API(ctx);
  size_t n = 0;
  const fc_fact *f = api->facts(ctx, &n);
  fc_money total = 0;
  for (size_t i = 0; i < n; i++)
    if ((int32_t)f[i].dim[FC_DIM_PERIOD] == api->period(ctx))
      total += f[i].cost;
  static const fc_column cols[] = {{"bucket", FC_COL_TEXT}, {"net_usd", FC_COL_MONEY}};
  fc_table *t = NULL;
  fc_status st = api->table_create(ctx, "attribution.chargeback", cols, 2, &t);
  if (st)
    return st;
  fc_value row[2] = {{"everything", 0, 0}, {NULL, total - 1, 0}};
  return api->table_append(ctx, t, -1, row);
}

/* the host checks a result it is told is the ledger, whatever its name */
static const fc_use uses[] = {{FC_USE_LEDGER, "attribution.chargeback", "net_usd", NULL},
                              {FC_USE_CSV, "attribution.chargeback", NULL, "chargeback.csv"},
                              {FC_USE_END, NULL, NULL, NULL}};

static const fc_plugin_desc desc = FIXTURE_DESC_USES("attribution", reads, writes, NULL, process, NULL, uses);
FC_PLUGIN_DEFINE(desc)
