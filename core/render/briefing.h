/* briefing.h: the briefing of a pack: the statements a template lists (declared by plugins, see
 * fc_stmt_decl), rendered for the pack's node in the template's order. */
#ifndef FC_BRIEFING_H
#define FC_BRIEFING_H

#include "diag.h"
#include "packs.h"
#include "plugin_host.h"
#include "templates.h"

/* Resolves the statements template t names against the loaded plugins' declarations and expands
 * "*". A statement no loaded plugin declares is a problem (an error when strict, else a warning)
 * unless it is optional; *bad counts problems. Returns FC_OK or FC_ERR_NOMEM. */
fc_status fc_briefing_resolve(fc_template *t, const fc_plugins *p, int strict, fc_diags *diags, int *bad);

/* The briefing sentences of template t for view v, one per line, into a new string (caller frees);
 * NULL on out of memory (errno ENOMEM), when a sum of its figures overflows (errno EOVERFLOW) or
 * when a statement does not parse (errno EINVAL). */
char *fc_briefing_text(const fc_template *t, const fc_view *v);

/* The declared statement "<plugin>.<name>", or NULL. */
const fc_stmt_decl *fc_briefing_find(const fc_plugins *p, const char *qname);

#endif
