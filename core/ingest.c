/* ingest.c: the CUR scanner. Records are framed with memchr and a quote count; a record that
 * does not contain "Bedrock" anywhere cannot be a Bedrock row of either billing family, so it is
 * counted and skipped without being parsed. The rest go through libcsv field by field. */
#include "ingest.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "mapcell.h"
#include "util.h"

static const char *const dim_names[FC_DIM_COUNT] = {
    "period",       "day",      "family",           "account",
    "principal",    "resource", "usage_type",       "line_item_type",
    "operation",    "region",   "product_code",     "product_name",
    "pricing_unit", "model",    "resource_map_tag", "principal_map_tag"};

const char *fc_dim_name(fc_dim d) { return (unsigned)d < FC_DIM_COUNT ? dim_names[d] : NULL; }

int fc_dim_find(const char *name) {
  for (int d = 0; d < FC_DIM_COUNT; d++)
    if (strcmp(dim_names[d], name) == 0)
      return d;
  return -1;
}

void fc_ingest_stats_fields(const fc_ingest_stats *s, fc_stat_field out[FC_STAT_FIELDS]) {
  const fc_stat_field f[FC_STAT_FIELDS] = {
      {"files", s->files},
      {"empty_files", s->empty_files},
      {"bytes", s->bytes},
      {"csv_bytes", s->bytes_csv},
      {"rows", s->rows},
      {"candidate_rows", s->candidate_rows},
      {"bedrock_rows", s->bedrock_rows},
      {"aws_billed_rows", s->family_rows[FC_FAMILY_AWS] + s->family_rows[FC_FAMILY_AGENTCORE]},
      {"marketplace_rows", s->family_rows[FC_FAMILY_MARKETPLACE]},
      {"skipped_rows", s->skipped_rows},
      {"malformed_rows", s->malformed_rows},
      {"rounded_values", s->inexact_values},
      {"unreadable_map_cells", s->unknown_map_cells},
      {"superseded_executions", s->skipped_executions},
  };
  memcpy(out, f, sizeof f);
}

/* The CUR columns the scanner reads. */
enum {
  C_BILLING_ENTITY,
  C_PRODUCT_CODE,
  C_PRODUCT_NAME,
  C_PRODUCT_FAMILY,
  C_USAGE_START,
  C_PERIOD_START,
  C_TIME_INTERVAL,
  C_ACCOUNT,
  C_PRINCIPAL,
  C_RESOURCE,
  C_USAGE_TYPE,
  C_LINE_ITEM_TYPE,
  C_OPERATION,
  C_REGION,
  C_PRICING_UNIT,
  C_USAGE_AMOUNT,
  C_COST,
  C_PRODUCT_MAP,
  C_RESOURCE_TAGS,
  C_TAGS,
  NCOLS
};

