/* sheets.h: the tables plugins declare (fc_sheet_decl) as the sheets of a template. */
#ifndef FC_SHEETS_H
#define FC_SHEETS_H

#include "diag.h"
#include "plugin_host.h"
#include "templates.h"

/* Resolves the sheets of template t that name a declared table ("<plugin>.<name>"): the result,
 * title, rows, sort and every column's header, format, width and total come from the declaration
 * unless the template says otherwise; a sheet listing no columns shows the declared ones. {table:
 * "*"} becomes every table declared for the role that the template does not name. A table no
 * loaded plugin declares is a problem (an error when strict, else a warning) unless the sheet is
 * optional, when the sheet is left out; *bad counts problems. Returns FC_OK or FC_ERR_NOMEM. */
fc_status fc_sheets_resolve(fc_template *t, const fc_plugins *p, int strict, fc_diags *diags, int *bad);

/* The declared table "<plugin>.<name>", or NULL. */
const fc_sheet_decl *fc_sheets_find(const fc_plugins *p, const char *qname);

#endif
