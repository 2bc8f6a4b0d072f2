/* prices.c: loads prices.yaml (see the shipped file for the schema) and answers price questions. */
#include "prices.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "fcbase.h"

#define PRICE_SCALE 10000000000LL /* 1e-10 USD */

static const char *const pk_names[PK_N] = {"input", "output", "cache_read", "cache_write", "cache_write_1h"};

void prices_init(price_table *t) {
  memset(t, 0, sizeof *t);
  for (int i = 0; i < FCB_TIER_COUNT; i++)
    t->tier_mult[i] = PRICE_MULT_SCALE;
  t->tier_mult[FCB_TIER_BATCH] = PRICE_MULT_SCALE / 2;
  t->tier_mult[FCB_TIER_FLEX] = PRICE_MULT_SCALE / 2;
  t->long_context_mult = PRICE_MULT_SCALE;
}

void prices_free(price_table *t) {
  for (size_t i = 0; i < t->n; i++) {
    free(t->models[i].name);
    for (size_t k = 0; k < t->models[i].nkeys; k++)
      free(t->models[i].keys[k]);
    free(t->models[i].keys);
  }
  free(t->models);
  prices_init(t);
}

/* ---- loading ---- */

typedef struct ld {
  yaml_document_t doc;
  const char *path;
  char *err;
  size_t errcap;
  int failed;
} ld;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
fail(ld *L, const yaml_node_t *n, const char *fmt, ...) {
  if (L->failed)
    return; /* the first problem is reported */
  L->failed = 1;
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (n)
    snprintf(L->err, L->errcap, "%s:%lu:%lu: %s", L->path, (unsigned long)n->start_mark.line + 1,
             (unsigned long)n->start_mark.column + 1, msg);
  else
    snprintf(L->err, L->errcap, "%s: %s", L->path, msg);
}

static yaml_node_t *node(ld *L, int id) { return yaml_document_get_node(&L->doc, id); }

static const char *scalar(const yaml_node_t *n) {
  return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A non-negative decimal with up to `scale` fractional digits (10^scale = unit) into *out. */
static int decimal(const char *s, int scale, int64_t *out) {
  if (!s || !*s)
    return -1;
  int64_t v = 0;
  int frac = -1;
  const char *p = s;
  for (; *p; p++) {
    if (*p == '.' && frac < 0) {
      frac = 0;
      continue;
    }
    if (*p < '0' || *p > '9')
      return -1;
    if (frac >= 0 && ++frac > scale)
      return -1;
    if (v > (INT64_MAX - 9) / 10)
      return -1;
    v = v * 10 + (*p - '0');
  }
  if (p == s + 1 && frac == 0)
    return -1; /* "." alone */
  for (int i = frac < 0 ? 0 : frac; i < scale; i++) {
    if (v > INT64_MAX / 10)
      return -1;
    v *= 10;
  }
  *out = v;
  return 0;
}

static int want_map(ld *L, const yaml_node_t *n, const char *what) {
  if (n && n->type == YAML_MAPPING_NODE)
    return 0;
  fail(L, n, "%s: expected a mapping", what);
  return -1;
}

/* Bounds that keep a price times the tier and long-context multipliers (prices_rate) within the
 * exact int64 range: 10,000 USD per million tokens x 100 x 100 < 2^63 units of 1e-10 USD. */
#define PRICE_MAX (10000 * 10000000000LL)
#define MULT_MAX (100 * PRICE_MULT_SCALE)

static int64_t money_value(ld *L, const yaml_node_t *v, const char *what) {
  int64_t x = 0;
  if (decimal(scalar(v), 10, &x) || x > PRICE_MAX)
    fail(L, v,
         "%s: expected a price in USD per million tokens (a non-negative number up to 10000, up to 10 "
         "decimals)",
         what);
  return x;
}

static int64_t mult_value(ld *L, const yaml_node_t *v, const char *what) {
  int64_t x = 0;
  if (decimal(scalar(v), 6, &x) || x > MULT_MAX)
    fail(L, v, "%s: expected a multiplier (a non-negative number up to 100, up to 6 decimals)", what);
  return x;
}

static void load_price_set(ld *L, const yaml_node_t *m, price_set *ps, const char *what) {
  if (want_map(L, m, what))
    return;
  for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
    const char *k = scalar(node(L, p->key));
    int i = 0;
    while (i < PK_N && (!k || strcmp(k, pk_names[i]) != 0))
      i++;
    if (i == PK_N) {
      fail(L, node(L, p->key),
           "%s: unknown token type '%s' (expected input, output, cache_read, cache_write, "
           "cache_write_1h)",
           what, k ? k : "?");
      return;
    }
    ps->v[i] = money_value(L, node(L, p->value), what);
    ps->has[i] = 1;
  }
}

static char *dup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d)
    memcpy(d, s, n);
  return d;
}

