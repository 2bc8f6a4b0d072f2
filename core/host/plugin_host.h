/* plugin_host.h: finding, checking, ordering and unloading processing plugins. */
#ifndef FC_PLUGIN_HOST_H
#define FC_PLUGIN_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "finops/plugin.h"

typedef struct fc_plugin {
  char *file;          /* owned */
  void *handle;        /* dlopen handle */
  fc_plugin_desc desc; /* zeroed host copy of min(desc->size, sizeof desc); strings below */
  char *name, *version, *description;
  char **reads, **writes; /* owned, NULL-terminated */
  size_t nreads, nwrites;
  void *state;
  int inited;
  fc_use *uses; /* owned copies of desc.uses (ABI 1.2), strings included; desc.uses points here */
  size_t nuses;
} fc_plugin;

typedef struct fc_plugins {
  fc_plugin *v; /* in run order once fc_plugins_load succeeded */
  size_t n;
} fc_plugins;

/* The smallest descriptor of ABI 1.0: magic through finish. */
#define FC_PLUGIN_DESC_MIN_SIZE (offsetof(fc_plugin_desc, finish) + sizeof(void (*)(void)))

/* Checks a plugin just loaded: 0 when fine, else its problems are in d and it is refused. */
typedef int (*fc_plugin_check_fn)(const fc_plugin *p, const char *file, fc_diags *d);

/* Loads every *.so in dir (sorted by name), refusing (with an error naming the file, the expected
 * and the found value) what is not a plugin, a wrong magic, another ABI major, a newer ABI minor,
 * a too-small descriptor, an invalid name or declaration, a duplicate name; then checks that
 * every declared read exists (a fact dimension or another plugin's write) and orders plugins so
 * that each runs after the plugins it reads from (ties by name), refusing cycles. Returns FC_OK,
 * or FC_ERR_PLUGIN with every problem in diags. A missing dir is FC_ERR_IO. Caller frees with
 * fc_plugins_free, whatever the status. check (may be NULL) is called for each plugin once its
 * descriptor is copied: what it reports refuses the plugin (the renderer's checks of declared report
 * content, fc_report_decls_check, are passed in by the callers so the host needs no renderer). */
fc_status fc_plugins_load(const char *dir, fc_plugin_check_fn check, fc_plugins *out, fc_diags *diags);
/* Fact dimensions any plugin reads, as a bit mask. */
uint32_t fc_plugins_dim_mask(const fc_plugins *p);
/* Index of the plugin writing result `name`, or -1. */
int fc_plugins_writer(const fc_plugins *p, const char *name);
/* Unloads everything. */
void fc_plugins_free(fc_plugins *p);

/* The loaded plugin a qualified name "<plugin>.<name>" belongs to, with *name pointed at <name>;
 * NULL when no loaded plugin has that name. */
const fc_plugin *fc_plugins_owner(const fc_plugins *ps, const char *qname, const char **name);

#endif
