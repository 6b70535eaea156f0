#ifndef RUNWARDEN_TESTUTIL_RUSTC_H_
#define RUNWARDEN_TESTUTIL_RUSTC_H_

// Compiling small Rust fixtures at test time (tests only). rustc is not a
// build dependency: tests that need a compiled binary skip, saying why, when
// it is missing, on developer machines and in CI alike.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "testutil/golden.h"

namespace runwarden::testutil {

/// rustc's path: $RUSTC, else the first rustc on PATH; nullopt when none.
inline std::optional<std::string> FindRustc() {
  if (const char* env = std::getenv("RUSTC"); env && *env) return std::string(env);
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::filesystem::path candidate = std::filesystem::path(dir) / "rustc";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return std::nullopt;
}

/// Why Rust fixture tests skip when FindRustc() finds nothing.
inline const char* kNoRustc =
    "rustc is not on PATH (nor in $RUSTC): this test compiles a Rust fixture with "
    "-C debuginfo=2 and reads its DWARF; install Rust (rustup) to run it. CI machines without "
    "Rust skip it too";

/// Compiles `source` (a single-file crate, no dependencies) with
/// `-C debuginfo=<debuginfo>` into a temporary directory, once per source
/// and level per process. Returns the binary's path, or nullopt with `error`
/// set to rustc's output.
inline std::optional<std::string> CompileRust(const std::filesystem::path& source, int debuginfo,
                                              std::string* error) {
  static std::map<std::string, std::string> cache;
  const std::string key = source.string() + "#" + std::to_string(debuginfo);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  const auto rustc = FindRustc();
  if (!rustc) {
    *error = kNoRustc;
    return std::nullopt;
  }
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("rw_rustc_" + std::to_string(::getpid()) + "_" + std::to_string(cache.size()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path out = dir / source.stem();
  const std::filesystem::path log = dir / "rustc.log";
  const std::string cmd = "'" + *rustc + "' --edition 2021 -C opt-level=0 -C debuginfo=" +
                          std::to_string(debuginfo) + " -o '" + out.string() + "' '" +
                          source.string() + "' >'" + log.string() + "' 2>&1";
  if (std::system(cmd.c_str()) != 0 || !std::filesystem::exists(out)) {
    *error = "rustc failed: " + ReadFileOrEmpty(log);
    return std::nullopt;
  }
  cache[key] = out.string();
  return out.string();
}

}  // namespace runwarden::testutil

#endif  // RUNWARDEN_TESTUTIL_RUSTC_H_
