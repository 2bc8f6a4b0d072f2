/* badmagic.c: a descriptor whose magic is not FC_PLUGIN_MAGIC (refused). */
#include "fixture.h"

static const fc_plugin_desc desc = {.magic = 0x12345678u,
                                    .abi_major = FC_ABI_MAJOR,
                                    .abi_minor = FC_ABI_MINOR,
                                    .size = sizeof(fc_plugin_desc),
                                    .name = "badmagic",
                                    .version = "1.0",
                                    .description = "test fixture",
                                    .process = fixture_process_ok};
FC_PLUGIN_DEFINE(desc)
