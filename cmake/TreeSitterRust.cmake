# The Rust grammar for tree-sitter, fetched reproducibly at configure time.
#
# tree-sitter-rust 0.23.3 is the last release generated for ABI 14, the
# newest ABI Debian 12's libtree-sitter (0.20.7) accepts; 0.24.0 is ABI 15
# and is rejected at run time. The npm tarball is fetched with
# `npm pack --ignore-scripts` (no install scripts run) and checked against
# its published SHA-256 before anything in it is compiled. A build without
# network passes a local copy:
#
#   cmake -DRUNWARDEN_TREE_SITTER_RUST_TARBALL=/path/to/tree-sitter-rust-0.23.3.tgz ...
#
# Defines:
#   tree_sitter::runtime  the tree-sitter library (libtree-sitter-dev)
#   tree_sitter_rust      the grammar (src/parser.c and src/scanner.c) as C
set(RUNWARDEN_TREE_SITTER_RUST_TARBALL "" CACHE FILEPATH
  "Local copy of the tree-sitter-rust 0.23.3 npm tarball (skips npm pack)")

set(_tsr_version 0.23.3)
set(_tsr_sha256 5c1d96a9628875c7ba122da1a3aa0bf62b547b5a720673fa318336de27506c66)
set(_tsr_dir ${PROJECT_BINARY_DIR}/_deps/tree-sitter-rust-${_tsr_version})
set(_tsr_hint
  "Either let configure fetch it (needs npm and access to the npm registry), or download "
  "tree-sitter-rust-${_tsr_version}.tgz elsewhere with\n"
  "  npm pack tree-sitter-rust@${_tsr_version} --ignore-scripts\n"
  "and pass -DRUNWARDEN_TREE_SITTER_RUST_TARBALL=/path/to/tree-sitter-rust-${_tsr_version}.tgz")
file(MAKE_DIRECTORY ${_tsr_dir})

if(RUNWARDEN_TREE_SITTER_RUST_TARBALL)
  set(_tsr_tarball ${RUNWARDEN_TREE_SITTER_RUST_TARBALL})
  if(NOT EXISTS ${_tsr_tarball})
    message(FATAL_ERROR
      "RUNWARDEN_TREE_SITTER_RUST_TARBALL is ${_tsr_tarball}, which does not exist.\n"
      ${_tsr_hint})
  endif()
else()
  set(_tsr_tarball ${_tsr_dir}/tree-sitter-rust-${_tsr_version}.tgz)
  set(_tsr_have_tarball FALSE)
  if(EXISTS ${_tsr_tarball})
    file(SHA256 ${_tsr_tarball} _tsr_cached_sha256)
    if(_tsr_cached_sha256 STREQUAL _tsr_sha256)
      set(_tsr_have_tarball TRUE)
    else()
      file(REMOVE ${_tsr_tarball})
    endif()
  endif()
  if(NOT _tsr_have_tarball)
    find_program(RUNWARDEN_NPM npm)
    if(NOT RUNWARDEN_NPM)
      message(FATAL_ERROR
        "npm is needed to fetch the tree-sitter-rust ${_tsr_version} grammar and was not found "
        "(scripts/install-deps.sh installs it).\n" ${_tsr_hint})
    endif()
    message(STATUS "Fetching tree-sitter-rust ${_tsr_version} with npm pack")
    execute_process(
      COMMAND ${RUNWARDEN_NPM} pack tree-sitter-rust@${_tsr_version} --ignore-scripts --silent
      WORKING_DIRECTORY ${_tsr_dir}
      RESULT_VARIABLE _tsr_result
      OUTPUT_VARIABLE _tsr_output
      ERROR_VARIABLE _tsr_error)
    if(NOT _tsr_result EQUAL 0 OR NOT EXISTS ${_tsr_tarball})
      message(FATAL_ERROR
        "npm pack tree-sitter-rust@${_tsr_version} failed (exit ${_tsr_result}):\n"
        "${_tsr_output}${_tsr_error}\n" ${_tsr_hint})
    endif()
  endif()
endif()

file(SHA256 ${_tsr_tarball} _tsr_actual_sha256)
if(NOT _tsr_actual_sha256 STREQUAL _tsr_sha256)
  message(FATAL_ERROR
    "Checksum mismatch for ${_tsr_tarball}:\n"
    "  expected SHA-256 ${_tsr_sha256} (tree-sitter-rust ${_tsr_version} as published on npm)\n"
    "  actual   SHA-256 ${_tsr_actual_sha256}\n"
    "The file is not the pinned grammar release; nothing from it was compiled. Fetch it again "
    "with npm pack tree-sitter-rust@${_tsr_version} --ignore-scripts.")
endif()

# Extract once per verified tarball; the stamp names the hash it came from.
set(_tsr_src ${_tsr_dir}/package/src)
set(_tsr_stamp ${_tsr_dir}/extracted.sha256)
set(_tsr_stamped "")
if(EXISTS ${_tsr_stamp})
  file(READ ${_tsr_stamp} _tsr_stamped)
endif()
if(NOT _tsr_stamped STREQUAL _tsr_sha256 OR NOT EXISTS ${_tsr_src}/parser.c)
  file(REMOVE_RECURSE ${_tsr_dir}/package)
  file(ARCHIVE_EXTRACT INPUT ${_tsr_tarball} DESTINATION ${_tsr_dir}
    PATTERNS package/src/* package/LICENSE)
  if(NOT EXISTS ${_tsr_src}/parser.c OR NOT EXISTS ${_tsr_src}/scanner.c)
    message(FATAL_ERROR "${_tsr_tarball} has no package/src/parser.c and scanner.c.\n" ${_tsr_hint})
  endif()
  file(WRITE ${_tsr_stamp} ${_tsr_sha256})
endif()

# The grammar: generated C, compiled as the grammar's authors intend (its own
# src/ first on the include path, so its tree_sitter/parser.h wins over the
# system one) and without warnings, which are not ours to fix.
add_library(tree_sitter_rust STATIC ${_tsr_src}/parser.c ${_tsr_src}/scanner.c)
target_include_directories(tree_sitter_rust BEFORE PRIVATE ${_tsr_src})
target_compile_options(tree_sitter_rust PRIVATE -w)
set_target_properties(tree_sitter_rust PROPERTIES C_STANDARD 11 C_EXTENSIONS ON)

# The runtime. Its pkg-config file says "Version: 0.6.3" whatever the
# release, so it is found by header and library, never version-checked; the
# grammar's ABI is checked when the parser is created (contracts/rust_syntax.cc).
find_path(TREE_SITTER_INCLUDE_DIR tree_sitter/api.h)
find_library(TREE_SITTER_LIBRARY NAMES tree-sitter)
if(NOT TREE_SITTER_INCLUDE_DIR OR NOT TREE_SITTER_LIBRARY)
  message(FATAL_ERROR
    "The tree-sitter library was not found: install libtree-sitter-dev "
    "(scripts/install-deps.sh does).")
endif()
add_library(tree_sitter::runtime UNKNOWN IMPORTED)
set_target_properties(tree_sitter::runtime PROPERTIES
  IMPORTED_LOCATION "${TREE_SITTER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${TREE_SITTER_INCLUDE_DIR}")
