# Plugin ABI tests: fixture plugins, the host loading and run tests, the out-of-tree example, and
# the public header compiled alone.
set(FC_ABI_FIXTURE_ROOT ${CMAKE_CURRENT_BINARY_DIR}/plugins/abi)
add_subdirectory(${CMAKE_CURRENT_SOURCE_DIR}/plugins ${CMAKE_CURRENT_BINARY_DIR}/plugins)

fc_unit_test(test_plugins abi)
get_property(FC_ABI_FIXTURE_TARGETS GLOBAL PROPERTY FC_ABI_FIXTURES)
add_dependencies(test_plugins ${FC_ABI_FIXTURE_TARGETS})
target_compile_definitions(test_plugins PRIVATE FC_ABI_FIXTURES="${FC_ABI_FIXTURE_ROOT}")

# Install the project, build examples/plugin against the installed header only, list it.
add_test(NAME example_plugin
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/example_plugin.sh ${CMAKE_BINARY_DIR} $<TARGET_FILE:finops>
    ${PROJECT_SOURCE_DIR}/examples/plugin ${CMAKE_CURRENT_BINARY_DIR}/tmp-example_plugin ${CMAKE_COMMAND}
    ${CMAKE_C_COMPILER})
set_tests_properties(example_plugin PROPERTIES LABELS abi)

# The public header (and a plugin using it) must be clean ISO C11.
add_test(NAME plugin_header_pedantic
  COMMAND ${CMAKE_C_COMPILER} -std=c11 -pedantic -Werror -Wall -Wextra -fsyntax-only
    -I ${PROJECT_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR}/plugins/header_alone.c)
add_test(NAME example_plugin_pedantic
  COMMAND ${CMAKE_C_COMPILER} -std=c11 -pedantic -Werror -Wall -Wextra -fsyntax-only
    -I ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/examples/plugin/hello_plugin.c)
set_tests_properties(plugin_header_pedantic example_plugin_pedantic PROPERTIES LABELS unit)

# The core renders what plugins declare and names none of their results.
add_test(NAME core_names
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/core_names.sh $<TARGET_FILE:finops> ${CMAKE_BINARY_DIR}/plugins
    ${PROJECT_SOURCE_DIR})
set_tests_properties(core_names PROPERTIES LABELS unit)

# The core's folders follow the pipeline: includes only downwards (core/LAYERS), no file over 850 lines.
add_test(NAME core_layout COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tools/check_layout.py ${PROJECT_SOURCE_DIR})
set_tests_properties(core_layout PROPERTIES LABELS unit)
