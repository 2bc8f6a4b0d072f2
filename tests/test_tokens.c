/* test_tokens.c: the tokens plugin on a hand-made CUR (tests/data/tokens/cur.csv), every figure
 * worked out by hand below. Period 2026-11 (30 days), as_of 2026-11-11: 10 days elapsed.
 *
 * chat (role chat-role, estimate 300 USD/month), Claude Sonnet 4.6:
 *   input  8000 x 1K tokens, regional          =  8,000,000 tokens  26.40 USD (3.30/M)
 *   output 5000 x 1K tokens                    =  5,000,000         82.50      (16.50/M)
 *   cache read 2000 x 1K                       =  2,000,000          0.66      (0.33/M)
 *   cache write 1 hour 500 x 1K                =    500,000          3.30      (6.60/M)
 *   input 2 x 1M tokens, cross-region global   =  2,000,000          6.00      (3.00/M)
 *   a credit of -1.00: an adjustment, not usage; an October row: another period.
 *   MTD 118.86; forecast 118.86 / 10 x 30 = 356.58, 56.58 over 300 (> 10%: high).
 *   Estimate tokens (sizing mix 1 : 0.1 : 0.375 : 0.02 at the global list price 3/15/0.30/3.75):
 *   one mix unit per million input costs 3 + 1.5 + 0.1125 + 0.075 = 4.6875 USD, 300 / 4.6875 = 64:
 *   64M input, 6.4M output, 24M cache read, 1.28M cache write; prorated 10/30: 21,333,333 /
 *   2,133,333 / 8,000,000 / 426,667. Output 5,000,000 / 2,133,333 = 2.34375x > 1.5x: alert, at
 *   82.50 x (5,000,000 - 2,133,333) / 5,000,000 = 47.3000055 USD.
 *   Cache hit rate 2 / (10 + 2) = 0.166667 < 0.30: at 30%, 0.3 x 12M - 2M = 1.6M input tokens move
 *   to cache reads, split by input: 1.28M regional x (3.30 - 0.33) = 3.8016, 0.32M global x
 *   (3.00 - 0.30) = 0.864: 4.6656 USD to date, x 30 / 10 = 13.9968 over the month.
 * search (role search-role, estimate 30M input + 3M output tokens), Nova Lite (0.06/0.24/0.015):
 *   20M input 1.20, 4M output 0.96, 5M cache read 0.075: MTD 2.235, forecast 6.705.
 *   Estimate priced: 30 x 0.06 + 3 x 0.24 = 2.52 USD; prorated 0.84; forecast over by 4.185.
 *   Prorated tokens 10M input (2.0x), 1M output (4.0x): two token alerts.
 *   Cache 5 / 25 = 0.2: 0.3 x 25M - 5M = 2.5M x (0.06 - 0.015) = 0.1125 USD.
 * batch (role batch-role claimed with a path, no estimate):
 *   Nova Pro batch input 10M tokens 4.00; Marketplace Claude 3.5 Sonnet 0.5 "Units" = 500,000
 *   input tokens 1.50; Nova Pro output 1M through the us. system profile (geo) 3.20; unknown usage
 *   type USE1-Frobnicator-Widgets 7.77 (reported, no tokens): MTD 16.47, forecast 49.41.
 *   Cache 0 < 0.30: 0.3 x 10.5M = 3.15M moved, 3.0M x 0.5 x (0.80 - 0.20) = 0.90 + 0.15M x
 *   (3.00 - 0.30) = 0.405: 1.305 USD.
 * Unattributed guardrails 1.50 (no principal, known non-token usage type) under BU1/TeamA.
 * Nodes: TeamA 118.86 + 2.235 + 1.50 = 122.595 (forecast 367.785), BU1 139.065 (forecast
 * 417.195), estimates 300 + 2.52 = 302.52; TeamB has none. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "check.h"

#define EPS 1e-9

static char tmp[1024], plugins[1200], out[1200];

#define CHECK_NUM(a, b)                                                                                      \
  do {                                                                                                       \
    double fc_x_ = (a), fc_y_ = (b);                                                                         \
    fc_check_count++;                                                                                        \
    if (!(fabs(fc_x_ - fc_y_) <= EPS * (1 + fabs(fc_y_)))) {                                                 \
      fc_check_failures++;                                                                                   \
      fprintf(stderr, "%s:%d: %s == %s: got %.10f, want %.10f\n", __FILE__, __LINE__, #a, #b, fc_x_, fc_y_); \
    }                                                                                                        \
  } while (0)

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...) {
  char cmd[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cmd, sizeof cmd, fmt, ap);
  va_end(ap);
  int rc = system(cmd);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
    free(s);
    s = NULL;
  }
  if (s)
    s[n] = '\0';
  fclose(f);
  return s;
}

/* A number under key in obj, or at the dotted path ("tokens.input" nests in node entries); NaN when
 * absent or null. */
