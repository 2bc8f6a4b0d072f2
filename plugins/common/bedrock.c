/* bedrock.c: identities and usage types of Amazon Bedrock rows in CUR 2.0. See bedrock.h and
 * docs/bedrock-cur.md for the grammar. */
#include "bedrock.h"

#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Case-insensitive search of needle in [s, s+n). */
static const char *find_ci(const char *s, size_t n, const char *needle) {
  size_t m = strlen(needle);
  if (m == 0 || m > n)
    return m == 0 ? s : NULL;
  for (size_t i = 0; i + m <= n; i++) {
    size_t j = 0;
    while (j < m && lower((unsigned char)s[i + j]) == lower((unsigned char)needle[j]))
      j++;
    if (j == m)
      return s + i;
  }
  return NULL;
}

static int has_ci(const char *s, size_t n, const char *needle) { return find_ci(s, n, needle) != NULL; }

static int starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static int is_account(const char *s, size_t n) {
  if (n != 12)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return 1;
}

/* Splits "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"; returns 0 on success. */
static int arn_split(const char *s, fcb_slice *service, fcb_slice *region, fcb_slice *account,
                     const char **resource) {
  if (!s || !starts(s, "arn:"))
    return -1;
  const char *p = s + 4;
  const char *f[4];
  for (int i = 0; i < 4; i++) {
    const char *c = strchr(p, ':');
    if (!c)
      return -1;
    f[i] = p;
    p = c + 1;
  }
  /* f[0] partition, f[1] service, f[2] region, f[3] account */
  service->p = f[1];
  service->n = (size_t)(f[2] - f[1] - 1);
  region->p = f[2];
  region->n = (size_t)(f[3] - f[2] - 1);
  account->p = f[3];
  account->n = (size_t)(p - f[3] - 1);
  *resource = p;
  return 0;
}

static int slice_is(fcb_slice s, const char *lit) { return s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0; }

fcb_id_kind fcb_principal_parse(const char *s, fcb_identity *out) {
  memset(out, 0, sizeof *out);
  fcb_slice service, region, account;
  const char *res;
  if (arn_split(s, &service, &region, &account, &res) || !is_account(account.p, account.n))
    return FCB_ID_NONE;
  fcb_id_kind kind = FCB_ID_NONE;
  const char *name = NULL, *end = NULL;
  if (slice_is(service, "sts") && starts(res, "assumed-role/")) {
    name = res + strlen("assumed-role/");
    end = strchr(name, '/'); /* the session name follows */
    if (!end)
      end = name + strlen(name);
    kind = FCB_ID_ROLE;
  } else if (slice_is(service, "iam") && (starts(res, "role/") || starts(res, "user/"))) {
    kind = res[0] == 'r' ? FCB_ID_ROLE : FCB_ID_USER;
    const char *last = strrchr(res, '/'); /* the path, if any, is dropped */
    name = last + 1;
    end = name + strlen(name);
  }
  if (kind == FCB_ID_NONE || end == name)
    return FCB_ID_NONE;
  out->kind = kind;
  out->account = account;
  out->name = (fcb_slice){name, (size_t)(end - name)};
  return kind;
}

fcb_id_kind fcb_profile_parse(const char *s, fcb_identity *out) {
  memset(out, 0, sizeof *out);
  fcb_slice service, region, account;
  const char *res;
  if (arn_split(s, &service, &region, &account, &res) || !slice_is(service, "bedrock") ||
      !is_account(account.p, account.n) || !starts(res, "application-inference-profile/"))
    return FCB_ID_NONE;
  const char *id = res + strlen("application-inference-profile/");
  size_t n = strlen(id);
  if (n == 0 || memchr(id, '/', n))
    return FCB_ID_NONE;
  out->kind = FCB_ID_PROFILE;
  out->account = account;
  out->name = (fcb_slice){id, n};
  return FCB_ID_PROFILE;
}

