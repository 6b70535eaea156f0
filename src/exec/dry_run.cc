// The dry run: one read-only transaction, always rolled back, a savepoint
// around each statement so that one failure does not hide the others.
// Describing a statement prepares it without running it; EXPLAIN without
// ANALYZE plans it without running it, also for writes (PostgreSQL skips the
// read-only check for EXPLAIN-only plans); the only statements actually run
// are the count queries, which are SELECTs. On SQLite the transaction runs
// under PRAGMA query_only, so that even a mistake could not write.
#include "exec/dry_run.h"

#include <set>

#include "base/text.h"
#include "plan/blast_radius.h"
#include "plan/plan_match.h"
#include "runbook/expectation.h"
#include "sql/parser.h"

namespace runwarden::exec {

namespace {

using plan::PlannedStatement;
using plan::PlannedStep;
using plan::StatementClass;
using plan::StatementValidation;

constexpr char kSavepoint[] = "runwarden_dry_run";

std::optional<int64_t> PlanRows(const std::string& explain_json) {
  const size_t at = explain_json.find("\"Plan Rows\":");
  if (at == std::string::npos) return std::nullopt;
  size_t i = at + 12;
  while (i < explain_json.size() && explain_json[i] == ' ') ++i;
  int64_t n = 0;
  bool any = false;
  while (i < explain_json.size() && explain_json[i] >= '0' && explain_json[i] <= '9') {
    n = n * 10 + (explain_json[i] - '0');
    ++i;
    any = true;
  }
  return any ? std::optional<int64_t>(n) : std::nullopt;
}

// The runbook declaration whose values a server type takes; nullopt when
// any declaration may do (text-like types take every value) or the type is
// not one runbook declarations cover.
std::optional<std::string_view> DeclarationFor(std::string_view server_type) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {"uuid", "uuid"},     {"smallint", "int"}, {"integer", "int"},
      {"bigint", "bigint"}, {"boolean", "bool"}, {"interval", "duration"},
  };
  for (const auto& [server, declared] : kTypes) {
    if (server_type == server) return declared;
  }
  return std::nullopt;
}

// Whether values of `declared` fit `wanted`: integers of either width fit
// either integer type, every other declaration only itself.
bool DeclarationFits(std::string_view declared, std::string_view wanted) {
  const auto integer = [](std::string_view t) { return t == "int" || t == "bigint"; };
  return declared == wanted || (integer(declared) && integer(wanted));
}

class Runner {
 public:
  Runner(plan::Plan& plan, db::Connection& conn, const DryRunOptions& options)
      : plan_(plan), conn_(conn), options_(options) {}

  Status Run() {
    if (sqlite()) RW_TRY(conn_.Execute("PRAGMA query_only = 1").status());
    Status s = conn_.Begin();
    if (s.ok()) {
      s = RunInTransaction();
      static_cast<void>(conn_.Rollback());
    }
    if (sqlite()) {
      Status restored = conn_.Execute("PRAGMA query_only = 0").status();
      if (s.ok()) s = restored;
    }
    return s;
  }

  std::vector<std::string> problems;
  size_t validated = 0, not_validated = 0;

 private:
  bool sqlite() const { return conn_.Backend() == db::BackendKind::kSqlite; }

  Status RunInTransaction() {
    if (!sqlite()) RW_TRY(conn_.Execute("SET TRANSACTION READ ONLY").status());
    RW_TRY(conn_.SetStatementTimeout(options_.statement_timeout));
    if (!options_.tenant.empty() && !sqlite()) {
      RW_TRY(conn_
                 .Query("SELECT pg_catalog.set_config($1, $2, true)",
                        {options_.tenant_setting, options_.tenant})
                 .status());
    }
    for (plan::PlannedUnit& u : plan_.units) {
      for (PlannedStep& step : u.steps) {
        for (PlannedStatement& st : step.statements) RW_TRY(Check(step, st));
      }
    }
    return Status::Ok();
  }

