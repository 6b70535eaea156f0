// The command table and argument parsing. This module is the only one that
// knows about argv, standard output and exit codes.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "base/version.h"
#include "cli/command.h"

namespace runwarden::cli {

namespace {

struct CommandEntry {
  const char* name;
  const char* summary;
  std::unique_ptr<Command> (*make)();
};

const CommandEntry kCommands[] = {
    {"demo", "Show the whole story on a billing incident, on SQLite, with no server",
     &MakeDemoCommand},
    {"lint", "Check runbooks for problems before anyone runs them", &MakeLintCommand},
    {"steps", "List the steps of a runbook exactly as runwarden will run them", &MakeStepsCommand},
    {"scan", "Analyse a schema: tenant partition keys and row-level security posture",
     &MakeScanCommand},
    {"check-sql", "Check application SQL (.sql files, sqlx caches) for tenant scope",
     &MakeCheckSqlCommand},
    {"contracts", "Check Rust row types (source and binary) against the schema",
     &MakeContractsCommand},
    {"probe", "Prove tenant isolation on a live PostgreSQL database by trying to cross it",
     &MakeProbeCommand},
    {"plan", "Build the plan apply will execute: order, transactions, rollback plan, gates",
     &MakePlanCommand},
    {"apply", "Execute an approved plan file: tenant context, atomic groups, audit log",
     &MakeApplyCommand},
    {"run", "Plan a runbook and execute the plan at once, with the same gates", &MakeRunCommand},
    {"resume", "Continue a stopped run from its audit log; no committed step runs twice",
     &MakeResumeCommand},
    {"replay", "Re-create a halted or failed run from its bundle in a sandbox database",
     &MakeReplayCommand},
    {"show", "Print a plan file, after checking its hash", &MakeShowCommand},
    {"audit", "Verify a run's hash-chained audit log, or show the run it records",
     &MakeAuditCommand},
    {"report", "Write the reports of a run from its audit log: incident report, decision tree",
     &MakeReportCommand},
    {"rules", "List every rule with its default severity", &MakeRulesCommand},
};

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{
      "runwarden makes incident runbooks for multi-tenant SQL services safe to execute.\n"
      "It reads a Markdown runbook as written, checks every step, and shows exactly what\n"
      "will run.",
      "runwarden"};
  app.set_version_flag("--version", std::string("runwarden ") + kVersion);
  app.require_subcommand(1);
  app.footer(
      "Start with: runwarden demo (the whole story on SQLite, no server needed).\n"
      "Exit codes: 0 ok or completed; 1 findings at error severity, a plan halted for\n"
      "safety, a run declined or refused (plan changed, run lock held), or an audit log that\n"
      "does not verify; 2 bad usage or input; 3 a step failed and was rolled back, or a\n"
      "commit is in doubt; 130 interrupted.");
  std::vector<std::unique_ptr<Command>> commands;
  std::vector<std::pair<CLI::App*, Command*>> subs;
  for (const CommandEntry& entry : kCommands) {
    commands.push_back(entry.make());
    CLI::App* sub = app.add_subcommand(entry.name, entry.summary);
    commands.back()->Setup(*sub);
    subs.emplace_back(sub, commands.back().get());
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return ToInt(ExitCode::kUsage);
  }
  for (auto& [sub, command] : subs) {
    if (sub->parsed()) return ToInt(command->Run());
  }
  return ToInt(ExitCode::kUsage);
}

}  // namespace runwarden::cli
