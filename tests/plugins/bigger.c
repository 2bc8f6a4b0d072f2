/* bigger.c: a descriptor from a future header: a superset of fc_plugin_desc with a trailing field,
 * its size counting that field. The host must load it and copy only what it knows. */
#include <string.h>

#include "fixture.h"

/* The layout the tests also see: fc_plugin_desc, then 256 bytes a newer host would read. */
typedef struct bigger_desc {
  fc_plugin_desc base;
  unsigned char future[256];
} bigger_desc;

static void bigger_finish(fc_ctx *ctx, void *state) {
  (void)ctx;
  (void)state;
}

static bigger_desc desc = {{FC_PLUGIN_MAGIC, FC_ABI_MAJOR, FC_ABI_MINOR, sizeof(bigger_desc), "bigger", "2.0",
                            "a larger descriptor", NULL, NULL, NULL, fixture_process_ok, bigger_finish, NULL,
                            NULL},
                           {0}};

FC_PLUGIN_EXPORT const fc_plugin_desc *fc_plugin_entry(void);
FC_PLUGIN_EXPORT const fc_plugin_desc *fc_plugin_entry(void) {
  memset(desc.future, 0xA5, sizeof desc.future);
  return &desc.base;
}
