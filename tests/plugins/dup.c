/* dup.c: a plugin named "dup", built twice into one folder (the second copy is refused). */
#include "fixture.h"

static const char *const writes[] = {"dup.out", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("dup", NULL, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
