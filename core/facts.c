/* facts.c: string interning and the aggregated fact table. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

int fc_strtab_init(fc_strtab *t) {
  memset(t, 0, sizeof *t);
  fc_arena_init(&t->arena);
  t->nslots = 1024;
  t->slots = calloc(t->nslots, sizeof *t->slots);
  if (!t->slots)
    return -1;
  return fc_strtab_intern(t, "", 0) == 0 ? 0 : -1;
}

static int strtab_grow(fc_strtab *t) {
  size_t ns = t->nslots * 2;
  uint32_t *s = calloc(ns, sizeof *s);
  if (!s)
    return -1;
  for (uint32_t id = 0; id < t->n; id++) {
    size_t h = fc_hash_bytes(t->str[id], t->len[id], 0) & (ns - 1);
    while (s[h])
      h = (h + 1) & (ns - 1);
    s[h] = id + 1;
  }
  free(t->slots);
  t->slots = s;
  t->nslots = ns;
  return 0;
}

uint32_t fc_strtab_lookup(const fc_strtab *t, const char *s, size_t len) {
  size_t h = fc_hash_bytes(s, len, 0) & (t->nslots - 1);
  for (;;) {
    uint32_t e = t->slots[h];
    if (!e)
      return UINT32_MAX;
    if (t->len[e - 1] == len && memcmp(t->str[e - 1], s, len) == 0)
      return e - 1;
    h = (h + 1) & (t->nslots - 1);
  }
}

uint32_t fc_strtab_intern(fc_strtab *t, const char *s, size_t len) {
  size_t h = fc_hash_bytes(s, len, 0) & (t->nslots - 1);
  for (;;) {
    uint32_t e = t->slots[h];
    if (!e)
      break;
    if (t->len[e - 1] == len && memcmp(t->str[e - 1], s, len) == 0)
      return e - 1;
    h = (h + 1) & (t->nslots - 1);
  }
  if (len > UINT32_MAX - 1 || t->n == UINT32_MAX - 1)
    return UINT32_MAX;
  if (t->n == t->cap) {
    uint32_t nc = t->cap ? t->cap * 2 : 256;
    const char **ns = realloc(t->str, nc * sizeof *ns);
    if (!ns)
      return UINT32_MAX;
    t->str = ns;
    uint32_t *nl = realloc(t->len, nc * sizeof *nl);
    if (!nl)
      return UINT32_MAX;
    t->len = nl;
    t->cap = nc;
  }
  char *copy = fc_arena_strndup(&t->arena, s, len);
  if (!copy)
    return UINT32_MAX;
  uint32_t id = t->n++;
  t->str[id] = copy;
  t->len[id] = (uint32_t)len;
  t->slots[h] = id + 1;
  if ((size_t)t->n * 2 > t->nslots && strtab_grow(t))
    return UINT32_MAX;
  return id;
}

const char *fc_strtab_get(const fc_strtab *t, uint32_t id) { return id < t->n ? t->str[id] : ""; }

void fc_strtab_free(fc_strtab *t) {
  fc_arena_free(&t->arena);
  free(t->str);
  free(t->len);
  free(t->slots);
  memset(t, 0, sizeof *t);
}

int fc_facts_init(fc_facts *f) {
  memset(f, 0, sizeof *f);
  if (fc_strtab_init(&f->strings))
    return -1;
  f->nslots = 1024;
  f->slots = calloc(f->nslots, sizeof *f->slots);
  return f->slots ? 0 : -1;
}

static size_t key_hash(const uint32_t key[FC_DIM_COUNT]) {
  return (size_t)fc_hash_bytes(key, sizeof(uint32_t) * FC_DIM_COUNT, 0x5eed);
}

static int facts_grow(fc_facts *f) {
  size_t ns = f->nslots * 2;
  uint32_t *s = calloc(ns, sizeof *s);
  if (!s)
    return -1;
  for (size_t i = 0; i < f->n; i++) {
    size_t h = key_hash(f->v[i].dim) & (ns - 1);
    while (s[h])
      h = (h + 1) & (ns - 1);
    s[h] = (uint32_t)i + 1;
  }
  free(f->slots);
  f->slots = s;
  f->nslots = ns;
  return 0;
}

fc_status fc_facts_add(fc_facts *f, const uint32_t key[FC_DIM_COUNT], int64_t amount, fc_money cost,
                       uint64_t rows) {
  size_t h = key_hash(key) & (f->nslots - 1);
  for (;;) {
    uint32_t e = f->slots[h];
    if (!e)
      break;
    fc_fact *x = &f->v[e - 1];
    if (memcmp(x->dim, key, sizeof x->dim) == 0) {
      int64_t a = x->usage_amount, c = x->cost;
      if (fc_add_checked(&a, amount) || fc_add_checked(&c, cost))
        return FC_ERR_OVERFLOW;
      x->usage_amount = a;
      x->cost = c;
      x->rows += rows;
      return FC_OK;
    }
    h = (h + 1) & (f->nslots - 1);
  }
  if (f->n >= UINT32_MAX - 1)
    return FC_ERR_NOMEM;
  if (f->n == f->cap) {
    size_t nc = f->cap ? f->cap * 2 : 1024;
    fc_fact *nv = realloc(f->v, nc * sizeof *nv);
    if (!nv)
      return FC_ERR_NOMEM;
    f->v = nv;
    f->cap = nc;
  }
  fc_fact *x = &f->v[f->n];
  memcpy(x->dim, key, sizeof x->dim);
  x->usage_amount = amount;
  x->cost = cost;
  x->rows = rows;
  f->slots[h] = (uint32_t)++f->n;
  if (f->n * 2 > f->nslots && facts_grow(f))
    return FC_ERR_NOMEM;
  return FC_OK;
}

/* Orders by dimension values, comparing string dimensions by text so the order does not depend
 * on which string happened to be interned first. */
