/* finops/plugin.h: the public plugin API of FinOps Center, the only header a plugin needs.
 *
 * A plugin is a shared object exporting one function, fc_plugin_entry, that returns a pointer to
 * a static descriptor. The host checks the descriptor's first four fields (magic, ABI major,
 * ABI minor, struct size) before it reads anything else, copies what it keeps, orders plugins by
 * what they declare they read and write, then calls init / process / finish. Plugins reach the
 * host only through the fc_ctx pointer and the function table it carries: there are no host
 * symbols to link against and no globals.
 *
 * Compatibility: fields are only ever appended to fc_plugin_desc and fc_host_api. A minor
 * version adds fields; a major version changes or removes one. A plugin built against minor N
 * runs on a host of minor >= N.
 */
#ifndef FINOPS_PLUGIN_H
#define FINOPS_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FC_PLUGIN_MAGIC 0x46435047u /* "FCPG" */
#define FC_ABI_MAJOR 1
#define FC_ABI_MINOR 3
#define FC_PLUGIN_ENTRY_SYMBOL "fc_plugin_entry"

#if defined(_WIN32)
#define FC_PLUGIN_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#define FC_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define FC_PLUGIN_EXPORT
#endif

/* Money in fixed point: 10^-10 US dollars (CUR costs carry up to 10 decimals). int64 holds
 * +-922 million dollars per value; the host reports an overflow instead of wrapping. */
typedef int64_t fc_money;
#define FC_MONEY_SCALE 10000000000LL
/* Usage amounts (line_item_usage_amount) use the same scale. */
#define FC_AMOUNT_SCALE 10000000000LL

/* One status enum for host and plugins: 0 is success, errors are distinct positive values. */
typedef enum fc_status {
  FC_OK = 0,
  FC_ERR_NOMEM,     /* out of memory */
  FC_ERR_IO,        /* reading or writing a file failed */
  FC_ERR_PARSE,     /* input could not be parsed */
  FC_ERR_CONFIG,    /* the configuration is invalid */
  FC_ERR_USAGE,     /* bad command line */
  FC_ERR_PLUGIN,    /* a plugin failed or was refused */
  FC_ERR_ABI,       /* a plugin's ABI does not match the host's */
  FC_ERR_NOT_FOUND, /* a named thing does not exist */
  FC_ERR_EXISTS,    /* a named thing already exists */
  FC_ERR_OVERFLOW,  /* a fixed-point sum left the representable range */
  FC_ERR_RECONCILE, /* totals do not tie back to the input */
  FC_ERR_INVALID,   /* an argument is invalid */
  FC_STATUS_COUNT
} fc_status;

/* Fact dimensions: the keys CUR Bedrock rows are summed by. String dimensions hold interned
 * string ids (0 is the empty string); see fc_host_api.str. */
typedef enum fc_dim {
  FC_DIM_PERIOD = 0,        /* billing period as YYYYMM (bill_billing_period_start_date) */
  FC_DIM_DAY,               /* usage day, days since 1970-01-01 (line_item_usage_start_date) */
  FC_DIM_FAMILY,            /* fc_family */
  FC_DIM_ACCOUNT,           /* line_item_usage_account_id */
  FC_DIM_PRINCIPAL,         /* line_item_iam_principal */
  FC_DIM_RESOURCE,          /* line_item_resource_id */
  FC_DIM_USAGE_TYPE,        /* line_item_usage_type */
  FC_DIM_LINE_ITEM_TYPE,    /* line_item_line_item_type */
  FC_DIM_OPERATION,         /* line_item_operation */
  FC_DIM_REGION,            /* product_region_code, else product['region'] */
  FC_DIM_PRODUCT_CODE,      /* line_item_product_code */
  FC_DIM_PRODUCT_NAME,      /* product_product_name, else product['product_name'] */
  FC_DIM_PRICING_UNIT,      /* pricing_unit */
  FC_DIM_MODEL,             /* product['model'] */
  FC_DIM_RESOURCE_MAP_TAG,  /* resource_tags['user_map_migrated'] */
  FC_DIM_PRINCIPAL_MAP_TAG, /* tags['iamPrincipal/map-migrated'] */
  FC_DIM_COUNT
} fc_dim;

