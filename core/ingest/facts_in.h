/* facts_in.h: reading a query's result (a facts file, or rows DuckDB returns) into the fact table.
 * Columns: the dimensions by their plugin names (period YYYY-MM, day YYYY-MM-DD, family
 * aws|marketplace|agentcore, strings) then usage_amount, cost and row_count, in any order. */
#ifndef FC_FACTS_IN_H
#define FC_FACTS_IN_H

#include <stddef.h>

#include "ingest.h"

typedef struct fc_facts_reader {
  fc_ingest *in;
  const char *name; /* for messages */
  int *colmap;      /* column -> dimension, or FC_DIM_COUNT + 0/1/2 for the measures, -1 = ignored */
  size_t ncols;
  uint64_t rows; /* rows added */
} fc_facts_reader;

/* Maps the header. Every dimension in in->dim_mask and the three measures must be present; a
 * column that is neither a dimension nor a measure is refused, naming it. Dimensions the plugins do
 * not read are summed over. Returns FC_OK or FC_ERR_PARSE (problems in in->diags). */
fc_status fc_facts_reader_header(fc_facts_reader *R, fc_ingest *in, const char *name,
                                 const char *const *names, size_t n);
/* Adds one row; vals[i] (NULL or "" = empty) for header column i. line and cols (may be NULL)
 * place messages. Returns FC_OK, FC_ERR_PARSE (a bad value), FC_ERR_OVERFLOW or FC_ERR_NOMEM. */
fc_status fc_facts_reader_row(fc_facts_reader *R, const char *const *vals, const size_t *lens, long line,
                              const long *cols);
void fc_facts_reader_free(fc_facts_reader *R);

/* Reads one facts file (CSV with a header, fields quoted or not, as Athena and Trino write them). */
fc_status fc_ingest_facts_file(fc_ingest *in, const char *path);
/* Expands (files and globs relative to base_dir) and reads every facts input. */
fc_status fc_ingest_facts_inputs(fc_ingest *in, const char *base_dir, char *const *inputs, size_t ninputs);

#endif
