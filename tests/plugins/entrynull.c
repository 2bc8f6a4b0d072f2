/* entrynull.c: fc_plugin_entry returns NULL (refused). */
#include "finops/plugin.h"

FC_PLUGIN_EXPORT const fc_plugin_desc *fc_plugin_entry(void);
FC_PLUGIN_EXPORT const fc_plugin_desc *fc_plugin_entry(void) { return NULL; }
