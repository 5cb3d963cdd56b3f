# motcua_add_module(NAME SOURCES ... DEPS ...): one static library per module (STYLE.md §1).
function(motcua_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(motcua_${name} STATIC ${ARG_SOURCES})
  target_include_directories(motcua_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(motcua_${name} PUBLIC ${ARG_DEPS})
  motcua_set_warnings(motcua_${name})
endfunction()

# motcua_add_tests(NAME DIR LABEL [EXCLUDE subdir] [ONE_PROCESS] DEPS ...): one gtest binary per
# module, from its *_test.cpp files (below DIR, except those below DIR/EXCLUDE). Each test is
# its own CTest entry, or with ONE_PROCESS the binary is one entry (tests sharing an expensive
# fixture, such as a PostgreSQL server, set up once).
function(motcua_add_tests name)
  cmake_parse_arguments(ARG "ONE_PROCESS" "DIR;LABEL;EXCLUDE" "DEPS" ${ARGN})
  if(NOT BUILD_TESTING)
    return()
  endif()
  file(GLOB_RECURSE test_sources CONFIGURE_DEPENDS ${ARG_DIR}/*_test.cpp)
  if(ARG_EXCLUDE)
    list(FILTER test_sources EXCLUDE REGEX "^${ARG_DIR}/${ARG_EXCLUDE}/")
  endif()
  if(NOT test_sources)
    return()
  endif()
  add_executable(motcua_${name}_tests ${test_sources})
  target_link_libraries(motcua_${name}_tests PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock
                        GTest::gtest_main)
  target_compile_definitions(motcua_${name}_tests PRIVATE
                             MOTCUA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  motcua_set_warnings(motcua_${name}_tests)
  if(ARG_ONE_PROCESS)
    add_test(NAME ${name} COMMAND motcua_${name}_tests)
    set_tests_properties(${name} PROPERTIES LABELS ${ARG_LABEL})
  else()
    gtest_discover_tests(motcua_${name}_tests PROPERTIES LABELS ${ARG_LABEL}
                         DISCOVERY_TIMEOUT 60)
  endif()
endfunction()

include(GoogleTest)
