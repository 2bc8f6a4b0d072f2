#!/bin/sh
# cur-to-parquet.sh: converts a CUR 2.0 CSV export to Parquet typed as AWS Data Exports writes it
# (timestamps, decimals, product / resource_tags / tags / cost_category as map(varchar, varchar),
# discount as map(varchar, double)), with DuckDB. Every .csv / .csv.gz below SRC_ROOT becomes a
# .snappy.parquet at the same place below DST_ROOT (the export layout is kept). Used by the tests
# and the benchmark.
# usage: tools/cur-to-parquet.sh FC_DUCKDB SRC_ROOT DST_ROOT       (FC_DUCKDB: build/tools/fc-duckdb)
set -eu
DUCK=$1
SRC=$(cd "$2" && pwd)
DST=$3
mkdir -p "$DST"
DST=$(cd "$DST" && pwd)
sql=$(mktemp)
trap 'rm -f "$sql"' EXIT
(cd "$SRC" && find . \( -name '*.csv' -o -name '*.csv.gz' \) | sort) | while read -r f; do
  f=${f#./}
  out="$DST/${f%.gz}"
  out="${out%.csv}.snappy.parquet"
  mkdir -p "$(dirname "$out")"
  cat <<SQL
COPY (SELECT * REPLACE (
    CAST(bill_billing_period_start_date AS TIMESTAMP) AS bill_billing_period_start_date,
    CAST(bill_billing_period_end_date AS TIMESTAMP) AS bill_billing_period_end_date,
    CAST(line_item_usage_start_date AS TIMESTAMP) AS line_item_usage_start_date,
    CAST(line_item_usage_end_date AS TIMESTAMP) AS line_item_usage_end_date,
    CAST(line_item_usage_amount AS DECIMAL(38, 10)) AS line_item_usage_amount,
    CAST(line_item_normalization_factor AS DECIMAL(38, 10)) AS line_item_normalization_factor,
    CAST(line_item_unblended_rate AS DECIMAL(38, 10)) AS line_item_unblended_rate,
    CAST(line_item_unblended_cost AS DECIMAL(38, 10)) AS line_item_unblended_cost,
    CAST(line_item_blended_rate AS DECIMAL(38, 10)) AS line_item_blended_rate,
    CAST(line_item_blended_cost AS DECIMAL(38, 10)) AS line_item_blended_cost,
    CAST(pricing_public_on_demand_cost AS DECIMAL(38, 10)) AS pricing_public_on_demand_cost,
    CAST(pricing_public_on_demand_rate AS DECIMAL(38, 10)) AS pricing_public_on_demand_rate,
    CAST(json(nullif(product, '')) AS MAP(VARCHAR, VARCHAR)) AS product,
    CAST(json(nullif(resource_tags, '')) AS MAP(VARCHAR, VARCHAR)) AS resource_tags,
    CAST(json(nullif(tags, '')) AS MAP(VARCHAR, VARCHAR)) AS tags,
    CAST(json(nullif(cost_category, '')) AS MAP(VARCHAR, VARCHAR)) AS cost_category,
    CAST(json(nullif(discount, '')) AS MAP(VARCHAR, DOUBLE)) AS discount)
  FROM read_csv('$SRC/$f', header = true, all_varchar = true))
  TO '$out' (FORMAT parquet, COMPRESSION snappy);
SQL
done >"$sql"
"$DUCK" "$sql" >/dev/null
