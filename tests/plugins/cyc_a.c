/* cyc_a.c: plugin "a" of a two-plugin cycle: reads b.y, writes a.x. */
#include "fixture.h"

static const char *const reads[] = {"b.y", NULL};
static const char *const writes[] = {"a.x", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("a", reads, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
