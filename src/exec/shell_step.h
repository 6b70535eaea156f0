#ifndef RUNWARDEN_EXEC_SHELL_STEP_H_
#define RUNWARDEN_EXEC_SHELL_STEP_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace runwarden::exec {

/// One shell step to run: the program, the runbook's parameters as
/// environment variables and the limits.
struct ShellRequest {
  /// The program and its arguments, e.g. {"bash", "--noprofile", "--norc",
  /// "-euo", "pipefail", "-c", script}. argv[0] is looked up in runwarden's
  /// own PATH.
  std::vector<std::string> argv;
  /// The only variables the program sees besides those of kInheritedEnv:
  /// runbook parameters (RUNWARDEN_PARAM_<NAME>=value). Names are shell
  /// identifiers ([A-Za-z_][A-Za-z0-9_]*), each at most once; values must not
  /// contain NUL. A name of kInheritedEnv here replaces the inherited value.
  std::vector<std::pair<std::string, std::string>> env;
  /// How long the step may run; then its whole process group gets SIGTERM
  /// and, `kill_grace` later, SIGKILL.
  std::chrono::milliseconds timeout{60000};
  std::chrono::milliseconds kill_grace{2000};
  /// How many bytes of stdout and of stderr are kept; the rest is read and
  /// counted, never stored.
  size_t output_limit = 64 * 1024;
  /// Where the program starts ("" for runwarden's own working directory).
  std::string working_directory;
};

/// The variables copied from runwarden's own environment into every step's
/// (when set); nothing else is inherited, so PGPASSWORD, DATABASE_URL and
/// the like never reach a step.
inline constexpr const char* kInheritedEnv[] = {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TERM"};

/// How a shell step ended and what it printed.
struct ShellResult {
  int exit_code = -1;  ///< the exit status; -1 when a signal ended the program
  int signal = 0;      ///< the signal that ended the program, 0 when it exited
  bool timed_out = false;
  std::string stdout_text;  ///< at most output_limit bytes
  std::string stderr_text;
  bool stdout_truncated = false;
  bool stderr_truncated = false;
  size_t stdout_bytes = 0;  ///< everything written, kept or not
  size_t stderr_bytes = 0;
  std::chrono::milliseconds duration{0};

  /// Exited with status 0, in time.
  bool Succeeded() const { return !timed_out && signal == 0 && exit_code == 0; }
};

/// Runs `request` to completion and returns how it ended. The program runs
/// in a process group of its own with stdin from /dev/null and only the
/// environment described at ShellRequest::env. When the program exits, any
/// process it left behind in its group is killed with SIGKILL and output
/// still buffered in the pipes is read; output a process outside the group
/// writes later is not waited for. A program that ends with a non-zero
/// status, a signal or a timeout is a ShellResult, not an error. Errors:
/// kInvalidInput for a malformed request (empty argv, a bad variable name,
/// a NUL in a value or argument), kNotFound when the program or working
/// directory does not exist, kIo when the program cannot be started or
/// watched.
Result<ShellResult> RunShell(const ShellRequest& request);

/// `text` with every occurrence of each non-empty value of `secrets`
/// replaced by "[secret]", scanning once from the left and preferring the
/// longest secret at each position (so a secret that contains another is
/// hidden whole). For output that is about to be logged or shown.
std::string ScrubSecrets(std::string text, const std::vector<std::string>& secrets);

}  // namespace runwarden::exec

#endif  // RUNWARDEN_EXEC_SHELL_STEP_H_
