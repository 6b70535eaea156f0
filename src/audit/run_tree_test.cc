// The fixture logs of testdata/audit/ are written here with AuditWriter and
// a fixed clock, so that their hash chains are right by construction; with
// RUNWARDEN_UPDATE_GOLDENS=1 they are rewritten. The run tree is then
// checked on them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "audit/reader.h"
#include "audit/run_tree.h"
#include "audit/values.h"
#include "audit/writer.h"
#include "base/sha256.h"
#include "testutil/golden.h"

namespace runwarden::audit {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using ::testing::ElementsAre;
using testutil::ReadFileOrEmpty;

constexpr char kTenant[] = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

AuditWriterOptions FixedClock(int64_t start) {
  AuditWriterOptions o;
  auto t = std::make_shared<std::chrono::system_clock::time_point>(
      std::chrono::system_clock::from_time_t(start));
  o.clock = [t] {
    const auto now = *t;
    *t += std::chrono::milliseconds(1375);
    return now;
  };
  return o;
}

void Add(AuditWriter& w, std::string_view kind, Json fields) {
  Status s = w.Append(kind, std::move(fields));
  ASSERT_TRUE(s.ok()) << s.ToString();
}

Json RunStart(const std::string& runbook, Json parameters, bool yes) {
  return {{"plan_hash", "sha256:" + Sha256Hex("plan of " + runbook)},
          {"runbook_id", runbook},
          {"runbook_path", "examples/" + runbook + ".md"},
          {"runbook_digest", "sha256:" + Sha256Hex(runbook)},
          {"operator", "alice"},
          {"host", "ops-bastion-1"},
          {"tool_version", "0.1.0"},
          {"target", "postgresql://runwarden@db.internal:5432/app"},
          {"tenant", kTenant},
          {"parameters", std::move(parameters)},
          {"yes", yes}};
}

Json Statement(const std::string& step, int index, const std::string& sql, Json binds, int rows,
               double ms) {
  return {{"step", step},   {"index", index}, {"sql_sha256", "sha256:" + Sha256Hex(sql)},
          {"binds", binds}, {"rows", rows},   {"duration_ms", ms},
          {"status", "ok"}};
}

Json TenantBind() {
  return Json::array({{{"parameter", "TENANT_ID"}, {"value_sha256", ValueHash(kTenant)}}});
}

/// A run that completed: a confirmed shell step, then two SQL steps in one
/// transaction.
void WriteCompleted(const std::string& path) {
  auto made =
      AuditWriter::Create(path, "2f1c9a6e-5b7d-4c1e-9a3b-0c8d7e6f5a41", FixedClock(1714533165));
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  AuditWriter& w = **made;
  Add(w, kinds::kRunStart,
      RunStart("tenant-data-exposure",
               {{"TENANT_ID", kTenant}, {"INCIDENT", "INC-4211"}, {"CLOUD", "aws"}}, false));
  Add(w, kinds::kPhase, {{"name", "runbook"}, {"status", "passed"}, {"detail", ""}});
  Add(w, kinds::kPhase,
      {{"name", "schema"}, {"status", "passed"}, {"detail", "catalog of db.internal:5432/app"}});
  Add(w, kinds::kPhase, {{"name", "isolation"}, {"status", "passed"}, {"detail", ""}});
  Add(w, kinds::kGate,
      {{"name", "plan-hash"},
       {"status", "passed"},
       {"detail", "the plan matches the runbook, parameters, schema and runwarden version"}});
  Add(w, kinds::kStepStart,
      {{"step", "revoke-credentials"}, {"step_kind", "shell"}, {"unit", 1}, {"group", ""}});
  Add(w, kinds::kConfirmation,
      {{"step", "revoke-credentials"},
       {"operator", "alice"},
       {"answer", "yes"},
       {"via", "terminal"}});
  Add(w, kinds::kShellResult,
      {{"step", "revoke-credentials"},
       {"exit_code", 0},
       {"timed_out", false},
       {"duration_ms", 1520},
       {"stdout", "revoked 3 credentials\nticket INC-4211 updated\n"},
       {"stderr", ""},
       {"truncated", false}});
  Add(w, kinds::kStepDone, {{"step", "revoke-credentials"}, {"status", "done"}});
  Add(w, kinds::kTransactionBegin, {{"unit", 2}, {"txid", "48213"}});
  Add(w, kinds::kStepStart,
      {{"step", "session-cutoff"}, {"step_kind", "sql"}, {"unit", 2}, {"group", "containment"}});
  Add(w, kinds::kStatement,
      Statement("session-cutoff", 1, "SELECT pg_terminate_backend(pid) ...", TenantBind(), 4, 12));
  Add(w, kinds::kStepDone, {{"step", "session-cutoff"}, {"status", "done"}});
  Add(w, kinds::kStepStart,
      {{"step", "freeze-writes"}, {"step_kind", "sql"}, {"unit", 2}, {"group", "containment"}});
  Add(w, kinds::kStatement,
      Statement("freeze-writes", 1, "UPDATE tenants SET read_only = true WHERE id = $1",
                TenantBind(), 1, 3.5));
  Add(w, kinds::kStepDone, {{"step", "freeze-writes"}, {"status", "done"}});
  Add(w, kinds::kCommitIntended,
      {{"unit", 2},
       {"txid", "48213"},
       {"steps", Json::array({"session-cutoff", "freeze-writes"})}});
  Add(w, kinds::kCommitDone, {{"unit", 2}});
  ASSERT_TRUE(
      w.AppendDurable(kinds::kRunEnd, {{"final_status", "completed"},
                                       {"message", "3 steps done, 1 transaction committed"}})
          .ok());
}

/// A run whose second unit failed and was rolled back, with a secret
/// parameter, a compensation, a record of an unknown kind and fields
/// runwarden does not know.
void WriteRolledBack(const std::string& path) {
  auto made =
      AuditWriter::Create(path, "9b0e4c1d-3f2a-4e5b-8c7d-6a5b4c3d2e1f", FixedClock(1714540000));
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  AuditWriter& w = **made;
  Add(w, kinds::kRunStart,
      RunStart("purge-stale-sessions",
               {{"TENANT_ID", kTenant}, {"API_TOKEN", ValueHash("tok-1234")}}, true));
  Add(w, kinds::kPhase, {{"name", "runbook"}, {"status", "passed"}, {"detail", ""}});
  Add(w, kinds::kGate, {{"name", "approval"}, {"status", "passed"}, {"detail", "--yes given"}});
  Add(w, kinds::kStepStart,
      {{"step", "notify"}, {"step_kind", "shell"}, {"unit", 1}, {"group", ""}});
  Add(w, kinds::kConfirmation,
      {{"step", "notify"}, {"operator", "alice"}, {"answer", "yes"}, {"via", "--yes"}});
  Add(w, kinds::kShellResult,
      {{"step", "notify"},
       {"exit_code", 0},
       {"timed_out", false},
       {"duration_ms", 240},
       {"stdout", "status page updated\n"},
       {"stderr", "warning: template v1 is deprecated\n"},
       {"truncated", false}});
  Add(w, kinds::kStepDone, {{"step", "notify"}, {"status", "done"}});
  Add(w, kinds::kTransactionBegin, {{"unit", 2}, {"txid", "9001"}});
  Add(w, kinds::kStepStart,
      {{"step", "purge-sessions"}, {"step_kind", "sql"}, {"unit", 2}, {"group", "purge"}});
  Json first = Statement("purge-sessions", 1, "DELETE FROM sessions WHERE tenant_id = $1",
                         TenantBind(), 120, 41);
  first["plan_rows"] = 118;
  Add(w, kinds::kStatement, first);
  Json second = Statement("purge-sessions", 2, "DELETE FROM audit_events WHERE tenant_id = $1",
                          TenantBind(), 0, 2);
  second.erase("rows");
  second["status"] = "failed";
  second["error"] = "permission denied for table audit_events (SQLSTATE 42501)";
  Add(w, kinds::kStatement, second);
  Add(w, kinds::kStepDone, {{"step", "purge-sessions"}, {"status", "failed"}});
  Add(w, kinds::kRollback,
      {{"unit", 2},
       {"steps", Json::array({"purge-sessions"})},
       {"reason", "statement 2 of purge-sessions failed"}});
  Add(w, kinds::kStepStart,
      {{"step", "notify-undo"}, {"step_kind", "shell"}, {"unit", 3}, {"group", ""}});
  Add(w, kinds::kShellResult,
      {{"step", "notify-undo"},
       {"exit_code", 0},
       {"timed_out", false},
       {"duration_ms", 198},
       {"stdout", ""},
       {"stderr", ""},
       {"truncated", false}});
  Add(w, kinds::kCompensation,
      {{"step", "notify-undo"}, {"for_step", "notify"}, {"status", "done"}});
  Add(w, kinds::kStepDone, {{"step", "notify-undo"}, {"status", "done"}});
  Add(w, "operator-note", {{"text", "paged the owner of audit_events"}, {"by", "alice"}});
  ASSERT_TRUE(w.AppendDurable(kinds::kRunEnd, {{"final_status", "failed_rolled_back"},
                                               {"failed_step", "purge-sessions"},
                                               {"message",
                                                "purge-sessions failed; unit 2 was rolled back and "
                                                "notify was compensated"},
                                               {"exit_code", 3}})
                  .ok());
}

/// A run that crashed right after sending a commit (a torn record at the
/// end), was resumed, found the commit done and was then interrupted
/// during a shell step that timed out.
void WriteResumed(const std::string& path) {
  std::string head_before;
  {
    auto made =
        AuditWriter::Create(path, "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a", FixedClock(1714550000));
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    AuditWriter& w = **made;
    Add(w, kinds::kRunStart, RunStart("rotate-tenant-key", {{"TENANT_ID", kTenant}}, false));
    Add(w, kinds::kStepStart,
        {{"step", "rotate"}, {"step_kind", "sql"}, {"unit", 1}, {"group", ""}});
    Add(w, kinds::kTransactionBegin, {{"unit", 1}, {"txid", "777"}});
    Add(w, kinds::kStatement,
        Statement("rotate", 1, "SELECT rotate_tenant_key($1)", TenantBind(), 1, 88));
    ASSERT_TRUE(w.AppendDurable(kinds::kCommitIntended,
                                {{"unit", 1}, {"txid", "777"}, {"steps", Json::array({"rotate"})}})
                    .ok());
    head_before = w.head();
  }
  std::ofstream(path, std::ios::app | std::ios::binary) << R"({"seq":6,"prev":")";
  auto reopened = AuditWriter::Reopen(path, FixedClock(1714550600));
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  AuditWriter& w = **reopened;
  Add(w, kinds::kResume, {{"previous_head", head_before}, {"from_step", "rotate"}});
  Add(w, kinds::kCommitDone, {{"unit", 1}, {"checked_with", "txid_status(777) = committed"}});
  Add(w, kinds::kStepDone, {{"step", "rotate"}, {"status", "done"}});
  Add(w, kinds::kStepStart,
      {{"step", "restart-workers"}, {"step_kind", "shell"}, {"unit", 2}, {"group", ""}});
  Add(w, kinds::kShellResult,
      {{"step", "restart-workers"},
       {"signal", "SIGKILL"},
       {"timed_out", true},
       {"duration_ms", 30000},
       {"stdout", "restarting 12 workers\n"},
       {"stderr", ""},
       {"truncated", false}});
  Add(w, kinds::kStepDone, {{"step", "restart-workers"}, {"status", "failed"}});
  ASSERT_TRUE(w.AppendDurable(kinds::kRunEnd, {{"final_status", "interrupted"},
                                               {"failed_step", "restart-workers"},
                                               {"message", "interrupted by the operator (Ctrl-C)"}})
                  .ok());
}

