/* hello_plugin.c: a minimal out-of-tree FinOps Center plugin: counts Bedrock facts per model. */
#include <stdlib.h>
#include <string.h>

#include <finops/plugin.h>

/* What the host must give us (facts with the model dimension) and what we produce. */
static const char *const reads[] = {"fact.model", NULL};
static const char *const writes[] = {"hello.models", NULL};

typedef struct model_count {
  uint32_t model; /* interned string id; 0 = no model in the data */
  int64_t facts;
  int64_t rows;
  fc_money cost;
} model_count;

/* init and finish are optional; a plugin keeping state would allocate it here and free it in
 * finish, which the host calls exactly once whenever init succeeded. */
static fc_status hello_init(fc_ctx *ctx, void **state) {
  (void)ctx;
  *state = NULL;
  return FC_OK;
}

static fc_status hello_process(fc_ctx *ctx, void *state) {
  const fc_host_api *api = FC_API(ctx);
  (void)state;
  size_t nfacts = 0;
  const fc_fact *facts = api->facts(ctx, &nfacts);
  int32_t period = api->period(ctx);

  /* One entry per model; a plain array is plenty for the few models a month has. Memory from
   * api->alloc lives until the run ends, so nothing needs freeing. */
  model_count *counts = api->alloc(ctx, (nfacts + 1) * sizeof *counts);
  if (!counts)
    return FC_ERR_NOMEM;
  size_t n = 0;
  for (size_t i = 0; i < nfacts; i++) {
    const fc_fact *f = &facts[i];
    if ((int32_t)f->dim[FC_DIM_PERIOD] != period)
      continue;
    size_t k = 0;
    while (k < n && counts[k].model != f->dim[FC_DIM_MODEL])
      k++;
    if (k == n)
      counts[n++].model = f->dim[FC_DIM_MODEL];
    counts[k].facts++;
    counts[k].rows += (int64_t)f->rows;
    counts[k].cost += f->cost;
  }

  /* Rows in model name order, so the output does not depend on the order of the facts. */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i;
         j > 0 && strcmp(api->str(ctx, counts[j - 1].model), api->str(ctx, counts[j].model)) > 0; j--) {
      model_count t = counts[j];
      counts[j] = counts[j - 1];
      counts[j - 1] = t;
    }

  static const fc_column cols[] = {
      {"model", FC_COL_TEXT}, {"facts", FC_COL_INT}, {"rows", FC_COL_INT}, {"cost_usd", FC_COL_MONEY}};
  fc_table *t = NULL;
  fc_status st = api->table_create(ctx, "hello.models", cols, sizeof cols / sizeof cols[0], &t);
  if (st)
    return st;
  for (size_t i = 0; i < n; i++) {
    const char *model = api->str(ctx, counts[i].model);
    fc_value row[4] = {{model[0] ? model : "(no model)", 0, 0},
                       {NULL, counts[i].facts, 0},
                       {NULL, counts[i].rows, 0},
                       {NULL, counts[i].cost, 0}};
    /* node -1: these rows belong to the whole organisation */
    if ((st = api->table_append(ctx, t, -1, row)) != FC_OK)
      return st;
  }
  api->log(ctx, FC_LOG_DEBUG, "%zu models", n);
  return FC_OK;
}

static void hello_finish(fc_ctx *ctx, void *state) {
  (void)ctx;
  free(state);
}

/* Report content (ABI 1.2): a sheet of hello.models in the FinOps leader's workbook, and a sentence
 * in their briefing. Static data: the host renders it; templates take it with {table: "*"} and
 * {statement: "*"}, or by name (hello.models, hello.top_model). */
#define LEADER FC_ROLE_BIT(FC_PERSON_FINOPS_LEADER)
static const fc_sheet_column model_columns[] = {
    {.column = "model", .label = "Model", .width = 30},
    {.column = "facts", .label = "Facts", .format = FC_SHEET_FMT_INTEGER, .total = FC_SHEET_TOTAL_SUM},
    {.column = "rows", .label = "CUR rows", .format = FC_SHEET_FMT_INTEGER, .total = FC_SHEET_TOTAL_SUM},
    {.column = "cost_usd", .label = "Cost", .format = FC_SHEET_FMT_MONEY, .total = FC_SHEET_TOTAL_SUM},
};
static const fc_sheet_decl sheets[] = {{.name = "models",
                                        .result = "hello.models",
                                        .title = "Models by fact",
                                        .roles = LEADER,
                                        .sort = "-cost_usd",
                                        .columns = model_columns,
                                        .ncolumns = sizeof model_columns / sizeof model_columns[0]},
                                       {.name = NULL}};
static const fc_stmt_decl statements[] = {
    {.name = "top_model",
     .result = "hello.models",
     .roles = LEADER,
     .priority = 5,
     .when = "count() > 0",
     .text = "{top(model, cost_usd)} cost the most of {count()} model{?count() != 1|s}: "
             "{top(cost_usd, cost_usd)} of {sum(cost_usd)}."},
    {.name = NULL}};

/* A chart of hello.models (ABI 1.2): the host draws it in the organisation's pack (the rows are
 * the organisation's) of every role whose template lists "hello.cost_by_model". */
static const fc_chart_def charts[] = {
    {.name = "cost_by_model",
     .kind = FC_CHART_BARS,
     .title = "Cost by model",
     .subtitle = "Bedrock unblended cost per model, {period}, {scope}",
     .result = "hello.models",
     .rows = FC_CHART_ROWS_SELF, /* the rows of the pack's own node (-1: the organisation) */
     .label = "model",
     .series = (const fc_chart_series[]){{"cost_usd", "Cost", FC_CHART_TEAL}, {NULL, NULL, FC_CHART_AUTO}},
     .flags = FC_CHART_SKIP_ZERO,
     .levels = FC_CHART_AT_ORG},
    {NULL}};

/* Designated initializers: fields a newer header appends stay zero (a plugin declares nothing it
 * does not name). */
static const fc_plugin_desc hello_desc = {.magic = FC_PLUGIN_MAGIC,
                                          .abi_major = FC_ABI_MAJOR,
                                          .abi_minor = FC_ABI_MINOR,
                                          .size = sizeof(fc_plugin_desc),
                                          .name = "hello",
                                          .version = "1.0.0",
                                          .description = "Counts Bedrock facts, CUR rows and cost per model",
                                          .reads = reads,
                                          .writes = writes,
                                          .init = hello_init,
                                          .process = hello_process,
                                          .finish = hello_finish,
                                          .charts = charts,
                                          .sheets = sheets,
                                          .statements = statements};

FC_PLUGIN_DEFINE(hello_desc)
