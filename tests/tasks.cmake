# Task queue plugin: assignees, walking up, order, stable ids, formula-safe cells, with a stand-in
# findings source (tasks_fixture.c, built as policy.so into its own folder).
add_library(tasks_fixture MODULE ${CMAKE_CURRENT_SOURCE_DIR}/tasks_fixture.c)
target_include_directories(tasks_fixture PRIVATE ${PROJECT_SOURCE_DIR}/include)
set_target_properties(tasks_fixture PROPERTIES PREFIX "" OUTPUT_NAME policy
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/tasks-fixture)
fc_unit_test(tasks_test unit)
target_compile_definitions(tasks_test PRIVATE FC_PLUGINS_DIR="${FC_PLUGIN_OUTPUT_DIR}"
  FC_TASKS_FIXTURE="${CMAKE_CURRENT_BINARY_DIR}/tasks-fixture/policy.so")
add_dependencies(tasks_test tasks tasks_fixture)
