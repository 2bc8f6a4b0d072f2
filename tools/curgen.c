/* fc-curgen: deterministic generator of AWS CUR 2.0 CSV exports (the demo dataset and benchmark files). */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <zlib.h>

/*
 * Everything here is deterministic: the only randomness is a seeded xoshiro256** generator, money is
 * integer arithmetic in 1e-10 USD ("tenth-nanodollars") and gzip files are written through zlib's
 * gzopen, whose header carries mtime 0, so the same arguments give byte-identical files.
 *
 * Units used throughout:
 *   prices  uUSD per million tokens (3.30 USD/M = 3300000), so tokens * price is in 1e-12 USD;
 *   money   int64 in 1e-10 USD, printed with up to 10 fractional digits;
 *   amounts int64 with a per-row decimal scale (3 for "1K tokens", 6 for "1M tokens"/"Units").
 */

/* ------------------------------------------------------------------------------------------------
 * Output: a buffer flushed to a FILE or a gzFile.
 * --------------------------------------------------------------------------------------------- */

#define OUT_CAP (1u << 20)
#define ROW_MAX 8192

typedef struct {
  FILE *fp;
  gzFile gz;
  char *buf;
  size_t len;
  uint64_t total; /* uncompressed bytes */
  int failed;
} out_t;

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int out_open(out_t *o, const char *path, int level) {
  memset(o, 0, sizeof *o);
  o->buf = malloc(OUT_CAP);
  if (!o->buf) {
    fprintf(stderr, "fc-curgen: out of memory\n");
    return -1;
  }
  if (ends_with(path, ".gz")) {
    char mode[8];
    snprintf(mode, sizeof mode, "wb%d", level);
    o->gz = gzopen(path, mode);
    if (o->gz)
      gzbuffer(o->gz, 1u << 18);
  } else {
    o->fp = fopen(path, "wb");
  }
  if (!o->gz && !o->fp) {
    fprintf(stderr, "fc-curgen: %s: %s\n", path, strerror(errno));
    free(o->buf);
    o->buf = NULL;
    return -1;
  }
  return 0;
}

static void out_flush(out_t *o) {
  if (o->len == 0)
    return;
  if (o->gz) {
    if (gzwrite(o->gz, o->buf, (unsigned)o->len) != (int)o->len)
      o->failed = 1;
  } else if (fwrite(o->buf, 1, o->len, o->fp) != o->len) {
    o->failed = 1;
  }
  o->total += o->len;
  o->len = 0;
}

/* Returns a cursor with room for ROW_MAX bytes; hand it back with out_commit. */
static char *out_reserve(out_t *o) {
  if (o->len + ROW_MAX > OUT_CAP)
    out_flush(o);
  return o->buf + o->len;
}

static void out_commit(out_t *o, const char *end) { o->len = (size_t)(end - o->buf); }

static int out_close(out_t *o, const char *path) {
  out_flush(o);
  if (o->gz) {
    if (gzclose(o->gz) != Z_OK)
      o->failed = 1;
  } else if (o->fp && fclose(o->fp) != 0) {
    o->failed = 1;
  }
  free(o->buf);
  o->buf = NULL;
  if (o->failed)
    fprintf(stderr, "fc-curgen: %s: write failed\n", path);
  return o->failed ? -1 : 0;
}

/* ------------------------------------------------------------------------------------------------
 * Text helpers: each appends to a cursor and returns the new end.
 * --------------------------------------------------------------------------------------------- */

static const int64_t P10[] = {
    1,        10,        100,        1000,          10000,          100000,         1000000,
    10000000, 100000000, 1000000000, 10000000000LL, 100000000000LL, 1000000000000LL};

static char *p_mem(char *p, const char *s, size_t n) {
  memcpy(p, s, n);
  return p + n;
}

static char *p_str(char *p, const char *s) { return p_mem(p, s, strlen(s)); }

static char *p_u64(char *p, uint64_t v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n)
    *p++ = tmp[--n];
  return p;
}

/* v / 10^scale as a decimal, trailing zeros trimmed, at least one fractional digit ("14.0"). */
static char *p_dec(char *p, int64_t v, int scale) {
  uint64_t u;
  if (v < 0) {
    *p++ = '-';
    u = (uint64_t)(-(v + 1)) + 1;
  } else {
    u = (uint64_t)v;
  }
  uint64_t ip = u / (uint64_t)P10[scale], fp = u % (uint64_t)P10[scale];
  p = p_u64(p, ip);
  *p++ = '.';
  if (scale == 0 || fp == 0) {
    *p++ = '0';
    return p;
  }
  char d[16];
  for (int i = scale - 1; i >= 0; i--) {
    d[i] = (char)('0' + fp % 10);
    fp /= 10;
  }
  int n = scale;
  while (n > 1 && d[n - 1] == '0')
    n--;
  return p_mem(p, d, (size_t)n);
}

/* One CSV cell: quoted (with doubled quotes) only when it holds a comma, quote or line break. */
static char *p_cell(char *p, const char *s) {
  if (!strpbrk(s, ",\"\r\n"))
    return p_str(p, s);
  *p++ = '"';
  for (; *s; s++) {
    if (*s == '"')
      *p++ = '"';
    *p++ = *s;
  }
  *p++ = '"';
  return p;
}

/* Same as p_cell into a NUL-terminated buffer of size cap (large enough by construction). */
static void cell_into(char *dst, size_t cap, const char *s) {
  char tmp[ROW_MAX];
  char *e = p_cell(tmp, s);
  size_t n = (size_t)(e - tmp);
  if (n >= cap)
    n = cap - 1;
  memcpy(dst, tmp, n);
  dst[n] = 0;
}

/* ------------------------------------------------------------------------------------------------
 * Deterministic randomness: splitmix64 seeding xoshiro256**; FNV-1a for seeds from labels.
 * --------------------------------------------------------------------------------------------- */

