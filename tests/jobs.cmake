# Packs drawn by several processes publish byte-identical files to one process (tests/jobs.sh).
add_test(NAME jobs_identical COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/jobs.sh $<TARGET_FILE:finops>
  $<TARGET_FILE:fc-curgen> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-jobs)
set_tests_properties(jobs_identical PROPERTIES LABELS e2e TIMEOUT 600)
