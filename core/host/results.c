/* results.c: the result store. */
#include "results.h"

#include <stdlib.h>
#include <string.h>

void fc_results_init(fc_results *r) {
  memset(r, 0, sizeof *r);
  fc_arena_init(&r->arena);
  fc_htab_init(&r->text_index, NULL, NULL, NULL);
}

typedef struct text_key {
  const fc_results *r;
  const char *s;
  size_t len;
} text_key;

static int text_eq(const void *u, uint32_t id) {
  const text_key *k = u;
  return strncmp(k->r->texts[id], k->s, k->len) == 0 && k->r->texts[id][k->len] == '\0';
}

const char *fc_results_text(fc_results *r, const char *s) {
  if (!s)
    s = "";
  size_t len = strlen(s);
  uint64_t h = fc_hash_bytes(s, len, 0x7e47);
  text_key k = {r, s, len};
  uint32_t id = fc_htab_find(&r->text_index, h, text_eq, &k);
  if (id != FC_HTAB_NONE)
    return r->texts[id];
  if (r->ntexts == r->texts_cap) {
    if (r->texts_cap >= UINT32_MAX / 2)
      return NULL;
    uint32_t nc = r->texts_cap ? r->texts_cap * 2 : 256;
    const char **nt = realloc(r->texts, nc * sizeof *nt);
    if (!nt)
      return NULL;
    r->texts = nt;
    r->texts_cap = nc;
  }
  char *copy = fc_arena_strndup(&r->arena, s, len);
  if (!copy || fc_htab_put(&r->text_index, h, r->ntexts))
    return NULL;
  r->texts[r->ntexts++] = copy;
  return copy;
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
    size_t nc = t->cap ? t->cap + t->cap / 2 : 64;
    fc_cell *ncells = realloc(t->cells, nc * t->ncols * sizeof *ncells);
    if (!ncells)
      return FC_ERR_NOMEM;
    t->cells = ncells;
    int *nn = realloc(t->nodes, nc * sizeof *nn);
    if (!nn)
      return FC_ERR_NOMEM;
    t->nodes = nn;
    t->cap = nc;
  }
  fc_cell *row = &t->cells[t->nrows * t->ncols];
  for (size_t c = 0; c < t->ncols; c++) {
    fc_coltype ty = t->cols[c].type;
    if (ty == FC_COL_TEXT) {
      row[c].s = fc_results_text(r, values[c].s);
      if (!row[c].s)
        return FC_ERR_NOMEM;
    } else if (ty == FC_COL_RATIO || ty == FC_COL_REAL) {
      row[c].r = values[c].r;
    } else {
      row[c].i = values[c].i;
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
  free(r->texts);
  fc_htab_free(&r->text_index);
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
