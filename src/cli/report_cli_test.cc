// End-to-end tests of runwarden report on the fixture logs of
// testdata/audit/: formats, output files, the plan beside the log, exit
// codes for intact, tampered and unreadable logs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/file_reader.h"
#include "db/sqlite.h"
#include "testutil/golden.h"

namespace runwarden::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testutil::ReadFileOrEmpty;
using testutil::RunRunwarden;

class ReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw_report_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  fs::path dir_;
};

TEST_F(ReportCliTest, EachFormatIsTheReportOfTheLibrary) {
  const std::string log = "testdata/audit/completed.jsonl";
  auto md = RunRunwarden("report " + log);
  EXPECT_EQ(md.exit_code, 0) << md.err;
  EXPECT_EQ(md.out,
            ReadFileOrEmpty(testutil::SourceDir() / "testdata/golden/run-completed.report.md"));
  auto json = RunRunwarden("report --format json " + log);
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, ReadFileOrEmpty(testutil::SourceDir() /
                                      "testdata/golden/run-completed.decision-tree.json"));
  auto text = RunRunwarden("report --format text " + log);
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out, ReadFileOrEmpty(testutil::SourceDir() /
                                      "testdata/golden/run-completed.decision-tree.txt"));
  auto html = RunRunwarden("report --format html " + log);
  EXPECT_EQ(html.exit_code, 0) << html.err;
  EXPECT_THAT(html.out, StartsWith("<!DOCTYPE html>"));
}

TEST_F(ReportCliTest, ThePlanBesideTheLogIsUsedAndTheReportGoesToAFile) {
  const std::string out = (dir_ / "report.html").string();
  auto r = RunRunwarden("report --format html -o '" + out +
                        "' testdata/audit/purge-with-plan.audit.jsonl");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(
      ReadFileOrEmpty(out),
      ReadFileOrEmpty(testutil::SourceDir() / "testdata/golden/run-purge-with-plan.report.html"));
}

TEST_F(ReportCliTest, APlanEditedAfterTheRunIsNotUsed) {
  const std::string log =
      Write("run.audit.jsonl",
            ReadFileOrEmpty(testutil::SourceDir() / "testdata/audit/purge-with-plan.audit.jsonl"));
  std::string plan =
      ReadFileOrEmpty(testutil::SourceDir() / "testdata/audit/purge-with-plan.plan.json");
  plan.replace(plan.find("SEV-2"), 5, "SEV-1");
  Write("run.plan.json", plan);
  auto r = RunRunwarden("report '" + log + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("was changed after it was written"));
  EXPECT_THAT(r.out, HasSubstr("This report goes on without it"));
  EXPECT_THAT(r.out, Not(HasSubstr("| Severity |")));
}

TEST_F(ReportCliTest, ATamperedLogIsReportedUnderAWarningAndExitsOne) {
  std::string text = ReadFileOrEmpty(testutil::SourceDir() / "testdata/audit/completed.jsonl");
  text.replace(text.find("\"rows\":4"), 8, "\"rows\":0");
  const std::string log = Write("tampered.audit.jsonl", text);
  for (const std::string format : {"md", "html", "json", "text"}) {
    auto r = RunRunwarden("report --format " + format + " '" + log + "'");
    EXPECT_EQ(r.exit_code, 1) << format;
    EXPECT_THAT(r.err, HasSubstr("does not verify (line 13"));
    if (format == "md") {
      EXPECT_THAT(r.out, StartsWith("> **WARNING: THIS AUDIT LOG DOES NOT VERIFY"));
    } else if (format == "html") {
      EXPECT_THAT(r.out, HasSubstr("<div class=\"warning\""));
    } else if (format == "text") {
      EXPECT_THAT(r.out, StartsWith("WARNING: THIS AUDIT LOG DOES NOT VERIFY"));
    } else {
      EXPECT_THAT(r.out, HasSubstr("\"intact\": false"));
    }
  }
}

TEST_F(ReportCliTest, WhatIsNotAnAuditLogExitsTwoNamingTheFile) {
  const std::string notlog = Write("notes.jsonl", "hello\n");
  auto r = RunRunwarden("report '" + notlog + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr(notlog));
  EXPECT_THAT(r.err, HasSubstr("not a runwarden audit log"));
  EXPECT_EQ(r.out, "");
  auto missing = RunRunwarden("report '" + (dir_ / "missing.jsonl").string() + "'");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("missing.jsonl"));
  auto format = RunRunwarden("report --format pdf testdata/audit/completed.jsonl");
  EXPECT_EQ(format.exit_code, 2);
}

TEST_F(ReportCliTest, TheReportOfARealRunJoinsItsRowsToThePlan) {
  // A run on SQLite, as `runwarden run` writes it: the log and the plan beside it.
  const std::string db = (dir_ / "support.db").string();
  auto schema = DiskFileReader().Read(
      (testutil::SourceDir() / "testdata/apply/support.sql").string(), 1 << 20);
  ASSERT_TRUE(schema.ok());
  {
    auto conn = db::OpenSqlite(db, db::SqliteOpenMode::kCreateIfMissing);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Execute(*schema).ok());
  }
  const std::string log = (dir_ / "close.audit.jsonl").string();
  auto run = RunRunwarden("run testdata/apply/close-stale-tickets.md --target 'sqlite:" + db +
                          "' --tenant t-1 --param INCIDENT=INC-7 --log '" + log + "'");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_TRUE(fs::exists(dir_ / "close.plan.json"));

  auto md = RunRunwarden("report '" + log + "'");
  EXPECT_EQ(md.exit_code, 0) << md.err;
  EXPECT_THAT(md.out, HasSubstr("beside the log is the plan the run executed"));
  // The two writes of the atomic group, committed; the read of open-tickets
  // is not a change.
  EXPECT_THAT(md.out, HasSubstr("| `tickets` | t-1 | 2 | 0 | 0 | `close` |"));
  EXPECT_THAT(md.out, HasSubstr("| `ticket_notes` | t-1 | 3 | 0 | 0 | `note` |"));
  EXPECT_THAT(md.out, Not(HasSubstr("`open-tickets` |")));
  EXPECT_THAT(md.out, Not(HasSubstr("not a statement of the plan")));
  EXPECT_THAT(md.out, HasSubstr("| Final status | **`completed`** |"));

  auto json = RunRunwarden("report --format json '" + log + "'");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"action\": \"Ran step close (sql, unit 1, group fix)\""));
  EXPECT_THAT(json.out, HasSubstr("\"final_status\": \"completed\""));
}

}  // namespace
}  // namespace runwarden::cli
