# Compiler warnings for runwarden's own targets (never for third-party code).
function(runwarden_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough -Wno-missing-field-initializers)
  if(RUNWARDEN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Declares one module: a static library named rw_<name> built from the given
# sources, with src/ as its include root.
function(runwarden_module name)
  add_library(rw_${name} STATIC ${ARGN})
  target_include_directories(rw_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  runwarden_warnings(rw_${name})
endfunction()
