/* results.c: the result store. */
#include "results.h"

#include <stdlib.h>
#include <string.h>

void fc_results_init(fc_results *r) {
  memset(r, 0, sizeof *r);
  fc_arena_init(&r->arena);
}

fc_table *fc_results_find(const fc_results *r, const char *name) {
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->v[i]->name, name) == 0)
      return r->v[i];
  return NULL;
}

fc_status fc_results_create(fc_results *r, const char *owner, const char *name, const fc_column *cols,
                            size_t ncols, fc_table **out) {
  if (fc_results_find(r, name))
    return FC_ERR_EXISTS;
  if (ncols == 0)
    return FC_ERR_INVALID;
  for (size_t c = 0; c < ncols; c++)
    if (!cols[c].name || cols[c].type < FC_COL_TEXT || cols[c].type > FC_COL_REAL)
      return FC_ERR_INVALID;
  if (r->n == r->cap) {
    size_t nc = r->cap ? r->cap * 2 : 16;
    fc_table **nv = realloc(r->v, nc * sizeof *nv);
    if (!nv)
      return FC_ERR_NOMEM;
    r->v = nv;
    r->cap = nc;
  }
  fc_table *t = calloc(1, sizeof *t);
  if (!t)
    return FC_ERR_NOMEM;
  t->name = fc_arena_strdup(&r->arena, name);
  t->owner = fc_arena_strdup(&r->arena, owner);
  t->cols = fc_arena_alloc(&r->arena, ncols * sizeof *t->cols);
  if (!t->name || !t->owner || !t->cols) {
    free(t);
    return FC_ERR_NOMEM;
  }
  for (size_t c = 0; c < ncols; c++) {
    t->cols[c].name = fc_arena_strdup(&r->arena, cols[c].name);
    t->cols[c].type = cols[c].type;
    if (!t->cols[c].name) {
      free(t);
      return FC_ERR_NOMEM;
    }
  }
  t->ncols = ncols;
  r->v[r->n++] = t;
  *out = t;
  return FC_OK;
}

fc_status fc_results_append(fc_results *r, fc_table *t, int node, const fc_value *values) {
  if (t->nrows == t->cap) {
    size_t nc = t->cap ? t->cap * 2 : 64;
    fc_value *ncells = realloc(t->cells, nc * t->ncols * sizeof *ncells);
    if (!ncells)
      return FC_ERR_NOMEM;
    t->cells = ncells;
    int *nn = realloc(t->nodes, nc * sizeof *nn);
    if (!nn)
      return FC_ERR_NOMEM;
    t->nodes = nn;
    t->cap = nc;
  }
  fc_value *row = &t->cells[t->nrows * t->ncols];
  for (size_t c = 0; c < t->ncols; c++) {
    row[c] = values[c];
    if (t->cols[c].type == FC_COL_TEXT) {
      row[c].s = fc_arena_strdup(&r->arena, values[c].s ? values[c].s : "");
      if (!row[c].s)
        return FC_ERR_NOMEM;
    } else {
      row[c].s = NULL;
    }
  }
  t->nodes[t->nrows++] = node;
  return FC_OK;
}

void fc_results_free(fc_results *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->v[i]->cells);
    free(r->v[i]->nodes);
    free(r->v[i]);
  }
  free(r->v);
  fc_arena_free(&r->arena);
  memset(r, 0, sizeof *r);
}

static const char *const host_results[] = {FC_CLOSE_OWNER ".reconciliation", FC_CLOSE_OWNER ".inputs",
                                           FC_CLOSE_OWNER ".changes", FC_CLOSE_OWNER ".claims"};

int fc_close_host_result(const char *name) {
  for (size_t i = 0; i < sizeof host_results / sizeof host_results[0]; i++)
    if (name && strcmp(name, host_results[i]) == 0)
      return 1;
  return 0;
}