int fcb_identity_eq(const fcb_identity *a, const fcb_identity *b) {
  return a->kind == b->kind && a->kind != FCB_ID_NONE && a->account.n == b->account.n &&
         memcmp(a->account.p, b->account.p, a->account.n) == 0 && a->name.n == b->name.n &&
         memcmp(a->name.p, b->name.p, a->name.n) == 0;
}

/* ---- usage types ---- */

/* The first of the dimension markers in [s, s+n): where the model token ends. */
static const char *dimension_start(const char *s, size_t n) {
  static const char *const marks[] = {"-mantle-", "-cache-read", "-cache-write", "-input", "-output"};
  const char *best = NULL;
  for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
    const char *m = find_ci(s, n, marks[i]);
    if (m && (!best || m < best))
      best = m;
  }
  return best;
}

/* A region code as usage types start with: "USE1", "EU", "APN1", "UGW1": 2 to 6 upper-case letters
 * and digits, starting with a letter. */
static int is_region_code(const char *s, size_t n) {
  if (n < 2 || n > 6 || s[0] < 'A' || s[0] > 'Z')
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
      return 0;
  return 1;
}

/* Usage-type dimensions that are Bedrock spend without tokens. */
static int known_other(const char *s, size_t n) {
  static const char *const marks[] = {"guardrail",     "image",      "video",      "canvas",    "reel",
                                      "provisioned",   "modelunit",  "model-unit", "storage",   "training",
                                      "customization", "import",     "evaluation", "agent",     "knowledge",
                                      "flow",          "automation", "rerank",     "textunit",  "text-unit",
                                      "page",          "document",   "search",     "embedding", "job"};
  for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
    if (has_ci(s, n, marks[i]))
      return 1;
  return 0;
}

int fcb_usage_classify(const char *ut, fcb_usage *out) {
  memset(out, 0, sizeof *out);
  if (!ut)
    return 0;
  size_t len = strlen(ut);
  const char *dash = memchr(ut, '-', len);
  const char *rest = ut;
  if (dash && is_region_code(ut, (size_t)(dash - ut))) {
    out->region = (fcb_slice){ut, (size_t)(dash - ut)};
    rest = dash + 1;
  }
  size_t rn = len - (size_t)(rest - ut);
  const char *dims = rest; /* where dimension and suffixes are searched */
  if (starts(rest, "MP:")) {
    out->marketplace = 1;
  } else {
    const char *d = dimension_start(rest, rn);
    if (d) {
      out->model = (fcb_slice){rest, (size_t)(d - rest)};
      dims = d;
    }
  }
  size_t dn = len - (size_t)(dims - ut);
  /* Token dimension: cache read, cache write (1 hour first), input, output. */
  if (has_ci(dims, dn, "cache-read") || has_ci(dims, dn, "cacheread") || has_ci(dims, dn, "cache_read"))
    out->token = FCB_TOK_CACHE_READ;
  else if (has_ci(dims, dn, "cache-write") || has_ci(dims, dn, "cachewrite") ||
           has_ci(dims, dn, "cache_write"))
    out->token =
        (has_ci(dims, dn, "1-hour") || has_ci(dims, dn, "1h")) ? FCB_TOK_CACHE_WRITE_1H : FCB_TOK_CACHE_WRITE;
  else if (has_ci(dims, dn, "input"))
    out->token = FCB_TOK_INPUT;
  else if (has_ci(dims, dn, "output"))
    out->token = FCB_TOK_OUTPUT;
  else
    out->token = FCB_TOK_OTHER;
  /* Tier and region type from the suffixes. */
  if (has_ci(dims, dn, "batch"))
    out->tier = FCB_TIER_BATCH;
  else if (has_ci(dims, dn, "flex"))
    out->tier = FCB_TIER_FLEX;
  else if (has_ci(dims, dn, "priority"))
    out->tier = FCB_TIER_PRIORITY;
  else if (has_ci(dims, dn, "latency-optimized") || has_ci(dims, dn, "latency_optimized"))
    out->tier = FCB_TIER_LATENCY_OPTIMIZED;
  else if (has_ci(dims, dn, "custom-model") || has_ci(dims, dn, "custom_model"))
    out->tier = FCB_TIER_CUSTOM_MODEL;
  if (has_ci(dims, dn, "global"))
    out->region_type = FCB_REGION_GLOBAL;
  out->long_context = has_ci(dims, dn, "long-context") || has_ci(dims, dn, "long_context");
  out->known_other = out->token == FCB_TOK_OTHER && known_other(rest, rn);
  return out->token != FCB_TOK_OTHER;
}