typedef struct {
  uint64_t s[4];
} rng_t;

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed) {
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t rng_next(rng_t *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/* Uniform in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant here). */
static inline uint32_t rng_below(rng_t *r, uint32_t n) { return (uint32_t)(((rng_next(r) >> 32) * n) >> 32); }

static uint64_t fnv1a(const char *s, uint64_t h) {
  if (!h)
    h = 0xcbf29ce484222325ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static uint64_t mix64(uint64_t a, uint64_t b) {
  uint64_t x = a ^ (b * 0x9e3779b97f4a7c15ULL);
  return splitmix64(&x);
}

static const char B32[] = "abcdefghijklmnopqrstuvwxyz234567";
static const char HEX[] = "0123456789abcdef";
static const char ALNUM_LC[] = "abcdefghijklmnopqrstuvwxyz0123456789";

static char *p_rand(char *p, rng_t *r, const char *alphabet, unsigned alen, int n) {
  uint64_t bits = 0;
  int have = 0;
  for (int i = 0; i < n; i++) {
    if (have < 8) {
      bits = rng_next(r);
      have = 64;
    }
    *p++ = alphabet[(bits & 0xff) % alen];
    bits >>= 8;
    have -= 8;
  }
  return p;
}

/* ------------------------------------------------------------------------------------------------
 * Calendar: timestamps of one billing period, hour by hour.
 * --------------------------------------------------------------------------------------------- */

typedef struct {
  int year, month, ndays;
  char label[16];    /* 2026-11 */
  char (*ts)[32];    /* (ndays*24 + 1) entries: hour h of the period; the last is next month's start */
  const char *start; /* == ts[0] */
  const char *end;   /* == ts[ndays*24] */
} period_t;

static int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return d[m - 1];
}

/* 0 = Sunday */
static int weekday(int y, int m, int d) {
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3)
    y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static int period_init(period_t *pd, int year, int month) {
  pd->year = year;
  pd->month = month;
  pd->ndays = days_in_month(year, month);
  snprintf(pd->label, sizeof pd->label, "%04d-%02d", year % 10000, month % 100);
  int n = pd->ndays * 24 + 1;
  pd->ts = calloc((size_t)n, sizeof *pd->ts);
  if (!pd->ts)
    return -1;
  for (int h = 0; h < n; h++) {
    int y = year, m = month, d = h / 24 + 1, hh = h % 24;
    if (d > pd->ndays) {
      d = 1;
      if (++m > 12) {
        m = 1;
        y++;
      }
    }
    snprintf(pd->ts[h], sizeof pd->ts[h], "%04d-%02d-%02dT%02d:00:00.000Z", y % 10000, m % 100, d % 100,
             hh % 100);
  }
  pd->start = pd->ts[0];
  pd->end = pd->ts[pd->ndays * 24];
  return 0;
}

static int parse_period(const char *s, int *y, int *m) {
  char *e;
  long yy = strtol(s, &e, 10);
  if (*e != '-' || yy < 2000 || yy > 9999)
    return -1;
  long mm = strtol(e + 1, &e, 10);
  if (*e || mm < 1 || mm > 12)
    return -1;
  *y = (int)yy;
  *m = (int)mm;
  return 0;
}

/* ------------------------------------------------------------------------------------------------
 * Columns and one row.
 * --------------------------------------------------------------------------------------------- */

static const char *const COLUMNS[][2] = {
    {"identity_line_item_id", "string"},
    {"identity_time_interval", "string"},
    {"bill_invoice_id", "string"},
    {"bill_invoicing_entity", "string"},
    {"bill_billing_entity", "string"},
    {"bill_bill_type", "string"},
    {"bill_payer_account_id", "string"},
    {"bill_billing_period_start_date", "timestamp"},
    {"bill_billing_period_end_date", "timestamp"},
    {"line_item_usage_account_id", "string"},
    {"line_item_line_item_type", "string"},
    {"line_item_usage_start_date", "timestamp"},
    {"line_item_usage_end_date", "timestamp"},
    {"line_item_product_code", "string"},
    {"line_item_usage_type", "string"},
    {"line_item_operation", "string"},
    {"line_item_availability_zone", "string"},
    {"line_item_resource_id", "string"},
    {"line_item_usage_amount", "double"},
    {"line_item_normalization_factor", "double"},
    {"line_item_currency_code", "string"},
    {"line_item_unblended_rate", "string"},
    {"line_item_unblended_cost", "double"},
    {"line_item_blended_rate", "string"},
    {"line_item_blended_cost", "double"},
    {"line_item_line_item_description", "string"},
    {"line_item_iam_principal", "string"},
    {"product", "map<string,string>"},
    {"product_product_family", "string"},
    {"product_product_name", "string"},
    {"product_region_code", "string"},
    {"product_servicecode", "string"},
    {"pricing_unit", "string"},
    {"pricing_public_on_demand_cost", "double"},
    {"pricing_public_on_demand_rate", "string"},
    {"pricing_term", "string"},
    {"resource_tags", "map<string,string>"},
    {"tags", "map<string,string>"},
    {"cost_category", "map<string,string>"},
    {"discount", "map<string,string>"},
};
#define NCOLUMNS ((int)(sizeof COLUMNS / sizeof COLUMNS[0]))

static void write_header(out_t *o) {
  char *p = out_reserve(o);
  for (int i = 0; i < NCOLUMNS; i++) {
    if (i)
      *p++ = ',';
    p = p_str(p, COLUMNS[i][0]);
  }
  *p++ = '\n';
  out_commit(o, p);
}

typedef struct {
  const char *ts0, *ts1;
  const char *invoice_id;
  const char *billing_entity;
  const char *account;
  const char *li_type;
  const char *product_code;
  const char *usage_type;
  const char *operation;
  const char *az;
  const char *resource;
  int64_t amount;
  int amount_scale;
  int64_t rate;             /* 1e-10 USD per pricing unit */
  int64_t cost;             /* 1e-10 USD */
  const char *desc_cell;    /* ready CSV cell */
  const char *principal;    /* plain text, no CSV specials */
  const char *product_cell; /* ready CSV cell */
  const char *family, *product_name, *region_code, *servicecode, *pricing_unit, *term;
  int64_t od_cost, od_rate;
  const char *rtags_cell, *tags_cell, *costcat_cell, *discount_cell; /* ready CSV cells */
} row_t;

typedef struct {
  const period_t *pd;
  const char *payer;
  rng_t id_rng; /* identity_line_item_id */
  uint64_t rows;
} emit_ctx_t;

static void emit_row(out_t *o, emit_ctx_t *cx, const row_t *r) {
  char *p = out_reserve(o);
  p = p_rand(p, &cx->id_rng, B32, 32, 52);
  *p++ = ',';
  p = p_str(p, r->ts0);
  *p++ = '/';
  p = p_str(p, r->ts1);
  *p++ = ',';
  p = p_str(p, r->invoice_id);
  p = p_str(p, ",Amazon Web Services Inc.,");
  p = p_str(p, r->billing_entity);
  p = p_str(p, ",Anniversary,");
  p = p_str(p, cx->payer);
  *p++ = ',';
  p = p_str(p, cx->pd->start);
  *p++ = ',';
  p = p_str(p, cx->pd->end);
  *p++ = ',';
  p = p_str(p, r->account);
  *p++ = ',';
  p = p_str(p, r->li_type);
  *p++ = ',';
  p = p_str(p, r->ts0);
  *p++ = ',';
  p = p_str(p, r->ts1);
  *p++ = ',';
  p = p_str(p, r->product_code);
  *p++ = ',';
  p = p_str(p, r->usage_type);
  *p++ = ',';
  p = p_str(p, r->operation);
  *p++ = ',';
  p = p_str(p, r->az);
  *p++ = ',';
  p = p_str(p, r->resource);
  *p++ = ',';
  p = p_dec(p, r->amount, r->amount_scale);
  p = p_str(p, ",0.0,USD,");
  p = p_dec(p, r->rate, 10);
  *p++ = ',';
  p = p_dec(p, r->cost, 10);
  *p++ = ',';
  p = p_dec(p, r->rate, 10);
  *p++ = ',';
  p = p_dec(p, r->cost, 10);
  *p++ = ',';
  p = p_str(p, r->desc_cell);
  *p++ = ',';
  p = p_str(p, r->principal);
  *p++ = ',';
  p = p_str(p, r->product_cell);
  *p++ = ',';
  p = p_str(p, r->family);
  *p++ = ',';
  p = p_cell(p, r->product_name);
  *p++ = ',';
  p = p_str(p, r->region_code);
  *p++ = ',';
  p = p_str(p, r->servicecode);
  *p++ = ',';
  p = p_str(p, r->pricing_unit);
  *p++ = ',';
  p = p_dec(p, r->od_cost, 10);
  *p++ = ',';
  p = p_dec(p, r->od_rate, 10);
  *p++ = ',';
  p = p_str(p, r->term);
  *p++ = ',';
  p = p_str(p, r->rtags_cell);
  *p++ = ',';
  p = p_str(p, r->tags_cell);
  *p++ = ',';
  p = p_str(p, r->costcat_cell);
  *p++ = ',';
  p = p_str(p, r->discount_cell);
  *p++ = '\n';
  out_commit(o, p);
  cx->rows++;
}

/* ------------------------------------------------------------------------------------------------
 * Regions, models and price table (list prices from the reference, us-east-1, uUSD per 1M tokens).
 * --------------------------------------------------------------------------------------------- */

typedef struct {
  const char *code, *prefix, *name, *geo;
} region_t;

enum { R_USE1, R_USE2, R_USW2, R_EUC1, R_EUW1, R_APN1, R_APS2, R_COUNT };

static const region_t REGIONS[R_COUNT] = {
    {"us-east-1", "USE1", "US East (N. Virginia)", "us"},
    {"us-east-2", "USE2", "US East (Ohio)", "us"},
    {"us-west-2", "USW2", "US West (Oregon)", "us"},
    {"eu-central-1", "EUC1", "EU (Frankfurt)", "eu"},
    {"eu-west-1", "EU", "EU (Ireland)", "eu"},
    {"ap-northeast-1", "APN1", "Asia Pacific (Tokyo)", "apac"},
    {"ap-southeast-2", "APS2", "Asia Pacific (Sydney)", "apac"},
};

enum { D_IN, D_OUT, D_CR, D_CW, D_CW1H, D_COUNT };

enum { G_CLASSIC, G_MANTLE, G_SHORT, G_MP };

/* Variants: usage-type suffixes (AWS-billed) or Marketplace dimension forms. */
enum { V_STD, V_GLOBAL, V_BATCH, V_FLEX, V_PRIORITY, V_LATENCY, V_CUSTOM, V_LONGCTX, V_MPNEW, V_COUNT };

typedef struct {
  const char *name;     /* canonical model name (product map "model"), or Marketplace product name */
  const char *token;    /* usage-type model token, or Marketplace product code */
  const char *model_id; /* foundation model id */
  int grammar;
  int uplift; /* regional/geo rate is 1.1x the global rate (Claude 4.5+) */
  int64_t price[D_COUNT];
} model_t;

enum {
  M_SONNET46,
  M_SONNET4,
  M_SONNET37,
  M_HAIKU45,
  M_HAIKU35,
  M_NOVAPRO,
  M_NOVALITE,
  M_NOVAMICRO,
  M_LLAMA33,
  M_LLAMA31,
  M_MISTRAL,
  M_TITANEMB,
  M_KIMI,
  M_OPUS48,
  M_GROK43,
  M_MP_SONNET35,
  M_MP_HAIKU3,
  M_MP_COMMAND,
  M_COUNT
};

static const model_t MODELS[M_COUNT] = {
    {"Claude Sonnet 4.6",
     "Claude4.6Sonnet",
     "anthropic.claude-sonnet-4-6",
     G_CLASSIC,
     1,
     {3000000, 15000000, 300000, 3750000, 6000000}},
    {"Claude Sonnet 4",
     "Claude4Sonnet",
     "anthropic.claude-sonnet-4-20250514-v1:0",
     G_CLASSIC,
     0,
     {3000000, 15000000, 300000, 3750000, 6000000}},
    {"Claude 3.7 Sonnet",
     "Claude3.7Sonnet",
     "anthropic.claude-3-7-sonnet-20250219-v1:0",
     G_CLASSIC,
     0,
     {3000000, 15000000, 300000, 3750000, 0}},
    {"Claude Haiku 4.5",
     "Claude4.5Haiku",
     "anthropic.claude-haiku-4-5-20251001-v1:0",
     G_CLASSIC,
     1,
     {1000000, 5000000, 100000, 1250000, 2000000}},
    {"Claude 3.5 Haiku",
     "Claude3.5Haiku",
     "anthropic.claude-3-5-haiku-20241022-v1:0",
     G_CLASSIC,
     0,
     {800000, 4000000, 80000, 1000000, 0}},
    {"Nova Pro", "NovaPro", "amazon.nova-pro-v1:0", G_CLASSIC, 0, {800000, 3200000, 200000, 0, 0}},
    {"Nova Lite", "NovaLite", "amazon.nova-lite-v1:0", G_CLASSIC, 0, {60000, 240000, 15000, 0, 0}},
    {"Nova Micro", "NovaMicro", "amazon.nova-micro-v1:0", G_CLASSIC, 0, {35000, 140000, 8750, 0, 0}},
    {"Llama 3.3 70B",
     "Llama3-3-70B",
     "meta.llama3-3-70b-instruct-v1:0",
     G_CLASSIC,
     0,
     {720000, 720000, 0, 0, 0}},
    {"Llama 3.1 70B",
     "Llama3-1-70B",
     "meta.llama3-1-70b-instruct-v1:0",
     G_CLASSIC,
     0,
     {720000, 720000, 0, 0, 0}},
    {"Mistral Large (24.02)",
     "MistralLarge-2402",
     "mistral.mistral-large-2402-v1:0",
     G_CLASSIC,
     0,
     {4000000, 12000000, 0, 0, 0}},
    {"Titan Text Embeddings V2",
     "TitanEmbeddingsV2-Text",
     "amazon.titan-embed-text-v2:0",
     G_CLASSIC,
     0,
     {20000, 0, 0, 0, 0}},
    /* Not in the reference price table: illustrative prices for the newer usage-type grammars. */
    {"Kimi K2.5", "moonshotai.kimi-k2.5", "moonshotai.kimi-k2.5", G_SHORT, 0, {600000, 2500000, 0, 0, 0}},
    {"Claude Opus 4.8",
     "anthropic.claude-opus-4-8",
     "anthropic.claude-opus-4-8",
     G_MANTLE,
     0,
     {5000000, 25000000, 500000, 6250000, 10000000}},
    {"Grok 4.3", "xai.grok-4.3", "xai.grok-4.3", G_MANTLE, 0, {3000000, 15000000, 750000, 0, 0}},
    /* Marketplace-billed: name is the product name, token the opaque product code. */
    {"Claude 3.5 Sonnet (Amazon Bedrock Edition)",
     "4a524th30q694o538qndh9ucht",
     "anthropic.claude-3-5-sonnet-20241022-v2:0",
     G_MP,
     0,
     {3000000, 15000000, 300000, 3750000, 6000000}},
    {"Claude 3 Haiku (Amazon Bedrock Edition)",
     "b8f2k4ydq1n7m3x9w5c6p0r2t",
     "anthropic.claude-3-haiku-20240307-v1:0",
     G_MP,
     0,
     {250000, 1250000, 30000, 300000, 0}},
    {"Cohere Command R+ (Amazon Bedrock Edition)",
     "3z8nq5v1k7c2x9m4b6w0j8h1d",
     "cohere.command-r-plus-v1:0",
     G_MP,
     0,
     {2500000, 10000000, 0, 0, 0}},
};

static const char *const CLASSIC_DIM[D_COUNT] = {
    "input-tokens", "output-tokens", "cache-read-input-token-count", "cache-write-input-token-count",
    "cache-write-input-token-count-1-hour"};
static const char *const MANTLE_DIM[D_COUNT] = {"input-tokens", "output-tokens", "cache-read-tokens",
                                                "cache-write-tokens", "cache-write-tokens-1h"};
static const char *const SHORT_DIM[D_COUNT] = {"input", "output", "cache-read", "cache-write",
                                               "cache-write-1h"};
static const char *const MP_DIM[D_COUNT] = {"InputTokenCount", "OutputTokenCount", "CacheReadInputTokenCount",
                                            "CacheWriteInputTokenCount", "CacheWrite1hInputTokenCount"};
static const char *const MP_NEW_DIM[D_COUNT] = {"input_tokens_standard", "output_tokens_standard",
                                                "cache_read_tokens_standard", "cache_write_tokens_standard",
                                                "cache_write_tokens_1h_global_standard"};
static const char *const DIM_TEXT[D_COUNT] = {"input tokens", "output tokens", "cache read input tokens",
                                              "cache write input tokens", "1-hour cache write input tokens"};
static const char *const MP_DIM_TEXT[D_COUNT] = {
    "Million Input Tokens", "Million Output Tokens", "Million Cache Read Input Tokens",
    "Million Cache Write Input Tokens", "Million Cache Write 1h Input Tokens"};
static const char *const VARIANT_SUFFIX[V_COUNT] = {
    "",          "-cross-region-global", "-batch",        "-flex",
    "-priority", "-latency-optimized",   "-custom-model", "-long-context-cross-region-global",
    ""};
static const char *const VARIANT_TEXT[V_COUNT] = {
    "on-demand", "global cross-region", "batch",        "flex",
    "priority",  "latency optimized",   "custom model", "long context, global cross-region",
    "standard"};

static int variant_is_global(int v) { return v == V_GLOBAL || v == V_LONGCTX; }

/* Whether (model, variant, dim) is something the generator may emit. */
static int sku_valid(int m, int v, int d) {
  const model_t *md = &MODELS[m];
  if (md->price[d] == 0)
    return 0;
  switch (md->grammar) {
  case G_CLASSIC:
    return v != V_MPNEW;
  case G_MANTLE:
    return v == V_STD || v == V_FLEX || v == V_PRIORITY;
  case G_SHORT:
    return v == V_STD && (d == D_IN || d == D_OUT);
  default:
    return v == V_STD || v == V_GLOBAL || v == V_BATCH || v == V_MPNEW;
  }
}

/* uUSD per million tokens for the row's usage type. */
static int64_t sku_price(int m, int v, int d) {
  const model_t *md = &MODELS[m];
  int64_t p = md->price[d];
  if (md->uplift && !variant_is_global(v))
    p = p * 11 / 10;
  switch (v) {
  case V_BATCH:
  case V_FLEX:
    p /= 2;
    break;
  case V_PRIORITY:
    p = p * 7 / 4;
    break;
  case V_LATENCY:
    p = p * 5 / 4;
    break;
  case V_LONGCTX:
    p *= 2;
    break;
  default:
    break;
  }
  return p;
}

/* A Bedrock price-list item: everything about a row that does not depend on who called or how much. */
typedef struct {
  char usage_type[128];
  char desc_cell[256];
  char product_cell[512];
  const char *billing_entity, *product_code, *product_name, *family, *servicecode, *pricing_unit, *term;
  const char *region_code;
  int64_t price; /* uUSD per 1M tokens */
  int scale;     /* amount scale: 3 = thousands of tokens, 6 = millions */
  int mp;
} bsku_t;

static void bsku_make(bsku_t *k, int m, int reg, int v, int d) {
  const model_t *md = &MODELS[m];
  const region_t *rg = &REGIONS[reg];
  char raw[512], rate[48];
  memset(k, 0, sizeof *k);
  k->price = sku_price(m, v, d);
  k->region_code = rg->code;
  k->mp = md->grammar == G_MP;
  if (k->mp) {
    const char *dim = v == V_MPNEW ? MP_NEW_DIM[d] : MP_DIM[d];
    const char *sfx = v == V_GLOBAL ? "_Global" : v == V_BATCH ? "_Batch" : "";
    snprintf(k->usage_type, sizeof k->usage_type, "%s-MP:%s_%s%s-Units", rg->prefix, rg->prefix, dim, sfx);
    snprintf(raw, sizeof raw, "AWS Marketplace software usage|%s|%s", rg->code, MP_DIM_TEXT[d]);
    cell_into(k->desc_cell, sizeof k->desc_cell, raw);
    snprintf(raw, sizeof raw, "{\"product_name\":\"%s\",\"region\":\"%s\"}", md->name, rg->code);
    cell_into(k->product_cell, sizeof k->product_cell, raw);
    k->billing_entity = "AWS Marketplace";
    k->product_code = md->token;
    k->servicecode = md->token;
    k->product_name = md->name;
    k->family = "";
    k->pricing_unit = "Units";
    k->term = "";
    k->scale = 6;
    return;
  }
  switch (md->grammar) {
  case G_MANTLE:
    snprintf(k->usage_type, sizeof k->usage_type, "%s-%s-mantle-%s-%s", rg->prefix, md->token, MANTLE_DIM[d],
             v == V_FLEX       ? "flex"
             : v == V_PRIORITY ? "priority"
                               : "standard");
    k->product_code = "AmazonBedrockService";
    k->scale = 6;
    break;
  case G_SHORT:
    snprintf(k->usage_type, sizeof k->usage_type, "%s-%s-%s", rg->prefix, md->token, SHORT_DIM[d]);
    k->product_code = "AmazonBedrockFoundationModels";
    k->scale = 6;
    break;
  default:
    snprintf(k->usage_type, sizeof k->usage_type, "%s-%s-%s%s", rg->prefix, md->token, CLASSIC_DIM[d],
             VARIANT_SUFFIX[v]);
    k->product_code = "AmazonBedrock";
    k->scale = 3;
    break;
  }
  /* rate per pricing unit in USD: price/1e3 per 1K tokens, price per 1M tokens */
  char *e = p_dec(rate, k->scale == 3 ? k->price * 10 : k->price * 10000, 10);
  *e = 0;
  snprintf(raw, sizeof raw, "$%s per %s %s for %s, %s, %s", rate, k->scale == 3 ? "1K" : "1M", DIM_TEXT[d],
           md->name, VARIANT_TEXT[v], rg->name);
  cell_into(k->desc_cell, sizeof k->desc_cell, raw);
  snprintf(raw, sizeof raw,
           "{\"model\":\"%s\",\"product_name\":\"Amazon Bedrock\",\"region\":\"%s\",\"servicecode\":\"%s\","
           "\"usagetype\":\"%s\"}",
           md->name, rg->code, k->product_code, k->usage_type);
  cell_into(k->product_cell, sizeof k->product_cell, raw);
  k->billing_entity = "AWS";
  k->servicecode = k->product_code;
  k->product_name = "Amazon Bedrock";
  k->family = "Amazon Bedrock";
  k->pricing_unit = k->scale == 3 ? "1K tokens" : "1M tokens";
  k->term = "OnDemand";
}

/* Fill the SKU-dependent fields of a token row; cost is rounded half up to 1e-10 USD. */
static void row_bedrock(row_t *r, const bsku_t *k, int64_t tokens) {
  int64_t rate = k->scale == 3 ? k->price * 10 : k->price * 10000;
  r->billing_entity = k->billing_entity;
  r->li_type = "Usage";
  r->product_code = k->product_code;
  r->usage_type = k->usage_type;
  r->operation = k->mp ? "Usage" : "InvokeModelInference";
  r->az = "";
  r->amount = tokens;
  r->amount_scale = k->scale;
  r->rate = rate;
  r->cost = (tokens * k->price + 50) / 100;
  r->desc_cell = k->desc_cell;
  r->product_cell = k->product_cell;
  r->family = k->family;
  r->product_name = k->product_name;
  r->region_code = k->region_code;
  r->servicecode = k->servicecode;
  r->pricing_unit = k->pricing_unit;
  r->term = k->term;
  r->od_cost = k->mp ? 0 : r->cost;
  r->od_rate = k->mp ? 0 : rate;
}

/* Resource ARNs. kind: 0 foundation model, 1 application inference profile, 2 system inference profile. */
enum { RES_FM, RES_AIP, RES_SYS, RES_NONE };

static void resource_arn(char *dst, size_t cap, int kind, int m, int reg, int v, const char *acct,
                         const char *aip) {
  const region_t *rg = &REGIONS[reg];
  switch (kind) {
  case RES_AIP:
    snprintf(dst, cap, "arn:aws:bedrock:%s:%s:application-inference-profile/%s", rg->code, acct, aip);
    break;
  case RES_SYS:
    snprintf(dst, cap, "arn:aws:bedrock:%s:%s:inference-profile/%s.%s", rg->code, acct,
             variant_is_global(v) ? "global" : rg->geo, MODELS[m].model_id);
    break;
  case RES_FM:
    snprintf(dst, cap, "arn:aws:bedrock:%s::foundation-model/%s", rg->code, MODELS[m].model_id);
    break;
  default:
    dst[0] = 0;
    break;
  }
}

/* ------------------------------------------------------------------------------------------------
 * Non-Bedrock price-list items (rows the ingest must ignore).
 * --------------------------------------------------------------------------------------------- */

enum { NR_NONE, NR_EC2, NR_VOL, NR_S3, NR_RDS, NR_LAMBDA, NR_LOGS, NR_SAGEMAKER };

typedef struct {
  const char *product_code, *product_name, *family;
  const char *usage_type; /* without the region prefix */
  const char *operation, *unit;
  int64_t rate; /* 1e-10 USD per unit */
  int res;      /* NR_* */
  int az;
  int64_t amt_lo, amt_hi; /* daily amount range, scale 4 */
  const char *desc;
  int mp;
  int weight;
} nsku_t;

static const nsku_t NSKUS[] = {
    {"AmazonEC2", "Amazon Elastic Compute Cloud", "Compute Instance", "BoxUsage:m5.xlarge", "RunInstances",
     "Hrs", 1920000000, NR_EC2, 1, 10000, 240000, "$0.192 per On Demand Linux m5.xlarge Instance Hour", 0,
     18},
    {"AmazonEC2", "Amazon Elastic Compute Cloud", "Compute Instance", "BoxUsage:c6i.2xlarge", "RunInstances",
     "Hrs", 3400000000, NR_EC2, 1, 10000, 240000, "$0.34 per On Demand Linux c6i.2xlarge Instance Hour", 0,
     14},
    {"AmazonEC2", "Amazon Elastic Compute Cloud", "Compute Instance", "BoxUsage:g5.2xlarge", "RunInstances",
     "Hrs", 12120000000, NR_EC2, 1, 10000, 240000, "$1.212 per On Demand Linux g5.2xlarge Instance Hour", 0,
     4},
    {"AmazonEC2", "Amazon Elastic Compute Cloud", "Storage", "EBS:VolumeUsage.gp3", "CreateVolume-Gp3",
     "GB-Mo", 800000000, NR_VOL, 1, 10000, 5000000,
     "$0.08 per GB-month of General Purpose (gp3) provisioned storage, "
     "US East (Northern Virginia)",
     0, 12},
    {"AmazonS3", "Amazon Simple Storage Service", "Storage", "TimedStorage-ByteHrs", "StandardStorage",
     "GB-Mo", 230000000, NR_S3, 0, 100000, 90000000, "$0.023 per GB - first 50 TB / month of storage used", 0,
     10},
    {"AmazonS3", "Amazon Simple Storage Service", "API Request", "Requests-Tier1", "PutObject", "Requests",
     50000, NR_S3, 0, 10000, 900000000, "$0.005 per 1,000 PUT, COPY, POST, or LIST requests", 0, 8},
    {"AmazonRDS", "Amazon Relational Database Service", "Database Instance", "InstanceUsage:db.r6g.large",
     "CreateDBInstance:0014", "Hrs", 2250000000, NR_RDS, 1, 10000, 240000,
     "$0.225 per RDS db.r6g.large instance hour (or partial hour) running PostgreSQL", 0, 6},
    {"AWSLambda", "AWS Lambda", "Serverless", "Lambda-GB-Second", "Invoke", "Lambda-GB-Second", 166667,
     NR_LAMBDA, 0, 10000, 900000000, "AWS Lambda - Total Compute - US East (Northern Virginia)", 0, 6},
    {"AWSLambda", "AWS Lambda", "Serverless", "Request", "Invoke", "Requests", 2000, NR_LAMBDA, 0, 10000,
     9000000000LL, "AWS Lambda - Total Requests - US East (Northern Virginia)", 0, 5},
    {"AmazonCloudWatch", "AmazonCloudWatch", "Metric", "CW:MetricMonitorUsage", "MetricStorage", "Metrics",
     3000000000, NR_NONE, 0, 10000, 2000000, "$0.30 per metric-month for the first 10,000 metrics", 0, 5},
    {"AmazonCloudWatch", "AmazonCloudWatch", "Data Payload", "DataProcessing-Bytes", "PutLogEvents", "GB",
     5000000000, NR_LOGS, 0, 1000, 2000000, "$0.50 per GB custom log data ingested", 0, 4},
    {"AWSDataTransfer", "AWS Data Transfer", "Data Transfer", "DataTransfer-Out-Bytes", "RunInstances", "GB",
     900000000, NR_NONE, 0, 100, 20000000,
     "$0.090 per GB - first 10 TB / month data transfer out beyond the global "
     "free tier",
     0, 6},
    {"AWSDataTransfer", "AWS Data Transfer", "Data Transfer", "DataTransfer-Regional-Bytes", "InterZone-In",
     "GB", 100000000, NR_NONE, 0, 100, 20000000,
     "$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using "
     "elastic IPs or ELB",
     0, 4},
    {"AmazonSageMaker", "Amazon SageMaker", "ML Instance", "Host:ml.g5.2xlarge", "RunInstance:0001", "Hrs",
     15150000000LL, NR_SAGEMAKER, 0, 10000, 240000,
     "$1.515 per Hosting ml.g5.2xlarge hour in US East (N. Virginia)", 0, 2},
    /* A Marketplace product that is not Bedrock: same billing entity, must still be ignored. */
    {"6kx2p8r0w3v9m1n4c7b5q2z8y", "Acme Observability Platform - Pro Plan", "", "MP:HostHours-Units", "Usage",
     "Units", 1200000000, NR_NONE, 0, 10000, 2400000, "AWS Marketplace software usage|us-east-1|Host Hours",
     1, 1},
};
#define NNSKUS ((int)(sizeof NSKUS / sizeof NSKUS[0]))

typedef struct {
  char usage_type[96];
  char desc_cell[256];
  char product_cell[320];
} nsku_text_t;

static void nsku_text(nsku_text_t *t, int i, int reg) {
  const nsku_t *n = &NSKUS[i];
  const region_t *rg = &REGIONS[reg];
  char raw[512];
  if (n->mp)
    snprintf(t->usage_type, sizeof t->usage_type, "%s-MP:%s_HostHours-Units", rg->prefix, rg->prefix);
  else if (reg == R_USE1)
    snprintf(t->usage_type, sizeof t->usage_type, "%s", n->usage_type);
  else
    snprintf(t->usage_type, sizeof t->usage_type, "%s-%s", rg->prefix, n->usage_type);
  cell_into(t->desc_cell, sizeof t->desc_cell, n->desc);
  snprintf(raw, sizeof raw, "{\"product_name\":\"%s\",\"region\":\"%s\",\"servicecode\":\"%s\"}",
           n->product_name, rg->code, n->product_code);
  cell_into(t->product_cell, sizeof t->product_cell, raw);
}

static void nresource(char *dst, size_t cap, rng_t *r, int kind, int reg, const char *acct, unsigned k) {
  char h[20];
  char *e;
  switch (kind) {
  case NR_EC2:
    e = p_rand(h, r, HEX, 16, 16);
    *e = 0;
    snprintf(dst, cap, "i-0%s", h);
    break;
  case NR_VOL:
    e = p_rand(h, r, HEX, 16, 16);
    *e = 0;
    snprintf(dst, cap, "vol-0%s", h);
    break;
  case NR_S3:
    snprintf(dst, cap, "app-data-%s-%u", acct, k % 7);
    break;
  case NR_RDS:
    snprintf(dst, cap, "arn:aws:rds:%s:%s:db:app-db-%u", REGIONS[reg].code, acct, k % 5);
    break;
  case NR_LAMBDA:
    snprintf(dst, cap, "arn:aws:lambda:%s:%s:function:svc-handler-%u", REGIONS[reg].code, acct, k % 9);
    break;
  case NR_LOGS:
    snprintf(dst, cap, "arn:aws:logs:%s:%s:log-group:/aws/lambda/svc-handler-%u", REGIONS[reg].code, acct,
             k % 9);
    break;
  case NR_SAGEMAKER:
    snprintf(dst, cap, "arn:aws:sagemaker:%s:%s:endpoint/ranker-%u", REGIONS[reg].code, acct, k % 3);
    break;
  default:
    dst[0] = 0;
    break;
  }
}

static void row_nonbedrock(row_t *r, int i, const nsku_text_t *t, int reg, int64_t amount) {
  const nsku_t *n = &NSKUS[i];
  r->billing_entity = n->mp ? "AWS Marketplace" : "AWS";
  r->li_type = "Usage";
  r->product_code = n->product_code;
  r->usage_type = t->usage_type;
  r->operation = n->operation;
  r->amount = amount;
  r->amount_scale = 4;
  r->rate = n->rate;
  r->cost = (amount * n->rate + 5000) / 10000;
  r->desc_cell = t->desc_cell;
  r->product_cell = t->product_cell;
  r->family = n->family;
  r->product_name = n->product_name;
  r->region_code = REGIONS[reg].code;
  r->servicecode = n->product_code;
  r->pricing_unit = n->unit;
  r->term = n->mp ? "" : "OnDemand";
  r->od_cost = n->mp ? 0 : r->cost;
  r->od_rate = n->mp ? 0 : n->rate;
  r->principal = "";
}

/* ------------------------------------------------------------------------------------------------
 * Session names (the part after assumed-role/ROLE/).
 * --------------------------------------------------------------------------------------------- */

enum { S_EC2, S_BOTO, S_EMAIL, S_LAMBDA, S_ECS, S_JOB, S_COUNT };

static const char *const FIRST[] = {"alex",   "blair", "casey", "devon",  "emery",  "finley", "gray",
                                    "harper", "jamie", "kai",   "logan",  "morgan", "noel",   "parker",
                                    "quinn",  "reese", "sage",  "taylor", "uma",    "val"};
static const char *const LAST[] = {"adams", "baker", "chen", "diaz",  "evans",  "fischer", "garcia", "hughes",
                                   "ito",   "jones", "kim",  "lopez", "moreau", "novak",   "okafor", "patel"};

/* Session name number k of a principal; the same (seed, k) always gives the same name. */
static void session_name(char *dst, size_t cap, int style, uint64_t seed, unsigned k, const char *base) {
  rng_t r;
  char h[40];
  char *e;
  rng_seed(&r, mix64(seed, k + 1));
  switch (style) {
  case S_EC2:
    e = p_rand(h, &r, HEX, 16, 17);
    *e = 0;
    snprintf(dst, cap, "i-%s", h);
    break;
  case S_BOTO:
    snprintf(dst, cap, "botocore-session-%" PRIu64, (uint64_t)1761955200 + rng_below(&r, 5000000));
    break;
  case S_EMAIL:
    snprintf(dst, cap, "%s.%s@example.com", FIRST[rng_below(&r, 20)], LAST[rng_below(&r, 16)]);
    break;
  case S_LAMBDA: {
    /* Lambda sessions are function names: the role's name without "-role" or "-bedrock-role" */
    size_t n = strlen(base);
    if (n > 13 && strcmp(base + n - 13, "-bedrock-role") == 0)
      n -= 13;
    else if (n > 5 && strcmp(base + n - 5, "-role") == 0)
      n -= 5;
    snprintf(dst, cap, "%.*s-%s", (int)n, base, k % 3 == 0 ? "handler" : k % 3 == 1 ? "worker" : "scheduler");
    break;
  }
  case S_ECS:
    e = p_rand(h, &r, HEX, 16, 32);
    *e = 0;
    snprintf(dst, cap, "%s", h);
    break;
  default:
    e = p_rand(h, &r, ALNUM_LC, 36, 8);
    *e = 0;
    snprintf(dst, cap, "%s-job-%s", base, h);
    break;
  }
}

/* ------------------------------------------------------------------------------------------------
 * Misc helpers.
 * --------------------------------------------------------------------------------------------- */

static int mkdirs(const char *path) {
  char tmp[4096];
  size_t n = strlen(path);
  if (n >= sizeof tmp)
    return -1;
  memcpy(tmp, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (tmp[i] == '/' || tmp[i] == 0) {
      char c = tmp[i];
      tmp[i] = 0;
      if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "fc-curgen: mkdir %s: %s\n", tmp, strerror(errno));
        return -1;
      }
      tmp[i] = c;
    }
  }
  return 0;
}

