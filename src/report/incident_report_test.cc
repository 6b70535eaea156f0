// The post-incident report of a run: Markdown goldens of the fixture logs,
// the plan beside the log joined to the statements, escaping of every value
// in HTML and Markdown, and the same bytes on every rendering.
#include "report/incident_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "report/report_test_fixtures.h"
#include "testutil/golden.h"

namespace runwarden::report {
namespace {

namespace fs = std::filesystem;
using fixtures::ReadFixture;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testutil::ReadFileOrEmpty;

class IncidentReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw_incident_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// The plan beside `log` in testdata/audit/, as the report command finds it.
  static PlanBeside PlanOf(const audit::AuditLog& log, const audit::RunTree& tree) {
    std::string path = log.path;
    const std::string suffix = ".audit.jsonl";
    path = path.size() > suffix.size() && path.ends_with(suffix)
               ? path.substr(0, path.size() - suffix.size()) + ".plan.json"
               : path + ".plan.json";
    std::optional<std::string> text;
    if (fs::exists(testutil::SourceDir() / path)) {
      text = ReadFileOrEmpty(testutil::SourceDir() / path);
    }
    return CheckPlanBeside(path, text, tree.run ? tree.run->plan_hash : "");
  }

  fs::path dir_;
};

TEST_F(IncidentReportTest, PurgeWithPlanFixtureIsWhatTheWriterWrites) {
  const std::string log = (dir_ / "purge-with-plan.audit.jsonl").string();
  const std::string plan = (dir_ / "purge-with-plan.plan.json").string();
  fixtures::WritePurgeWithPlan(log, plan);
  testutil::ExpectGolden("testdata/audit/purge-with-plan.audit.jsonl", ReadFileOrEmpty(log));
  testutil::ExpectGolden("testdata/audit/purge-with-plan.plan.json", ReadFileOrEmpty(plan));
  EXPECT_TRUE(audit::Verify(ReadFileOrEmpty(log)).intact);
}

const char* const kFixtures[] = {"completed", "rolled-back", "resumed", "halted",
                                 "purge-with-plan.audit"};

std::string GoldenName(const std::string& fixture) {
  return fixture == "purge-with-plan.audit" ? "purge-with-plan" : fixture;
}

TEST_F(IncidentReportTest, MarkdownGoldens) {
  for (const std::string name : kFixtures) {
    const audit::AuditLog log = ReadFixture("testdata/audit/" + name + ".jsonl");
    const audit::RunTree tree = audit::BuildRunTree(log);
    testutil::ExpectGolden("testdata/golden/run-" + GoldenName(name) + ".report.md",
                           IncidentReportMarkdown(log, tree, PlanOf(log, tree)));
  }
}

TEST_F(IncidentReportTest, HtmlGolden) {
  const audit::AuditLog log = ReadFixture("testdata/audit/purge-with-plan.audit.jsonl");
  const audit::RunTree tree = audit::BuildRunTree(log);
  testutil::ExpectGolden("testdata/golden/run-purge-with-plan.report.html",
                         IncidentReportHtml(log, tree, PlanOf(log, tree)));
}

TEST_F(IncidentReportTest, RenderingTwiceGivesTheSameBytes) {
  for (const std::string name : kFixtures) {
    const audit::AuditLog log = ReadFixture("testdata/audit/" + name + ".jsonl");
    const audit::RunTree a = audit::BuildRunTree(log), b = audit::BuildRunTree(log);
    EXPECT_EQ(IncidentReportMarkdown(log, a, PlanOf(log, a)),
              IncidentReportMarkdown(log, b, PlanOf(log, b)));
    EXPECT_EQ(IncidentReportHtml(log, a, PlanOf(log, a)),
              IncidentReportHtml(log, b, PlanOf(log, b)));
  }
}

TEST_F(IncidentReportTest, RowsAreJoinedToThePlansTablesAndTenants) {
  const audit::AuditLog log = ReadFixture("testdata/audit/purge-with-plan.audit.jsonl");
  const audit::RunTree tree = audit::BuildRunTree(log);
  const PlanBeside plan = PlanOf(log, tree);
  ASSERT_EQ(plan.state, PlanBeside::State::kMatches) << plan.problem;
  const std::string md = IncidentReportMarkdown(log, tree, plan);
  const std::string tenant = fixtures::kTenant;
  // Committed writes are changed; the read of count-left is not a change;
  // the rows of the rolled-back unit are rolled back, not changed.
  EXPECT_THAT(md, HasSubstr("| `sessions` | " + tenant + " | 37 | 0 | 0 | `expire-sessions` |"));
  EXPECT_THAT(md, HasSubstr("| `api_tokens` | " + tenant + " | 5 | 0 | 0 | `expire-sessions` |"));
  EXPECT_THAT(md, HasSubstr("| `public.session_archive` | all tenants (global step) | 1200 | 0 "
                            "| 0 | `prune-expired` |"));
  EXPECT_THAT(md, HasSubstr("| `tenants` | " + tenant + " | 0 | 1 | 0 | `reset-flags` |"));
  EXPECT_THAT(md, Not(HasSubstr("`count-left` |")));
  EXPECT_THAT(md, HasSubstr("| 3 | `5122` | **rolled back** |"));
  // Findings, overrides with their reasons, gates.
  EXPECT_THAT(md, HasSubstr("| `unscoped-delete` | error |"));
  EXPECT_THAT(md,
              HasSubstr("- `unscoped-delete`: the archive is pruned for every tenant by design"));
  EXPECT_THAT(md, HasSubstr("| `findings` | **overridden** |"));
  EXPECT_THAT(md, HasSubstr("| Title | Purge a tenant's stale sessions |"));
  EXPECT_THAT(md, HasSubstr("is the plan the run executed"));
}

TEST_F(IncidentReportTest, StatementsAreJoinedByTheirSqlHashThenByIndex) {
  audit::AuditLog log = ReadFixture("testdata/audit/purge-with-plan.audit.jsonl");
  const PlanBeside plan = PlanOf(log, audit::BuildRunTree(log));
  ASSERT_EQ(plan.state, PlanBeside::State::kMatches) << plan.problem;
  const std::string tenant = fixtures::kTenant;
  // Without sql_sha256, indexes counting from 0 (as the executor writes them).
  audit::AuditLog by_index = log;
  for (audit::AuditRecord& r : by_index.records) {
    if (r.kind != "statement") continue;
    r.fields.erase("sql_sha256");
    r.fields["index"] = r.fields["index"].get<int64_t>() - 1;
  }
  const std::string md = IncidentReportMarkdown(by_index, audit::BuildRunTree(by_index), plan);
  EXPECT_THAT(md, HasSubstr("| `sessions` | " + tenant + " | 37 | 0 | 0 | `expire-sessions` |"));
  EXPECT_THAT(md, HasSubstr("| `api_tokens` | " + tenant + " | 5 | 0 | 0 | `expire-sessions` |"));
  // A statement whose text is none of the step's is not attributed.
  audit::AuditLog other = log;
  for (audit::AuditRecord& r : other.records) {
    if (r.kind == "statement" && r.fields["step"] == "prune-expired") {
      r.fields["sql_sha256"] = "sha256:" + std::string(64, '0');
    }
  }
  const std::string md2 = IncidentReportMarkdown(other, audit::BuildRunTree(other), plan);
  EXPECT_THAT(md2, HasSubstr("Statement 1 of prune-expired is not a statement of the plan's step"));
  EXPECT_THAT(md2, HasSubstr("| (statement not in the plan) |"));
}

TEST_F(IncidentReportTest, APlanThatIsMissingOrNotTheRunsIsSaidAndLeftOut) {
  const audit::AuditLog log = ReadFixture("testdata/audit/completed.jsonl");
  const audit::RunTree tree = audit::BuildRunTree(log);
  const std::string hash = tree.run->plan_hash;

  const PlanBeside missing = CheckPlanBeside("x.plan.json", std::nullopt, hash);
  EXPECT_EQ(missing.state, PlanBeside::State::kMissing);
  EXPECT_THAT(IncidentReportMarkdown(log, tree, missing),
              HasSubstr("no plan file beside the audit log (x.plan.json). This report goes on "
                        "without it"));

  const std::string other =
      ReadFileOrEmpty(testutil::SourceDir() / "testdata/audit/purge-with-plan.plan.json");
  const PlanBeside differs = CheckPlanBeside("x.plan.json", other, hash);
  EXPECT_EQ(differs.state, PlanBeside::State::kDiffers);
  EXPECT_FALSE(differs.plan);
  const std::string md = IncidentReportMarkdown(log, tree, differs);
  EXPECT_THAT(md, HasSubstr("not the plan the run executed (" + hash + ")"));
  EXPECT_THAT(md, HasSubstr("| (unknown without the plan) |"));

  const PlanBeside bad = CheckPlanBeside("x.plan.json", "not json", hash);
  EXPECT_EQ(bad.state, PlanBeside::State::kUnreadable);
  EXPECT_THAT(IncidentReportHtml(log, tree, bad), HasSubstr("x.plan.json"));
}

TEST_F(IncidentReportTest, HtmlIsSelfContainedWithStableIds) {
  for (const std::string name : kFixtures) {
    const audit::AuditLog log = ReadFixture("testdata/audit/" + name + ".jsonl");
    const audit::RunTree tree = audit::BuildRunTree(log);
    const std::string html = IncidentReportHtml(log, tree, PlanOf(log, tree));
    EXPECT_THAT(html, StartsWith("<!DOCTYPE html>"));
    for (const char* id : {"summary", "timeline", "changes", "findings", "decision-tree",
                           "verification", "evidence", "root-cause", "follow-ups"}) {
      EXPECT_THAT(html, HasSubstr("id=\"" + std::string(id) + "\"")) << name << " " << id;
    }
    EXPECT_THAT(html, HasSubstr("class=\"final-status\""));
    EXPECT_THAT(html, HasSubstr("@media print"));
    EXPECT_THAT(html, HasSubstr(tree.run->plan_hash));
    EXPECT_THAT(html, Not(HasSubstr("http://")));
    EXPECT_THAT(html, Not(HasSubstr("https://")));
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, Not(HasSubstr("src=")));
    EXPECT_THAT(html, Not(HasSubstr("url(")));
    EXPECT_THAT(html, Not(HasSubstr("@import")));
  }
}

