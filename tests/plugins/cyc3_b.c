/* cyc3_b.c: plugin "b" of a three-plugin cycle: reads a.x, writes b.y. */
#include "fixture.h"

static const char *const reads[] = {"a.x", NULL};
static const char *const writes[] = {"b.y", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("b", reads, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