/* Raw JSON map text -> CSV cell; "" stays an empty cell. */
static void map_cell(char *dst, size_t cap, const char *json) {
  if (!json || !*json) {
    dst[0] = 0;
    return;
  }
  cell_into(dst, cap, json);
}

/* Split total into n parts proportional to w (integers), exactly: the remainder goes to the last part. */
static void split_exact(int64_t total, const int64_t *w, int n, int64_t *out) {
  int64_t W = 0, acc = 0;
  for (int i = 0; i < n; i++)
    W += w[i];
  for (int i = 0; i < n; i++) {
    out[i] = (i == n - 1) ? total - acc : (W ? total * w[i] / W : 0);
    acc += out[i];
  }
}

/* ================================================================================================
 * Demo mode: the story of examples/demo (see examples/demo/README.md).
 * ============================================================================================= */

#define DEMO_PAYER "958342176093"
#define DEMO_EXPORT "finops-cur"
#define DEMO_BUCKET "s3://finops-demo-cur-958342176093/cur2"

/* Account ids and the workloads behind them (finops.yaml maps these). */
#define A_OPS "736008242383"    /* Enterprise/Enterprise_Operations */
#define A_PEOPLE "284750193846" /* Enterprise/Enterprise_Applications: HR Portal, Recruiting Assistant */
#define A_CUSTOMER                                                                                           \
  "390517264820" /* Enterprise/Enterprise_Applications: Customer Insights, Support Summarizer */
