/* sheets.c: declared tables (fc_sheet_decl) resolved into the sheets of a template. */
#include "sheets.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

const fc_sheet_decl *fc_sheets_find(const fc_plugins *p, const char *qname) {
  const char *name;
  const fc_plugin *pl = fc_plugins_owner(p, qname, &name);
  for (const fc_sheet_decl *s = pl ? pl->desc.sheets : NULL; s && s->name; s++)
    if (strcmp(s->name, name) == 0)
      return s;
  return NULL;
}

static const fc_sheet_column *decl_col(const fc_sheet_decl *d, const char *name) {
  for (size_t i = 0; d && name && i < d->ncolumns; i++)
    if (d->columns[i].column && strcmp(d->columns[i].column, name) == 0)
      return &d->columns[i];
  return NULL;
}

/* Fills what the template leaves open from declaration d. 0 on out of memory. */
static int apply(fc_tpl_sheet *s, const fc_sheet_decl *d) {
  if (!s->name && !(s->name = fc_strdup(d->title ? d->title : d->name)))
    return 0;
  if (!s->result && !(s->result = fc_strdup(d->result)))
    return 0;
  if (!s->rows_set)
    s->rows = (fc_tpl_rows)d->rows;
  if (!s->sort && d->sort) {
    s->sort_desc = d->sort[0] == '-';
    if (!(s->sort = fc_strdup(d->sort + s->sort_desc)))
      return 0;
  }
  s->total_label = d->total_label;
  if (!s->cols) {
    s->cols = calloc(d->ncolumns + 1, sizeof *s->cols);
    if (!s->cols)
      return 0;
    for (size_t i = 0; i < d->ncolumns; i++) {
      s->cols[i].column = fc_strdup(d->columns[i].column);
      s->cols[i].total = -1;
      s->cols[i].pos = s->pos;
      if (!s->cols[i].column)
        return 0;
      s->ncols = i + 1;
    }
  }
  for (size_t i = 0; i < s->ncols; i++) {
    fc_tpl_column *c = &s->cols[i];
    const fc_sheet_column *dc = decl_col(d, c->column);
    if (!dc)
      continue;
    if (!c->header && dc->label && !(c->header = fc_strdup(dc->label)))
      return 0;
    if (!c->format)
      c->format = (fc_tpl_format)dc->format;
    if (c->width <= 0)
      c->width = dc->width;
    if (c->total < 0)
      c->total = dc->total == FC_SHEET_TOTAL_SUM;
  }
  return 1;
}

static int named(const fc_template *t, const char *plugin, const char *name) {
  size_t pl = strlen(plugin);
  for (size_t i = 0; i < t->nsheets; i++) {
    const char *k = t->sheets[i].table;
    if (k && strncmp(k, plugin, pl) == 0 && k[pl] == '.' && strcmp(k + pl + 1, name) == 0)
      return 1;
  }
  return 0;
}

fc_status fc_sheets_resolve(fc_template *t, const fc_plugins *p, int strict, fc_diags *diags, int *bad) {
  size_t nstar = 0;
  for (size_t i = 0; i < p->n; i++)
    for (const fc_sheet_decl *d = p->v[i].desc.sheets; d && d->name; d++)
      if ((!d->roles || (d->roles & FC_ROLE_BIT(t->role))) && !named(t, p->v[i].name, d->name))
        nstar++;
  size_t n = 0;
  for (size_t i = 0; i < t->nsheets; i++)
    n += t->sheets[i].table && strcmp(t->sheets[i].table, "*") == 0 ? nstar : 1;
  fc_tpl_sheet *v = calloc(n + 1, sizeof *v);
  char *drop = calloc(t->nsheets + 1, 1); /* freed once every "*" has looked at the names */
  if (!v || !drop) {
    free(v);
    free(drop);
    return FC_ERR_NOMEM;
  }
  int oom = 0;
  size_t o = 0;
  for (size_t i = 0; i < t->nsheets; i++) {
    fc_tpl_sheet *s = &t->sheets[i];
    if (s->table && strcmp(s->table, "*") == 0) {
      for (size_t k = 0; k < p->n; k++)
        for (const fc_sheet_decl *d = p->v[k].desc.sheets; d && d->name; d++) {
          if ((d->roles && !(d->roles & FC_ROLE_BIT(t->role))) || named(t, p->v[k].name, d->name))
            continue;
          fc_tpl_sheet *x = &v[o++];
          x->pos = s->pos;
          x->optional = 1;
          x->table = fc_asprintf("%s.%s", p->v[k].name, d->name);
          if (!x->table || !apply(x, d))
            oom = 1;
        }
      drop[i] = 1;
      continue;
    }
    if (s->table) {
      const fc_sheet_decl *d = fc_sheets_find(p, s->table);
      if (!d) {
        if (!s->optional) {
          fc_diags_add(
              diags, strict ? FC_SEV_ERROR : FC_SEV_WARNING, t->file, s->pos.line, s->pos.col,
              "table '%s' is declared by no loaded plugin (mark the sheet optional: true if its plugin "
              "may be absent)",
              s->table);
          (*bad)++;
        }
        drop[i] = 1;
        continue;
      }
      if (!apply(s, d))
        oom = 1;
    }
    v[o++] = *s;
  }
  for (size_t i = 0; i < t->nsheets; i++)
    if (drop[i])
      fc_tpl_sheet_free(&t->sheets[i]);
  free(drop);
  free(t->sheets);
  t->sheets = v;
  t->nsheets = o;
  /* titles of declared tables: valid and not used twice */
  for (size_t a = 0; a < o; a++) {
    const char *nm = v[a].name;
    if (!nm)
      continue;
    if (strlen(nm) > 31 || strpbrk(nm, "[]:*?/\\") || nm[0] == '\'' || !strcasecmp(nm, "Briefing") ||
        !strcasecmp(nm, "Charts")) {
      fc_diags_add(diags, strict ? FC_SEV_ERROR : FC_SEV_WARNING, t->file, v[a].pos.line, v[a].pos.col,
                   "sheet name '%s' is not valid in a workbook (at most 31 characters, none of []:*?/\\, not "
                   "Briefing or Charts)",
                   nm);
      (*bad)++;
    }
    for (size_t b = 0; b < a; b++)
      if (v[b].name && strcasecmp(nm, v[b].name) == 0) {
        fc_diags_add(diags, strict ? FC_SEV_ERROR : FC_SEV_WARNING, t->file, v[a].pos.line, v[a].pos.col,
                     "sheet name '%s' used twice", nm);
        (*bad)++;
      }
  }
  return oom ? FC_ERR_NOMEM : FC_OK;
}
