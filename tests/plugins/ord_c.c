/* ord_c.c: plugin "c" of the ordering case: reads only facts, so it runs first. */
#include "fixture.h"

static const char *const reads[] = {"fact.*", NULL};
static const char *const writes[] = {"c.out", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("c", reads, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