#define A_COMMERCE "518204937615" /* Digital/Digital_Commerce */
#define A_RESEARCH "629301847562" /* Digital/Digital_Research */

typedef struct {
  const char *label; /* unique; seeds this stream's randomness */
  const char *account;
  const char *role; /* role name as CUR shows it; "user/NAME" for an IAM user; NULL = no principal */
  int style, pool, max_sessions;
  int model, region, variant, res;
  const char *profile;  /* application inference profile id (RES_AIP) */
  const char *rtags;    /* resource_tags JSON of the profile */
  const char *ptags;    /* tags JSON: principal tags */
  int day0, day1;       /* November days, inclusive */
  int64_t cents;        /* November spend target over day0..day1, in cents */
  int64_t mix[D_COUNT]; /* token ratio */
  int october;          /* also in the (small) October period, at 80% of the November daily rate */
} dstream_t;

#define DEMO_TAGS "{\"user_cost_center\":\"CC-1042\",\"user_application\":\"finopscenter-demo\"}"
#define HR_TAGS "{\"user_map_migrated\":\"mig12345\",\"user_cost_center\":\"CC-2210\"}"
#define PS_TAGS "{\"user_map_migrated\":\"migPX7K2M4Q9A\",\"user_cost_center\":\"CC-3307\"}"
#define CI_PTAGS "{\"iamPrincipal/map-migrated\":\"mig48213\",\"iamPrincipal/team\":\"customer-analytics\"}"
#define DOC_PTAGS "{\"iamPrincipal/map-migrated\":\"MIG12345\",\"iamPrincipal/team\":\"applied-ml\"}"

