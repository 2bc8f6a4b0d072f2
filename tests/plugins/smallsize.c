/* smallsize.c: a descriptor claiming a size that stops before `finish` (refused as too small). */
#include <stddef.h>

#include "fixture.h"

static const fc_plugin_desc desc = {.magic = FC_PLUGIN_MAGIC,
                                    .abi_major = FC_ABI_MAJOR,
                                    .abi_minor = FC_ABI_MINOR,
                                    .size = offsetof(fc_plugin_desc, finish),
                                    .name = "smallsize",
                                    .version = "1.0",
                                    .description = "test fixture",
                                    .process = fixture_process_ok};
FC_PLUGIN_DEFINE(desc)
