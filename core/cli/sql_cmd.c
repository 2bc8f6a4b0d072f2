/* sql_cmd.c: `finops sql` and the input report of `finops check` (see sql_cmd.h). */
#include "sql_cmd.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "duckdb_src.h"
#include "facts_in.h"
#include "ingest.h"
#include "decl_check.h"
#include "plugin_host.h"
#include "run.h"
#include "sql.h"
#include "util.h"

static const char sql_help[] =
    "usage: finops sql [-c finops.yaml] [--period YYYY-MM] --dialect athena|trino|duckdb [--table NAME]\n"
    "                  [--no-partition] [--plugins DIR]\n"
    "\n"
    "Prints the ingest as one SQL query: the Bedrock rows of both billing families in the period\n"
    "(--period, else the configured one, else every period; in each BILLING_PERIOD= folder only the\n"
    "newest export execution), summed by the dimensions the loaded plugins read. Its result (one row\n"
    "per distinct key) is a facts file: run it where the CUR lives and read the result with\n"
    "inputs: {facts: [result.csv]}.\n"
    "\n"
    "  --dialect athena|trino  for the table over a CUR 2.0 export (--table, default cur), product and\n"
    "                          tags as map(varchar, varchar), partitioned by billing_period\n"
    "                          (--no-partition: a table without that partition)\n"
    "  --dialect duckdb        reads the configured inputs by path (read_csv / read_parquet)\n";

static int sql_usage(const char *msg, const char *arg) {
  fprintf(stderr, "finops sql: ");
  fprintf(stderr, msg, arg);
  fprintf(stderr, "\nTry 'finops sql --help'.\n");
  return 2;
}

static void print_all(const fc_diags *d) {
  char buf[4096];
  for (size_t i = 0; i < d->n; i++)
    if (d->v[i].sev != FC_SEV_NOTE)
      fprintf(stderr, "%s\n", fc_diag_format(&d->v[i], buf, sizeof buf));
}

int fc_cmd_sql(int argc, char **argv) {
  enum { O_PERIOD = 256, O_DIALECT, O_TABLE, O_NOPART, O_PLUGINS, O_HELP };
  static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                       {"period", required_argument, NULL, O_PERIOD},
                                       {"dialect", required_argument, NULL, O_DIALECT},
                                       {"table", required_argument, NULL, O_TABLE},
                                       {"no-partition", no_argument, NULL, O_NOPART},
                                       {"plugins", required_argument, NULL, O_PLUGINS},
                                       {"help", no_argument, NULL, O_HELP},
                                       {NULL, 0, NULL, 0}};
  const char *config = "finops.yaml", *table = NULL, *plugins = NULL;
  int dialect = -1, partitioned = 1;
  int32_t period = 0;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "+c:", opts, NULL)) != -1) {
    switch (c) {
    case 'c':
      config = optarg;
      break;
    case O_PERIOD:
      if (fc_period_parse(optarg, &period))
        return sql_usage("--period: expected YYYY-MM, found '%s'", optarg);
      break;
    case O_DIALECT:
      if ((dialect = fc_sql_dialect_parse(optarg)) < 0)
        return sql_usage("--dialect: expected athena, trino or duckdb, found '%s'", optarg);
      break;
    case O_TABLE:
      table = optarg;
      if (!*table || strspn(table, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.\"") !=
                         strlen(table))
        return sql_usage("--table: '%s' is not a table name", optarg);
      break;
    case O_NOPART:
      partitioned = 0;
      break;
    case O_PLUGINS:
      plugins = optarg;
      break;
    case O_HELP:
      fputs(sql_help, stdout);
      return 0;
    default:
      return sql_usage("unknown or incomplete option '%s'", argv[optind - 1]);
    }
  }
  if (optind < argc)
    return sql_usage("unexpected argument '%s'", argv[optind]);
  if (dialect < 0)
    return sql_usage("--dialect athena|trino|duckdb is required%s", "");
  fc_diags d = {0};
  fc_config cfg;
  memset(&cfg, 0, sizeof cfg);
  int rc = 0;
  fc_plugins ps = {0};
  char *pdir = NULL, **paths = NULL;
  size_t npaths = 0;
  char **csv = NULL, **pq = NULL;
  size_t ncsv = 0, npq = 0;
  fc_ingest in;
  memset(&in, 0, sizeof in);
  if (fc_config_load(config, &cfg, &d)) {
    rc = 2;
    goto done;
  }
  pdir = plugins ? fc_strdup(plugins) : fc_default_plugins_dir();
  if (!pdir ||
      ((plugins || access(pdir, F_OK) == 0) && fc_plugins_load(pdir, fc_report_decls_check, &ps, &d))) {
    rc = 2;
    goto done;
  }
  if (!period)
    period = cfg.period;
  if (dialect == FC_SQL_DUCKDB) {
    if (fc_ingest_init(&in, FC_DIM_MASK_CORE, &d) ||
        fc_ingest_expand(&in, cfg.dir, cfg.cur_inputs, cfg.ncur_inputs, &paths, &npaths)) {
      rc = 2;
      goto done;
    }
    csv = calloc(npaths + 1, sizeof *csv);
    pq = calloc(npaths + 1, sizeof *pq);
    if (!csv || !pq) {
      rc = 1;
      goto done;
    }
    for (size_t i = 0; i < npaths; i++) {
      char rp[PATH_MAX];
      char *abs = strncmp(paths[i], "s3://", 5) != 0 && realpath(paths[i], rp) ? fc_strdup(rp) : NULL;
      if (abs) {
        free(paths[i]);
        paths[i] = abs;
      }
      if (fc_is_parquet_path(paths[i]))
        pq[npq++] = paths[i];
      else
        csv[ncsv++] = paths[i];
    }
    if (!npaths) {
      fc_diags_add(&d, FC_SEV_ERROR, config, 0, 0, "inputs.cur: no CUR file to read");
      rc = 2;
      goto done;
    }
  }
  fc_sql_opts o = {.dialect = (fc_sql_dialect)dialect,
                   .dim_mask = fc_plugins_dim_mask(&ps),
                   .period = period,
                   .table = table,
                   .partitioned = partitioned,
                   .csv = csv,
                   .ncsv = ncsv,
                   .parquet = pq,
                   .nparquet = npq};
  char *sql = fc_sql_generate(&o);
  if (!sql) {
    rc = 1;
    goto done;
  }
  fputs(sql, stdout);
  free(sql);
  if (fflush(stdout))
    rc = 1;
