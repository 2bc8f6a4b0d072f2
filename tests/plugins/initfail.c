/* initfail.c: a plugin whose init fails; it reads work.rows so that it starts after "work". */
#include "fixture.h"

static const char *const reads[] = {"work.rows", NULL};

static fc_status initfail_init(fc_ctx *ctx, void **state) {
  (void)state;
  fixture_log(ctx, "initfail", "init");
  return FC_ERR_CONFIG;
}

static fc_status initfail_process(fc_ctx *ctx, void *state) {
  (void)state;
  fixture_log(ctx, "initfail", "process");
  return FC_OK;
}

static void initfail_finish(fc_ctx *ctx, void *state) {
  (void)state;
  fixture_log(ctx, "initfail", "finish");
}

static const fc_plugin_desc desc =
    FIXTURE_DESC("initfail", reads, NULL, initfail_init, initfail_process, initfail_finish);
FC_PLUGIN_DEFINE(desc)
