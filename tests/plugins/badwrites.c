/* badwrites.c: a plugin declaring a result not prefixed by its own name (refused). */
#include "fixture.h"

static const char *const writes[] = {"badwrites.ok", "other.table", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("badwrites", NULL, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
