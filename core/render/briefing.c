/* briefing.c: resolving the statements a template names and rendering them for a pack. */
#include "briefing.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stmt.h"
#include "util.h"

const fc_stmt_decl *fc_briefing_find(const fc_plugins *p, const char *qname) {
  const char *name;
  const fc_plugin *pl = fc_plugins_owner(p, qname, &name);
  for (const fc_stmt_decl *s = pl ? pl->desc.statements : NULL; s && s->name; s++)
    if (strcmp(s->name, name) == 0)
      return s;
  return NULL;
}

typedef struct cand {
  const fc_plugin *pl;
  const fc_stmt_decl *s;
  size_t order;
} cand;

static int cmp_cand(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->s->priority != y->s->priority)
    return x->s->priority < y->s->priority ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int named(const fc_template *t, const char *plugin, const char *name) {
  size_t pl = strlen(plugin);
  for (size_t i = 0; i < t->nbriefing; i++) {
    const char *k = t->briefing[i].kind;
    if (k && strncmp(k, plugin, pl) == 0 && k[pl] == '.' && strcmp(k + pl + 1, name) == 0)
      return 1;
  }
  return 0;
}

fc_status fc_briefing_resolve(fc_template *t, const fc_plugins *p, int strict, fc_diags *diags, int *bad) {
  /* the statements "*" stands for: declared for this role, not named by the template */
  size_t nc = 0, cap = 0;
  for (size_t i = 0; i < p->n; i++)
    for (const fc_stmt_decl *s = p->v[i].desc.statements; s && s->name; s++)
      cap++;
  cand *c = calloc(cap + 1, sizeof *c);
  if (!c)
    return FC_ERR_NOMEM;
  for (size_t i = 0; i < p->n; i++)
    for (const fc_stmt_decl *s = p->v[i].desc.statements; s && s->name; s++)
      if ((!s->roles || (s->roles & FC_ROLE_BIT(t->role))) && !named(t, p->v[i].name, s->name)) {
        c[nc] = (cand){&p->v[i], s, nc};
        nc++;
      }
  qsort(c, nc, sizeof *c, cmp_cand);
  size_t n = 0;
  for (size_t i = 0; i < t->nbriefing; i++)
    n += t->briefing[i].kind && strcmp(t->briefing[i].kind, "*") == 0 ? nc : 1;
  fc_tpl_item *items = calloc(n + 1, sizeof *items);
  if (!items) {
    free(c);
    return FC_ERR_NOMEM;
  }
  fc_status st = FC_OK;
  size_t o = 0;
  for (size_t i = 0; i < t->nbriefing; i++) {
    fc_tpl_item *it = &t->briefing[i];
    if (it->kind && strcmp(it->kind, "*") == 0) {
      for (size_t k = 0; k < nc; k++) {
        items[o].kind = fc_asprintf("%s.%s", c[k].pl->name, c[k].s->name);
        items[o].result = c[k].s->result ? fc_strdup(c[k].s->result) : NULL;
        items[o].optional = 1;
        items[o].pos = it->pos;
        items[o].stmt = c[k].s;
        if (!items[o].kind || (c[k].s->result && !items[o].result))
          st = FC_ERR_NOMEM;
        o++;
      }
      free(it->kind);
      free(it->result);
      continue;
    }
    items[o] = *it;
    if (it->kind) {
      items[o].stmt = fc_briefing_find(p, it->kind);
      if (items[o].stmt && items[o].stmt->result && !items[o].result &&
          !(items[o].result = fc_strdup(items[o].stmt->result)))
        st = FC_ERR_NOMEM;
      if (!items[o].stmt && !it->optional) {
        fc_diags_add(diags, strict ? FC_SEV_ERROR : FC_SEV_WARNING, t->file, it->pos.line, it->pos.col,
                     "briefing statement '%s' is declared by no loaded plugin (mark it optional: true if its "
                     "plugin may be absent)",
                     it->kind);
        (*bad)++;
      }
    }
    o++;
  }
  free(t->briefing);
  t->briefing = items;
  t->nbriefing = o;
  free(c);
  return st;
}

char *fc_briefing_text(const fc_template *t, const fc_view *v) {
  size_t n = 0, cap = 64;
  char *out = malloc(cap);
  if (!out) {
    errno = ENOMEM;
    return NULL;
  }
  out[0] = '\0';
  for (size_t i = 0; i < t->nbriefing; i++) {
    const fc_tpl_item *it = &t->briefing[i];
    const fc_stmt_decl *s = it->stmt;
    if (!s || !s->text || (s->result && !fc_view_find(v, s->result)))
      continue; /* an optional statement, or its result, absent */
    fc_stmt_err e;
    char *x = fc_stmt_render(s->text, s->when, s->result, v, &e);
    if (!x) {
      free(out);
      errno = e == FC_STMT_OVERFLOW ? EOVERFLOW : e == FC_STMT_SYNTAX ? EINVAL : ENOMEM;
      return NULL;
    }
    size_t l = strlen(x);
    if (n + l + 2 > cap) {
      cap = (n + l + 2) * 2;
      char *y = realloc(out, cap);
      if (!y) {
        free(x);
        free(out);
        errno = ENOMEM;
        return NULL;
      }
      out = y;
    }
    memcpy(out + n, x, l);
    n += l;
    if (l && x[l - 1] != '\n')
      out[n++] = '\n';
    out[n] = '\0';
    free(x);
  }
  return out;
}
