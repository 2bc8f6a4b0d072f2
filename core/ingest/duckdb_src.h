/* duckdb_src.h: CUR files read by embedded DuckDB (Parquet always; CSV with inputs.engine: duckdb),
 * running the duckdb dialect of the ingest's query (sql.c) and adding its result to the facts. */
#ifndef FC_DUCKDB_SRC_H
#define FC_DUCKDB_SRC_H

#include <stddef.h>

#include "ingest.h"

/* 1 when this build embeds DuckDB. */
int fc_duckdb_available(void);
/* "v1.4.4 (header v1.4.4)" or why not available; static storage. */
const char *fc_duckdb_describe(void);
/* Runs the query over the files; the result goes into in->facts. Without DuckDB: an error naming
 * the first file and how to enable it (FC_ERR_PARSE). */
fc_status fc_duckdb_ingest(fc_ingest *in, char *const *csv, size_t ncsv, char *const *parquet,
                           size_t nparquet);
/* Is this path a Parquet file (by name)? */
int fc_is_parquet_path(const char *path);

#endif
