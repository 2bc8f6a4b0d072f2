/* optread.c: plugin "optread" with optional reads: one result no plugin writes, one that "ow" writes
 * (so it runs after ow although its file sorts first). */
#include "fixture.h"

static const char *const reads[] = {"?nosuch.result", "?ow.out", "fact.model", NULL};
static const char *const writes[] = {"optread.out", NULL};
static const fc_plugin_desc desc = FIXTURE_DESC("optread", reads, writes, NULL, fixture_process_ok, NULL);
FC_PLUGIN_DEFINE(desc)
