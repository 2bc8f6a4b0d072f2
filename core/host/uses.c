/* uses.c: plugins' declared uses of their results (fc_use, ABI 1.2): copied and checked when a
 * plugin loads, bound to the result tables once the plugins ran. */
#include "uses.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const kind_names[] = {"end", "csv", "ledger", "tasks", "approvals"};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])

static int needs_column(fc_use_kind k) {
  return k == FC_USE_LEDGER || k == FC_USE_TASKS || k == FC_USE_APPROVALS;
}
static int needs_file(fc_use_kind k) { return k == FC_USE_CSV || k == FC_USE_TASKS; }

/* A plain file name of letters, digits, '_', '-' and '.', not starting with '.', ending ".csv". */
static int valid_file(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n < 5 || n > 64 || s[0] == '.' || strcmp(s + n - 4, ".csv") != 0)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
          s[i] == '_' || s[i] == '-' || s[i] == '.'))
      return 0;
  return 1;
}

void fc_uses_release(fc_plugin *p) {
  for (size_t i = 0; p->uses && i < p->nuses; i++) {
    free((char *)p->uses[i].result);
    free((char *)p->uses[i].column);
    free((char *)p->uses[i].file);
  }
  free(p->uses);
  p->uses = NULL;
  p->nuses = 0;
  p->desc.uses = NULL;
}

int fc_uses_copy(fc_plugin *p, const fc_plugin_desc *desc, fc_diags *d) {
  p->desc.uses = NULL;
  /* a descriptor of ABI 1.1 or older ends before the field: nothing declared */
  if (desc->size < offsetof(fc_plugin_desc, uses) + sizeof desc->uses || !desc->uses)
    return 0;
  size_t n = 0;
  while (n < 256 && desc->uses[n].kind != FC_USE_END)
    n++;
  if (n == 256) {
    fc_diags_add(d, FC_SEV_ERROR, p->file, 0, 0,
                 "plugin '%s': malformed uses (the list must end with FC_USE_END)", p->name);
    return -1;
  }
  p->uses = calloc(n + 1, sizeof *p->uses);
  if (!p->uses) {
    fc_diags_add(d, FC_SEV_ERROR, p->file, 0, 0, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    const fc_use *u = &desc->uses[i];
    unsigned k = (unsigned)u->kind;
    const char *kn = k < NKINDS ? kind_names[k] : "?";
    int declared = 0;
    for (size_t w = 0; u->result && w < p->nwrites && !declared; w++)
      declared = strcmp(p->writes[w], u->result) == 0;
    const char *why = k == 0 || k >= NKINDS                        ? "unknown kind"
                      : !declared                                  ? "the result is not among its writes"
                      : needs_column((fc_use_kind)k) && !u->column ? "no column named"
                      : needs_file((fc_use_kind)k) && !valid_file(u->file)
                          ? "expected a file name of letters, digits, '_', '-', '.' ending in .csv"
                          : NULL;
    if (why) {
      fc_diags_add(d, FC_SEV_ERROR, p->file, 0, 0, "plugin '%s': use %zu (%s of '%s'): %s", p->name, i + 1,
                   kn, u->result ? u->result : "(null)", why);
      fc_uses_release(p);
      return -1;
    }
    fc_use *o = &p->uses[p->nuses++];
    o->kind = u->kind;
    o->result = fc_strdup(u->result);
    o->column = needs_column(u->kind) ? fc_strdup(u->column) : NULL;
    o->file = needs_file(u->kind) ? fc_strdup(u->file) : NULL;
    if (!o->result || (needs_column(u->kind) && !o->column) || (needs_file(u->kind) && !o->file)) {
      fc_diags_add(d, FC_SEV_ERROR, p->file, 0, 0, "out of memory");
      fc_uses_release(p);
      return -1;
    }
  }
  p->desc.uses = p->uses;
  return 0;
}

void fc_uses_check(const fc_plugins *ps, fc_diags *d) {
  for (size_t i = 0; i < ps->n; i++)
    for (size_t a = 0; a < ps->v[i].nuses; a++) {
      const fc_use *u = &ps->v[i].uses[a];
      if (!u->file)
        continue;
      /* an earlier entry (this plugin's or another's) declaring the same file for the same place */
      int twice = 0;
      for (size_t j = 0; j <= i && !twice; j++)
        for (size_t b = 0; b < (j == i ? a : ps->v[j].nuses) && !twice; b++) {
          const fc_use *v = &ps->v[j].uses[b];
          twice = v->kind == u->kind && v->file && strcmp(v->file, u->file) == 0;
          if (twice)
            fc_diags_add(d, FC_SEV_ERROR, ps->v[i].file, 0, 0,
                         "plugin '%s' declares the file '%s' for '%s', which '%s' already declares for '%s'",
                         ps->v[i].name, u->file, u->result, ps->v[j].name, v->result);
        }
    }
}

static int column(const fc_table *t, const char *name, fc_coltype type) {
  for (size_t c = 0; c < t->ncols; c++)
    if (strcmp(t->cols[c].name, name) == 0 && t->cols[c].type == type)
      return (int)c;
  return -1;
}

fc_status fc_uses_bind(const fc_plugins *ps, fc_results *res, fc_diags *d) {
  fc_status st = FC_OK;
  for (size_t i = 0; i < ps->n; i++)
    for (size_t a = 0; a < ps->v[i].nuses; a++) {
      const fc_use *u = &ps->v[i].uses[a];
      fc_table *t = fc_results_find(res, u->result);
      if (!t)
        continue; /* declared but not made this run */
      int c = -1;
      if (needs_column(u->kind)) {
        fc_coltype type = u->kind == FC_USE_LEDGER ? FC_COL_MONEY : FC_COL_TEXT;
        c = column(t, u->column, type);
        if (c < 0) {
          fc_diags_add(d, FC_SEV_ERROR, ps->v[i].file, 0, 0,
                       "result '%s' has no %s column %s (declared for its %s use)", t->name,
                       type == FC_COL_MONEY ? "money" : "text", u->column, kind_names[u->kind]);
          st = FC_ERR_PLUGIN;
          continue;
        }
      }
      t->uses |= 1u << (unsigned)u->kind;
      switch (u->kind) {
      case FC_USE_CSV:
        t->csv_file = u->file;
        break;
      case FC_USE_LEDGER:
        t->ledger_col = c;
        break;
      case FC_USE_TASKS:
        t->pack_file = u->file;
        t->assignee_col = c;
        break;
      case FC_USE_APPROVALS:
        t->approval_col = c;
        break;
      case FC_USE_END:
        break;
      }
    }
  return st;
}

void fc_uses_print(FILE *f, const fc_use *u) {
  switch (u->kind) {
  case FC_USE_CSV:
    fprintf(f, "    uses: %s: the run's %s\n", u->result, u->file);
    break;
  case FC_USE_LEDGER:
    fprintf(f, "    uses: %s: the chargeback ledger, %s reconciles to the Bedrock total\n", u->result,
            u->column);
    break;
  case FC_USE_TASKS:
    fprintf(f, "    uses: %s: a task list, assignees in %s, each pack's %s\n", u->result, u->column, u->file);
    break;
  case FC_USE_APPROVALS:
    fprintf(f, "    uses: %s: approval marks in %s\n", u->result, u->column);
    break;
  case FC_USE_END:
    break;
  }
}
