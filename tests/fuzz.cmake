# Fuzz targets (fuzz/), a few seconds each, when clang is installed; the sanitizer build skips it
# (the fuzz build has the sanitizers already).
find_program(FC_CLANG NAMES clang clang-14)
if(FC_CLANG AND NOT FC_SANITIZE AND NOT FC_FUZZ)
  add_test(NAME fuzz_smoke COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/fuzz.sh ${PROJECT_SOURCE_DIR}
    ${CMAKE_CURRENT_BINARY_DIR}/fuzz-build ${FC_CLANG} 3)
  set_tests_properties(fuzz_smoke PROPERTIES LABELS fuzz TIMEOUT 900 RUN_SERIAL TRUE)
endif()
