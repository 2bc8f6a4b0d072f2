/* minor1.c: a plugin built against ABI 1.1: its descriptor ends before the 1.2 fields. Whatever
 * lies after its size (here a statement that would be refused) is not the host's to read. */
#include <stddef.h>

#include "fixture.h"

static const fc_stmt_decl statements[] = {{.name = "broken", .text = "{"}, {.name = NULL}};
static const fc_plugin_desc desc = {.magic = FC_PLUGIN_MAGIC,
                                    .abi_major = FC_ABI_MAJOR,
                                    .abi_minor = 1,
                                    .size = offsetof(fc_plugin_desc, sheets),
                                    .name = "minor1",
                                    .process = fixture_process_ok,
                                    .statements = statements};
FC_PLUGIN_DEFINE(desc)
