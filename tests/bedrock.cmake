# Usage-type classifier, token units, identities and model names (plugins/common/bedrock.c).
fc_unit_test(test_bedrock unit)
target_link_libraries(test_bedrock PRIVATE fcbedrock)
