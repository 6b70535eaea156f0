#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "db/target.h"
#include "probe/probe.h"
#include "schema/catalog.h"

namespace runwarden::cli {

namespace {

class ProbeCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Proves tenant isolation by trying it, as the role the target connects as: for each\n"
        "tenant-scoped table and view, tenant A's context tries to read, update and delete\n"
        "tenant B's rows and to insert a row for B, and with no tenant set nothing may be\n"
        "visible. Everything runs in one transaction that is always rolled back; tables with\n"
        "triggers or rules are never written to and no sequence is advanced. Verdicts per\n"
        "relation: isolated, leaks, fails-open, errors-without-context, not-testable.\n"
        "Exit codes: 0 nothing leaks, 1 a relation leaks, fails open or errors without a\n"
        "tenant, 2 bad usage or an unreachable target, 3 the probe broke off (rolled back),\n"
        "130 interrupted (rolled back).\n"
        "See docs/probe.md.");
    sub.add_option("--db", db_, "PostgreSQL target: postgres:// URI or libpq keyword string")
        ->required();
    sub.add_option("--tables", tables_,
                   "Tables and views to probe (schema.name or name); default: all")
        ->delimiter(',');
    sub.add_option("--tenant-key", tenant_key_,
                   "The tenant key column (default: the first of tenant_id, org_id, "
                   "organization_id, workspace_id, account_id)");
    sub.add_option("--setting", setting_, "The setting policies read the tenant from")
        ->capture_default_str();
    sub.add_option("--tenants", tenants_, "Two tenant ids A,B to probe with (default: chosen)")
        ->delimiter(',')
        ->expected(2);
    sub.add_option("--statement-timeout", statement_timeout_ms_,
                   "Limit for each statement of the probe, in milliseconds")
        ->check(CLI::Range(1, 3600000))
        ->capture_default_str();
    sub.add_option("--lock-timeout", lock_timeout_ms_,
                   "How long a statement of the probe waits for a lock, in milliseconds")
        ->check(CLI::Range(1, 3600000))
        ->capture_default_str();
    sub.add_option("--format", format_, "Report format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    sub.add_option("-o,--output", output_, "Write the report to this file instead of stdout");
  }

  ExitCode Run() override {
    probe::ProbeOptions options;
    options.tables = tables_;
    if (!tenant_key_.empty()) options.tenant_keys = {tenant_key_};
    options.setting = setting_;
    if (tenants_.size() == 2) options.tenants = probe::TenantPair{tenants_[0], tenants_[1]};
    options.statement_timeout = std::chrono::milliseconds(statement_timeout_ms_);
    options.lock_timeout = std::chrono::milliseconds(lock_timeout_ms_);

    auto conn = db::Open(db_);
    if (!conn.ok()) {
      PrintError(conn.status());
      return ExitCode::kUsage;
    }
    CancelOnInterrupt guard(**conn);
    options.interrupted = &guard.flag();
    auto schema = schema::ReadCatalog(**conn);
    if (schema.ok() && !guard.interrupted()) {
      auto report = probe::RunIsolationProbe(**conn, *schema, options);
      return Report(guard, report);
    }
    if (guard.interrupted()) {
      PrintError(ExecutionError("interrupted while reading the catalog")
                     .WithHint("the read was cancelled; nothing was changed"));
      return ExitCode::kInterrupted;
    }
    PrintError(schema.status());
    return ExitCode::kUsage;
  }

 private:
  ExitCode Report(const CancelOnInterrupt& guard, const Result<probe::ProbeReport>& report) {
    if (guard.interrupted()) {
      PrintError(ExecutionError("the probe was interrupted")
                     .WithHint("its transaction was rolled back: nothing the probe did remains"));
      return ExitCode::kInterrupted;
    }
    if (!report.ok()) {
      PrintError(report.status());
      // Refused options are usage errors; a probe that broke off midway
      // (connection lost, a catalog query refused) was rolled back.
      const ErrorCode code = report.status().code();
      return code == ErrorCode::kUnavailable || code == ErrorCode::kExecution
                 ? ExitCode::kExecutionFailed
                 : ExitCode::kUsage;
    }
    const std::string text =
        format_ == "json" ? probe::FormatProbeJson(*report) : probe::FormatProbeText(*report);
    if (Status s = WriteOutput(output_, text); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    return probe::HasIsolationFailures(*report) ? ExitCode::kFindings : ExitCode::kOk;
  }

  std::string db_;
  std::vector<std::string> tables_;
  std::string tenant_key_;
  std::string setting_ = "app.current_tenant_id";
  std::vector<std::string> tenants_;
  int statement_timeout_ms_ = 10000;
  int lock_timeout_ms_ = 2000;
  std::string format_ = "text";
  std::string output_;
};

}  // namespace

std::unique_ptr<Command> MakeProbeCommand() { return std::make_unique<ProbeCommand>(); }

}  // namespace runwarden::cli
