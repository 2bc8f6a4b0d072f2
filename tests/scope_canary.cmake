# Who sees which node, as a security property: per-node canaries in every result row and marked
# names in a generated configuration; no pack, manifest entry or e-mail holds one outside its scope.
add_test(NAME scope_canary COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scope_canary.py
  $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-scope_canary)
set_tests_properties(scope_canary PROPERTIES LABELS e2e TIMEOUT 300)
