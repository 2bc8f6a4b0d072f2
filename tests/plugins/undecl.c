/* undecl.c: a plugin creating a result it did not declare, then returning FC_OK anyway: the host
 * must still fail the run. */
#include "fixture.h"

static const char *const writes[] = {"undecl.declared", NULL};

static fc_status undecl_process(fc_ctx *ctx, void *state) {
  (void)state;
  static const fc_column cols[] = {{"n", FC_COL_INT}};
  fc_table *t = NULL;
  fc_status st = FC_API(ctx)->table_create(ctx, "undecl.other", cols, 1, &t);
  fixture_log(ctx, "undecl", st == FC_OK ? "created" : t ? "refused-but-set" : "refused");
  return FC_OK;
}

static void undecl_finish(fc_ctx *ctx, void *state) {
  (void)state;
  fixture_log(ctx, "undecl", "finish");
}

static const fc_plugin_desc desc = FIXTURE_DESC("undecl", NULL, writes, NULL, undecl_process, undecl_finish);
FC_PLUGIN_DEFINE(desc)