/// A run whose plan halted: the phases in the format with action and
/// findings, the gates, and a run-end that blocks execution with the
/// remediation. No step ran.
void WriteHalted(const std::string& path) {
  auto made =
      AuditWriter::Create(path, "c3a1f2e4-8b6d-4f0a-9e7c-1d2b3a4c5e6f", FixedClock(1714560000));
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  AuditWriter& w = **made;
  Add(w, kinds::kRunStart,
      RunStart("stale-sessions-draft", {{"TENANT_ID", kTenant}, {"INCIDENT", "INC-4302"}}, false));
  const Json unscoped = {{"rule", "unscoped-delete"},
                         {"message",
                          "DELETE FROM sessions has no tenant predicate: it deletes the rows of "
                          "every tenant"},
                         {"at", "examples/stale-sessions-draft.md:31:1"}};
  const Json remediation =
      Json::array({{{"change", "add WHERE tenant_id = {{TENANT_ID}} to the DELETE of purge-stale"},
                    {"at", "examples/stale-sessions-draft.md:31:1"}},
                   {{"change", "give --target so that the statements are validated by a dry run"},
                    {"at", ""}}});
  Add(w, kinds::kPhase,
      {{"name", "runbook"},
       {"action", "Read the runbook and parsed its steps"},
       {"status", "complete"},
       {"detail", ""},
       {"findings",
        {{"steps", 3},
         {"sql_statements", 2},
         {"shell_steps", 1},
         {"manual_steps", 0},
         {"parameters", 2}}}});
  Add(w, kinds::kPhase,
      {{"name", "schema"},
       {"action", "Loaded the schema and found each table's tenant key"},
       {"status", "complete"},
       {"detail", ""},
       {"findings",
        {{"origin", "schema.sql"},
         {"fingerprint", "sha256:" + Sha256Hex("schema.sql")},
         {"tables_analyzed", 4},
         {"partition_keys_detected", Json::array({"tenant_id"})},
         {"unpartitioned_tables", Json::array({"feature_flags"})},
         {"risk_level", "medium"}}}});
  Add(w, kinds::kPhase,
      {{"name", "contracts"},
       {"action", "Checked the service's Rust row types against the schema"},
       {"status", "skipped"},
       {"detail", "no Rust crate given"},
       {"findings", Json::object()}});
  Add(w, kinds::kPhase,
      {{"name", "isolation"},
       {"action", "Checked every statement's tenant scope"},
       {"status", "halted"},
       {"detail", "1 statement reaches other tenants"},
       {"findings", {{"cross_tenant_risk_vectors", 1}, {"vectors", Json::array({unscoped})}}}});
  Add(w, kinds::kPhase,
      {{"name", "dry-run"},
       {"action", "Validated the statements against the target"},
       {"status", "skipped"},
       {"detail", "no target given"},
       {"findings", Json::object()}});
  Add(w, kinds::kPhase,
      {{"name", "plan"},
       {"action", "Ordered the steps into units and checked the gates"},
       {"status", "halted"},
       {"detail", "the findings gate halted"},
       {"findings",
        {{"units", 2},
         {"transactions", 1},
         {"steps", 3},
         {"gates_halted", Json::array({"findings"})},
         {"decision", "execution_blocked_for_safety"},
         {"remediation", remediation}}}});
  Add(w, kinds::kGate,
      {{"name", "parameters"}, {"status", "passed"}, {"detail", "every parameter has a value"}});
  Add(w, kinds::kGate,
      {{"name", "findings"},
       {"status", "halted"},
       {"detail", "1 finding at error severity: unscoped-delete"}});
  Add(w, kinds::kGate, {{"name", "dry-run"}, {"status", "not-run"}, {"detail", "no target given"}});
  ASSERT_TRUE(w.AppendDurable(kinds::kRunEnd, {{"final_status", "execution_blocked_for_safety"},
                                               {"message", "the plan halted: nothing ran"},
                                               {"remediation", remediation}})
                  .ok());
}

class AuditFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw_audit_fixture_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_F(AuditFixtureTest, FixtureLogsAreWhatTheWriterWritesAndTheyVerify) {
  const std::vector<std::pair<std::string, void (*)(const std::string&)>> fixtures = {
      {"completed", &WriteCompleted},
      {"rolled-back", &WriteRolledBack},
      {"resumed", &WriteResumed},
      {"halted", &WriteHalted},
  };
  for (const auto& [name, write] : fixtures) {
    const std::string path = (dir_ / (name + ".jsonl")).string();
    write(path);
    const std::string text = ReadFileOrEmpty(path);
    testutil::ExpectGolden("testdata/audit/" + name + ".jsonl", text);
    const VerifyResult v = Verify(text);
    EXPECT_TRUE(v.intact) << name << ": " << v.problem;
    EXPECT_FALSE(v.torn_tail) << name;
  }
}

AuditLog Fixture(const std::string& name) {
  const std::string path = "testdata/audit/" + name + ".jsonl";
  auto log = ParseLog(ReadFileOrEmpty(testutil::SourceDir() / path), path);
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return log.ok() ? *log : AuditLog{};
}

TEST_F(AuditFixtureTest, RunTreeOfACompletedRun) {
  const RunTree tree = BuildRunTree(Fixture("completed"));
  ASSERT_TRUE(tree.run);
  EXPECT_EQ(tree.run->runbook_id, "tenant-data-exposure");
  EXPECT_EQ(tree.run->operator_name, "alice");
  EXPECT_EQ(tree.run->yes, false);
  EXPECT_TRUE(tree.run->extra.empty());
  ASSERT_EQ(tree.run->parameters.size(), 3u);
  EXPECT_EQ(tree.run->parameters[1],
            std::make_pair(std::string("INCIDENT"), std::string("INC-4211")));
  EXPECT_EQ(tree.phases.size(), 3u);
  EXPECT_EQ(tree.gates.size(), 1u);
  ASSERT_EQ(tree.steps.size(), 3u);
  EXPECT_EQ(tree.steps[0].id, "revoke-credentials");
  EXPECT_EQ(tree.steps[0].kind, "shell");
  EXPECT_EQ(tree.steps[0].status, "done");
  ASSERT_EQ(tree.steps[0].confirmations.size(), 1u);
  ASSERT_EQ(tree.steps[0].shell_results.size(), 1u);
  EXPECT_EQ(tree.steps[0].shell_results[0].exit_code, 0);
  ASSERT_EQ(tree.steps[2].statements.size(), 1u);
  EXPECT_EQ(tree.steps[2].statements[0].rows, 1);
  EXPECT_EQ(tree.steps[2].statements[0].duration_ms, 3.5);
  ASSERT_EQ(tree.steps[2].statements[0].binds.size(), 1u);
  EXPECT_EQ(tree.steps[2].statements[0].binds[0].value_sha256, ValueHash(kTenant));
  ASSERT_EQ(tree.transactions.size(), 1u);
  EXPECT_EQ(tree.transactions[0].txid, "48213");
  EXPECT_THAT(tree.transactions[0].steps, ElementsAre("session-cutoff", "freeze-writes"));
  EXPECT_FALSE(tree.transactions[0].committed.empty());
  EXPECT_EQ(tree.final_status, "completed");
  EXPECT_TRUE(tree.other.empty());
}

