/* test_rowscan: the scanner's fast passes (core/ingest/rowscan.c) against the slow ways they
 * replace, on random records built from the bytes that matter to CSV: fc_row_split gives libcsv's
 * fields (strict mode, as the scanner runs it) for every record it accepts, and accepts the
 * well-formed ones; fc_row_scan (both paths) finds the line break, quote parity, needle and commas a byte
 * loop finds; the reconciliation counts skipped rows the same from the commas as from its own walk;
 * amounts in the plain form parse as the general parse reads them. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"
#include "recon.h"
#include "rowscan.h"
#include "rules.h"

static unsigned long long g_rng = 88172645463325252ULL;
static unsigned rnd(unsigned n) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return (unsigned)(g_rng % n);
}

/* ---- libcsv's view of a record ---- */

#define MAXF 64
typedef struct got {
  char f[MAXF][256];
  size_t len[MAXF];
  size_t nf, rows, row_fields;
  int over;
} got;

static void cb_field(void *s, size_t len, void *data) {
  got *g = data;
  if (g->nf >= MAXF || len >= 256) {
    g->over = 1;
    return;
  }
  if (len)
    memcpy(g->f[g->nf], s, len);
  g->len[g->nf++] = len;
}

static void cb_row(int c, void *data) {
  (void)c;
  got *g = data;
  g->rows++;
  g->row_fields = g->nf;
}

/* libcsv on body + "\n" (nl) or on body then csv_fini. Returns 0 when it read one clean row. */
static int libcsv_read(const char *body, size_t n, int nl, got *g) {
  struct csv_parser p;
  memset(g, 0, sizeof *g);
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
    return -1;
  int bad = csv_parse(&p, body, n, cb_field, cb_row, g) != n || csv_error(&p) != CSV_SUCCESS;
  if (!bad && nl)
    bad = csv_parse(&p, "\n", 1, cb_field, cb_row, g) != 1 || csv_error(&p) != CSV_SUCCESS;
  if (!bad && !nl)
    bad = csv_fini(&p, cb_field, cb_row, g) != 0;
  csv_free(&p);
  return bad || g->over || g->rows != 1 || g->row_fields != g->nf ? -1 : 0;
}

typedef struct split {
  const char *rec;
  char f[MAXF][256];
  size_t len[MAXF];
  size_t nf;
  int over;
} split;

static void split_cb(void *user, size_t i, const fc_rowfield *f) {
  split *s = user;
  if (i != s->nf || i >= MAXF || f->len >= 256) {
    s->over = 1;
    return;
  }
  size_t k = 0;
  for (size_t j = 0; j < f->len; j++) {
    s->f[i][k++] = s->rec[f->off + j];
    if (f->esc && s->rec[f->off + j] == '"')
      j++;
  }
  s->len[i] = k;
  s->nf++;
}

static void random_record(char *b, size_t *n, int wellformed) {
  static const char any[] = "ab,\" \t\r\nB";
  static const char plain[] = "abcdB.-:/{}";
  size_t k = 0, nf = 1 + rnd(8);
  for (size_t f = 0; f < nf; f++) {
    if (f)
      b[k++] = ',';
    if (!wellformed) {
      size_t len = rnd(6);
      for (size_t j = 0; j < len; j++)
        b[k++] = any[rnd(sizeof any - 1)];
    } else if (rnd(3) == 0) { /* quoted, with any byte inside */
      b[k++] = '"';
      size_t len = rnd(6);
      for (size_t j = 0; j < len; j++) {
        char c = any[rnd(sizeof any - 1)];
        b[k++] = c;
        if (c == '"')
          b[k++] = '"';
      }
      b[k++] = '"';
    } else {
      size_t len = rnd(6);
      for (size_t j = 0; j < len; j++)
        b[k++] = j && j + 1 < len && rnd(4) == 0 ? ' ' : plain[rnd(sizeof plain - 1)];
    }
  }
  *n = k;
}

static void test_split(void) {
  char rec[512];
  size_t accepted = 0, wellformed = 0;
  for (int t = 0; t < 200000; t++) {
    size_t n;
    int wf = t % 2;
    random_record(rec, &n, wf);
    /* the scanner hands over bodies without a final line break */
    while (n && (rec[n - 1] == '\n' || rec[n - 1] == '\r'))
      n--;
    if (n == 0)
      continue;
    split s;
    memset(&s, 0, sizeof s);
    s.rec = rec;
    size_t nf = fc_row_split(rec, n, split_cb, &s);
    if (!nf)
      continue;
    accepted++;
    wellformed += (size_t)wf;
    CHECK(!s.over);
    CHECK_INT(nf, s.nf);
    for (int nl = 0; nl < 2; nl++) {
      got g;
      int r = libcsv_read(rec, n, nl, &g);
      CHECK_INT(r, 0);
      if (r)
        fprintf(stderr, "record accepted by fc_row_split, refused by libcsv: [%.*s]\n", (int)n, rec);
      if (r || g.nf != nf) {
        CHECK_INT(g.nf, nf);
        continue;
      }
      for (size_t i = 0; i < nf; i++) {
        int same = g.len[i] == s.len[i] && memcmp(g.f[i], s.f[i], s.len[i]) == 0;
        CHECK(same);
        if (!same)
          fprintf(stderr, "field %zu of [%.*s]: libcsv [%.*s], split [%.*s]\n", i, (int)n, rec, (int)g.len[i],
                  g.f[i], (int)s.len[i], s.f[i]);
      }
    }
  }
  /* the well-formed records without '\r' in unquoted fields are nearly all accepted */
  CHECK(wellformed > 80000);
  CHECK(accepted > wellformed);
}

