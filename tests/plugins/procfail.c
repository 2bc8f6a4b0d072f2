/* procfail.c: a plugin whose process reports an error and fails. */
#include "fixture.h"

static fc_status procfail_init(fc_ctx *ctx, void **state) {
  (void)state;
  fixture_log(ctx, "procfail", "init");
  return FC_OK;
}

static fc_status procfail_process(fc_ctx *ctx, void *state) {
  (void)state;
  fixture_log(ctx, "procfail", "process");
  FC_API(ctx)->error(ctx, "cannot go on (%d)", 42);
  return FC_ERR_INVALID;
}

static void procfail_finish(fc_ctx *ctx, void *state) {
  (void)state;
  fixture_log(ctx, "procfail", "finish");
}

static const fc_plugin_desc desc =
    FIXTURE_DESC("procfail", NULL, NULL, procfail_init, procfail_process, procfail_finish);
FC_PLUGIN_DEFINE(desc)