static void load_model(ld *L, const yaml_node_t *m, price_table *t) {
  if (want_map(L, m, "models[]"))
    return;
  price_model *pm = &t->models[t->n];
  memset(pm, 0, sizeof *pm);
  t->n++;
  for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
    const char *k = scalar(node(L, p->key));
    yaml_node_t *v = node(L, p->value);
    if (k && strcmp(k, "name") == 0) {
      if (!scalar(v) || !*scalar(v)) {
        fail(L, v, "models[].name: expected a model name");
        return;
      }
      free(pm->name);
      if (!(pm->name = dup(scalar(v))))
        fail(L, v, "out of memory");
    } else if (k && strcmp(k, "keys") == 0) {
      if (!v || v->type != YAML_SEQUENCE_NODE) {
        fail(L, v, "models[].keys: expected a list of usage-type model tokens");
        return;
      }
      size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
      for (size_t i = 0; i < pm->nkeys; i++)
        free(pm->keys[i]);
      free(pm->keys);
      pm->nkeys = 0;
      if (!(pm->keys = calloc(n ? n : 1, sizeof *pm->keys))) {
        fail(L, v, "out of memory");
        return;
      }
      for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        const char *s = scalar(node(L, *it));
        if (!s || !*s) {
          fail(L, node(L, *it), "models[].keys: expected a usage-type model token");
          return;
        }
        if (!(pm->keys[pm->nkeys] = dup(s))) {
          fail(L, v, "out of memory");
          return;
        }
        pm->nkeys++;
      }
    } else if (k && strcmp(k, "price") == 0) {
      load_price_set(L, v, &pm->base, "models[].price");
    } else if (k && strcmp(k, "regional") == 0) {
      load_price_set(L, v, &pm->regional, "models[].regional");
      pm->has_regional = 1;
    } else {
      fail(L, node(L, p->key), "models[]: unknown key '%s' (expected name, keys, price, regional)",
           k ? k : "?");
      return;
    }
  }
  if (!pm->name)
    fail(L, m, "models[]: a model needs a name");
}

static void load_root(ld *L, const yaml_node_t *root, price_table *t) {
  if (!root) {
    fail(L, NULL, "empty file");
    return;
  }
  if (want_map(L, root, "prices"))
    return;
  for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top && !L->failed;
       p++) {
    const char *k = scalar(node(L, p->key));
    yaml_node_t *v = node(L, p->value);
    if (k && strcmp(k, "version") == 0) {
      if (!scalar(v) || strcmp(scalar(v), "1") != 0)
        fail(L, v, "version: expected 1");
    } else if (k && strcmp(k, "tiers") == 0) {
      if (want_map(L, v, "tiers"))
        return;
      for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
        const char *tn = scalar(node(L, q->key));
        int i = 0;
        while (i < FCB_TIER_COUNT && (!tn || strcmp(tn, fcb_tier_name((fcb_tier)i)) != 0))
          i++;
        if (i == FCB_TIER_COUNT) {
          fail(L, node(L, q->key),
               "tiers: unknown tier '%s' (expected on_demand, batch, flex, priority, latency_optimized, "
               "custom_model)",
               tn ? tn : "?");
          return;
        }
        t->tier_mult[i] = mult_value(L, node(L, q->value), "tiers");
      }
    } else if (k && strcmp(k, "long_context") == 0) {
      t->long_context_mult = mult_value(L, v, "long_context");
    } else if (k && strcmp(k, "sizing_mix") == 0) {
      if (want_map(L, v, "sizing_mix"))
        return;
      double mix[4] = {0, 0, 0, 0};
      for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
        const char *tn = scalar(node(L, q->key));
        int i = 0;
        while (i < 4 && (!tn || strcmp(tn, pk_names[i]) != 0))
          i++;
        int64_t x = 0;
        if (i == 4) {
          fail(L, node(L, q->key),
               "sizing_mix: unknown token type '%s' (expected input, output, cache_read, "
               "cache_write)",
               tn ? tn : "?");
          return;
        }
        if (decimal(scalar(node(L, q->value)), 6, &x)) {
          fail(L, node(L, q->value), "sizing_mix: expected a non-negative number");
          return;
        }
        mix[i] = (double)x / PRICE_MULT_SCALE;
      }
      if (mix[0] + mix[1] + mix[2] + mix[3] <= 0) {
        fail(L, v, "sizing_mix: needs at least one token type above 0");
        return;
      }
      memcpy(t->sizing_mix, mix, sizeof mix);
    } else if (k && strcmp(k, "models") == 0) {
      if (!v || v->type != YAML_SEQUENCE_NODE) {
        fail(L, v, "models: expected a list of models");
        return;
      }
      size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
      price_model *ms = realloc(t->models, (t->n + n + 1) * sizeof *ms);
      if (!ms) {
        fail(L, v, "out of memory");
        return;
      }
      t->models = ms;
      for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top && !L->failed;
           it++)
        load_model(L, node(L, *it), t);
    } else {
      fail(L, node(L, p->key), "unknown key '%s' (expected version, tiers, long_context, sizing_mix, models)",
           k ? k : "?");
    }
  }
}

