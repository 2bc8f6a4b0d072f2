/* uses.h: what the host gives a meaning to among plugins' results, as the plugins declare it
 * (fc_plugin_desc.uses, ABI 1.2): a CSV file of the run, the chargeback ledger that must reconcile,
 * a task list routed to assignees, a column that carries approval marks. The core acts on these
 * declarations and names no result itself. */
#ifndef FC_USES_H
#define FC_USES_H

#include <stdio.h>

#include "diag.h"
#include "plugin_host.h"
#include "results.h"

/* Copies desc->uses into p (when desc->size covers the field) and checks each entry against p's
 * writes. Returns 0, or -1 with an error naming the plugin's file in d. */
int fc_uses_copy(fc_plugin *p, const fc_plugin_desc *desc, fc_diags *d);
void fc_uses_release(fc_plugin *p);
/* Across the loaded plugins: no file declared twice. Problems go to d as errors. */
void fc_uses_check(const fc_plugins *ps, fc_diags *d);
/* Marks every created result with its declared uses (fc_table.uses and fields), checking that the
 * declared columns exist with the declared type. Returns FC_OK or FC_ERR_PLUGIN (problems in d). */
fc_status fc_uses_bind(const fc_plugins *ps, fc_results *res, fc_diags *d);

/* One line of `finops plugins`: "    uses: <plugin>.<result>: task list, assignees in <column>, ...\n" */
void fc_uses_print(FILE *f, const fc_use *u);

#endif