static const dstream_t DEMO_STREAMS[] = {
    /* FinOpsCenter_DemoApp: MTD 1133.33 -> run-rate forecast 1700 vs estimate 1500. Half of the tokens go
     * through its application inference profile at the global rate, half straight to the model at the
     * regional rate (1.1x). Token ratio: output 42.667M, cache hit 18%. MAP: no map-migrated tag (at risk).
     */
    {"demo-app/direct",
     A_OPS,
     "finopscenter-demo-app-bedrock-role",
     S_ECS,
     40,
     3,
     M_SONNET46,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     59365,
     {140860, 42667, 30920, 2000, 0},
     1},
    {"demo-app/profile",
     A_OPS,
     "finopscenter-demo-app-bedrock-role",
     S_ECS,
     40,
     3,
     M_SONNET46,
     R_USE1,
     V_GLOBAL,
     RES_AIP,
     "k3v9q2m7x1pd",
     DEMO_TAGS,
     NULL,
     1,
     20,
     53968,
     {140860, 42667, 30920, 2000, 0},
     1},

    /* HR Portal: 14,200, all through two profiles tagged map-migrated=mig12345 (MAP qualifying). */
    {"hr-portal/profile-use1",
     A_PEOPLE,
     "hr-portal-app-role",
     S_ECS,
     30,
     3,
     M_SONNET46,
     R_USE1,
     V_GLOBAL,
     RES_AIP,
     "p7f3x9k2m4qa",
     HR_TAGS,
     NULL,
     1,
     20,
     1240000,
     {1000, 120, 450, 40, 0},
     1},
    {"hr-portal/profile-usw2",
     A_PEOPLE,
     "hr-portal-app-role",
     S_ECS,
     30,
     2,
     M_HAIKU45,
     R_USW2,
     V_STD,
     RES_AIP,
     "w4n8c2r6t1ze",
     HR_TAGS,
     NULL,
     1,
     20,
     180000,
     {1000, 200, 300, 30, 0},
     1},
    /* Recruiting Assistant: 3,100 by role, no tags (MAP at risk). */
    {"recruiting/haiku",
     A_PEOPLE,
     "recruiting-assistant-role",
     S_LAMBDA,
     3,
     2,
     M_HAIKU45,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     190000,
     {1000, 250, 150, 20, 0},
     0},
    {"recruiting/novapro",
     A_PEOPLE,
     "recruiting-assistant-role",
     S_LAMBDA,
     3,
     2,
     M_NOVAPRO,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     120000,
     {1000, 300, 100, 0, 0},
     0},
    /* Unclaimed role 1 of 3 in the portfolio's accounts: 1,650. */
    {"unclaimed/hr-analytics",
     A_PEOPLE,
     "hr-analytics-notebook",
     S_EMAIL,
     9,
     2,
     M_SONNET46,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     165000,
     {1000, 150, 600, 0, 50},
     0},

    /* Customer Insights: 9,400 by role; the role carries a valid iamPrincipal/map-migrated tag (qualifying).
     */
    {"customer-insights/usw2",
     A_CUSTOMER,
     "customer-insights-svc",
     S_EC2,
     12,
     3,
     M_SONNET46,
     R_USW2,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     CI_PTAGS,
     1,
     20,
     690000,
     {1000, 180, 500, 40, 0},
     1},
    {"customer-insights/geo",
     A_CUSTOMER,
     "customer-insights-svc",
     S_EC2,
     12,
     2,
     M_SONNET46,
     R_USE1,
     V_STD,
     RES_SYS,
     NULL,
     NULL,
     CI_PTAGS,
     1,
     20,
     250000,
     {1000, 150, 300, 20, 0},
     1},
    /* Support Summarizer: Marketplace-billed Claude 3.5 Sonnet (not approved); role claimed with a path. */
    {"support-summarizer/mp",
     A_CUSTOMER,
     "support-summarizer-bedrock-role",
     S_LAMBDA,
     3,
     2,
     M_MP_SONNET35,
     R_USW2,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     235000,
     {1000, 100, 200, 30, 0},
     0},
    /* Unclaimed roles 2 and 3: 1,350 (batch) and 800 (SSO users, global cross-region). */
    {"unclaimed/ci-batch",
     A_CUSTOMER,
     "ci-batch-scoring",
     S_JOB,
     20,
     1,
     M_NOVAPRO,
     R_USE1,
     V_BATCH,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     135000,
     {1000, 200, 0, 0, 0},
     0},
    {"unclaimed/sso",
     A_CUSTOMER,
     "AWSReservedSSO_DataScientist_4f2a9c1e7b3d5a60",
     S_EMAIL,
     14,
     3,
     M_SONNET46,
     R_USE1,
     V_GLOBAL,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     80000,
     {1000, 200, 100, 10, 0},
     0},

    /* Product Search: 10,600 through a profile tagged migPX7K2M4Q9A (qualifying), 120 of it in the
     * double-claim pair below. */
    {"product-search/profile",
     A_COMMERCE,
     "product-search-app",
     S_ECS,
     30,
     3,
     M_HAIKU45,
     R_USE1,
     V_GLOBAL,
     RES_AIP,
     "x2m8q4v7n1kb",
     PS_TAGS,
     NULL,
     1,
     20,
     1048000,
     {1000, 150, 400, 30, 0},
     1},
    /* The double-claim pair: Product Search's profile called by Checkout Assistant's role on one day. */
    {"conflict/checkout-via-ps-profile",
     A_COMMERCE,
     "checkout-assistant-bedrock",
     S_ECS,
     1,
     1,
     M_HAIKU45,
     R_USE1,
     V_GLOBAL,
     RES_AIP,
     "x2m8q4v7n1kb",
     PS_TAGS,
     NULL,
     12,
     12,
     12000,
     {1000, 150, 0, 0, 0},
     0},
    /* Catalog Enrichment: 2,900 by role through the "us." system profile (cannot be tagged: at risk). */
    {"catalog-enrichment/geo",
     A_COMMERCE,
     "catalog-enrichment-worker",
     S_EC2,
     16,
     3,
     M_SONNET46,
     R_USE1,
     V_STD,
     RES_SYS,
     NULL,
     NULL,
     NULL,
     1,
     20,
     290000,
     {1000, 300, 200, 20, 0},
     0},
    /* Checkout Assistant: Nova Lite and Llama 3.3 70B (not approved outside Digital_Research). */
    {"checkout/novalite",
     A_COMMERCE,
     "checkout-assistant-bedrock",
     S_ECS,
     24,
     2,
     M_NOVALITE,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     60000,
     {1000, 250, 200, 0, 0},
     0},
    {"checkout/llama",
     A_COMMERCE,
     "checkout-assistant-bedrock",
     S_ECS,
     24,
     2,
     M_LLAMA33,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     45000,
     {1000, 200, 0, 0, 0},
     0},

    /* Research Lab: claimed from 2026-11-12; days 1-11 are before_claim. */
    {"research-lab/mistral",
     A_RESEARCH,
     "research-lab-bedrock",
     S_EMAIL,
     10,
     2,
     M_MISTRAL,
     R_USW2,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     140000,
     {1000, 250, 0, 0, 0},
     0},
    {"research-lab/llama",
     A_RESEARCH,
     "research-lab-bedrock",
     S_EMAIL,
     10,
     2,
     M_LLAMA33,
     R_USW2,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     70000,
     {1000, 300, 0, 0, 0},
     0},
    {"research-lab/kimi",
     A_RESEARCH,
     "research-lab-bedrock",
     S_EMAIL,
     10,
     1,
     M_KIMI,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     30000,
     {1000, 250, 0, 0, 0},
     0},
    /* Doc Classifier: 1,466.67 by role; its principal tag value MIG12345 is not a valid MAP value (at risk).
     */
    {"doc-classifier/novapro",
     A_RESEARCH,
     "doc-classifier-pipeline",
     S_JOB,
     20,
     2,
     M_NOVAPRO,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     DOC_PTAGS,
     1,
     20,
     140000,
     {1000, 80, 300, 0, 0},
     0},
    {"doc-classifier/titan",
     A_RESEARCH,
     "doc-classifier-pipeline",
     S_JOB,
     20,
     1,
     M_TITANEMB,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     DOC_PTAGS,
     1,
     20,
     6667,
     {1000, 0, 0, 0, 0},
     0},
    /* A Bedrock API key (an IAM user) nobody claimed. */
    {"unclaimed/api-key",
     A_RESEARCH,
     "user/BedrockAPIKey-7f3k",
     S_EMAIL,
     1,
     1,
     M_SONNET4,
     R_USE1,
     V_STD,
     RES_FM,
     NULL,
     NULL,
     NULL,
     1,
     20,
     26000,
     {1000, 200, 0, 0, 0},
     0},
};
#define NDEMO_STREAMS ((int)(sizeof DEMO_STREAMS / sizeof DEMO_STREAMS[0]))

/* Bedrock rows that are not token usage. */
typedef struct {
  const char *label, *account, *role; /* role NULL: no principal */
  const char *li_type;                /* Usage or Credit */
  int day;                            /* 0 = every day of the period (Usage only) */
  int64_t cents;                      /* per row for credits (written negative), per period for usage */
  const char *usage_type, *unit, *desc;
  int64_t rate; /* 1e-10 USD per unit (usage) */
} dother_t;

static const dother_t DEMO_OTHER[] = {
    /* Guardrails: Bedrock cost without a principal or tokens (unattributed, no_principal). */
    {"guardrails", A_COMMERCE, NULL, "Usage", 0, 8500, "USE1-Guardrail-ContentPolicy-TextUnits",
     "1K text units", "$0.15 per 1K text units for content filters, Guardrails, US East (N. Virginia)",
     1500000000},
    /* Credits: one account-level (no principal), one on Research Lab's role. */
    {"credit/research-account", A_RESEARCH, NULL, "Credit", 10, 50000, "USW2-MistralLarge-2402-input-tokens",
     "1K tokens", "AWS Promotional Credit, Amazon Bedrock", 0},
    {"credit/research-lab", A_RESEARCH, "research-lab-bedrock", "Credit", 18, 15000,
     "USW2-MistralLarge-2402-output-tokens", "1K tokens",
     "AWS Promotional Credit, Amazon Bedrock, research program", 0},
};
#define NDEMO_OTHER ((int)(sizeof DEMO_OTHER / sizeof DEMO_OTHER[0]))

/* Other services per account and day: (sku, region) pairs. */
typedef struct {
  const char *account;
  int sku[6];
  int region;
} dinfra_t;

static const dinfra_t DEMO_INFRA[] = {
    {A_OPS, {0, 3, 4, 7, 9, -1}, R_USE1},        {A_PEOPLE, {0, 6, 4, 11, 8, -1}, R_USE1},
    {A_CUSTOMER, {1, 6, 4, 12, 10, -1}, R_USW2}, {A_COMMERCE, {1, 2, 5, 7, 11, 14}, R_USE1},
    {A_RESEARCH, {2, 13, 4, 3, 10, -1}, R_USW2},
};
#define NDEMO_INFRA ((int)(sizeof DEMO_INFRA / sizeof DEMO_INFRA[0]))

typedef struct {
  bsku_t sku[D_COUNT];
  int64_t day_tokens[32][D_COUNT]; /* by day of month */
  uint64_t seed;
  char resource[256];
  char rtags_cell[256], tags_cell[256];
} dstate_t;

static void demo_principal(char *dst, size_t cap, const char *acct, const char *role, const char *session) {
  if (!role)
    dst[0] = 0;
  else if (strncmp(role, "user/", 5) == 0)
    snprintf(dst, cap, "arn:aws:iam::%s:%s", acct, role);
  else
    snprintf(dst, cap, "arn:aws:sts::%s:assumed-role/%s/%s", acct, role, session);
}

/* Work out a stream's tokens for each day of the period (exact integer totals). */
static void demo_plan(dstate_t *st, const dstream_t *s, const period_t *pd, int october) {
  int d0 = s->day0, d1 = s->day1;
  int64_t cents = s->cents;
  memset(st->day_tokens, 0, sizeof st->day_tokens);
  if (october) {
    if (!s->october)
      return;
    d0 = 1;
    d1 = pd->ndays;
    /* 80% of the November daily rate */
    cents = cents * 4 * (d1 - d0 + 1) / (5 * (s->day1 - s->day0 + 1));
  }
  /* unit cost of the mix in uUSD/M * ratio units; tokens_i = mix_i * cents * 1e10 / unit */
  int64_t unit = 0;
  for (int d = 0; d < D_COUNT; d++)
    unit += s->mix[d] * st->sku[d].price;
  if (unit <= 0)
    return;
  int64_t num = cents * 10000000000LL;
  int64_t q = num / unit, rem = num % unit;
  int64_t total[D_COUNT];
  for (int d = 0; d < D_COUNT; d++)
    total[d] = s->mix[d] * q + s->mix[d] * rem / unit;

  /* day weights: weekdays busier than weekends, plus a little noise */
  rng_t r;
  rng_seed(&r, mix64(st->seed, (uint64_t)pd->month));
  int64_t w[32];
  int n = d1 - d0 + 1;
  for (int i = 0; i < n; i++) {
    int wd = weekday(pd->year, pd->month, d0 + i);
    w[i] = (wd == 0 || wd == 6 ? 55 : 100) + rng_below(&r, 30);
  }
  for (int d = 0; d < D_COUNT; d++) {
    int64_t part[32];
    split_exact(total[d], w, n, part);
    for (int i = 0; i < n; i++)
      st->day_tokens[d0 + i][d] = part[i];
  }
}

static void demo_stream_day(out_t *o, emit_ctx_t *cx, const dstream_t *s, dstate_t *st, int day,
                            int october) {
  const period_t *pd = cx->pd;
  int any = 0;
  for (int d = 0; d < D_COUNT; d++)
    any |= st->day_tokens[day][d] != 0;
  if (!any)
    return;
  rng_t r;
  rng_seed(&r, mix64(st->seed, (uint64_t)(pd->month * 100 + day)));
  int maxs = october ? 1 : s->max_sessions;
  int k = 1 + (int)rng_below(&r, (uint32_t)maxs);
  if (k > s->pool)
    k = s->pool;
  /* pick k distinct session numbers out of the principal's pool */
  unsigned pick[8];
  int64_t sw[8];
  for (int i = 0; i < k; i++) {
    unsigned c;
    int dup;
    do {
      c = rng_below(&r, (uint32_t)s->pool);
      dup = 0;
      for (int j = 0; j < i; j++)
        dup |= pick[j] == c;
    } while (dup);
    pick[i] = c;
    sw[i] = 20 + rng_below(&r, 80);
  }
  uint64_t pseed = fnv1a(s->role ? s->role : "", fnv1a(s->account, 0));
  row_t row;
  memset(&row, 0, sizeof row);
  int h0 = (day - 1) * 24;
  row.ts0 = pd->ts[h0];
  row.ts1 = pd->ts[h0 + 24];
  row.invoice_id = october ? "2026318459" : "";
  row.account = s->account;
  row.resource = st->resource;
  row.rtags_cell = st->rtags_cell;
  row.tags_cell = st->tags_cell;
  row.costcat_cell = "";
  row.discount_cell = "{}";
  for (int i = 0; i < k; i++) {
    char session[96], principal[256];
    session_name(session, sizeof session, s->style, pseed, pick[i], s->role ? s->role : "");
    demo_principal(principal, sizeof principal, s->account, s->role, session);
    row.principal = principal;
    for (int d = 0; d < D_COUNT; d++) {
      int64_t part[8];
      if (!st->day_tokens[day][d])
        continue;
      split_exact(st->day_tokens[day][d], sw, k, part);
      if (!part[i])
        continue;
      row_bedrock(&row, &st->sku[d], part[i]);
      if (!st->sku[d].mp && ((pick[i] + (unsigned)d) & 1))
        row.operation = "InvokeModelStreamingInference";
      if (strcmp(s->account, A_OPS) == 0 || strcmp(s->account, A_PEOPLE) == 0 ||
          strcmp(s->account, A_CUSTOMER) == 0)
        row.costcat_cell = "\"{\"\"business_unit\"\":\"\"Enterprise\"\"}\"";
      else
        row.costcat_cell = "\"{\"\"business_unit\"\":\"\"Digital\"\"}\"";
      emit_row(o, cx, &row);
    }
  }
}

