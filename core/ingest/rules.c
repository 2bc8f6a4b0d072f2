/* rules.c: the ingest's rule tables (see rules.h). */
#include "rules.h"

#include <string.h>

const fc_cur_column fc_cur_columns[FC_COL_COUNT] = {
    [FC_COL_BILLING_ENTITY] = {"bill_billing_entity", 0, 0},
    [FC_COL_PRODUCT_CODE] = {"line_item_product_code", 1, 0},
    [FC_COL_PRODUCT_NAME] = {"product_product_name", 0, 0},
    [FC_COL_PRODUCT_FAMILY] = {"product_product_family", 0, 0},
    [FC_COL_USAGE_START] = {"line_item_usage_start_date", 1, 0},
    [FC_COL_PERIOD_START] = {"bill_billing_period_start_date", 0, 0},
    [FC_COL_TIME_INTERVAL] = {"identity_time_interval", 0, 0},
    [FC_COL_ACCOUNT] = {"line_item_usage_account_id", 1, 0},
    [FC_COL_PRINCIPAL] = {"line_item_iam_principal", 0, 0},
    [FC_COL_RESOURCE] = {"line_item_resource_id", 0, 0},
    [FC_COL_USAGE_TYPE] = {"line_item_usage_type", 1, 0},
    [FC_COL_LINE_ITEM_TYPE] = {"line_item_line_item_type", 1, 0},
    [FC_COL_OPERATION] = {"line_item_operation", 0, 0},
    [FC_COL_REGION] = {"product_region_code", 0, 0},
    [FC_COL_PRICING_UNIT] = {"pricing_unit", 0, 0},
    [FC_COL_USAGE_AMOUNT] = {"line_item_usage_amount", 1, 0},
    [FC_COL_COST] = {"line_item_unblended_cost", 1, 0},
    [FC_COL_PRODUCT_MAP] = {"product", 0, 1},
    [FC_COL_RESOURCE_TAGS] = {"resource_tags", 0, 1},
    [FC_COL_TAGS] = {"tags", 0, 1},
    [FC_COL_INVOICE] = {"bill_invoice_id", 0, 0},
};

const fc_family_rules fc_family_rule = {
    .aws_code_prefix = "AmazonBedrock",
    .agentcore_code = "AmazonBedrockAgentCore",
    .name_needle = "Bedrock",
    .product_family = "Amazon Bedrock",
    .marketplace_entity = "Marketplace",
};

#define NONE                                                                                                 \
  { -1, NULL }
const fc_dim_rule fc_dim_rules[FC_DIM_RULES] = {
    {FC_DIM_ACCOUNT, {{FC_COL_ACCOUNT, NULL}, NONE}},
    {FC_DIM_PRINCIPAL, {{FC_COL_PRINCIPAL, NULL}, NONE}},
    {FC_DIM_RESOURCE, {{FC_COL_RESOURCE, NULL}, NONE}},
    {FC_DIM_USAGE_TYPE, {{FC_COL_USAGE_TYPE, NULL}, NONE}},
    {FC_DIM_LINE_ITEM_TYPE, {{FC_COL_LINE_ITEM_TYPE, NULL}, NONE}},
    {FC_DIM_OPERATION, {{FC_COL_OPERATION, NULL}, NONE}},
    {FC_DIM_REGION, {{FC_COL_REGION, NULL}, {FC_COL_PRODUCT_MAP, "region"}}},
    {FC_DIM_PRODUCT_CODE, {{FC_COL_PRODUCT_CODE, NULL}, NONE}},
    {FC_DIM_PRODUCT_NAME, {{FC_COL_PRODUCT_NAME, NULL}, {FC_COL_PRODUCT_MAP, "product_name"}}},
    {FC_DIM_PRICING_UNIT, {{FC_COL_PRICING_UNIT, NULL}, NONE}},
    {FC_DIM_MODEL, {{FC_COL_PRODUCT_MAP, "model"}, NONE}},
    /* the profile's MAP tag, normalised by CUR; also as tags' resourceTags/ copy */
    {FC_DIM_RESOURCE_MAP_TAG,
     {{FC_COL_RESOURCE_TAGS, "user_map_migrated"}, {FC_COL_TAGS, "resourceTags/user_map_migrated"}}},
    /* the calling principal's MAP tag (not normalised) */
    {FC_DIM_PRINCIPAL_MAP_TAG, {{FC_COL_TAGS, "iamPrincipal/map-migrated"}, NONE}},
};

static const char *const family_names[] = {"", "aws", "marketplace", "agentcore"};

const char *fc_family_name(int family) {
  return family > 0 && family < (int)(sizeof family_names / sizeof family_names[0]) ? family_names[family]
                                                                                    : NULL;
}

int fc_family_find(const char *s, size_t n) {
  for (int f = 1; f < (int)(sizeof family_names / sizeof family_names[0]); f++)
    if (strlen(family_names[f]) == n && memcmp(family_names[f], s, n) == 0)
      return f;
  if (n == 1 && s[0] >= '1' && s[0] <= '3')
    return s[0] - '0';
  return 0;
}
