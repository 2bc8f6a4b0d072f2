# MAP compliance plugin: tag value rules (table-driven) and the plugin on tests/data/map; the demo's
# MAP, policy and task figures end to end (map_demo.sh).
fc_unit_test(map_test unit)
target_sources(map_test PRIVATE ${PROJECT_SOURCE_DIR}/plugins/map/maptag.c)
target_include_directories(map_test PRIVATE ${PROJECT_SOURCE_DIR}/plugins/map)
target_compile_definitions(map_test PRIVATE FC_PLUGINS_DIR="${FC_PLUGIN_OUTPUT_DIR}")
add_dependencies(map_test attribution map)
if(TARGET tasks)
  add_dependencies(map_test tasks)
endif()
add_test(NAME map_demo COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/map_demo.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-map_demo)
set_tests_properties(map_demo PROPERTIES LABELS e2e)
