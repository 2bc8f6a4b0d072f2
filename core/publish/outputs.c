/* outputs.c: summary.json, the CSV files and the manifest, all made from the result store. */
#include "outputs.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "jsonw.h"
#include "names.h"
#include "packs.h"
#include "run.h"
#include "sha256.h"
#include "timing.h"
#include "utf8.h"
#include "util.h"

/* ---- summary.json ---- */

static void json_value(fc_jw *w, const fc_column *c, fc_value v) {
  char buf[16];
  switch (c->type) {
  case FC_COL_TEXT:
    fc_jw_str(w, v.s);
    break;
  case FC_COL_INT:
    if (v.i == FC_NULL_INT)
      fc_jw_null(w);
    else
      fc_jw_int(w, v.i);
    break;
  case FC_COL_MONEY:
    if (v.i == FC_NULL_INT)
      fc_jw_null(w);
    else
      fc_jw_money(w, v.i);
    break;
  case FC_COL_DATE:
    if (v.i == FC_NULL_INT)
      fc_jw_null(w);
    else
      fc_jw_str(w, fc_date_format((int32_t)v.i, buf));
    break;
  case FC_COL_RATIO:
  case FC_COL_REAL:
    fc_jw_real(w, v.r, 6);
    break;
  }
}

/* The part of a result name after "<plugin>.". */
static const char *part_of(const fc_table *t) {
  const char *dot = strchr(t->name, '.');
  return dot ? dot + 1 : t->name;
}

static int is_part(const fc_table *t, const char *part) { return strcmp(part_of(t), part) == 0; }

/* One named value of a JSON object being assembled: a column of some table's row. */
typedef struct entry {
  const char *name; /* relative to the object being written */
  const fc_table *t;
  size_t row, col;
} entry;