/* ---- fc_row_scan against a byte loop ---- */

static void test_scan(void) {
  static const char bytes[] = "ab,\"\n\rBedrockx";
  char *buf = malloc(4096);
  uint32_t comma[16];
  for (int t = 0; t < 20000 && buf; t++) {
    size_t n = rnd(300);
    for (size_t i = 0; i < n; i++) {
      buf[i] = rnd(8) == 0 ? bytes[rnd(sizeof bytes - 1)] : "xyzw"[rnd(4)];
      if (rnd(60) == 0 && i + 7 <= n) {
        memcpy(buf + i, FC_RULE_ROW_NEEDLE, 7);
        i += 6;
      }
    }
    if (rnd(4) == 0 && n > 2) /* most records have one line break */
      buf[n - 1] = '\n';
    size_t maxc = rnd(17);
    fc_rowscan rs;
    if (t % 2)
      fc_row_scan(buf, n, comma, maxc, &rs);
    else
      fc_row_scan_base(buf, n, comma, maxc, &rs);
    const char *nl = memchr(buf, '\n', n);
    size_t end = nl ? (size_t)(nl - buf) : n;
    CHECK_INT(rs.end, end);
    int par = 0, quoted = 0;
    size_t nc = 0;
    int comma_ok = 1;
    for (size_t i = 0; i < end; i++) {
      par ^= buf[i] == '"';
      quoted |= buf[i] == '"';
      if (buf[i] == ',' && !quoted && nc < maxc)
        comma_ok &= nc < rs.ncomma && comma[nc++] == i;
    }
    CHECK_INT(rs.parity, par);
    CHECK_INT(rs.quoted, quoted);
    CHECK_INT(rs.ncomma, nc);
    CHECK(comma_ok);
    CHECK_INT(rs.needle, memmem(buf, end, FC_RULE_ROW_NEEDLE, 7) != NULL);
  }
  free(buf);
}

/* ---- skipped rows: from commas, or walked ---- */

static void test_recon(void) {
  fc_recon a, b;
  CHECK_INT(fc_recon_init(&a), FC_OK);
  CHECK_INT(fc_recon_init(&b), FC_OK);
  /* header: cost at 4, invoice at 1, period start at 2, usage start at 3 (then others) */
  int colmap[7] = {-1, FC_COL_INVOICE, FC_COL_PERIOD_START, FC_COL_USAGE_START, FC_COL_COST, -1, -1};
  fc_recon_header(&a, colmap, 7);
  fc_recon_header(&b, colmap, 7);
  static const char *rows[] = {
      "x,INV1,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,1.25,a,b",
      "x,INV1,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,2.5,\"q,x\",b",
      "x,INV2,,2026-10-02T00:00:00Z,0.125",
      "x,\"INV3\",2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,7,a,b",
      "x,INV1,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,notmoney,a,b",
      "x,INV1,2026-11-01T00:00:00Z",
      "x,INV2,2026-12-01T00:00:00Z,,-3.5,",
      "x,INV1,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,\"4\"",
  };
  uint32_t comma[8];
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    fc_rowscan rs;
    size_t n = strlen(rows[i]);
    fc_row_scan(rows[i], n, comma, (size_t)a.ncol_need, &rs);
    CHECK_INT(fc_recon_skipped_at(&a, rows[i], n, comma, rs.ncomma, rs.quoted), FC_OK);
    CHECK_INT(fc_recon_skipped(&b, rows[i], n), FC_OK);
  }
  CHECK_INT(a.nskip, b.nskip);
  for (size_t i = 0; i < a.nskip && i < b.nskip; i++) {
    CHECK_INT(a.skip[i].period, b.skip[i].period);
    CHECK_STR(fc_strtab_get(&a.strings, a.skip[i].inv), fc_strtab_get(&b.strings, b.skip[i].inv));
    CHECK_INT(a.skip[i].rows, b.skip[i].rows);
    CHECK_INT(a.skip[i].unreadable, b.skip[i].unreadable);
    CHECK(a.skip[i].cost == b.skip[i].cost);
  }
  CHECK(a.nskip >= 4);
  fc_recon_free(&a);
  fc_recon_free(&b);
}

/* ---- amounts: the plain form's shortcut gives what the general parse gives ---- */

static void test_decimals(void) {
  static const char chars[] = "0123456789.-+e 9";
  char s[40];
  for (int t = 0; t < 300000; t++) {
    size_t n = 1 + rnd(t % 3 ? 14 : 24);
    for (size_t i = 0; i < n; i++)
      s[i] = t % 2 && i > 0 ? "0123456789."[rnd(11)] : chars[rnd(sizeof chars - 1)];
    int scale = t % 5 == 0 ? (int)rnd(19) : 10;
    int64_t a = 7, b = 7;
    int ia = 3, ib = 3;
    int ra = fc_decimal_parse(s, n, scale, &a, &ia);
    s[n] = ' '; /* a trailing space is trimmed: the general parse */
    int rb = fc_decimal_parse(s, n + 1, scale, &b, &ib);
    CHECK_INT(ra, rb);
    if (ra == 0 && rb == 0) {
      CHECK_INT(a, b);
      CHECK_INT(ia, ib);
    }
  }
}

int main(void) {
  test_decimals();
  test_split();
  test_scan();
  test_recon();
  return fc_check_done("test_rowscan");
}
