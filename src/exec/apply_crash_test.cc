// Crash safety against a real PostgreSQL: a run is killed (SIGKILL) at every
// point where it writes its audit log, before and after each record, which
// is before and after each statement, commit and step. Each time: every
// atomic group is either fully committed or fully absent, the log verifies,
// and resuming from the log ends with exactly the rows of a run that was
// never interrupted (a step run twice would break a primary key).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "audit/reader.h"
#include "audit/writer.h"
#include "db/pg_test_env.h"
#include "exec/apply.h"
#include "exec/apply_test_support.h"
#include "exec/audit_journal.h"
#include "exec/resume.h"

namespace runwarden::exec {
namespace {

constexpr char kTenant[] = "11111111-1111-1111-1111-111111111111";

std::string Insert(const std::string& attrs, const std::string& step) {
  return "```sql {#" + step + attrs +
         "}\nINSERT INTO ledger (tenant_id, step) VALUES (<TENANT_ID>, '" + step + "');\n```\n";
}

const std::string kRunbook =
    "---\nid: crash\ntenant: {parameter: TENANT_ID}\nparameters:\n  TENANT_ID: {type: uuid}\n---\n"
    "# Fix\n" +
    Insert("", "a1") + Insert(" atomic=g1", "b1") + Insert(" atomic=g1", "b2") + Insert("", "c1") +
    Insert(" atomic=g2", "d1") + Insert(" atomic=g2", "d2") + Insert(" atomic=g2", "d3") +
    Insert("", "e1");
const std::vector<std::string> kAll = {"a1", "b1", "b2", "c1", "d1", "d2", "d3", "e1"};

// Kills its own process before or after writing record number `at`.
class KillingJournal final : public Journal {
 public:
  KillingJournal(audit::AuditWriter& writer, int at, bool after)
      : log_(writer), at_(at), after_(after) {}
  Status Record(std::string_view kind, nlohmann::ordered_json fields, bool durable) override {
    ++count_;
    if (count_ == at_ && !after_) raise(SIGKILL);
    Status s = log_.Record(kind, std::move(fields), durable);
    if (count_ == at_ && after_) raise(SIGKILL);
    return s;
  }

 private:
  AuditJournal log_;
  int at_;
  bool after_;
  int count_ = 0;
};

class ApplyCrashTest : public db::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(
        admin_->Execute("CREATE TABLE ledger (tenant_id uuid NOT NULL, step text PRIMARY KEY)")
            .ok());
    plan_ = testing::PlanOf(kRunbook, kTenant);
    options_.tenant = kTenant;
    options_.values["TENANT_ID"] = kTenant;
    options_.plan_hash = "sha256:crash-plan";
    dir_ = std::filesystem::temp_directory_path() / ("runwarden-crash-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    ScratchDatabaseTest::TearDown();
  }

  std::vector<std::string> Rows() {
    auto r = admin_->Query("SELECT step FROM ledger ORDER BY step", {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const db::Row& row : r->rows) out.push_back(*row[0]);
    }
    return out;
  }

  // Runs the plan in a child process that kills itself at record `at`.
  // Returns true when the child died of SIGKILL (false: it finished).
  bool RunAndKill(const std::string& log, int at, bool after) {
    const pid_t pid = fork();
    if (pid == 0) {
      auto conn = db::Open(db_->dsn());
      if (!conn.ok()) _exit(10);
      auto writer = audit::AuditWriter::Create(log, "crash");
      if (!writer.ok()) _exit(11);
      KillingJournal journal(**writer, at, after);
      testing::ScriptedOperator op;
      auto out = Apply(plan_, **conn, options_, journal, op);
      _exit(out.ok() && out->final_status == "completed" ? 0 : 12);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) {
      EXPECT_EQ(WEXITSTATUS(status), 0) << "the child failed at " << at;
      return false;
    }
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    return true;
  }