/// A log whose step ids, messages and output hold markup.
std::string HostileLog(const fs::path& dir) {
  const std::string path = (dir / "hostile.audit.jsonl").string();
  auto made = audit::AuditWriter::Create(path, "r-1", fixtures::FixedClock(1714580000));
  EXPECT_TRUE(made.ok());
  if (!made.ok()) return path;
  audit::AuditWriter& w = **made;
  const std::string id = "<script>alert(1)</script>&x";
  fixtures::Add(w, audit::kinds::kRunStart,
                {{"plan_hash", "sha256:<b>h</b>"},
                 {"runbook_id", "<img src=x onerror=alert(2)>"},
                 {"operator", "eve & \"mallory\""},
                 {"tenant", "t|1"}});
  fixtures::Add(w, audit::kinds::kPhase,
                {{"name", "plan"},
                 {"action", "<i>planned</i>"},
                 {"status", "halted"},
                 {"detail", "a & b"},
                 {"findings", {{"<k>", "<v>"}, {"decision", "<stop>"}}}});
  fixtures::Add(w, audit::kinds::kStepStart, {{"step", id}, {"step_kind", "sql"}, {"unit", 1}});
  fixtures::Add(w, audit::kinds::kStatement,
                {{"step", id},
                 {"index", 1},
                 {"rows", 2},
                 {"status", "failed"},
                 {"error", "</td><script>x()</script> & more"}});
  fixtures::Add(w, audit::kinds::kStepDone, {{"step", id}, {"status", "failed"}});
  fixtures::Add(w, "note<script>", {{"text", "<script>y()</script>"}});
  EXPECT_TRUE(
      w.AppendDurable(audit::kinds::kRunEnd,
                      {{"final_status", "<b>failed</b>"},
                       {"message", "<script>z()</script> & done"},
                       {"remediation", fixtures::Json::array({{{"change", "<u>fix</u> & retry"},
                                                               {"at", "a<b>.md:1:1"}}})}})
          .ok());
  return path;
}

