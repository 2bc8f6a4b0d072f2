/* uses11.c: a plugin built against ABI 1.1: its descriptor ends before `uses`. What lies in memory
 * after it (here a pointer no host may follow) must not be read as declarations. */
#include <stddef.h>
#include <stdint.h>

#include "fixture.h"

static const char *const writes[] = {"uses11.out", NULL};

static const fc_plugin_desc desc = {.magic = FC_PLUGIN_MAGIC,
                                    .abi_major = FC_ABI_MAJOR,
                                    .abi_minor = 1,
                                    .size = offsetof(fc_plugin_desc, uses),
                                    .name = "uses11",
                                    .version = "1.0",
                                    .description = "an ABI 1.1 descriptor",
                                    .writes = writes,
                                    .process = fixture_process_ok,
                                    .uses = (const fc_use *)(uintptr_t)0x10};
FC_PLUGIN_DEFINE(desc)
