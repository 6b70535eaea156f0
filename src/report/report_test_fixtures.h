#ifndef RUNWARDEN_REPORT_REPORT_TEST_FIXTURES_H_
#define RUNWARDEN_REPORT_REPORT_TEST_FIXTURES_H_

// Tests only: the audit logs the report tests read, and a run whose plan is
// kept beside its log (testdata/audit/purge-with-plan.*), written with
// AuditWriter and plan::WritePlan so that the chain and the hash are right
// by construction.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include "audit/reader.h"
#include "audit/run_tree.h"
#include "audit/values.h"
#include "audit/writer.h"
#include "base/sha256.h"
#include "plan/plan_file.h"
#include "plan/statement_effects.h"
#include "report/incident_report.h"
#include "sql/parser.h"
#include "testutil/golden.h"

namespace runwarden::report::fixtures {

using Json = nlohmann::ordered_json;

inline constexpr char kTenant[] = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

inline audit::AuditWriterOptions FixedClock(int64_t start) {
  audit::AuditWriterOptions o;
  auto t = std::make_shared<std::chrono::system_clock::time_point>(
      std::chrono::system_clock::from_time_t(start));
  o.clock = [t] {
    const auto now = *t;
    *t += std::chrono::milliseconds(1375);
    return now;
  };
  return o;
}

inline audit::AuditLog ReadFixture(const std::string& relative) {
  auto log = audit::ParseLog(testutil::ReadFileOrEmpty(testutil::SourceDir() / relative), relative);
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return log.ok() ? *log : audit::AuditLog{};
}

inline plan::PlannedStatement Stmt(const std::string& sql, bool binds_tenant) {
  plan::PlannedStatement s;
  s.sql = sql;
  if (binds_tenant) s.binds.push_back({"TENANT_ID", false});
  const auto parsed = sql::ParseStatements(sql);
  EXPECT_EQ(parsed.size(), 1u) << sql;
  if (!parsed.empty()) s.effects = plan::ClassifyStatement(parsed[0].root);
  return s;
}

inline plan::PlannedStep SqlStep(size_t index, const std::string& id,
                                 std::vector<plan::PlannedStatement> statements,
                                 const std::string& scope = "tenant") {
  plan::PlannedStep s;
  s.index = index;
  s.id = id;
  s.kind = "sql";
  s.section = "Purge stale sessions";
  s.scope = scope;
  s.statements = std::move(statements);
  return s;
}

/// The plan of the purge-with-plan run: one atomic group that commits
/// (sessions, api_tokens, a read), a global step that commits, then a unit
/// that fails and is rolled back (tenants, incident_log); a finding at
/// error severity and its override.
inline plan::Plan PurgePlan() {
  plan::Plan p;
  p.tool_version = "0.1.0";
  p.runbook_path = "runbooks/purge-stale-sessions.md";
  p.runbook_digest = Sha256Hex("purge-stale-sessions");
  p.runbook_id = "purge-stale-sessions";
  p.runbook_title = "Purge a tenant's stale sessions";
  p.severity = "SEV-2";
  p.tenant_parameter = "TENANT_ID";
  plan::PlannedParameter tenant;
  tenant.name = "TENANT_ID";
  tenant.type = "uuid";
  tenant.value = kTenant;
  p.parameters.push_back(tenant);
  p.target = {"postgres", "db.internal", "5432", "app", "runwarden", "", "15.6"};
  plan::PlannedUnit purge;
  purge.atomic_group = "purge";
  purge.steps.push_back(SqlStep(
      0, "expire-sessions",
      {Stmt("UPDATE sessions SET expired_at = now() WHERE tenant_id = $1 AND last_seen < now() - "
            "interval '30 days'",
            true),
       Stmt("DELETE FROM api_tokens WHERE tenant_id = $1 AND revoked", true)}));
  purge.steps.push_back(
      SqlStep(1, "count-left", {Stmt("SELECT count(*) FROM sessions WHERE tenant_id = $1", true)}));
  p.units.push_back(purge);
  plan::PlannedUnit flags;
  flags.steps.push_back(SqlStep(
      3, "reset-flags",
      {Stmt("UPDATE tenants SET flags = '{}' WHERE id = $1", true),
       Stmt("INSERT INTO incident_log (tenant_id, note) VALUES ($1, 'stale sessions purged')",
            true)}));
  plan::PlannedUnit vacuum;
  vacuum.steps.push_back(SqlStep(2, "prune-expired",
                                 {Stmt("DELETE FROM public.session_archive WHERE created < "
                                       "now() - interval '1 year'",
                                       false)},
                                 "global"));
  p.units.push_back(vacuum);
  p.units.push_back(flags);
  analysis::Finding warning;
  warning.rule_id = "unscoped-delete";
  warning.severity = analysis::Severity::kError;
  warning.span.path = p.runbook_path;
  warning.span.begin = {41, 1, 900};
  warning.span.end = {41, 60, 959};
  warning.message = "DELETE FROM public.session_archive has no tenant predicate";
  warning.help = "scope the DELETE to the run's tenant, or mark the step scope=global";
  p.findings.push_back(warning);
  p.overrides.push_back(
      {"unscoped-delete", "the archive is pruned for every tenant by design (INC-5120, bob)"});
  p.gates = {{"parameters", "passed", "every parameter has a valid value"},
             {"order", "passed", "every step has a place in the order"},
             {"findings", "overridden", "1 finding at error severity, overridden with a reason"},
             {"dry-run", "passed", "4 statements validated"}};
  p.dry_run_status = "passed";
  p.dry_run_detail = "4 statements validated";
  return p;
}

inline Json Statement(const std::string& step, int index, const std::string& sql, int64_t rows,
                      double ms) {
  return {
      {"step", step},
      {"index", index},
      {"sql_sha256", "sha256:" + Sha256Hex(sql)},
      {"binds",
       Json::array({{{"parameter", "TENANT_ID"}, {"value_sha256", audit::ValueHash(kTenant)}}})},
      {"rows", rows},
      {"duration_ms", ms},
      {"status", "ok"}};
}

inline void Add(audit::AuditWriter& w, std::string_view kind, Json fields) {
  Status s = w.Append(kind, std::move(fields));
  ASSERT_TRUE(s.ok()) << s.ToString();
}

/// Writes the run of PurgePlan() to `log_path` and its plan file to
/// `plan_path`.
inline void WritePurgeWithPlan(const std::string& log_path, const std::string& plan_path) {
  const plan::Plan p = PurgePlan();
  const plan::PlanFile file = plan::WritePlan(p);
  std::ofstream(plan_path, std::ios::binary) << file.text;
  auto made = audit::AuditWriter::Create(log_path, "e1d2c3b4-a5f6-4789-8abc-def012345678",
                                         FixedClock(1714570000));
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  audit::AuditWriter& w = **made;
  namespace k = audit::kinds;
  Add(w, k::kRunStart,
      {{"plan_hash", file.hash},
       {"runbook_id", p.runbook_id},
       {"runbook_path", p.runbook_path},
       {"runbook_digest", "sha256:" + p.runbook_digest},
       {"operator", "alice"},
       {"host", "ops-bastion-1"},
       {"tool_version", "0.1.0"},
       {"target", "postgresql://runwarden@db.internal:5432/app"},
       {"tenant", kTenant},
       {"parameters", {{"TENANT_ID", kTenant}}},
       {"yes", false}});
  for (const auto& g : p.gates) {
    Add(w, k::kGate, {{"name", g.name}, {"status", g.status}, {"detail", g.detail}});
  }
  Add(w, k::kGate, {{"name", "run-lock"}, {"status", "passed"}, {"detail", "advisory lock held"}});
  Add(w, k::kTransactionBegin, {{"unit", 1}, {"txid", "5120"}});
  Add(w, k::kStepStart,
      {{"step", "expire-sessions"}, {"step_kind", "sql"}, {"unit", 1}, {"group", "purge"}});
  Add(w, k::kConfirmation,
      {{"step", "expire-sessions"}, {"operator", "alice"}, {"answer", "yes"}, {"via", "terminal"}});
  const auto& es = p.units[0].steps[0].statements;
  Add(w, k::kStatement, Statement("expire-sessions", 1, es[0].sql, 37, 18.5));
  Add(w, k::kStatement, Statement("expire-sessions", 2, es[1].sql, 5, 4));
  Add(w, k::kStepDone, {{"step", "expire-sessions"}, {"status", "done"}});
  Add(w, k::kStepStart,
      {{"step", "count-left"}, {"step_kind", "sql"}, {"unit", 1}, {"group", "purge"}});
  Add(w, k::kStatement, Statement("count-left", 1, p.units[0].steps[1].statements[0].sql, 1, 2));
  Add(w, k::kStepDone, {{"step", "count-left"}, {"status", "done"}});
  Add(w, k::kCommitIntended,
      {{"unit", 1}, {"txid", "5120"}, {"steps", Json::array({"expire-sessions", "count-left"})}});
  Add(w, k::kCommitDone, {{"unit", 1}});
  Add(w, k::kStepStart,
      {{"step", "prune-expired"}, {"step_kind", "sql"}, {"unit", 2}, {"group", ""}});
  Add(w, k::kTransactionBegin, {{"unit", 2}, {"txid", "5121"}});
  Add(w, k::kStatement,
      Statement("prune-expired", 1, p.units[1].steps[0].statements[0].sql, 1200, 310));
  Add(w, k::kStepDone, {{"step", "prune-expired"}, {"status", "done"}});
  Add(w, k::kCommitIntended,
      {{"unit", 2}, {"txid", "5121"}, {"steps", Json::array({"prune-expired"})}});
  Add(w, k::kCommitDone, {{"unit", 2}});
  Add(w, k::kTransactionBegin, {{"unit", 3}, {"txid", "5122"}});
  Add(w, k::kStepStart,
      {{"step", "reset-flags"}, {"step_kind", "sql"}, {"unit", 3}, {"group", ""}});
  const auto& rf = p.units[2].steps[0].statements;
  Add(w, k::kStatement, Statement("reset-flags", 1, rf[0].sql, 1, 3));
  Json failed = Statement("reset-flags", 2, rf[1].sql, 0, 1.5);
  failed.erase("rows");
  failed["status"] = "failed";
  failed["error"] = "relation \"incident_log\" does not exist (SQLSTATE 42P01)";
  Add(w, k::kStatement, failed);
  Add(w, k::kStepDone, {{"step", "reset-flags"}, {"status", "failed"}});
  Add(w, k::kRollback,
      {{"unit", 3},
       {"steps", Json::array({"reset-flags"})},
       {"reason", "statement 2 of reset-flags failed"}});
  ASSERT_TRUE(w.AppendDurable(k::kRunEnd,
                              {{"final_status", "failed_rolled_back"},
                               {"failed_step", "reset-flags"},
                               {"message",
                                "reset-flags failed; unit 3 was rolled back, units 1 and 2 stay "
                                "committed"}})
                  .ok());
}

}  // namespace runwarden::report::fixtures

#endif  // RUNWARDEN_REPORT_REPORT_TEST_FIXTURES_H_
