/* tail.c: a plugin that only logs its calls (init, process, finish). */
#include "fixture.h"

static fc_status tail_init(fc_ctx *ctx, void **state) {
  (void)state;
  fixture_log(ctx, "tail", "init");
  return FC_OK;
}

static fc_status tail_process(fc_ctx *ctx, void *state) {
  (void)state;
  fixture_log(ctx, "tail", "process");
  return FC_OK;
}

static void tail_finish(fc_ctx *ctx, void *state) {
  (void)state;
  fixture_log(ctx, "tail", "finish");
}

static const fc_plugin_desc desc = FIXTURE_DESC("tail", NULL, NULL, tail_init, tail_process, tail_finish);
FC_PLUGIN_DEFINE(desc)
