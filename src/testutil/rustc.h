#ifndef RUNWARDEN_TESTUTIL_RUSTC_H_
#define RUNWARDEN_TESTUTIL_RUSTC_H_

// Compiling small Rust fixtures at test time (tests only). rustc is a test
// dependency: scripts/install-deps.sh installs Debian's rustc, which is all a
// single-file fixture without crates needs. Where rustc is missing, tests
// that need a compiled binary skip and say why; with CI=true they fail
// instead, so that CI never passes without having run them.

#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "base/result.h"
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

/// Compiles `source` (a single-file crate, no dependencies) with
/// `-C debuginfo=<debuginfo>` into a fresh temporary directory, once per
/// source and level per process. Returns the binary's path. Fails with
/// kNotFound when rustc is missing and CI is not set (callers skip), and
/// with another code when rustc is missing in CI or the fixture does not
/// compile (callers fail).
inline Result<std::string> CompileRust(const std::filesystem::path& source, int debuginfo) {
  static std::map<std::string, std::string> cache;
  const std::string key = source.string() + "#" + std::to_string(debuginfo);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  const auto rustc = FindRustc();
  if (!rustc) {
    std::string why = "rustc is not on PATH (nor in $RUSTC): this test compiles " +
                      source.filename().string() +
                      " with -C debuginfo=" + std::to_string(debuginfo) +
                      " and reads its DWARF; scripts/install-deps.sh installs Debian's rustc";
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") return Unavailable(why + " (CI=true: not skipped)");
    return NotFound(why);
  }
  std::string tmpl = (std::filesystem::temp_directory_path() / "rw_rustc_XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return IoError("cannot create a temporary directory");
  const std::filesystem::path dir(tmpl);
  const std::filesystem::path out = dir / source.stem();
  const std::filesystem::path log = dir / "rustc.log";
  const std::string cmd =
      "'" + *rustc + "' --edition 2021 -C opt-level=0 -C debuginfo=" + std::to_string(debuginfo) +
      " -o '" + out.string() + "' '" + source.string() + "' >'" + log.string() + "' 2>&1";
  if (std::system(cmd.c_str()) != 0 || !std::filesystem::exists(out)) {
    return ExecutionError("rustc could not compile " + source.string() + ":\n" +
                          ReadFileOrEmpty(log));
  }
  cache[key] = out.string();
  return out.string();
}

}  // namespace runwarden::testutil

#endif  // RUNWARDEN_TESTUTIL_RUSTC_H_
