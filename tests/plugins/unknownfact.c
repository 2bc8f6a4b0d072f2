/* unknownfact.c: a plugin reading a fact column that does not exist (refused). */
#include "fixture.h"

static const char *const reads[] = {"fact.model", "fact.nosuch", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("unknownfact", reads, NULL, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