  void NotValidated(PlannedStatement& st, std::string why) {
    st.validation = StatementValidation{"not-validated", std::move(why), std::nullopt};
    ++not_validated;
  }

  // A statement the server refused: recorded, and the savepoint restored.
  Status Refused(const PlannedStep& step, PlannedStatement& st, const Status& error) {
    if (error.code() == ErrorCode::kUnavailable) return error;
    RW_TRY(conn_.RollbackToSavepoint(kSavepoint));
    st.validation->outcome = "failed";
    st.validation->detail = error.message();
    problems.push_back("the target refused a statement of step " + step.id + ": " +
                       error.message());
    plan_.remediation.push_back(
        {"fix the statement the target refused: " + error.message(), st.span});
    return Status::Ok();
  }

  Status Check(const PlannedStep& step, PlannedStatement& st) {
    const StatementClass c = st.effects.statement_class;
    if (c != StatementClass::kRead && c != StatementClass::kWrite) {
      NotValidated(st, std::string(plan::StatementClassName(c)) +
                           " statements are not validated: trying one has side effects");
      return Status::Ok();
    }
    db::Params params;
    for (const plan::PlannedBind& b : st.binds) {
      const std::string* v = plan::ValueNamed(options_.values, b.parameter);
      if (!v) {
        NotValidated(st, "parameter " + b.parameter + " has no value");
        return Status::Ok();
      }
      params.push_back(b.like_pattern ? plan::EscapeLikeValue(*v) : *v);
    }
    st.validation = StatementValidation{"validated", "", std::nullopt};
    RW_TRY(conn_.Savepoint(kSavepoint));
    auto described = conn_.DescribeStatement(st.sql);
    if (!described.ok()) return Refused(step, st, described.status());
    st.validation->parameter_types = described->parameter_types;
    for (db::DescribedColumn& col : described->columns) {
      st.validation->columns.push_back({std::move(col.name), std::move(col.type)});
    }
    CheckDeclaredTypes(step, st);
    if (!sqlite()) {
      auto explained = conn_.Query("EXPLAIN (FORMAT JSON) " + st.sql, params);
      if (!explained.ok()) return Refused(step, st, explained.status());
      if (!explained->rows.empty() && !explained->rows[0].empty() && explained->rows[0][0]) {
        st.validation->estimated_rows = PlanRows(*explained->rows[0][0]);
      }
    }
    if (c == StatementClass::kWrite) RW_TRY(Count(step, st, params));
    RW_TRY(conn_.ReleaseSavepoint(kSavepoint));
    ++validated;
    return Status::Ok();
  }

  // A value that passed its declared type must also fit the type the target
  // gives its $n; otherwise a later value that passes the same check fails
  // at run time, mid-transaction.
  void CheckDeclaredTypes(const PlannedStep& step, PlannedStatement& st) {
    const std::vector<std::string>& server = st.validation->parameter_types;
    for (size_t i = 0; i < st.binds.size() && i < server.size(); ++i) {
      const plan::PlannedParameter* p = plan_.Parameter(st.binds[i].parameter);
      if (p == nullptr || st.binds[i].like_pattern) continue;
      const std::optional<std::string_view> wanted = DeclarationFor(server[i]);
      if (!wanted || DeclarationFits(p->type, *wanted)) continue;
      const std::string what = "parameter " + p->name + " is declared " + p->type + ", but step " +
                               step.id + " uses it as " + server[i];
      problems.push_back(what);
      plan_.remediation.push_back(
          {what + ": declare " + p->name + " as " + std::string(*wanted), st.span});
    }
  }

