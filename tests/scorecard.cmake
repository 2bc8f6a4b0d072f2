# The report card plugin on the demo: worked example, rollup, exclusions, weights.
add_test(NAME scorecard COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scorecard.sh $<TARGET_FILE:finops>
  ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-scorecard ${FC_PLUGIN_OUTPUT_DIR})
set_tests_properties(scorecard PROPERTIES LABELS e2e)
