#ifndef RUNWARDEN_TESTUTIL_GOLDEN_H_
#define RUNWARDEN_TESTUTIL_GOLDEN_H_

// Test helpers shared by the test binary (header-only, tests only).

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace runwarden::testutil {

/// The project's source tree (set by CMake for the test binary).
inline std::filesystem::path SourceDir() { return std::filesystem::path(RUNWARDEN_SOURCE_DIR); }

inline std::string ReadFileOrEmpty(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

/// Compares `actual` with the golden file at `path` (relative to the source
/// tree). With RUNWARDEN_UPDATE_GOLDENS=1 the file is rewritten instead.
inline void ExpectGolden(const std::filesystem::path& relative, const std::string& actual) {
  const std::filesystem::path path = SourceDir() / relative;
  const char* update = std::getenv("RUNWARDEN_UPDATE_GOLDENS");
  if (update && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing; run the tests with RUNWARDEN_UPDATE_GOLDENS=1 to create it";
  EXPECT_EQ(ReadFileOrEmpty(path), actual)
      << "golden " << relative << " differs; if the change is intended, rerun with "
      << "RUNWARDEN_UPDATE_GOLDENS=1 and review the diff";
}

/// The result of running a command.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `runwarden` with `args` (a shell-quoted string) from the source tree,
/// capturing stdout and stderr.
inline RunResult RunRunwarden(const std::string& args, const std::string& stdin_file = "") {
  static int counter = 0;
  const std::filesystem::path tmp = std::filesystem::temp_directory_path();
  const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(++counter);
  const std::filesystem::path out = tmp / ("rw_out_" + tag), err = tmp / ("rw_err_" + tag);
  std::string cmd = "cd '" + SourceDir().string() + "' && NO_COLOR=1 '" + RUNWARDEN_BINARY + "' " +
                    args + " >'" + out.string() + "' 2>'" + err.string() + "'";
  if (!stdin_file.empty()) cmd += " <'" + stdin_file + "'";
  const int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFileOrEmpty(out);
  r.err = ReadFileOrEmpty(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

}  // namespace runwarden::testutil

#endif  // RUNWARDEN_TESTUTIL_GOLDEN_H_
