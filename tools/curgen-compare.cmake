# Regenerates the demo CUR export into OUT and compares every file byte for byte with REFERENCE.
# Usage: cmake -DCURGEN=fc-curgen -DREFERENCE=examples/demo/cur -DOUT=dir -P curgen-compare.cmake
foreach(var CURGEN REFERENCE OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "curgen-compare: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${OUT}")
execute_process(COMMAND "${CURGEN}" demo "${OUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "curgen-compare: '${CURGEN} demo ${OUT}' failed: ${rc}")
endif()

file(GLOB_RECURSE want RELATIVE "${REFERENCE}" "${REFERENCE}/*")
file(GLOB_RECURSE got RELATIVE "${OUT}" "${OUT}/*")
list(SORT want)
list(SORT got)
if(NOT want STREQUAL got)
  message(FATAL_ERROR "curgen-compare: file lists differ\n  committed: ${want}\n  generated: ${got}\n"
    "Regenerate with: build/tools/fc-curgen demo examples/demo/cur")
endif()
list(LENGTH want n)
if(n EQUAL 0)
  message(FATAL_ERROR "curgen-compare: no files under ${REFERENCE}")
endif()

set(bad "")
foreach(f IN LISTS want)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${REFERENCE}/${f}" "${OUT}/${f}" RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    list(APPEND bad "${f}")
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "curgen-compare: files differ from the committed demo: ${bad}\n"
    "Regenerate with: build/tools/fc-curgen demo examples/demo/cur")
endif()
message(STATUS "curgen-compare: ${n} files identical")
