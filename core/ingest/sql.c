/* sql.c: the ingest as SQL, built from the rule tables in rules.c (see sql.h). */
#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "rules.h"
#include "util.h"

int fc_sql_dialect_parse(const char *s) {
  if (strcmp(s, "athena") == 0)
    return FC_SQL_ATHENA;
  if (strcmp(s, "trino") == 0)
    return FC_SQL_TRINO;
  if (strcmp(s, "duckdb") == 0)
    return FC_SQL_DUCKDB;
  return -1;
}

/* How a source presents the export's columns. */
typedef enum { SRC_ENGINE_TABLE, SRC_CSV_TEXT, SRC_PARQUET } src_kind;

typedef struct gen {
  FILE *f;
  const fc_sql_opts *o;
  src_kind kind;
} gen;

/* A SQL string literal. */
static void lit(FILE *f, const char *s) {
  fputc('\'', f);
  for (; *s; s++) {
    if (*s == '\'')
      fputc('\'', f);
    fputc(*s, f);
  }
  fputc('\'', f);
}

static void col(gen *g, int c) { fprintf(g->f, "\"%s\"", fc_cur_columns[c].name); }

/* A column as text: CSV read as text already; the engines' timestamps and numbers are cast. */
static void text_col(gen *g, int c) {
  if (g->kind == SRC_CSV_TEXT) {
    col(g, c);
    return;
  }
  fputs("CAST(", g->f);
  col(g, c);
  fputs(" AS varchar)", g->f);
}

static void regex_escaped(FILE *f, const char *s) {
  for (; *s; s++) {
    if (strchr(".[]{}()*+?^$|\\", *s))
      fputc('\\', f);
    if (*s == '\'')
      fputc('\'', f);
    fputc(*s, f);
  }
}

/* One key of a map column, NULL when absent. In CSV the cell is a JSON object or Athena's
 * {k=v, k2=v2} text (the forms mapcell.c reads); in Parquet and in the engines' tables a map. */
static void map_get(gen *g, int mc, const char *key) {
  FILE *f = g->f;
  if (g->kind == SRC_ENGINE_TABLE) {
    fputs("element_at(", f);
    col(g, mc);
    fputs(", ", f);
    lit(f, key);
    fputc(')', f);
  } else if (g->kind == SRC_PARQUET) {
    col(g, mc);
    fputc('[', f);
    lit(f, key);
    fputc(']', f);
  } else {
    fputs("CASE WHEN ", f);
    col(g, mc);
    fputs(" LIKE '{\"%' THEN json_extract_string(", f);
    col(g, mc);
    fputs(", '$.\"", f);
    for (const char *p = key; *p; p++) {
      if (*p == '\'' || *p == '"' || *p == '\\')
        fputc(*p == '\'' ? '\'' : '\\', f);
      fputc(*p, f);
    }
    fputs("\"') ELSE nullif(regexp_extract(", f);
    col(g, mc);
    fputs(", '[{,] *", f);
    regex_escaped(f, key);
    fputs("=([^,}]*)', 1), '') END", f);
  }
}

/* The principal as facts key it (fc_principal_key_len): an assumed-role session ARN without its
 * session name. regexp_extract gives '' (DuckDB) or NULL (Trino) when it does not match. */
#define FC_PRINCIPAL_KEY_RE "'^(arn:[^:]*:sts::[0-9]{12}:assumed-role/[^/]+)/'"
/* An assumed-role session ARN as CUR writes it, session name included (fc_sessions_add_principal). */
#define FC_PRINCIPAL_SESSION_RE "'^arn:[^:]*:sts::[0-9]{12}:assumed-role/[^/]+/.+$'"

static void dim_value_expr(gen *g, int d);

/* A string dimension: its rule's first non-empty source, else ''. */
static void dim_expr(gen *g, int d) {
  if (d != FC_DIM_PRINCIPAL) {
    dim_value_expr(g, d);
    return;
  }
  fputs("coalesce(nullif(regexp_extract(", g->f);
  dim_value_expr(g, d);
  fputs(", " FC_PRINCIPAL_KEY_RE ", 1), ''), ", g->f);
  dim_value_expr(g, d);
  fputc(')', g->f);
}

