#ifndef RUNWARDEN_AUDIT_RUN_TREE_H_
#define RUNWARDEN_AUDIT_RUN_TREE_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/reader.h"

namespace runwarden::audit {

/// The decision tree of one run, rebuilt from its audit log: what ran, in
/// what order, what each step did and how the run ended.
///
/// Fields are read leniently: a field of an unexpected type, a field
/// runwarden does not know and a record of unknown kind are kept in `extra`
/// or `other` to be shown as they are, never an error. Every node says the
/// seq of the record it came from.
struct RunTree {
  using Json = nlohmann::ordered_json;

  /// From the run-start record.
  struct Run {
    int64_t seq = 0;
    std::string time;
    std::string plan_hash, runbook_id, runbook_path, runbook_digest;
    std::string operator_name, host, tool_version, target, tenant;
    /// name -> value, or "sha256:..." for a secret.
    std::vector<std::pair<std::string, std::string>> parameters;
    std::optional<bool> yes;
    Json extra = Json::object();
  };
  /// A phase or a gate. Phase records of older logs have no action and no
  /// findings: `action` is then empty and `findings` null.
  struct Check {
    int64_t seq = 0;
    std::string time, name, status, detail;
    std::string action;      ///< what was done, in words
    Json findings = Json();  ///< an object when the record has one
    Json extra = Json::object();
  };
  /// One change a halted run asks for (run-end `remediation`).
  struct Remediation {
    std::string change;
    std::string at;  ///< "file:line:col", or "" for a command-line change
  };
  struct Bind {
    std::string parameter, value_sha256;
  };
  struct Statement {
    int64_t seq = 0;
    std::string time;
    std::optional<int64_t> index;
    std::string sql_sha256;
    std::vector<Bind> binds;
    std::optional<int64_t> rows;
    std::optional<double> duration_ms;
    std::string status, error;
    Json extra = Json::object();
  };
  struct ShellResult {
    int64_t seq = 0;
    std::string time;
    std::optional<int64_t> exit_code;
    std::string signal;
    std::optional<bool> timed_out, truncated;
    std::optional<double> duration_ms;
    std::string stdout_text, stderr_text;
    Json extra = Json::object();
  };
  struct Confirmation {
    int64_t seq = 0;
    std::string time, operator_name, answer, via;
    Json extra = Json::object();
  };
  struct Compensation {
    int64_t seq = 0;
    std::string time, for_step, status;
    Json extra = Json::object();
  };
  /// One attempt at a step: from its step-start (or its first record) to
  /// its step-done.
  struct Step {
    int64_t seq = 0;
    std::string time;
    std::string id, kind, group;
    std::optional<int64_t> unit;
    std::string status;  ///< from step-done; empty while it never ended
    std::string done_time;
    std::vector<Statement> statements;
    std::vector<ShellResult> shell_results;
    std::vector<Confirmation> confirmations;
    std::vector<Compensation> compensations;
    Json extra = Json::object();
  };
  /// One transaction unit: begun, commit intended, committed or rolled back.
  struct Transaction {
    int64_t seq = 0;
    std::optional<int64_t> unit;
    std::string txid;
    std::string begun, commit_intended, committed, rolled_back;  ///< times; empty: never
    std::vector<std::string> steps;                              ///< from commit-intended
    std::vector<std::string> rolled_back_steps;
    std::string rollback_reason;
    Json extra = Json::object();
  };
  struct Resume {
    int64_t seq = 0;
    std::string time, previous_head, from_step;
    Json extra = Json::object();
  };
  /// A record shown as it is: a kind this version does not know, a
  /// torn-tail record, a second run-start, a line that could not be read.
  struct Other {
    int64_t seq = 0;
    int line_number = 0;
    std::string time, kind;
    Json fields = Json::object();
  };

  std::string run_id, created;
  std::optional<Run> run;
  std::vector<Check> phases, gates;
  std::vector<Step> steps;
  std::vector<Transaction> transactions;
  std::vector<Resume> resumes;
  std::vector<Other> other;
  /// From run-end; final_status is empty when the log has no run-end (the
  /// run is still going, or ended without writing it).
  std::string final_status, failed_step, message, ended;
  /// From run-end `remediation` (halted runs), in the order given.
  std::vector<Remediation> remediation;
  Json end_extra = Json::object();
  std::string started;  ///< time of run-start
};

/// Builds the run tree from a log's records, in their order.
RunTree BuildRunTree(const AuditLog& log);

}  // namespace runwarden::audit

#endif  // RUNWARDEN_AUDIT_RUN_TREE_H_
