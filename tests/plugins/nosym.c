/* nosym.c: a shared object without the fc_plugin_entry symbol (refused: not a plugin). */
#include "finops/plugin.h"

FC_PLUGIN_EXPORT int fc_plugin_entry_misspelt(void);
FC_PLUGIN_EXPORT int fc_plugin_entry_misspelt(void) { return 1; }
