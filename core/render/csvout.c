/* csvout.c: CSV files from a scoped view: quoting, formula guards, number formats. */
#include "csvout.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "packs.h"
#include "utf8.h"
#include "util.h"

void fc_csv_cell(FILE *f, const char *s) {
  if (!s)
    s = "";
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
  switch (c->type) {
  case FC_COL_TEXT:
    fc_csv_cell(f, v.s);
    break;
  case FC_COL_INT:
    if (v.i != FC_NULL_INT)
      fprintf(f, "%lld", (long long)v.i);
    break;
  case FC_COL_MONEY:
    if (v.i != FC_NULL_INT)
      fputs(fc_money_format(v.i, 6, buf), f);
    break;
  case FC_COL_DATE:
    if (v.i != FC_NULL_INT)
      fputs(fc_date_format((int32_t)v.i, buf), f);
    break;
  case FC_COL_RATIO:
  case FC_COL_REAL:
    if (isfinite(v.r))
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
      fputc(',', f);
    fc_csv_cell(f, t->cols[c].name);
  }
  for (size_t x = 0; x < nx; x++) {
    fputc(',', f);
    fc_csv_cell(f, xnames[x]);
  }
  fputc('\n', f);
  for (size_t i = 0; i < nonly; i++) {
    size_t r = only[i];
    for (size_t c = 0; c < t->ncols; c++) {
      if (c)
        fputc(',', f);
      csv_value(f, &t->cols[c], fc_table_value(t, r, c));
    }
    for (size_t x = 0; x < nx; x++) {
      fputc(',', f);
      fc_csv_cell(f, xvals[x]);
    }
    fputc('\n', f);
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
