/* selfdep.c: a plugin reading its own result (refused as a cycle). */
#include "fixture.h"

static const char *const reads[] = {"selfdep.out", NULL};
static const char *const writes[] = {"selfdep.out", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("selfdep", reads, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
