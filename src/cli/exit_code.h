#ifndef RUNWARDEN_CLI_EXIT_CODE_H_
#define RUNWARDEN_CLI_EXIT_CODE_H_

namespace runwarden::cli {

/// Process exit codes. Stable: scripts and CI depend on them.
enum class ExitCode : int {
  kOk = 0,               ///< done; no error-severity findings
  kFindings = 1,         ///< error-severity findings, or a plan halted for safety
  kUsage = 2,            ///< bad command line or unreadable/invalid input
  kExecutionFailed = 3,  ///< execution failed and was rolled back
  kInterrupted = 130,    ///< interrupted (Ctrl-C)
};

inline int ToInt(ExitCode c) { return static_cast<int>(c); }

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_EXIT_CODE_H_
