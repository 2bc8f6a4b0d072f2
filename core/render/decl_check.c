/* decl_check.c: checking the report content a plugin declares (ABI 1.2) when it is loaded. */
#include "decl_check.h"

#include "chart_spec.h"

#include <stdio.h>
#include <string.h>

#include "stmt.h"

static int name_ok(const char *s) {
  if (!s || !*s)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  return 1;
}

int fc_decl_check(const fc_plugin_desc *desc, const char *file, fc_diags *d) {
  int bad = 0;
  char msg[256];
  const char *pn = desc->name;
  for (const fc_stmt_decl *s = desc->statements; s && s->name; s++) {
    if (!name_ok(s->name) || !s->text) {
      fc_diags_add(d, FC_SEV_ERROR, file, 0, 0,
                   "plugin '%s': statement '%s': expected a name [a-z0-9_]+ and a text", pn, s->name);
      bad = 1;
      continue;
    }
    for (const fc_stmt_decl *o = desc->statements; o < s; o++)
      if (o->name && strcmp(o->name, s->name) == 0) {
        fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "plugin '%s': statement '%s' declared twice", pn, s->name);
        bad = 1;
      }
    if (!fc_stmt_check(s->text, s->when, msg, sizeof msg)) {
      fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "plugin '%s': statement '%s': %s", pn, s->name, msg);
      bad = 1;
    }
  }
  for (const fc_sheet_decl *t = desc->sheets; t && t->name; t++) {
    int ok = name_ok(t->name) && t->result && (t->columns || !t->ncolumns) &&
             (!t->title || (strlen(t->title) <= 31 && !strpbrk(t->title, "[]:*?/\\") && t->title[0] != '\''));
    for (size_t c = 0; ok && c < t->ncolumns; c++)
      ok = t->columns[c].column != NULL;
    if (!ok) {
      fc_diags_add(d, FC_SEV_ERROR, file, 0, 0,
                   "plugin '%s': table '%s': expected a name [a-z0-9_]+, a result, named columns and a title "
                   "of at most 31 characters without []:*?/\\",
                   pn, t->name);
      bad = 1;
      continue;
    }
    for (const fc_sheet_decl *o = desc->sheets; o < t; o++)
      if (o->name && strcmp(o->name, t->name) == 0) {
        fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "plugin '%s': table '%s' declared twice", pn, t->name);
        bad = 1;
      }
    if (t->total_label && !fc_stmt_check(t->total_label, NULL, msg, sizeof msg)) {
      fc_diags_add(d, FC_SEV_ERROR, file, 0, 0, "plugin '%s': table '%s': total label: %s", pn, t->name, msg);
      bad = 1;
    }
  }
  return bad ? -1 : 0;
}

int fc_report_decls_check(const fc_plugin *p, const char *file, fc_diags *d) {
  return fc_decl_check(&p->desc, file, d) || fc_chart_defs_check(p, file, d);
}
