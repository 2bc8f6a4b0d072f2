/* ingest.c: the CUR scanner. Records are framed with memchr and a quote count; a record that
 * does not contain "Bedrock" anywhere cannot be a Bedrock row of either billing family, so it is
 * counted and skipped without being parsed. The rest go through libcsv field by field. */
#include "ingest.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gzread.h"
#include "ingest_src.h"
#include "mapcell.h"
#include "rowscan.h"
#include "rules.h"
#include "util.h"

/* The CUR columns the scanner reads: fc_cur_columns (rules.c). */
#define NCOLS FC_COL_COUNT

/* Per-file scanner state. */
typedef struct scan {
  fc_ingest *in;
  const char *name;
  struct csv_parser csv;
  int header_done;
  int *colmap; /* header field index -> column id or -1 */
  size_t ncolmap, colmap_cap;
  char **header; /* header names, for messages */
  size_t nheader;
  /* current record */
  size_t field; /* index of the next field */
  char *row;    /* scratch holding the needed fields, NUL-terminated */
  size_t row_len, row_cap;
  size_t off[NCOLS], len[NCOLS];
  int have[NCOLS];
  int row_oom;
  const char *rec; /* raw record, for positions in messages */
  size_t rec_len;
  long line; /* physical line of the record's first byte */
  int row_diags;
  size_t resume;      /* bytes of a partial record already scanned */
  int parity;         /* quote parity of those bytes */
  long pending_lines; /* line breaks inside them */
  char *scratch;      /* map cell unescaping */
  size_t scratch_cap;
  uint32_t *comma; /* a record's first commas (fc_row_scan), for the reconciliation */
  size_t maxc;     /* commas it wants: the fields it reads from skipped rows */
  fc_status status;
} scan;

/* Keeps field s[0..len) of the current row as column c, NUL-terminated; esc: a quoted field's
 * inside, its doubled quotes made single. */
static void keep_field(scan *sc, int c, const char *s, size_t len, int esc) {
  if (sc->row_len + len + 1 > sc->row_cap) {
    size_t nc = sc->row_cap ? sc->row_cap : 4096;
    while (sc->row_len + len + 1 > nc)
      nc *= 2;
    char *nr = realloc(sc->row, nc);
    if (!nr) {
      sc->row_oom = 1;
      return;
    }
    sc->row = nr;
    sc->row_cap = nc;
  }
  char *d = sc->row + sc->row_len;
  if (esc) { /* "" -> " */
    size_t k = 0;
    const char *e = s + len;
    while (s < e) {
      const char *q = memchr(s, '"', (size_t)(e - s));
      size_t run = q ? (size_t)(q - s) + 1 : (size_t)(e - s);
      memcpy(d + k, s, run);
      k += run;
      s += run + (q != NULL); /* the quote's double */
    }
    len = k;
  } else if (len) {
    memcpy(d, s, len);
  }
  d[len] = '\0';
  sc->off[c] = sc->row_len;
  sc->len[c] = len;
  sc->have[c] = 1;
  sc->row_len += len + 1;
}

static void row_field(void *s, size_t len, void *data) {
  scan *sc = data;
  size_t i = sc->field++;
  if (!sc->header_done) {
    if (sc->nheader == sc->colmap_cap) {
      size_t nc = sc->colmap_cap ? sc->colmap_cap * 2 : 64;
      char **nh = realloc(sc->header, nc * sizeof *nh);
      if (!nh) {
        sc->row_oom = 1;
        return;
      }
      sc->header = nh;
      int *nm = realloc(sc->colmap, nc * sizeof *nm);
      if (!nm) {
        sc->row_oom = 1;
        return;
      }
      sc->colmap = nm;
      sc->colmap_cap = nc;
    }
    const char *f = s ? s : "";
    /* a UTF-8 byte order mark before the first name */
    if (i == 0 && len >= 3 && memcmp(f, "\xEF\xBB\xBF", 3) == 0) {
      f += 3;
      len -= 3;
    }
    /* trim spaces that some tools leave around names */
    while (len && (*f == ' ' || *f == '\t'))
      f++, len--;
    while (len && (f[len - 1] == ' ' || f[len - 1] == '\t' || f[len - 1] == '\r'))
      len--;
    sc->header[sc->nheader] = fc_strndup(f, len);
    if (!sc->header[sc->nheader]) {
      sc->status = FC_ERR_NOMEM;
      return;
    }
    int id = -1;
    for (int c = 0; c < NCOLS; c++)
      if (strlen(fc_cur_columns[c].name) == len && memcmp(fc_cur_columns[c].name, f, len) == 0) {
        id = c;
        for (size_t k = 0; k < sc->nheader; k++) /* a repeated name: the first one counts */
          if (sc->colmap[k] == c)
            id = -1;
        break;
      }
    sc->colmap[sc->nheader] = id;
    sc->nheader++;
    sc->ncolmap = sc->nheader;
    return;
  }
  if (i < sc->ncolmap && sc->colmap[i] >= 0)
    keep_field(sc, sc->colmap[i], s, len, 0);
}

