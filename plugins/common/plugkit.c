/* plugkit.c: see plugkit.h. */
#include "plugkit.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int fck_add(fc_ctx *ctx, int64_t *a, int64_t b) {
  if (fc_add_checked(a, b)) {
    FC_API(ctx)->error(ctx, "a sum left the range of the fixed-point money type");
    return -1;
  }
  return 0;
}

char *fck_group(int64_t v, char *buf) {
  char raw[32];
  snprintf(raw, sizeof raw, "%lld", (long long)v);
  return fc_group_digits(raw, buf, 32);
}

char *fck_usd(fc_money v, char *buf) {
  int neg = v < 0;
  uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  uint64_t cents = u / 100000000ULL + (u % 100000000ULL >= 50000000ULL);
  char raw[40];
  snprintf(raw, sizeof raw, "%s%llu.%02u", neg && cents ? "-" : "", (unsigned long long)(cents / 100),
           (unsigned)(cents % 100));
  return fc_group_digits(raw, buf, 40);
}

static void *arena_alloc(void *ctx, size_t size) { return FC_API((fc_ctx *)ctx)->alloc(ctx, size); }

void fck_htab_init(fc_ctx *ctx, fc_htab *t) { fc_htab_init(t, arena_alloc, NULL, ctx); }

void fck_kmap_init(fck_kmap *m, fc_ctx *ctx, size_t ksize, size_t vsize) {
  memset(m, 0, sizeof *m);
  m->ctx = ctx;
  m->ksize = ksize;
  m->vsize = vsize;
  fck_htab_init(ctx, &m->idx);
}

typedef struct kmap_probe {
  const fck_kmap *m;
  const void *key;
} kmap_probe;

static int kmap_eq(const void *u, uint32_t i) {
  const kmap_probe *p = u;
  return memcmp(fck_kmap_key(p->m, i), p->key, p->m->ksize) == 0;
}

void *fck_kmap_get(fck_kmap *m, const void *key, int create) {
  const fc_host_api *api = FC_API(m->ctx);
  uint64_t h = fc_hash_bytes(key, m->ksize, 0);
  kmap_probe p = {m, key};
  uint32_t found = fc_htab_find(&m->idx, h, kmap_eq, &p);
  if (found != FC_HTAB_NONE)
    return fck_kmap_val(m, found);
  if (!create)
    return NULL;
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    if (cap > INT32_MAX / 2)
      return NULL;
    unsigned char *k = api->alloc(m->ctx, cap * m->ksize), *v = api->alloc(m->ctx, cap * m->vsize);
    if (!k || !v)
      return NULL;
    if (m->n) {
      memcpy(k, m->keys, m->n * m->ksize);
      memcpy(v, m->vals, m->n * m->vsize);
    }
    m->keys = k;
    m->vals = v;
    m->cap = cap;
  }
  if (fc_htab_put(&m->idx, h, (uint32_t)m->n))
    return NULL;
  size_t i = m->n++;
  memcpy(fck_kmap_key(m, i), key, m->ksize);
  return fck_kmap_val(m, i);
}

char *fck_strf(fc_ctx *ctx, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = n >= 0 ? FC_API(ctx)->alloc(ctx, (size_t)n + 1) : NULL;
  if (p)
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

int fck_col(const fc_host_api *api, const fc_table *t, const char *name, fc_coltype type) {
  for (size_t c = 0; t && c < api->table_cols(t); c++) {
    const fc_column *col = api->table_col(t, c);
    if (strcmp(col->name, name) == 0 && col->type == type)
      return (int)c;
  }
  return -1;
}

static fc_status owners_open(fc_ctx *ctx, fck_owners *o, const char *name) {
  const fc_host_api *api = FC_API(ctx);
  o->t = api->table_find(ctx, name);
  if (!o->t) {
    api->error(ctx,
               "result '%s' is missing: this plugin needs the attribution plugin (attribution.so) in the "
               "plugins folder",
               name);
    return FC_ERR_PLUGIN;
  }
  o->fact = fck_col(api, o->t, "fact", FC_COL_INT);
  o->facts = fck_col(api, o->t, "facts", FC_COL_INT);
  o->workload = fck_col(api, o->t, "workload", FC_COL_INT);
  o->usage = fck_col(api, o->t, "usage", FC_COL_INT);
  if (o->fact < 0 || o->workload < 0 || o->usage < 0) {
    api->error(ctx, "result '%s' lacks the INT columns fact, workload and usage", name);
    return FC_ERR_PLUGIN;
  }
  api->facts(ctx, &o->nfacts);
  o->nworkloads = api->workload_count(ctx);
  return FC_OK;
}

fc_status fck_owners_open(fc_ctx *ctx, fck_owners *o) { return owners_open(ctx, o, "attribution._facts"); }

fc_status fck_owners_open_other(fc_ctx *ctx, fck_owners *o) {
  return owners_open(ctx, o, "attribution._facts_other");
}

int fck_owner_row(fc_ctx *ctx, const fck_owners *o, size_t r, size_t *fact, size_t *count, int *workload) {
  const fc_host_api *api = FC_API(ctx);
  int64_t fi = api->table_cell(o->t, r, (size_t)o->fact).i,
          n = o->facts >= 0 ? api->table_cell(o->t, r, (size_t)o->facts).i : 1,
          w = api->table_cell(o->t, r, (size_t)o->workload).i;
  if (fi < 0 || (uint64_t)fi >= o->nfacts || n < 1 || (uint64_t)n > o->nfacts - (uint64_t)fi || w < -1 ||
      w >= (int64_t)o->nworkloads) {
    api->error(ctx, "attribution._facts row %zu names facts %lld (%lld of them), workload %lld: out of range",
               r, (long long)fi, (long long)n, (long long)w);
    return -1;
  }
  *fact = (size_t)fi;
  *count = (size_t)n;
  *workload = (int)w;
  return api->table_cell(o->t, r, (size_t)o->usage).i != 0;
}

/* Characters that mean nothing to a POSIX shell outside quotes. */
static int shell_plain(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         strchr("@%+=:,./_-", c);
}

char *fck_shell_quote(fc_ctx *ctx, const char *s) {
  size_t n = 0, quotes = 0;
  int plain = *s != '\0';
  for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++) {
    quotes += *p == '\'';
    plain = plain && shell_plain(*p);
  }
  char *out = FC_API(ctx)->alloc(ctx, n + 3 * quotes + 3);
  if (!out)
    return NULL;
  if (plain) {
    memcpy(out, s, n + 1);
    return out;
  }
  char *o = out;
  *o++ = '\'';
  for (const char *p = s; *p; p++) {
    if (*p == '\'') { /* close, an escaped quote, reopen */
      memcpy(o, "'\\''", 4);
      o += 4;
    } else {
      *o++ = *p;
    }
  }
  *o++ = '\'';
  *o = '\0';
  return out;
}

void fck_catalog_path(fc_ctx *ctx, char *buf, size_t cap) {
  const fc_host_api *api = FC_API(ctx);
  const char *p = api->option(ctx, "prices");
  if (!p)
    p = api->setting(ctx, "prices");
  Dl_info info;
  const char *slash = NULL;
  if (!p && dladdr((const void *)fck_catalog_path, &info) && info.dli_fname)
    slash = strrchr(info.dli_fname, '/');
  if (p)
    snprintf(buf, cap, "%s", p);
  else if (slash)
    snprintf(buf, cap, "%.*s/prices.yaml", (int)(slash - info.dli_fname), info.dli_fname);
  else
    snprintf(buf, cap, "prices.yaml");
}