/* ---- model names ---- */

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int is_lower_c(int c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(int c) { return is_upper(c) || is_lower_c(c); }

/* A version number: digits and dots, starting with a digit. */
static int is_number(fcb_slice w) {
  if (w.n == 0 || !is_digit((unsigned char)w.p[0]))
    return 0;
  for (size_t i = 0; i < w.n; i++)
    if (!is_digit((unsigned char)w.p[i]) && w.p[i] != '.')
      return 0;
  return 1;
}

/* Where a model id's trailing date or version begins: "20250514", "v1". */
static int is_release(fcb_slice w) {
  size_t digits = 0;
  for (size_t i = 0; i < w.n; i++)
    digits += is_digit((unsigned char)w.p[i]) != 0;
  if (digits == w.n && w.n >= 6)
    return 1;
  return w.n >= 2 && w.p[0] == 'v' && digits == w.n - 1;
}

typedef struct outbuf {
  char *p;
  size_t cap, n;
} outbuf;

static void out_c(outbuf *o, char c) {
  if (o->n + 1 < o->cap)
    o->p[o->n] = c;
  o->n++;
}

static void out_word(outbuf *o, fcb_slice w) {
  if (o->n)
    out_c(o, ' ');
  for (size_t i = 0; i < w.n; i++)
    out_c(o, i == 0 && is_lower_c((unsigned char)w.p[0]) ? (char)(w.p[0] - 32) : w.p[i]);
}

size_t fcb_model_display(const char *tok, size_t n, char *buf, size_t cap) {
  outbuf o = {buf, cap, 0};
  if (cap)
    buf[0] = '\0';
  if (!tok)
    return 0;
  /* drop lower-case prefixes ending in a dot: a geo prefix ("us."), the provider ("anthropic.") */
  for (;;) {
    size_t i = 0;
    while (i < n && is_lower_c((unsigned char)tok[i]))
      i++;
    if (i == 0 || i >= n || tok[i] != '.')
      break;
    tok += i + 1;
    n -= i + 1;
  }
  /* words: split at separators, lower-to-upper case changes, letters-to-digits after a word of two
   * or more letters ("Claude4", not "V2"), digits-to-capitalised words ("4.6Sonnet", not "70B") */
  fcb_slice w[24];
  size_t nw = 0, start = 0;
  for (size_t i = 0; i <= n && nw < sizeof w / sizeof w[0]; i++) {
    int split = 0, skip = 0;
    if (i == n || tok[i] == '-' || tok[i] == '_' || tok[i] == ' ' || tok[i] == ':' || tok[i] == '/') {
      split = skip = 1;
    } else if (i > start) {
      int a = (unsigned char)tok[i - 1], b = (unsigned char)tok[i];
      size_t letters = 0;
      while (letters < i - start && is_alpha((unsigned char)tok[i - 1 - letters]))
        letters++;
      if (is_lower_c(a) && is_upper(b))
        split = 1;
      else if (is_alpha(a) && is_digit(b) && letters >= 2 && letters == i - start)
        split = 1;
      else if ((is_digit(a) || a == '.') && is_upper(b) && i + 1 < n && is_lower_c((unsigned char)tok[i + 1]))
        split = 1;
    }
    if (!split)
      continue;
    if (i > start)
      w[nw++] = (fcb_slice){tok + start, i - start};
    start = skip ? i + 1 : i;
  }
  /* cut the release date or version */
  for (size_t i = 1; i < nw; i++)
    if (is_release(w[i])) {
      nw = i;
      break;
    }
  /* Claude 4 and later put the family first: "Claude Sonnet 4.6" */
  size_t order[24];
  for (size_t i = 0; i < nw; i++)
    order[i] = i;
  if (nw >= 3 && w[0].n == 6 && lower((unsigned char)w[0].p[0]) == 'c' && find_ci(w[0].p, 6, "claude") &&
      is_number(w[1]) && !is_number(w[2]) && w[1].p[0] >= '4') {
    /* number words after w[1] belong to it ("Claude4-5Sonnet" is not a form, but be safe) */
    order[1] = 2;
    order[2] = 1;
  }
  for (size_t k = 0; k < nw; k++) {
    fcb_slice cur = w[order[k]];
    if (k > 0 && is_number(cur) && is_number(w[order[k - 1]])) {
      out_c(&o, '.');
      for (size_t i = 0; i < cur.n; i++)
        out_c(&o, cur.p[i]);
    } else {
      out_word(&o, cur);
    }
  }
  if (cap)
    buf[o.n < cap ? o.n : cap - 1] = '\0';
  return o.n < cap ? o.n : (cap ? cap - 1 : 0);
}

static int unit_is(const char *u, const char *lit) {
  while (*u == ' ')
    u++;
  size_t n = strlen(u);
  while (n && u[n - 1] == ' ')
    n--;
  if (n != strlen(lit))
    return 0;
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)u[i]) != lower((unsigned char)lit[i]))
      return 0;
  return 1;
}

