// runwarden audit verify|show: checking and reading the hash-chained audit
// log a run writes.
#include <CLI/CLI.hpp>

#include "audit/reader.h"
#include "audit/run_tree.h"
#include "base/text.h"
#include "cli/command.h"
#include "cli/output.h"
#include "report/audit_report.h"

namespace runwarden::cli {

namespace {

bool IsHexDigest(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

class AuditCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.require_subcommand(1);
    sub.footer(
        "An audit log is the JSON Lines file a run writes as it goes: one record per line,\n"
        "each holding the SHA-256 of the line before it, so that any edited, removed, inserted\n"
        "or reordered record is detected. Values are logged only as their SHA-256; secrets never.\n"
        "The format is described in docs/audit-log-format.md.");
    verify_ = sub.add_subcommand("verify", "Check an audit log's hash chain");
    verify_->footer(
        "Exit 0 when the chain is intact (a torn last line, left by a crash while it was\n"
        "written, is reported but is not tampering), 1 when a record was changed, removed,\n"
        "inserted or reordered (the first bad line is named) or the head is not --expect-head,\n"
        "2 when the file cannot be read or is not an audit log.");
    verify_->add_option("log", path_, "Audit log (JSON Lines)")->required();
    verify_
        ->add_option("--expect-head", expect_head_,
                     "The head noted when the run ended (SHA-256 of the last line, hex): records "
                     "removed from or added to the end are detected too")
        ->type_name("HEX");
    verify_->add_option("--format", format_, "Report format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    show_ = sub.add_subcommand("show", "Print the decision tree of a run from its audit log");
    show_->footer(
        "Prints the run (plan hash, runbook, operator, target), its phases and gates, each\n"
        "step with its statements, shell results and confirmations, the transactions and the\n"
        "final status. A log that does not verify is still shown, under a warning, and the\n"
        "exit code is 1; 2 when the file cannot be read or is not an audit log.");
    show_->add_option("log", path_, "Audit log (JSON Lines)")->required();
    show_->add_option("--format", format_, "Report format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
  }

  ExitCode Run() override {
    std::string expected = AsciiLower(expect_head_);
    if (expected.rfind("sha256:", 0) == 0) expected = expected.substr(7);
    if (!expect_head_.empty() && !IsHexDigest(expected)) {
      PrintError(UsageError("--expect-head " + expect_head_ + " is not a SHA-256 in hex")
                     .WithHint("give the 64 hex digits runwarden printed as the log's head"));
      return ExitCode::kUsage;
    }
    auto log = audit::ReadLog(path_);
    if (!log.ok()) {
      PrintError(log.status());
      return ExitCode::kUsage;
    }
    const bool trusted = log->verify.intact && (expected.empty() || expected == log->verify.head);
    std::string out;
    if (verify_->parsed()) {
      out = format_ == "json" ? report::AuditVerifyJson(*log, expected)
                              : report::AuditVerifyText(*log, expected);
    } else {
      const audit::RunTree tree = audit::BuildRunTree(*log);
      out = format_ == "json" ? report::AuditJson(*log, tree) : report::AuditText(*log, tree);
    }
    if (Status s = WriteOutput("", out); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    return trusted ? ExitCode::kOk : ExitCode::kFindings;
  }

 private:
  CLI::App* verify_ = nullptr;
  CLI::App* show_ = nullptr;
  std::string path_;
  std::string expect_head_;
  std::string format_ = "text";
};

}  // namespace

std::unique_ptr<Command> MakeAuditCommand() { return std::make_unique<AuditCommand>(); }

}  // namespace runwarden::cli
