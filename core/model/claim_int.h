/* claim_int.h: the growing text buffer claim.c and claim_ledger.c share. */
#ifndef FC_CLAIM_INT_H
#define FC_CLAIM_INT_H

#include <stdlib.h>
#include <string.h>

typedef struct tbuf {
  char *p;
  size_t n, cap;
  int oom;
} tbuf;

static inline void put(tbuf *b, const char *s, size_t n) {
  if (b->oom)
    return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1)
      cap *= 2;
    char *np = realloc(b->p, cap);
    if (!np) {
      b->oom = 1;
      return;
    }
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

static inline void puts_b(tbuf *b, const char *s) { put(b, s, strlen(s)); }

#endif
