# The bad-input corpus (tests/badinput/*.cases): damaged CUR files, configurations, ledgers, price
# lists and command lines, each with its exit status, message and position.
add_test(NAME badinput COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/badinput.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-badinput)
set_tests_properties(badinput PROPERTIES LABELS "e2e;badinput" TIMEOUT 600)
