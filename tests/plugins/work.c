/* work.c: a working plugin: reads facts in process() and fills its declared result "work.rows". */
#include "fixture.h"

static const char *const reads[] = {"fact.product_code", "fact.usage_type", NULL};
static const char *const writes[] = {"work.rows", NULL};

static fc_status work_init(fc_ctx *ctx, void **state) {
  static int token;
  *state = &token;
  fixture_log(ctx, "work", "init");
  return FC_OK;
}

static fc_status work_process(fc_ctx *ctx, void *state) {
  const fc_host_api *api = FC_API(ctx);
  fixture_log(ctx, "work", "process");
  if (!state)
    return FC_ERR_INVALID;
  static const fc_column cols[] = {{"product_code", FC_COL_TEXT},
                                   {"usage_type", FC_COL_TEXT},
                                   {"rows", FC_COL_INT},
                                   {"cost", FC_COL_MONEY}};
  fc_table *t = NULL;
  fc_status st = api->table_create(ctx, "work.rows", cols, sizeof cols / sizeof cols[0], &t);
  if (st)
    return st;
  int node = api->node_find(ctx, "BU1/W1");
  size_t n = 0;
  const fc_fact *facts = api->facts(ctx, &n);
  for (size_t i = 0; i < n; i++) {
    if ((int32_t)facts[i].dim[FC_DIM_PERIOD] != api->period(ctx))
      continue;
    fc_value v[4] = {{api->str(ctx, facts[i].dim[FC_DIM_PRODUCT_CODE]), 0, 0},
                     {api->str(ctx, facts[i].dim[FC_DIM_USAGE_TYPE]), 0, 0},
                     {NULL, (int64_t)facts[i].rows, 0},
                     {NULL, facts[i].cost, 0}};
    if ((st = api->table_append(ctx, t, node, v)) != FC_OK)
      return st;
  }
  return FC_OK;
}

static void work_finish(fc_ctx *ctx, void *state) {
  (void)state;
  fixture_log(ctx, "work", "finish");
}

static const fc_plugin_desc desc = FIXTURE_DESC("work", reads, writes, work_init, work_process, work_finish);
FC_PLUGIN_DEFINE(desc)
