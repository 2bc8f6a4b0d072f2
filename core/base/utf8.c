/* utf8.c: see utf8.h. */
#include "utf8.h"

#include <string.h>

size_t fc_utf8_seq(const unsigned char *s) {
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  size_t n;
  unsigned min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  unsigned cp = c & (0x7F >> n);
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = cp << 6 | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

int fc_utf8_valid(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    size_t n = fc_utf8_seq(p);
    if (!n)
      return 0;
    p += n;
  }
  return 1;
}

char *fc_utf8_fix(const char *s, char *out, size_t size) {
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    size_t n = fc_utf8_seq(p);
    const char *src = n ? (const char *)p : FC_UTF8_REPLACEMENT;
    size_t len = n ? n : 3;
    if (o + len >= size)
      break;
    memcpy(out + o, src, len);
    o += len;
    p += n ? n : 1;
  }
  out[o] = '\0';
  return out;
}

void fc_utf8_put(FILE *f, const char *s) {
  const unsigned char *p = (const unsigned char *)s, *run = p;
  while (*p) {
    size_t n = fc_utf8_seq(p);
    if (n) {
      p += n;
      continue;
    }
    fwrite(run, 1, (size_t)(p - run), f);
    fputs(FC_UTF8_REPLACEMENT, f);
    run = ++p;
  }
  fwrite(run, 1, (size_t)(p - run), f);
}
