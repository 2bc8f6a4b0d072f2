# The benchmark generator's fixed organisation (fc-curgen bench --shapes, --org-seed).
add_test(NAME curgen_shapes COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/curgen_shapes.sh $<TARGET_FILE:finops>
  $<TARGET_FILE:fc-curgen> ${CMAKE_CURRENT_BINARY_DIR}/tmp-curgen-shapes)
set_tests_properties(curgen_shapes PROPERTIES LABELS unit TIMEOUT 300)
