# Reading on every core gives the single-threaded run's outputs byte for byte (gzip and plain CSV
# files, cut files, damaged files, both inflate engines).
add_test(NAME ingest_threads COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ingest_threads.sh $<TARGET_FILE:finops>
  $<TARGET_FILE:fc-curgen> ${CMAKE_CURRENT_BINARY_DIR}/tmp-ingest_threads)
set_tests_properties(ingest_threads PROPERTIES LABELS "e2e" TIMEOUT 300)
