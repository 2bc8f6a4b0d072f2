/* usebad.c: declares a use of a result it does not write (refused). */
#include "fixture.h"

static const char *const writes[] = {"usebad.out", NULL};
static const fc_use uses[] = {{FC_USE_CSV, "usebad.other", NULL, "other.csv"},
                              {FC_USE_END, NULL, NULL, NULL}};
static const fc_plugin_desc desc =
    FIXTURE_DESC_USES("usebad", NULL, writes, NULL, fixture_process_ok, NULL, uses);
FC_PLUGIN_DEFINE(desc)