static void dim_value_expr(gen *g, int d) {
  for (int r = 0; r < FC_DIM_RULES; r++) {
    if (fc_dim_rules[r].dim != d)
      continue;
    fputs("coalesce(", g->f);
    for (int s = 0; s < 2; s++) {
      const fc_dim_source *src = &fc_dim_rules[r].src[s];
      if (src->col < 0)
        continue;
      fputs("nullif(", g->f);
      if (src->key)
        map_get(g, src->col, src->key);
      else
        col(g, src->col);
      fputs(", ''), ", g->f);
    }
    fputs("'')", g->f);
    return;
  }
  fputs("''", g->f);
}

/* The billing family by the rules of rules.h, as the family's name ('' = not Bedrock). */
static void family_expr(gen *g) {
  FILE *f = g->f;
  const fc_family_rules *fr = &fc_family_rule;
  fputs("CASE\n      WHEN starts_with(coalesce(", f);
  col(g, FC_COL_PRODUCT_CODE);
  fputs(", ''), ", f);
  lit(f, fr->aws_code_prefix);
  fputs(") THEN CASE WHEN ", f);
  col(g, FC_COL_PRODUCT_CODE);
  fputs(" = ", f);
  lit(f, fr->agentcore_code);
  fputs(" THEN ", f);
  lit(f, fc_family_name(FC_FAMILY_AGENTCORE));
  fputs(" ELSE ", f);
  lit(f, fc_family_name(FC_FAMILY_AWS));
  fputs(" END\n      WHEN strpos(", f);
  dim_expr(g, FC_DIM_PRODUCT_NAME);
  fputs(", ", f);
  lit(f, fr->name_needle);
  fputs(") > 0 OR coalesce(", f);
  col(g, FC_COL_PRODUCT_FAMILY);
  fputs(", '') = ", f);
  lit(f, fr->product_family);
  fputs("\n        THEN CASE WHEN coalesce(", f);
  col(g, FC_COL_BILLING_ENTITY);
  fputs(", '') = '' OR strpos(", f);
  col(g, FC_COL_BILLING_ENTITY);
  fputs(", ", f);
  lit(f, fr->marketplace_entity);
  fputs(") > 0 THEN ", f);
  lit(f, fc_family_name(FC_FAMILY_MARKETPLACE));
  fputs(" ELSE ", f);
  lit(f, fc_family_name(FC_FAMILY_AWS));
  fputs(" END\n      ELSE '' END", f);
}

static void file_list(FILE *f, char *const *v, size_t n) {
  fputc('[', f);
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ",\n      " : "", f);
    lit(f, v[i]);
  }
  fputc(']', f);
}

/* The export's rows of one source, with every dimension computed. */
static void rows_select(gen *g, uint32_t mask) {
  FILE *f = g->f;
  const fc_sql_opts *o = g->o;
  fputs("  SELECT\n    substr(coalesce(nullif(", f);
  text_col(g, FC_RULE_PERIOD_COL);
  fputs(", ''), ", f);
  text_col(g, FC_RULE_DAY_COL);
  fputs("), 1, 7) AS \"period\",\n    substr(", f);
  text_col(g, FC_RULE_DAY_COL);
  fputs(", 1, 10) AS \"day\",\n    ", f);
  family_expr(g);
  fputs(" AS \"family\",\n", f);
  for (int d = 0; d < FC_DIM_COUNT; d++) {
    if (d == FC_DIM_PERIOD || d == FC_DIM_DAY || d == FC_DIM_FAMILY || !(mask >> d & 1))
      continue;
    fputs("    ", f);
    dim_expr(g, d);
    fprintf(f, " AS \"%s\",\n", fc_dim_name((fc_dim)d));
  }
  if (mask >> FC_DIM_PRINCIPAL & 1) { /* the session rows' principal (fc_sql_generate) */
    fputs("    coalesce(nullif(regexp_extract(", f);
    dim_value_expr(g, FC_DIM_PRINCIPAL);
    fputs(", " FC_PRINCIPAL_SESSION_RE ", 0), ''), '') AS \"principal_session\",\n", f);
  }
  fputs("    CAST(", f);
  col(g, FC_RULE_AMOUNT_COL);
  fputs(" AS DECIMAL(38, 10)) AS \"usage_amount\",\n    CAST(", f);
  col(g, FC_RULE_COST_COL);
  fputs(" AS DECIMAL(38, 10)) AS \"cost\",\n", f);
  if (g->kind == SRC_ENGINE_TABLE) {
    fputs("    \"$path\" AS \"fc_path\"\n  FROM ", f);
    fputs(o->table ? o->table : "cur", f);
    if (o->period && o->partitioned) {
      char pb[16];
      char pp[16];
      fprintf(
          f, "\n  WHERE billing_period IN ('%s', '%s') -- the export's partitions: only their files are read",
          fc_period_format(fc_period_prev(o->period), pp), fc_period_format(o->period, pb));
    }
    fputc('\n', f);
  } else if (g->kind == SRC_CSV_TEXT) {
    fputs("    \"filename\" AS \"fc_path\"\n  FROM read_csv(", f);
    file_list(f, o->csv, o->ncsv);
    fputs(",\n    header = true, all_varchar = true, union_by_name = true, filename = true,\n"
          "    hive_partitioning = false, quote = '\"', escape = '\"')\n",
          f);
  } else {
    fputs("    \"filename\" AS \"fc_path\"\n  FROM read_parquet(", f);
    file_list(f, o->parquet, o->nparquet);
    fputs(", union_by_name = true, filename = true, hive_partitioning = false)\n", f);
  }
}

