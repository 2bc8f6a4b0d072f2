/* ord_b.c: plugin "b" of the ordering case: reads c.out, writes b.out. */
#include "fixture.h"

static const char *const reads[] = {"c.out", "fact.model", NULL};
static const char *const writes[] = {"b.out", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("b", reads, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