typedef enum fc_family {
  FC_FAMILY_AWS = 1,         /* billed by AWS: AmazonBedrock* product codes */
  FC_FAMILY_MARKETPLACE = 2, /* billed by AWS Marketplace: third-party models */
  FC_FAMILY_AGENTCORE = 3    /* AmazonBedrockAgentCore: agent runtime, no tokens */
} fc_family;

/* One aggregated fact: all Bedrock rows sharing every dimension value, summed. */
typedef struct fc_fact {
  uint32_t dim[FC_DIM_COUNT];
  int64_t usage_amount; /* sum of line_item_usage_amount, FC_AMOUNT_SCALE */
  fc_money cost;        /* sum of line_item_unblended_cost */
  uint64_t rows;        /* CUR rows summed into this fact */
} fc_fact;

/* Result tables: what plugins emit and renderers read. Every row names the hierarchy node it
 * belongs to (-1 = the whole organisation only), which is how role scoping filters rows. */
typedef enum fc_coltype {
  FC_COL_TEXT = 1,
  FC_COL_INT,   /* int64 */
  FC_COL_MONEY, /* fc_money */
  FC_COL_RATIO, /* double, 0..1 (percent in reports); NaN = not applicable */
  FC_COL_DATE,  /* int64 days since 1970-01-01 */
  FC_COL_REAL   /* double */
} fc_coltype;

typedef struct fc_column {
  const char *name;
  fc_coltype type;
} fc_column;

/* "No value" in an FC_COL_INT, FC_COL_MONEY or FC_COL_DATE cell: written as null in JSON and
 * as an empty CSV cell. FC_COL_RATIO / FC_COL_REAL use NaN for the same. */
#define FC_NULL_INT INT64_MIN

typedef struct fc_value {
  const char *s; /* FC_COL_TEXT; copied by the host */
  int64_t i;     /* FC_COL_INT, FC_COL_MONEY, FC_COL_DATE */
  double r;      /* FC_COL_RATIO, FC_COL_REAL */
} fc_value;

typedef struct fc_table fc_table; /* owned by the host's result store */

typedef enum fc_loglevel { FC_LOG_DEBUG = 0, FC_LOG_INFO, FC_LOG_WARN, FC_LOG_ERROR } fc_loglevel;

/* Read-only views of the configuration, borrowed for the whole run. */
typedef struct fc_node_info {
  const char *name;
  const char *path; /* names from the top level down joined by '/' */
  int parent;       /* node index, -1 for a top-level node */
  int level;        /* 0 = top level */
  int workload;     /* workload index when this node is a workload, else -1 */
} fc_node_info;

typedef enum fc_estimate_kind { FC_ESTIMATE_NONE = 0, FC_ESTIMATE_USD, FC_ESTIMATE_TOKENS } fc_estimate_kind;

typedef struct fc_workload_info {
  const char *id;
  const char *name;
  int node;
  int map_eligible;
  fc_estimate_kind estimate_kind;
  fc_money estimate_usd;      /* FC_ESTIMATE_USD */
  int64_t estimate_tokens[4]; /* FC_ESTIMATE_TOKENS: input, output, cache_read, cache_write */
} fc_workload_info;

typedef enum fc_claim_kind { FC_CLAIM_ROLE = 1, FC_CLAIM_USER, FC_CLAIM_PROFILE } fc_claim_kind;

typedef struct fc_claim_info {
  int workload; /* workload index */
  fc_claim_kind kind;
  const char *arn;     /* as written in the ledger */
  const char *account; /* 12-digit account id from the ARN */
  const char *name;    /* role name (path dropped), user name, or profile id */
  int32_t from_day;    /* inclusive */
  int32_t until_day;   /* inclusive; INT32_MAX when open */
  const char *claimed_by;
} fc_claim_info;

/* People and the part of the hierarchy each may see (ABI 1.1). */
typedef enum fc_person_role {
  FC_PERSON_FINOPS_LEADER = 0,
  FC_PERSON_PORTFOLIO_MANAGER,
  FC_PERSON_PRODUCT_OWNER,
  FC_PERSON_CLOUD_ENGINEER,
  FC_PERSON_ROLE_COUNT
} fc_person_role;

typedef struct fc_person_info {
  const char *email;
  const char *name;
  fc_person_role role;
  const int *scope; /* node indexes; -1 = the whole organisation */
  size_t nscope;
} fc_person_info;

/* ---- ABI 1.2: report content a plugin declares (static data; borrowed while it is loaded) ---- */

