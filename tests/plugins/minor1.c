/* minor1.c: a plugin built against ABI 1.1: its descriptor ends before the 1.2 fields. Whatever
 * lies after its size (here a pointer that must never be followed, and a statement that would be
 * refused) is not the host's to read. */
#include <stddef.h>

#include "fixture.h"

static const fc_stmt_decl statements[] = {{.name = "broken", .text = "{"}, {.name = NULL}};
static const fc_plugin_desc desc = {.magic = FC_PLUGIN_MAGIC,
                                    .abi_major = FC_ABI_MAJOR,
                                    .abi_minor = 1,
                                    .size = offsetof(fc_plugin_desc, charts),
                                    .name = "minor1",
                                    .version = "1.1",
                                    .description = "test fixture",
                                    .process = fixture_process_ok,
                                    .charts = (const fc_chart_def *)(const void *)"not a chart list",
                                    .statements = statements};
FC_PLUGIN_DEFINE(desc)
