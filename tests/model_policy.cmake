# The cloud engineer's IAM model policy documents on the demo.
add_test(NAME e2e_model_policy COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/model_policy.sh $<TARGET_FILE:finops>
  ${PROJECT_SOURCE_DIR} ${FC_PLUGIN_OUTPUT_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp-model-policy)
set_tests_properties(e2e_model_policy PROPERTIES LABELS e2e)