TEST_F(IncidentReportTest, EveryValueIsEscapedInHtml) {
  auto log = audit::ReadLog(HostileLog(dir_));
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  const audit::RunTree tree = audit::BuildRunTree(*log);
  const std::string html =
      IncidentReportHtml(*log, tree, CheckPlanBeside("<p>.plan.json", std::nullopt, ""));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, Not(HasSubstr("<u>")));
  EXPECT_THAT(html, Not(HasSubstr("<i>")));
  EXPECT_THAT(html, Not(HasSubstr("<k>")));
  EXPECT_THAT(html, Not(HasSubstr("<p>.plan")));
  EXPECT_THAT(html, Not(HasSubstr("</td><script")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;&amp;x"));
  EXPECT_THAT(html, HasSubstr("&lt;/td&gt;&lt;script&gt;x()&lt;/script&gt; &amp; more"));
  EXPECT_THAT(html, HasSubstr("eve &amp; &quot;mallory&quot;"));
  EXPECT_THAT(html, HasSubstr("&lt;u&gt;fix&lt;/u&gt; &amp; retry"));
  // Every '&' in the document starts an entity.
  for (size_t at = html.find('&'); at != std::string::npos; at = html.find('&', at + 1)) {
    const std::string rest = html.substr(at, 6);
    EXPECT_TRUE(rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;") ||
                rest.starts_with("&quot;") || rest.starts_with("&#39;"))
        << rest;
  }
}

TEST_F(IncidentReportTest, EveryValueIsEscapedInMarkdown) {
  auto log = audit::ReadLog(HostileLog(dir_));
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  const audit::RunTree tree = audit::BuildRunTree(*log);
  const std::string md =
      IncidentReportMarkdown(*log, tree, CheckPlanBeside("p.plan.json", std::nullopt, ""));
  // Outside code spans no '<' or '|' from a value is left bare.
  EXPECT_THAT(md, Not(HasSubstr(" <script")));
  EXPECT_THAT(md, HasSubstr("\\<script\\>z()\\</script\\> \\& done"));
  EXPECT_THAT(md, HasSubstr("Step \\<script\\>alert(1)\\</script\\>\\&x failed"));
  EXPECT_THAT(md, HasSubstr("`<img src=x onerror=alert(2)>`"));
  EXPECT_THAT(md, HasSubstr("`t\\|1`"));
}

}  // namespace
}  // namespace runwarden::report
