/* fc-duckdb: runs SQL with the DuckDB library finops embeds, for tests and benchmarks (DuckDB's
 * own command line is not packaged for Debian). Usage: fc-duckdb [FILE.sql | -c SQL]; with no
 * argument the SQL comes from stdin. Every statement runs; the last one's result is printed as
 * CSV with a header (fields quoted when needed). Exit 1 with DuckDB's message on an error. */
#include <duckdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(FILE *f) {
  size_t n = 0, cap = 1 << 16;
  char *b = malloc(cap);
  while (b) {
    size_t k = fread(b + n, 1, cap - n - 1, f);
    n += k;
    if (k == 0)
      break;
    if (n + 1 == cap) {
      char *nb = realloc(b, cap *= 2);
      if (!nb)
        free(b);
      b = nb;
    }
  }
  if (b)
    b[n] = '\0';
  return b;
}

static void field(const char *s) {
  if (!s)
    return;
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, stdout);
    return;
  }
  putchar('"');
  for (; *s; s++) {
    if (*s == '"')
      putchar('"');
    putchar(*s);
  }
  putchar('"');
}

int main(int argc, char **argv) {
  char *sql = NULL;
  if (argc == 3 && strcmp(argv[1], "-c") == 0) {
    sql = strdup(argv[2]);
  } else if (argc == 2) {
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
      perror(argv[1]);
      return 1;
    }
    sql = slurp(f);
    fclose(f);
  } else if (argc == 1) {
    sql = slurp(stdin);
  } else {
    fprintf(stderr, "usage: fc-duckdb [FILE.sql | -c SQL]\n");
    return 2;
  }
  if (!sql)
    return 1;
  duckdb_database db;
  duckdb_connection con;
  duckdb_result res;
  if (duckdb_open(NULL, &db) == DuckDBError || duckdb_connect(db, &con) == DuckDBError) {
    fprintf(stderr, "fc-duckdb: cannot start DuckDB\n");
    return 1;
  }
  int rc = 0;
  if (duckdb_query(con, sql, &res) == DuckDBError) {
    fprintf(stderr, "fc-duckdb: %s\n", duckdb_result_error(&res));
    rc = 1;
  } else {
    idx_t nc = duckdb_column_count(&res), nr = duckdb_row_count(&res);
    for (idx_t c = 0; c < nc; c++) {
      if (c)
        putchar(',');
      field(duckdb_column_name(&res, c));
    }
    if (nc)
      putchar('\n');
    for (idx_t r = 0; r < nr; r++) {
      for (idx_t c = 0; c < nc; c++) {
        if (c)
          putchar(',');
        char *v = duckdb_value_is_null(&res, c, r) ? NULL : duckdb_value_varchar(&res, c, r);
        field(v);
        duckdb_free(v);
      }
      putchar('\n');
    }
  }
  duckdb_destroy_result(&res);
  duckdb_disconnect(&con);
  duckdb_close(&db);
  free(sql);
  return rc;
}
