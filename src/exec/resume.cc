#include "exec/resume.h"

#include <optional>

namespace runwarden::exec {

namespace {

using Json = nlohmann::ordered_json;

std::string Text(const Json& fields, const char* key) {
  auto it = fields.find(key);
  return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Number(const Json& fields, const char* key) {
  auto it = fields.find(key);
  return it != fields.end() && it->is_number_integer() ? it->get<int64_t>() : -1;
}

std::vector<std::string> Strings(const Json& fields, const char* key) {
  std::vector<std::string> out;
  auto it = fields.find(key);
  if (it == fields.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

struct Pending {
  int64_t unit = -1;
  std::string txid;
  std::vector<std::string> steps;
};

}  // namespace

Result<ResumePoint> FindResumePoint(const std::vector<LoggedRecord>& records,
                                    db::Connection& connection) {
  ResumePoint out;
  std::optional<Pending> pending;  // journaled as intended, not yet settled
  bool in_transaction = false;
  std::vector<std::string> started_alone;
  for (const LoggedRecord& r : records) {
    const Json& f = r.fields;
    if (r.kind == "run-start") {
      const std::string hash = Text(f, "plan_hash");
      if (!out.plan_hash.empty() && hash != out.plan_hash) {
        return InvalidInput("the log holds runs of two plans (" + out.plan_hash + " and " + hash +
                            ")")
            .WithHint("resume continues one plan's run; start a new run for the other");
      }
      out.plan_hash = hash;
      out.final_status.clear();
      in_transaction = false;
    } else if (r.kind == "transaction-begin") {
      in_transaction = true;
    } else if (r.kind == "step-start") {
      if (!in_transaction) started_alone.push_back(Text(f, "step"));
    } else if (r.kind == "commit-intended") {
      pending = Pending{Number(f, "unit"), Text(f, "txid"), Strings(f, "steps")};
    } else if (r.kind == "commit-done") {
      if (pending) out.done.insert(pending->steps.begin(), pending->steps.end());
      pending.reset();
      in_transaction = false;
    } else if (r.kind == "rollback") {
      pending.reset();
      in_transaction = false;
    } else if (r.kind == "step-done") {
      const std::string status = Text(f, "status");
      if (status == "done" || status == "skipped") out.done.insert(Text(f, "step"));
    } else if (r.kind == "run-end") {
      out.final_status = Text(f, "final_status");
    }
  }
  if (out.plan_hash.empty()) {
    return InvalidInput("the log records no run-start: it is not the log of a run");
  }
  for (const std::string& s : started_alone) {
    if (!out.done.count(s)) out.uncertain.push_back(s);
  }
  if (!pending) return out;

  const std::string unit = "unit " + std::to_string(pending->unit);
  if (pending->txid.empty() || connection.Backend() != db::BackendKind::kPostgres) {
    return ExecutionError("the run stopped between the intent to commit " + unit +
                          " and its outcome, and SQLite keeps no transaction id to ask about")
        .WithHint("check whether the changes of steps " +
                  (pending->steps.empty() ? std::string("?") : pending->steps.front()) +
                  "... are in the database, then make a new plan for what is left");
  }
  RW_ASSIGN_OR_RETURN(
      db::QueryResult status,
      connection.Query("SELECT pg_catalog.txid_status($1::bigint)", {pending->txid}));
  const std::optional<std::string> s =
      status.rows.empty() || status.rows[0].empty() ? std::nullopt : status.rows[0][0];
  if (s == "committed") {
    out.done.insert(pending->steps.begin(), pending->steps.end());
    out.notes.push_back(unit + " (transaction " + pending->txid +
                        ") committed before the run stopped: its steps are done");
  } else if (s == "in progress") {
    return ExecutionError("transaction " + pending->txid + " of " + unit +
                          " is still in progress on the server")
        .WithHint("wait until the session of the stopped run ends (pg_stat_activity), then resume");
  } else {
    out.notes.push_back(unit + " (transaction " + pending->txid +
                        ") did not commit: its steps run again");
  }
  return out;
}

}  // namespace runwarden::exec