/* Rounded division, half away from zero. */
static int64_t div_round(int64_t a, int64_t b) {
  int64_t q = a / b, r = a % b;
  if (r * 2 >= b)
    q++;
  else if (r * 2 <= -b)
    q--;
  return q;
}

int64_t fcb_tokens(int64_t amount, const char *unit, int *known) {
  int64_t divisor = 0; /* FC_AMOUNT_SCALE / tokens per unit */
  if (unit && (unit_is(unit, "1K tokens") || unit_is(unit, "1K token") || unit_is(unit, "1000 tokens")))
    divisor = 10000000LL;
  else if (unit && (unit_is(unit, "1M tokens") || unit_is(unit, "1M token") || unit_is(unit, "Units") ||
                    unit_is(unit, "Unit") || unit_is(unit, "Million tokens")))
    divisor = 10000LL;
  else if (unit && (unit_is(unit, "tokens") || unit_is(unit, "token")))
    divisor = 10000000000LL;
  if (known)
    *known = divisor != 0;
  return divisor ? div_round(amount, divisor) : 0;
}

fcb_region_type fcb_resource_region_type(const char *s) {
  fcb_slice service, region, account;
  const char *res;
  if (arn_split(s, &service, &region, &account, &res) || !slice_is(service, "bedrock") ||
      !starts(res, "inference-profile/"))
    return FCB_REGION_SAME;
  const char *id = res + strlen("inference-profile/");
  if (starts(id, "global."))
    return FCB_REGION_GLOBAL;
  static const char *const geo[] = {"us.", "eu.", "apac.", "jp.", "au.", "ca.", "us-gov."};
  for (size_t i = 0; i < sizeof geo / sizeof geo[0]; i++)
    if (starts(id, geo[i]))
      return FCB_REGION_GEO;
  return FCB_REGION_SAME;
}

const char *fcb_token_name(fcb_token t) {
  static const char *const n[] = {"other", "input", "output", "cache_read", "cache_write", "cache_write_1h"};
  return (unsigned)t < FCB_TOK_COUNT ? n[t] : "other";
}

const char *fcb_tier_name(fcb_tier t) {
  static const char *const n[] = {"on_demand",         "batch",       "flex", "priority",
                                  "latency_optimized", "custom_model"};
  return (unsigned)t < FCB_TIER_COUNT ? n[t] : "on_demand";
}

const char *fcb_region_type_name(fcb_region_type t) {
  static const char *const n[] = {"same_region", "cross_region_geo", "cross_region_global"};
  return (unsigned)t < FCB_REGION_COUNT ? n[t] : "same_region";
}
