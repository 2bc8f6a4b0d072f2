# `finops claim --until` and `finops claims` on a copy of the demo, and a run after ending a claim.
add_test(NAME e2e_claims COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/claims.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${FC_PLUGIN_OUTPUT_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-claims)
set_tests_properties(e2e_claims PROPERTIES LABELS e2e)
