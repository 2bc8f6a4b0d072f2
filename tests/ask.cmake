# `finops ask` (the phrasing corpus for every demo person, the sample conversations, scoping) and
# `finops approve`; `finops mcp` driven by the official MCP TypeScript SDK client.
if(FC_SANITIZE)
  set(FC_ASK_STRIDE 6) # a rotating sample of the corpus: every phrasing is still asked by someone
else()
  set(FC_ASK_STRIDE 1)
endif()
add_test(NAME e2e_ask COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/ask.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-ask ${FC_ASK_STRIDE})
set_tests_properties(e2e_ask PROPERTIES LABELS e2e TIMEOUT 300)
add_test(NAME e2e_mcp COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/mcp/mcp.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-mcp)
set_tests_properties(e2e_mcp PROPERTIES LABELS e2e TIMEOUT 300)
