/* sql_cmd.h: `finops sql` and the input report of `finops check`. */
#ifndef FC_SQL_CMD_H
#define FC_SQL_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "diag.h"

/* finops sql [-c finops.yaml] [--period YYYY-MM] --dialect athena|trino|duckdb [--table NAME]
 * [--no-partition] [--plugins DIR]: prints the ingest's query. Returns the exit status. */
int fc_cmd_sql(int argc, char **argv);

/* Prints what each configured input is (CSV, gzip CSV, Parquet, S3, facts) to out, and checks
 * every facts file's columns against dim_mask (the loaded plugins' dimensions): a missing or
 * unknown column is an error in diags, naming it. */
void fc_check_inputs(const fc_config *cfg, uint32_t dim_mask, fc_diags *diags, FILE *out);

#endif
