/* cyc3_c.c: plugin "c" of a three-plugin cycle: reads b.y, writes c.z. */
#include "fixture.h"

static const char *const reads[] = {"b.y", NULL};
static const char *const writes[] = {"c.z", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("c", reads, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