static void row_end(int c, void *data);

/* Line and column (1-based) of field `fi` of the current record, for messages. */
static void field_pos(const scan *sc, size_t fi, long *line, long *col) {
  const char *p = sc->rec, *end = sc->rec + sc->rec_len;
  size_t f = 0;
  int inq = 0;
  const char *start = p;
  while (p < end && f < fi) {
    if (*p == '"')
      inq = !inq;
    else if (*p == ',' && !inq) {
      f++;
      start = p + 1;
    }
    p++;
  }
  if (f < fi)
    start = end;
  long ln = sc->line;
  const char *ls = sc->rec;
  for (const char *q = sc->rec; q < start; q++)
    if (*q == '\n') {
      ln++;
      ls = q + 1;
    }
  *line = ln;
  *col = (long)(start - ls) + 1;
}

static size_t header_index(const scan *sc, int c) {
  for (size_t i = 0; i < sc->ncolmap; i++)
    if (sc->colmap[i] == c)
      return i;
  return 0;
}

/* Malformed rows shown per file: max_row_diags, or every row the budget accepts (up to 10,000). */
static int show_limit(const fc_ingest *in) {
  if (in->allow_malformed <= (uint64_t)in->max_row_diags)
    return in->max_row_diags;
  return in->allow_malformed > 10000 ? 10000 : (int)in->allow_malformed;
}

/* One malformed row at line:col: counted, and reported (up to show_limit per file) as a
 * warning while the malformed rows stay within the budget, as an error beyond it. */
