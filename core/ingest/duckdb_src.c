/* duckdb_src.c: the embedded DuckDB source (see duckdb_src.h). */
#include "duckdb_src.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "facts_in.h"
#include "sql.h"
#include "util.h"

#include "duckdb_load.h"

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

int fc_duckdb_available(void) { return fc_duckdb_api_get() != NULL; }

const char *fc_duckdb_describe(void) {
  static char buf[PATH_MAX + 256];
  const fc_duckdb_api *D = fc_duckdb_api_get();
  if (!D)
    snprintf(buf, sizeof buf, "cannot be loaded (Parquet inputs disabled): tried %s", fc_duckdb_load_error());
  else
    snprintf(buf, sizeof buf, "%s (header %s) from %s", D->library_version(), FC_DUCKDB_HEADER_VERSION,
             fc_duckdb_loaded_path());
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
  const fc_duckdb_api *D = fc_duckdb_api_get();
  if (!D) {
    fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0,
                 "%s needs DuckDB, which could not be loaded: tried %s; set FINOPS_DUCKDB_LIB to the path "
                 "of libduckdb.so, or run tools/fetch-duckdb.sh and build again",
                 nparquet ? "a Parquet input" : "inputs.engine: duckdb", fc_duckdb_load_error());
    return FC_ERR_PARSE;
  }
  if (strcmp(D->library_version(), FC_DUCKDB_HEADER_VERSION) != 0) {
    fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0,
                 "DuckDB library %s (%s) does not match the header %s this finops was built with: run "
                 "tools/fetch-duckdb.sh and build again",
                 D->library_version(), fc_duckdb_loaded_path(), FC_DUCKDB_HEADER_VERSION);
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
  if (D->create_config(&cfg) == DuckDBError) {
    free(sql);
    return FC_ERR_NOMEM;
  }
  /* no network unless an input is on S3 (httpfs is then loaded on first use) */
  int s3 = any_s3(csv, ncsv) || any_s3(parquet, nparquet);
  D->set_config(cfg, "autoinstall_known_extensions", s3 ? "true" : "false");
  D->set_config(cfg, "autoload_known_extensions", s3 ? "true" : "false");
  if (getenv("FINOPS_DUCKDB_THREADS"))
    D->set_config(cfg, "threads", getenv("FINOPS_DUCKDB_THREADS"));
  if (D->open_ext(NULL, &db, cfg, &err) == DuckDBError) {
    fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0, "cannot start DuckDB: %s", err ? err : "unknown error");
    D->free(err);
    D->destroy_config(&cfg);
    free(sql);
    return FC_ERR_IO;
  }
  D->destroy_config(&cfg);
  if (D->connect(db, &con) == DuckDBError) {
    D->close(&db);
    free(sql);
    return FC_ERR_NOMEM;
  }
  duckdb_result res;
  if (s3) {
    /* the machine's AWS credentials (environment, profile, instance role); best effort */
    if (D->query(con, "CREATE OR REPLACE SECRET fc_s3 (TYPE s3, PROVIDER credential_chain)", &res) ==
        DuckDBError)
      fc_diags_add(in->diags, FC_SEV_NOTE, name, 0, 0, "DuckDB: no S3 credential chain: %s",
                   D->result_error(&res));
    D->destroy_result(&res);
  }
  if (D->query(con, sql, &res) == DuckDBError) {
    fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0, "DuckDB could not read the input%s: %s",
                 ncsv + nparquet > 1 ? "s" : "", D->result_error(&res));
    st = FC_ERR_PARSE;
  } else {
    idx_t nc = D->column_count(&res), nr = D->row_count(&res);
    const char **names = calloc(nc + 1, sizeof *names);
    char **vals = calloc(nc + 1, sizeof *vals);
    size_t *lens = calloc(nc + 1, sizeof *lens);
    fc_facts_reader R = {0};
    if (!names || !vals || !lens) {
      st = FC_ERR_NOMEM;
    } else {
      for (idx_t c = 0; c < nc; c++)
        names[c] = D->column_name(&res, c);
      st = fc_facts_reader_header(&R, in, name, names, nc);
      for (idx_t r = 0; r < nr && st == FC_OK; r++) {
        for (idx_t c = 0; c < nc; c++) {
          vals[c] = D->value_is_null(&res, c, r) ? NULL : D->value_varchar(&res, c, r);
          lens[c] = vals[c] ? strlen(vals[c]) : 0;
        }
        st = fc_facts_reader_row(&R, (const char *const *)vals, lens, 0, NULL);
        for (idx_t c = 0; c < nc; c++) {
          D->free(vals[c]);
          vals[c] = NULL;
        }
      }
    }
    fc_facts_reader_free(&R);
    free(names);
    free(vals);
    free(lens);
  }
  D->destroy_result(&res);
  D->disconnect(&con);
  D->close(&db);
  free(sql);
  return st;
}

#endif