static double num(json_t *obj, const char *path) {
  json_t *flat = json_object_get(obj, path);
  if (flat)
    return json_is_number(flat) ? json_number_value(flat) : NAN;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", path);
  json_t *v = obj;
  for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
    v = json_object_get(v, k);
  return v && json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *text(json_t *obj, const char *key) { return json_string_value(json_object_get(obj, key)); }

static json_t *node_entry(json_t *root, const char *path) {
  size_t i;
  json_t *n;
  json_array_foreach(json_object_get(root, "nodes"), i,
                     n) if (text(n, "path") && strcmp(text(n, "path"), path) == 0) return n;
  return NULL;
}

/* The row of results.<table> (or of a top-level list) whose key column has the value (and whose node is
 * `node` when node is not NULL; "" = the organisation). */
static json_t *row(json_t *root, const char *table, const char *key, const char *value, const char *node) {
  json_t *list = json_object_get(json_object_get(root, "results"), table);
  if (!list)
    list = json_object_get(root, strchr(table, '.') ? strchr(table, '.') + 1 : table);
  size_t i;
  json_t *r;
  json_array_foreach(list, i, r) {
    const char *v = text(r, key), *nd = text(r, "node");
    if (!v || strcmp(v, value) != 0)
      continue;
    if (node && strcmp(nd ? nd : "", node) != 0)
      continue;
    return r;
  }
  return NULL;
}

static json_t *alert_of(json_t *node, const char *kind, int nth) {
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(node, "alerts"), i,
                     a) if (text(a, "kind") && strcmp(text(a, "kind"), kind) == 0 && nth-- == 0) return a;
  return NULL;
}

static size_t count_rows(json_t *root, const char *table, const char *key, const char *value) {
  json_t *list = json_object_get(json_object_get(root, "results"), table);
  size_t i, n = 0;
  json_t *r;
  json_array_foreach(list, i, r) if (text(r, key) && strcmp(text(r, key), value) == 0) n++;
  return n;
}

static json_t *run(const char *config, const char *outdir, int want_rc) {
  char err[1400];
  snprintf(err, sizeof err, "%s/err.txt", tmp);
  int rc = sh("'%s' run -c '%s' --out '%s' --plugins '%s' -q 2>'%s' >/dev/null", FC_FINOPS, config, outdir,
              plugins, err);
  CHECK_INT(rc, want_rc);
  if (rc != want_rc || want_rc != 0) {
    char *e = slurp(err);
    if (rc != want_rc)
      fprintf(stderr, "%s", e ? e : "");
    free(e);
    return NULL;
  }
  char path[1400];
  snprintf(path, sizeof path, "%s/2026-11/summary.json", outdir);
  json_error_t je;
  json_t *root = json_load_file(path, 0, &je);
  CHECK(root != NULL);
  if (!root)
    fprintf(stderr, "%s: %s\n", path, je.text);
  return root;
}