static int seg_eq(const char *name, const char *seg, size_t n) {
  return strncmp(name, seg, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

static void write_entries(fc_jw *w, const fc_run *r, int node, entry *e, size_t n, const char *const *keys,
                          int top, int head);

/* Writes the value of segment seg (n bytes) from the entries naming it. */
static void write_segment(fc_jw *w, const fc_run *r, int node, entry *e, size_t ne, const char *seg, size_t n,
                          int top) {
  /* an exact column wins; else the columns below it make an object */
  for (size_t i = 0; i < ne; i++)
    if (strlen(e[i].name) == n && strncmp(e[i].name, seg, n) == 0) {
      json_value(w, &e[i].t->cols[e[i].col], fc_table_value(e[i].t, e[i].row, e[i].col));
      return;
    }
  entry *sub = malloc((ne + 1) * sizeof *sub);
  size_t ns = 0;
  if (!sub) {
    w->oom = 1; /* fails the run: never a null in place of the figures */
    fc_jw_null(w);
    return;
  }
  for (size_t i = 0; sub && i < ne; i++)
    if (seg_eq(e[i].name, seg, n)) {
      sub[ns] = e[i];
      sub[ns++].name = e[i].name + n + 1;
    }
  if (ns) {
    write_entries(w, r, node, sub, ns, NULL, 0, 0);
  } else if (top && n == 6 && strncmp(seg, "alerts", 6) == 0) {
    /* alerts: every row of every *.alerts result for this node */
    fc_jw_arr(w);
    for (size_t ti = 0; ti < r->results.n; ti++) {
      const fc_table *t = r->results.v[ti];
      if (!is_part(t, "alerts"))
        continue;
      for (size_t row = 0; row < t->nrows; row++) {
        if (t->nodes[row] != node)
          continue;
        fc_jw_obj(w);
        fc_jw_key(w, "source");
        fc_jw_str(w, t->owner);
        for (size_t c = 0; c < t->ncols; c++) {
          fc_jw_key(w, t->cols[c].name);
          json_value(w, &t->cols[c], fc_table_value(t, row, c));
        }
        fc_jw_obj_end(w);
      }
    }
    fc_jw_arr_end(w);
  } else {
    fc_jw_null(w);
  }
  free(sub);
}

/* Writes an object whose members are the contract's keys (in order, null when no entry names
 * them) and then every other first segment of the entries, in order of appearance. With head 1, the
 * object starts with the node's path, level and workload id; with head 2, with "node": its path. */
static void write_entries(fc_jw *w, const fc_run *r, int node, entry *e, size_t n, const char *const *keys,
                          int top, int head) {
  fc_jw_obj(w);
  if (head == 2) {
    fc_jw_key(w, "node");
    fc_jw_str(w, node >= 0 ? r->cfg.nodes[node].path : NULL);
  } else if (head) {
    const fc_cfg_node *nd = &r->cfg.nodes[node];
    fc_jw_key(w, "path");
    fc_jw_str(w, nd->path);
    fc_jw_key(w, "level");
    fc_jw_str(w, (size_t)nd->level < r->cfg.nlevels ? r->cfg.levels[nd->level] : "");
    fc_jw_key(w, "workload_id");
    fc_jw_str(w, nd->workload >= 0 ? r->cfg.workloads[nd->workload].id : NULL);
  }
  for (size_t k = 0; keys && keys[k]; k++) {
    fc_jw_key(w, keys[k]);
    write_segment(w, r, node, e, n, keys[k], strlen(keys[k]), top);
  }
  for (size_t i = 0; i < n; i++) {
    size_t len = strcspn(e[i].name, ".");
    int seen = 0;
    for (size_t k = 0; keys && keys[k] && !seen; k++)
      seen = strlen(keys[k]) == len && strncmp(keys[k], e[i].name, len) == 0;
    for (size_t j = 0; j < i && !seen; j++)
      seen = strcspn(e[j].name, ".") == len && strncmp(e[j].name, e[i].name, len) == 0;
    if (seen)
      continue;
    char key[256];
    snprintf(key, sizeof key, "%.*s", (int)(len < 255 ? len : 255), e[i].name);
    fc_jw_key(w, key);
    write_segment(w, r, node, e, n, e[i].name, len, top);
  }
  fc_jw_obj_end(w);
}

static const char *const node_keys[] = {
    "usage_usd", "unattributed_usd",     "estimate_usd", "forecast_usd", "tokens", "cache_hit_rate",
    "map",       "unapproved_model_usd", "score",        "grade",        "alerts", NULL};

/* The period's Bedrock totals straight from the facts; nonzero when a sum leaves the money range
 * (ingest bounds the sum of |cost|, so only a bug can get here: refused, never wrapped). */
static int period_totals(const fc_run *r, fc_money *total, fc_money *usage, fc_money *adj, uint64_t *rows) {
  const fc_facts *fx = &r->ingest.facts;
  *total = *usage = *adj = 0;
  *rows = 0;
  for (size_t i = 0; i < fx->n; i++) {
    const fc_fact *x = &fx->v[i];
    if ((int32_t)x->dim[FC_DIM_PERIOD] != r->period)
      continue;
    *rows += x->rows;
    if (fc_add_checked(total, x->cost) ||
        fc_add_checked(
            fc_line_item_is_usage(fc_strtab_get(&fx->strings, x->dim[FC_DIM_LINE_ITEM_TYPE])) ? usage : adj,
            x->cost))
      return -1;
  }
  return 0;
}

static void write_stats(fc_jw *w, const fc_ingest_stats *s) {
  fc_stat_field f[FC_STAT_FIELDS];
  fc_ingest_stats_fields(s, f);
  fc_jw_obj(w);
  for (size_t i = 0; i < FC_STAT_FIELDS; i++) {
    fc_jw_key(w, f[i].name);
    fc_jw_int(w, (int64_t)f[i].value);
  }
  fc_jw_key(w, "duplicate_files");
  fc_jw_int(w, (int64_t)s->duplicate_files);
  fc_jw_obj_end(w);
}

/* Every row of t as an object: "node" (the row's node path), then its columns, dotted names
 * nested. */
static void write_rows(fc_jw *w, const fc_run *r, const fc_table *t) {
  entry *e = malloc((t->ncols + 1) * sizeof *e);
  if (!e)
    w->oom = 1;
  fc_jw_arr(w);
  for (size_t row = 0; e && row < t->nrows; row++) {
    for (size_t c = 0; c < t->ncols; c++)
      e[c] = (entry){t->cols[c].name, t, row, c};
    write_entries(w, r, t->nodes[row], e, t->ncols, NULL, 0, 2);
  }
  fc_jw_arr_end(w);
  free(e);
}

static int write_summary(fc_run *r, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f)
    return -1;
  fc_jw w;
  fc_jw_init(&w, f);
  char buf[16];
  fc_money total, usage, adj;
  uint64_t rows;
  if (period_totals(r, &total, &usage, &adj, &rows)) {
    fclose(f);
    return -1;
  }
  fc_jw_obj(&w);
  fc_jw_key(&w, "period");
  fc_jw_str(&w, fc_period_format(r->period, buf));
  fc_jw_key(&w, "as_of");
  fc_jw_str(&w, fc_date_format(r->as_of, buf));
  fc_jw_key(&w, "month_complete");
  fc_jw_bool(&w, fc_month_complete(r->period, r->as_of));
  fc_jw_key(&w, "currency");
  fc_jw_str(&w, r->cfg.currency ? r->cfg.currency : "USD");
  fc_jw_key(&w, "organization");
  fc_jw_str(&w, r->cfg.organization);

  /* totals: the host's own figures, then every *.totals column not already written */
  fc_jw_key(&w, "totals");
  fc_jw_obj(&w);
  static const char *const host_totals[] = {"bedrock_usd", "usage_usd", "adjustments_usd", "bedrock_rows"};
  fc_jw_key(&w, "bedrock_usd");
  fc_jw_money(&w, total);
  fc_jw_key(&w, "usage_usd");
  fc_jw_money(&w, usage);
  fc_jw_key(&w, "adjustments_usd");
  fc_jw_money(&w, adj);
  fc_jw_key(&w, "bedrock_rows");
  fc_jw_int(&w, (int64_t)rows);
  int clash = 0;
  for (size_t i = 0; i < r->results.n; i++) {
    const fc_table *t = r->results.v[i];
    if (!is_part(t, "totals") || t->nrows == 0)
      continue;
    for (size_t c = 0; c < t->ncols; c++) {
      int dup = 0;
      for (size_t k = 0; k < sizeof host_totals / sizeof host_totals[0]; k++)
        dup |= strcmp(host_totals[k], t->cols[c].name) == 0;
      if (dup)
        continue;
      /* a key one totals result already wrote: two figures under one name is an error */
      for (size_t j = 0; j < i && !dup; j++) {
        const fc_table *u = r->results.v[j];
        for (size_t k = 0; is_part(u, "totals") && u->nrows && k < u->ncols && !dup; k++)
          if (strcmp(u->cols[k].name, t->cols[c].name) == 0) {
            fc_diags_add(r->diags, FC_SEV_ERROR, NULL, 0, 0,
                         "plugins '%s' and '%s' both write the totals key '%s' (results %s and %s)", u->owner,
                         t->owner, t->cols[c].name, u->name, t->name);
            dup = clash = 1;
          }
      }
      if (dup)
        continue;
      fc_jw_key(&w, t->cols[c].name);
      json_value(&w, &t->cols[c], fc_table_value(t, 0, c));
    }
  }
  fc_jw_obj_end(&w);

  /* nodes: every hierarchy node with the columns of every *.nodes result merged in */
  fc_jw_key(&w, "nodes");
  fc_jw_arr(&w);
  size_t ncols = 0;
  for (size_t i = 0; i < r->results.n; i++)
    if (is_part(r->results.v[i], "nodes"))
      ncols += r->results.v[i]->ncols;
  /* each result's row for each node (+1; 0 = none), found in one pass over the result */
  size_t nn = r->cfg.nnodes, nr = r->results.n;
  entry *e = malloc((ncols + 1) * sizeof *e);
  size_t *row_of = calloc(nr * nn + 1, sizeof *row_of);
  if (!e || !row_of) {
    free(e);
    free(row_of);
    fclose(f);
    return -1;
  }
  for (size_t i = 0; i < nr; i++) {
    const fc_table *t = r->results.v[i];
    for (size_t row = 0; is_part(t, "nodes") && row < t->nrows; row++)
      if (t->nodes[row] >= 0 && !row_of[i * nn + (size_t)t->nodes[row]])
        row_of[i * nn + (size_t)t->nodes[row]] = row + 1; /* one row per node per result */
  }
  for (size_t ni = 0; ni < nn; ni++) {
    size_t ne = 0;
    for (size_t i = 0; i < nr; i++) {
      const fc_table *t = r->results.v[i];
      size_t row = row_of[i * nn + ni];
      for (size_t c = 0; row && c < t->ncols; c++)
        e[ne++] = (entry){t->cols[c].name, t, row - 1, c};
    }
    write_entries(&w, r, (int)ni, e, ne, node_keys, 1, 1);
  }
  free(e);
  free(row_of);
  fc_jw_arr_end(&w);

  /* the contract's top-level arrays */
  static const char *const top_arrays[] = {"by_model", "conflicts"};
  for (size_t k = 0; k < sizeof top_arrays / sizeof top_arrays[0]; k++) {
    fc_jw_key(&w, top_arrays[k]);
    const fc_table *found = NULL;
    for (size_t i = 0; i < r->results.n && !found; i++)
      if (is_part(r->results.v[i], top_arrays[k]))
        found = r->results.v[i];
    if (found) {
      write_rows(&w, r, found);
    } else {
      fc_jw_arr(&w);
      fc_jw_arr_end(&w);
    }
  }

  fc_jw_key(&w, "ingest");
  write_stats(&w, &r->ingest.stats);
  fc_jw_key(&w, "plugins");
  fc_jw_arr(&w);
  for (size_t i = 0; i < r->plugins.n; i++) {
    fc_jw_obj(&w);
    fc_jw_key(&w, "name");
    fc_jw_str(&w, r->plugins.v[i].name);
    fc_jw_key(&w, "version");
    fc_jw_str(&w, r->plugins.v[i].version);
    fc_jw_obj_end(&w);
  }
  fc_jw_arr_end(&w);

  /* every other public result, rows tagged with their node path */
  fc_jw_key(&w, "results");
  fc_jw_obj(&w);
  for (size_t i = 0; i < r->results.n; i++) {
    const fc_table *t = r->results.v[i];
    const char *part = part_of(t);
    if (part[0] == '_' || is_part(t, "nodes") || is_part(t, "totals") || is_part(t, "alerts"))
      continue;
    fc_jw_key(&w, t->name);
    write_rows(&w, r, t);
  }
  fc_jw_obj_end(&w);
  fc_jw_obj_end(&w);
  fputc('\n', f);
  int err = ferror(f);
  if (fclose(f) != 0 || err)
    return -1;
  return w.oom ? -2 : clash ? -3 : 0;
}

/* ---- files from results ---- */

/* The CSV file a result declares (FC_USE_CSV), with the rows of the organisation's view. */
static int write_csv_file(fc_run *r, const char *dir, const fc_view_table *vt) {
  const fc_table *t = vt->t;
  char *path = fc_asprintf("%s/%s", dir, t->csv_file);
  FILE *f = path ? fopen(path, "w") : NULL;
  if (!f) {
    fc_diags_add(r->diags, FC_SEV_ERROR, path ? path : dir, 0, 0, "cannot write: %s", strerror(errno));
    free(path);
    return -1;
  }
  /* after a ledger's own columns: how far the period's data goes (docs/contract.md) */
  static const char *const xn[] = {"as_of", "month_complete"};
  char day[16];
  const char *xv[] = {fc_date_format(r->as_of, day),
                      fc_month_complete(r->period, r->as_of) ? "true" : "false"};
  int ledger = FC_TABLE_USES(t, FC_USE_LEDGER);
  int rc = fc_csv_write_view(f, vt, ledger ? xn : NULL, ledger ? xv : NULL, ledger ? 2 : 0);
  if (fclose(f) != 0 || rc) {
    fc_diags_add(r->diags, FC_SEV_ERROR, path, 0, 0, "cannot write: %s", strerror(errno));
    rc = -1;
  }
  free(path);
  return rc;
}

/* A ledger (FC_USE_LEDGER, the chargeback) must carry every unit of the period's Bedrock total:
 * checked here, independently of the plugin that made it. */
static fc_status check_reconciliation(fc_run *r, const fc_table *t) {
  size_t col = (size_t)t->ledger_col;
  fc_money total, usage, adj, sum = 0;
  uint64_t rows;
  if (period_totals(r, &total, &usage, &adj, &rows)) {
    fc_diags_add(r->diags, FC_SEV_ERROR, NULL, 0, 0,
                 "the period's Bedrock costs sum beyond the exact money range (+-922,337,203 USD)");
    return FC_ERR_OVERFLOW;
  }
  for (size_t row = 0; row < t->nrows; row++)
    if (fc_add_checked(&sum, t->cells[row * t->ncols + col].i)) {
      fc_diags_add(r->diags, FC_SEV_ERROR, NULL, 0, 0, "result '%s': %s overflows", t->name,
                   t->cols[col].name);
      return FC_ERR_RECONCILE;
    }
  if (sum != total) {
    char a[40], b[40], d[40];
    fc_diags_add(r->diags, FC_SEV_ERROR, NULL, 0, 0,
                 "chargeback does not reconcile: its rows sum to %s USD, the period's Bedrock rows to %s USD "
                 "(difference %s USD); no report was published",
                 fc_money_format(sum, 10, a), fc_money_format(total, 10, b),
                 fc_money_format(sum - total, 10, d));
    return FC_ERR_RECONCILE;
  }
  return FC_OK;
}

fc_status fc_outputs_write(fc_run *r, const char *dir, fc_outfiles *files) {
  const unsigned leader = 1u << FC_ROLE_FINOPS_LEADER;
  {
    fc_money total, usage, adj;
    uint64_t rows;
    if (period_totals(r, &total, &usage, &adj, &rows)) {
      fc_diags_add(r->diags, FC_SEV_ERROR, NULL, 0, 0,
                   "the period's Bedrock costs sum beyond the exact money range (+-922,337,203 USD)");
      return FC_ERR_OVERFLOW;
    }
  }
  for (size_t i = 0; i < r->results.n; i++)
    if (FC_TABLE_USES(r->results.v[i], FC_USE_LEDGER)) {
      fc_status st = check_reconciliation(r, r->results.v[i]);
      if (st)
        return st;
    }
  char *sp = fc_asprintf("%s/summary.json", dir);
  int rc = sp ? write_summary(r, sp) : -2;
  if (rc == -1)
    fc_diags_add(r->diags, FC_SEV_ERROR, sp, 0, 0, "cannot write: %s", strerror(errno));
  else if (rc == -2)
    fc_diags_add(r->diags, FC_SEV_ERROR, sp ? sp : dir, 0, 0, "out of memory");
  free(sp);
  fc_timing_mark("summary.json");
  if (rc)
    return rc == -2 ? FC_ERR_NOMEM : rc == -3 ? FC_ERR_PLUGIN : FC_ERR_IO;
  if (fc_outfiles_add(files, "summary.json", -1, leader))
    return FC_ERR_NOMEM;
  /* the declared CSV files: the organisation's view (every row), like any pack's files */
  fc_view v;
  fc_status st = fc_view_make(&r->results, &r->cfg, &r->ingest.facts, r->period, r->as_of, -1, &v);
  for (size_t i = 0; i < v.n && !st; i++) {
    const fc_view_table *vt = &v.v[i];
    if (!FC_TABLE_USES(vt->t, FC_USE_CSV))
      continue;
    if (write_csv_file(r, dir, vt))
      st = FC_ERR_IO;
    else if (fc_outfiles_add(files, vt->t->csv_file, -1, leader))
      st = FC_ERR_NOMEM;
  }
  fc_view_free(&v);
  fc_timing_mark("csv files");
  return st;
}

static int cmp_outfile(const void *a, const void *b) {
  return strcmp(((const fc_outfile *)a)->path, ((const fc_outfile *)b)->path);
}

int fc_manifest_write(fc_run *r, const char *dir, const fc_outfiles *files) {
  char *path = fc_asprintf("%s/manifest.json", dir);
  FILE *f = path ? fopen(path, "w") : NULL;
  free(path);
  if (!f)
    return -1;
  fc_outfile *sorted = malloc((files->n + 1) * sizeof *sorted);
  if (!sorted) {
    fclose(f);
    return -1;
  }
  if (files->n)
    memcpy(sorted, files->v, files->n * sizeof *sorted);
  qsort(sorted, files->n, sizeof *sorted, cmp_outfile);
  fc_jw w;
  fc_jw_init(&w, f);
  char buf[16];
  fc_jw_obj(&w);
  fc_jw_key(&w, "period");
  fc_jw_str(&w, fc_period_format(r->period, buf));
  fc_jw_key(&w, "files");
  fc_jw_arr(&w);
  int rc = 0;
  for (size_t i = 0; i < files->n; i++) {
    const fc_outfile *o = &sorted[i];
    char hex[65];
    uint64_t size = o->size;
    if (o->hashed) { /* hashed where it was written, once complete */
      memcpy(hex, o->sha256, sizeof hex);
    } else {
      char *fp = fc_asprintf("%s/%s", dir, o->path);
      if (!fp || fc_sha256_file(fp, hex, &size)) {
        free(fp);
        rc = -1;
        continue;
      }
      free(fp);
    }
    fc_jw_obj(&w);
    fc_jw_key(&w, "path");
    fc_jw_str(&w, o->path);
    fc_jw_key(&w, "bytes");
    fc_jw_int(&w, (int64_t)size);
    fc_jw_key(&w, "sha256");
    fc_jw_str(&w, hex);
    fc_jw_key(&w, "node");
    fc_jw_str(&w, o->node >= 0 ? r->cfg.nodes[o->node].path : "");
    fc_jw_key(&w, "audience");
    fc_jw_arr(&w);
    for (int role = 0; role < FC_ROLE_COUNT; role++)
      if (o->audience & (1u << role))
        fc_jw_str(&w, fc_role_name((fc_role)role));
    fc_jw_arr_end(&w);
    fc_jw_obj_end(&w);
  }
  fc_jw_arr_end(&w);
  /* people: each one's packs, so a person's files are found from their email */
  fc_jw_key(&w, "people");
  fc_jw_arr(&w);
  for (size_t i = 0; i < r->cfg.npeople; i++) {
    const fc_cfg_person *p = &r->cfg.people[i];
    fc_jw_obj(&w);
    fc_jw_key(&w, "email");
    fc_jw_str(&w, p->email);
    fc_jw_key(&w, "name");
    fc_jw_str(&w, p->name);
    fc_jw_key(&w, "role");
    fc_jw_str(&w, fc_role_name(p->role));
    fc_jw_key(&w, "packs");
    fc_jw_arr(&w);
    for (size_t s = 0; s < p->nscope; s++) {
      int node = p->scope_nodes[s];
      char *nd = node < 0 ? fc_strdup(FC_ORG_PACK_DIR) : fc_node_dir(&r->cfg, node);
      char *pd = nd ? fc_asprintf("nodes/%s/", nd) : NULL;
      free(nd);
      if (!pd) {
        rc = -1;
        continue;
      }
      size_t nfiles = 0;
      for (size_t k = 0; k < files->n; k++)
        nfiles += sorted[k].node == node && (sorted[k].audience & (1u << p->role)) &&
                  strncmp(sorted[k].path, pd, strlen(pd)) == 0;
      if (nfiles) {
        fc_jw_obj(&w);
        fc_jw_key(&w, "node");
        fc_jw_str(&w, node >= 0 ? r->cfg.nodes[node].path : "");
        fc_jw_key(&w, "dir");
        char *dirn = fc_strndup(pd, strlen(pd) - 1); /* without the trailing '/' */
        if (!dirn)
          rc = -1; /* out of memory: never a null in its place */
        fc_jw_str(&w, dirn);
        free(dirn);
        fc_jw_key(&w, "files");
        fc_jw_arr(&w);
        for (size_t k = 0; k < files->n; k++)
          if (sorted[k].node == node && (sorted[k].audience & (1u << p->role)) &&
              strncmp(sorted[k].path, pd, strlen(pd)) == 0)
            fc_jw_str(&w, sorted[k].path);
        fc_jw_arr_end(&w);
        fc_jw_obj_end(&w);
      }
      free(pd);
    }
    fc_jw_arr_end(&w);
    fc_jw_obj_end(&w);
  }
  fc_jw_arr_end(&w);
  fc_jw_obj_end(&w);
  fputc('\n', f);
  free(sorted);
  int err = ferror(f);
  if (fclose(f) != 0 || err)
    rc = -1;
  return rc;
}
