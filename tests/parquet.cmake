# The ingest's query (Athena, Trino, DuckDB) and the embedded DuckDB source against the native ingest.
if(FC_HAVE_DUCKDB)
  set(FC_PARQUET_DUCK $<TARGET_FILE:fc-duckdb>)
else()
  set(FC_PARQUET_DUCK -)
endif()
if(FC_SANITIZE)
  set(FC_PARQUET_MODE asan)
else()
  set(FC_PARQUET_MODE full)
endif()
add_test(NAME parquet_equivalence COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/parquet.sh $<TARGET_FILE:finops>
  $<TARGET_FILE:fc-curgen> ${FC_PARQUET_DUCK} ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-parquet
  ${FC_PARQUET_MODE})
set_tests_properties(parquet_equivalence PROPERTIES LABELS e2e SKIP_RETURN_CODE 77)
