/* fixture.h: shared helpers for the test fixture plugins (a descriptor builder and an event log). */
#ifndef FC_FIXTURE_H
#define FC_FIXTURE_H

#include <stdio.h>

#include "finops/plugin.h"

/* A descriptor of the current ABI with the given name, declarations and functions. */
#define FIXTURE_DESC(name_, reads_, writes_, init_, process_, finish_)                                       \
  {                                                                                                          \
    .magic = FC_PLUGIN_MAGIC, .abi_major = FC_ABI_MAJOR, .abi_minor = FC_ABI_MINOR,                          \
    .size = sizeof(fc_plugin_desc), .name = name_, .version = "1.0", .description = "test fixture",          \
    .reads = reads_, .writes = writes_, .init = init_, .process = process_, .finish = finish_                \
  }

/* The same with declared uses of its results (ABI 1.2). */
#define FIXTURE_DESC_USES(name_, reads_, writes_, init_, process_, finish_, uses_)                           \
  {                                                                                                          \
    .magic = FC_PLUGIN_MAGIC, .abi_major = FC_ABI_MAJOR, .abi_minor = FC_ABI_MINOR,                          \
    .size = sizeof(fc_plugin_desc), .name = name_, .version = "1.0", .description = "test fixture",          \
    .reads = reads_, .writes = writes_, .init = init_, .process = process_, .finish = finish_, .uses = uses_ \
  }

static inline fc_status fixture_process_ok(fc_ctx *ctx, void *state) {
  (void)ctx;
  (void)state;
  return FC_OK;
}

/* Appends "<plugin> <event>\n" to the file named by the plugin's option `log`, when set: the
 * tests read it back to count init / process / finish calls. */
static inline void fixture_log(fc_ctx *ctx, const char *plugin, const char *event) {
  const char *path = FC_API(ctx)->option(ctx, "log");
  if (!path)
    return;
  FILE *f = fopen(path, "a");
  if (!f)
    return;
  fprintf(f, "%s %s\n", plugin, event);
  fclose(f);
}

#endif