/* How a sheet column is shown. FC_SHEET_FMT_DEFAULT follows the column's type: money as
 * "$#,##0.00", int as "#,##0", ratio as "0.0%", date as a date, real as "#,##0.00", text as is. */
typedef enum fc_sheet_fmt {
  FC_SHEET_FMT_DEFAULT = 0,
  FC_SHEET_FMT_TEXT,
  FC_SHEET_FMT_MONEY,
  FC_SHEET_FMT_PERCENT,
  FC_SHEET_FMT_INTEGER,
  FC_SHEET_FMT_DATE,
  FC_SHEET_FMT_NUMBER,
  FC_SHEET_FMT_WRAP /* long text wrapped within the column's width */
} fc_sheet_fmt;

/* Which rows of a result a sheet shows (the pack's scope applies first). */
typedef enum fc_sheet_rows {
  FC_SHEET_ROWS_ALL = 0,
  FC_SHEET_ROWS_WORKLOADS, /* rows of workload nodes */
  FC_SHEET_ROWS_GROUPS,    /* rows of nodes above workloads */
  FC_SHEET_ROWS_SELF       /* only rows of the pack's own node */
} fc_sheet_rows;

/* Whether a column is added up in the sheet's totals row. */
typedef enum fc_sheet_total { FC_SHEET_TOTAL_NONE = 0, FC_SHEET_TOTAL_SUM } fc_sheet_total;

typedef struct fc_sheet_column {
  const char *column; /* a column of the result, or $node (path), $name, $level of the row's node */
  const char *label;  /* the header; NULL = the column name */
  fc_sheet_fmt format;
  double width;         /* characters; 0 = from the content (an upper bound for text) */
  fc_sheet_total total; /* FC_SHEET_TOTAL_SUM: money, counts, points that add up */
} fc_sheet_column;

/* One table of report content: a result shown as a sheet. Templates name it "<plugin>.<name>" and
 * may choose, relabel and resize its columns; a template entry {table: "*"} takes every declared
 * table for the role the template does not name. */
typedef struct fc_sheet_decl {
  const char *name;   /* [a-z0-9_]+; "<plugin>.<name>" in templates */
  const char *result; /* the result shown: one of the plugin's writes (or reads) */
  const char *title;  /* the sheet's tab name (<= 31 characters) */
  uint32_t roles;     /* bit (1u << fc_person_role) per role it is for; 0 = every role */
  fc_sheet_rows rows;
  const char *sort; /* a column; "-col" sorts descending; NULL = result order */
  const fc_sheet_column *columns;
  size_t ncolumns;
  /* the totals row's label, a statement template ("Total: score {score}"); NULL = "Total" */
  const char *total_label;
} fc_sheet_decl;

/* A briefing statement: a sentence template over named figures, rendered for the node of a pack.
 * Figures: a column of the pack node's row in `result` (or of any *.nodes / *.workloads result;
 * *.totals in the organisation's pack); $scope, $month, $previous_month, $through, $complete;
 * @<setting> (a configuration setting as a number); aggregates over the rows of `result` in the
 * pack: count(), count(COND), sum(COL), sum(COL; COND), top(COL; BY), top(COL; BY; K).
 * Text: {FIGURE} or {EXPR:FORMAT} (money, money0, int, pct0, pct1, +pct1, 0, 1, 2, text, clause);
 * {?COND|then} and {?COND|then|else}; {join SEP|part|part...}. EXPR adds and subtracts figures
 * (money exactly), divides (a ratio), abs(x), or(x, y). COND: EXPR, EXPR OP EXPR (== != < <= > >=
 * ^= starts with), not, and, or, parentheses; a figure that is absent makes a comparison false.
 * docs/reports.md gives the whole grammar. A statement whose text renders empty says nothing. */
typedef struct fc_stmt_decl {
  const char *name;   /* [a-z0-9_]+; "<plugin>.<name>" in templates */
  const char *result; /* rows for aggregates and the first place figures are looked up; may be NULL */
  uint32_t roles;     /* bit (1u << fc_person_role) per role it is for; 0 = every role */
  int priority;       /* among statements a template takes with {statement: "*"}: lower first */
  const char *when;   /* a condition for the whole statement; NULL = always */
  const char *text;   /* the template; "\n" separates lines */
} fc_stmt_decl;

#define FC_ROLE_BIT(role) (1u << (unsigned)(role))

