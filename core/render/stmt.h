/* stmt.h: statement templates, the small language plugins write briefing sentences in
 * (fc_stmt_decl in finops/plugin.h; the grammar is in docs/reports.md). A template is rendered for
 * the node of a scoped view: figures are columns of that node's rows, host figures ($month, ...)
 * and aggregates over the rows of one result in the view. Money is added and compared exactly. */
#ifndef FC_STMT_H
#define FC_STMT_H

#include <stddef.h>

#include "packs.h"

typedef enum fc_stmt_err {
  FC_STMT_OK = 0,
  FC_STMT_NOMEM,
  FC_STMT_SYNTAX,  /* the template or a condition does not parse */
  FC_STMT_OVERFLOW /* a sum of money figures left the exact range */
} fc_stmt_err;

/* Renders text for view v, with result (may be NULL) as the rows aggregates run over and the first
 * place figures are looked up. when (may be NULL) must hold, else the statement says nothing.
 * Returns a new string (caller frees; "" when the statement says nothing: a condition does not
 * hold or a figure it prints is absent) or NULL with *err set. */
char *fc_stmt_render(const char *text, const char *when, const char *result, const fc_view *v,
                     fc_stmt_err *err);

/* Checks that text and when parse, without data. Returns 1 when they do; else 0 with a message in
 * msg. */
int fc_stmt_check(const char *text, const char *when, char *msg, size_t size);

#endif