done:
  print_all(&d);
  free(csv);
  free(pq);
  fc_paths_free(paths, npaths);
  if (in.diags)
    fc_ingest_free(&in);
  fc_plugins_free(&ps);
  free(pdir);
  fc_config_free(&cfg);
  fc_diags_free(&d);
  return rc;
}

static const char *kind_of(const char *path) {
  if (strncmp(path, "s3://", 5) == 0)
    return fc_is_parquet_path(path) ? "Parquet on S3 (DuckDB)" : "CSV on S3 (DuckDB)";
  if (fc_is_parquet_path(path)) { /* loads DuckDB: check says whether the run could read it */
    static char why[PATH_MAX + 64];
    if (fc_duckdb_available())
      return "Parquet (DuckDB)";
    snprintf(why, sizeof why, "Parquet (needs DuckDB: %.*s)", PATH_MAX, fc_duckdb_describe());
    return why;
  }
  unsigned char m[4] = {0};
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  ssize_t k = fd >= 0 ? read(fd, m, 4) : -1;
  if (fd >= 0)
    close(fd);
  if (k == 4 && memcmp(m, "PAR1", 4) == 0)
    return "Parquet data in a file not named .parquet (rename it)";
  if (k >= 2 && m[0] == 0x1f && m[1] == 0x8b)
    return "gzip CSV";
  return "CSV";
}

void fc_check_inputs(const fc_config *cfg, uint32_t dim_mask, fc_diags *diags, FILE *out) {
  fc_ingest in;
  fc_diags scratch = {0}; /* expansion problems are reported by the ingest already */
  if (fc_ingest_init(&in, FC_DIM_MASK_CORE, &scratch) == FC_OK) {
    char **paths = NULL;
    size_t n = 0;
    if (fc_ingest_expand(&in, cfg->dir, cfg->cur_inputs, cfg->ncur_inputs, &paths, &n) != FC_ERR_NOMEM) {
      for (size_t i = 0; i < n; i++)
        fprintf(out, "input %s: %s%s\n", paths[i], kind_of(paths[i]),
                cfg->cur_engine_duckdb && !fc_is_parquet_path(paths[i]) ? ", read by DuckDB (inputs.engine)"
                                                                        : "");
      fc_paths_free(paths, n);
    }
    fc_ingest_free(&in);
  }
  fc_diags_free(&scratch);
  for (size_t i = 0; i < cfg->nfacts_inputs; i++) {
    char *p = cfg->facts_inputs[i][0] == '/' ? fc_strdup(cfg->facts_inputs[i])
                                             : fc_asprintf("%s/%s", cfg->dir, cfg->facts_inputs[i]);
    if (!p)
      continue;
    if (fc_ingest_init(&in, dim_mask, diags) == FC_OK) {
      fc_status s = fc_ingest_facts_file(&in, p);
      fprintf(out, "input %s: facts (query result), %s\n", p,
              s                                     ? "refused"
              : in.stats.bedrock_rows || in.facts.n ? "columns match the loaded plugins"
                                                    : "empty");
      fc_ingest_free(&in);
    }
    free(p);
  }
}
