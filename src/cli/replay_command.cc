// runwarden replay BUNDLE: makes a halted or failed run happen again in a
// sandbox database, from the reproduction bundle the run left.
#include <sys/stat.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "audit/reader.h"
#include "audit/values.h"
#include "bundle/bundle.h"
#include "bundle/run_decision.h"
#include "cli/command.h"
#include "cli/execution.h"
#include "cli/output.h"
#include "cli/planning.h"
#include "cli/run_bundle.h"
#include "cli/run_phases.h"
#include "cli/terminal_operator.h"
#include "db/sqlite.h"
#include "db/target.h"
#include "exec/sandbox_postgres.h"
#include "plan/plan_file.h"

namespace runwarden::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// Writes `text` to `path`, creating its folders.
Status Put(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return IoError("cannot create " + path.parent_path().string() + ": " + ec.message());
  return WriteOutput(path.string(), text);
}

std::string QuoteIdent(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The sandbox folder, removed when the replay ends unless kept.
class SandboxFolder {
 public:
  ~SandboxFolder() {
    if (!path_.empty() && !keep_) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  Status Make() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/runwarden-replay.XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      return IoError("cannot create a sandbox folder under " + tmpl.substr(0, tmpl.rfind('/')))
          .WithHint("set TMPDIR to a writable folder");
    }
    path_ = tmpl;
    // The sandbox cluster runs as the postgres user when runwarden is root.
    ::chmod(path_.c_str(), 0711);
    return Status::Ok();
  }
  void Keep() { keep_ = true; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool keep_ = false;
};

// Runs in `dir` until destroyed.
class WorkingDirectory {
 public:
  Status Enter(const std::string& dir) {
    std::error_code ec;
    saved_ = fs::current_path(ec);
    if (ec) return IoError("cannot read the working directory: " + ec.message());
    fs::current_path(dir, ec);
    if (ec) return IoError("cannot enter " + dir + ": " + ec.message());
    entered_ = true;
    return Status::Ok();
  }
  ~WorkingDirectory() {
    std::error_code ec;
    if (entered_) fs::current_path(saved_, ec);
  }

 private:
  fs::path saved_;
  bool entered_ = false;
};

class ReplayCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Re-creates a halted or failed run in a sandbox: a throwaway PostgreSQL cluster in a\n"
        "temporary folder (unix socket only; needs the PostgreSQL server binaries, see\n"
        "RUNWARDEN_PG_BIN) or a SQLite file, with the bundle's schema and fixtures.sql loaded.\n"
        "The runbook is planned with the bundle's parameters and the plan is run there: shell\n"
        "steps never run in a replay, manual and confirm steps are answered yes. Secret\n"
        "parameters are asked for on the terminal or given with --param, and checked against\n"
        "the bundle's hashes. Exit 0 when the same outcome happened at the same step with the\n"
        "same findings, 1 when it did not (the differences are listed), 2 when the bundle cannot\n"
        "be read or the sandbox cannot be made.");
    sub.add_option("bundle", bundle_path_, "The bundle folder a halted or failed run wrote")
        ->required();
    sub.add_option("--param", params_, "A secret parameter's value, NAME=VALUE (repeatable)");
    sub.add_flag("--keep", keep_, "Keep the sandbox folder (and stop its server) for a look");
    sub.add_option("--json", json_path_,
                   "Also write the result as JSON here: the run's and the replay's decisions, "
                   "the differences");
  }

  ExitCode Run() override {
    auto read = bundle::ReadBundle(bundle_path_);
    if (!read.ok()) {
      PrintError(read.status());
      return ExitCode::kUsage;
    }
    const bundle::Bundle& b = *read;
    auto original = audit::ParseLog(b.audit_log_text, bundle_path_ + "/audit.jsonl");
    if (!original.ok()) {
      PrintError(original.status());
      return ExitCode::kUsage;
    }
    if (!original->verify.intact) {
      std::cerr << "warning: the bundle's audit log does not verify (line "
                << original->verify.first_bad_line.value_or(0) << ": " << original->verify.problem
                << "); replaying what it records anyway\n";
    }
    std::string plan_hash;
    auto plan = plan::ReadPlan(b.plan_text, bundle_path_ + "/plan.json", &plan_hash);
    if (!plan.ok()) {
      PrintError(plan.status());
      return ExitCode::kUsage;
    }
    std::map<std::string, std::string> given;
    for (const std::string& p : params_) {
      const size_t eq = p.find('=');
      if (eq == std::string::npos || eq == 0) {
        PrintError(UsageError("--param " + p + " is not NAME=VALUE"));
        return ExitCode::kUsage;
      }
      given[p.substr(0, eq)] = p.substr(eq + 1);
    }
    std::vector<std::string> args;  // for PlanOptions, as on a command line
    for (const bundle::BundleParameter& p : b.parameters) {
      std::optional<std::string> value = p.value;
      if (p.secret) {
        if (auto it = given.find(p.name); it != given.end()) {
          value = it->second;
        } else {
          value = AskSecret("Value of secret parameter " + p.name + " (not shown): ");
        }
        if (!value) {
          PrintError(UsageError("the run's secret parameter " + p.name +
                                " is not in the bundle, and no terminal can ask for it")
                         .WithHint("give it with --param " + p.name + "=VALUE"));
          return ExitCode::kUsage;
        }
        if (!p.secret_sha256.empty() && audit::ValueHash(*value) != p.secret_sha256) {
          PrintError(UsageError("the value given for " + p.name +
                                " is not the one the run used (its SHA-256 differs)")
                         .WithHint("give the value the run was given"));
          return ExitCode::kUsage;
        }
      }
      if (!value) continue;
      if (!b.tenant.empty() && p.name == plan->tenant_parameter) continue;
      args.push_back("--param");
      args.push_back(p.name + "=" + *value);
    }

    SandboxFolder folder;
    if (Status s = folder.Make(); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    if (keep_) folder.Keep();
    const fs::path work = fs::path(folder.path()) / "work";
    const std::string runbook_rel = bundle::IsSafeRelativePath(b.runbook_path)
                                        ? b.runbook_path
                                        : "runbook/" + bundle::RunbookFileName(b.runbook_path);
    Status put = Put(work / runbook_rel, b.runbook_text);
    if (put.ok() && !b.config_text.empty()) put = Put(work / "runwarden.toml", b.config_text);
    const std::string rust_rel = b.rust_path.empty()                       ? ""
                                 : bundle::IsSafeRelativePath(b.rust_path) ? b.rust_path
                                                                           : std::string("rust");
    for (const auto& [path, text] : b.rust_files) {
      if (put.ok()) put = Put(work / rust_rel / path, text);
    }
    if (!put.ok()) {
      PrintError(put);
      return ExitCode::kUsage;
    }

    std::cerr << "Replaying bundle " << bundle_path_ << ": runbook " << b.runbook_path << ", "
              << b.outcome.final_status
              << (b.outcome.failed_step.empty() ? "" : " at step " + b.outcome.failed_step)
              << "\nSandbox: " << folder.path() << " (" << b.backend << ")\n";
    std::unique_ptr<exec::SandboxPostgres> server;
    std::string target;
    if (b.backend == "sqlite") {
      target = (work / "replay.db").string();
      auto conn = db::OpenSqlite(target, db::SqliteOpenMode::kCreateIfMissing);
      if (!conn.ok()) {
        PrintError(conn.status());
        return ExitCode::kUsage;
      }
      if (ExitCode code = Load(**conn, b); code != ExitCode::kOk) return code;
    } else {
      auto started = exec::SandboxPostgres::Start(folder.path() + "/pg");
      if (!started.ok()) {
        PrintError(started.status());
        return ExitCode::kUsage;
      }
      server = std::move(*started);
      auto conn = db::Open(server->dsn());
      if (!conn.ok()) {
        PrintError(conn.status());
        return ExitCode::kUsage;
      }
      if (ExitCode code = Load(**conn, b); code != ExitCode::kOk) return code;
      target = server->dsn();
      // Connect as the role the run used: row-level security and the
      // role's own findings depend on it.
      const std::string& user = plan->target.user;
      if (!user.empty() && user != "postgres") {
        const std::string role = QuoteIdent(user);
        // Table privileges are not part of the snapshot: the role gets the
        // use of every table and sequence of the snapshot's schemas.
        auto made = (*conn)->Execute(
            "DO $runwarden$ DECLARE s name; BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles "
            "WHERE rolname = " +
            std::string("'") + user + "') THEN CREATE ROLE " + role +
            "; END IF; FOR s IN SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT "
            "LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP EXECUTE format('GRANT "
            "USAGE ON SCHEMA %I TO " +
            role + "; GRANT ALL ON ALL TABLES IN SCHEMA %I TO " + role +
            "; GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO " + role +
            "', s, s, s); END LOOP; END $runwarden$; ALTER ROLE " + role + " LOGIN");
        if (user.find('\'') != std::string::npos || !made.ok()) {
          PrintError(ExecutionError("the sandbox cannot give role " + user + " a login" +
                                    (made.ok() ? "" : ": " + made.status().message())));
          return ExitCode::kUsage;
        }
        target = "host=" + server->dir() + " port=5432 dbname=postgres user=" + user;
      }
    }

    WorkingDirectory cwd;
    if (Status s = cwd.Enter(work.string()); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    args.insert(args.begin(), {runbook_rel, "--target", target});
    if (!b.tenant.empty()) args.insert(args.end(), {"--tenant", b.tenant});
    if (!b.config_text.empty()) args.insert(args.end(), {"--config", "runwarden.toml"});
    if (!rust_rel.empty()) args.insert(args.end(), {"--rust", rust_rel});
    for (const plan::Override& o : plan->overrides) {
      args.insert(args.end(), {"--allow", o.rule, "--reason", o.reason});
    }
    CLI::App app;
    PlanOptions options;
    options.Add(app, "target");
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
      app.parse(reversed);
    } catch (const CLI::ParseError& e) {
      PrintError(InternalError(std::string("the bundle's inputs do not form a plan request: ") +
                               e.what()));
      return ExitCode::kUsage;
    }
    Planned planned;
    if (ExitCode code = options.Make(planned); code != ExitCode::kOk) return code;
    const plan::PlanFile file = plan::WritePlan(planned.plan);
    Execution run;
    run.plan = &planned.plan;
    run.plan_hash = file.hash;
    run.plan_text = file.text;
    run.values = planned.values;
    run.tenant = planned.tenant;
    run.tenant_setting = planned.runbook->tenant.context_setting;
    run.tenant_columns = TenantColumns(*planned.schema);
    run.target = target;
    run.phases = RunPhases(planned.plan, planned.schema.get(), planned.contracts_loaded);
    run.replay = true;
    ExecutionOptions execution;
    execution.yes = true;
    execution.log_path = (fs::path(folder.path()) / "replay.audit.jsonl").string();
    const ExitCode ran = Execute(run, execution);
    if (ran == ExitCode::kUsage) return ran;

    auto replayed = audit::ReadLog(execution.log_path);
    if (!replayed.ok()) {
      PrintError(replayed.status());
      return ExitCode::kUsage;
    }
    const bundle::RunDecision before = bundle::DecisionOf(*original);
    const bundle::RunDecision after = bundle::DecisionOf(*replayed);
    const std::vector<std::string> differences = bundle::Differences(before, after);
    std::cerr << "\n";
    if (differences.empty()) {
      std::cerr << "Reproduced: the replay ended " << after.final_status
                << (after.failed_step.empty() ? "" : " at step " + after.failed_step)
                << (after.halted_gates.empty() ? "" : ", halted at the same gates")
                << ", with the same " << after.findings.size() << " finding"
                << (after.findings.size() == 1 ? "" : "s") << ".\n";
    } else {
      std::cerr << "Not reproduced:\n";
      for (const std::string& d : differences) std::cerr << "  - " << d << "\n";
      if (b.fixtures_sql.empty()) {
        std::cerr << "The sandbox holds no rows: checks that count rows (expect=, the dry run's "
                     "counts) see none. Add the rows the run saw as fixtures.sql in the bundle "
                     "and replay again.\n";
      }
    }
    if (!before.shell_steps.empty()) {
      std::cerr << "Shell steps not run in the replay: ";
      for (size_t i = 0; i < before.shell_steps.size(); ++i) {
        std::cerr << (i ? ", " : "") << before.shell_steps[i];
      }
      std::cerr << "\n";
    }
    if (keep_) std::cerr << "Sandbox kept: " << folder.path() << "\n";
    if (!json_path_.empty()) {
      Json j{{"bundle", bundle_path_},
             {"reproduced", differences.empty()},
             {"original", DecisionJson(before)},
             {"replay", DecisionJson(after)},
             {"differences", differences}};
      if (Status s = WriteOutput(json_path_, j.dump(2) + "\n"); !s.ok()) {
        PrintError(s);
        return ExitCode::kUsage;
      }
    }
    return differences.empty() ? ExitCode::kOk : ExitCode::kFindings;
  }

 private:
  static Json DecisionJson(const bundle::RunDecision& d) {
    return Json{{"final_status", d.final_status},
                {"failed_step", d.failed_step},
                {"halted_gates", d.halted_gates},
                {"findings", d.findings},
                {"steps", d.steps}};
  }

  // Loads the bundle's schema and fixtures into the sandbox.
  static ExitCode Load(db::Connection& conn, const bundle::Bundle& b) {
    for (const auto& [name, sql] :
         {std::pair<std::string, const std::string*>{"schema.sql", &b.schema_ddl},
          {"fixtures.sql", &b.fixtures_sql}}) {
      if (sql->empty()) continue;
      auto r = conn.Execute(*sql);
      if (!r.ok()) {
        PrintError(ExecutionError("the sandbox cannot load the bundle's " + name + ": " +
                                  r.status().message())
                       .WithHint("the file is plain SQL: fix it in the bundle and replay again"));
        return ExitCode::kUsage;
      }
    }
    return ExitCode::kOk;
  }

  std::string bundle_path_;
  std::vector<std::string> params_;
  bool keep_ = false;
  std::string json_path_;
};

}  // namespace

std::unique_ptr<Command> MakeReplayCommand() { return std::make_unique<ReplayCommand>(); }

}  // namespace runwarden::cli
