# Fault injection over a demo run: tests/fault_sweep.sh builds finops with FC_FAULT_INJECT in its own
# folder. The -Werror build sweeps every N of both kinds; the sanitizer build sweeps a sample for
# leaks and memory errors.
if(NOT FC_FUZZ)
  if(FC_SANITIZE)
    add_test(NAME fault_sweep COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/fault_sweep.sh ${PROJECT_SOURCE_DIR}
      ${CMAKE_CURRENT_BINARY_DIR}/fault-asan asan)
  else()
    add_test(NAME fault_sweep COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/fault_sweep.sh ${PROJECT_SOURCE_DIR}
      ${CMAKE_CURRENT_BINARY_DIR}/fault all)
  endif()
  set_tests_properties(fault_sweep PROPERTIES LABELS fault TIMEOUT 1800 RUN_SERIAL TRUE)
endif()