TEST_F(AuditFixtureTest, RunTreeKeepsWhatItDoesNotKnow) {
  const RunTree tree = BuildRunTree(Fixture("rolled-back"));
  EXPECT_EQ(tree.final_status, "failed_rolled_back");
  EXPECT_EQ(tree.failed_step, "purge-sessions");
  EXPECT_EQ(tree.end_extra.dump(), R"({"exit_code":3})");
  ASSERT_EQ(tree.other.size(), 1u);
  EXPECT_EQ(tree.other[0].kind, "operator-note");
  ASSERT_GE(tree.steps.size(), 2u);
  const RunTree::Step& purge = tree.steps[1];
  ASSERT_EQ(purge.statements.size(), 2u);
  EXPECT_EQ(purge.statements[0].extra.dump(), R"({"plan_rows":118})");
  EXPECT_EQ(purge.statements[1].status, "failed");
  EXPECT_FALSE(purge.statements[1].rows);
  ASSERT_EQ(tree.transactions.size(), 1u);
  EXPECT_FALSE(tree.transactions[0].rolled_back.empty());
  ASSERT_EQ(tree.steps.size(), 3u);
  ASSERT_EQ(tree.steps[2].compensations.size(), 1u);
  EXPECT_EQ(tree.steps[2].compensations[0].for_step, "notify");
}