typedef struct fc_ctx fc_ctx; /* the host's per-plugin context */

/* The host's services. Strings returned are borrowed until the run ends. Functions returning
 * fc_status record details themselves; a plugin simply returns the status. */
typedef struct fc_host_api {
  uint32_t size; /* sizeof(fc_host_api) as the host was built */
  void (*log)(fc_ctx *ctx, fc_loglevel level, const char *fmt, ...)
#if defined(__GNUC__)
      __attribute__((format(printf, 3, 4)))
#endif
      ;
  /* Records an error (the run fails with FC_ERR_PLUGIN once process or init returns). */
  void (*error)(fc_ctx *ctx, const char *fmt, ...)
#if defined(__GNUC__)
      __attribute__((format(printf, 2, 3)))
#endif
      ;
  const char *(*strerror)(fc_status st);
  /* Run parameters. */
  int32_t (*period)(fc_ctx *ctx); /* YYYYMM of the reported period */
  int32_t (*as_of)(fc_ctx *ctx);  /* "today", days since 1970-01-01 */
  /* Facts of every period; the caller filters. Borrowed until the run ends. */
  const fc_fact *(*facts)(fc_ctx *ctx, size_t *count);
  const char *(*str)(fc_ctx *ctx, uint32_t id); /* an interned string; "" for 0 or unknown ids */
  /* Configuration views. */
  size_t (*node_count)(fc_ctx *ctx);
  const fc_node_info *(*node)(fc_ctx *ctx, size_t i);
  int (*node_find)(fc_ctx *ctx, const char *path); /* -1 when absent */
  size_t (*workload_count)(fc_ctx *ctx);
  const fc_workload_info *(*workload)(fc_ctx *ctx, size_t i);
  size_t (*claim_count)(fc_ctx *ctx);
  const fc_claim_info *(*claim)(fc_ctx *ctx, size_t i);
  /* Node mapped to a usage account by `accounts`, or -1. */
  int (*account_node)(fc_ctx *ctx, const char *account);
  /* The plugin's options: the scalar at plugins.<name>.<key> of the config, or NULL. */
  const char *(*option)(fc_ctx *ctx, const char *key);
  /* Memory released when the run ends: once every plugin's finish has run, before the reports. */
  void *(*alloc)(fc_ctx *ctx, size_t size);
  /* Results. table_create names must be among the plugin's declared writes. */
  fc_status (*table_create)(fc_ctx *ctx, const char *name, const fc_column *cols, size_t ncols,
                            fc_table **out);
  fc_status (*table_append)(fc_ctx *ctx, fc_table *t, int node, const fc_value *values);
  /* Finds a result by name ("plugin.result"); NULL when absent. Reading another plugin's result
   * requires declaring it in reads. */
  const fc_table *(*table_find)(fc_ctx *ctx, const char *name);
  size_t (*table_rows)(const fc_table *t);
  size_t (*table_cols)(const fc_table *t);
  const fc_column *(*table_col)(const fc_table *t, size_t c);
  int (*table_row_node)(const fc_table *t, size_t row);
  fc_value (*table_cell)(const fc_table *t, size_t row, size_t col);
  /* ---- ABI 1.1 ---- */
  /* A setting of the configuration by dotted key, as text: "policy.cache_hit_rate_healthy",
   * "report_card.weights.<attribution|budget|cache|map|models>", "prices" (the resolved path of
   * the price-table override), "currency", "organization". NULL when absent. */
  const char *(*setting)(fc_ctx *ctx, const char *key);
  /* The approved-model patterns (globs on canonical model names) in force at a node: those of the
   * most specific policy.approved_models path at or above it, else "*"'s. NULL (and *count 0)
   * when no entry applies. */
  const char *const *(*approved_models)(fc_ctx *ctx, int node, size_t *count);
  size_t (*person_count)(fc_ctx *ctx);
  const fc_person_info *(*person)(fc_ctx *ctx, size_t i);
  /* ---- ABI 1.2 ---- */
  /* The host's one scope rule, the one every pack, answer and approval is filtered by: 1 when a row
   * of node `node` belongs to scope node `scope`. Scope -1 (the whole organisation) holds every row;
   * a node holds itself and the nodes below it; rows of the organisation as a whole (node -1)
   * belong only to scope -1. */
  int (*scope_contains)(fc_ctx *ctx, int node, int scope);
  /* 1 when some scope entry of person i (see person) holds a row of node `node`: scope_contains. */
  int (*person_sees)(fc_ctx *ctx, size_t person, int node);
  /* ---- ABI 1.3 ---- */
  /* Sessions of assumed-role principals, which facts key by their role (FC_DIM_PRINCIPAL holds
   * arn:PARTITION:sts::ACCOUNT:assumed-role/NAME without "/SESSION"). For the principal string ids
   * ids[0..n): *count distinct session names the reported period's rows showed under any of them
   * (exact up to 64,
   * beyond that a HyperLogLog estimate within a few percent), and up to max of those names in
   * examples (borrowed until the run ends; the same ones whatever the input order: smallest by a
   * fixed hash). Returns the number of examples; 0 with *count 0 when the inputs named no session
   * (other principals, or facts from a query that kept no session name); -1 when out of memory.
   * Check size before calling: hosts of ABI 1.2 end before it. */
  int (*principal_sessions)(fc_ctx *ctx, const uint32_t *ids, size_t n, uint64_t *count,
                            const char **examples, size_t max);
} fc_host_api;

