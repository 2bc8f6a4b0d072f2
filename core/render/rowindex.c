/* rowindex.c: see rowindex.h. */
#include "rowindex.h"

#include <stdlib.h>
#include <string.h>

static size_t bucket(int node, size_t nnodes) {
  return node >= -1 && (node < 0 || (size_t)node < nnodes) ? (size_t)(node + 2) : 0;
}

fc_status fc_row_index_build(fc_row_index *ix, const fc_results *res, const fc_config *cfg) {
  memset(ix, 0, sizeof *ix);
  ix->res = res;
  ix->nnodes = cfg->nnodes;
  ix->ntables = res->n;
  ix->t = calloc(res->n + 1, sizeof *ix->t);
  if (!ix->t)
    return FC_ERR_NOMEM;
  size_t nb = cfg->nnodes + 2; /* buckets: see rowindex.h */
  size_t *pos = malloc((nb + 1) * sizeof *pos);
  if (!pos) {
    fc_row_index_free(ix);
    return FC_ERR_NOMEM;
  }
  for (size_t i = 0; i < res->n; i++) {
    const fc_table *t = res->v[i];
    fc_row_index_table *x = &ix->t[i];
    if (t->nrows > UINT32_MAX) {
      free(pos);
      fc_row_index_free(ix);
      return FC_ERR_NOMEM;
    }
    x->start = calloc(nb + 1, sizeof *x->start);
    x->rows = malloc((t->nrows + 1) * sizeof *x->rows);
    if (!x->start || !x->rows) {
      free(pos);
      fc_row_index_free(ix);
      return FC_ERR_NOMEM;
    }
    /* a counting sort by node: stable, so rows stay ascending within a node */
    for (size_t r = 0; r < t->nrows; r++)
      x->start[bucket(t->nodes[r], cfg->nnodes) + 1]++;
    for (size_t b = 1; b <= nb; b++)
      x->start[b] += x->start[b - 1];
    memcpy(pos, x->start, (nb + 1) * sizeof *pos);
    for (size_t r = 0; r < t->nrows; r++)
      x->rows[pos[bucket(t->nodes[r], cfg->nnodes)]++] = (uint32_t)r;
  }
  free(pos);
  return FC_OK;
}

void fc_row_index_free(fc_row_index *ix) {
  for (size_t i = 0; ix->t && i < ix->ntables; i++) {
    free(ix->t[i].start);
    free(ix->t[i].rows);
  }
  free(ix->t);
  memset(ix, 0, sizeof *ix);
}

const uint32_t *fc_row_index_rows(const fc_row_index *ix, size_t i, int node, size_t *n) {
  size_t b = bucket(node, ix->nnodes);
  const fc_row_index_table *x = &ix->t[i];
  *n = x->start[b + 1] - x->start[b];
  return x->rows + x->start[b];
}
