/* rules.h: what the ingest reads from CUR 2.0 and how it recognises Bedrock rows, as tables. The
 * native CSV scanner (ingest.c) and the SQL generator (sql.c) both work from these tables, so a
 * rule is stated once. */
#ifndef FC_RULES_H
#define FC_RULES_H

#include <stddef.h>

#include "finops/plugin.h"

/* The CUR columns the ingest reads. */
typedef enum fc_cur_col {
  FC_COL_BILLING_ENTITY,
  FC_COL_PRODUCT_CODE,
  FC_COL_PRODUCT_NAME,
  FC_COL_PRODUCT_FAMILY,
  FC_COL_USAGE_START,
  FC_COL_PERIOD_START,
  FC_COL_TIME_INTERVAL,
  FC_COL_ACCOUNT,
  FC_COL_PRINCIPAL,
  FC_COL_RESOURCE,
  FC_COL_USAGE_TYPE,
  FC_COL_LINE_ITEM_TYPE,
  FC_COL_OPERATION,
  FC_COL_REGION,
  FC_COL_PRICING_UNIT,
  FC_COL_USAGE_AMOUNT,
  FC_COL_COST,
  FC_COL_PRODUCT_MAP,
  FC_COL_RESOURCE_TAGS,
  FC_COL_TAGS,
  FC_COL_INVOICE, /* read for the reconciliation report only (recon.h), never a fact dimension */
  FC_COL_COUNT
} fc_cur_col;

typedef struct fc_cur_column {
  const char *name; /* snake_case, as in the export's header */
  int required;     /* a file without it is refused */
  int map;          /* a map column (JSON or Athena text in CSV, a MAP in Parquet) */
} fc_cur_column;
extern const fc_cur_column fc_cur_columns[FC_COL_COUNT];

/* The two billing families. A row is AWS-billed when its product code starts with aws_code_prefix
 * (agent runtime when it is agentcore_code); otherwise it is Bedrock when its product name
 * contains name_needle or its product family is product_family, and then Marketplace-billed when
 * the billing entity is empty or contains marketplace_entity (else AWS-billed). All comparisons
 * are exact and case-sensitive. */
typedef struct fc_family_rules {
  const char *aws_code_prefix;
  const char *agentcore_code;
  const char *name_needle;
  const char *product_family;
  const char *marketplace_entity;
} fc_family_rules;
extern const fc_family_rules fc_family_rule;

/* The bytes every Bedrock row contains (in one of the fields above): rows without them are
 * skipped unparsed. */
#define FC_RULE_ROW_NEEDLE "Bedrock"

/* Family names as fact files spell them ("aws", "marketplace", "agentcore"); NULL when out of
 * range. */
const char *fc_family_name(int family);
/* Family by name or digit; 0 when unknown. */
int fc_family_find(const char *s, size_t n);

/* Where a string dimension comes from: the first non-empty of up to two sources, each a column
 * (key NULL) or one key of a map column. */
typedef struct fc_dim_source {
  int col; /* fc_cur_col; -1 = unused */
  const char *key;
} fc_dim_source;
typedef struct fc_dim_rule {
  int dim; /* fc_dim */
  fc_dim_source src[2];
} fc_dim_rule;
#define FC_DIM_RULES 13
extern const fc_dim_rule fc_dim_rules[FC_DIM_RULES];

/* The usage day is the day of usage_start; the billing period is the month of period_start, else
 * of usage_start. */
#define FC_RULE_DAY_COL FC_COL_USAGE_START
#define FC_RULE_PERIOD_COL FC_COL_PERIOD_START
/* Measures. */
#define FC_RULE_AMOUNT_COL FC_COL_USAGE_AMOUNT
#define FC_RULE_COST_COL FC_COL_COST

/* The CUR export layout: data files under <export>/data/BILLING_PERIOD=YYYY-MM/, where a
 * "create new" export puts each refresh in its own folder (named from a timestamp, so the newest
 * sorts last); only the newest one of a period is current. */
#define FC_RULE_PERIOD_DIR "BILLING_PERIOD="

#endif
