-- FinOps Center: Amazon Bedrock facts from a CUR 2.0 export (Trino), billing period 2026-11 and the month before.
-- Keeps the rows of both billing families, sums them by the dimensions the plugins read;
-- in each BILLING_PERIOD= folder only the newest export execution counts.
-- Its result is a facts file: inputs: {facts: [result.csv]} in finops.yaml. Rows with a
-- row_count of 0 name a role session as CUR wrote it: counted per role, nothing summed.
WITH "fc_rows" AS (
  SELECT
    substr(coalesce(nullif(CAST("bill_billing_period_start_date" AS varchar), ''), CAST("line_item_usage_start_date" AS varchar)), 1, 7) AS "period",
    substr(CAST("line_item_usage_start_date" AS varchar), 1, 10) AS "day",
    CASE
      WHEN starts_with(coalesce("line_item_product_code", ''), 'AmazonBedrock') THEN CASE WHEN "line_item_product_code" = 'AmazonBedrockAgentCore' THEN 'agentcore' ELSE 'aws' END
      WHEN strpos(coalesce(nullif("product_product_name", ''), nullif(element_at("product", 'product_name'), ''), ''), 'Bedrock') > 0 OR coalesce("product_product_family", '') = 'Amazon Bedrock'
        THEN CASE WHEN coalesce("bill_billing_entity", '') = '' OR strpos("bill_billing_entity", 'Marketplace') > 0 THEN 'marketplace' ELSE 'aws' END
      ELSE '' END AS "family",
    coalesce(nullif("line_item_usage_account_id", ''), '') AS "account",
    coalesce(nullif(regexp_extract(coalesce(nullif("line_item_iam_principal", ''), ''), '^(arn:[^:]*:sts::[0-9]{12}:assumed-role/[^/]+)/', 1), ''), coalesce(nullif("line_item_iam_principal", ''), '')) AS "principal",
    coalesce(nullif("line_item_resource_id", ''), '') AS "resource",
    coalesce(nullif("line_item_usage_type", ''), '') AS "usage_type",
    coalesce(nullif("line_item_line_item_type", ''), '') AS "line_item_type",
    coalesce(nullif("product_product_name", ''), nullif(element_at("product", 'product_name'), ''), '') AS "product_name",
    coalesce(nullif("pricing_unit", ''), '') AS "pricing_unit",
    coalesce(nullif(element_at("product", 'model'), ''), '') AS "model",
    coalesce(nullif(element_at("resource_tags", 'user_map_migrated'), ''), nullif(element_at("tags", 'resourceTags/user_map_migrated'), ''), '') AS "resource_map_tag",
    coalesce(nullif(element_at("tags", 'iamPrincipal/map-migrated'), ''), '') AS "principal_map_tag",
    coalesce(nullif(regexp_extract(coalesce(nullif("line_item_iam_principal", ''), ''), '^arn:[^:]*:sts::[0-9]{12}:assumed-role/[^/]+/.+$', 0), ''), '') AS "principal_session",
    CAST("line_item_usage_amount" AS DECIMAL(38, 10)) AS "usage_amount",
    CAST("line_item_unblended_cost" AS DECIMAL(38, 10)) AS "cost",
    "$path" AS "fc_path"
  FROM cur
  WHERE billing_period IN ('2026-10', '2026-11') -- the export's partitions: only their files are read
),
"fc_files" AS (
  SELECT DISTINCT coalesce(regexp_extract("fc_path", '^(.*/BILLING_PERIOD=[^/]*)/', 1), '') AS "pdir",
    coalesce(regexp_extract("fc_path", '/BILLING_PERIOD=[^/]*/([^/]*)/', 1), '') AS "exec"
  FROM (SELECT DISTINCT "$path" AS "fc_path" FROM cur WHERE billing_period IN ('2026-10', '2026-11'))
),
"fc_newest" AS (
  SELECT "pdir", max("exec") AS "exec" FROM "fc_files" GROUP BY "pdir"
)
SELECT
  r."period",
  r."day",
  r."family",
  r."account",
  r."principal",
  r."resource",
  r."usage_type",
  r."line_item_type",
  r."product_name",
  r."pricing_unit",
  r."model",
  r."resource_map_tag",
  r."principal_map_tag",
  coalesce(sum(r."usage_amount"), 0) AS "usage_amount",
  coalesce(sum(r."cost"), 0) AS "cost",
  count(*) AS "row_count"
FROM "fc_rows" r
JOIN "fc_newest" n ON n."pdir" = coalesce(regexp_extract(r."fc_path", '^(.*/BILLING_PERIOD=[^/]*)/', 1), '')
WHERE r."family" <> ''
  AND coalesce(regexp_extract(r."fc_path", '/BILLING_PERIOD=[^/]*/([^/]*)/', 1), '') IN ('', n."exec")
  AND r."period" IN ('2026-10', '2026-11') -- and the month before: reports compare with it
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
UNION ALL
SELECT DISTINCT
  r."period",
  r."day",
  r."family",
  '',
  r."principal_session",
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  CAST(0 AS DECIMAL(38, 10)),
  CAST(0 AS DECIMAL(38, 10)),
  0
FROM "fc_rows" r
JOIN "fc_newest" n ON n."pdir" = coalesce(regexp_extract(r."fc_path", '^(.*/BILLING_PERIOD=[^/]*)/', 1), '')
WHERE r."family" <> '' AND r."principal_session" <> ''
  AND coalesce(regexp_extract(r."fc_path", '/BILLING_PERIOD=[^/]*/([^/]*)/', 1), '') IN ('', n."exec")
  AND r."period" IN ('2026-10', '2026-11')
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
