# The phase timer of finops run (FINOPS_TIMINGS=1) prints per phase and changes no output.
add_test(NAME timings COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/timings.sh $<TARGET_FILE:finops>
  ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-timings)
set_tests_properties(timings PROPERTIES LABELS e2e TIMEOUT 300)
