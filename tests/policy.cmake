# Model-approval policy plugin: canonical names (table-driven) and the plugin on tests/data/policy.
fc_unit_test(policy_test unit)
target_link_libraries(policy_test PRIVATE fccatalog fcbedrock)
target_compile_definitions(policy_test PRIVATE FC_PLUGINS_DIR="${FC_PLUGIN_OUTPUT_DIR}")
add_dependencies(policy_test attribution policy tasks fc_model_catalog)