/* regexp_extract patterns: a data file's BILLING_PERIOD= folder, and the execution folder right
 * below it ('' for a file directly in it). */
#define PDIR_RE "'^(.*/" FC_RULE_PERIOD_DIR "[^/]*)/'"
#define EXEC_RE "'/" FC_RULE_PERIOD_DIR "[^/]*/([^/]*)/'"
/* coalesce: Trino's regexp_extract gives NULL where DuckDB's gives '' */
#define EXTRACT(re) "coalesce(regexp_extract(\"fc_path\", " re ", 1), '')"
#define R_EXTRACT(re) "coalesce(regexp_extract(r.\"fc_path\", " re ", 1), '')"

char *fc_sql_generate(const fc_sql_opts *o) {
  char *out = NULL;
  size_t outn = 0;
  FILE *f = open_memstream(&out, &outn);
  if (!f)
    return NULL;
  uint32_t mask = o->dim_mask | FC_DIM_MASK_CORE;
  gen g = {f, o, SRC_ENGINE_TABLE};
  static const char *const dname[] = {"Athena", "Trino", "DuckDB"};
  char pb[16];
  char pp[16];
  fprintf(f, "-- FinOps Center: Amazon Bedrock facts from a CUR 2.0 export (%s), %s%s%s.\n",
          dname[o->dialect], o->period ? "billing period " : "every billing period",
          o->period ? fc_period_format(o->period, pb) : "", o->period ? " and the month before" : "");
  fputs("-- Keeps the rows of both billing families, sums them by the dimensions the plugins read;\n"
        "-- in each BILLING_PERIOD= folder only the newest export execution counts.\n"
        "-- Its result is a facts file: inputs: {facts: [result.csv]} in finops.yaml. Rows with a\n"
        "-- row_count of 0 name a role session as CUR wrote it: counted per role, nothing summed.\n",
        f);
  fputs("WITH \"fc_rows\" AS (\n", f);
  if (o->dialect != FC_SQL_DUCKDB) {
    rows_select(&g, mask);
  } else {
    int first = 1;
    if (o->ncsv) {
      g.kind = SRC_CSV_TEXT;
      rows_select(&g, mask);
      first = 0;
    }
    if (o->nparquet) {
      if (!first)
        fputs("  UNION ALL\n", f);
      g.kind = SRC_PARQUET;
      rows_select(&g, mask);
    }
  }
  fputs("),\n\"fc_files\" AS (\n  SELECT DISTINCT " EXTRACT(PDIR_RE) " AS \"pdir\",\n    " EXTRACT(
            EXEC_RE) " AS \"exec\"\n",

        f);
  if (o->dialect == FC_SQL_DUCKDB) {
    /* every file read, whether or not it holds Bedrock rows: the local files as listed (found by
     * the native discovery), S3 paths as DuckDB's glob expands them */
    char **loc = calloc(o->ncsv + o->nparquet + 1, sizeof *loc),
         **s3 = calloc(o->ncsv + o->nparquet + 1, sizeof *s3);
    size_t nloc = 0, ns3 = 0;
    if (loc && s3)
      for (size_t i = 0; i < o->ncsv + o->nparquet; i++) {
        char *p = i < o->ncsv ? o->csv[i] : o->parquet[i - o->ncsv];
        if (strncmp(p, "s3://", 5) == 0)
          s3[ns3++] = p;
        else
          loc[nloc++] = p;
      }
    fputs("  FROM (", f);
    if (nloc) {
      fputs("SELECT unnest(", f);
      file_list(f, loc, nloc);
      fputs(") AS \"fc_path\"", f);
    }
    if (ns3) {
      fputs(nloc ? "\n    UNION ALL SELECT \"file\" AS \"fc_path\" FROM glob("
                 : "SELECT \"file\" AS \"fc_path\" FROM glob(",
            f);
      file_list(f, s3, ns3);
      fputc(')', f);
    }
    fputs(")\n", f);
    free(loc);
    free(s3);
  } else {
    fprintf(f, "  FROM (SELECT DISTINCT \"$path\" AS \"fc_path\" FROM %s", o->table ? o->table : "cur");
    if (o->period && o->partitioned)
      fprintf(f, " WHERE billing_period IN ('%s', '%s')", fc_period_format(fc_period_prev(o->period), pp),
              fc_period_format(o->period, pb));
    fputs(")\n", f);
  }
  fputs("),\n\"fc_newest\" AS (\n  SELECT \"pdir\", max(\"exec\") AS \"exec\" FROM \"fc_files\" GROUP BY "
        "\"pdir\"\n)\n",
        f);
  fputs("SELECT\n", f);
  int ncols = 0;
  for (int d = 0; d < FC_DIM_COUNT; d++)
    if (mask >> d & 1) {
      fprintf(f, "  r.\"%s\",\n", fc_dim_name((fc_dim)d));
      ncols++;
    }
  fputs("  coalesce(sum(r.\"usage_amount\"), 0) AS \"" FC_FACTS_AMOUNT_COL "\",\n"
        "  coalesce(sum(r.\"cost\"), 0) AS \"" FC_FACTS_COST_COL "\",\n"
        "  count(*) AS \"" FC_FACTS_ROWS_COL "\"\n",
        f);
  fputs("FROM \"fc_rows\" r\nJOIN \"fc_newest\" n ON n.\"pdir\" = " R_EXTRACT(PDIR_RE) "\n", f);
  fputs("WHERE r.\"family\" <> ''\n  AND " R_EXTRACT(EXEC_RE) " IN ('', n.\"exec\")\n", f);
  if (o->period)
    fprintf(f, "  AND r.\"period\" IN ('%s', '%s') -- and the month before: reports compare with it\n",
            fc_period_format(fc_period_prev(o->period), pp), fc_period_format(o->period, pb));
  fputs("GROUP BY ", f);
  for (int i = 1; i <= ncols; i++)
    fprintf(f, "%s%d", i > 1 ? ", " : "", i);
  if (mask >> FC_DIM_PRINCIPAL & 1) {
    /* one row per role session as CUR wrote it (and day), summing nothing: the reader counts the
     * sessions of each role in bounded space, the facts themselves key the role */
    fputs("\nUNION ALL\nSELECT DISTINCT\n", f);
    for (int d = 0; d < FC_DIM_COUNT; d++) {
      if (!(mask >> d & 1))
        continue;
      if (d == FC_DIM_PERIOD || d == FC_DIM_DAY || d == FC_DIM_FAMILY)
        fprintf(f, "  r.\"%s\",\n", fc_dim_name((fc_dim)d));
      else if (d == FC_DIM_PRINCIPAL)
        fputs("  r.\"principal_session\",\n", f);
      else
        fputs("  '',\n", f);
    }
    fputs("  CAST(0 AS DECIMAL(38, 10)),\n  CAST(0 AS DECIMAL(38, 10)),\n  0\n", f);
    fputs("FROM \"fc_rows\" r\nJOIN \"fc_newest\" n ON n.\"pdir\" = " R_EXTRACT(PDIR_RE) "\n", f);
    fputs("WHERE r.\"family\" <> '' AND r.\"principal_session\" <> ''\n  AND " R_EXTRACT(
              EXEC_RE) " IN ('', n.\"exec\")",
          f);
    if (o->period)
      fprintf(f, "\n  AND r.\"period\" IN ('%s', '%s')", fc_period_format(fc_period_prev(o->period), pp),
              fc_period_format(o->period, pb));
  }
  fputs("\nORDER BY ", f);
  for (int i = 1; i <= ncols; i++)
    fprintf(f, "%s%d", i > 1 ? ", " : "", i);
  fputs("\n", f);
  if (fclose(f)) {
    free(out);
    return NULL;
  }
  return out;
}