static void demo_other_day(out_t *o, emit_ctx_t *cx, int day, int october) {
  const period_t *pd = cx->pd;
  for (int i = 0; i < NDEMO_OTHER; i++) {
    const dother_t *x = &DEMO_OTHER[i];
    int is_credit = strcmp(x->li_type, "Credit") == 0;
    if (is_credit && (october || x->day != day))
      continue;
    row_t row;
    char desc[256], principal[256], product[320];
    memset(&row, 0, sizeof row);
    int h0 = (day - 1) * 24;
    row.ts0 = pd->ts[h0];
    row.ts1 = pd->ts[h0 + 24];
    row.invoice_id = october ? "2026318459" : "";
    row.billing_entity = "AWS";
    row.account = x->account;
    row.li_type = x->li_type;
    row.product_code = "AmazonBedrock";
    row.usage_type = x->usage_type;
    row.operation = is_credit ? "" : "ApplyGuardrail";
    row.az = "";
    row.resource = "";
    cell_into(desc, sizeof desc, x->desc);
    row.desc_cell = desc;
    principal[0] = 0;
    if (x->role) /* a credit names the principal that earned it */
      snprintf(principal, sizeof principal, "arn:aws:sts::%s:assumed-role/%s/research-program", x->account,
               x->role);
    row.principal = principal;
    char raw[256];
    snprintf(raw, sizeof raw,
             "{\"product_name\":\"Amazon Bedrock\",\"region\":\"%s\",\"servicecode\":\"AmazonBedrock\","
             "\"usagetype\":\"%s\"}",
             strncmp(x->usage_type, "USW2", 4) == 0 ? "us-west-2" : "us-east-1", x->usage_type);
    cell_into(product, sizeof product, raw);
    row.product_cell = product;
    row.family = "Amazon Bedrock";
    row.product_name = "Amazon Bedrock";
    row.region_code = strncmp(x->usage_type, "USW2", 4) == 0 ? "us-west-2" : "us-east-1";
    row.servicecode = "AmazonBedrock";
    row.pricing_unit = x->unit;
    row.term = is_credit ? "" : "OnDemand";
    row.rtags_cell = "{}";
    row.tags_cell = "";
    row.costcat_cell = "";
    row.discount_cell = "{}";
    if (is_credit) {
      row.amount = 0;
      row.amount_scale = 3;
      row.rate = 0;
      row.cost = -x->cents * 100000000LL;
      row.od_cost = 0;
      row.od_rate = 0;
    } else {
      /* the period's spend spread evenly over the 20 November days (October: same daily rate);
       * amount in thousands of text units at scale 3, i.e. an integer count of text units */
      int64_t per_unit = x->rate / 1000;
      int64_t per_day = x->cents * 100000000LL / 20;
      row.amount = per_day / per_unit;
      row.amount_scale = 3;
      row.rate = x->rate;
      row.cost = row.amount * per_unit;
      row.od_cost = row.cost;
      row.od_rate = row.rate;
    }
    emit_row(o, cx, &row);
  }
}

static void demo_infra_day(out_t *o, emit_ctx_t *cx, int day, int october) {
  const period_t *pd = cx->pd;
  for (int a = 0; a < NDEMO_INFRA; a++) {
    const dinfra_t *in = &DEMO_INFRA[a];
    rng_t r;
    rng_seed(&r, mix64(fnv1a(in->account, 0), (uint64_t)(pd->month * 100 + day)));
    /* October: one row per account and day keeps the older period small */
    for (int j = 0; j < (october ? 1 : 6) && in->sku[j] >= 0; j++) {
      int si = in->sku[j];
      const nsku_t *n = &NSKUS[si];
      nsku_text_t t;
      nsku_text(&t, si, in->region);
      row_t row;
      char res[160];
      memset(&row, 0, sizeof row);
      int h0 = (day - 1) * 24;
      row.ts0 = pd->ts[h0];
      row.ts1 = pd->ts[h0 + 24];
      row.invoice_id = october ? "2026318459" : "";
      row.account = in->account;
      nresource(res, sizeof res, &r, n->res, in->region, in->account, (unsigned)j);
      row.resource = res;
      char az[24];
      snprintf(az, sizeof az, "%s%c", REGIONS[in->region].code, 'a' + (int)rng_below(&r, 3));
      row.az = n->az ? az : "";
      int64_t span = n->amt_hi - n->amt_lo;
      int64_t amount = n->amt_lo + (int64_t)(rng_next(&r) % (uint64_t)(span / 10 + 1));
      row_nonbedrock(&row, si, &t, in->region, amount);
      row.rtags_cell =
          n->res == NR_EC2 ? "\"{\"\"user_team\"\":\"\"platform\"\",\"\"user_env\"\":\"\"prod\"\"}\"" : "{}";
      row.tags_cell = "";
      row.costcat_cell = "";
      row.discount_cell = "{}";
      emit_row(o, cx, &row);
    }
  }
}

typedef struct {
  int first, last; /* days; first > last: header only */
} dchunk_t;

static int demo_period(const char *outdir, int year, int month, int last_day, const dchunk_t *chunks,
                       int nchunks) {
  period_t pd;
  int october = month == 10;
  if (period_init(&pd, year, month) != 0)
    return -1;
  char dir[4096], path[4200], mdir[4096];
  snprintf(dir, sizeof dir, "%s/%s/data/BILLING_PERIOD=%s", outdir, DEMO_EXPORT, pd.label);
  snprintf(mdir, sizeof mdir, "%s/%s/metadata/BILLING_PERIOD=%s", outdir, DEMO_EXPORT, pd.label);
  if (mkdirs(dir) != 0 || mkdirs(mdir) != 0) {
    free(pd.ts);
    return -1;
  }
  dstate_t *st = calloc((size_t)NDEMO_STREAMS, sizeof *st);
  if (!st) {
    free(pd.ts);
    return -1;
  }
  for (int i = 0; i < NDEMO_STREAMS; i++) {
    const dstream_t *s = &DEMO_STREAMS[i];
    st[i].seed = fnv1a(s->label, 0);
    for (int d = 0; d < D_COUNT; d++)
      bsku_make(&st[i].sku[d], s->model, s->region, s->variant, d);
    resource_arn(st[i].resource, sizeof st[i].resource, s->res, s->model, s->region, s->variant, s->account,
                 s->profile);
    map_cell(st[i].rtags_cell, sizeof st[i].rtags_cell, s->rtags ? s->rtags : "{}");
    map_cell(st[i].tags_cell, sizeof st[i].tags_cell, s->ptags);
    demo_plan(&st[i], s, &pd, october);
  }
  emit_ctx_t cx;
  memset(&cx, 0, sizeof cx);
  cx.pd = &pd;
  cx.payer = DEMO_PAYER;
  rng_seed(&cx.id_rng, mix64(0x5eedULL, (uint64_t)(year * 100 + month)));
  int rc = 0;
  for (int c = 0; c < nchunks && rc == 0; c++) {
    out_t o;
    snprintf(path, sizeof path, "%s/%s-%05d.csv.gz", dir, DEMO_EXPORT, c + 1);
    if (out_open(&o, path, 9) != 0) {
      rc = -1;
      break;
    }
    write_header(&o);
    for (int day = chunks[c].first; day <= chunks[c].last && day <= last_day; day++) {
      for (int i = 0; i < NDEMO_STREAMS; i++)
        demo_stream_day(&o, &cx, &DEMO_STREAMS[i], &st[i], day, october);
      demo_other_day(&o, &cx, day, october);
      demo_infra_day(&o, &cx, day, october);
    }
    if (out_close(&o, path) != 0)
      rc = -1;
  }
  /* manifest */
  if (rc == 0) {
    snprintf(path, sizeof path, "%s/%s-Manifest.json", mdir, DEMO_EXPORT);
    FILE *f = fopen(path, "wb");
    if (!f) {
      fprintf(stderr, "fc-curgen: %s: %s\n", path, strerror(errno));
      rc = -1;
    } else {
      fprintf(f, "{\n  \"version\": \"2.0\",\n  \"exportName\": \"%s\",\n", DEMO_EXPORT);
      fprintf(f, "  \"exportArn\": \"arn:aws:bcm-data-exports:us-east-1:%s:export/%s-5f1c2a7e\",\n",
              DEMO_PAYER, DEMO_EXPORT);
      fprintf(f, "  \"billingPeriod\": {\"start\": \"%s\", \"end\": \"%s\"},\n", pd.start, pd.end);
      fprintf(f, "  \"dataFiles\": [\n");
      for (int c = 0; c < nchunks; c++)
        fprintf(f, "    \"%s/%s/data/BILLING_PERIOD=%s/%s-%05d.csv.gz\"%s\n", DEMO_BUCKET, DEMO_EXPORT,
                pd.label, DEMO_EXPORT, c + 1, c + 1 < nchunks ? "," : "");
      fprintf(f, "  ],\n  \"columns\": [\n");
      for (int i = 0; i < NCOLUMNS; i++)
        fprintf(f, "    {\"name\": \"%s\", \"type\": \"%s\"}%s\n", COLUMNS[i][0], COLUMNS[i][1],
                i + 1 < NCOLUMNS ? "," : "");
      fprintf(f, "  ],\n  \"rowCount\": %" PRIu64 "\n}\n", cx.rows);
      if (fclose(f) != 0)
        rc = -1;
    }
  }
  free(st);
  free(pd.ts);
  return rc;
}

static int cmd_demo(int argc, char **argv) {
  int with_october = 1;
  const char *outdir = NULL;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--no-october") == 0)
      with_october = 0;
    else if (argv[i][0] == '-') {
      fprintf(stderr, "fc-curgen demo: unknown option %s\n", argv[i]);
      return 2;
    } else if (!outdir)
      outdir = argv[i];
    else {
      fprintf(stderr, "fc-curgen demo: one OUTDIR only\n");
      return 2;
    }
  }
  if (!outdir) {
    fprintf(stderr, "usage: fc-curgen demo [--no-october] OUTDIR\n");
    return 2;
  }
  /* November 1-20 in three chunks plus one left over from a larger refresh (header only). */
  static const dchunk_t nov[] = {{1, 7}, {8, 14}, {15, 20}, {1, 0}};
  static const dchunk_t oct[] = {{1, 15}, {16, 31}};
  if (with_october && demo_period(outdir, 2026, 10, 31, oct, 2) != 0)
    return 1;
  if (demo_period(outdir, 2026, 11, 20, nov, 4) != 0)
    return 1;
  return 0;
}

/* ================================================================================================
 * Bench mode: N rows of a large, mixed export, streamed in constant memory.
 * ============================================================================================= */

#define B_ACCOUNTS 160
#define B_ROLES 900
#define B_USERS 40
#define B_PROFILES 120
#define B_GROUPS 3

typedef struct {
  int model, region, variant;
} bgroup_t;

typedef struct {
  int account;
  char name[72];
  int style, nsess;
  int profile; /* -1: none */
  bgroup_t g[B_GROUPS];
  char tags_cell[192];
  uint64_t seed;
} brole_t;

typedef struct {
  int account, region;
  char id[13];
  char rtags_cell[192];
} bprofile_t;

typedef struct {
  rng_t rng;
  char accounts[B_ACCOUNTS][13];
  brole_t roles[B_ROLES];
  char users[B_USERS][48];
  int user_account[B_USERS];
  bprofile_t profiles[B_PROFILES];
  bsku_t *sku[M_COUNT][R_COUNT][V_COUNT][D_COUNT]; /* built on first use */
  nsku_text_t ntext[NNSKUS][R_COUNT];
  int nweight_total;
  /* --shapes K: Bedrock row n takes its key (principal, account, model, region, usage type,
   * operation, resource, line item type) from shape n mod K, seeded apart from the main stream, so
   * the keys of a day stay a fixed set however many rows there are; 0: every key drawn afresh. */
  uint64_t shapes, shape_seed, nbedrock;
} bench_t;

static const char *const ROLE_APP[] = {
    "chat",   "search", "summarizer", "agent",     "classifier", "rag",    "copilot", "support",
    "ingest", "ranker", "translator", "extractor", "assistant",  "triage", "review",  "insights"};