/* ---- ABI 1.2: declared charts ----
 * A plugin describes the PNG charts drawn from its results; the host draws any declared chart from
 * the scoped view of a pack, and templates name it as "<plugin>.<chart>". Declarations are static
 * data read while the plugin is loaded. Text templates may hold {scope} (the pack's node, or the
 * organisation), {period} ("November 2026"), {data_through} (the day before the as-of day),
 * {marks} (the mark's legend when a bar is marked), and in reference labels {value} (the
 * reference), {covered} and {groups} (see fc_chart_ref). docs/reports.md has the details. */
typedef enum fc_chart_kind {
  FC_CHART_BARS = 1,      /* horizontal bars, one per row; stacked when there are several series */
  FC_CHART_DAILY_COLUMNS, /* a column per day of the period, stacked by row group (workload) */
  FC_CHART_DAILY_LINES    /* a line per row group (workload) across the days of the period */
} fc_chart_kind;

/* Colours: the series palette, then roles for judgements (a grade, a mark). AUTO picks the
 * palette in series order. */
typedef enum fc_chart_colour {
  FC_CHART_AUTO = 0,
  FC_CHART_BLUE,
  FC_CHART_ORANGE,
  FC_CHART_GREEN,
  FC_CHART_PURPLE,
  FC_CHART_TEAL,
  FC_CHART_BROWN,
  FC_CHART_RED,
  FC_CHART_GREY,
  FC_CHART_GOOD, /* green: grade A */
  FC_CHART_FAIR, /* teal: grade B */
  FC_CHART_WARN, /* amber: grade C */
  FC_CHART_POOR, /* orange: grade D, partly not approved */
  FC_CHART_BAD   /* red: grade F, not approved */
} fc_chart_colour;

typedef enum fc_chart_format {
  FC_CHART_FMT_AUTO = 0, /* from the first series' column type: money, percent (ratio), number */
  FC_CHART_FMT_MONEY,    /* $1,234 */
  FC_CHART_FMT_PERCENT,  /* 12.5% of a 0..1 ratio */
  FC_CHART_FMT_COUNT,    /* 1.2K, 3.4M, 1.05B */
  FC_CHART_FMT_NUMBER    /* 87 */
} fc_chart_format;

/* Which rows of the data result make the bars (or, daily, the row groups). */
typedef enum fc_chart_rows {
  FC_CHART_ROWS_WORKLOADS = 0, /* rows of workload nodes in the pack's view, labelled by node name */
  FC_CHART_ROWS_SELF           /* rows of the pack's own node, labelled by the label column */
} fc_chart_rows;

/* flags */
#define FC_CHART_SKIP_ZERO 1u  /* leave out rows whose values are all zero */
#define FC_CHART_KEEP_ORDER 2u /* keep the result's row order (default: largest first, ties by label) */

/* levels: the packs a chart is drawn in (0 = all) */
#define FC_CHART_AT_ORG 1u      /* the organisation's pack */
#define FC_CHART_AT_GROUP 2u    /* packs of nodes above workloads */
#define FC_CHART_AT_WORKLOAD 4u /* packs of workload nodes */

