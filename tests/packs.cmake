# Report packs: workbooks, charts and task lists per node (tests/packs.sh), and every workbook
# opening in LibreOffice when it is installed (tests/packs_soffice.sh, skipped otherwise).
add_test(NAME packs COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/packs.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-packs)
set_tests_properties(packs PROPERTIES LABELS e2e)
add_test(NAME packs_soffice COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/packs_soffice.sh $<TARGET_FILE:finops>
  ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-packs-soffice)
set_tests_properties(packs_soffice PROPERTIES LABELS e2e SKIP_RETURN_CODE 77 TIMEOUT 600)
# Templates name declared charts (tests/charts_decl.sh).
add_test(NAME charts_decl COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/charts_decl.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-charts_decl)
set_tests_properties(charts_decl PROPERTIES LABELS e2e)