static const char *const ROLE_TEAM[] = {"payments", "claims", "hr",      "marketing", "legal",    "risk",
                                        "fraud",    "ops",    "finance", "retail",    "sales",    "platform",
                                        "data",     "growth", "care",    "security",  "logistics"};

static const bsku_t *bench_sku(bench_t *b, int m, int reg, int v, int d) {
  bsku_t **slot = &b->sku[m][reg][v][d];
  if (!*slot) {
    *slot = malloc(sizeof **slot);
    if (!*slot) {
      fprintf(stderr, "fc-curgen: out of memory\n");
      exit(1);
    }
    bsku_make(*slot, m, reg, v, d);
  }
  return *slot;
}

static int pick_region(rng_t *r) {
  static const int w[R_COUNT] = {46, 10, 24, 8, 6, 4, 2};
  int x = (int)rng_below(r, 100);
  for (int i = 0; i < R_COUNT; i++) {
    if (x < w[i])
      return i;
    x -= w[i];
  }
  return R_USE1;
}

static void bench_group(rng_t *r, bgroup_t *g) {
  for (;;) {
    int x = (int)rng_below(r, 100);
    int m;
    if (x < 22)
      m = M_SONNET46;
    else if (x < 30)
      m = M_SONNET4;
    else if (x < 33)
      m = M_SONNET37;
    else if (x < 45)
      m = M_HAIKU45;
    else if (x < 48)
      m = M_HAIKU35;
    else if (x < 54)
      m = M_NOVAPRO;
    else if (x < 60)
      m = M_NOVALITE;
    else if (x < 63)
      m = M_NOVAMICRO;
    else if (x < 66)
      m = M_LLAMA33;
    else if (x < 67)
      m = M_LLAMA31;
    else if (x < 69)
      m = M_MISTRAL;
    else if (x < 72)
      m = M_TITANEMB;
    else if (x < 74)
      m = M_KIMI;
    else if (x < 77)
      m = M_OPUS48;
    else if (x < 78)
      m = M_GROK43;
    else if (x < 92)
      m = M_MP_SONNET35;
    else if (x < 97)
      m = M_MP_HAIKU3;
    else
      m = M_MP_COMMAND;
    int v = V_STD;
    int y = (int)rng_below(r, 100);
    if (MODELS[m].grammar == G_CLASSIC) {
      v = y < 50   ? V_STD
          : y < 75 ? V_GLOBAL
          : y < 83 ? V_BATCH
          : y < 87 ? V_FLEX
          : y < 90 ? V_PRIORITY
          : y < 93 ? V_LATENCY
          : y < 96 ? V_CUSTOM
                   : V_LONGCTX;
    } else if (MODELS[m].grammar == G_MANTLE) {
      v = y < 70 ? V_STD : y < 85 ? V_FLEX : V_PRIORITY;
    } else if (MODELS[m].grammar == G_MP) {
      v = y < 55 ? V_STD : y < 75 ? V_GLOBAL : y < 85 ? V_BATCH : V_MPNEW;
    }
    if (!sku_valid(m, v, D_IN))
      continue;
    g->model = m;
    g->variant = v;
    g->region = pick_region(r);
    return;
  }
}

static void bench_init(bench_t *b, uint64_t seed) {
  rng_seed(&b->rng, seed);
  rng_t *r = &b->rng;
  for (int i = 0; i < B_ACCOUNTS; i++) {
    b->accounts[i][0] = (char)('1' + rng_below(r, 9));
    for (int j = 1; j < 12; j++)
      b->accounts[i][j] = (char)('0' + rng_below(r, 10));
    b->accounts[i][12] = 0;
  }
  for (int i = 0; i < B_PROFILES; i++) {
    bprofile_t *p = &b->profiles[i];
    p->account = (int)rng_below(r, B_ACCOUNTS);
    p->region = pick_region(r);
    char *e = p_rand(p->id, r, ALNUM_LC, 36, 12);
    *e = 0;
    int t = (int)rng_below(r, 10);
    char raw[160];
    if (t < 4)
      snprintf(raw, sizeof raw, "{\"user_map_migrated\":\"mig%05u\",\"user_cost_center\":\"CC-%04u\"}",
               rng_below(r, 100000), rng_below(r, 10000));
    else if (t < 5)
      snprintf(raw, sizeof raw, "{\"user_map_migrated\":\"MIG-%u\",\"user_cost_center\":\"CC-%04u\"}",
               rng_below(r, 100000), rng_below(r, 10000));
    else if (t < 8)
      snprintf(raw, sizeof raw, "{\"user_cost_center\":\"CC-%04u\"}", rng_below(r, 10000));
    else
      snprintf(raw, sizeof raw, "{}");
    cell_into(p->rtags_cell, sizeof p->rtags_cell, raw);
  }
  for (int i = 0; i < B_ROLES; i++) {
    brole_t *ro = &b->roles[i];
    ro->account = (int)rng_below(r, B_ACCOUNTS);
    int kind = (int)rng_below(r, 20);
    const char *team = ROLE_TEAM[rng_below(r, 17)], *app = ROLE_APP[rng_below(r, 16)];
    if (kind == 0) {
      char h[17];
      char *e = p_rand(h, r, HEX, 16, 16);
      *e = 0;
      snprintf(ro->name, sizeof ro->name, "AWSReservedSSO_%sAnalyst_%s", team, h);
      ro->style = S_EMAIL;
    } else {
      snprintf(ro->name, sizeof ro->name, "%s-%s-bedrock-%u", team, app, i);
      ro->style = (int)rng_below(r, S_COUNT);
    }
    ro->nsess = 1 + (int)rng_below(r, ro->style == S_LAMBDA ? 3 : 60);
    ro->profile = rng_below(r, 4) == 0 ? (int)rng_below(r, B_PROFILES) : -1;
    for (int g = 0; g < B_GROUPS; g++)
      bench_group(r, &ro->g[g]);
    int t = (int)rng_below(r, 10);
    char raw[160];
    if (t < 2)
      snprintf(raw, sizeof raw, "{\"iamPrincipal/map-migrated\":\"mig%05u\",\"iamPrincipal/team\":\"%s\"}",
               rng_below(r, 100000), team);
    else if (t < 4)
      snprintf(raw, sizeof raw, "{\"iamPrincipal/team\":\"%s\"}", team);
    else
      raw[0] = 0;
    map_cell(ro->tags_cell, sizeof ro->tags_cell, raw);
    ro->seed = rng_next(r);
  }
  for (int i = 0; i < B_USERS; i++) {
    char h[8];
    char *e = p_rand(h, r, ALNUM_LC, 36, 4);
    *e = 0;
    if (i % 3 == 0)
      snprintf(b->users[i], sizeof b->users[i], "%s.%s", FIRST[rng_below(r, 20)], LAST[rng_below(r, 16)]);
    else
      snprintf(b->users[i], sizeof b->users[i], "BedrockAPIKey-%s", h);
    b->user_account[i] = (int)rng_below(r, B_ACCOUNTS);
  }
  b->nweight_total = 0;
  for (int i = 0; i < NNSKUS; i++) {
    b->nweight_total += NSKUS[i].weight;
    for (int g = 0; g < R_COUNT; g++)
      nsku_text(&b->ntext[i][g], i, g);
  }
}

static void bench_free(bench_t *b) {
  for (int m = 0; m < M_COUNT; m++)
    for (int g = 0; g < R_COUNT; g++)
      for (int v = 0; v < V_COUNT; v++)
        for (int d = 0; d < D_COUNT; d++)
          free(b->sku[m][g][v][d]);
}

/* Tokens for one row: log-uniform between 10 and ~1e8. */
static int64_t bench_tokens(rng_t *r) {
  uint64_t base = (uint64_t)10 << rng_below(r, 24);
  return (int64_t)(base + rng_next(r) % base);
}

static void bench_bedrock_row(bench_t *b, out_t *o, emit_ctx_t *cx, row_t *row) {
  /* r draws the row's key, vr its values (session, tokens, amounts): one stream unless --shapes */
  rng_t *r = &b->rng, *vr = &b->rng, shape;
  if (b->shapes) {
    rng_seed(&shape, mix64(b->shape_seed, b->nbedrock % b->shapes));
    r = &shape;
  }
  b->nbedrock++;
  char principal[256], resource[256];
  int x = (int)rng_below(r, 1000);
  const char *acct;
  int m, reg, v, res_kind = RES_FM;
  const char *rtags = "{}", *tags = "", *aip = NULL;
  principal[0] = 0;

  if (x < 12) {
    /* other Bedrock spend: guardrails or agent runtime, no principal, no tokens */
    acct = b->accounts[rng_below(r, B_ACCOUNTS)];
    int agent = x < 5;
    row->billing_entity = "AWS";
    row->li_type = "Usage";
    row->product_code = agent ? "AmazonBedrockAgentCore" : "AmazonBedrock";
    row->usage_type = agent ? "USE1-AgentCore-Runtime-vCPU-Hours" : "USE1-Guardrail-ContentPolicy-TextUnits";
    row->operation = agent ? "InvokeAgentRuntime" : "ApplyGuardrail";
    row->az = "";
    row->resource = "";
    row->amount = 1 + (int64_t)rng_below(vr, 5000000);
    row->amount_scale = 3;
    row->rate = agent ? 895000000 : 1500000000;
    row->cost = (row->amount * row->rate + 500) / 1000;
    row->desc_cell =
        agent ? "\"$0.0895 per vCPU-hour, AgentCore Runtime, US East (N. Virginia)\""
              : "\"$0.15 per 1K text units for content filters, Guardrails, US East (N. Virginia)\"";
    row->principal = "";
    row->product_cell =
        agent ? "\"{\"\"product_name\"\":\"\"Amazon Bedrock AgentCore\"\",\"\"region\"\":\"\"us-east-1\"\"}\""
              : "\"{\"\"product_name\"\":\"\"Amazon Bedrock\"\",\"\"region\"\":\"\"us-east-1\"\"}\"";
    row->family = "Amazon Bedrock";
    row->product_name = agent ? "Amazon Bedrock AgentCore" : "Amazon Bedrock";
    row->region_code = "us-east-1";
    row->servicecode = row->product_code;
    row->pricing_unit = agent ? "vCPU-Hours" : "1K text units";
    row->od_cost = row->cost;
    row->od_rate = row->rate;
    row->term = "OnDemand";
    row->account = acct;
    row->rtags_cell = "{}";
    row->tags_cell = "";
    emit_row(o, cx, row);
    return;
  }

  const brole_t *ro = NULL;
  if (x < 60) {
    /* no principal (older-style export rows) */
    bgroup_t g;
    bench_group(r, &g);
    m = g.model;
    reg = g.region;
    v = g.variant;
    acct = b->accounts[rng_below(r, B_ACCOUNTS)];
  } else if (x < 110) {
    int u = (int)rng_below(r, B_USERS);
    acct = b->accounts[b->user_account[u]];
    snprintf(principal, sizeof principal, "arn:aws:iam::%s:user/%s", acct, b->users[u]);
    bgroup_t g;
    bench_group(r, &g);
    m = g.model;
    reg = g.region;
    v = g.variant;
  } else {
    /* skewed towards the first roles: a few heavy callers, a long tail */
    uint32_t a = rng_below(r, B_ROLES), c = rng_below(r, B_ROLES);
    ro = &b->roles[a < c ? a : c];
    acct = b->accounts[ro->account];
    char session[96];
    /* with --shapes, the role's sessions keep coming: one more possible name every 64 Bedrock rows */
    uint32_t pool = (uint32_t)ro->nsess + (b->shapes ? (uint32_t)(b->nbedrock / 64) : 0);
    session_name(session, sizeof session, ro->style, ro->seed, rng_below(vr, pool), ro->name);
    snprintf(principal, sizeof principal, "arn:aws:sts::%s:assumed-role/%s/%s", acct, ro->name, session);
    const bgroup_t *g = &ro->g[rng_below(r, B_GROUPS)];
    m = g->model;
    reg = g->region;
    v = g->variant;
    tags = ro->tags_cell;
    if (ro->profile >= 0 && rng_below(r, 10) < 7 && MODELS[m].grammar == G_CLASSIC) {
      const bprofile_t *p = &b->profiles[ro->profile];
      res_kind = RES_AIP;
      aip = p->id;
      reg = p->region;
      rtags = p->rtags_cell;
      acct = b->accounts[p->account];
      snprintf(principal, sizeof principal, "arn:aws:sts::%s:assumed-role/%s/%s", acct, ro->name, session);
    } else if (MODELS[m].grammar == G_CLASSIC && rng_below(r, 5) == 0) {
      res_kind = RES_SYS;
    }
  }
  /* dimension: input, output, cache read, cache write (1 h) where the model has it */
  int d;
  for (;;) {
    int y = (int)rng_below(r, 100);
    d = y < 36 ? D_IN : y < 70 ? D_OUT : y < 88 ? D_CR : y < 97 ? D_CW : D_CW1H;
    if (sku_valid(m, v, d))
      break;
  }
  const bsku_t *k = bench_sku(b, m, reg, v, d);
  resource_arn(resource, sizeof resource, res_kind, m, reg, v, acct, aip);
  row_bedrock(row, k, bench_tokens(vr));
  if (!k->mp && (x & 1))
    row->operation = "InvokeModelStreamingInference";
  row->account = acct;
  row->resource = resource;
  row->principal = principal;
  row->rtags_cell = rtags;
  row->tags_cell = tags;
  if (rng_below(r, 400) == 0) {
    /* a credit against this usage type */
    row->li_type = "Credit";
    row->principal = "";
    row->resource = "";
    row->amount = 0;
    row->rate = 0;
    row->cost = -(int64_t)(1 + rng_below(vr, 5000)) * 10000000LL;
    row->od_cost = 0;
    row->od_rate = 0;
    row->desc_cell = "\"AWS Promotional Credit, Amazon Bedrock\"";
    row->rtags_cell = "{}";
    row->tags_cell = "";
  }
  emit_row(o, cx, row);
}

