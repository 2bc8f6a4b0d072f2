/* unknowndep.c: a plugin reading a result that no loaded plugin writes (refused). */
#include "fixture.h"

static const char *const reads[] = {"fact.model", "nosuch.result", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("unknowndep", reads, NULL, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