TEST_F(AuditFixtureTest, RunTreeOfAResumedRun) {
  const AuditLog log = Fixture("resumed");
  const RunTree tree = BuildRunTree(log);
  ASSERT_EQ(tree.resumes.size(), 1u);
  EXPECT_EQ(tree.resumes[0].from_step, "rotate");
  // The head noted before the crash is a line of the log.
  EXPECT_EQ(LineWithHash(log, tree.resumes[0].previous_head), 6);
  ASSERT_EQ(tree.other.size(), 1u);
  EXPECT_EQ(tree.other[0].kind, "torn-tail");
  ASSERT_EQ(tree.transactions.size(), 1u);
  EXPECT_FALSE(tree.transactions[0].committed.empty());
  EXPECT_EQ(tree.transactions[0].extra.dump(),
            R"({"checked_with":"txid_status(777) = committed"})");
  ASSERT_EQ(tree.steps.size(), 2u);
  EXPECT_EQ(tree.steps[1].shell_results[0].signal, "SIGKILL");
  EXPECT_EQ(tree.final_status, "interrupted");
}

TEST_F(AuditFixtureTest, RunTreeOfAHaltedRunKeepsActionsFindingsAndRemediation) {
  const RunTree tree = BuildRunTree(Fixture("halted"));
  EXPECT_EQ(tree.final_status, "execution_blocked_for_safety");
  EXPECT_TRUE(tree.steps.empty());
  ASSERT_EQ(tree.phases.size(), 6u);
  const RunTree::Check& isolation = tree.phases[3];
  EXPECT_EQ(isolation.name, "isolation");
  EXPECT_EQ(isolation.action, "Checked every statement's tenant scope");
  EXPECT_EQ(isolation.status, "halted");
  ASSERT_TRUE(isolation.findings.is_object());
  EXPECT_EQ(isolation.findings["cross_tenant_risk_vectors"], 1);
  EXPECT_TRUE(isolation.extra.empty());
  EXPECT_EQ(tree.phases[5].findings["decision"], "execution_blocked_for_safety");
  ASSERT_EQ(tree.gates.size(), 3u);
  EXPECT_TRUE(tree.gates[1].findings.is_null());
  ASSERT_EQ(tree.remediation.size(), 2u);
  EXPECT_EQ(tree.remediation[0].at, "examples/stale-sessions-draft.md:31:1");
  EXPECT_EQ(tree.remediation[1].at, "");
  EXPECT_TRUE(tree.end_extra.empty());
}

