/* usetwice.c: two plugins (built from this file as usetwice_a and usetwice_b) declaring the same CSV
 * file: the second is reported. */
#include "fixture.h"

#ifndef USETWICE_NAME
#define USETWICE_NAME "usetwice_a"
#endif

static const char *const writes[] = {USETWICE_NAME ".out", NULL};
static const fc_use uses[] = {{FC_USE_CSV, USETWICE_NAME ".out", NULL, "same.csv"},
                              {FC_USE_END, NULL, NULL, NULL}};
static const fc_plugin_desc desc =
    FIXTURE_DESC_USES(USETWICE_NAME, NULL, writes, NULL, fixture_process_ok, NULL, uses);
FC_PLUGIN_DEFINE(desc)
