/* badstmt.c: a plugin declaring a briefing statement whose template does not parse (refused). */
#include "fixture.h"

static const fc_stmt_decl statements[] = {{.name = "broken", .text = "{count() open"}, {.name = NULL}};
static const fc_plugin_desc desc = {.magic = FC_PLUGIN_MAGIC,
                                    .abi_major = FC_ABI_MAJOR,
                                    .abi_minor = FC_ABI_MINOR,
                                    .size = sizeof(fc_plugin_desc),
                                    .name = "badstmt",
                                    .process = fixture_process_ok,
                                    .statements = statements};
FC_PLUGIN_DEFINE(desc)