/* The variance split (docs/tokens.md, "Variance split"), worked by hand.
 * chat against its estimate: 100.00 expected (300 x 10 / 30) as 21.33M input, 2.13M output, 8M
 *   cache-read, 0.43M cache-write tokens of Claude Sonnet 4.6 at 3/15/0.30/3.75 (Q0 = 31.89M); actual
 *   118.86 for Q1 = 17.5M. volume = 100 x (17.5 / 31.8933 - 1) = -45.1296; at the estimate's prices
 *   the actual tokens cost 10 x 3 + 5 x 15 + 2 x 0.30 + 0.5 x 6.00 (1-hour writes at their list
 *   price) = 108.60: mix = 108.60 - 100 x 17.5 / 31.8933 = 53.7296; rate = 118.86 - 108.60 = 10.26
 *   (the regional 1.1x on 8M input, 5M output, 2M cache reads, 0.5M writes).
 * search: 0.84 expected (2.52 x 10 / 30: 10M input, 1M output of Nova Lite); 29M tokens at list
 *   prices: volume 0.84 x 18 / 11 = 1.374545, mix 2.235 - 0.84 x 29 / 11 = 0.020455, rate 0.
 * chat against October (33.00 for 10M regional input): 11.00 expected for 3.33M tokens at 3.30:
 *   volume 11 x (5.25 - 1) = 46.75; actual tokens at October's price (input) or list (the rest):
 *   33 + 75 + 0.60 + 3 = 111.60, mix = 111.60 - 57.75 = 53.85; rate = 118.86 - 111.60 = 7.26.
 * batch had no October usage: volume = its tokens at list price 8.00 (Nova Pro) + 1.50 (Marketplace
 *   Claude 3.5 Sonnet) + 3.20 = 12.70, mix = the 7.77 without tokens, rate = -4.00 (the batch tier's
 *   50%). */
static void check_variance(json_t *root) {
  static const struct {
    const char *table, *id;
    double expected, actual, volume, mix, rate;
  } want[] = {
      {"tokens.variance", "chat", 100, 118.86, -45.1295986622, 53.7295986622, 10.26},
      {"tokens.variance", "search", 0.84, 2.235, 1.3745454545, 0.0204545455, 0},
      {"tokens.variance_month", "chat", 11, 118.86, 46.75, 53.85, 7.26},
      {"tokens.variance_month", "search", 0, 2.235, 2.235, 0, 0},
      {"tokens.variance_month", "batch", 0, 16.47, 12.70, 7.77, -4.00},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    json_t *r = row(root, want[i].table, "workload_id", want[i].id, NULL);
    CHECK(r != NULL);
    if (!r)
      continue;
    CHECK_NUM(num(r, "expected_usd"), want[i].expected);
    CHECK_NUM(num(r, "actual_usd"), want[i].actual);
    CHECK_NUM(num(r, "volume_usd"), want[i].volume);
    CHECK_NUM(num(r, "mix_usd"), want[i].mix);
    CHECK_NUM(num(r, "rate_usd"), want[i].rate);
    /* exact: the three add up to the difference to the last 1e-10 USD */
    long long d = llround(num(r, "difference_usd") * 1e10), v = llround(num(r, "volume_usd") * 1e10) +
                                                                llround(num(r, "mix_usd") * 1e10) +
                                                                llround(num(r, "rate_usd") * 1e10);
    CHECK(d == v);
    CHECK(d == llround(num(r, "actual_usd") * 1e10) - llround(num(r, "expected_usd") * 1e10));
  }
  /* batch has no estimate: no row against one */
  CHECK(row(root, "tokens.variance", "workload_id", "batch", NULL) == NULL);
}

