/* csvout.c: CSV files from a scoped view: quoting, formula guards, number formats. */
#include "csvout.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "packs.h"
#include "utf8.h"
#include "util.h"

/* A CSV file has one writer: unlocked stdio, numbers formatted by numfmt.c (printf's bytes). */
#define PUTC(c, f) fputc_unlocked((c), (f))
#define WRITE(p, n, f) fwrite_unlocked((p), 1, (n), (f))

/* The length of s when it is plain ASCII that needs no quotes (the common cell), else 0 and the
 * general path. */
static size_t plain_len(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  if (*p == '=' || *p == '+' || *p == '-' || *p == '@' || *p == '\t' || *p == '\r')
    return 0;
  for (; *p; p++)
    if (*p >= 0x80 || *p == ',' || *p == '"' || *p == '\r' || *p == '\n')
      return 0;
  return (size_t)(p - (const unsigned char *)s);
}

void fc_csv_cell(FILE *f, const char *s) {
  if (!s)
    s = "";
  size_t pn = plain_len(s);
  if (pn || !*s) {
    WRITE(s, pn, f);
    return;
  }
  int guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
  int quote = guard || strpbrk(s, ",\"\r\n") != NULL;
  if (!quote) {
    fc_utf8_put(f, s); /* bytes that are not UTF-8 become U+FFFD */
    return;
  }
  fputc('"', f);
  if (guard)
    fputc('\'', f);
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    size_t n = fc_utf8_seq(p);
    if (!n) { /* a byte that is not UTF-8 */
      fputs(FC_UTF8_REPLACEMENT, f);
      p++;
      continue;
    }
    if (*p == '"')
      fputc('"', f);
    fwrite(p, 1, n, f);
    p += n;
  }
  fputc('"', f);
}

static void csv_value(FILE *f, const fc_column *c, fc_value v) {
  char buf[40];
  size_t n;
  switch (c->type) {
  case FC_COL_TEXT:
    fc_csv_cell(f, v.s);
    break;
  case FC_COL_INT:
    if (v.i != FC_NULL_INT)
      WRITE(buf, fc_fmt_i64(buf, v.i), f);
    break;
  case FC_COL_MONEY:
    if (v.i != FC_NULL_INT)
      fputs_unlocked(fc_money_format(v.i, 6, buf), f);
    break;
  case FC_COL_DATE:
    if (v.i != FC_NULL_INT)
      WRITE(fc_date_format((int32_t)v.i, buf), 10, f);
    break;
  case FC_COL_RATIO:
  case FC_COL_REAL:
    if (!isfinite(v.r))
      break;
    if ((n = fc_fmt_fixed(buf, v.r, 6)) > 0)
      WRITE(buf, n, f);
    else
      fprintf(f, "%.6f", v.r);
    break;
  }
}

/* The table's header and the listed rows, each followed by the nx extra columns' names and fixed
 * values. Which rows: the caller's scoped view decides, never this function. */
static int csv_write(FILE *f, const fc_table *t, const size_t *only, size_t nonly, const char *const *xnames,
                     const char *const *xvals, size_t nx) {
  for (size_t c = 0; c < t->ncols; c++) {
    if (c)
      PUTC(',', f);
    fc_csv_cell(f, t->cols[c].name);
  }
  for (size_t x = 0; x < nx; x++) {
    PUTC(',', f);
    fc_csv_cell(f, xnames[x]);
  }
  PUTC('\n', f);
  for (size_t i = 0; i < nonly; i++) {
    size_t r = only ? only[i] : i;
    for (size_t c = 0; c < t->ncols; c++) {
      if (c)
        PUTC(',', f);
      csv_value(f, &t->cols[c], fc_table_value(t, r, c));
    }
    for (size_t x = 0; x < nx; x++) {
      PUTC(',', f);
      fc_csv_cell(f, xvals[x]);
    }
    PUTC('\n', f);
  }
  return ferror(f) ? -1 : 0;
}

int fc_csv_write_view(FILE *f, const fc_view_table *vt, const char *const *xnames, const char *const *xvals,
                      size_t nx) {
  return csv_write(f, vt->t, vt->rows, vt->n, xnames, xvals, nx);
}

int fc_csv_write_rows(FILE *f, const fc_table *t, const size_t *rows, size_t n) {
  return csv_write(f, t, rows, rows ? n : 0, NULL, NULL, 0);
}
