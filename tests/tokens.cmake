# The tokens plugin end to end on a hand-made CUR (tests/data/tokens): finops runs with a plugins
# folder holding only attribution and tokens; the test reads summary.json with jansson.
fc_unit_test(test_tokens e2e)
target_link_libraries(test_tokens PRIVATE PkgConfig::JANSSON)
add_dependencies(test_tokens finops tokens attribution)
target_compile_definitions(test_tokens PRIVATE FC_FINOPS="$<TARGET_FILE:finops>"
  FC_PLUGIN_DIR="${FC_PLUGIN_OUTPUT_DIR}" FC_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
