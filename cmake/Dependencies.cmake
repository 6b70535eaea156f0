# Third-party libraries, each exposed as one imported target. Modules link
# them PRIVATE so that only the module that wraps a library can include it.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# libpg_query ships neither a .pc file nor a CMake config on Debian 12.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY NAMES libpg_query.a pg_query REQUIRED)
add_library(pg_query::pg_query STATIC IMPORTED)
set_target_properties(pg_query::pg_query PROPERTIES
  IMPORTED_LOCATION "${PG_QUERY_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PG_QUERY_INCLUDE_DIR}")

# find_package(cmark) is broken on bookworm; its pkg-config file works.
pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 CONFIG QUIET)
if(NOT TARGET CLI11::CLI11)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  set_target_properties(CLI11::CLI11 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${CLI11_INCLUDE_DIR}")
endif()
find_package(fmt REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(SQLite3 REQUIRED)
# libdw (elfutils) reads the DWARF of compiled Rust binaries (contracts/).
pkg_check_modules(LIBDW REQUIRED IMPORTED_TARGET libdw)
