/* noprocess.c: a plugin without a process function (refused). */
#include "fixture.h"

static const fc_plugin_desc desc = FIXTURE_DESC("noprocess", NULL, NULL, NULL, NULL, NULL);
FC_PLUGIN_DEFINE(desc)
