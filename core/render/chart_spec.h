/* chart_spec.h: the charts plugins declare (fc_chart_def, ABI 1.2): checking a plugin's
 * declarations when it is loaded, and finding a chart by its qualified name "<plugin>.<chart>". */
#ifndef FC_CHART_SPEC_H
#define FC_CHART_SPEC_H

#include "diag.h"
#include "plugin_host.h"

/* Checks p->desc.charts (NULL = none). Returns 0, or -1 with an error naming file, the plugin and
 * the chart in d. */
int fc_chart_defs_check(const fc_plugin *p, const char *file, fc_diags *d);

/* The chart named qname ("<plugin>.<chart>") among the loaded plugins; NULL when none declares
 * it. */
const fc_chart_def *fc_plugins_chart(const fc_plugins *ps, const char *qname);

#endif
