# Every figure of every workbook ties to summary.json, on the demo and on a generated organisation
# (tests/workbooks.sh, tests/workbooks.py; openpyxl from python3-openpyxl).
add_test(NAME workbooks COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/workbooks.sh $<TARGET_FILE_DIR:finops>
  ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-workbooks)
set_tests_properties(workbooks PROPERTIES LABELS e2e SKIP_RETURN_CODE 77 TIMEOUT 300)