static void test_defaults(void) {
  json_t *root = run(FC_TEST_DATA "/tokens/finops.yaml", out, 0);
  if (!root)
    return;
  /* workloads */
  json_t *chat = row(root, "tokens.workloads", "workload_id", "chat", NULL);
  json_t *search = row(root, "tokens.workloads", "workload_id", "search", NULL);
  json_t *batch = row(root, "tokens.workloads", "workload_id", "batch", NULL);
  CHECK(chat && search && batch);
  if (!chat || !search || !batch) {
    json_decref(root);
    return;
  }
  CHECK_NUM(num(chat, "days_elapsed"), 10);
  CHECK_NUM(num(chat, "days_in_period"), 30);
  CHECK_NUM(num(chat, "usage_usd"), 118.86);
  CHECK_NUM(num(chat, "forecast_usd"), 356.58);
  CHECK_NUM(num(chat, "forecast_over_usd"), 56.58);
  CHECK_NUM(num(chat, "estimate_usd"), 300);
  CHECK_NUM(num(chat, "prorated_estimate_usd"), 100);
  CHECK_NUM(num(chat, "tokens.input"), 10000000);
  CHECK_NUM(num(chat, "tokens.output"), 5000000);
  CHECK_NUM(num(chat, "tokens.cache_read"), 2000000);
  CHECK_NUM(num(chat, "tokens.cache_write"), 500000);
  CHECK_NUM(num(chat, "tokens.cache_write_1h"), 500000);
  CHECK_NUM(num(chat, "estimate_tokens.input"), 64000000);
  CHECK_NUM(num(chat, "estimate_tokens.output"), 6400000);
  CHECK_NUM(num(chat, "estimate_tokens.cache_read"), 24000000);
  CHECK_NUM(num(chat, "estimate_tokens.cache_write"), 1280000);
  CHECK_NUM(num(chat, "prorated_tokens.input"), 21333333);
  CHECK_NUM(num(chat, "prorated_tokens.output"), 2133333);
  CHECK_NUM(num(chat, "prorated_tokens.cache_read"), 8000000);
  CHECK_NUM(num(chat, "prorated_tokens.cache_write"), 426667);
  CHECK(fabs(num(chat, "variance.output") - 5000000.0 / 2133333) < 1e-6);
  CHECK(fabs(num(chat, "variance.usd") - 1.1886) < 1e-6);
  CHECK(fabs(num(chat, "cache_hit_rate") - 1.0 / 6) < 1e-6);
  CHECK_NUM(num(chat, "cache_savings_usd"), 4.6656);
  CHECK_NUM(num(chat, "cache_savings_month_usd"), 13.9968);

  CHECK_STR(text(search, "estimate_kind"), "tokens");
  CHECK_NUM(num(search, "usage_usd"), 2.235);
  CHECK_NUM(num(search, "estimate_usd"), 2.52);
  CHECK_NUM(num(search, "prorated_estimate_usd"), 0.84);
  CHECK_NUM(num(search, "forecast_usd"), 6.705);
  CHECK_NUM(num(search, "prorated_tokens.input"), 10000000);
  CHECK_NUM(num(search, "variance.input"), 2);
  CHECK_NUM(num(search, "variance.output"), 4);
  CHECK(isnan(num(search, "variance.cache_read"))); /* no estimate of cache reads: null */
  CHECK_NUM(num(search, "cache_hit_rate"), 0.2);
  CHECK_NUM(num(search, "cache_savings_usd"), 0.1125);

  CHECK_STR(text(batch, "estimate_kind"), "none");
  CHECK_NUM(num(batch, "has_estimate"), 0);
  CHECK_NUM(num(batch, "usage_usd"), 16.47);
  CHECK_NUM(num(batch, "forecast_usd"), 49.41);
  CHECK_NUM(num(batch, "tokens.input"), 10500000); /* 10M (1K tokens) + 0.5 Units = 500,000 */
  CHECK_NUM(num(batch, "tokens.output"), 1000000);
  CHECK_NUM(num(batch, "cache_hit_rate"), 0);
  CHECK_NUM(num(batch, "cache_savings_usd"), 1.305);
  CHECK(isnan(num(batch, "variance.input")));

  /* nodes: rolled up through every level, merged into summary.json's node entries */
  json_t *teama = node_entry(root, "BU1/TeamA"), *bu1 = node_entry(root, "BU1"),
         *teamb = node_entry(root, "BU1/TeamB");
  json_t *nchat = node_entry(root, "BU1/TeamA/Chat"), *nbatch = node_entry(root, "BU1/TeamB/Batch");
  CHECK(teama && bu1 && teamb && nchat && nbatch);
  if (teama && bu1 && teamb && nchat && nbatch) {
    CHECK_NUM(num(teama, "forecast_usd"), 367.785);
    CHECK_NUM(num(bu1, "forecast_usd"), 417.195);
    CHECK_NUM(num(bu1, "estimate_usd"), 302.52);
    CHECK_NUM(num(bu1, "has_estimate"), 1);
    CHECK_NUM(num(teamb, "has_estimate"), 0);
    CHECK_NUM(num(bu1, "tokens.input"), 40500000);
    CHECK_NUM(num(bu1, "tokens.cache_read"), 7000000);
    CHECK(fabs(num(bu1, "cache_hit_rate") - 7.0 / 47.5) < 1e-6);
    CHECK_NUM(num(bu1, "cache_savings_usd"), 4.6656 + 0.1125 + 1.305);
    CHECK_NUM(num(nchat, "tokens.output"), 5000000);
    CHECK_NUM(num(nchat, "cache_savings_usd"), 4.6656);
    /* alerts */
    json_t *a = alert_of(nchat, "forecast_over_estimate", 0);
    CHECK(a != NULL);
    if (a) {
      CHECK_STR(text(a, "severity"), "high");
      CHECK_NUM(num(a, "usd"), 56.58);
      CHECK_CONTAINS(text(a, "message"), "356.58 USD exceeds the 300.00 USD estimate by 56.58 USD");
    }
    a = alert_of(nchat, "tokens_over_estimate", 0);
    CHECK(a != NULL);
    if (a) {
      CHECK_CONTAINS(text(a, "message"), "Output tokens are 2.34x the prorated estimate");
      CHECK_NUM(num(a, "usd"), 47.3000055);
    }
    CHECK(alert_of(nchat, "tokens_over_estimate", 1) == NULL); /* only output is over 1.5x */
    a = alert_of(nchat, "cache_below_healthy", 0);
    CHECK(a != NULL);
    if (a)
      CHECK_CONTAINS(text(a, "message"), "Cache hit rate is 16.7%, below the healthy 30.0%");
    CHECK(alert_of(nbatch, "no_estimate", 0) != NULL);
    a = alert_of(nbatch, "unknown_usage_type", 0);
    CHECK(a != NULL);
    if (a) {
      CHECK_NUM(num(a, "usd"), 7.77);
      CHECK_CONTAINS(text(a, "message"), "USE1-Frobnicator-Widgets");
    }
    CHECK(alert_of(nchat, "no_estimate", 0) == NULL);
    CHECK(alert_of(teama, "unknown_usage_type", 0) == NULL); /* guardrails are a known usage type */
  }
  json_t *f = row(root, "tokens.findings", "key", "USE1-Frobnicator-Widgets|Widgets", NULL);
  CHECK(f != NULL);
  if (f) {
    CHECK_STR(text(f, "workload_id"), "batch");
    CHECK_STR(text(f, "assignee_role"), "finops_leader");
    CHECK_NUM(num(f, "usd_at_stake"), 7.77);
  }
  f = row(root, "tokens.findings", "key", "forecast", "BU1/TeamA/Chat");
  CHECK(f && strcmp(text(f, "assignee_role"), "product_owner") == 0);

  /* classification audit: units, Marketplace, geo, unknown */
  json_t *u = row(root, "tokens.usage_types", "usage_type", "USW2-MP:USW2_InputTokenCount-Units", NULL);
  CHECK(u && num(u, "tokens") == 500000 && strcmp(text(u, "model"), "Claude 3.5 Sonnet") == 0 &&
        num(u, "marketplace") == 1);
  u = row(root, "tokens.usage_types", "usage_type", "USE1-Claude4.6Sonnet-input-tokens-cross-region-global",
          NULL);
  CHECK(u && num(u, "tokens") == 2000000 && strcmp(text(u, "region_type"), "cross_region_global") == 0);
  u = row(root, "tokens.usage_types", "usage_type", "USE1-Claude4.6Sonnet-output-tokens", NULL);
  CHECK(u && strcmp(text(u, "model"), "Claude Sonnet 4.6") == 0); /* no product model: the catalog */
  u = row(root, "tokens.usage_types", "usage_type", "USE1-NovaPro-output-tokens", NULL);
  CHECK(u && strcmp(text(u, "region_type"), "cross_region_geo") == 0);
  u = row(root, "tokens.usage_types", "usage_type", "USE1-Frobnicator-Widgets", NULL);
  CHECK(u && num(u, "recognised") == 0 && num(u, "usage_usd") == 7.77 &&
        strcmp(text(u, "token_kind"), "unknown") == 0);
  u = row(root, "tokens.usage_types", "usage_type", "USE1-Guardrail-ContentPolicy-TextUnits", NULL);
  CHECK(u && num(u, "recognised") == 1 && strcmp(text(u, "token_kind"), "other") == 0);
  u = row(root, "tokens.usage_types", "usage_type", "USE1-NovaPro-input-tokens-batch", NULL);
  CHECK(u && strcmp(text(u, "tier"), "batch") == 0);

  /* breakdowns for the organisation */
  json_t *b = row(root, "tokens.by_region_type", "region_type", "cross_region_geo", "");
  CHECK(b && num(b, "usage_usd") == 3.2);
  b = row(root, "tokens.by_region_type", "region_type", "cross_region_global", "");
  CHECK(b && num(b, "usage_usd") == 6);
  b = row(root, "tokens.by_region_type", "region_type", "same_region", "");
  CHECK(b && fabs(num(b, "usage_usd") - 129.865) < EPS);
  b = row(root, "tokens.by_tier", "tier", "batch", "");
  CHECK(b && num(b, "usage_usd") == 4 && num(b, "tokens.input") == 10000000);
  b = row(root, "tokens.by_model", "model", "Claude Sonnet 4.6", NULL);
  CHECK(b && num(b, "usage_usd") == 118.86);
  b = row(root, "tokens.by_model", "model", "(no model)", NULL);
  CHECK(b && fabs(num(b, "usage_usd") - 9.27) < EPS); /* guardrails 1.50 + unknown 7.77 */

  /* the daily trend: one row per day elapsed for each workload with spend or an estimate */
  CHECK_INT(count_rows(root, "tokens.daily", "workload_id", "chat"), 10);
  json_t *list = json_object_get(json_object_get(root, "results"), "tokens.daily");
  size_t i;
  json_t *d;
  json_array_foreach(list, i, d) {
    if (strcmp(text(d, "workload_id"), "chat") == 0 && strcmp(text(d, "day"), "2026-11-03") == 0) {
      CHECK_NUM(num(d, "usage_usd"), 82.50 + 0.66 + 3.30);
      CHECK_NUM(num(d, "cumulative_usd"), 26.40 + 82.50 + 0.66 + 3.30);
      CHECK_NUM(num(d, "estimate_to_date_usd"), 30); /* 300 x 3 / 30 */
    }
  }
  check_variance(root);
  json_decref(root);
}

