/* badname.c: a plugin whose name is not [a-z0-9_]+ (refused). */
#include "fixture.h"

static const fc_plugin_desc desc = FIXTURE_DESC("Bad-Name", NULL, NULL, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
