/* jsonw.c: the JSON writer. */
#include "jsonw.h"

#include <math.h>
#include <string.h>

#include "numfmt.h"
#include "utf8.h"
#include "util.h"

/* The writer is the FILE's only user while it writes: unlocked stdio, numbers formatted here
 * (numfmt.c: byte for byte printf's). */
#define PUTC(c, f) fputc_unlocked((c), (f))
#define PUTS(s, f) fputs_unlocked((s), (f))
#define WRITE(p, n, f) fwrite_unlocked((p), 1, (n), (f))

void fc_jw_init(fc_jw *w, FILE *f) {
  memset(w, 0, sizeof *w);
  w->f = f;
  w->first[0] = 1;
}

static void indent(fc_jw *w) {
  static const char spaces[] = "\n                                                                ";
  int d = w->depth;
  WRITE(spaces, 1 + 2 * (size_t)(d < 32 ? d : 32), w->f);
  for (int i = 32; i < d; i++)
    PUTS("  ", w->f);
}

/* Separator and indentation before a value (or a key). */
static void pre(fc_jw *w) {
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (w->depth > 0) {
    if (!w->first[w->depth])
      PUTC(',', w->f);
    indent(w);
  }
  w->first[w->depth] = 0;
}

static void open(fc_jw *w, char c) {
  pre(w);
  PUTC(c, w->f);
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
  PUTC(c, w->f);
  if (w->depth == 0)
    PUTC('\n', w->f);
}

void fc_jw_obj(fc_jw *w) { open(w, '{'); }
void fc_jw_obj_end(fc_jw *w) { close_(w, '}'); }
void fc_jw_arr(fc_jw *w) { open(w, '['); }
void fc_jw_arr_end(fc_jw *w) { close_(w, ']'); }

/* 1 for the bytes written as they are: ASCII from the space up, but the quote and the backslash */
static int plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

static void qstr(FILE *f, const char *s) {
  PUTC('"', f);
  const unsigned char *p = (const unsigned char *)s;
  for (;;) {
    const unsigned char *run = p; /* bytes that need no escape, and whole UTF-8 sequences */
    for (;;) {
      while (plain(*p))
        p++;
      size_t n = *p >= 0x80 ? fc_utf8_seq(p) : 0;
      if (!n)
        break;
      p += n;
    }
    if (p > run)
      WRITE(run, (size_t)(p - run), f);
    if (!*p)
      break;
    switch (*p) {
    case '"':
      PUTS("\\\"", f);
      break;
    case '\\':
      PUTS("\\\\", f);
      break;
    case '\n':
      PUTS("\\n", f);
      break;
    case '\r':
      PUTS("\\r", f);
      break;
    case '\t':
      PUTS("\\t", f);
      break;
    default:
      if (*p < 0x20) {
        static const char hx[] = "0123456789abcdef";
        char u[6] = {'\\', 'u', '0', '0', hx[*p >> 4], hx[*p & 15]};
        WRITE(u, sizeof u, f);
      } else { /* a byte that starts no UTF-8 sequence: U+FFFD */
        PUTS(FC_UTF8_REPLACEMENT, f);
      }
    }
    p++;
  }
  PUTC('"', f);
}

void fc_jw_key(fc_jw *w, const char *k) {
  pre(w);
  qstr(w->f, k);
  WRITE(": ", 2, w->f);
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
  char buf[24];
  WRITE(buf, fc_fmt_i64(buf, v), w->f);
}

void fc_jw_money(fc_jw *w, fc_money v) {
  char buf[32];
  fc_money_format(v, 10, buf);
  size_t n = strlen(buf);
  while (n > 0 && buf[n - 1] == '0')
    n--;
  if (n > 0 && buf[n - 1] == '.')
    n--;
  pre(w);
  WRITE(buf, n, w->f);
}

void fc_jw_real(fc_jw *w, double v, int decimals) {
  if (!isfinite(v)) {
    fc_jw_null(w);
    return;
  }
  pre(w);
  char buf[32];
  size_t n = fc_fmt_fixed(buf, v, decimals);
  if (n)
    WRITE(buf, n, w->f);
  else if (fabs(v) >= 9e18) /* beyond 64-bit integers: an exponent, so no reader takes it for one */
    fprintf(w->f, "%.17g", v);
  else
    fprintf(w->f, "%.*f", decimals, v);
}

void fc_jw_bool(fc_jw *w, int v) {
  pre(w);
  PUTS(v ? "true" : "false", w->f);
}

void fc_jw_null(fc_jw *w) {
  pre(w);
  WRITE("null", 4, w->f);
}
