/* abimajor.c: a descriptor of ABI major 2 (refused by a major-1 host). */
#include "fixture.h"

static const fc_plugin_desc desc = {.magic = FC_PLUGIN_MAGIC,
                                    .abi_major = 2,
                                    .abi_minor = FC_ABI_MINOR,
                                    .size = sizeof(fc_plugin_desc),
                                    .name = "abimajor",
                                    .version = "1.0",
                                    .description = "test fixture",
                                    .process = fixture_process_ok};
FC_PLUGIN_DEFINE(desc)
