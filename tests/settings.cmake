# Configuration settings that plugins read through the host: prices, healthy cache rate.
add_test(NAME settings COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/settings.sh $<TARGET_FILE:finops>
  ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-settings ${FC_PLUGIN_OUTPUT_DIR})
set_tests_properties(settings PROPERTIES LABELS e2e)
