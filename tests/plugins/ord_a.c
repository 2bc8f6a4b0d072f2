/* ord_a.c: plugin "a" of the ordering case: reads b.out, so it runs last. */
#include "fixture.h"

static const char *const reads[] = {"b.out", NULL};
static const char *const writes[] = {"a.out", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("a", reads, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
