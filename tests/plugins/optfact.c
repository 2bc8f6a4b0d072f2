/* optfact.c: an optional read must name a result: "?fact.model" is refused. */
#include "fixture.h"

static const char *const reads[] = {"?fact.model", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("optfact", reads, NULL, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
