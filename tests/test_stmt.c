/* test_stmt.c: statement templates (core/render/stmt.c), the language of declared briefing sentences:
 * figures, aggregates over a result's rows, exact money, conditions, plurals, joins, formats, and the
 * errors a malformed template gives. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "packs.h"
#include "results.h"
#include "stmt.h"

#define USD(x) ((fc_money)((x)*FC_MONEY_SCALE))

static fc_view view;

static void expect(const char *text, const char *when, const char *want) {
  fc_stmt_err e = FC_STMT_OK;
  char *got = fc_stmt_render(text, when, "t.rows", &view, &e);
  CHECK_INT(e, FC_STMT_OK);
  CHECK_STR(got ? got : "(null)", want);
  free(got);
}

static void expect_err(const char *text, fc_stmt_err want) {
  fc_stmt_err e = FC_STMT_OK;
  char *got = fc_stmt_render(text, NULL, "t.rows", &view, &e);
  CHECK(got == NULL);
  CHECK_INT(e, want);
  free(got);
}

static void expect_syntax(const char *text, const char *when, const char *msg) {
  char buf[256] = "";
  CHECK_INT(fc_stmt_check(text, when, buf, sizeof buf), 0);
  CHECK_STR(buf, msg);
}

int main(void) {
  fc_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.organization = "Example Corp";
  cfg.cache_hit_rate_healthy = 0.3;
  fc_results res;
  fc_results_init(&res);
  static const fc_column cols[] = {{"name", FC_COL_TEXT},
                                   {"usd", FC_COL_MONEY},
                                   {"n", FC_COL_INT},
                                   {"share", FC_COL_RATIO},
                                   {"kind", FC_COL_TEXT}};
  fc_table *t = NULL;
  CHECK_INT(fc_results_create(&res, "t", "t.rows", cols, 5, &t), FC_OK);
  const fc_value rows[][5] = {
      {{"B", 0, 0}, {NULL, USD(0.1), 0}, {NULL, 2, 0}, {NULL, 0, 0.25}, {"cross-region", 0, 0}},
      {{"A", 0, 0}, {NULL, USD(0.2), 0}, {NULL, 1, 0}, {NULL, 0, NAN}, {"in-region", 0, 0}},
      {{"C", 0, 0}, {NULL, FC_NULL_INT, 0}, {NULL, FC_NULL_INT, 0}, {NULL, 0, 0.5}, {NULL, 0, 0}},
      {{"D", 0, 0}, {NULL, USD(0.2), 0}, {NULL, 4, 0}, {NULL, 0, 0.125}, {"cross-region", 0, 0}}};
  for (size_t i = 0; i < 4; i++)
    CHECK_INT(fc_results_append(&res, t, -1, rows[i]), FC_OK);
  static const fc_column tcols[] = {
      {"total_usd", FC_COL_MONEY}, {"rate", FC_COL_RATIO}, {"grade", FC_COL_TEXT}};
  fc_table *tt = NULL;
  CHECK_INT(fc_results_create(&res, "t", "t.totals", tcols, 3, &tt), FC_OK);
  const fc_value trow[3] = {
      {NULL, USD(1234567.891), 0}, {NULL, 0, 0.2849}, {"Score 80 (B). Costs: 3 points", 0, 0}};
  CHECK_INT(fc_results_append(&res, tt, -1, trow), FC_OK);
  CHECK_INT(fc_view_make(&res, &cfg, NULL, 202611, 20412, -1, &view), FC_OK);

  /* figures of the node (the organisation: *.totals), host figures, formats */
  expect("{$scope} in {$month} (before: {$previous_month}): {total_usd}, {total_usd:money0}", NULL,
         "Example Corp in November 2026 (before: October 2026): $1,234,567.89, $1,234,568");
  expect("{rate} {rate:pct0} {rate:+pct1} {rate:2} {@policy.cache_hit_rate_healthy:pct0}", NULL,
         "28.5% 28% +28.5% 0.28 30%");
  expect("{grade:clause}|{grade:rest}", NULL, "score 80 (B)|Costs: 3 points");
  /* aggregates skip nulls; money adds up exactly (0.1 + 0.2 + 0.2, no binary fractions) */
  expect("{count()} rows, {count(usd)} with usd, {sum(usd)} in all, {sum(n)} items", NULL,
         "4 rows, 3 with usd, $0.50 in all, 7 items");
  expect("{sum(usd) - 0.5:money}|{?sum(usd) == 0.5|exact|inexact}", NULL, "$0.00|exact");
  /* top: largest first, ties in result order; first: by a condition */
  expect("{top(name, usd)} {top(name, usd, 2)} {top(name, usd, 3)} {first(name, kind ^= 'cross')}", NULL,
         "A D B B");
  expect("{sum(usd, kind ^= 'cross')} {sum(usd, not kind ^= 'cross')} {count(kind and not (n > 3 or n < 2))}",
         NULL, "$0.30 $0.20 1");
  /* conditions, plurals, or(), abs(), ratios, parentheses */
  expect("{count()} row{?count() != 1|s}, {count(n == 1)} row{?count(n == 1) != 1|s}", NULL, "4 rows, 1 row");
  expect("{or(missing, total_usd)} {abs(0 - sum(usd))} {(sum(usd) - 0.3) / sum(usd):pct0}", NULL,
         "$1,234,567.89 $0.50 40%");
  expect("a{join '; '|{?1 > 2|x}| b| c}.", NULL, "a b;  c.");
  /* an absent figure printed silences the statement; a failing condition too */
  expect("Spent {missing}.", NULL, "");
  expect("Hello.", "count() > 4", "");
  expect("Hello.", "count() == 4 and not missing", "Hello.");
  /* a sum of money past the exact range is an error, not a wrap */
  expect_err("{total_usd + 922000000}", FC_STMT_OVERFLOW);
  /* malformed templates are found without data */
  expect_syntax("{count() open", NULL, "'{' is not closed at '{count() open'");
  expect_syntax("fine", "count( > 1", "')' is missing at ''");
  expect_syntax("{nope(1)}", NULL, "unknown function or wrong number of arguments at ''");
  expect_syntax("{usd:dollars}", NULL, "unknown format at ''");
  expect_syntax("{?a|b|c|d}", NULL, "{?condition|then|else} has 2 or 3 parts at '?a|b|c|d'");
  char buf[128];
  CHECK_INT(
      fc_stmt_check("{?count() != 1|s} {top(name, usd, 2):text}", "sum(usd, $own) > 0", buf, sizeof buf), 1);

  fc_view_free(&view);
  fc_results_free(&res);
  printf("test_stmt: %d checks, %d failed\n", fc_check_count, fc_check_failures);
  return fc_check_failures != 0;
}
