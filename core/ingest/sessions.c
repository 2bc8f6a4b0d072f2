/* sessions.c: distinct session names per principal key, in bounded space (sessions.h). */
#include "sessions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HLL_M ((size_t)1 << FC_SESSIONS_HLL_P)
#define SESSION_SEED 0x5e5510u

void fc_sessions_init(fc_sessions *s) {
  memset(s, 0, sizeof *s);
  fc_htab_init(&s->index, NULL, NULL, NULL);
}

static void sketch_free(fc_session_sketch *k) {
  free(k->exact);
  free(k->reg);
  for (uint32_t i = 0; i < k->nex; i++)
    free(k->ex[i]);
}

void fc_sessions_free(fc_sessions *s) {
  for (size_t i = 0; i < s->n; i++)
    sketch_free(&s->v[i]);
  free(s->v);
  fc_htab_free(&s->index);
  memset(s, 0, sizeof *s);
}

typedef struct id_key {
  const fc_sessions *s;
  uint32_t id;
  int32_t period;
} id_key;

static int id_eq(const void *u, uint32_t i) {
  const id_key *k = u;
  return k->s->v[i].principal == k->id && k->s->v[i].period == k->period;
}

static uint64_t id_hash(uint32_t id, int32_t period) {
  return fc_hash_u64(((uint64_t)(uint32_t)period << 32 | id) * 0x9e3779b97f4a7c15ull + 1);
}

static const fc_session_sketch *find(const fc_sessions *s, uint32_t principal, int32_t period) {
  id_key k = {s, principal, period};
  uint32_t i = fc_htab_find(&s->index, id_hash(principal, period), id_eq, &k);
  return i == FC_HTAB_NONE ? NULL : &s->v[i];
}

static fc_session_sketch *get(fc_sessions *s, uint32_t principal, int32_t period) {
  id_key k = {s, principal, period};
  uint64_t h = id_hash(principal, period);
  uint32_t i = fc_htab_find(&s->index, h, id_eq, &k);
  if (i != FC_HTAB_NONE)
    return &s->v[i];
  if (s->n == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 64;
    fc_session_sketch *nv = realloc(s->v, nc * sizeof *nv);
    if (!nv)
      return NULL;
    s->v = nv;
    s->cap = nc;
  }
  if (s->n >= UINT32_MAX - 2 || fc_htab_put(&s->index, h, (uint32_t)s->n))
    return NULL;
  fc_session_sketch *x = &s->v[s->n++];
  memset(x, 0, sizeof *x);
  x->principal = principal;
  x->period = period;
  return x;
}

/* HyperLogLog: the register of hash h and its rank (leading zeros of the rest, plus one). */
static void hll_add(uint8_t *reg, uint64_t h) {
  size_t j = (size_t)(h >> (64 - FC_SESSIONS_HLL_P));
  uint64_t w = h << FC_SESSIONS_HLL_P;
  uint8_t r = w ? (uint8_t)(__builtin_clzll(w) + 1) : (uint8_t)(64 - FC_SESSIONS_HLL_P + 1);
  if (r > reg[j])
    reg[j] = r;
}

static uint64_t hll_estimate(const uint8_t *reg) {
  double m = (double)HLL_M, sum = 0;
  size_t zeros = 0;
  for (size_t j = 0; j < HLL_M; j++) {
    sum += ldexp(1.0, -(int)reg[j]);
    zeros += reg[j] == 0;
  }
  double e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (e <= 2.5 * m && zeros)
    e = m * log(m / (double)zeros);
  return (uint64_t)llround(e);
}

/* Turns an exact sketch into an estimated one. */
static int to_hll(fc_session_sketch *k) {
  uint8_t *reg = calloc(HLL_M, 1);
  if (!reg)
    return -1;
  for (uint32_t i = 0; i < k->nexact; i++)
    hll_add(reg, k->exact[i]);
  free(k->exact);
  k->exact = NULL;
  k->reg = reg;
  k->nexact = UINT32_MAX;
  return 0;
}

/* Adds a hash to the count part. */
static int count_add(fc_session_sketch *k, uint64_t h) {
  if (k->reg) {
    hll_add(k->reg, h);
    return 0;
  }
  uint32_t lo = 0, hi = k->nexact;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (k->exact[mid] < h)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < k->nexact && k->exact[lo] == h)
    return 0;
  if (k->nexact == FC_SESSIONS_EXACT) {
    if (to_hll(k))
      return -1;
    hll_add(k->reg, h);
    return 0;
  }
  if (!k->exact && !(k->exact = malloc(FC_SESSIONS_EXACT * sizeof *k->exact)))
    return -1;
  memmove(&k->exact[lo + 1], &k->exact[lo], (k->nexact - lo) * sizeof *k->exact);
  k->exact[lo] = h;
  k->nexact++;
  return 0;
}

static int ex_cmp(uint64_t ha, const char *a, size_t na, uint64_t hb, const char *b) {
  if (ha != hb)
    return ha < hb ? -1 : 1;
  size_t nb = strlen(b);
  int c = memcmp(a, b, na < nb ? na : nb);
  return c ? c : (na < nb ? -1 : na > nb);
}

