# Workbook zip: the embedded chart PNGs are stored (byte for byte the pack's chart files), the XML
# parts deflated, every member's CRC right; most charts are palette PNGs.
add_test(NAME xlsx_zip COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/xlsx_zip.sh $<TARGET_FILE:finops>
  ${PROJECT_SOURCE_DIR}/examples/demo/finops.yaml ${CMAKE_CURRENT_BINARY_DIR}/tmp-xlsx_zip)
set_tests_properties(xlsx_zip PROPERTIES LABELS e2e)