/* The test config with absolute input and claims paths (it is written elsewhere), plus `extra`. */
static void write_config(const char *path, const char *extra) {
  char *base = slurp(FC_TEST_DATA "/tokens/finops.yaml");
  FILE *f = fopen(path, "w");
  CHECK(base && f);
  if (base && f) {
    for (char *line = strtok(base, "\n"); line; line = strtok(NULL, "\n")) {
      if (strcmp(line, "  cur: [cur.csv]") == 0)
        fprintf(f, "  cur: [%s/tokens/cur.csv]\n", FC_TEST_DATA);
      else if (strcmp(line, "claims_file: claims.yaml") == 0)
        fprintf(f, "claims_file: %s/tokens/claims.yaml\n", FC_TEST_DATA);
      else
        fprintf(f, "%s\n", line);
    }
    fprintf(f, "%s", extra);
  }
  if (f)
    fclose(f);
  free(base);
}

/* A user's price file through the plugin option, a healthy rate and the workload's own mix. */
static void test_options(void) {
  char cfg[1400], extra[1400];
  snprintf(cfg, sizeof cfg, "%s/options.yaml", tmp);
  snprintf(extra, sizeof extra,
           "plugins:\n  tokens:\n    prices: %s/tokens/prices-custom.yaml\n    cache_hit_rate_healthy: 0.1\n"
           "    estimate_mix: actual\n",
           FC_TEST_DATA);
  write_config(cfg, extra);
  char o[1300];
  snprintf(o, sizeof o, "%s/out-options", tmp);
  json_t *root = run(cfg, o, 0);
  if (!root)
    return;
  json_t *chat = row(root, "tokens.workloads", "workload_id", "chat", NULL);
  json_t *search = row(root, "tokens.workloads", "workload_id", "search", NULL);
  CHECK(chat && search);
  if (chat && search) {
    /* own mix 10 : 5 : 2 : 0.5 (M) at 3/15/0.30/3.75 costs 107.475 USD; 300 buys 2.79134682x it */
    CHECK_NUM(num(chat, "estimate_tokens.input"), 27913468);
    CHECK_NUM(num(chat, "estimate_tokens.output"), 13956734);
    CHECK(fabs(num(chat, "variance.input") - num(chat, "variance.output")) < 1e-5);
    CHECK_NUM(num(chat, "cache_savings_usd"), 0); /* 16.7% is healthy at 10% */
    CHECK_NUM(num(search, "has_estimate"), 0);    /* Nova Lite has no price in this file */
    CHECK_NUM(num(search, "has_estimate_tokens"), 1);
  }
  json_t *b = row(root, "tokens.by_model", "model", "Nova Pro", NULL);
  CHECK(b && num(b, "list_priced") == 0);
  json_decref(root);
}

