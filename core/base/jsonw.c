/* jsonw.c: the JSON writer. */
#include "jsonw.h"

#include <math.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

void fc_jw_init(fc_jw *w, FILE *f) {
  memset(w, 0, sizeof *w);
  w->f = f;
  w->first[0] = 1;
}

static void indent(fc_jw *w) {
  fputc('\n', w->f);
  for (int i = 0; i < w->depth; i++)
    fputs("  ", w->f);
}

/* Separator and indentation before a value (or a key). */
static void pre(fc_jw *w) {
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (w->depth > 0) {
    if (!w->first[w->depth])
      fputc(',', w->f);
    indent(w);
  }
  w->first[w->depth] = 0;
}

static void open(fc_jw *w, char c) {
  pre(w);
  fputc(c, w->f);
  if (w->depth < 63)
    w->depth++;
  w->first[w->depth] = 1;
}

static void close_(fc_jw *w, char c) {
  int empty = w->first[w->depth];
  if (w->depth > 0)
    w->depth--;
  if (!empty)
    indent(w);
  fputc(c, w->f);
  if (w->depth == 0)
    fputc('\n', w->f);
}

void fc_jw_obj(fc_jw *w) { open(w, '{'); }
void fc_jw_obj_end(fc_jw *w) { close_(w, '}'); }
void fc_jw_arr(fc_jw *w) { open(w, '['); }
void fc_jw_arr_end(fc_jw *w) { close_(w, ']'); }

static void qstr(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"':
      fputs("\\\"", f);
      break;
    case '\\':
      fputs("\\\\", f);
      break;
    case '\n':
      fputs("\\n", f);
      break;
    case '\r':
      fputs("\\r", f);
      break;
    case '\t':
      fputs("\\t", f);
      break;
    default:
      if (*p < 0x20) {
        fprintf(f, "\\u%04x", *p);
      } else if (*p >= 0x80) { /* a whole UTF-8 sequence, or U+FFFD for a byte that starts none */
        size_t n = fc_utf8_seq(p);
        if (n)
          fwrite(p, 1, n, f);
        else
          fputs(FC_UTF8_REPLACEMENT, f);
        p += n ? n - 1 : 0;
      } else {
        fputc(*p, f);
      }
    }
  }
  fputc('"', f);
}

void fc_jw_key(fc_jw *w, const char *k) {
  pre(w);
  qstr(w->f, k);
  fputs(": ", w->f);
  w->after_key = 1;
}

void fc_jw_str(fc_jw *w, const char *s) {
  if (!s) {
    fc_jw_null(w);
    return;
  }
  pre(w);
  qstr(w->f, s);
}

void fc_jw_int(fc_jw *w, int64_t v) {
  pre(w);
  fprintf(w->f, "%lld", (long long)v);
}

void fc_jw_money(fc_jw *w, fc_money v) {
  char buf[32];
  fc_money_format(v, 10, buf);
  size_t n = strlen(buf);
  while (n > 0 && buf[n - 1] == '0')
    n--;
  if (n > 0 && buf[n - 1] == '.')
    n--;
  buf[n] = '\0';
  pre(w);
  fputs(buf, w->f);
}

void fc_jw_real(fc_jw *w, double v, int decimals) {
  if (!isfinite(v)) {
    fc_jw_null(w);
    return;
  }
  pre(w);
  if (fabs(v) >= 9e18) /* beyond 64-bit integers: an exponent, so no reader takes it for one */
    fprintf(w->f, "%.17g", v);
  else
    fprintf(w->f, "%.*f", decimals, v);
}

void fc_jw_bool(fc_jw *w, int v) {
  pre(w);
  fputs(v ? "true" : "false", w->f);
}

void fc_jw_null(fc_jw *w) {
  pre(w);
  fputs("null", w->f);
}
