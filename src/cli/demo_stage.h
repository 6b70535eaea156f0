#ifndef RUNWARDEN_CLI_DEMO_STAGE_H_
#define RUNWARDEN_CLI_DEMO_STAGE_H_

#include <string>
#include <vector>

#include "base/result.h"

namespace runwarden::cli {

/// What a child runwarden did: its exit code and everything it wrote.
struct ChildRun {
  int exit_code = -1;  ///< 128 + signal when killed by a signal
  std::string output;  ///< standard output and standard error, in the order written
};

/// Runs this same runwarden binary (/proc/self/exe) with `args` in the
/// directory `cwd`, standard input from /dev/null, and waits for it.
Result<ChildRun> RunSelf(const std::vector<std::string>& args, const std::string& cwd);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_DEMO_STAGE_H_
