/* facts_in.c: query results into the fact table (see facts_in.h). */
#include "facts_in.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "sql.h"
#include "util.h"

enum { M_AMOUNT = FC_DIM_COUNT, M_COST, M_ROWS };

fc_status fc_facts_reader_header(fc_facts_reader *R, fc_ingest *in, const char *name,
                                 const char *const *names, size_t n) {
  memset(R, 0, sizeof *R);
  R->in = in;
  R->name = name;
  R->colmap = calloc(n ? n : 1, sizeof *R->colmap);
  if (!R->colmap)
    return FC_ERR_NOMEM;
  R->ncols = n;
  fc_status st = FC_OK;
  int seen[FC_DIM_COUNT + 3] = {0};
  for (size_t i = 0; i < n; i++) {
    const char *h = names[i] ? names[i] : "";
    int d = fc_dim_find(h);
    if (d < 0)
      d = strcmp(h, FC_FACTS_AMOUNT_COL) == 0 ? M_AMOUNT
          : strcmp(h, FC_FACTS_COST_COL) == 0 ? M_COST
          : strcmp(h, FC_FACTS_ROWS_COL) == 0 ? M_ROWS
                                              : -1;
    if (d < 0) {
      fc_diags_add(
          in->diags, FC_SEV_ERROR, name, 1, 0,
          "column '%s' is not a fact column (dimensions as plugins name them, then " FC_FACTS_AMOUNT_COL
          ", " FC_FACTS_COST_COL ", " FC_FACTS_ROWS_COL "): is this the result of finops sql?",
          h);
      st = FC_ERR_PARSE;
      continue;
    }
    if (seen[d]++) {
      fc_diags_add(in->diags, FC_SEV_ERROR, name, 1, 0, "column '%s' appears twice", h);
      st = FC_ERR_PARSE;
    }
    /* a dimension no plugin reads is summed over, as the native ingest does */
    R->colmap[i] = d < FC_DIM_COUNT && !(in->dim_mask >> d & 1) ? -1 : d;
  }
  for (int d = 0; d < FC_DIM_COUNT + 3; d++) {
    if (seen[d] || (d < FC_DIM_COUNT && !(in->dim_mask >> d & 1)))
      continue;
    const char *cn = d < FC_DIM_COUNT ? fc_dim_name((fc_dim)d)
                     : d == M_AMOUNT  ? FC_FACTS_AMOUNT_COL
                     : d == M_COST    ? FC_FACTS_COST_COL
                                      : FC_FACTS_ROWS_COL;
    fc_diags_add(in->diags, FC_SEV_ERROR, name, 1, 0,
                 "missing column '%s'%s: generate the query again with finops sql for the plugins loaded now",
                 cn, d < FC_DIM_COUNT ? ", which the loaded plugins read" : "");
    st = FC_ERR_PARSE;
  }
  return st;
}

static fc_status bad(fc_facts_reader *R, long line, const long *cols, size_t i, const char *what,
                     const char *v) {
  fc_diags_add(R->in->diags, FC_SEV_ERROR, R->name, (int)line, cols ? (int)cols[i] : 0, "%s: '%s' is not %s",
               R->colmap[i] < FC_DIM_COUNT ? fc_dim_name((fc_dim)R->colmap[i])
               : R->colmap[i] == M_AMOUNT  ? FC_FACTS_AMOUNT_COL
               : R->colmap[i] == M_COST    ? FC_FACTS_COST_COL
                                           : FC_FACTS_ROWS_COL,
               v, what);
  return FC_ERR_PARSE;
}

