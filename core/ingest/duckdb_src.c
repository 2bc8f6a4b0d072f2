/* duckdb_src.c: the embedded DuckDB source (see duckdb_src.h). */
#include "duckdb_src.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "facts_in.h"
#include "sql.h"
#include "util.h"

#ifdef FC_HAVE_DUCKDB
#include <duckdb.h>
#endif

int fc_is_parquet_path(const char *path) {
  size_t n = strlen(path);
  return n >= 8 && strcmp(path + n - 8, ".parquet") == 0;
}

static fc_status run_query(fc_ingest *in, const char *name, char *const *csv, size_t ncsv,
                           char *const *parquet, size_t nparquet);

fc_status fc_duckdb_ingest(fc_ingest *in, char *const *csv, size_t ncsv, char *const *parquet,
                           size_t nparquet) {
  if (!ncsv && !nparquet)
    return FC_OK;
  const char *name = nparquet ? parquet[0] : csv[0];
  for (size_t i = 0; i < ncsv + nparquet; i++) {
    struct stat st;
    const char *p = i < ncsv ? csv[i] : parquet[i - ncsv];
    in->stats.files++;
    if (stat(p, &st) == 0)
      in->stats.bytes += (uint64_t)st.st_size;
  }
  return run_query(in, name, csv, ncsv, parquet, nparquet);
}

#ifndef FC_HAVE_DUCKDB

int fc_duckdb_available(void) { return 0; }
const char *fc_duckdb_describe(void) { return "not built in (Parquet inputs disabled)"; }

static fc_status run_query(fc_ingest *in, const char *name, char *const *csv, size_t ncsv,
                           char *const *parquet, size_t nparquet) {
  (void)csv;
  (void)ncsv;
  (void)parquet;
  fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0,
               "%s needs DuckDB, which this finops was built without: run tools/fetch-duckdb.sh (or "
               "tools/install-deps.sh), then cmake -DFC_DUCKDB=ON and build again; or convert the export to "
               "CSV, or run finops sql where the data lives and read its result with inputs: {facts: [...]}",
               nparquet ? "a Parquet input" : "inputs.engine: duckdb");
  return FC_ERR_PARSE;
}

#else

int fc_duckdb_available(void) { return 1; }

const char *fc_duckdb_describe(void) {
  static char buf[128];
  snprintf(buf, sizeof buf, "%s (header %s)", duckdb_library_version(), FC_DUCKDB_HEADER_VERSION);
  return buf;
}

static int any_s3(char *const *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strncmp(v[i], "s3://", 5) == 0)
      return 1;
  return 0;
}

static fc_status run_query(fc_ingest *in, const char *name, char *const *csv, size_t ncsv,
                           char *const *parquet, size_t nparquet) {
  if (strcmp(duckdb_library_version(), FC_DUCKDB_HEADER_VERSION) != 0) {
    fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0,
                 "DuckDB library %s does not match the header %s this finops was built with: run "
                 "tools/fetch-duckdb.sh and build again",
                 duckdb_library_version(), FC_DUCKDB_HEADER_VERSION);
    return FC_ERR_CONFIG;
  }
  fc_sql_opts o = {.dialect = FC_SQL_DUCKDB,
                   .dim_mask = in->dim_mask,
                   .csv = csv,
                   .ncsv = ncsv,
                   .parquet = parquet,
                   .nparquet = nparquet};
  char *sql = fc_sql_generate(&o);
  if (!sql)
    return FC_ERR_NOMEM;
  duckdb_database db = NULL;
  duckdb_connection con = NULL;
  duckdb_config cfg = NULL;
  char *err = NULL;
  fc_status st = FC_OK;
  if (duckdb_create_config(&cfg) == DuckDBError) {
    free(sql);
    return FC_ERR_NOMEM;
  }
  /* no network unless an input is on S3 (httpfs is then loaded on first use) */
  int s3 = any_s3(csv, ncsv) || any_s3(parquet, nparquet);
  duckdb_set_config(cfg, "autoinstall_known_extensions", s3 ? "true" : "false");
  duckdb_set_config(cfg, "autoload_known_extensions", s3 ? "true" : "false");
  if (getenv("FINOPS_DUCKDB_THREADS"))
    duckdb_set_config(cfg, "threads", getenv("FINOPS_DUCKDB_THREADS"));
  if (duckdb_open_ext(NULL, &db, cfg, &err) == DuckDBError) {
    fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0, "cannot start DuckDB: %s", err ? err : "unknown error");
    duckdb_free(err);
    duckdb_destroy_config(&cfg);
    free(sql);
    return FC_ERR_IO;
  }
  duckdb_destroy_config(&cfg);
  if (duckdb_connect(db, &con) == DuckDBError) {
    duckdb_close(&db);
    free(sql);
    return FC_ERR_NOMEM;
  }
  duckdb_result res;
  if (s3) {
    /* the machine's AWS credentials (environment, profile, instance role); best effort */
    if (duckdb_query(con, "CREATE OR REPLACE SECRET fc_s3 (TYPE s3, PROVIDER credential_chain)", &res) ==
        DuckDBError)
      fc_diags_add(in->diags, FC_SEV_NOTE, name, 0, 0, "DuckDB: no S3 credential chain: %s",
                   duckdb_result_error(&res));
    duckdb_destroy_result(&res);
  }
  if (duckdb_query(con, sql, &res) == DuckDBError) {
    fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0, "DuckDB could not read the input%s: %s",
                 ncsv + nparquet > 1 ? "s" : "", duckdb_result_error(&res));
    st = FC_ERR_PARSE;
  } else {
    idx_t nc = duckdb_column_count(&res), nr = duckdb_row_count(&res);
    const char **names = calloc(nc + 1, sizeof *names);
    char **vals = calloc(nc + 1, sizeof *vals);
    size_t *lens = calloc(nc + 1, sizeof *lens);
    fc_facts_reader R = {0};
    if (!names || !vals || !lens) {
      st = FC_ERR_NOMEM;
    } else {
      for (idx_t c = 0; c < nc; c++)
        names[c] = duckdb_column_name(&res, c);
      st = fc_facts_reader_header(&R, in, name, names, nc);
      for (idx_t r = 0; r < nr && st == FC_OK; r++) {
        for (idx_t c = 0; c < nc; c++) {
          vals[c] = duckdb_value_is_null(&res, c, r) ? NULL : duckdb_value_varchar(&res, c, r);
          lens[c] = vals[c] ? strlen(vals[c]) : 0;
        }
        st = fc_facts_reader_row(&R, (const char *const *)vals, lens, 0, NULL);
        for (idx_t c = 0; c < nc; c++) {
          duckdb_free(vals[c]);
          vals[c] = NULL;
        }
      }
    }
    fc_facts_reader_free(&R);
    free(names);
    free(vals);
    free(lens);
  }
  duckdb_destroy_result(&res);
  duckdb_disconnect(&con);
  duckdb_close(&db);
  free(sql);
  return st;
}

#endif
