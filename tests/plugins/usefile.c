/* usefile.c: a CSV file name that would leave the run folder (refused). */
#include "fixture.h"

static const char *const writes[] = {"usefile.out", NULL};
static const fc_use uses[] = {{FC_USE_CSV, "usefile.out", NULL, "../out.csv"},
                              {FC_USE_END, NULL, NULL, NULL}};
static const fc_plugin_desc desc =
    FIXTURE_DESC_USES("usefile", NULL, writes, NULL, fixture_process_ok, NULL, uses);
FC_PLUGIN_DEFINE(desc)
