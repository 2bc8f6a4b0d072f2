/* sql.h: the ingest as one SQL query (keep Bedrock rows of the period, sum them by the dimensions
 * the loaded plugins read), generated from the ingest's rule tables for Athena, Trino and DuckDB.
 * The result is a fact file: one row per distinct key, read back by facts_in.c. */
#ifndef FC_SQL_H
#define FC_SQL_H

#include <stddef.h>
#include <stdint.h>

typedef enum fc_sql_dialect { FC_SQL_ATHENA, FC_SQL_TRINO, FC_SQL_DUCKDB } fc_sql_dialect;

typedef struct fc_sql_opts {
  fc_sql_dialect dialect;
  uint32_t dim_mask; /* dimensions to group by (FC_DIM_MASK_CORE is always added) */
  int32_t period;    /* YYYYMM; 0 = every period */
  const char *table; /* Athena / Trino: the table over the export (NULL = "cur") */
  int partitioned;   /* Athena / Trino: the table has the export's billing_period partition */
  char *const *csv;  /* DuckDB: CSV (.csv, .csv.gz) files to read */
  size_t ncsv;
  char *const *parquet; /* DuckDB: Parquet files to read */
  size_t nparquet;
} fc_sql_opts;

/* Parses "athena", "trino", "duckdb"; -1 when unknown. */
int fc_sql_dialect_parse(const char *s);
/* The query, ending with a newline; caller frees. NULL on out of memory. */
char *fc_sql_generate(const fc_sql_opts *o);

/* Names of the measure columns of a fact file, after the dimension columns. */
#define FC_FACTS_AMOUNT_COL "usage_amount"
#define FC_FACTS_COST_COL "cost"
#define FC_FACTS_ROWS_COL "row_count"

#endif
