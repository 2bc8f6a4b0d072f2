/* optwriter.c: plugin "ow", the writer of ow.out that optread reads optionally. */
#include "fixture.h"

static const char *const writes[] = {"ow.out", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("ow", NULL, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
