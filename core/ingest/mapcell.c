/* mapcell.c: JSON-object and Athena "{k=v, ...}" map cells. */
#include "mapcell.h"

#include <string.h>

void fc_mapiter_init(fc_mapiter *it, const char *cell, size_t len, char *scratch, size_t scratch_size) {
  memset(it, 0, sizeof *it);
  it->buf = scratch;
  it->cap = scratch_size;
  const char *p = cell, *end = cell + len;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
    end--;
  if (p == end) { /* empty cell: empty map */
    it->p = it->end = p;
    return;
  }
  if (*p != '{' || end[-1] != '}') {
    it->error = 1;
    it->p = it->end = p;
    return;
  }
  p++;
  end--;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  it->json = p < end && *p == '"';
  it->p = p;
  it->end = end;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads a JSON string at it->p (after the opening quote) into out; returns length or -1. */
static long json_string(fc_mapiter *it, char *out, size_t room) {
  size_t n = 0;
  const char *p = it->p;
  while (p < it->end && *p != '"') {
    char c = *p++;
    if (c == '\\') {
      if (p >= it->end)
        return -1;
      char e = *p++;
      switch (e) {
      case '"':
        c = '"';
        break;
      case '\\':
        c = '\\';
        break;
      case '/':
        c = '/';
        break;
      case 'b':
        c = '\b';
        break;
      case 'f':
        c = '\f';
        break;
      case 'n':
        c = '\n';
        break;
      case 'r':
        c = '\r';
        break;
      case 't':
        c = '\t';
        break;
      case 'u': {
        if (it->end - p < 4)
          return -1;
        unsigned cp = 0;
        for (int k = 0; k < 4; k++) {
          int h = hexval(p[k]);
          if (h < 0)
            return -1;
          cp = cp * 16 + (unsigned)h;
        }
        p += 4;
        /* a surrogate pair is one code point; a lone surrogate is not text: U+FFFD */
        if (cp >= 0xD800 && cp <= 0xDBFF && it->end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
          unsigned lo = 0;
          int k = 0;
          for (; k < 4 && hexval(p[2 + k]) >= 0; k++)
            lo = lo * 16 + (unsigned)hexval(p[2 + k]);
          if (k == 4 && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
          cp = 0xFFFD;
        char tmp[4];
        size_t tn;
        if (cp < 0x80) {
          tmp[0] = (char)cp;
          tn = 1;
        } else if (cp < 0x800) {
          tmp[0] = (char)(0xC0 | (cp >> 6));
          tmp[1] = (char)(0x80 | (cp & 0x3F));
          tn = 2;
        } else if (cp < 0x10000) {
          tmp[0] = (char)(0xE0 | (cp >> 12));
          tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
          tmp[2] = (char)(0x80 | (cp & 0x3F));
          tn = 3;
        } else {
          tmp[0] = (char)(0xF0 | (cp >> 18));
          tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
          tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
          tmp[3] = (char)(0x80 | (cp & 0x3F));
          tn = 4;
        }
        if (n + tn > room)
          return -1;
        memcpy(out + n, tmp, tn);
        n += tn;
        continue;
      }
      default:
        return -1;
      }
    }
    if (n >= room)
      return -1;
    out[n++] = c;
  }
  if (p >= it->end)
    return -1;
  it->p = p + 1; /* past the closing quote */
  return (long)n;
}

static void skip_ws(fc_mapiter *it) {
  while (it->p < it->end && (*it->p == ' ' || *it->p == '\t' || *it->p == '\n' || *it->p == '\r'))
    it->p++;
}

static int next_json(fc_mapiter *it, const char **key, size_t *klen, const char **val, size_t *vlen) {
  skip_ws(it);
  if (it->p >= it->end)
    return 0;
  if (*it->p != '"')
    goto bad;
  it->p++;
  char *kb = it->buf + it->used;
  long kn = json_string(it, kb, it->cap - it->used);
  if (kn < 0)
    goto bad;
  skip_ws(it);
  if (it->p >= it->end || *it->p != ':')
    goto bad;
  it->p++;
  skip_ws(it);
  if (it->p >= it->end)
    goto bad;
  char *vb = kb + kn;
  size_t room = it->cap - it->used - (size_t)kn;
  long vn;
  if (*it->p == '"') {
    it->p++;
    vn = json_string(it, vb, room);
    if (vn < 0)
      goto bad;
  } else if (*it->p == '{' || *it->p == '[') {
    goto bad; /* nested values do not occur in CUR maps */
  } else {    /* number, true, false, null: the literal text */
    const char *s = it->p;
    while (it->p < it->end && *it->p != ',' && *it->p != ' ' && *it->p != '\t')
      it->p++;
    vn = it->p - s;
    if (vn == 0 || (size_t)vn > room)
      goto bad;
    if (vn == 4 && memcmp(s, "null", 4) == 0)
      vn = 0;
    else
      memcpy(vb, s, (size_t)vn);
  }
  skip_ws(it);
  if (it->p < it->end) {
    if (*it->p != ',')
      goto bad;
    it->p++;
  }
  *key = kb;
  *klen = (size_t)kn;
  *val = vb;
  *vlen = (size_t)vn;
  it->used += (size_t)kn + (size_t)vn;
  return 1;
bad:
  it->error = 1;
  it->p = it->end;
  return 0;
}

/* Athena renders map<string,string> as {k=v, k2=v2} with no quoting; a value holding ", " is
 * ambiguous there, so a part without '=' is taken as the continuation of the previous value. */
static int next_athena(fc_mapiter *it, const char **key, size_t *klen, const char **val, size_t *vlen) {
  skip_ws(it);
  if (it->p >= it->end)
    return 0;
  const char *s = it->p;
  const char *eq = memchr(s, '=', (size_t)(it->end - s));
  if (!eq || eq == s) {
    it->error = 1;
    it->p = it->end;
    return 0;
  }
  const char *v = eq + 1;
  const char *e = v;
  for (;;) {
    const char *c = memchr(e, ',', (size_t)(it->end - e));
    if (!c) {
      e = it->end;
      break;
    }
    /* does the next part look like "key=" (no comma before its '=')? */
    const char *q = c + 1;
    while (q < it->end && *q == ' ')
      q++;
    const char *neq = memchr(q, '=', (size_t)(it->end - q));
    const char *ncomma = memchr(q, ',', (size_t)(it->end - q));
    if (neq && (!ncomma || neq < ncomma)) {
      e = c;
      break;
    }
    e = c + 1;
  }
  *key = s;
  *klen = (size_t)(eq - s);
  *val = v;
  *vlen = (size_t)(e - v);
  it->p = e < it->end ? e + 1 : e;
  return 1;
}

int fc_mapiter_next(fc_mapiter *it, const char **key, size_t *klen, const char **val, size_t *vlen) {
  if (it->error || it->p >= it->end)
    return 0;
  return it->json ? next_json(it, key, klen, val, vlen) : next_athena(it, key, klen, val, vlen);
}
