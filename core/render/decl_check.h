/* decl_check.h: checking the report content a plugin declares (fc_sheet_decl, fc_stmt_decl). */
#ifndef FC_DECL_CHECK_H
#define FC_DECL_CHECK_H

#include "plugin_host.h"

#include "diag.h"
#include "finops/plugin.h"

/* 0 when desc's tables and statements are well formed (names, results, columns, titles; every
 * statement template and condition parses); else -1 with every problem in d, naming file. */
int fc_decl_check(const fc_plugin_desc *desc, const char *file, fc_diags *d);

/* Every check of a plugin's declared report content (sheets, statements, charts), in the shape
 * fc_plugins_load calls: 0 when fine. */
int fc_report_decls_check(const fc_plugin *p, const char *file, fc_diags *d);

#endif
