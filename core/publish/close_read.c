/* close_read.c: reads from a published summary.json only what the month-end close compares (see
 * closing.h, fc_close_read): a large organisation's summary.json holds tens of megabytes of
 * results, and a JSON tree of all of it would cost several times that in memory. The text is
 * walked once (strings and nesting only); the members kept are parsed with exact numbers. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "closing.h"
#include "jread.h"
#include "util.h"

/* The end of the string whose opening quote is p[i]: just past its closing quote (a quote is
 * escaped when an odd run of backslashes precedes it within the string); n when unterminated. */
static size_t string_end(const char *p, size_t n, size_t i) {
  for (size_t j = i + 1; j < n;) {
    const char *q = memchr(p + j, '"', n - j);
    if (!q)
      return n;
    size_t at = (size_t)(q - p), k = at;
    while (k > i + 1 && p[k - 1] == '\\')
      k--;
    if ((at - k) % 2 == 0)
      return at + 1;
    j = at + 1;
  }
  return n;
}

/* The end of the JSON value starting at p[i] (whitespace skipped before it); n when unterminated. */
static size_t value_end(const char *p, size_t n, size_t i) {
  int depth = 0;
  for (; i < n; i++) {
    char c = p[i];
    if (c == '"') { /* strings (most of the text) skipped by memchr */
      i = string_end(p, n, i);
      if (i >= n)
        return n;
      if (depth == 0)
        return i;
      i--; /* the loop steps past the closing quote */
    } else if (c == '{' || c == '[') {
      depth++;
    } else if (c == '}' || c == ']') {
      if (--depth == 0)
        return i + 1;
      if (depth < 0)
        return i;
    } else if (depth == 0 && (c == ',' || c == '\n') && i > 0) {
      return i; /* a number, true, false or null */
    }
  }
  return n;
}

static size_t skip_ws(const char *p, size_t n, size_t i) {
  while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\t' || p[i] == '\r'))
    i++;
  return i;
}

/* Calls fn for every member of the object at p[i]: key (not unescaped; our keys need no escapes)
 * and the value's span. Returns 0, or -1 when the text is not an object. */
typedef int (*member_fn)(void *ctx, const char *key, size_t klen, const char *v, size_t vlen);
static int members(const char *p, size_t n, size_t i, member_fn fn, void *ctx) {
  i = skip_ws(p, n, i);
  if (i >= n || p[i] != '{')
    return -1;
  i++;
  for (;;) {
    i = skip_ws(p, n, i);
    if (i < n && p[i] == '}')
      return 0;
    if (i >= n || p[i] != '"')
      return -1;
    size_t ke = value_end(p, n, i);
    const char *key = p + i + 1;
    size_t klen = ke - i - 2;
    i = skip_ws(p, n, ke);
    if (i >= n || p[i] != ':')
      return -1;
    i = skip_ws(p, n, i + 1);
    size_t ve = value_end(p, n, i);
    if (fn(ctx, key, klen, p + i, ve - i))
      return -1;
    i = skip_ws(p, n, ve);
    if (i < n && p[i] == ',')
      i++;
  }
}

typedef struct rd {
  json_t *out, *results;
  const char *const *keys;
  const char *const *cb_keys;
  int found_cb;
  int oom, bad;
} rd;

static int keep(rd *x, json_t *into, const char *key, size_t klen, const char *v, size_t vlen) {
  char err[200];
  json_t *j = fc_jread_text(v, vlen, err, sizeof err);
  char *k = fc_strndup(key, klen);
  if (!j || !k || json_object_set_new(into, k, j)) {
    if (!j && strstr(err, "out of memory"))
      x->oom = 1;
    else if (!j)
      x->bad = 1;
    else if (!k)
      x->oom = 1;
    if (j && !k) /* json_object_set_new was not called: j is still ours */
      json_decref(j);
    free(k);
    return -1;
  }
  free(k);
  return 0;
}

static int is(const char *key, size_t klen, const char *name) {
  return strlen(name) == klen && !memcmp(key, name, klen);
}

/* A result whose first row has every chargeback column: the chargeback. */
static int chargeback_like(rd *x, const char *v, size_t vlen) {
  size_t i = skip_ws(v, vlen, 0);
  if (i >= vlen || v[i] != '[')
    return 0;
  i = skip_ws(v, vlen, i + 1);
  if (i >= vlen || v[i] != '{')
    return 0;
  size_t e = value_end(v, vlen, i);
  char err[200];
  json_t *row = fc_jread_text(v + i, e - i, err, sizeof err);
  if (!row) {
    x->oom |= strstr(err, "out of memory") != NULL;
    return 0;
  }
  int ok = 1;
  for (size_t k = 0; x->cb_keys[k] && ok; k++)
    ok = fc_jget(row, x->cb_keys[k]) != NULL;
  json_decref(row);
  return ok;
}

static int result_member(void *ctx, const char *key, size_t klen, const char *v, size_t vlen) {
  rd *x = ctx;
  for (size_t k = 0; x->keys[k]; k++)
    if (is(key, klen, x->keys[k]))
      return keep(x, x->results, key, klen, v, vlen);
  if (x->cb_keys && !x->found_cb && !(klen > 7 && !memcmp(key, "ledger.", 7)) &&
      chargeback_like(x, v, vlen)) {
    x->found_cb = 1;
    return keep(x, x->out, "chargeback", 10, v, vlen);
  }
  return x->oom ? -1 : 0;
}

static int top_member(void *ctx, const char *key, size_t klen, const char *v, size_t vlen) {
  rd *x = ctx;
  if ((is(key, klen, "period") || is(key, klen, "as_of")) && vlen >= 2 && v[0] == '"') {
    char *k = fc_strndup(key, klen); /* a date: no escapes */
    json_t *s = json_stringn(v + 1, vlen - 2);
    int bad = !k || !s || json_object_set_new(x->out, k, s);
    if (bad && s && !k)
      json_decref(s);
    free(k);
    x->oom |= bad;
    return bad ? -1 : 0;
  }
  if (is(key, klen, "results"))
    return members(v, vlen, 0, result_member, x);
  return 0;
}

json_t *fc_close_read(const char *path, const char *const *keys, const char *const *chargeback_keys,
                      char *err, size_t err_size) {
  /* mapped, not read: a copy of tens of megabytes into fresh memory costs a page fault per page */
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    snprintf(err, err_size, "%s: %s", path, strerror(errno));
    if (fd >= 0)
      close(fd);
    return NULL;
  }
  size_t n = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
  char *text = NULL, *map = NULL;
  if (n) {
    map = mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED)
      map = NULL;
    text = map;
  }
  close(fd);
  if (!map && fc_read_file(path, &text, &n)) { /* not a regular file, or not mappable */
    snprintf(err, err_size, "%s: %s", path, strerror(errno));
    return NULL;
  }
  rd x = {json_object(), json_object(), keys, chargeback_keys, 0, 0, 0};
  if (!x.out || !x.results || json_object_set(x.out, "results", x.results)) {
    x.oom = 1;
  } else if (members(text, n, 0, top_member, &x) && !x.oom) {
    x.bad = 1;
  }
  if (map)
    munmap(map, n);
  else
    free(text);
  json_decref(x.results);
  if (x.oom || x.bad) {
    snprintf(err, err_size, "%s: %s", path, x.oom ? "out of memory" : "not a summary.json");
    json_decref(x.out);
    return NULL;
  }
  return x.out;
}