static void bench_other_row(bench_t *b, out_t *o, emit_ctx_t *cx, row_t *row) {
  rng_t *r = &b->rng;
  int x = (int)rng_below(r, (uint32_t)b->nweight_total), i = 0;
  while (x >= NSKUS[i].weight) {
    x -= NSKUS[i].weight;
    i++;
  }
  const nsku_t *n = &NSKUS[i];
  int reg = pick_region(r);
  int a = (int)rng_below(r, B_ACCOUNTS);
  static char res[160], az[24];
  nresource(res, sizeof res, r, n->res, reg, b->accounts[a], rng_below(r, 64));
  snprintf(az, sizeof az, "%s%c", REGIONS[reg].code, 'a' + (int)rng_below(r, 3));
  int64_t span = n->amt_hi - n->amt_lo;
  int64_t amount = n->amt_lo + (int64_t)(rng_next(r) % (uint64_t)(span / 24 + 1));
  row_nonbedrock(row, i, &b->ntext[i][reg], reg, amount);
  row->account = b->accounts[a];
  row->resource = res;
  row->az = n->az ? az : "";
  row->rtags_cell =
      n->res == NR_EC2 ? "\"{\"\"user_team\"\":\"\"platform\"\",\"\"user_env\"\":\"\"prod\"\"}\"" : "{}";
  row->tags_cell = "";
  emit_row(o, cx, row);
}

static int bench_open_chunk(out_t *o, const char *out, long chunk, char *path, size_t cap, int level) {
  if (chunk <= 0) {
    snprintf(path, cap, "%s", out);
  } else {
    /* OUT "x/cur.csv.gz" -> "x/cur-00001.csv.gz" */
    const char *ext = ends_with(out, ".csv.gz") ? ".csv.gz" : ends_with(out, ".csv") ? ".csv" : "";
    size_t stem = strlen(out) - strlen(ext);
    snprintf(path, cap, "%.*s-%05ld%s", (int)stem, out, chunk, ext);
  }
  if (out_open(o, path, level) != 0)
    return -1;
  write_header(o);
  return 0;
}

static int parse_share_ppm(const char *s, long *ppm) {
  /* decimal in [0, 1] without floating point: "0.10" -> 100000 */
  long ip = 0, fp = 0, scale = 1000000;
  const char *p = s;
  if (!*p)
    return -1;
  while (*p >= '0' && *p <= '9')
    ip = ip * 10 + (*p++ - '0');
  if (*p == '.') {
    p++;
    while (*p >= '0' && *p <= '9') {
      if (scale > 1) {
        scale /= 10;
        fp += (*p - '0') * scale;
      }
      p++;
    }
  }
  if (*p || ip > 1 || (ip == 1 && fp > 0))
    return -1;
  *ppm = ip * 1000000 + fp;
  return 0;
}

static int cmd_bench(int argc, char **argv) {
  long long nrows = -1, chunk_rows = 0, shapes = 0;
  uint64_t seed = 1, org_seed = 0;
  int have_org_seed = 0;
  long share = 100000, level = 1;
  int year = 2026, month = 11;
  const char *out = NULL, *truth = NULL;
  int64_t truth_cost = 0;
  long long truth_rows = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    char *e;
    if (strcmp(a, "--truth") == 0 && v) {
      truth = v;
      i++;
    } else if (strcmp(a, "--rows") == 0 && v) {
      nrows = strtoll(v, &e, 10);
      if (*e || nrows < 0)
        goto usage;
      i++;
    } else if (strcmp(a, "--seed") == 0 && v) {
      seed = strtoull(v, &e, 10);
      if (*e)
        goto usage;
      i++;
    } else if (strcmp(a, "--bedrock-share") == 0 && v) {
      if (parse_share_ppm(v, &share) != 0)
        goto usage;
      i++;
    } else if (strcmp(a, "--org-seed") == 0 && v) {
      org_seed = strtoull(v, &e, 10);
      if (*e)
        goto usage;
      have_org_seed = 1;
      i++;
    } else if (strcmp(a, "--shapes") == 0 && v) {
      shapes = strtoll(v, &e, 10);
      if (*e || shapes < 1)
        goto usage;
      i++;
    } else if (strcmp(a, "--chunk-rows") == 0 && v) {
      chunk_rows = strtoll(v, &e, 10);
      if (*e || chunk_rows < 1)
        goto usage;
      i++;
    } else if (strcmp(a, "--level") == 0 && v) {
      level = strtol(v, &e, 10);
      if (*e || level < 0 || level > 9)
        goto usage;
      i++;
    } else if (strcmp(a, "--period") == 0 && v) {
      if (parse_period(v, &year, &month) != 0)
        goto usage;
      i++;
    } else if (a[0] == '-' || out) {
      goto usage;
    } else {
      out = a;
    }
  }
  if (nrows < 0 || !out)
    goto usage;

  bench_t *b = calloc(1, sizeof *b);
  period_t pd;
  if (!b || period_init(&pd, year, month) != 0) {
    fprintf(stderr, "fc-curgen: out of memory\n");
    free(b);
    return 1;
  }
  /* the organisation (accounts, roles, users, profiles, key shapes) comes from --org-seed, the rows
   * from --seed: files of one organisation with different seeds add rows, not roles */
  if (!have_org_seed)
    org_seed = seed;
  bench_init(b, org_seed);
  if (org_seed != seed)
    rng_seed(&b->rng, mix64(seed, org_seed));
  b->shapes = (uint64_t)shapes;
  b->shape_seed = mix64(org_seed, 0x5a);
  /* make the folder OUT goes into */
  const char *slash = strrchr(out, '/');
  if (slash && slash != out) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - out), out);
    if (mkdirs(dir) != 0) {
      bench_free(b);
      free(b);
      free(pd.ts);
      return 1;
    }
  }
  emit_ctx_t cx;
  memset(&cx, 0, sizeof cx);
  cx.pd = &pd;
  cx.payer = "100000000001";
  rng_seed(&cx.id_rng, mix64(seed, 0x1d));
  int hours = pd.ndays * 24;
  char path[4200];
  out_t o;
  long chunk = chunk_rows ? 1 : 0;
  int rc = 0;
  uint64_t total_bytes = 0;
  if (bench_open_chunk(&o, out, chunk, path, sizeof path, (int)level) != 0) {
    rc = 1;
    goto done;
  }
  row_t row;
  memset(&row, 0, sizeof row);
  row.invoice_id = "";
  row.costcat_cell = "";
  row.discount_cell = "{}";
  for (long long i = 0; i < nrows; i++) {
    if (chunk_rows && i > 0 && i % chunk_rows == 0) {
      if (out_close(&o, path) != 0) {
        rc = 1;
        goto done;
      }
      total_bytes += o.total;
      if (bench_open_chunk(&o, out, ++chunk, path, sizeof path, (int)level) != 0) {
        rc = 1;
        goto done;
      }
    }
    int h = (int)((uint64_t)i * (uint64_t)hours / (uint64_t)nrows);
    row.ts0 = pd.ts[h];
    row.ts1 = pd.ts[h + 1];
    row.costcat_cell = (i & 7) == 0 ? "\"{\"\"business_unit\"\":\"\"Retail\"\"}\"" : "";
    if ((long)((rng_next(&b->rng) >> 11) % 1000000) < share) {
      bench_bedrock_row(b, &o, &cx, &row);
      truth_cost += row.cost;
      truth_rows++;
    } else
      bench_other_row(b, &o, &cx, &row);
  }
  if (out_close(&o, path) != 0)
    rc = 1;
  total_bytes += o.total;
  fprintf(stderr, "fc-curgen: %llu rows, %.1f MB of CSV\n", (unsigned long long)cx.rows,
          (double)total_bytes / 1e6);
  if (truth && rc == 0) {
    /* What was generated, summed apart from any reader: the Bedrock total exactly, as summary.json
     * writes money (no trailing zeros). */
    FILE *tf = fopen(truth, "w");
    char num[48];
    uint64_t u = truth_cost < 0 ? (uint64_t)0 - (uint64_t)truth_cost : (uint64_t)truth_cost;
    int n = snprintf(num, sizeof num, "%s%llu.%010llu", truth_cost < 0 ? "-" : "",
                     (unsigned long long)(u / 10000000000ULL), (unsigned long long)(u % 10000000000ULL));
    while (n > 0 && num[n - 1] == '0')
      num[--n] = 0;
    if (n > 0 && num[n - 1] == '.')
      num[--n] = 0;
    if (!tf || fprintf(tf, "bedrock_usd %s\nbedrock_rows %lld\n", num, truth_rows) < 0 || fclose(tf) != 0) {
      fprintf(stderr, "fc-curgen: cannot write %s\n", truth);
      rc = 1;
    }
  }
done:
  bench_free(b);
  free(b);
  free(pd.ts);
  return rc;
usage:
  fprintf(stderr, "usage: fc-curgen bench --rows N [--seed S] [--bedrock-share 0.10] [--chunk-rows M]\n"
                  "                        [--period YYYY-MM] [--level 0-9] [--org-seed S] [--shapes K]\n"
                  "                        [--truth FILE] OUT(.csv|.csv.gz)\n");
  return 2;
}

/* ================================================================================================ */

static void usage(FILE *f) {
  fprintf(f, "usage: fc-curgen demo [--no-october] OUTDIR\n"
             "       fc-curgen bench --rows N [--seed S] [--bedrock-share 0.10] [--chunk-rows M]\n"
             "                       [--period YYYY-MM] [--level 0-9] [--org-seed S] [--shapes K]\n"
             "                       [--truth FILE] OUT(.csv|.csv.gz)\n"
             "\n"
             "demo   writes the demo CUR 2.0 export (finops-cur) under OUTDIR in the AWS layout.\n"
             "bench  writes N rows of a mixed export (about 10%% Bedrock by default); OUT ending in .gz\n"
             "       is gzip-compressed (level 1 by default). With --chunk-rows M, OUT names a series\n"
             "       of chunks: cur.csv.gz -> cur-00001.csv.gz, cur-00002.csv.gz, ...\n"
             "       --truth FILE writes the generated Bedrock total (exact) and row count.\n"
             "       --org-seed S draws the organisation (accounts, roles, users, profiles) from S and\n"
             "       the rows from --seed (default: both from --seed), so files of one organisation\n"
             "       can be made with different seeds.\n"
             "       --shapes K: a fixed organisation whose rows grow by sessions, not by keys: Bedrock\n"
             "       row n repeats key shape n mod K (principal, account, model, region, usage type,\n"
             "       operation, resource), while session names, token counts and costs vary.\n"
             "Output is deterministic: the same arguments give byte-identical files.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (strcmp(argv[1], "demo") == 0)
    return cmd_demo(argc - 2, argv + 2);
  if (strcmp(argv[1], "bench") == 0)
    return cmd_bench(argc - 2, argv + 2);
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return 0;
  }
  usage(stderr);
  return 2;
}