static const struct {
  const char *name;
  int required;
} columns[NCOLS] = {
    [C_BILLING_ENTITY] = {"bill_billing_entity", 0},
    [C_PRODUCT_CODE] = {"line_item_product_code", 1},
    [C_PRODUCT_NAME] = {"product_product_name", 0},
    [C_PRODUCT_FAMILY] = {"product_product_family", 0},
    [C_USAGE_START] = {"line_item_usage_start_date", 1},
    [C_PERIOD_START] = {"bill_billing_period_start_date", 0},
    [C_TIME_INTERVAL] = {"identity_time_interval", 0},
    [C_ACCOUNT] = {"line_item_usage_account_id", 1},
    [C_PRINCIPAL] = {"line_item_iam_principal", 0},
    [C_RESOURCE] = {"line_item_resource_id", 0},
    [C_USAGE_TYPE] = {"line_item_usage_type", 1},
    [C_LINE_ITEM_TYPE] = {"line_item_line_item_type", 1},
    [C_OPERATION] = {"line_item_operation", 0},
    [C_REGION] = {"product_region_code", 0},
    [C_PRICING_UNIT] = {"pricing_unit", 0},
    [C_USAGE_AMOUNT] = {"line_item_usage_amount", 1},
    [C_COST] = {"line_item_unblended_cost", 1},
    [C_PRODUCT_MAP] = {"product", 0},
    [C_RESOURCE_TAGS] = {"resource_tags", 0},
    [C_TAGS] = {"tags", 0},
};

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
  fc_status status;
} scan;

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
      if (strlen(columns[c].name) == len && memcmp(columns[c].name, f, len) == 0) {
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
  if (i >= sc->ncolmap)
    return;
  int c = sc->colmap[i];
  if (c < 0)
    return;
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
  if (len)
    memcpy(sc->row + sc->row_len, s, len);
  sc->row[sc->row_len + len] = '\0';
  sc->off[c] = sc->row_len;
  sc->len[c] = len;
  sc->have[c] = 1;
  sc->row_len += len + 1;
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

static void row_warn(scan *sc, int c, const char *fmt, const char *what) {
  fc_ingest *in = sc->in;
  in->stats.malformed_rows++;
  if (sc->row_diags++ >= in->max_row_diags)
    return;
  long line = sc->line, col = 1;
  if (c >= 0)
    field_pos(sc, header_index(sc, c), &line, &col);
  fc_diags_add(in->diags, FC_SEV_WARNING, sc->name, (int)line, (int)col, fmt, c >= 0 ? columns[c].name : "",
               what);
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

static void process_row(scan *sc) {
  fc_ingest *in = sc->in;
  fc_ingest_stats *st = &in->stats;
  if (sc->row_oom) {
    sc->status = FC_ERR_NOMEM;
    return;
  }
  if (sc->field != sc->nheader) {
    in->stats.malformed_rows++;
    if (sc->row_diags++ < in->max_row_diags)
      fc_diags_add(in->diags, FC_SEV_WARNING, sc->name, (int)sc->line, 1,
                   "malformed row: expected %zu fields as in the header, found %zu", sc->nheader, sc->field);
    return;
  }
  /* Which billing family, if any. Never the product code alone: Marketplace codes are opaque. */
  const char *code = fieldp(sc, C_PRODUCT_CODE), *ent = fieldp(sc, C_BILLING_ENTITY);
  size_t ncode = fieldn(sc, C_PRODUCT_CODE), nent = fieldn(sc, C_BILLING_ENTITY);
  const char *pname = fieldp(sc, C_PRODUCT_NAME);
  size_t npname = fieldn(sc, C_PRODUCT_NAME);
  /* product map: model, product_name, region */
  const char *mmodel = "", *mname = "", *mregion = "";
  size_t nmmodel = 0, nmname = 0, nmregion = 0;
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
  /* Map values point into scratch; give each map its own part of it. */
  char *scr = sc->scratch;
  size_t scr_room = sc->scratch_cap;
  if (sc->have[C_PRODUCT_MAP]) {
    fc_mapiter it;
    const char *k, *v;
    size_t kn, vn;
    size_t cl = fieldn(sc, C_PRODUCT_MAP);
    fc_mapiter_init(&it, fieldp(sc, C_PRODUCT_MAP), cl, scr, cl + 8);
    while (fc_mapiter_next(&it, &k, &kn, &v, &vn)) {
      if (eq(k, kn, "model"))
        mmodel = v, nmmodel = vn;
      else if (eq(k, kn, "product_name"))
        mname = v, nmname = vn;
      else if (eq(k, kn, "region"))
        mregion = v, nmregion = vn;
    }
    if (it.error)
      st->unknown_map_cells++;
    scr += cl + 8;
    scr_room -= cl + 8;
  }
  if (!npname && nmname) {
    pname = mname;
    npname = nmname;
  }
  int family = 0;
  if (has_prefix(code, ncode, "AmazonBedrock"))
    family = eq(code, ncode, "AmazonBedrockAgentCore") ? FC_FAMILY_AGENTCORE : FC_FAMILY_AWS;
  else if (contains(pname, npname, "Bedrock") ||
           eq(fieldp(sc, C_PRODUCT_FAMILY), fieldn(sc, C_PRODUCT_FAMILY), "Amazon Bedrock"))
    family = (nent == 0 || contains(ent, nent, "Marketplace")) ? FC_FAMILY_MARKETPLACE : FC_FAMILY_AWS;
  if (!family) {
    st->skipped_rows++;
    return;
  }

  int32_t day, pday;
  if (fc_timestamp_parse(fieldp(sc, C_USAGE_START), fieldn(sc, C_USAGE_START), &day)) {
    row_warn(sc, C_USAGE_START, "malformed row: %s: '%s' is not a timestamp", fieldp(sc, C_USAGE_START));
    return;
  }
  int32_t period = fc_period_of_day(day);
  if (fieldn(sc, C_PERIOD_START)) {
    if (fc_timestamp_parse(fieldp(sc, C_PERIOD_START), fieldn(sc, C_PERIOD_START), &pday)) {
      row_warn(sc, C_PERIOD_START, "malformed row: %s: '%s' is not a timestamp", fieldp(sc, C_PERIOD_START));
      return;
    }
    period = fc_period_of_day(pday);
  } else if (fieldn(sc, C_TIME_INTERVAL)) {
    const char *ti = fieldp(sc, C_TIME_INTERVAL);
    const char *slash = memchr(ti, '/', fieldn(sc, C_TIME_INTERVAL));
    size_t n = slash ? (size_t)(slash - ti) : fieldn(sc, C_TIME_INTERVAL);
    if (fc_timestamp_parse(ti, n, &pday)) {
      row_warn(sc, C_TIME_INTERVAL, "malformed row: %s: '%s' is not a start/end interval", ti);
      return;
    }
  }
  int64_t amount = 0;
  fc_money cost = 0;
  int inexact = 0, r;
  if (fieldn(sc, C_USAGE_AMOUNT) &&
      (r = fc_decimal_parse(fieldp(sc, C_USAGE_AMOUNT), fieldn(sc, C_USAGE_AMOUNT), 10, &amount, &inexact))) {
    row_warn(sc, C_USAGE_AMOUNT,
             r == -2 ? "malformed row: %s: '%s' is out of range" : "malformed row: %s: '%s' is not a number",
             fieldp(sc, C_USAGE_AMOUNT));
    return;
  }
  st->inexact_values += (uint64_t)inexact;
  if (fieldn(sc, C_COST) && (r = fc_money_parse(fieldp(sc, C_COST), fieldn(sc, C_COST), &cost, &inexact))) {
    row_warn(sc, C_COST,
             r == -2 ? "malformed row: %s: '%s' is out of range" : "malformed row: %s: '%s' is not a number",
             fieldp(sc, C_COST));
    return;
  }
  st->inexact_values += (uint64_t)inexact;

  /* tags that matter: the MAP tag on the resource and on the calling principal */
  const char *rtag = "", *ptag = "";
  size_t nrtag = 0, nptag = 0;
  if (sc->have[C_RESOURCE_TAGS]) {
    fc_mapiter it;
    const char *k, *v;
    size_t kn, vn;
    size_t cl = fieldn(sc, C_RESOURCE_TAGS);
    fc_mapiter_init(&it, fieldp(sc, C_RESOURCE_TAGS), cl, scr, scr_room);
    while (fc_mapiter_next(&it, &k, &kn, &v, &vn))
      if (eq(k, kn, "user_map_migrated"))
        rtag = v, nrtag = vn;
    if (it.error)
      st->unknown_map_cells++;
    scr += cl + 8;
    scr_room -= cl + 8;
  }
  if (sc->have[C_TAGS]) {
    fc_mapiter it;
    const char *k, *v;
    size_t kn, vn;
    fc_mapiter_init(&it, fieldp(sc, C_TAGS), fieldn(sc, C_TAGS), scr, scr_room);
    while (fc_mapiter_next(&it, &k, &kn, &v, &vn)) {
      if (eq(k, kn, "iamPrincipal/map-migrated"))
        ptag = v, nptag = vn;
      else if (!nrtag && eq(k, kn, "resourceTags/user_map_migrated"))
        rtag = v, nrtag = vn;
    }
    if (it.error)
      st->unknown_map_cells++;
  }
  const char *region = fieldp(sc, C_REGION);
  size_t nregion = fieldn(sc, C_REGION);
  if (!nregion)
    region = mregion, nregion = nmregion;

  uint32_t key[FC_DIM_COUNT];
  memset(key, 0, sizeof key);
  uint32_t m = in->dim_mask;
  fc_strtab *t = &in->facts.strings;
  key[FC_DIM_PERIOD] = (uint32_t)period;
  key[FC_DIM_DAY] = (m >> FC_DIM_DAY & 1) ? (uint32_t)day : 0;
  key[FC_DIM_FAMILY] = (uint32_t)family;
  struct {
    int dim;
    const char *s;
    size_t n;
  } sv[] = {
      {FC_DIM_ACCOUNT, fieldp(sc, C_ACCOUNT), fieldn(sc, C_ACCOUNT)},
      {FC_DIM_PRINCIPAL, fieldp(sc, C_PRINCIPAL), fieldn(sc, C_PRINCIPAL)},
      {FC_DIM_RESOURCE, fieldp(sc, C_RESOURCE), fieldn(sc, C_RESOURCE)},
      {FC_DIM_USAGE_TYPE, fieldp(sc, C_USAGE_TYPE), fieldn(sc, C_USAGE_TYPE)},
      {FC_DIM_LINE_ITEM_TYPE, fieldp(sc, C_LINE_ITEM_TYPE), fieldn(sc, C_LINE_ITEM_TYPE)},
      {FC_DIM_OPERATION, fieldp(sc, C_OPERATION), fieldn(sc, C_OPERATION)},
      {FC_DIM_REGION, region, nregion},
      {FC_DIM_PRODUCT_CODE, code, ncode},
      {FC_DIM_PRODUCT_NAME, pname, npname},
      {FC_DIM_PRICING_UNIT, fieldp(sc, C_PRICING_UNIT), fieldn(sc, C_PRICING_UNIT)},
      {FC_DIM_MODEL, mmodel, nmmodel},
      {FC_DIM_RESOURCE_MAP_TAG, rtag, nrtag},
      {FC_DIM_PRINCIPAL_MAP_TAG, ptag, nptag},
  };
  for (size_t k = 0; k < sizeof sv / sizeof sv[0]; k++) {
    if (!(m >> sv[k].dim & 1) || sv[k].n == 0)
      continue;
    uint32_t id = fc_strtab_intern(t, sv[k].s, sv[k].n);
    if (id == UINT32_MAX) {
      sc->status = FC_ERR_NOMEM;
      return;
    }
    key[sv[k].dim] = id;
  }
  fc_status s = fc_facts_add(&in->facts, key, amount, cost, 1);
  if (s == FC_ERR_OVERFLOW) {
    fc_diags_add(in->diags, FC_SEV_ERROR, sc->name, (int)sc->line, 1,
                 "a sum of costs or usage amounts left the fixed-point range (+-922 million)");
    sc->status = s;
    return;
  }
  if (s) {
    sc->status = s;
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

/* Parity of the number of '"' bytes in p[0..n): eight bytes at a time with an exact zero-byte
 * test; the per-word marks are XOR-folded, so only their parity is ever computed. */
static int quote_parity(const char *p, size_t n) {
  size_t i = 0;
  const uint64_t q = 0x2222222222222222ULL, lo7 = 0x7F7F7F7F7F7F7F7FULL;
  uint64_t acc = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    uint64_t x = w ^ q;
    acc ^= ~(((x & lo7) + lo7) | x | lo7);
  }
  for (; i < n; i++)
    acc ^= (uint64_t)(p[i] == '"') << 7;
  acc ^= acc >> 32;
  acc ^= acc >> 16;
  acc ^= acc >> 8;
  return (int)((acc >> 7) & 1);
}

static void header_check(scan *sc) {
  fc_ingest *in = sc->in;
  if (sc->status == FC_ERR_NOMEM)
    return; /* a column name could not be kept */
  for (int c = 0; c < NCOLS; c++) {
    if (!columns[c].required)
      continue;
    int found = 0;
    for (size_t i = 0; i < sc->ncolmap; i++)
      found |= sc->colmap[i] == c;
    if (!found) {
      fc_diags_add(in->diags, FC_SEV_ERROR, sc->name, 1, 1, "missing required column '%s'", columns[c].name);
      sc->status = FC_ERR_PARSE;
    }
  }
}

/* One complete record (including its line break, if any). */
static void feed_record(scan *sc, const char *rec, size_t len) {
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
    if (!memmem(rec, body, "Bedrock", 7)) {
      in->stats.skipped_rows++;
      return;
    }
    in->stats.candidate_rows++;
  } else if (body == 0) {
    return;
  }
  int was_header = !sc->header_done;
  size_t done = csv_parse(&sc->csv, rec, len, row_field, row_end, sc);
  if (done != len || csv_error(&sc->csv) != CSV_SUCCESS) {
    long line = sc->line, col = (long)done + 1;
    for (size_t k = 0; k < done && k < len; k++)
      if (rec[k] == '\n') {
        line++;
        col = (long)(done - k);
      }
    csv_fini(&sc->csv, NULL, NULL, NULL);
    if (was_header) {
      fc_diags_add(in->diags, FC_SEV_ERROR, sc->name, (int)line, (int)col, "malformed CSV header: %s",
                   csv_strerror(csv_error(&sc->csv)));
      sc->status = FC_ERR_PARSE;
      sc->header_done = 1;
      return;
    }
    in->stats.malformed_rows++;
    if (sc->row_diags++ < in->max_row_diags)
      fc_diags_add(in->diags, FC_SEV_WARNING, sc->name, (int)line, (int)col,
                   "malformed row: misplaced quote");
    sc->field = 0;
    sc->row_len = 0;
    memset(sc->have, 0, sizeof sc->have);
    return;
  }
  /* a record without a final line break ends at the end of the file */
  if (len == body)
    csv_fini(&sc->csv, row_field, row_end, sc);
  if (was_header && sc->header_done)
    header_check(sc);
}

typedef struct reader {
  int fd;
  gzFile gz;
} reader;

static long rd(reader *r, char *buf, size_t n, const char **err) {
  if (r->gz) {
    if (n > INT_MAX)
      n = INT_MAX;
    int k = gzread(r->gz, buf, (unsigned)n);
    if (k < 0) {
      int e;
      *err = gzerror(r->gz, &e);
      return -1;
    }
    if (k == 0 && !gzeof(r->gz)) {
      int e;
      *err = gzerror(r->gz, &e);
      return -1;
    }
    return k;
  }
  for (;;) {
    ssize_t k = read(r->fd, buf, n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k < 0)
      *err = strerror(errno);
    return (long)k;
  }
}

static void scan_free(scan *sc) {
  for (size_t i = 0; i < sc->nheader; i++)
    free(sc->header[i]);
  free(sc->header);
  free(sc->colmap);
  free(sc->row);
  free(sc->scratch);
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
  if (sc->row_diags > in->max_row_diags)
    fc_diags_add(in->diags, FC_SEV_NOTE, sc->name, 0, 0, "%d more malformed rows not shown",
                 sc->row_diags - in->max_row_diags);
}

/* Frames records in buf[0..n) and feeds them; returns the bytes consumed (complete records).
 * final: no more data follows. A partial record's scan state (bytes already scanned, quote
 * parity, line breaks seen) is kept in sc so no byte is scanned twice. */
static size_t frame(scan *sc, const char *buf, size_t n, int final) {
  size_t pos = 0;
  while (pos < n && sc->status == FC_OK) {
    size_t from = pos + sc->resume;
    const char *nl;
    for (;;) {
      nl = memchr(buf + from, '\n', n - from);
      size_t upto = nl ? (size_t)(nl - buf) : n;
      sc->parity ^= quote_parity(buf + from, upto - from);
      if (!nl)
        break;
      sc->pending_lines++;
      if (!sc->parity)
        break;
      from = upto + 1;
    }
    if (!nl) {
      if (!final) {
        sc->resume = n - pos;
        return pos;
      }
      feed_record(sc, buf + pos, n - pos);
      sc->parity = 0;
      sc->resume = 0;
      sc->pending_lines = 0;
      return n;
    }
    size_t end = (size_t)(nl - buf) + 1;
    feed_record(sc, buf + pos, end - pos);
    sc->line += sc->pending_lines;
    sc->pending_lines = 0;
    sc->resume = 0;
    pos = end;
  }
  return pos;
}

static fc_status ingest_stream(fc_ingest *in, const char *name, reader *r, const char *mem, size_t memlen) {
  scan sc;
  fc_status st = scan_init(&sc, in, name);
  if (st)
    return st;
  uint64_t rows0 = in->stats.rows;
  in->stats.files++;
  size_t cap = in->read_size ? in->read_size : (size_t)1 << 20, filled = 0;
  char *buf = NULL;
  if (mem) {
    in->stats.bytes_csv += memlen;
    frame(&sc, mem, memlen, 1);
  } else {
    buf = malloc(cap);
    if (!buf) {
      scan_free(&sc);
      return FC_ERR_NOMEM;
    }
    uint64_t next_progress = in->stats.bytes_csv + (64u << 20);
    for (;;) {
      if (filled == cap) { /* one record longer than the buffer */
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
          sc.status = FC_ERR_NOMEM;
          break;
        }
        buf = nb;
        cap *= 2;
      }
      const char *err = NULL;
      long k = rd(r, buf + filled, cap - filled, &err);
      if (k < 0) {
        fc_diags_add(in->diags, FC_SEV_ERROR, name, 0, 0, "read failed: %s", err ? err : "unknown error");
        sc.status = r->gz ? FC_ERR_PARSE : FC_ERR_IO;
        break;
      }
      in->stats.bytes_csv += (uint64_t)k;
      filled += (size_t)k;
      int final = k == 0;
      size_t used = frame(&sc, buf, filled, final);
      memmove(buf, buf + used, filled - used);
      filled -= used;
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
  scan_finish(&sc, in);
  st = sc.status;
  free(buf);
  scan_free(&sc);
  if (in->progress)
    in->progress(in->progress_user, name, &in->stats, 1);
  return st;
}

fc_status fc_ingest_buffer(fc_ingest *in, const char *name, const char *data, size_t len) {
  in->stats.bytes += len;
  return ingest_stream(in, name, NULL, data, len);
}

fc_status fc_ingest_file(fc_ingest *in, const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fc_diags_add(in->diags, FC_SEV_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
    return FC_ERR_IO;
  }
  struct stat stt;
  if (fstat(fd, &stt) == 0)
    in->stats.bytes += (uint64_t)stt.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  unsigned char magic[2] = {0, 0};
  ssize_t k = pread(fd, magic, 2, 0);
  reader r = {fd, NULL};
  if (k == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    r.gz = gzdopen(fd, "rb");
    if (!r.gz) {
      close(fd);
      return FC_ERR_NOMEM;
    }
    gzbuffer(r.gz, 1 << 18);
  }
  fc_status st = ingest_stream(in, path, &r, NULL, 0);
  if (r.gz)
    gzclose_r(r.gz);
  else
    close(fd);
  return st;
}

fc_status fc_ingest_init(fc_ingest *in, uint32_t dim_mask, fc_diags *diags) {
  memset(in, 0, sizeof *in);
  in->diags = diags;
  in->dim_mask = dim_mask | FC_DIM_MASK_CORE;
  in->max_row_diags = 20;
  return fc_facts_init(&in->facts) ? FC_ERR_NOMEM : FC_OK;
}

void fc_ingest_free(fc_ingest *in) {
  fc_facts_free(&in->facts);
  memset(in, 0, sizeof *in);
}