static void test_failures(void) {
  /* a broken price file: the run fails and names the file and position */
  char cfg[1400], prices[1400], err[1400];
  snprintf(prices, sizeof prices, "%s/bad-prices.yaml", tmp);
  FILE *f = fopen(prices, "w");
  if (f) {
    fprintf(f, "version: 1\nmodels:\n  - name: X\n    price: {input: cheap}\n");
    fclose(f);
  }
  snprintf(cfg, sizeof cfg, "%s/bad.yaml", tmp);
  char extra[1500];
  snprintf(extra, sizeof extra, "plugins:\n  tokens:\n    prices: %s\n", prices);
  write_config(cfg, extra);
  char o[1300];
  snprintf(o, sizeof o, "%s/out-bad", tmp);
  run(cfg, o, 1);
  snprintf(err, sizeof err, "%s/err.txt", tmp);
  char *e = slurp(err);
  CHECK_CONTAINS(e, "bad-prices.yaml:4:20: models[].price: expected a price");
  free(e);
  /* no attribution plugin: refused with a clear message */
  sh("rm -f '%s/attribution.so'", plugins);
  run(FC_TEST_DATA "/tokens/finops.yaml", o, 1);
  e = slurp(err);
  CHECK_CONTAINS(e, "attribution._facts");
  free(e);
}

int main(void) {
  snprintf(tmp, sizeof tmp, "%s", FC_TEST_TMP);
  snprintf(plugins, sizeof plugins, "%s/plugins", tmp);
  snprintf(out, sizeof out, "%s/out", tmp);
  /* a plugins folder with only what this test needs; prices.yaml beside tokens.so */
  if (sh("rm -rf '%s' && mkdir -p '%s' && ln -s '%s/attribution.so' '%s/tokens.so' '%s/prices.yaml' '%s/'",
         tmp, plugins, FC_PLUGIN_DIR, FC_PLUGIN_DIR, FC_PLUGIN_DIR, plugins) != 0) {
    fprintf(stderr, "cannot set up %s\n", plugins);
    return 1;
  }
  test_defaults();
  test_options();
  test_failures();
  return fc_check_done("test_tokens");
}
