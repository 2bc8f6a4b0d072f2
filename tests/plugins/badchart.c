/* badchart.c: declares a chart drawn from a result it neither writes nor reads (refused). */
#include "fixture.h"

static const char *const writes[] = {"badchart.out", NULL};
static const fc_chart_def charts[] = {
    {.name = "bars",
     .kind = FC_CHART_BARS,
     .title = "Bars",
     .result = "other.table",
     .series = (const fc_chart_series[]){{"usd", "USD", FC_CHART_AUTO}, {NULL, NULL, FC_CHART_AUTO}}},
    {.name = NULL}};
static const fc_plugin_desc desc = {.magic = FC_PLUGIN_MAGIC,
                                    .abi_major = FC_ABI_MAJOR,
                                    .abi_minor = FC_ABI_MINOR,
                                    .size = sizeof(fc_plugin_desc),
                                    .name = "badchart",
                                    .version = "1.0",
                                    .description = "test fixture",
                                    .writes = writes,
                                    .process = fixture_process_ok,
                                    .charts = charts};
FC_PLUGIN_DEFINE(desc)
