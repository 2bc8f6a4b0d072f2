/* facts.c: string interning and the aggregated fact table. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

int fc_strtab_init(fc_strtab *t) {
  memset(t, 0, sizeof *t);
  fc_arena_init(&t->arena);
  fc_htab_init(&t->index, NULL, NULL, NULL);
  if (fc_htab_reserve(&t->index, 512))
    return -1;
  return fc_strtab_intern(t, "", 0) == 0 ? 0 : -1;
}

typedef struct str_key {
  const fc_strtab *t;
  const char *s;
  size_t len;
} str_key;

static int str_eq(const void *u, uint32_t id) {
  const str_key *k = u;
  return k->t->len[id] == k->len && memcmp(k->t->str[id], k->s, k->len) == 0;
}

uint32_t fc_strtab_lookup(const fc_strtab *t, const char *s, size_t len) {
  str_key k = {t, s, len};
  return fc_htab_find(&t->index, fc_hash_bytes(s, len, 0), str_eq, &k);
}

uint32_t fc_strtab_intern(fc_strtab *t, const char *s, size_t len) {
  uint64_t h = fc_hash_bytes(s, len, 0);
  str_key k = {t, s, len};
  uint32_t found = fc_htab_find(&t->index, h, str_eq, &k);
  if (found != FC_HTAB_NONE)
    return found;
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
  uint32_t id = t->n;
  if (fc_htab_put(&t->index, h, id))
    return UINT32_MAX;
  t->n++;
  t->str[id] = copy;
  t->len[id] = (uint32_t)len;
  return id;
}

const char *fc_strtab_get(const fc_strtab *t, uint32_t id) { return id < t->n ? t->str[id] : ""; }

void fc_strtab_free(fc_strtab *t) {
  fc_arena_free(&t->arena);
  free(t->str);
  free(t->len);
  fc_htab_free(&t->index);
  memset(t, 0, sizeof *t);
}

int fc_facts_init(fc_facts *f) {
  memset(f, 0, sizeof *f);
  if (fc_strtab_init(&f->strings))
    return -1;
  fc_htab_init(&f->index, NULL, NULL, NULL);
  return fc_htab_reserve(&f->index, 512);
}

static uint64_t key_hash(const uint32_t key[FC_DIM_COUNT]) {
  return fc_hash_bytes(key, sizeof(uint32_t) * FC_DIM_COUNT, 0x5eed);
}

typedef struct fact_key {
  const fc_facts *f;
  const uint32_t *key;
} fact_key;

static int fact_eq(const void *u, uint32_t i) {
  const fact_key *k = u;
  return memcmp(k->f->v[i].dim, k->key, sizeof k->f->v[i].dim) == 0;
}

fc_status fc_facts_add(fc_facts *f, const uint32_t key[FC_DIM_COUNT], int64_t amount, fc_money cost,
                       uint64_t rows) {
  uint64_t h = key_hash(key);
  fact_key fk = {f, key};
  uint32_t e = fc_htab_find(&f->index, h, fact_eq, &fk);
  if (e != FC_HTAB_NONE) {
    fc_fact *x = &f->v[e];
    int64_t a = x->usage_amount, c = x->cost;
    if (fc_add_checked(&a, amount) || fc_add_checked(&c, cost))
      return FC_ERR_OVERFLOW;
    x->usage_amount = a;
    x->cost = c;
    x->rows += rows;
    f->last = e;
    return FC_OK;
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
  if (fc_htab_put(&f->index, h, (uint32_t)f->n))
    return FC_ERR_NOMEM;
  f->last = f->n;
  fc_fact *x = &f->v[f->n++];
  memcpy(x->dim, key, sizeof x->dim);
  x->usage_amount = amount;
  x->cost = cost;
  x->rows = rows;
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
  fc_htab_free(&f->index);
}

typedef struct order_ctx {
  const fc_facts *f;
} order_ctx;

static int index_cmp(const void *pa, const void *pb, void *ctx) {
  const fc_facts *f = ((const order_ctx *)ctx)->f;
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return fact_cmp(&f->v[a], &f->v[b], (void *)&f->strings);
}

int fc_facts_sort_order(fc_facts *f, uint32_t *old_index) {
  /* sort the indexes, then move the facts along the permutation's cycles: no second copy */
  unsigned char *done = calloc(f->n / 8 + 1, 1);
  if (!done)
    return -1;
  for (size_t i = 0; i < f->n; i++)
    old_index[i] = (uint32_t)i;
  order_ctx c = {f};
  if (f->n > 1)
    qsort_r(old_index, f->n, sizeof *old_index, index_cmp, &c);
  for (size_t i = 0; i < f->n; i++) {
    if (done[i / 8] >> (i % 8) & 1)
      continue;
    fc_fact tmp = f->v[i];
    size_t j = i;
    for (;;) {
      size_t k = old_index[j];
      done[j / 8] |= (unsigned char)(1u << (j % 8));
      if (k == i) {
        f->v[j] = tmp;
        break;
      }
      f->v[j] = f->v[k];
      j = k;
    }
  }
  free(done);
  /* the key index points at the old order: drop it (the facts are final once sorted) */
  fc_htab_free(&f->index);
  return 0;
}

void fc_facts_free(fc_facts *f) {
  fc_strtab_free(&f->strings);
  free(f->v);
  fc_htab_free(&f->index);
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
