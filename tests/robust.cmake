# Hostile and unlucky input: names run cannot write, shell-safe commands, bytes that are not UTF-8.
add_test(NAME robust_names COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/robust.sh $<TARGET_FILE:finops>
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-robust ${CMAKE_CURRENT_BINARY_DIR}/plugins/abi/run_totals)
set_tests_properties(robust_names PROPERTIES LABELS e2e)
