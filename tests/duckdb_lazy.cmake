# DuckDB is opened only when a run needs it (core/ingest/duckdb_load.c): CSV runs never load it.
if(FC_HAVE_DUCKDB)
  add_test(NAME duckdb_lazy COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/duckdb_lazy.sh $<TARGET_FILE:finops>
    ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-duckdb_lazy ${CMAKE_COMMAND}
    ${FC_DUCKDB_DIR}/lib/libduckdb.so)
  set_tests_properties(duckdb_lazy PROPERTIES LABELS e2e)
endif()