static void row_bad(scan *sc, long line, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void row_bad(scan *sc, long line, long col, const char *fmt, ...) {
  fc_ingest *in = sc->in;
  in->stats.malformed_rows++;
  if (sc->row_diags++ >= show_limit(in))
    return;
  fc_severity sev = in->stats.malformed_rows > in->allow_malformed ? FC_SEV_ERROR : FC_SEV_WARNING;
  va_list ap;
  va_start(ap, fmt);
  fc_diags_vadd(in->diags, sev, sc->name, line > INT_MAX ? INT_MAX : (int)line,
                col > INT_MAX ? INT_MAX : (int)col, fmt, ap);
  va_end(ap);
}

static void row_warn(scan *sc, int c, const char *fmt, const char *what) {
  long line = sc->line, col = 1;
  if (c >= 0)
    field_pos(sc, header_index(sc, c), &line, &col);
  row_bad(sc, line, col, fmt, c >= 0 ? fc_cur_columns[c].name : "", what);
}

static const char *fieldp(const scan *sc, int c) { return sc->have[c] ? sc->row + sc->off[c] : ""; }
static size_t fieldn(const scan *sc, int c) { return sc->have[c] ? sc->len[c] : 0; }

static int has_prefix(const char *s, size_t n, const char *pfx) {
  size_t k = strlen(pfx);
  return n >= k && memcmp(s, pfx, k) == 0;
}

static int contains(const char *s, size_t n, const char *needle) {
  return memmem(s, n, needle, strlen(needle)) != NULL;
}

static int eq(const char *s, size_t n, const char *lit) { return strlen(lit) == n && memcmp(s, lit, n) == 0; }

/* Values of the dimension rules' map sources, as read from the current row's map cells. */
typedef struct dim_values {
  const char *v[FC_DIM_RULES][2];
  size_t n[FC_DIM_RULES][2];
  char *scr; /* unused part of the scratch buffer */
  size_t room;
} dim_values;

/* Reads map column mc of the current row (if present), keeping the values of the keys that
 * dimension rules name. A key given twice: the last one counts. */
static void read_map(scan *sc, dim_values *dv, int mc) {
  if (!sc->have[mc])
    return;
  fc_mapiter it;
  const char *k, *v;
  size_t kn, vn;
  size_t cl = fieldn(sc, mc);
  fc_mapiter_init(&it, fieldp(sc, mc), cl, dv->scr, dv->room);
  while (fc_mapiter_next(&it, &k, &kn, &v, &vn))
    for (int r = 0; r < FC_DIM_RULES; r++)
      for (int s = 0; s < 2; s++)
        if (fc_dim_rules[r].src[s].col == mc && fc_dim_rules[r].src[s].key &&
            eq(k, kn, fc_dim_rules[r].src[s].key)) {
          dv->v[r][s] = v;
          dv->n[r][s] = vn;
        }
  if (it.error)
    sc->in->stats.unknown_map_cells++;
  dv->scr += cl + 8;
  dv->room -= cl + 8;
}

/* The value of string dimension d: its rule's first non-empty source. Returns 0 when empty. */
static int dim_value(const scan *sc, const dim_values *dv, int d, const char **v, size_t *n) {
  *v = "";
  *n = 0;
  for (int r = 0; r < FC_DIM_RULES; r++) {
    if (fc_dim_rules[r].dim != d)
      continue;
    for (int s = 0; s < 2; s++) {
      const fc_dim_source *src = &fc_dim_rules[r].src[s];
      if (src->col < 0)
        continue;
      const char *x = src->key ? dv->v[r][s] : fieldp(sc, src->col);
      size_t xn = src->key ? dv->n[r][s] : fieldn(sc, src->col);
      if (xn) {
        *v = x;
        *n = xn;
        return 1;
      }
    }
  }
  return 0;
}

static void process_row(scan *sc) {
  fc_ingest *in = sc->in;
  fc_ingest_stats *st = &in->stats;
  if (sc->row_oom) {
    sc->status = FC_ERR_NOMEM;
    return;
  }
  if (sc->field != sc->nheader) {
    row_bad(sc, sc->line, 1, "malformed row: expected %zu fields as in the header, found %zu", sc->nheader,
            sc->field);
    return;
  }
  /* Which billing family, if any. Never the product code alone: Marketplace codes are opaque. */
  const char *code = fieldp(sc, FC_COL_PRODUCT_CODE), *ent = fieldp(sc, FC_COL_BILLING_ENTITY);
  size_t ncode = fieldn(sc, FC_COL_PRODUCT_CODE), nent = fieldn(sc, FC_COL_BILLING_ENTITY);
  /* Map cells: each map column is read once, picking the keys the dimension rules name. Values
   * point into scratch; each map gets its own part of it. */
  size_t need = sc->row_len + 16;
  if (need > sc->scratch_cap) {
    char *ns = realloc(sc->scratch, need * 2);
    if (!ns) {
      sc->status = FC_ERR_NOMEM;
      return;
    }
    sc->scratch = ns;
    sc->scratch_cap = need * 2;
  }
  dim_values dv;
  memset(&dv, 0, sizeof dv);
  dv.scr = sc->scratch;
  dv.room = sc->scratch_cap;
  /* product map first: the product name may come from it, and the family needs that */
  read_map(sc, &dv, FC_COL_PRODUCT_MAP);
  const char *pname;
  size_t npname;
  dim_value(sc, &dv, FC_DIM_PRODUCT_NAME, &pname, &npname);
  const fc_family_rules *fr = &fc_family_rule;
  int family = 0;
  if (has_prefix(code, ncode, fr->aws_code_prefix))
    family = eq(code, ncode, fr->agentcore_code) ? FC_FAMILY_AGENTCORE : FC_FAMILY_AWS;
  else if (contains(pname, npname, fr->name_needle) ||
           eq(fieldp(sc, FC_COL_PRODUCT_FAMILY), fieldn(sc, FC_COL_PRODUCT_FAMILY), fr->product_family))
    family =
        (nent == 0 || contains(ent, nent, fr->marketplace_entity)) ? FC_FAMILY_MARKETPLACE : FC_FAMILY_AWS;
  if (!family) {
    st->skipped_rows++;
    if (in->recon && fc_recon_skipped(in->recon, sc->rec, sc->rec_len))
      sc->status = FC_ERR_NOMEM;
    return;
  }

  int32_t day, pday;
  if (fc_timestamp_parse(fieldp(sc, FC_COL_USAGE_START), fieldn(sc, FC_COL_USAGE_START), &day)) {
    row_warn(sc, FC_COL_USAGE_START, "malformed row: %s: '%s' is not a timestamp",
             fieldp(sc, FC_COL_USAGE_START));
    return;
  }
  int32_t period = fc_period_of_day(day);
  if (fieldn(sc, FC_COL_PERIOD_START)) {
    if (fc_timestamp_parse(fieldp(sc, FC_COL_PERIOD_START), fieldn(sc, FC_COL_PERIOD_START), &pday)) {
      row_warn(sc, FC_COL_PERIOD_START, "malformed row: %s: '%s' is not a timestamp",
               fieldp(sc, FC_COL_PERIOD_START));
      return;
    }
    period = fc_period_of_day(pday);
  } else if (fieldn(sc, FC_COL_TIME_INTERVAL)) {
    const char *ti = fieldp(sc, FC_COL_TIME_INTERVAL);
    const char *slash = memchr(ti, '/', fieldn(sc, FC_COL_TIME_INTERVAL));
    size_t n = slash ? (size_t)(slash - ti) : fieldn(sc, FC_COL_TIME_INTERVAL);
    if (fc_timestamp_parse(ti, n, &pday)) {
      row_warn(sc, FC_COL_TIME_INTERVAL, "malformed row: %s: '%s' is not a start/end interval", ti);
      return;
    }
  }
  int64_t amount = 0;
  fc_money cost = 0;
  int inexact = 0, r;
  if (fieldn(sc, FC_COL_USAGE_AMOUNT) &&
      (r = fc_decimal_parse(fieldp(sc, FC_COL_USAGE_AMOUNT), fieldn(sc, FC_COL_USAGE_AMOUNT), 10, &amount,
                            &inexact))) {
    row_warn(sc, FC_COL_USAGE_AMOUNT,
             r == -2 ? "malformed row: %s: '%s' is out of range" : "malformed row: %s: '%s' is not a number",
             fieldp(sc, FC_COL_USAGE_AMOUNT));
    return;
  }
  st->inexact_values += (uint64_t)inexact;
  if (fieldn(sc, FC_COL_COST) &&
      (r = fc_money_parse(fieldp(sc, FC_COL_COST), fieldn(sc, FC_COL_COST), &cost, &inexact))) {
    row_warn(sc, FC_COL_COST,
             r == -2 ? "malformed row: %s: '%s' is out of range" : "malformed row: %s: '%s' is not a number",
             fieldp(sc, FC_COL_COST));
    return;
  }
  st->inexact_values += (uint64_t)inexact;
  if (__builtin_add_overflow(in->abs_cost, cost < 0 ? -cost : cost, &in->abs_cost)) {
    long line = sc->line, col = 1;
    field_pos(sc, header_index(sc, FC_COL_COST), &line, &col);
    fc_diags_add(
        in->diags, FC_SEV_ERROR, sc->name, (int)line, (int)col,
        "line_item_unblended_cost: the sum of the Bedrock costs in the inputs leaves the exact money "
        "range (+-922,337,203 USD) at this row");
    sc->status = FC_ERR_PARSE;
    return;
  }

  /* the other maps: the MAP tags on the resource and on the calling principal */
  read_map(sc, &dv, FC_COL_RESOURCE_TAGS);
  read_map(sc, &dv, FC_COL_TAGS);

  uint32_t key[FC_DIM_COUNT];
  memset(key, 0, sizeof key);
  uint32_t m = in->dim_mask;
  fc_strtab *t = &in->facts.strings;
  key[FC_DIM_PERIOD] = (uint32_t)period;
  key[FC_DIM_DAY] = (m >> FC_DIM_DAY & 1) ? (uint32_t)day : 0;
  key[FC_DIM_FAMILY] = (uint32_t)family;
  for (int k = 0; k < FC_DIM_RULES; k++) {
    int d = fc_dim_rules[k].dim;
    const char *v;
    size_t n;
    if (!(m >> d & 1) || !dim_value(sc, &dv, d, &v, &n))
      continue;
    size_t full = n;
    if (d == FC_DIM_PRINCIPAL)
      n = fc_principal_key_len(v, n);
    uint32_t id = fc_strtab_intern(t, v, n);
    if (id == UINT32_MAX || (full > n && fc_sessions_add_principal(&in->sessions, id, period, v, full))) {
      sc->status = FC_ERR_NOMEM;
      return;
    }
    key[d] = id;
  }
  fc_status s = fc_facts_add(&in->facts, key, amount, cost, 1);
  if (s == FC_ERR_OVERFLOW) {
    fc_diags_add(in->diags, FC_SEV_ERROR, sc->name, (int)sc->line, 1,
                 "a sum of costs or usage amounts left the fixed-point range (+-922 million)");
    sc->status = FC_ERR_PARSE;
    return;
  }
  if (s) {
    sc->status = s;
    return;
  }
  if (in->recon && fc_recon_row(in->recon, &in->facts, in->facts.last, fieldp(sc, FC_COL_INVOICE),
                                fieldn(sc, FC_COL_INVOICE), cost)) {
    sc->status = FC_ERR_NOMEM;
    return;
  }
  st->bedrock_rows++;
  st->family_rows[family]++;
}

static void row_end(int c, void *data) {
  (void)c;
  scan *sc = data;
  if (!sc->header_done) {
    sc->header_done = 1;
    if (sc->row_oom) /* a column of the header could not be kept */
      sc->status = FC_ERR_NOMEM;
  } else {
    process_row(sc);
  }
  sc->field = 0;
  sc->row_len = 0;
  memset(sc->have, 0, sizeof sc->have);
}

static void header_check(scan *sc) {
  fc_ingest *in = sc->in;
  if (sc->status == FC_ERR_NOMEM)
    return; /* a column name could not be kept */
  for (int c = 0; c < NCOLS; c++) {
    if (!fc_cur_columns[c].required)
      continue;
    int found = 0;
    for (size_t i = 0; i < sc->ncolmap; i++)
      found |= sc->colmap[i] == c;
    if (!found) {
      fc_diags_add(in->diags, FC_SEV_ERROR, sc->name, 1, 1, "missing required column '%s'",
                   fc_cur_columns[c].name);
      sc->status = FC_ERR_PARSE;
    }
  }
  if (in->recon) {
    fc_recon_header(in->recon, sc->colmap, sc->ncolmap);
    sc->maxc = (size_t)in->recon->ncol_need;
    free(sc->comma);
    sc->comma = malloc((sc->maxc ? sc->maxc : 1) * sizeof *sc->comma);
    if (!sc->comma)
      sc->status = FC_ERR_NOMEM;
  }
}

/* A fresh parser after an error: libcsv keeps a failed record's state otherwise. */
static void csv_restart(scan *sc) {
  csv_free(&sc->csv);
  if (csv_init(&sc->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
    sc->status = FC_ERR_NOMEM;
}

static void split_field(void *user, size_t i, const fc_rowfield *f) {
  scan *sc = user;
  if (i < sc->ncolmap && sc->colmap[i] >= 0)
    keep_field(sc, sc->colmap[i], sc->rec + f->off, f->len, f->esc);
}

/* A data row split without libcsv when it is plainly well formed (fc_row_split): 1 when done. */
static int split_row(scan *sc, const char *rec, size_t body) {
  size_t nf = fc_row_split(rec, body, split_field, sc);
  if (nf) {
    sc->field = nf;
    process_row(sc);
  }
  sc->field = 0;
  sc->row_len = 0;
  memset(sc->have, 0, sizeof sc->have);
  return nf != 0;
}

/* One complete record (including its line break, if any). rs: what fc_row_scan found in it
 * (NULL: not scanned). */
static void feed_record(scan *sc, const char *rec, size_t len, const fc_rowscan *rs) {
  fc_ingest *in = sc->in;
  sc->rec = rec;
  sc->rec_len = len;
  size_t body = len;
  while (body && (rec[body - 1] == '\n' || rec[body - 1] == '\r'))
    body--;
  if (sc->header_done) {
    if (body == 0)
      return; /* blank line */
    in->stats.rows++;
    if (rs ? !rs->needle : !memmem(rec, body, FC_RULE_ROW_NEEDLE, sizeof FC_RULE_ROW_NEEDLE - 1)) {
      in->stats.skipped_rows++;
      if (in->recon &&
          fc_recon_skipped_at(in->recon, rec, body, sc->comma, rs ? rs->ncomma : 0, rs ? rs->quoted : 1))
        sc->status = FC_ERR_NOMEM;
      return;
    }
    in->stats.candidate_rows++;
    if (split_row(sc, rec, body))
      return;
  } else if (body == 0) {
    return;
  }
  int was_header = !sc->header_done;
  /* libcsv grows its field buffer by a fixed block: make one block hold the whole record, so a
   * long field costs one allocation, not one per block (quadratic copying) */
  if (csv_get_buffer_size(&sc->csv) < len + 1)
    csv_set_blk_size(&sc->csv, len + 1);
  size_t done = csv_parse(&sc->csv, rec, len, row_field, row_end, sc);
  if (done != len || csv_error(&sc->csv) != CSV_SUCCESS) {
    long line = sc->line, col = (long)done + 1;
    for (size_t k = 0; k < done && k < len; k++)
      if (rec[k] == '\n') {
        line++;
        col = (long)(done - k);
      }
    csv_restart(sc);
    if (was_header) {
      fc_diags_add(in->diags, FC_SEV_ERROR, sc->name, (int)line, (int)col, "malformed CSV header: %s",
                   csv_strerror(csv_error(&sc->csv)));
      sc->status = FC_ERR_PARSE;
      sc->header_done = 1;
      return;
    }
    row_bad(sc, line, col, "malformed row: misplaced quote");
    sc->field = 0;
    sc->row_len = 0;
    memset(sc->have, 0, sizeof sc->have);
    return;
  }
  /* a record without a final line break ends at the end of the file */
  if (len == body && csv_fini(&sc->csv, row_field, row_end, sc) != 0) {
    if (was_header) {
      fc_diags_add(in->diags, FC_SEV_ERROR, sc->name, (int)sc->line, 1, "malformed CSV header: %s",
                   csv_strerror(csv_error(&sc->csv)));
      sc->status = FC_ERR_PARSE;
      sc->header_done = 1;
      return;
    }
    row_bad(sc, sc->line, 1, "malformed row: %s at the end of the file", csv_strerror(csv_error(&sc->csv)));
    csv_restart(sc);
    sc->field = 0;
    sc->row_len = 0;
    memset(sc->have, 0, sizeof sc->have);
  }
  if (was_header && sc->header_done)
    header_check(sc);
}

static void scan_free(scan *sc) {
  for (size_t i = 0; i < sc->nheader; i++)
    free(sc->header[i]);
  free(sc->header);
  free(sc->colmap);
  free(sc->row);
  free(sc->scratch);
  free(sc->comma);
  csv_free(&sc->csv);
}

static fc_status scan_init(scan *sc, fc_ingest *in, const char *name) {
  memset(sc, 0, sizeof *sc);
  sc->in = in;
  sc->name = name;
  sc->line = 1;
  if (csv_init(&sc->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
    return FC_ERR_NOMEM;
  return FC_OK;
}

static void scan_finish(scan *sc, fc_ingest *in) {
  if (sc->row_diags > show_limit(in))
    fc_diags_add(in->diags, FC_SEV_NOTE, sc->name, 0, 0, "%d more malformed rows not shown",
                 sc->row_diags - show_limit(in));
}

/* A quoted field may hold line breaks, but a quote left open swallows every following line into
 * one record. Such a record is given up after this many line breaks (or at the end of the file,
 * or when it closes but is not a well-formed record of the header's width): its first line is
 * reported as malformed and reading resumes on the line after it. Memory stays bounded by the
 * lines of one record. */
#define FC_MAX_RECORD_LINES 64

/* The record starting at buf[pos] is not a record: reports its first line and returns the offset
 * just after that line (n when the line runs to the end of the data). */
static size_t resync(scan *sc, const char *buf, size_t pos, size_t n) {
  fc_ingest *in = sc->in;
  const char *nl = memchr(buf + pos, '\n', n - pos);
  size_t end = nl ? (size_t)(nl - buf) + 1 : n;
  size_t nf = 0, bad = fc_csv_problem(buf + pos, end - pos, &nf);
  long col = bad == (size_t)-1 ? 1 : (long)bad + 1;
  if (!sc->header_done) {
    fc_diags_add(in->diags, FC_SEV_ERROR, sc->name, (int)sc->line, (int)col,
                 "malformed CSV header: a quoted field is not closed on its line");
    sc->status = FC_ERR_PARSE;
    sc->header_done = 1;
  } else {
    in->stats.rows++;
    row_bad(
        sc, sc->line, col,
        nl ? "malformed row: a quote opens a field that is not closed on this line; reading resumes on the "
             "next line"
           : "malformed row: a quoted field is not closed at the end of the file");
  }
  sc->line++;
  sc->parity = 0;
  sc->resume = 0;
  sc->pending_lines = 0;
  return end;
}

/* Frames records in buf[0..n) and feeds them; returns the bytes consumed (complete records).
 * final: no more data follows. A partial record's scan state (bytes already scanned, quote
 * parity, line breaks seen) is kept in sc so no byte is scanned twice. */
static size_t frame(scan *sc, const char *buf, size_t n, int final) {
  size_t pos = 0;
  while (pos < n && sc->status == FC_OK) {
    if (sc->header_done && sc->resume == 0) { /* most records: one line, every quote closed */
      fc_rowscan rs;
      fc_row_scan(buf + pos, n - pos, sc->comma, sc->in->recon ? sc->maxc : 0, &rs);
      if (rs.end < n - pos && !rs.parity) {
        size_t end = pos + rs.end + 1;
        feed_record(sc, buf + pos, end - pos, &rs);
        sc->line++;
        pos = end;
        continue;
      }
    }
    size_t from = pos + sc->resume;
    const char *nl;
    int give_up = 0;
    for (;;) {
      nl = memchr(buf + from, '\n', n - from);
      size_t upto = nl ? (size_t)(nl - buf) : n;
      sc->parity ^= fc_quote_parity(buf + from, upto - from);
      if (!nl)
        break;
      sc->pending_lines++;
      if (!sc->parity)
        break;
      if (sc->pending_lines > FC_MAX_RECORD_LINES) {
        give_up = 1;
        break;
      }
      from = upto + 1;
    }
    if (give_up) {
      pos = resync(sc, buf, pos, n);
      continue;
    }
    if (!nl) {
      if (!final) {
        sc->resume = n - pos;
        return pos;
      }
      if (sc->parity) { /* a quote still open at the end of the file */
        pos = resync(sc, buf, pos, n);
        continue;
      }
      feed_record(sc, buf + pos, n - pos, NULL);
      sc->parity = 0;
      sc->resume = 0;
      sc->pending_lines = 0;
      return n;
    }
    size_t end = (size_t)(nl - buf) + 1;
    if (sc->pending_lines > 1) { /* line breaks inside quotes: legal only in a well-formed record */
      size_t nf = 0;
      if (fc_csv_problem(buf + pos, end - pos, &nf) != (size_t)-1 || (sc->header_done && nf != sc->nheader)) {
        pos = resync(sc, buf, pos, n);
        continue;
      }
    }
    feed_record(sc, buf + pos, end - pos, NULL);
    sc->line += sc->pending_lines;
    sc->pending_lines = 0;
    sc->resume = 0;
    pos = end;
  }
  return pos;
}

static fc_status ingest_stream(fc_ingest *in, const char *name, fc_src *r, const char *mem, size_t memlen,
                               int *clean_end) {
  scan sc;
  fc_status st = scan_init(&sc, in, name);
  if (st)
    return st;
  uint64_t rows0 = in->stats.rows, bad0 = in->stats.malformed_rows, skip0 = in->stats.skipped_rows;
  in->stats.files++;
  size_t size = in->read_size ? in->read_size : (size_t)1 << 20;
  if (mem) {
    in->stats.bytes_csv += memlen;
    frame(&sc, mem, memlen, 1);
  } else {
    uint64_t next_progress = in->stats.bytes_csv + (64u << 20);
    for (;;) {
      const char *err = NULL, *p;
      size_t n;
      long k = fc_src_window(r, size, &p, &n, &err);
      if (k < 0) {
        if (k == -3) {
          sc.status = FC_ERR_NOMEM;
          break;
        }
        fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0, "%s", err ? err : "unknown error");
        sc.status = k == -2 ? FC_ERR_PARSE : FC_ERR_IO;
        break;
      }
      in->stats.bytes_csv += (uint64_t)k;
      int final = k == 0;
      if (final && clean_end) /* the data ends where a record ends, with nothing left over */
        *clean_end = n == 0 && sc.status == FC_OK && sc.header_done;
      size_t used = frame(&sc, p, n, final);
      if (fc_src_consumed(r, used))
        sc.status = FC_ERR_NOMEM;
      if (final || sc.status)
        break;
      if (in->progress && in->stats.bytes_csv >= next_progress) {
        in->progress(in->progress_user, name, &in->stats, 0);
        next_progress = in->stats.bytes_csv + (64u << 20);
      }
    }
  }
  if (!sc.header_done && sc.status == FC_OK && sc.nheader == 0) {
    /* a zero-byte chunk: fine, overwrite-mode exports leave them */
  } else if (sc.header_done == 0 && sc.status == FC_OK) {
    header_check(&sc);
  }
  if (in->stats.rows == rows0)
    in->stats.empty_files++;
  if (in->recon && sc.status != FC_ERR_NOMEM &&
      fc_recon_file_done(in->recon, name, in->stats.rows - rows0, in->stats.malformed_rows - bad0,
                         in->stats.skipped_rows - skip0))
    sc.status = FC_ERR_NOMEM;
  scan_finish(&sc, in);
  st = sc.status;
  scan_free(&sc);
  if (in->progress)
    in->progress(in->progress_user, name, &in->stats, 1);
  return st;
}

fc_status fc_ingest_buffer(fc_ingest *in, const char *name, const char *data, size_t len) {
  in->stats.bytes += len;
  return ingest_stream(in, name, NULL, data, len, NULL);
}

fc_status fc_ingest_src(fc_ingest *in, const char *name, fc_src *src, int *clean_end) {
  return ingest_stream(in, name, src, NULL, 0, clean_end);
}

fc_status fc_ingest_init(fc_ingest *in, uint32_t dim_mask, fc_diags *diags) {
  memset(in, 0, sizeof *in);
  in->diags = diags;
  in->dim_mask = dim_mask | FC_DIM_MASK_CORE;
  in->max_row_diags = 20;
  fc_sessions_init(&in->sessions);
  return fc_facts_init(&in->facts) ? FC_ERR_NOMEM : FC_OK;
}

void fc_ingest_free(fc_ingest *in) {
  fc_facts_free(&in->facts);
  fc_sessions_free(&in->sessions);
  if (in->recon) {
    fc_recon_free(in->recon);
    free(in->recon);
  }
  memset(in, 0, sizeof *in);
}

fc_status fc_ingest_check_budget(fc_ingest *in) {
  uint64_t m = in->stats.malformed_rows;
  if (m <= in->allow_malformed)
    return FC_OK;
  if (in->allow_malformed)
    fc_diags_add(in->diags, FC_SEV_ERROR, NULL, 0, 0,
                 "%llu malformed rows in the inputs exceed --allow-malformed %llu: nothing is reported from "
                 "damaged data",
                 (unsigned long long)m, (unsigned long long)in->allow_malformed);
  else
    fc_diags_add(in->diags, FC_SEV_ERROR, NULL, 0, 0,
                 "%llu malformed %s in the inputs: fix the export, or accept up to N malformed rows with "
                 "--allow-malformed N",
                 (unsigned long long)m, m == 1 ? "row" : "rows");
  return FC_ERR_PARSE;
}