  Status Count(const PlannedStep& step, PlannedStatement& st, const db::Params& params) {
    StatementValidation& v = *st.validation;
    if (st.effects.HasIrreversibleEffect()) {
      v.detail = "rows not counted: counting would run the statement's effects";
      return Status::Ok();
    }
    const auto parsed = sql::ParseStatements(st.sql);
    if (parsed.size() != 1 || parsed[0].error) {
      v.detail = "rows not counted: the statement does not parse alone";
      return Status::Ok();
    }
    auto query = plan::BlastRadiusQuery(st.sql, parsed[0].root, st.binds.size(), options_.key_of);
    if (!query.ok()) {
      v.detail = "rows not counted: " + query.status().message();
      return Status::Ok();
    }
    auto counted = conn_.Query(query->sql, params);
    if (!counted.ok()) return Refused(step, st, counted.status());
    v.counted = true;
    std::set<std::string> others;
    for (const db::Row& row : counted->rows) {
      const int64_t n = row.size() > 1 && row[1] ? std::stoll(*row[1]) : 0;
      if (!row[0] || query->key_column.empty()) {
        v.rows_without_tenant += n;
      } else if (!options_.tenant.empty() && EqualsIgnoreCase(*row[0], options_.tenant)) {
        v.rows_of_tenant += n;
      } else {
        v.rows_of_other_tenants += n;
        others.insert(*row[0]);
      }
    }
    v.other_tenants = static_cast<int64_t>(others.size());
    const int64_t total = v.rows_of_tenant + v.rows_of_other_tenants + v.rows_without_tenant;
    if (v.rows_of_other_tenants > 0) {
      const std::string what = "step " + step.id + " would touch " +
                               std::to_string(v.rows_of_other_tenants) + " rows of " +
                               std::to_string(v.other_tenants) + " other tenant" +
                               (v.other_tenants == 1 ? "" : "s") + " in " + query->table;
      problems.push_back(what);
      plan_.remediation.push_back(
          {what + ": limit it to the run's tenant (AND " + query->key_column + " = <TENANT>)",
           st.span});
    }
    if (!step.expect.empty()) {
      auto expect = runbook::ParseExpectation(step.expect);
      if (expect.ok() && !expect->Matches(total)) {
        const std::string what = "step " + step.id + " would touch " + std::to_string(total) +
                                 " rows, but it expects " + step.expect;
        problems.push_back(what);
        plan_.remediation.push_back({what + ": check the statement's WHERE clause", st.span});
      }
    }
    return Status::Ok();
  }

  plan::Plan& plan_;
  db::Connection& conn_;
  const DryRunOptions& options_;
};

}  // namespace

Status DryRun(plan::Plan& plan, db::Connection& connection, const DryRunOptions& options) {
  plan::Gate* gate = nullptr;
  for (plan::Gate& g : plan.gates) {
    if (g.name == "dry-run") gate = &g;
  }
  if (gate == nullptr) {
    plan.gates.push_back({"dry-run", "not-run", ""});
    gate = &plan.gates.back();
  }
  if (connection.Backend() == db::BackendKind::kFake) {
    plan.dry_run_status = "not-run";
    plan.dry_run_detail = "pre-validation needs a PostgreSQL or SQLite target";
    *gate = {"dry-run", plan.dry_run_status, plan.dry_run_detail};
    return Status::Ok();
  }
  Runner runner(plan, connection, options);
  RW_TRY(runner.Run());
  const std::string counts = std::to_string(runner.validated) + " statement" +
                             (runner.validated == 1 ? "" : "s") + " validated, " +
                             std::to_string(runner.not_validated) + " not validated";
  if (runner.problems.empty()) {
    plan.dry_run_status = "passed";
    plan.dry_run_detail = counts + ", in a read-only transaction that was rolled back";
    if (connection.Backend() == db::BackendKind::kSqlite) {
      plan.dry_run_detail += " (SQLite: described and counted, without row estimates)";
    }
  } else {
    plan.dry_run_status = "halted";
    plan.dry_run_detail = counts;
    for (const std::string& p : runner.problems) plan.dry_run_detail += "; " + p;
  }
  *gate = {"dry-run", plan.dry_run_status, plan.dry_run_detail};
  return Status::Ok();
}

}  // namespace runwarden::exec