static int fact_cmp(const void *pa, const void *pb, void *strings) {
  const fc_fact *a = pa, *b = pb;
  const fc_strtab *sort_strings = strings;
  for (int d = 0; d < FC_DIM_COUNT; d++) {
    if (a->dim[d] == b->dim[d])
      continue;
    if (d == FC_DIM_PERIOD || d == FC_DIM_DAY || d == FC_DIM_FAMILY)
      return a->dim[d] < b->dim[d] ? -1 : 1;
    int c = strcmp(fc_strtab_get(sort_strings, a->dim[d]), fc_strtab_get(sort_strings, b->dim[d]));
    if (c)
      return c;
  }
  return 0;
}

void fc_facts_sort(fc_facts *f) {
  if (f->n > 1)
    qsort_r(f->v, f->n, sizeof *f->v, fact_cmp, &f->strings);
  free(f->slots);
  f->slots = NULL;
  f->nslots = 0;
}

void fc_facts_free(fc_facts *f) {
  fc_strtab_free(&f->strings);
  free(f->v);
  free(f->slots);
  memset(f, 0, sizeof *f);
}

size_t fc_principal_key_len(const char *v, size_t n) {
  static const char role[] = "assumed-role/";
  if (n < 4 || memcmp(v, "arn:", 4) != 0)
    return n;
  size_t i = 4, f[4];
  for (int k = 0; k < 4; k++) { /* partition, service, region, account: each ends at ':' */
    f[k] = i;
    const char *c = memchr(v + i, ':', n - i);
    if (!c)
      return n;
    i = (size_t)(c - v) + 1;
  }
  /* f[1] service "sts", f[2] region empty, f[3] account: 12 digits */
  if (f[2] - f[1] != 4 || memcmp(v + f[1], "sts", 3) != 0 || f[3] - f[2] != 1 || i - f[3] != 13)
    return n;
  for (size_t k = f[3]; k < i - 1; k++)
    if (v[k] < '0' || v[k] > '9')
      return n;
  if (n - i < sizeof role - 1 || memcmp(v + i, role, sizeof role - 1) != 0)
    return n;
  size_t name = i + sizeof role - 1;
  const char *slash = memchr(v + name, '/', n - name);
  if (!slash || slash == v + name)
    return n;
  return (size_t)(slash - v);
}