fc_status fc_facts_reader_row(fc_facts_reader *R, const char *const *vals, const size_t *lens, long line,
                              const long *cols) {
  uint32_t key[FC_DIM_COUNT];
  memset(key, 0, sizeof key);
  int64_t amount = 0;
  fc_money cost = 0;
  uint64_t rows = 0;
  fc_ingest *in = R->in;
  const char *session = NULL; /* the principal with its session name, when it has one */
  size_t session_len = 0;
  for (size_t i = 0; i < R->ncols; i++) {
    int d = R->colmap[i];
    if (d < 0)
      continue;
    const char *v = vals[i] ? vals[i] : "";
    size_t n = vals[i] ? lens[i] : 0;
    int32_t x;
    int inexact = 0;
    switch (d) {
    case FC_DIM_PERIOD: {
      char pb[16];
      if (n >= sizeof pb || (memcpy(pb, v, n), pb[n] = '\0', fc_period_parse(pb, &x)))
        return bad(R, line, cols, i, "a billing period (YYYY-MM)", v);
      key[d] = (uint32_t)x;
      break;
    }
    case FC_DIM_DAY:
      if (fc_timestamp_parse(v, n, &x))
        return bad(R, line, cols, i, "a date (YYYY-MM-DD)", v);
      key[d] = (uint32_t)x;
      break;
    case FC_DIM_FAMILY:
      if (!(x = fc_family_find(v, n)))
        return bad(R, line, cols, i, "a billing family (aws, marketplace, agentcore)", v);
      key[d] = (uint32_t)x;
      break;
    case M_AMOUNT:
      if (n && fc_decimal_parse(v, n, 10, &amount, &inexact))
        return bad(R, line, cols, i, "a number", v);
      in->stats.inexact_values += (uint64_t)inexact;
      break;
    case M_COST:
      if (n && fc_money_parse(v, n, &cost, &inexact))
        return bad(R, line, cols, i, "a number", v);
      in->stats.inexact_values += (uint64_t)inexact;
      break;
    case M_ROWS: {
      char *end;
      errno = 0;
      unsigned long long r = strtoull(v, &end, 10);
      if (!n || v[0] == '-' || end != v + n || errno)
        return bad(R, line, cols, i, "a row count", v);
      rows = r;
      break;
    }
    default:
      if (n) {
        size_t full = n;
        if (d == FC_DIM_PRINCIPAL) /* results of queries that kept the session name */
          n = fc_principal_key_len(v, n);
        uint32_t id = fc_strtab_intern(&in->facts.strings, v, n);
        if (id == UINT32_MAX)
          return FC_ERR_NOMEM;
        if (full > n) { /* its session, counted once the period is known */
          session = v;
          session_len = full;
        }
        key[d] = id;
      }
    }
  }
  if (session && fc_sessions_add_principal(&in->sessions, key[FC_DIM_PRINCIPAL], (int32_t)key[FC_DIM_PERIOD],
                                           session, session_len))
    return FC_ERR_NOMEM;
  if (rows == 0 && amount == 0 && cost == 0)
    return FC_OK; /* a session row: its principal's session is counted above, nothing is summed */
  fc_status s = fc_facts_add(&in->facts, key, amount, cost, rows);
  if (s == FC_ERR_OVERFLOW)
    fc_diags_add(in->diags, FC_SEV_ERROR, R->name, (int)line, 1,
                 "a sum of costs or usage amounts left the fixed-point range (+-922 million)");
  if (s)
    return s;
  in->stats.bedrock_rows += rows;
  in->stats.family_rows[key[FC_DIM_FAMILY] & 3] += rows;
  R->rows++;
  return FC_OK;
}

void fc_facts_reader_free(fc_facts_reader *R) {
  free(R->colmap);
  R->colmap = NULL;
}

/* ---- facts files ---- */

typedef struct rec {
  char **v;
  size_t *len;
  long *col;
  size_t n, cap;
  int oom;
} rec;

static void on_field(void *s, size_t len, void *data) {
  rec *r = data;
  if (r->n == r->cap) {
    size_t nc = r->cap ? r->cap * 2 : 32;
    char **nv = realloc(r->v, nc * sizeof *nv);
    size_t *nl = nv ? realloc(r->len, nc * sizeof *nl) : NULL;
    if (nv)
      r->v = nv;
    if (nl)
      r->len = nl;
    long *ncl = nl ? realloc(r->col, nc * sizeof *ncl) : NULL;
    if (!ncl) {
      r->oom = 1;
      return;
    }
    r->col = ncl;
    r->cap = nc;
  }
  r->v[r->n] = fc_strndup(s ? s : "", len);
  r->len[r->n] = len;
  if (!r->v[r->n])
    r->oom = 1;
  r->n++;
}

static void rec_clear(rec *r) {
  for (size_t i = 0; i < r->n; i++)
    free(r->v[i]);
  r->n = 0;
}

