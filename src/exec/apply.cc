// The executor. It runs the plan's units in order and writes every decision
// to the journal before it acts on it where a crash could lose it: a commit
// is journaled durably as intended before COMMIT, and a step is journaled
// done (durably) before the operator sees it done.
#include "exec/apply.h"

#include <algorithm>
#include <optional>

#include "audit/values.h"
#include "base/sha256.h"
#include "base/text.h"
#include "exec/shell_step.h"
#include "plan/blast_radius.h"
#include "plan/plan_match.h"
#include "runbook/expectation.h"
#include "runbook/parameter.h"

namespace runwarden::exec {

namespace {

using audit::ValueHash;
using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;
using plan::PlannedStatement;
using plan::PlannedStep;
using plan::PlannedUnit;

constexpr char kStepSavepoint[] = "runwarden_step";

int64_t Ms(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// Why a unit did not complete.
struct Stop {
  std::string status;  // a RunOutcome::final_status
  std::string step;
  std::string message;
};

class Run {
 public:
  Run(const plan::Plan& plan, db::Connection& conn, const ApplyOptions& options, Journal& journal,
      Operator& op)
      : plan_(plan), conn_(conn), options_(options), journal_(journal), op_(op) {
    for (const plan::PlannedParameter& p : plan_.parameters) {
      if (!p.secret) continue;
      if (auto v = ValueOf(p.name); v && !v->empty()) secrets_.push_back(*v);
    }
    for (const PlannedUnit& u : plan_.units) total_ += u.steps.size();
  }

  Result<RunOutcome> Go() {
    RW_TRY(Record("run-start", RunStartFields(), true));
    for (const PhaseRecord& ph : options_.phases) {
      RW_TRY(Record("phase",
                    Json{{"name", ph.name},
                         {"action", ph.action},
                         {"status", ph.status},
                         {"detail", Redact(ph.detail)},
                         {"findings", ph.findings}},
                    false));
    }
    // The gates the plan passed, then the checks made just before running.
    for (const std::vector<plan::Gate>* gates : {&plan_.gates, &options_.checks}) {
      for (const plan::Gate& g : *gates) {
        RW_TRY(Record("gate", Json{{"name", g.name}, {"status", g.status}, {"detail", g.detail}},
                      false));
      }
    }
    if (plan_.Halted()) return End(Stop{"execution_blocked_for_safety", "", HaltDecision()});
    for (size_t ui = 0; ui < plan_.units.size(); ++ui) {
      RW_ASSIGN_OR_RETURN(std::optional<Stop> stop, RunUnit(ui, plan_.units[ui]));
      if (stop) {
        RW_TRY(Compensate(*stop));
        return End(*stop);
      }
    }
    return End(Stop{"completed", "", ""});
  }

 private:
  // --- journal -----------------------------------------------------------

  Status Record(std::string_view kind, Json fields, bool durable) {
    return journal_.Record(kind, std::move(fields), durable);
  }

  Json RunStartFields() const {
    Json params = Json::object();
    for (const plan::PlannedParameter& p : plan_.parameters) {
      const std::string* v = ValueOf(p.name);
      if (p.secret) {
        params[p.name] = v ? ValueHash(*v) : "sha256:" + p.secret_sha256;
      } else {
        params[p.name] = v ? Json(*v) : Json(nullptr);
      }
    }
    return Json{{"plan_hash", options_.plan_hash},
                {"runbook_id", plan_.runbook_id},
                {"runbook_path", plan_.runbook_path},
                {"runbook_digest", plan_.runbook_digest},
                {"operator", op_.Identity()},
                {"host", options_.host},
                {"tool_version", plan_.tool_version},
                {"target", options_.target},
                {"tenant", options_.tenant},
                {"parameters", params},
                {"yes", options_.yes}};
  }

  Result<RunOutcome> End(const Stop& stop) {
    outcome_.final_status = stop.status;
    outcome_.failed_step = stop.step;
    outcome_.message = Redact(stop.message);
    Json fields{{"final_status", outcome_.final_status}};
    if (!stop.step.empty()) fields["failed_step"] = stop.step;
    if (!stop.message.empty()) fields["message"] = outcome_.message;
    if (stop.status == "execution_blocked_for_safety") {
      Json remediation = Json::array();
      for (const plan::Remediation& r : plan_.remediation) {
        remediation.push_back(
            {{"change", Redact(r.change)},
             {"at", r.span.path.empty() ? std::string() : FormatLocation(r.span)}});
      }
      fields["remediation"] = std::move(remediation);
    }
    RW_TRY(Record("run-end", std::move(fields), true));
    return outcome_;
  }

  // Why a halted plan does not run, in one sentence.
  std::string HaltDecision() const {
    std::string halted;
    for (const plan::Gate& g : plan_.gates) {
      if (g.status == "halted") halted += (halted.empty() ? "" : ", ") + g.name;
    }
    const size_t n = plan_.remediation.size();
    return "runbook unsafe: the plan halted at the " + halted + " gate" +
           (halted.find(',') == std::string::npos ? "" : "s") + " and nothing ran; make the " +
           std::to_string(n) + " change" + (n == 1 ? "" : "s") +
           " of the remediation, then plan again";
  }

  // --- values ------------------------------------------------------------

  const std::string* ValueOf(const std::string& name) const {
    return plan::ValueNamed(options_.values, name);
  }

  std::string Redact(std::string text) const { return ScrubSecrets(std::move(text), secrets_); }

  // Rows go to the operator with secret values replaced, like all output.
  void ShowRows(const PlannedStep& step, db::QueryResult rows) {
    if (!secrets_.empty()) {
      for (db::Row& row : rows.rows) {
        for (db::Value& v : row) {
          if (v) v = Redact(std::move(*v));
        }
      }
    }
    op_.ShowRows(step, rows);
  }

  bool Sqlite() const { return conn_.Backend() == db::BackendKind::kSqlite; }
  bool Postgres() const { return conn_.Backend() == db::BackendKind::kPostgres; }

  bool Interrupted() const {
    return options_.interrupted != nullptr && options_.interrupted->load();
  }

  // The values of a statement's binds, in $n order.
  Result<db::Params> Binds(const PlannedStep& step, const PlannedStatement& st) const {
    db::Params params;
    for (const plan::PlannedBind& b : st.binds) {
      const std::string* v = ValueOf(b.parameter);
      if (!v) {
        return InvalidInput("step " + step.id + " needs a value for parameter " + b.parameter);
      }
      if (b.like_pattern && Sqlite()) {
        // SQLite's LIKE has no escape character unless the statement names
        // one: a value holding a wildcard would match more than itself.
        if (v->find_first_of("%_\\") != std::string::npos) {
          return InvalidInput("step " + step.id + ": the value of " + b.parameter +
                              " holds % or _, which SQLite's LIKE would read as wildcards")
              .WithHint("give a value without % and _, or run this step on PostgreSQL");
        }
        params.push_back(*v);
      } else {
        params.push_back(b.like_pattern ? plan::EscapeLikeValue(*v) : *v);
      }
    }
    return params;
  }

  Json BindFields(const PlannedStatement& st, const db::Params& params) const {
    Json out = Json::array();
    for (size_t i = 0; i < st.binds.size() && i < params.size(); ++i) {
      out.push_back({{"parameter", st.binds[i].parameter},
                     {"value_sha256", params[i] ? Json(ValueHash(*params[i])) : Json(nullptr)}});
    }
    return out;
  }

  // --- questions ---------------------------------------------------------

  bool Sev1() const { return EqualsIgnoreCase(plan_.severity, "SEV-1"); }

  Status RecordConfirmation(const PlannedStep& step, bool yes, const std::string& via) {
    return Record("confirmation",
                  Json{{"step", step.id},
                       {"operator", op_.Identity()},
                       {"answer", yes ? "yes" : "no"},
                       {"via", via}},
                  true);
  }

  // Asks what must be asked before `step` runs; a Stop when the answer is
  // no or no one can answer.
  Result<std::optional<Stop>> AskFor(const PlannedStep& step) {
    if (options_.replay && (step.kind == "manual" || step.confirm || Sev1())) {
      RW_TRY(RecordConfirmation(step, true, "replay"));
      return std::optional<Stop>();
    }
    if (step.kind == "manual") {
      if (options_.confirmed.count(step.id)) {
        RW_TRY(RecordConfirmation(step, true, "--confirm"));
        return std::optional<Stop>();
      }
      const Answer a =
          op_.Ask(step, "Manual step " + step.id + ": " + step.text + "\nDo it now. Is it done?");
      RW_TRY(RecordConfirmation(step, a.yes, a.via));
      if (a.yes) return std::optional<Stop>();
      if (a.via == "none") {
        return std::optional<Stop>(
            Stop{"declined", step.id,
                 "manual step " + step.id +
                     " needs the operator's confirmation and no terminal can ask for it: do it, "
                     "then run again with --confirm " +
                     step.id});
      }
      return std::optional<Stop>(
          Stop{"declined", step.id, "the operator did not confirm manual step " + step.id});
    }
    if (!step.confirm && !Sev1()) return std::optional<Stop>();
    if (options_.yes) {
      RW_TRY(RecordConfirmation(step, true, "--yes"));
      return std::optional<Stop>();
    }
    const std::string why = step.confirm ? "it is marked confirm" : "the runbook is SEV-1";
    const Answer a = op_.Ask(step, "Run step " + step.id + " (" + why + ")?");
    RW_TRY(RecordConfirmation(step, a.yes, a.via));
    if (a.yes) return std::optional<Stop>();
    return std::optional<Stop>(
        Stop{"declined", step.id,
             a.via == "none" ? "step " + step.id + " asks before it runs (" + why +
                                   ") and no terminal can ask: run again with --yes to accept it"
                             : "the operator declined step " + step.id});
  }

  // --- units -------------------------------------------------------------

  bool Done(const PlannedStep& step) const { return options_.already_done.count(step.id) > 0; }

  Result<std::optional<Stop>> RunUnit(size_t ui, const PlannedUnit& unit) {
    std::vector<const PlannedStep*> steps;
    for (const PlannedStep& s : unit.steps) {
      if (!Done(s)) {
        steps.push_back(&s);
        continue;
      }
      ++position_;
      RW_TRY(Record("step-done", Json{{"step", s.id}, {"status", "skipped"}}, false));
      op_.StepEnded(s, "skipped (committed by an earlier run)", std::chrono::milliseconds(0));
    }
    if (steps.empty()) return std::optional<Stop>();
    for (const PlannedStep* s : steps) {
      RW_ASSIGN_OR_RETURN(std::optional<Stop> stop, AskFor(*s));
      if (stop) return stop;
    }
    const bool all_sql = std::all_of(steps.begin(), steps.end(),
                                     [](const PlannedStep* s) { return s->kind == "sql"; });
    if (unit.transactional && all_sql) return RunTransaction(ui, unit.atomic_group, steps);
    for (const PlannedStep* s : steps) {
      RW_ASSIGN_OR_RETURN(std::optional<Stop> stop, RunAlone(ui, *s));
      if (stop) return stop;
    }
    return std::optional<Stop>();
  }

  // Rolls the open transaction back and journals it.
  Status RollBack(size_t ui, const std::vector<std::string>& steps, const std::string& reason) {
    static_cast<void>(conn_.Rollback());
    return Record("rollback", Json{{"unit", ui}, {"steps", steps}, {"reason", Redact(reason)}},
                  true);
  }

  std::chrono::milliseconds StatementTimeout(const PlannedStep& step) const {
    return step.timeout_ms ? std::chrono::milliseconds(*step.timeout_ms)
                           : options_.statement_timeout;
  }
  std::chrono::milliseconds LockTimeout(const PlannedStep& step) const {
    return step.lock_timeout_ms ? std::chrono::milliseconds(*step.lock_timeout_ms)
                                : options_.lock_timeout;
  }

  // The step's limits for the rest of the transaction. On PostgreSQL they
  // were set with the tenant context for the first step (one round trip)
  // and are sent again only when a later step's differ.
  Status SetTimeouts(const PlannedStep& step) {
    const auto timeout = StatementTimeout(step);
    const auto lock = LockTimeout(step);
    if (Postgres() && timeouts_set_ == std::make_pair(timeout, lock)) return Status::Ok();
    RW_TRY(conn_.SetStatementTimeout(timeout));
    RW_TRY(conn_.SetLockTimeout(lock));
    timeouts_set_ = {timeout, lock};
    return Status::Ok();
  }

  // A row of a tenant step whose tenant column holds another tenant.
  std::optional<std::string> ForeignRow(const PlannedStep& step, const db::QueryResult& r) const {
    if (step.scope != "tenant" || options_.tenant.empty()) return std::nullopt;
    for (size_t c = 0; c < r.columns.size(); ++c) {
      if (!options_.tenant_columns.count(AsciiLower(r.columns[c]))) continue;
      for (const db::Row& row : r.rows) {
        if (c < row.size() && row[c] && !EqualsIgnoreCase(*row[c], options_.tenant)) {
          return "step " + step.id + " returned a row of another tenant (column " + r.columns[c] +
                 "); its transaction was rolled back";
        }
      }
    }
    return std::nullopt;
  }

  // Runs the statements of `step`; a Stop when one fails or a check does
  // not hold. The result of the last statement goes to `last`.
  Result<std::optional<Stop>> RunStatements(const PlannedStep& step, db::QueryResult& last) {
    for (size_t i = 0; i < step.statements.size(); ++i) {
      const PlannedStatement& st = step.statements[i];
      Result<db::Params> params = Binds(step, st);
      if (!params.ok()) {
        return std::optional<Stop>(Stop{"failed_rolled_back", step.id, params.status().message()});
      }
      const Clock::time_point t0 = Clock::now();
      Result<db::QueryResult> r = conn_.Query(st.sql, *params);
      Json fields{{"step", step.id},
                  {"index", i},
                  {"sql_sha256", ValueHash(st.sql)},
                  {"binds", BindFields(st, *params)},
                  {"rows", r.ok() ? r->rows_affected : 0},
                  {"duration_ms", Ms(Clock::now() - t0)},
                  {"status", r.ok() ? "ok" : "failed"}};
      if (!r.ok()) fields["error"] = Redact(r.status().message());
      RW_TRY(Record("statement", std::move(fields), false));
      if (!r.ok()) {
        if (Interrupted()) {
          return std::optional<Stop>(Stop{"interrupted", step.id, "interrupted by a signal"});
        }
        const bool lost = r.status().code() == ErrorCode::kUnavailable;
        return std::optional<Stop>(
            Stop{"failed_rolled_back", step.id,
                 (lost ? "the connection to the target was lost: " : "") + r.status().message()});
      }
      if (std::optional<std::string> foreign = ForeignRow(step, *r)) {
        return std::optional<Stop>(Stop{"failed_rolled_back", step.id, *foreign});
      }
      last = std::move(*r);
    }
    if (!step.expect.empty()) {
      Result<runbook::Expectation> expect = runbook::ParseExpectation(step.expect);
      if (!expect.ok() || !expect->Matches(last.rows_affected)) {
        return std::optional<Stop>(
            Stop{"failed_rolled_back", step.id,
                 "step " + step.id + " affected " + std::to_string(last.rows_affected) +
                     " rows, but it expects " + step.expect + "; its transaction was rolled back"});
      }
    }
    return std::optional<Stop>();
  }

  Result<std::optional<Stop>> RunTransaction(size_t ui, const std::string& group,
                                             const std::vector<const PlannedStep*>& steps) {
    std::vector<std::string> ids;
    for (const PlannedStep* s : steps) ids.push_back(s->id);
    auto fail = [&](Stop stop) -> Result<std::optional<Stop>> {
      RW_TRY(RollBack(ui, ids, stop.message));
      return std::optional<Stop>(std::move(stop));
    };
    if (Status s = conn_.Begin(); !s.ok()) {
      return std::optional<Stop>(Stop{"failed_rolled_back", steps[0]->id, s.message()});
    }
    Json begin{{"unit", ui}};
    std::string txid;
    timeouts_set_.reset();
    if (Postgres()) {
      // The tenant context first, transaction-local: gone at COMMIT or
      // ROLLBACK, never left on the connection. With it, in the same round
      // trip, the first step's limits and the transaction's id.
      const auto timeout = StatementTimeout(*steps[0]);
      const auto lock = LockTimeout(*steps[0]);
      db::Params params = {std::to_string(timeout.count()), std::to_string(lock.count())};
      std::string sql =
          "SELECT pg_catalog.txid_current()::text, "
          "pg_catalog.set_config('statement_timeout', $1, true), "
          "pg_catalog.set_config('lock_timeout', $2, true)";
      if (!options_.tenant.empty()) {
        sql += ", pg_catalog.set_config($3, $4, true)";
        params.push_back(options_.tenant_setting);
        params.push_back(options_.tenant);
      }
      Result<db::QueryResult> setup = conn_.Query(sql, params);
      if (!setup.ok()) {
        return fail(Stop{"failed_rolled_back", steps[0]->id, setup.status().message()});
      }
      if (!setup->rows.empty() && !setup->rows[0].empty() && setup->rows[0][0]) {
        txid = *setup->rows[0][0];
      }
      timeouts_set_ = {timeout, lock};
      begin["txid"] = txid;
    }
    RW_TRY(Record("transaction-begin", begin, false));

    const bool savepoints = steps.size() > 1;
    std::vector<std::pair<const PlannedStep*, db::QueryResult>> results;
    std::vector<Clock::time_point> started;
    for (const PlannedStep* step : steps) {
      if (Interrupted()) return fail(Stop{"interrupted", step->id, "interrupted by a signal"});
      ++position_;
      op_.StepStarted(*step, position_, total_);
      started.push_back(Clock::now());
      RW_TRY(Record("step-start",
                    Json{{"step", step->id}, {"step_kind", "sql"}, {"unit", ui}, {"group", group}},
                    false));
      Status prepared = savepoints ? conn_.Savepoint(kStepSavepoint) : Status::Ok();
      if (prepared.ok()) prepared = SetTimeouts(*step);
      if (!prepared.ok()) {
        op_.StepEnded(*step, "failed",
                      std::chrono::milliseconds(Ms(Clock::now() - started.back())));
        return fail(Stop{"failed_rolled_back", step->id, prepared.message()});
      }
      db::QueryResult last;
      RW_ASSIGN_OR_RETURN(std::optional<Stop> stop, RunStatements(*step, last));
      if (stop) {
        op_.StepEnded(*step, "failed",
                      std::chrono::milliseconds(Ms(Clock::now() - started.back())));
        return fail(std::move(*stop));
      }
      if (savepoints) {
        if (Status s = conn_.ReleaseSavepoint(kStepSavepoint); !s.ok()) {
          return fail(Stop{"failed_rolled_back", step->id, s.message()});
        }
      }
      results.emplace_back(step, std::move(last));
    }

    Json intended{{"unit", ui}, {"steps", ids}};
    if (!txid.empty()) intended["txid"] = txid;
    RW_TRY(Record("commit-intended", intended, true));
    if (Status s = conn_.Commit(); !s.ok()) {
      if (s.code() == ErrorCode::kUnavailable) {
        // COMMIT may or may not have happened: never guessed, resume asks.
        return std::optional<Stop>(
            Stop{"in_doubt", steps.back()->id,
                 "the connection was lost during COMMIT of unit " + std::to_string(ui) +
                     "; runwarden resume asks the database whether it committed: " + s.message()});
      }
      RW_TRY(Record("rollback", Json{{"unit", ui}, {"steps", ids}, {"reason", Redact(s.message())}},
                    true));
      return std::optional<Stop>(Stop{"failed_rolled_back", steps.back()->id, s.message()});
    }
    RW_TRY(Record("commit-done", Json{{"unit", ui}}, false));
    for (size_t i = 0; i < results.size(); ++i) {
      const PlannedStep& step = *results[i].first;
      RW_TRY(Record("step-done", Json{{"step", step.id}, {"status", "done"}},
                    i + 1 == results.size()));
    }
    for (size_t i = 0; i < results.size(); ++i) {
      const PlannedStep& step = *results[i].first;
      committed_.push_back(&step);
      outcome_.steps_done.push_back(step.id);
      op_.StepEnded(step, "done", std::chrono::milliseconds(Ms(Clock::now() - started[i])));
      if (!results[i].second.columns.empty()) ShowRows(step, std::move(results[i].second));
    }
    return std::optional<Stop>();
  }

  // A step that runs on its own: SQL outside a transaction, shell, manual.
  Result<std::optional<Stop>> RunAlone(size_t ui, const PlannedStep& step) {
    if (Interrupted())
      return std::optional<Stop>(Stop{"interrupted", step.id, "interrupted by a signal"});
    ++position_;
    op_.StepStarted(step, position_, total_);
    const Clock::time_point t0 = Clock::now();
    RW_TRY(Record("step-start", Json{{"step", step.id}, {"step_kind", step.kind}, {"unit", ui}},
                  false));
    std::optional<Stop> stop;
    if (step.kind == "shell" && options_.replay) {
      RW_TRY(Record("step-done",
                    Json{{"step", step.id},
                         {"status", "skipped"},
                         {"reason", "a replay runs no shell step: it would reach real systems"}},
                    true));
      op_.StepEnded(step, "skipped (shell steps do not run in a replay)",
                    std::chrono::milliseconds(0));
      return std::optional<Stop>();
    }
    if (step.kind == "shell") {
      RW_ASSIGN_OR_RETURN(stop, RunShellStep(step));
    } else if (step.kind == "sql") {
      RW_ASSIGN_OR_RETURN(stop, RunOutsideTransaction(step));
    }
    const auto elapsed = std::chrono::milliseconds(Ms(Clock::now() - t0));
    if (stop) {
      RW_TRY(Record("step-done", Json{{"step", step.id}, {"status", "failed"}}, true));
      op_.StepEnded(step, "failed", elapsed);
      return stop;
    }
    RW_TRY(Record("step-done", Json{{"step", step.id}, {"status", "done"}}, true));
    committed_.push_back(&step);
    outcome_.steps_done.push_back(step.id);
    op_.StepEnded(step, "done", elapsed);
    return std::optional<Stop>();
  }

  // SQL that cannot run in a transaction (CREATE INDEX CONCURRENTLY, ...):
  // the timeouts are set for the session around it and reset after; the
  // tenant context is not set, since only a session-level setting could
  // carry it (the plan already refused such steps in tenant scope unless
  // they say how they are undone).
  Result<std::optional<Stop>> RunOutsideTransaction(const PlannedStep& step) {
    const auto timeout = step.timeout_ms ? *step.timeout_ms : options_.statement_timeout.count();
    const auto lock = step.lock_timeout_ms ? *step.lock_timeout_ms : options_.lock_timeout.count();
    if (Postgres()) {
      Result<db::QueryResult> set = conn_.Query(
          "SELECT pg_catalog.set_config('statement_timeout', $1, false), "
          "pg_catalog.set_config('lock_timeout', $2, false)",
          {std::to_string(timeout), std::to_string(lock)});
      if (!set.ok())
        return std::optional<Stop>(Stop{"failed_rolled_back", step.id, set.status().message()});
    }
    db::QueryResult last;
    RW_ASSIGN_OR_RETURN(std::optional<Stop> stop, RunStatements(step, last));
    if (Postgres()) static_cast<void>(conn_.Execute("RESET statement_timeout; RESET lock_timeout"));
    if (!stop && !last.columns.empty()) ShowRows(step, std::move(last));
    return stop;
  }

  Result<std::optional<Stop>> RunShellStep(const PlannedStep& step) {
    ShellRequest request;
    request.argv = step.argv;
    request.timeout =
        step.timeout_ms ? std::chrono::milliseconds(*step.timeout_ms) : options_.shell_timeout;
    request.output_limit = options_.shell_output_limit;
    for (const std::string& name : step.env) {
      for (const plan::PlannedParameter& p : plan_.parameters) {
        if (runbook::EnvVarName(p.name) != name) continue;
        if (const std::string* v = ValueOf(p.name)) request.env.emplace_back(name, *v);
      }
    }
    Result<ShellResult> ran = RunShell(request);
    if (!ran.ok()) {
      RW_TRY(Record("shell-result",
                    Json{{"step", step.id}, {"error", Redact(ran.status().message())}}, true));
      return std::optional<Stop>(Stop{"failed_rolled_back", step.id, ran.status().message()});
    }
    const std::string out = Redact(ran->stdout_text);
    const std::string err = Redact(ran->stderr_text);
    Json fields{{"step", step.id},
                {"exit_code", ran->exit_code},
                {"timed_out", ran->timed_out},
                {"duration_ms", ran->duration.count()},
                {"stdout", out},
                {"stderr", err},
                {"truncated", ran->stdout_truncated || ran->stderr_truncated}};
    if (ran->signal != 0) fields["signal"] = ran->signal;
    RW_TRY(Record("shell-result", std::move(fields), true));
    if (!out.empty() || !err.empty()) op_.ShowOutput(step, out + err);
    if (ran->Succeeded()) return std::optional<Stop>();
    const std::string why = ran->timed_out ? "timed out and was killed"
                            : ran->signal != 0
                                ? "was killed by signal " + std::to_string(ran->signal)
                                : "exited with status " + std::to_string(ran->exit_code);
    return std::optional<Stop>(
        Stop{"failed_rolled_back", step.id, "shell step " + step.id + " " + why});
  }

  // --- compensation ------------------------------------------------------

  const PlannedStep* Compensation(const std::string& id) const {
    for (const PlannedStep& s : plan_.compensations) {
      if (s.id == id) return &s;
    }
    return nullptr;
  }

  // After a failed unit: the declared compensations of the steps already
  // done, newest first. A failing compensation is recorded and the others
  // still run.
  Status Compensate(Stop& stop) {
    if (stop.status != "failed_rolled_back" && stop.status != "interrupted") return Status::Ok();
    std::vector<const PlannedStep*> done = committed_;
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
      const PlannedStep& step = **it;
      if (step.rollback.empty()) continue;
      const PlannedStep* undo = Compensation(step.rollback);
      if (undo == nullptr) continue;
      RW_ASSIGN_OR_RETURN(std::optional<Stop> failed, RunCompensation(*undo));
      RW_TRY(Record(
          "compensation",
          Json{{"step", undo->id}, {"for_step", step.id}, {"status", failed ? "failed" : "done"}},
          true));
      if (failed) {
        stop.message +=
            "; compensation " + undo->id + " for step " + step.id + " failed: " + failed->message;
      }
    }
    return Status::Ok();
  }

  // A compensating step runs as a unit of its own: in a transaction when it
  // is SQL that can run in one. Compensations are numbered after the plan's
  // units.
  Result<std::optional<Stop>> RunCompensation(const PlannedStep& undo) {
    const size_t ui = plan_.units.size();
    ++total_;
    const bool transactional =
        undo.kind == "sql" &&
        std::all_of(undo.statements.begin(), undo.statements.end(), [](const PlannedStatement& st) {
          return st.effects.transaction == plan::TransactionUse::kInTransaction;
        });
    if (transactional) return RunTransaction(ui, "", {&undo});
    return RunAlone(ui, undo);
  }

  const plan::Plan& plan_;
  db::Connection& conn_;
  const ApplyOptions& options_;
  Journal& journal_;
  Operator& op_;
  std::vector<std::string> secrets_;
  std::vector<const PlannedStep*> committed_;
  RunOutcome outcome_;
  std::optional<std::pair<std::chrono::milliseconds, std::chrono::milliseconds>> timeouts_set_;
  size_t position_ = 0;
  size_t total_ = 0;
};

}  // namespace

Result<RunOutcome> Apply(const plan::Plan& plan, db::Connection& connection,
                         const ApplyOptions& options, Journal& journal, Operator& op) {
  Run run(plan, connection, options, journal, op);
  Result<RunOutcome> out = run.Go();
  // Whatever happened, no transaction of the run stays open.
  if (connection.GetTransactionState() != db::TransactionState::kIdle) {
    static_cast<void>(connection.Rollback());
  }
  return out;
}

}  // namespace runwarden::exec