/* One value column of the data result, drawn as a series (a bar part or a stacked part). */
typedef struct fc_chart_series {
  const char *column;     /* INT, MONEY, RATIO or REAL column */
  const char *name;       /* legend entry (the legend shows when there are several series) */
  fc_chart_colour colour; /* AUTO: palette by position */
} fc_chart_series;

/* A figure read from a result of the pack's view: the column of the pack's own row (sum 0) or the
 * sum of the column over every row in view (sum 1). Lists of sources end with result NULL; the
 * first source that gives a value is used. */
typedef struct fc_chart_source {
  const char *result;
  const char *column;
  int sum;
} fc_chart_source;

/* One more series from the pack's own row, e.g. unattributed spend: a bar after the others
 * (BARS, labelled label) or a stacked part per day (DAILY_*, from the own rows by day). */
typedef struct fc_chart_extra {
  const fc_chart_source *sources; /* BARS; DAILY_* use sources[0] (rows of the own node, by x) */
  const char *label;              /* the bar's label */
  const char *name;               /* its legend entry */
  fc_chart_colour colour;
} fc_chart_extra;

/* Marks bars from another result: the rows (in view) whose key column equals a bar's label, value
 * column summed. All of the bar: note `full` in colour full_colour; part of it: `partial` ({value}
 * = the marked amount) in partial_colour. legend fills {marks} when any bar is marked. */
typedef struct fc_chart_mark {
  const char *result;
  const char *key;
  const char *value;
  const char *full, *partial, *legend;
  fc_chart_colour full_colour, partial_colour;
} fc_chart_mark;

/* A note after each bar from a text column of its row ("grade {value}"); a bar whose text equals
 * values[i] is drawn in colours[i] (values end with NULL). */
typedef struct fc_chart_note {
  const char *column;
  const char *text;
  const char *const *values;
  const fc_chart_colour *colours;
} fc_chart_note;

/* A dashed reference line (red) at the first source's value, e.g. a healthy rate or a prorated
 * estimate; per_day divides it by the days of the period. label ({value}) is its legend entry.
 * DAILY_*: when cover_column is set, the row groups whose rows have it non-zero are the ones the
 * reference covers; when they are not all of the spend drawn (or there is an extra series), their
 * own daily total is drawn as a solid line and cover_label ({value}, {covered} of {groups} groups
 * drawn) replaces label. */
typedef struct fc_chart_ref {
  const fc_chart_source *sources;
  int per_day;
  const char *label;
  const char *cover_column;
  const char *cover_label;
} fc_chart_ref;

typedef struct fc_chart_def {
  const char *name; /* [a-z0-9_]+, unique in the plugin; the PNG is charts/<name>.png */
  fc_chart_kind kind;
  const char *title, *subtitle; /* templates */
  const char *result;           /* the data: one of the plugin's writes or reads */
  const char *org_result;       /* in the organisation's pack, this result instead (NULL: result) */
  fc_chart_rows rows;
  const char *label; /* ROWS_SELF: the text column labelling bars (coded ids become plain words) */
  const char *x;     /* DAILY_*: the DATE column giving the day */
  const fc_chart_series *series; /* 1..8, ending with column NULL */
  fc_chart_format format;
  unsigned flags;     /* FC_CHART_SKIP_ZERO | FC_CHART_KEEP_ORDER */
  int top;            /* BARS: at most this many bars (<= 14, 0 = 14); DAILY_*: groups (<= 6, 0 = 5) */
  const char *others; /* label of the rest folded into the last bar / group; NULL: the rest is left out */
  fc_chart_colour others_colour;
  const double *axis; /* BARS: fixed axis maxima, the first >= the largest value else the last;
                         ends with 0; NULL: a round axis from the data */
  const fc_chart_extra *extra;
  const fc_chart_mark *mark;
  const fc_chart_note *note;
  const fc_chart_ref *ref;
  unsigned roles;  /* bit (1u << fc_person_role) per role it is for; 0 = every role */
  unsigned levels; /* FC_CHART_AT_*; 0 = every pack */
} fc_chart_def;

/* ---- ABI 1.2: declared uses ----
 * What the host gives a meaning to among a plugin's results: declared in fc_plugin_desc.uses, so
 * that the host knows no result by name (docs/results.md, "Declared uses"). */
