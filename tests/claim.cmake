# `finops claim` end to end on a copy of the demo: successful claims and every refusal.
add_test(NAME e2e_claim COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/claim.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-claim)
set_tests_properties(e2e_claim PROPERTIES LABELS e2e)
