/* newminor.c: a descriptor of a newer ABI minor than the host's (refused). */
#include "fixture.h"

static const fc_plugin_desc desc = {.magic = FC_PLUGIN_MAGIC,
                                    .abi_major = FC_ABI_MAJOR,
                                    .abi_minor = FC_ABI_MINOR + 1,
                                    .size = sizeof(fc_plugin_desc),
                                    .name = "newminor",
                                    .version = "1.0",
                                    .description = "test fixture",
                                    .process = fixture_process_ok};
FC_PLUGIN_DEFINE(desc)
