/* ingest.h: streaming CUR 2.0 ingest: find export files, keep Bedrock rows, sum them into facts. */
#ifndef FC_INGEST_H
#define FC_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "facts.h"
#include "recon.h"
#include "sessions.h"
#include "finops/plugin.h"

typedef struct fc_ingest_stats {
  uint64_t files;              /* files read */
  uint64_t empty_files;        /* files with no data row (empty or header only) */
  uint64_t bytes;              /* bytes read from disk */
  uint64_t bytes_csv;          /* CSV bytes after decompression */
  uint64_t rows;               /* data rows (records after the header) */
  uint64_t candidate_rows;     /* rows mentioning "Bedrock" anywhere: parsed in full */
  uint64_t bedrock_rows;       /* rows recognised as Bedrock (either billing family) */
  uint64_t family_rows[4];     /* by fc_family */
  uint64_t skipped_rows;       /* rows of other services: never parsed */
  uint64_t malformed_rows;     /* unparsable rows: reported with file and line, not counted in facts */
  uint64_t inexact_values;     /* amounts with more than 10 decimals (rounded) */
  uint64_t unknown_map_cells;  /* map cells in neither JSON nor Athena form */
  uint64_t skipped_executions; /* superseded "create new" execution folders left out */
  uint64_t duplicate_files;    /* the same file named twice by the inputs: read once */
} fc_ingest_stats;

/* The statistics as named counters, in a fixed order, for every place that prints them. */
typedef struct fc_stat_field {
  const char *name;
  uint64_t value;
} fc_stat_field;
#define FC_STAT_FIELDS 14
void fc_ingest_stats_fields(const fc_ingest_stats *s, fc_stat_field out[FC_STAT_FIELDS]);

/* Called after each file and every few MB when set: for progress displays. */
typedef void (*fc_ingest_progress_fn)(void *user, const char *file, const fc_ingest_stats *st, int done);

typedef struct fc_ingest {
  fc_facts facts;
  fc_ingest_stats stats;
  fc_diags *diags;   /* borrowed */
  uint32_t dim_mask; /* dimensions kept (bit per fc_dim); others are summed over */
  int max_row_diags; /* per file; further malformed rows are only counted */
  /* Malformed rows tolerated over all inputs (--allow-malformed): within the budget each is a
   * warning and the rest is read exactly; beyond it they are errors (0: every one is an error). */
  uint64_t allow_malformed;
  fc_money abs_cost; /* sum of |line_item_unblended_cost| over the Bedrock rows read: every sum of
                      * costs the reports make is bounded by it, so none can overflow */
  size_t read_size;  /* first read buffer size; 0 = 1 MiB (tests use tiny ones) */
  fc_ingest_progress_fn progress;
  void *progress_user;
  int engine_duckdb;  /* CUR CSV files too are read by embedded DuckDB (inputs.engine: duckdb) */
  int threads;        /* threads for reading: 0 = FINOPS_THREADS from the environment, else the cores */
  int inflate_engine; /* 0 = the default (fc_inflate_default), else FC_INFLATE_* + 1 */
  fc_recon *recon;    /* when set: invoices, skipped and malformed rows counted for reconciliation */
  /* session names per principal key (ids of facts.strings), in bounded space */
  fc_sessions sessions;
} fc_ingest;

/* The threads the ingest uses: in->threads, else FINOPS_THREADS, else the cores online. Outputs do
 * not depend on it: FINOPS_THREADS=1 reads everything in this thread, in the same order. */
int fc_ingest_threads(const fc_ingest *in);

/* Dimensions the host always keeps (period, family, line item type, account, day). */
#define FC_DIM_MASK_CORE                                                                                     \
  ((1u << FC_DIM_PERIOD) | (1u << FC_DIM_DAY) | (1u << FC_DIM_FAMILY) | (1u << FC_DIM_ACCOUNT) |             \
   (1u << FC_DIM_LINE_ITEM_TYPE))
#define FC_DIM_MASK_ALL ((1u << FC_DIM_COUNT) - 1u)

/* Column names of fact dimensions as plugins declare them ("fact.principal"); NULL if out of range. */
const char *fc_dim_name(fc_dim d);
/* Dimension by name ("principal"); -1 when unknown. */
int fc_dim_find(const char *name);

fc_status fc_ingest_init(fc_ingest *in, uint32_t dim_mask, fc_diags *diags);
/* Ingests one file (.csv or .csv.gz, or any file starting with the gzip magic). Problems are
 * recorded in diags: a missing required column is an error (FC_ERR_PARSE returned, the file
 * contributes nothing); malformed rows are warnings (counted). */
fc_status fc_ingest_file(fc_ingest *in, const char *path);
/* Same, from memory (tests): name is used in diagnostics. */
fc_status fc_ingest_buffer(fc_ingest *in, const char *name, const char *data, size_t len);
/* Expands inputs (files, folders searched recursively, globs) relative to base_dir (NULL = cwd)
 * into a sorted, de-duplicated list of .csv/.csv.gz files, applying the CUR export layout rules
 * (only the newest "create new" execution folder of each BILLING_PERIOD). Caller frees the list
 * with fc_paths_free. Inputs matching nothing are errors. */
fc_status fc_ingest_expand(fc_ingest *in, const char *base_dir, char *const *inputs, size_t ninputs,
                           char ***out, size_t *nout);
void fc_paths_free(char **paths, size_t n);
/* Ingests the files paths[0..n) in order, on every core (fc_ingest_threads) with the same result
 * as one at a time. *first receives the first file's error status (if not set yet); returns
 * FC_ERR_NOMEM or FC_ERR_OVERFLOW when reading had to stop, else FC_OK. */
fc_status fc_ingest_files(fc_ingest *in, char *const *paths, size_t n, fc_status *first);
/* Expands and ingests every input; returns the first error status, after reading every file.
 * Malformed rows beyond allow_malformed make it FC_ERR_PARSE. */
fc_status fc_ingest_inputs(fc_ingest *in, const char *base_dir, char *const *inputs, size_t ninputs);
void fc_ingest_free(fc_ingest *in);
/* After the files are read: an error when the malformed rows exceed the budget. FC_OK or
 * FC_ERR_PARSE. fc_ingest_inputs calls it. */
fc_status fc_ingest_check_budget(fc_ingest *in);

#endif