typedef enum fc_use_kind {
  FC_USE_END = 0, /* ends the list */
  /* The result is written as the CSV file `file` (letters, digits, '_', '-', '.', ending ".csv") at
   * the top of the run folder, for the FinOps leader: every row, columns in table order. */
  FC_USE_CSV,
  /* The result is the chargeback ledger: its MONEY column `column` must sum to the period's Bedrock
   * total exactly, else the run fails and nothing is published. Its CSV file (FC_USE_CSV) gets the
   * columns as_of and month_complete after its own. */
  FC_USE_LEDGER,
  /* The result is a task list: its TEXT column `column` holds the assignees' e-mails ("a@x; b@y").
   * Every pack gets, as the file `file`, the rows in its scope and the rows assigned to a person the
   * pack is for. */
  FC_USE_TASKS,
  /* The TEXT column `column` carries approval marks: a row of kind "forecast_over_estimate" (TEXT
   * columns kind and severity; MONEY usd_at_stake or usd) of a workload node whose approval covers
   * the amount gets severity "approved" and the approval written before the column's text. */
  FC_USE_APPROVALS
} fc_use_kind;

typedef struct fc_use {
  fc_use_kind kind;
  const char *result; /* one of the plugin's writes */
  const char *column; /* FC_USE_LEDGER, FC_USE_TASKS, FC_USE_APPROVALS; NULL otherwise */
  const char *file;   /* FC_USE_CSV, FC_USE_TASKS; NULL otherwise */
} fc_use;

/* Descriptor returned by fc_plugin_entry. The first four fields never move. Lists are
 * NULL-terminated arrays of strings: reads name fact dimensions ("fact.principal", "fact.*")
 * and other plugins' results ("attribution.workloads"); a result read prefixed with '?'
 * ("?tokens.nodes") is optional: the plugin loads without its writer and then finds no table, and
 * runs after the writer when there is one. writes name this plugin's results, which must start
 * with "<name>.". Results named "<plugin>._<part>" are private to plugins (not in summary.json);
 * docs/results.md lists the names the host gives a meaning to. */
typedef struct fc_plugin_desc {
  uint32_t magic;     /* FC_PLUGIN_MAGIC */
  uint16_t abi_major; /* FC_ABI_MAJOR */
  uint16_t abi_minor; /* FC_ABI_MINOR */
  uint32_t size;      /* sizeof(fc_plugin_desc) */
  const char *name;   /* [a-z0-9_]+, unique among loaded plugins */
  const char *version;
  const char *description;
  const char *const *reads;
  const char *const *writes;
  /* Called once before any data. *state is the plugin's own; return FC_OK to go on. */
  fc_status (*init)(fc_ctx *ctx, void **state);
  /* Called once with all facts ingested and all the plugin's inputs computed. */
  fc_status (*process)(fc_ctx *ctx, void *state);
  /* Called exactly once whenever init returned FC_OK, even if the run failed; frees state. */
  void (*finish)(fc_ctx *ctx, void *state);
  /* ---- ABI 1.2 ---- */
  /* The plugin's charts, ending with an entry whose name is NULL; NULL = none. */
  const fc_chart_def *charts;
  /* What the host gives a meaning to among the results in writes (fc_use), ended by an entry of
   * kind FC_USE_END; NULL = nothing. */
  const fc_use *uses;
  /* Report content, NULL or arrays ended by an entry whose name is NULL: sheets of results and
   * briefing statements. Read by the host only when size covers them. */
  const fc_sheet_decl *sheets;
  const fc_stmt_decl *statements;
} fc_plugin_desc;

typedef const fc_plugin_desc *(*fc_plugin_entry_fn)(void);

/* Every plugin defines this one exported function, at file scope and without a trailing semicolon
 * (ISO C allows no empty declaration there): FC_PLUGIN_DEFINE(my_desc) */
#define FC_PLUGIN_DEFINE(desc_var)                                                                           \
  FC_PLUGIN_EXPORT const fc_plugin_desc *fc_plugin_entry(void);                                              \
  FC_PLUGIN_EXPORT const fc_plugin_desc *fc_plugin_entry(void) { return &(desc_var); }

/* The host passes its API table through the context; plugins fetch it with this call, which is
 * the one function the context exposes as data: ctx's first member is the API pointer. */
typedef struct fc_ctx_head {
  const fc_host_api *api;
} fc_ctx_head;
#define FC_API(ctx) (((const fc_ctx_head *)(const void *)(ctx))->api)

#ifdef __cplusplus
}
#endif

#endif
