# End-to-end tests of the finops command line.
add_test(NAME e2e_cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/e2e.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-e2e)
set_tests_properties(e2e_cli PROPERTIES LABELS e2e)
