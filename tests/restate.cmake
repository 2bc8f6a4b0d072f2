# reconciliation.csv and changes.csv: generated restatements (a late credit, a changed usage row, a
# new claim, an estimate) whose differences are known, tied to summary.json and chargeback.csv.
add_test(NAME e2e_restate COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/restate.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-restate)
set_tests_properties(e2e_restate PROPERTIES LABELS e2e)
