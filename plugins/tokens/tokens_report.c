/* tokens_report.c: the tokens plugin's report content: its briefing statements and the sheets of
 * its results (finops/plugin.h, docs/reports.md). Static data the host renders. */
#include <finops/plugin.h>

/* Sentence templates read best laid out by hand. */
/* clang-format off */
#define FL FC_ROLE_BIT(FC_PERSON_FINOPS_LEADER)
#define PM FC_ROLE_BIT(FC_PERSON_PORTFOLIO_MANAGER)
#define PO FC_ROLE_BIT(FC_PERSON_PRODUCT_OWNER)
#define CE FC_ROLE_BIT(FC_PERSON_CLOUD_ENGINEER)

/* tokens of one type well past the estimate prorated to date */
#define OVER(k, words)                                                                                       \
  "{?prorated_tokens." k " > 0 and tokens." k " / prorated_tokens." k " > 1.2|" words                       \
  " tokens so far: {tokens." k " / 1000000:1}M, {tokens." k " / prorated_tokens." k                          \
  ":1}x the prorated estimate of {prorated_tokens." k " / 1000000:1}M.\n}"

#define APPROVAL "first(message, $own and kind == 'forecast_over_estimate' and severity == 'approved')"

#define SAVE "Tightening prompt caching to the healthy rate would recover about"
#define CROSS "sum(usage_usd, $own and region_type ^= 'cross')"
#define SAME "sum(usage_usd, $own and region_type and not region_type ^= 'cross')"

const fc_stmt_decl tokens_statements[] = {
    {"budget", "tokens.alerts", PM | PO, 50, "forecast_usd",
     "The month-end forecast is {forecast_usd}"
     "{?not estimate_usd or estimate_usd == 0|; no budget estimate is set."
     "|{?forecast_estimated_usd and forecast_estimated_usd != forecast_usd|; for the workloads with an estimate "
     "it is {forecast_estimated_usd} against their budget of {estimate_usd}: "
     "{abs(forecast_estimated_usd - estimate_usd)} {?forecast_estimated_usd - estimate_usd > 0|over|under} "
     "({(forecast_estimated_usd - estimate_usd) / estimate_usd:+pct1})."
     "| against a budget of {estimate_usd}: {abs(forecast_usd - estimate_usd)} "
     "{?forecast_usd - estimate_usd > 0|over|under} ({(forecast_usd - estimate_usd) / estimate_usd:+pct1})"
     "{?forecast_usd - estimate_usd > 0 and " APPROVAL "|, {" APPROVAL ":clause}}.}}"},
    {"tokens", "tokens.nodes", PO, 55, NULL,
     OVER("input", "Input") OVER("output", "Output") OVER("cache_read", "Cache-read")
         OVER("cache_write", "Cache-write")},
    {"cache", "tokens.nodes", PO | CE, 60, "cache_hit_rate",
     "Cache hit rate is {cache_hit_rate:pct1}, {?cache_hit_rate < @policy.cache_hit_rate_healthy|below|at or "
     "above} the healthy {@policy.cache_hit_rate_healthy:pct0}."
     "{?cache_savings_month_usd > 0| " SAVE " {cache_savings_month_usd} over the month."
     "|{?cache_savings_usd > 0| " SAVE " {cache_savings_usd} this month to date.}}"},
    {"regions", "tokens.by_region_type", CE, 85, SAME " + " CROSS " > 0",
     "Same-region calls cost {" SAME "} ({" SAME " / (" SAME " + " CROSS ")"
     ":pct1}); cross-region inference {" CROSS "} ({" CROSS " / (" SAME " + " CROSS "):pct1})."},
    {NULL, NULL, 0, 0, NULL, NULL}};
/* clang-format on */

/* The sheets of its results: column labels, formats, widths and what adds up in the totals row. */
static const fc_sheet_column nodes_columns[] = {
    {"$name", "Workload", FC_SHEET_FMT_DEFAULT, 26, FC_SHEET_TOTAL_NONE},
    {"estimate_usd", "Budget", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"forecast_estimated_usd", "Forecast of workloads with a budget", FC_SHEET_FMT_DEFAULT, 0,
     FC_SHEET_TOTAL_SUM},
    {"forecast_usd", "Forecast (all)", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"cache_hit_rate", "Cache hit rate", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"tokens.input", "Input tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"tokens.output", "Output tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"tokens.cache_read", "Cache-read tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"tokens.cache_write", "Cache-write tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
};
static const fc_sheet_column node_models_columns[] = {
    {"model", "Model", FC_SHEET_FMT_DEFAULT, 30, FC_SHEET_TOTAL_NONE},
    {"usage_usd", "Usage", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"tokens.input", "Input tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"tokens.output", "Output tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"tokens.cache_read", "Cache-read tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"cache_hit_rate", "Cache hit rate", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
};
static const fc_sheet_column daily_columns[] = {
    {"day", "Day", FC_SHEET_FMT_DATE, 0, FC_SHEET_TOTAL_NONE},
    {"workload_id", "Workload ID", FC_SHEET_FMT_DEFAULT, 22, FC_SHEET_TOTAL_NONE},
    {"usage_usd", "Usage", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"cumulative_usd", "Month to date", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
    {"estimate_to_date_usd", "Prorated estimate to date", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
};
static const fc_sheet_column by_region_type_columns[] = {
    {"region_type", "Region type", FC_SHEET_FMT_DEFAULT, 22, FC_SHEET_TOTAL_NONE},
    {"usage_usd", "Usage", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"tokens.input", "Input tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"tokens.output", "Output tokens", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_SUM},
    {"cache_hit_rate", "Cache hit rate", FC_SHEET_FMT_DEFAULT, 0, FC_SHEET_TOTAL_NONE},
};

const fc_sheet_decl tokens_sheets[] = {
    {"nodes", "tokens.nodes", "Forecast", FL | PM | PO, FC_SHEET_ROWS_WORKLOADS, "-forecast_usd",
     nodes_columns, sizeof nodes_columns / sizeof nodes_columns[0], NULL},
    {"node_models", "tokens.node_models", "Models", FL | PO | CE, FC_SHEET_ROWS_SELF, "-usage_usd",
     node_models_columns, sizeof node_models_columns / sizeof node_models_columns[0], NULL},
    {"daily", "tokens.daily", "Daily", PO, FC_SHEET_ROWS_ALL, NULL, daily_columns,
     sizeof daily_columns / sizeof daily_columns[0], NULL},
    {"by_region_type", "tokens.by_region_type", "Region types", CE, FC_SHEET_ROWS_SELF, "-usage_usd",
     by_region_type_columns, sizeof by_region_type_columns / sizeof by_region_type_columns[0], NULL},
    {NULL, NULL, NULL, 0, FC_SHEET_ROWS_ALL, NULL, NULL, 0, NULL}};