TEST_F(AuditFixtureTest, OlderPhaseRecordsHaveNoActionOrFindings) {
  const RunTree tree = BuildRunTree(Fixture("completed"));
  ASSERT_EQ(tree.phases.size(), 3u);
  EXPECT_EQ(tree.phases[1].action, "");
  EXPECT_TRUE(tree.phases[1].findings.is_null());
  EXPECT_EQ(tree.phases[1].detail, "catalog of db.internal:5432/app");
  EXPECT_TRUE(tree.remediation.empty());
}

TEST_F(AuditFixtureTest, MalformedFindingsAndRemediationAreKeptAsTheyAre) {
  auto log =
      ParseLog(ReadFileOrEmpty(testutil::SourceDir() / "testdata/audit/halted.jsonl"), "x.jsonl");
  ASSERT_TRUE(log.ok());
  for (AuditRecord& r : log->records) {
    if (r.kind == "phase") r.fields["findings"] = "none";
    if (r.kind == "run-end") r.fields["remediation"] = Json::array({{{"change", 1}}});
  }
  const RunTree tree = BuildRunTree(*log);
  ASSERT_FALSE(tree.phases.empty());
  EXPECT_TRUE(tree.phases[0].findings.is_null());
  EXPECT_EQ(tree.phases[0].extra.dump(), R"({"findings":"none"})");
  EXPECT_TRUE(tree.remediation.empty());
  EXPECT_EQ(tree.end_extra.dump(), R"({"remediation":[{"change":1}]})");
}

TEST_F(AuditFixtureTest, FieldsOfUnexpectedTypesAreShownNotRefused) {
  const std::string text =
      ReadFileOrEmpty(testutil::SourceDir() / "testdata/audit/completed.jsonl");
  auto log = ParseLog(text, "x.jsonl");
  ASSERT_TRUE(log.ok());
  // Give a statement a string row count and binds of the wrong shape.
  for (AuditRecord& r : log->records) {
    if (r.kind == "statement") {
      r.fields["rows"] = "four";
      r.fields["binds"] = Json::array({1, 2});
    }
    if (r.kind == "step-start") r.fields["unit"] = Json::array();
  }
  const RunTree tree = BuildRunTree(*log);
  ASSERT_EQ(tree.steps.size(), 3u);
  EXPECT_FALSE(tree.steps[1].statements[0].rows);
  EXPECT_EQ(tree.steps[1].statements[0].extra.dump(), R"({"rows":"four","binds":[1,2]})");
  EXPECT_EQ(tree.steps[1].extra.dump(), R"({"unit":[]})");
}

}  // namespace
}  // namespace runwarden::audit