/* Columns (1-based) where each field of the record starts. */
static void field_cols(rec *r, const char *p, size_t n) {
  size_t f = 0;
  int inq = 0;
  if (r->n)
    r->col[0] = 1;
  for (size_t i = 0; i < n && f + 1 < r->n; i++) {
    if (p[i] == '"')
      inq = !inq;
    else if (p[i] == ',' && !inq)
      r->col[++f] = (long)i + 2;
  }
}

fc_status fc_ingest_facts_file(fc_ingest *in, const char *path) {
  char *buf;
  size_t n;
  if (fc_read_file(path, &buf, &n)) {
    int e = errno;
    fc_diags_add(in->diags, FC_SEV_ERROR, path, 0, 0, "cannot read: %s", strerror(e));
    return e == ENOMEM ? FC_ERR_NOMEM : FC_ERR_IO;
  }
  in->stats.files++;
  in->stats.bytes += n;
  in->stats.bytes_csv += n;
  struct csv_parser csv;
  if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
    free(buf);
    return FC_ERR_NOMEM;
  }
  rec r = {0};
  fc_facts_reader R = {0};
  int have_header = 0;
  fc_status st = FC_OK;
  size_t pos = 0;
  long line = 1;
  if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
    pos = 3;
  while (pos < n && st == FC_OK) {
    /* one record: up to a line break outside quotes */
    size_t end = pos;
    int inq = 0;
    long breaks = 0;
    while (end < n && (inq || buf[end] != '\n')) {
      if (buf[end] == '"')
        inq = !inq;
      else if (buf[end] == '\n')
        breaks++;
      end++;
    }
    size_t body = end;
    if (body > pos && buf[body - 1] == '\r')
      body--;
    if (body > pos) {
      rec_clear(&r);
      if (csv_parse(&csv, buf + pos, body - pos, on_field, NULL, &r) != body - pos ||
          csv_fini(&csv, on_field, NULL, &r) != 0) {
        fc_diags_add(in->diags, FC_SEV_ERROR, path, (int)line, 1, "malformed CSV record: %s",
                     csv_strerror(csv_error(&csv)));
        st = FC_ERR_PARSE;
        break;
      }
      if (r.oom) {
        st = FC_ERR_NOMEM;
        break;
      }
      field_cols(&r, buf + pos, body - pos);
      if (!have_header) {
        have_header = 1;
        st = fc_facts_reader_header(&R, in, path, (const char *const *)r.v, r.n);
      } else {
        in->stats.rows++;
        if (r.n != R.ncols) {
          fc_diags_add(in->diags, FC_SEV_ERROR, path, (int)line, 1,
                       "expected %zu fields as in the header, found %zu", R.ncols, r.n);
          st = FC_ERR_PARSE;
        } else {
          st = fc_facts_reader_row(&R, (const char *const *)r.v, r.len, line, r.col);
        }
      }
    }
    line += breaks + 1;
    pos = end + 1;
  }
  if (!have_header && st == FC_OK) {
    fc_diags_add(in->diags, FC_SEV_ERROR, path, 0, 0, "empty facts file: expected a header");
    st = FC_ERR_PARSE;
  }
  if (st == FC_OK && R.rows == 0)
    in->stats.empty_files++;
  rec_clear(&r);
  free(r.v);
  free(r.len);
  free(r.col);
  fc_facts_reader_free(&R);
  csv_free(&csv);
  free(buf);
  return st;
}

fc_status fc_ingest_facts_inputs(fc_ingest *in, const char *base_dir, char *const *inputs, size_t ninputs) {
  fc_status first = FC_OK;
  for (size_t i = 0; i < ninputs; i++) {
    char *p = inputs[i][0] == '/' || !base_dir || !base_dir[0] ? fc_strdup(inputs[i])
                                                               : fc_asprintf("%s/%s", base_dir, inputs[i]);
    if (!p)
      return FC_ERR_NOMEM;
    fc_status s = fc_ingest_facts_file(in, p);
    free(p);
    if (s == FC_ERR_NOMEM || s == FC_ERR_OVERFLOW)
      return s;
    if (s && !first)
      first = s;
  }
  return first;
}
