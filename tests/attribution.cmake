# The attribution plugin end to end: every rule on a hand-made CUR, reconciliation, the demo.
add_test(NAME attribution_rules COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/attribution.sh $<TARGET_FILE:finops>
  ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-attribution ${CMAKE_CURRENT_BINARY_DIR}/plugins/abi/unbalanced)
set_tests_properties(attribution_rules PROPERTIES LABELS e2e)

# Property test: generated data of several shapes reconciles exactly, with claims of every kind.
add_test(NAME attribution_reconcile COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/reconcile.sh $<TARGET_FILE:finops>
  $<TARGET_FILE:fc-curgen> ${CMAKE_CURRENT_BINARY_DIR}/tmp-reconcile)
set_tests_properties(attribution_reconcile PROPERTIES LABELS e2e)
