/* jread.c: JSON with exact numbers (numbers become strings before jansson sees them). */
#include "jread.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int num_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

json_t *fc_jread_text(const char *text, size_t len, char *err, size_t err_size) {
  /* every number token gains two quotes: never more than 3 * len bytes */
  char *q = malloc(3 * len + 2);
  if (!q) {
    snprintf(err, err_size, "out of memory");
    return NULL;
  }
  size_t o = 0;
  int in_str = 0;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (in_str) {
      q[o++] = c;
      if (c == '\\' && i + 1 < len)
        q[o++] = text[++i];
      else if (c == '"')
        in_str = 0;
    } else if (c == '"') {
      in_str = 1;
      q[o++] = c;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      q[o++] = '"';
      while (i < len && num_char(text[i]))
        q[o++] = text[i++];
      i--;
      q[o++] = '"';
    } else {
      q[o++] = c;
    }
  }
  json_error_t je;
  json_t *root = json_loadb(q, o, JSON_REJECT_DUPLICATES, &je);
  free(q);
  if (!root)
    snprintf(err, err_size, "line %d, column %d: %s", je.line, je.column, je.text);
  return root;
}

json_t *fc_jread_file(const char *path, char *err, size_t err_size) {
  char *buf;
  size_t n;
  if (fc_read_file(path, &buf, &n)) {
    snprintf(err, err_size, "%s: %s", path, strerror(errno));
    return NULL;
  }
  char e[200];
  json_t *root = fc_jread_text(buf, n, e, sizeof e);
  free(buf);
  if (!root)
    snprintf(err, err_size, "%s: %s", path, e);
  return root;
}

json_t *fc_jget(const json_t *o, const char *key) {
  return json_is_object(o) ? json_object_get(o, key) : NULL;
}

const char *fc_jstr(const json_t *o, const char *key) {
  json_t *v = fc_jget(o, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

int fc_jmoney(const json_t *o, const char *key, fc_money *v) {
  *v = 0;
  const char *s = fc_jstr(o, key);
  if (!s || !*s)
    return 0;
  fc_money m;
  if (fc_money_parse(s, strlen(s), &m, NULL))
    return 0;
  *v = m;
  return 1;
}

int fc_jint(const json_t *o, const char *key, int64_t *v) {
  *v = 0;
  const char *s = fc_jstr(o, key);
  int64_t x;
  if (!s || !*s || fc_decimal_parse(s, strlen(s), 0, &x, NULL))
    return 0;
  *v = x;
  return 1;
}

int fc_jratio(const json_t *o, const char *key, int64_t *v) {
  *v = 0;
  const char *s = fc_jstr(o, key);
  int64_t x;
  if (!s || !*s || fc_decimal_parse(s, strlen(s), 6, &x, NULL))
    return 0;
  *v = x;
  return 1;
}

static int sb_grow(fc_sb *b, size_t extra) {
  if (b->oom)
    return -1;
  if (b->n + extra + 1 <= b->cap)
    return 0;
  size_t nc = b->cap ? b->cap : 256;
  while (nc < b->n + extra + 1)
    nc *= 2;
  char *ns = realloc(b->s, nc);
  if (!ns) {
    b->oom = 1;
    return -1;
  }
  b->s = ns;
  b->cap = nc;
  return 0;
}

void fc_sb_add(fc_sb *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char tmp[512];
  int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (k < 0)
    return;
  if ((size_t)k < sizeof tmp) {
    fc_sb_addn(b, tmp, (size_t)k);
    return;
  }
  if (sb_grow(b, (size_t)k))
    return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
  va_end(ap);
  b->n += (size_t)k;
}

void fc_sb_addn(fc_sb *b, const char *s, size_t n) {
  if (sb_grow(b, n))
    return;
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

void fc_sb_clear(fc_sb *b) {
  b->n = 0;
  if (b->s)
    b->s[0] = 0;
}

void fc_sb_free(fc_sb *b) {
  free(b->s);
  memset(b, 0, sizeof *b);
}

const char *fc_sb_str(const fc_sb *b) { return b->s ? b->s : ""; }
