# motcua_add_module(NAME SOURCES ... DEPS ...): one static library per module (STYLE.md §1).
function(motcua_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(motcua_${name} STATIC ${ARG_SOURCES})
  target_include_directories(motcua_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(motcua_${name} PUBLIC ${ARG_DEPS})
  motcua_set_warnings(motcua_${name})
endfunction()

# motcua_add_tests(NAME DIR LABEL DEPS ...): one gtest binary per module, from its *_test.cpp files.
function(motcua_add_tests name)
  cmake_parse_arguments(ARG "" "DIR;LABEL" "DEPS" ${ARGN})
  if(NOT BUILD_TESTING)
    return()
  endif()
  file(GLOB_RECURSE test_sources CONFIGURE_DEPENDS ${ARG_DIR}/*_test.cpp)
  if(NOT test_sources)
    return()
  endif()
  add_executable(motcua_${name}_tests ${test_sources})
  target_link_libraries(motcua_${name}_tests PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock
                        GTest::gtest_main)
  target_compile_definitions(motcua_${name}_tests PRIVATE
                             MOTCUA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  motcua_set_warnings(motcua_${name}_tests)
  gtest_discover_tests(motcua_${name}_tests PROPERTIES LABELS ${ARG_LABEL}
                       DISCOVERY_TIMEOUT 60)
endfunction()

include(GoogleTest)