int prices_load(const char *path, price_table *t, char *err, size_t errcap) {
  ld L;
  memset(&L, 0, sizeof L);
  L.path = path;
  L.err = err;
  L.errcap = errcap;
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errcap, "%s: cannot open: %s", path, strerror(errno));
    return -1;
  }
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    fclose(f);
    snprintf(err, errcap, "%s: out of memory", path);
    return -1;
  }
  yaml_parser_set_input_file(&parser, f);
  if (!yaml_parser_load(&parser, &L.doc)) {
    snprintf(err, errcap, "%s:%lu:%lu: %s", path, (unsigned long)parser.problem_mark.line + 1,
             (unsigned long)parser.problem_mark.column + 1, parser.problem ? parser.problem : "YAML error");
    yaml_parser_delete(&parser);
    fclose(f);
    return -1;
  }
  load_root(&L, yaml_document_get_root_node(&L.doc), t);
  yaml_document_delete(&L.doc);
  yaml_parser_delete(&parser);
  fclose(f);
  return L.failed ? -1 : 0;
}

/* ---- questions ---- */

static int eq_ci(const char *a, size_t an, const char *b) {
  size_t bn = strlen(b);
  return an == bn && strncasecmp(a, b, an) == 0;
}

const price_model *prices_find(const price_table *t, const char *s, size_t n) {
  if (!s || !n)
    return NULL;
  for (size_t i = 0; i < t->n; i++) {
    if (eq_ci(s, n, t->models[i].name))
      return &t->models[i];
    for (size_t k = 0; k < t->models[i].nkeys; k++)
      if (eq_ci(s, n, t->models[i].keys[k]))
        return &t->models[i];
  }
  /* the longest key that the id starts with, followed by '-' or ':' (a date or version) */
  const price_model *best = NULL;
  size_t best_n = 0;
  for (size_t i = 0; i < t->n; i++)
    for (size_t k = 0; k < t->models[i].nkeys; k++) {
      size_t kn = strlen(t->models[i].keys[k]);
      if (kn < n && kn > best_n && (s[kn] == '-' || s[kn] == ':') &&
          strncasecmp(s, t->models[i].keys[k], kn) == 0) {
        best = &t->models[i];
        best_n = kn;
      }
    }
  return best;
}

int prices_rate(const price_table *t, const price_model *m, fcb_token k, fcb_tier tier, fcb_region_type rt,
                int long_context, int64_t *rate) {
  *rate = 0;
  if (!m || k <= FCB_TOK_OTHER || k >= FCB_TOK_COUNT)
    return 0;
  int i = (int)k - 1;
  const price_set *ps =
      (m->has_regional && rt != FCB_REGION_GLOBAL && m->regional.has[i]) ? &m->regional : &m->base;
  if (!ps->has[i])
    return 0;
  int64_t r = ps->v[i];
  /* cannot leave the int64 range: prices and multipliers are bounded when loaded */
  if ((unsigned)tier < FCB_TIER_COUNT && fc_muldiv(r, t->tier_mult[tier], PRICE_MULT_SCALE, &r))
    return 0;
  if (long_context && fc_muldiv(r, t->long_context_mult, PRICE_MULT_SCALE, &r))
    return 0;
  *rate = r;
  return 1;
}

#define MARKETPLACE_EDITION " (Amazon Bedrock Edition)"

static size_t put_name(const char *s, size_t n, char *buf, size_t cap) {
  if (!cap)
    return 0;
  if (n >= cap)
    n = cap - 1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return n;
}

size_t prices_model_name(const price_table *t, const char *model, const fcb_usage *u,
                         const char *product_name, int marketplace, char *buf, size_t cap,
                         const price_model **pm) {
  const price_model *found = NULL;
  size_t n = 0;
  if (model && *model) {
    found = prices_find(t, model, strlen(model));
    if (!found && u->model.n)
      found = prices_find(t, u->model.p, u->model.n);
    n = put_name(model, strlen(model), buf, cap);
  } else if (u->model.n) {
    found = prices_find(t, u->model.p, u->model.n);
    n = found ? put_name(found->name, strlen(found->name), buf, cap)
              : fcb_model_display(u->model.p, u->model.n, buf, cap);
  } else if (u->marketplace || marketplace) {
    const char *pn = product_name ? product_name : "";
    size_t len = strlen(pn), e = sizeof MARKETPLACE_EDITION - 1;
    if (len > e && strcmp(pn + len - e, MARKETPLACE_EDITION) == 0)
      len -= e;
    n = put_name(pn, len, buf, cap);
    found = n ? prices_find(t, buf, n) : NULL;
  } else if (cap) {
    buf[0] = '\0';
  }
  if (pm)
    *pm = found;
  return n;
}
