/* dupwrite.c: a plugin declaring the same result twice, so it would have two writers (refused). */
#include "fixture.h"

static const char *const writes[] = {"dupwrite.out", "dupwrite.other", "dupwrite.out", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("dupwrite", NULL, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