/* Keeps name among the examples when it is among the smallest (hash, text). */
static int ex_add(fc_session_sketch *k, uint64_t h, const char *name, size_t len) {
  uint32_t at = 0;
  while (at < k->nex) {
    int c = ex_cmp(h, name, len, k->ex_hash[at], k->ex[at]);
    if (c == 0)
      return 0;
    if (c < 0)
      break;
    at++;
  }
  if (at == FC_SESSIONS_EXAMPLES)
    return 0;
  char *copy = malloc(len + 1);
  if (!copy)
    return -1;
  memcpy(copy, name, len);
  copy[len] = '\0';
  if (k->nex == FC_SESSIONS_EXAMPLES)
    free(k->ex[--k->nex]);
  memmove(&k->ex[at + 1], &k->ex[at], (k->nex - at) * sizeof *k->ex);
  memmove(&k->ex_hash[at + 1], &k->ex_hash[at], (k->nex - at) * sizeof *k->ex_hash);
  k->ex[at] = copy;
  k->ex_hash[at] = h;
  k->nex++;
  return 0;
}

int fc_sessions_add(fc_sessions *s, uint32_t principal, int32_t period, const char *name, size_t len) {
  fc_session_sketch *k = get(s, principal, period);
  if (!k)
    return -1;
  uint64_t h = fc_hash_bytes(name, len, SESSION_SEED);
  return count_add(k, h) || ex_add(k, h, name, len) ? -1 : 0;
}

int fc_sessions_add_principal(fc_sessions *s, uint32_t key_id, int32_t period, const char *v, size_t n) {
  size_t k = fc_principal_key_len(v, n);
  if (k + 1 >= n || v[k] != '/')
    return 0;
  return fc_sessions_add(s, key_id, period, v + k + 1, n - k - 1);
}

int fc_sessions_merge(fc_sessions *dst, fc_strtab *dst_strings, const fc_sessions *src,
                      const fc_strtab *src_strings) {
  for (size_t i = 0; i < src->n; i++) {
    const fc_session_sketch *a = &src->v[i];
    const char *text = fc_strtab_get(src_strings, a->principal);
    uint32_t id = fc_strtab_intern(dst_strings, text, strlen(text));
    fc_session_sketch *k = id == UINT32_MAX ? NULL : get(dst, id, a->period);
    if (!k)
      return -1;
    if (a->reg) {
      if (!k->reg && to_hll(k))
        return -1;
      for (size_t j = 0; j < HLL_M; j++)
        if (a->reg[j] > k->reg[j])
          k->reg[j] = a->reg[j];
    } else {
      for (uint32_t j = 0; j < a->nexact; j++)
        if (count_add(k, a->exact[j]))
          return -1;
    }
    for (uint32_t j = 0; j < a->nex; j++)
      if (ex_add(k, a->ex_hash[j], a->ex[j], strlen(a->ex[j])))
        return -1;
  }
  return 0;
}

int fc_sessions_query(const fc_sessions *s, const uint32_t *ids, size_t n, int32_t period, uint64_t *count,
                      const char **examples, size_t max) {
  fc_session_sketch u;
  memset(&u, 0, sizeof u);
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    const fc_session_sketch *a = find(s, ids[i], period);
    if (!a)
      continue;
    if (a->reg) {
      if (!u.reg && to_hll(&u))
        rc = -1;
      for (size_t j = 0; rc == 0 && j < HLL_M; j++)
        if (a->reg[j] > u.reg[j])
          u.reg[j] = a->reg[j];
    } else {
      for (uint32_t j = 0; rc == 0 && j < a->nexact; j++)
        rc = count_add(&u, a->exact[j]);
    }
    /* the examples: borrowed from the sketches, merged by (hash, text) */
    for (uint32_t j = 0; rc == 0 && j < a->nex; j++) {
      uint32_t at = 0;
      int dup = 0;
      while (at < u.nex) {
        int c = ex_cmp(a->ex_hash[j], a->ex[j], strlen(a->ex[j]), u.ex_hash[at], u.ex[at]);
        if (c == 0)
          dup = 1;
        if (c <= 0)
          break;
        at++;
      }
      if (dup || at == FC_SESSIONS_EXAMPLES)
        continue;
      if (u.nex == FC_SESSIONS_EXAMPLES)
        u.nex--;
      memmove(&u.ex[at + 1], &u.ex[at], (u.nex - at) * sizeof *u.ex);
      memmove(&u.ex_hash[at + 1], &u.ex_hash[at], (u.nex - at) * sizeof *u.ex_hash);
      u.ex[at] = a->ex[j];
      u.ex_hash[at] = a->ex_hash[j];
      u.nex++;
    }
  }
  *count = u.reg ? hll_estimate(u.reg) : u.nexact;
  int nex = 0;
  for (uint32_t j = 0; j < u.nex && (size_t)nex < max; j++)
    examples[nex++] = u.ex[j];
  free(u.exact);
  free(u.reg);
  return rc ? -1 : nex;
}
