// End-to-end tests of runwarden audit verify and runwarden audit show on the
// fixture logs of testdata/audit/ and on tampered and torn copies of them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/sha256.h"
#include "base/text.h"
#include "testutil/golden.h"

namespace runwarden::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testutil::ReadFileOrEmpty;
using testutil::RunRunwarden;

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw_audit_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    completed_ = ReadFileOrEmpty(testutil::SourceDir() / "testdata/audit/completed.jsonl");
    ASSERT_FALSE(completed_.empty());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  /// The completed fixture with `from` replaced by `to` once.
  std::string Edited(const std::string& from, const std::string& to) {
    std::string text = completed_;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  }

  std::string LastLineHash() const {
    const size_t end = completed_.size() - 1;
    const size_t start = completed_.rfind('\n', end - 1) + 1;
    return Sha256Hex(completed_.substr(start, end - start));
  }

  fs::path dir_;
  std::string completed_;
};

TEST_F(AuditCliTest, ShowGoldens) {
  for (const std::string name : {"completed", "rolled-back", "resumed"}) {
    const std::string log = "testdata/audit/" + name + ".jsonl";
    auto text = RunRunwarden("audit show " + log);
    EXPECT_EQ(text.exit_code, 0) << text.err;
    testutil::ExpectGolden("testdata/golden/audit-" + name + ".show.txt", text.out);
    auto json = RunRunwarden("audit show --format json " + log);
    EXPECT_EQ(json.exit_code, 0) << json.err;
    testutil::ExpectGolden("testdata/golden/audit-" + name + ".show.json", json.out);
  }
}

TEST_F(AuditCliTest, VerifyIntactLogPrintsTheHead) {
  auto r = RunRunwarden("audit verify testdata/audit/completed.jsonl");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "testdata/audit/completed.jsonl: intact, 19 records, head " + LastLineHash() + "\n");
  auto json = RunRunwarden("audit verify --format json testdata/audit/completed.jsonl");
  EXPECT_EQ(json.exit_code, 0);
  testutil::ExpectGolden("testdata/golden/audit-completed.verify.json", json.out);
}

TEST_F(AuditCliTest, ExpectHeadPinsTheEndOfTheLog) {
  const std::string log = "testdata/audit/completed.jsonl";
  auto same = RunRunwarden("audit verify " + log + " --expect-head " + LastLineHash());
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_THAT(same.out, HasSubstr("head matches the expected head"));
  auto prefixed =
      RunRunwarden("audit verify " + log + " --expect-head sha256:" + AsciiUpper(LastLineHash()));
  EXPECT_EQ(prefixed.exit_code, 0) << prefixed.out << prefixed.err;

  // The last record removed: the shorter chain verifies, the head does not.
  const std::string cut =
      Write("cut.jsonl", completed_.substr(0, completed_.rfind('\n', completed_.size() - 2) + 1));
  auto removed = RunRunwarden("audit verify " + cut + " --expect-head " + LastLineHash());
  EXPECT_EQ(removed.exit_code, 1);
  EXPECT_THAT(removed.out, HasSubstr("no line of the log has that hash"));

  // Records added after the noted head.
  const std::string header_hash = Sha256Hex(completed_.substr(0, completed_.find('\n')));
  auto added = RunRunwarden("audit verify " + log + " --expect-head " + header_hash);
  EXPECT_EQ(added.exit_code, 1);
  EXPECT_THAT(added.out, HasSubstr("that is the hash of line 1, so records were added after it"));

  auto bad = RunRunwarden("audit verify " + log + " --expect-head xyz");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--expect-head xyz is not a SHA-256 in hex"));
}

TEST_F(AuditCliTest, TamperedLogExitsOneAndNamesTheFirstBadLine) {
  const std::string path = Write("tampered.jsonl", Edited("\"rows\":4", "\"rows\":0"));
  auto r = RunRunwarden("audit verify " + path);
  EXPECT_EQ(r.exit_code, 1);
  // The statement of session-cutoff is line 13.
  EXPECT_THAT(r.out, HasSubstr(path + ":13: does not verify: record 13: prev does not match the "
                                      "hash of line 13"));
  EXPECT_THAT(r.out, HasSubstr("the 11 records before line 13 verify"));

  auto json = RunRunwarden("audit verify --format json " + path);
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_THAT(json.out, HasSubstr("\"first_bad_line\": 13"));
  EXPECT_THAT(json.out, HasSubstr("\"intact\": false"));

  auto show = RunRunwarden("audit show " + path);
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_EQ(show.out.rfind("WARNING: THIS AUDIT LOG DOES NOT VERIFY.", 0), 0u) << show.out;
  // Still shown, with the edited value.
  EXPECT_THAT(show.out, HasSubstr("statement 1: ok, 0 rows"));
  auto show_json = RunRunwarden("audit show --format json " + path);
  EXPECT_EQ(show_json.exit_code, 1);
  EXPECT_THAT(show_json.out, HasSubstr("\"intact\": false"));
}

TEST_F(AuditCliTest, TornTailIsReportedButIntact) {
  const std::string path = Write("torn.jsonl", completed_.substr(0, completed_.size() - 30));
  auto r = RunRunwarden("audit verify " + path);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr(": intact, 18 records"));
  EXPECT_THAT(r.out, HasSubstr("torn tail: the last"));
  EXPECT_THAT(r.out, HasSubstr("(line 20) are an incomplete record"));
  auto show = RunRunwarden("audit show " + path);
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_THAT(show.out, HasSubstr("Final status: none"));
}

TEST_F(AuditCliTest, BadInputExitsTwoWithItsLocation) {
  auto missing = RunRunwarden("audit verify /nonexistent/run.jsonl");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent/run.jsonl"));
  const std::string plan = Write("plan.json", "{\"format\": \"runwarden-plan/1\"}\n");
  auto not_log = RunRunwarden("audit show " + plan);
  EXPECT_EQ(not_log.exit_code, 2);
  EXPECT_THAT(not_log.err, HasSubstr(plan + ":1:1: error: not a runwarden audit log: the format "
                                            "is \"runwarden-plan/1\""));
  const std::string junk = Write("junk.jsonl", "{\"format\" x}\n");
  auto junk_r = RunRunwarden("audit verify " + junk);
  EXPECT_EQ(junk_r.exit_code, 2);
  EXPECT_THAT(junk_r.err, HasSubstr(junk + ":1:11: error: not a runwarden audit log: line 1 is "
                                           "not JSON"));
  auto no_sub = RunRunwarden("audit");
  EXPECT_EQ(no_sub.exit_code, 2);
}

}  // namespace
}  // namespace runwarden::cli
