#ifndef RUNWARDEN_CLI_COMMAND_H_
#define RUNWARDEN_CLI_COMMAND_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/exit_code.h"

namespace CLI {
class App;
}

namespace runwarden::cli {

/// A subcommand: declares its options on a CLI11 sub-app and runs once the
/// command line is parsed. The table of commands is in app.cc.
class Command {
 public:
  virtual ~Command() = default;
  virtual void Setup(CLI::App& sub) = 0;
  virtual ExitCode Run() = 0;
};

std::unique_ptr<Command> MakeAuditCommand();
std::unique_ptr<Command> MakeApplyCommand();
std::unique_ptr<Command> MakeCheckSqlCommand();
std::unique_ptr<Command> MakeContractsCommand();
std::unique_ptr<Command> MakeDemoCommand();
std::unique_ptr<Command> MakePlanCommand();
std::unique_ptr<Command> MakeShowCommand();
std::unique_ptr<Command> MakeLintCommand();
std::unique_ptr<Command> MakeProbeCommand();
std::unique_ptr<Command> MakeReplayCommand();
std::unique_ptr<Command> MakeReportCommand();
std::unique_ptr<Command> MakeResumeCommand();
std::unique_ptr<Command> MakeRulesCommand();
std::unique_ptr<Command> MakeRunCommand();
std::unique_ptr<Command> MakeScanCommand();
std::unique_ptr<Command> MakeStepsCommand();

/// Runs runwarden with the given arguments; returns the process exit code.
int Main(int argc, char** argv);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_COMMAND_H_
