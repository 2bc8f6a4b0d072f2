/* rowindex.h: the rows of each result grouped by their node, built once before the packs are
 * drawn, so that a pack's view (fc_view_make_indexed) costs the rows in its scope instead of every
 * row of every result.
 *
 * It decides nothing about scope: which nodes a pack sees is still asked of fc_scope_contains, once
 * per node of the hierarchy (not once per row); the index only says where each node's rows are.
 * tests/test_rowindex.c checks that views made with it equal views made row by row. */
#ifndef FC_ROWINDEX_H
#define FC_ROWINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "results.h"

typedef struct fc_row_index_table {
  /* bucket 0: rows naming no node of the hierarchy (none: the host refuses them), bucket 1: node -1
   * (the organisation as a whole), bucket n + 2: node n; bucket b is rows[start[b]..start[b + 1]) */
  size_t *start;
  uint32_t *rows; /* row numbers, ascending within each bucket (4 bytes a row: results of more rows
                   * than that are refused as out of memory) */
} fc_row_index_table;

typedef struct fc_row_index {
  const fc_results *res; /* the store it indexes, as it was when built */
  size_t nnodes, ntables;
  fc_row_index_table *t; /* one per result, in store order */
} fc_row_index;

/* Builds the index of every result in res. Returns FC_OK or FC_ERR_NOMEM. */
fc_status fc_row_index_build(fc_row_index *ix, const fc_results *res, const fc_config *cfg);
void fc_row_index_free(fc_row_index *ix);
/* The rows of result i whose node is node (-1..nnodes-1), ascending; *n gets their count. */
const uint32_t *fc_row_index_rows(const fc_row_index *ix, size_t i, int node, size_t *n);

#endif