  // Resumes the run of `log` in this process, as runwarden resume does.
  void Resume(const std::string& log, const std::string& label) {
    auto read = audit::ReadLog(log);
    ASSERT_TRUE(read.ok()) << label << ": " << read.status().ToString();
    ASSERT_TRUE(read->verify.intact) << label << ": " << read->verify.problem;
    std::vector<LoggedRecord> records;
    for (int64_t i = 0; i < read->verify.records; ++i) {
      records.push_back({read->records[i].kind, read->records[i].fields});
    }
    auto conn = db::Open(db_->dsn());
    ASSERT_TRUE(conn.ok());
    ApplyOptions options = options_;
    if (!records.empty()) {
      // The killed client's backend may still be rolling back.
      Result<ResumePoint> point = FindResumePoint(records, **conn);
      for (int i = 0; i < 100 && !point.ok() &&
                      point.status().message().find("in progress") != std::string::npos;
           ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        point = FindResumePoint(records, **conn);
      }
      ASSERT_TRUE(point.ok()) << label << ": " << point.status().ToString();
      EXPECT_TRUE(point->uncertain.empty()) << label;
      options.already_done = point->done;
    }
    auto writer = audit::AuditWriter::Reopen(log);
    ASSERT_TRUE(writer.ok()) << label << ": " << writer.status().ToString();
    AuditJournal journal(**writer);
    testing::ScriptedOperator op;
    auto out = Apply(plan_, **conn, options, journal, op);
    ASSERT_TRUE(out.ok()) << label << ": " << out.status().ToString();
    EXPECT_EQ(out->final_status, "completed") << label << ": " << out->message;
  }

  plan::Plan plan_;
  ApplyOptions options_;
  std::filesystem::path dir_;
};

TEST_F(ApplyCrashTest, KilledAnywhereLeavesWholeGroupsAnIntactLogAndResumesExactly) {
  int kill_points = 0;
  for (int at = 1; at < 200; ++at) {
    bool finished = false;
    for (bool after : {false, true}) {
      const std::string label = (after ? "after record " : "before record ") + std::to_string(at);
      ASSERT_TRUE(admin_->Execute("TRUNCATE ledger").ok());
      const std::string log =
          (dir_ / ("run-" + std::to_string(at) + (after ? "a" : "b") + ".audit.jsonl")).string();
      if (!RunAndKill(log, at, after)) {
        finished = true;
        break;
      }
      ++kill_points;
      // 1. Whole groups or nothing, and only a prefix of the run.
      const std::vector<std::string> rows = Rows();
      auto has = [&](const std::string& s) {
        return std::find(rows.begin(), rows.end(), s) != rows.end();
      };
      EXPECT_EQ(has("b1"), has("b2")) << label;
      EXPECT_EQ(has("d1"), has("d2")) << label;
      EXPECT_EQ(has("d2"), has("d3")) << label;
      size_t prefix = 0;
      while (prefix < kAll.size() && has(kAll[prefix])) ++prefix;
      EXPECT_EQ(rows.size(), prefix) << label << ": rows are not a prefix of the run";
      // 2. The log verifies (a torn tail would be reported, not tampering).
      auto read = audit::ReadLog(log);
      ASSERT_TRUE(read.ok()) << label;
      EXPECT_TRUE(read->verify.intact) << label << ": " << read->verify.problem;
      // 3. Resuming gives exactly the rows of an uninterrupted run.
      Resume(log, label);
      EXPECT_EQ(Rows(), kAll) << label;
      auto after_resume = audit::ReadLog(log);
      ASSERT_TRUE(after_resume.ok());
      EXPECT_TRUE(after_resume->verify.intact) << label << ": " << after_resume->verify.problem;
      if (HasFailure()) return;
    }
    if (finished) break;
  }
  EXPECT_GE(kill_points, 50);
  std::cout << "killed and resumed at " << kill_points << " points\n";
}

}  // namespace
}  // namespace runwarden::exec
