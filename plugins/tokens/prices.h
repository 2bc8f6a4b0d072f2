/* prices.h: the model catalog (prices.yaml): canonical model names, the usage-type tokens and
 * Bedrock model ids that mean each (keys), and list prices. The one catalog of the project: the
 * tokens plugin prices and names models with it, the policy plugin names models with it for
 * approved_models globs, the host writes IAM model policies from it. No host dependency: loaded
 * with libyaml, kept in malloc'd memory until prices_free. */
#ifndef FC_TOKENS_PRICES_H
#define FC_TOKENS_PRICES_H

#include <stddef.h>
#include <stdint.h>

#include "bedrock.h"

/* Token types priced: input, output, cache read, cache write (5 minutes), cache write (1 hour);
 * index = fcb_token - 1. */
enum { PK_IN, PK_OUT, PK_CR, PK_CW, PK_CW1H, PK_N };

/* Prices in units of 1e-10 USD per million tokens. */
typedef struct price_set {
  int64_t v[PK_N];
  unsigned char has[PK_N];
} price_set;

typedef struct price_model {
  char *name;
  char **keys;
  size_t nkeys;
  price_set base;     /* on-demand; global cross-region where it differs */
  price_set regional; /* same-region and geo rates, when has_regional */
  int has_regional;
} price_model;

#define PRICE_MULT_SCALE 1000000 /* multipliers in millionths */

typedef struct price_table {
  price_model *models;
  size_t n;
  int64_t tier_mult[FCB_TIER_COUNT]; /* PRICE_MULT_SCALE = 1x */
  int64_t long_context_mult;
  double sizing_mix[4]; /* input, output, cache_read, cache_write (all durations) */
} price_table;

/* Defaults: no models, every tier 1x (batch and flex 0.5x), long context 1x, no sizing mix. */
void prices_init(price_table *t);
/* Loads a prices file over the defaults. Returns 0, or -1 with "FILE:LINE:COL: message" in err. */
int prices_load(const char *path, price_table *t, char *err, size_t errcap);
void prices_free(price_table *t);
/* The model whose name or one of whose keys equals [s, s+n) case-insensitively; NULL if none. A
 * key also matches a longer model id that starts with it and continues with '-' or ':'
 * ("anthropic.claude-sonnet-4-20250514-v1:0" matches key "anthropic.claude-sonnet-4"). */
const price_model *prices_find(const price_table *t, const char *s, size_t n);
/* The price of one token type for a usage row's tier, region type and long-context flag, in 1e-10
 * USD per million tokens. Returns 1 when priced, 0 when the model has no price for the type. */
int prices_rate(const price_table *t, const price_model *m, fcb_token k, fcb_tier tier, fcb_region_type rt,
                int long_context, int64_t *rate);

/* The canonical model name of a usage row: the product map's model (CUR's product['model']) when
 * present; else the catalog name of the usage type's model token (u from fcb_usage_classify), or a
 * name derived from the token when the catalog does not know it; else, for Marketplace rows
 * (u->marketplace or marketplace), the product name without " (Amazon Bedrock Edition)". Writes
 * at most cap bytes with the NUL; returns the length, 0 when the row names no model (guardrails,
 * agents, ...). *pm (pm may be NULL) is the catalog entry, NULL when none. */
size_t prices_model_name(const price_table *t, const char *model, const fcb_usage *u,
                         const char *product_name, int marketplace, char *buf, size_t cap,
                         const price_model **pm);

#endif
