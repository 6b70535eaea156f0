// Tests of the audit log writer and reader: the hash chain round trip, every
// kind of tampering, torn tails (a crash in the middle of a write) told
// apart from tampering, and resuming a log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "audit/reader.h"
#include "audit/values.h"
#include "audit/writer.h"
#include "base/sha256.h"
#include "testutil/golden.h"

namespace runwarden::audit {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using ::testing::HasSubstr;
using testutil::ReadFileOrEmpty;

/// A clock that starts at 2024-05-01T03:12:45Z and advances 250 ms a call.
AuditWriterOptions FixedClock() {
  AuditWriterOptions o;
  auto t = std::make_shared<std::chrono::system_clock::time_point>(
      std::chrono::system_clock::from_time_t(1714533165));
  o.clock = [t] {
    const auto now = *t;
    *t += std::chrono::milliseconds(250);
    return now;
  };
  return o;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw_audit_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  /// A log with a header and five records; returns its text.
  std::string FiveRecords(const std::string& path, std::string* head = nullptr) {
    auto w = AuditWriter::Create(path, "run-1", FixedClock());
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_TRUE((*w)->Append(kinds::kRunStart, {{"plan_hash", "sha256:abc"}}).ok());
    EXPECT_TRUE((*w)->Append(kinds::kStepStart, {{"step", "a"}, {"step_kind", "sql"}}).ok());
    EXPECT_TRUE((*w)->Append(kinds::kStatement, {{"step", "a"}, {"rows", 3}}).ok());
    EXPECT_TRUE((*w)->Append(kinds::kStepDone, {{"step", "a"}, {"status", "done"}}).ok());
    EXPECT_TRUE((*w)->AppendDurable(kinds::kRunEnd, {{"final_status", "completed"}}).ok());
    if (head) *head = (*w)->head();
    return ReadFileOrEmpty(path);
  }

  fs::path dir_;
};

TEST_F(AuditLogTest, RecordsReadBackInOrderAndTheChainVerifies) {
  const std::string path = Path("run.jsonl");
  std::string head;
  const std::string text = FiveRecords(path, &head);
  const auto lines = Lines(text);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(
      lines[0],
      R"({"format":"runwarden-audit/1","created":"2024-05-01T03:12:45.000Z","run_id":"run-1"})");
  EXPECT_EQ(
      lines[1],
      R"({"seq":1,"prev":")" + Sha256Hex(lines[0]) +
          R"(","time":"2024-05-01T03:12:45.250Z","kind":"run-start","plan_hash":"sha256:abc"})");
  EXPECT_EQ(head, Sha256Hex(lines[5]));

  auto log = ReadLog(path);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_TRUE(log->verify.intact);
  EXPECT_FALSE(log->verify.torn_tail);
  EXPECT_EQ(log->verify.records, 5);
  EXPECT_EQ(log->verify.head, head);
  EXPECT_EQ(log->header.run_id, "run-1");
  ASSERT_EQ(log->records.size(), 5u);
  const AuditRecord& st = log->records[2];
  EXPECT_EQ(st.seq, 3);
  EXPECT_EQ(st.kind, "statement");
  EXPECT_EQ(st.line_number, 4);
  EXPECT_EQ(st.line, lines[3]);
  EXPECT_EQ(st.prev, Sha256Hex(lines[2]));
  EXPECT_EQ(st.fields.dump(), R"({"step":"a","rows":3})");
}

TEST_F(AuditLogTest, CreateNeverReplacesAFile) {
  const std::string path = Path("run.jsonl");
  std::ofstream(path) << "precious\n";
  auto w = AuditWriter::Create(path, "run-2");
  ASSERT_FALSE(w.ok());
  EXPECT_THAT(w.status().message(), HasSubstr(path + ": an audit log (or another file) already "
                                                     "exists there"));
  EXPECT_EQ(ReadFileOrEmpty(path), "precious\n");
}

TEST_F(AuditLogTest, CreatedLogIsReadableByItsOwnerOnly) {
  const mode_t old = ::umask(0);
  auto w = AuditWriter::Create(Path("run.jsonl"), "run-1");
  ::umask(old);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(Path("run.jsonl").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(AuditLogTest, EnvelopeFieldNamesAreRefusedAndNothingIsWritten) {
  const std::string path = Path("run.jsonl");
  auto w = AuditWriter::Create(path, "run-1", FixedClock());
  ASSERT_TRUE(w.ok());
  const std::string before = ReadFileOrEmpty(path);
  for (const char* key : {"seq", "prev", "time", "kind"}) {
    Status s = (*w)->Append("phase", {{"name", "x"}, {key, 1}});
    EXPECT_FALSE(s.ok()) << key;
    EXPECT_THAT(s.message(), HasSubstr("field named " + std::string(key)));
  }
  EXPECT_FALSE((*w)->Append("", Json::object()).ok());
  EXPECT_FALSE((*w)->Append("phase", Json::array()).ok());
  EXPECT_EQ(ReadFileOrEmpty(path), before);
  EXPECT_EQ((*w)->seq(), 0);
  EXPECT_TRUE((*w)->Append("phase", nullptr).ok());
  EXPECT_EQ((*w)->seq(), 1);
}

TEST_F(AuditLogTest, SecondWriterIsRefusedWhileTheFirstHoldsTheLog) {
  const std::string path = Path("run.jsonl");
  auto w = AuditWriter::Create(path, "run-1");
  ASSERT_TRUE(w.ok());
  auto other = AuditWriter::Reopen(path);
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("another runwarden process"));
}

struct Tamper {
  const char* name;
  std::function<void(std::vector<std::string>&)> edit;
  int first_bad_line;
  const char* problem;
};

TEST_F(AuditLogTest, EveryKindOfTamperingIsDetectedAtTheFirstBadLine) {
  const std::string text = FiveRecords(Path("run.jsonl"));
  // Lines: 1 header, 2 run-start, 3 step-start, 4 statement, 5 step-done, 6 run-end.
  const std::vector<Tamper> cases = {
      {"edited field", [](auto& l) { l[3].replace(l[3].find("\"rows\":3"), 8, "\"rows\":0"); }, 4,
       "record 4: prev does not match the hash of line 4"},
      {"edited prev", [](auto& l) { l[3].replace(l[3].find("\"prev\":\"") + 8, 4, "0000"); }, 4,
       "line 4 was changed"},
      {"removed record", [](auto& l) { l.erase(l.begin() + 3); }, 4, "line 4: seq 4 follows 2"},
      {"duplicated record", [](auto& l) { l.insert(l.begin() + 3, l[3]); }, 5,
       "line 5: seq 3 follows 3"},
      {"reordered records", [](auto& l) { std::swap(l[2], l[3]); }, 3, "line 3: seq 3 follows 1"},
      {"changed header", [](auto& l) { l[0].replace(l[0].find("run-1"), 5, "run-9"); }, 1,
       "record 1: prev does not match the hash of line 1"},
      {"renumbered record", [](auto& l) { l[2].replace(l[2].find("\"seq\":2"), 7, "\"seq\":7"); },
       3, "line 3: seq 7 follows 1"},
      {"garbage line", [](auto& l) { l[2] = "garbage"; }, 3, "line 3 is not JSON"},
      {"blank line", [](auto& l) { l.insert(l.begin() + 2, ""); }, 3, "line 3 is not JSON"},
      {"keys reordered",
       [](auto& l) {
         Json j = Json::parse(l[4]);
         Json k = Json::object();
         k["prev"] = j["prev"];
         k["seq"] = j["seq"];
         for (auto it = j.begin(); it != j.end(); ++it) k[it.key()] = *it;
         l[4] = k.dump();
       },
       5, "line 5: key 1 is \"prev\", expected \"seq\""},
      {"first record removed", [](auto& l) { l.erase(l.begin() + 1); }, 2,
       "line 2: the first record has seq 2, not 1"},
  };
  for (const Tamper& t : cases) {
    auto lines = Lines(text);
    t.edit(lines);
    const VerifyResult v = Verify(Join(lines));
    EXPECT_TRUE(v.recognized) << t.name;
    EXPECT_FALSE(v.intact) << t.name;
    EXPECT_FALSE(v.torn_tail) << t.name;
    EXPECT_EQ(v.first_bad_line, t.first_bad_line) << t.name << ": " << v.problem;
    EXPECT_THAT(v.problem, HasSubstr(t.problem)) << t.name;
  }
}

TEST_F(AuditLogTest, TheLastRecordIsPinnedByTheHead) {
  std::string head;
  const std::string text = FiveRecords(Path("run.jsonl"), &head);
  auto lines = Lines(text);
  // Removing or editing the last record leaves a shorter chain that verifies;
  // only the head noted at the end tells.
  lines.pop_back();
  VerifyResult v = Verify(Join(lines));
  EXPECT_TRUE(v.intact);
  EXPECT_NE(v.head, head);
  EXPECT_EQ(v.records, 4);
}

TEST_F(AuditLogTest, TornLastLineIsNotTampering) {
  std::string head;
  const std::string text = FiveRecords(Path("run.jsonl"), &head);
  const auto lines = Lines(text);
  const std::string prefix = Join({lines.begin(), lines.end() - 1});
  const std::string partial = lines.back().substr(0, 20);

  const VerifyResult cut = Verify(prefix + partial);
  EXPECT_TRUE(cut.intact);
  EXPECT_TRUE(cut.torn_tail);
  EXPECT_EQ(cut.torn_bytes, 20);
  EXPECT_EQ(cut.records, 4);
  EXPECT_EQ(cut.head, Sha256Hex(lines[4]));
  EXPECT_EQ(cut.verified_bytes, static_cast<int64_t>(prefix.size()));
  EXPECT_FALSE(cut.first_bad_line);

  // A whole last line without its newline is torn too: a record is only
  // written once its newline is.
  const VerifyResult no_newline = Verify(text.substr(0, text.size() - 1));
  EXPECT_TRUE(no_newline.intact);
  EXPECT_TRUE(no_newline.torn_tail);
  EXPECT_EQ(no_newline.records, 4);

  // An unreadable last line (zeros after a crash) is torn.
  const VerifyResult zeros = Verify(prefix + std::string(8, '\0') + "\n");
  EXPECT_TRUE(zeros.intact);
  EXPECT_TRUE(zeros.torn_tail);
  EXPECT_EQ(zeros.torn_bytes, 9);

  // Tampering before a torn tail is still tampering.
  auto edited = lines;
  edited[2].replace(edited[2].find("\"sql\""), 5, "\"zzz\"");
  const VerifyResult both = Verify(Join({edited.begin(), edited.end() - 1}) + partial);
  EXPECT_FALSE(both.intact);
  EXPECT_EQ(both.first_bad_line, 3);

  // A complete last record that does not chain is tampering, not a torn tail.
  auto forged = lines;
  forged.back().replace(forged.back().find("\"prev\":\"") + 8, 4, "0000");
  const VerifyResult bad_last = Verify(Join(forged));
  EXPECT_FALSE(bad_last.intact);
  EXPECT_FALSE(bad_last.torn_tail);
}

TEST_F(AuditLogTest, ReopenDropsATornTailAndContinuesTheChain) {
  const std::string path = Path("run.jsonl");
  FiveRecords(path);
  std::ofstream(path, std::ios::app | std::ios::binary) << R"({"seq":6,"prev":"ab)";
  {
    auto w = AuditWriter::Reopen(path, FixedClock());
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ((*w)->seq(), 6);
    ASSERT_TRUE((*w)->AppendDurable(kinds::kResume, {{"from_step", "a"}}).ok());
    EXPECT_EQ((*w)->seq(), 7);
  }
  auto log = ReadLog(path);
  ASSERT_TRUE(log.ok());
  EXPECT_TRUE(log->verify.intact) << log->verify.problem;
  EXPECT_FALSE(log->verify.torn_tail);
  ASSERT_EQ(log->records.size(), 7u);
  EXPECT_EQ(log->records[5].kind, "torn-tail");
  EXPECT_EQ(log->records[5].fields.dump(), R"({"dropped_bytes":19,"after_line":6})");
  EXPECT_EQ(log->records[6].kind, "resume");
}

TEST_F(AuditLogTest, ReopenOfAnIntactLogAppendsAfterItsHead) {
  const std::string path = Path("run.jsonl");
  std::string head;
  FiveRecords(path, &head);
  auto w = AuditWriter::Reopen(path, FixedClock());
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ((*w)->seq(), 5);
  EXPECT_EQ((*w)->head(), head);
  ASSERT_TRUE((*w)->Append(kinds::kResume, {{"previous_head", head}}).ok());
  auto log = ReadLog(path);
  ASSERT_TRUE(log.ok());
  EXPECT_TRUE(log->verify.intact);
  EXPECT_EQ(log->verify.records, 6);
  EXPECT_EQ(log->records.back().prev, head);
}

TEST_F(AuditLogTest, ReopenRefusesATamperedLogAndLeavesItAlone) {
  const std::string path = Path("run.jsonl");
  auto lines = Lines(FiveRecords(path));
  lines[3].replace(lines[3].find("\"rows\":3"), 8, "\"rows\":9");
  const std::string tampered = Join(lines);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << tampered;
  auto w = AuditWriter::Reopen(path);
  ASSERT_FALSE(w.ok());
  EXPECT_THAT(w.status().message(), HasSubstr(path + ":4: the audit log does not verify"));
  EXPECT_EQ(ReadFileOrEmpty(path), tampered);
  EXPECT_EQ(AuditWriter::Reopen(Path("missing.jsonl")).status().code(), ErrorCode::kNotFound);
}

TEST_F(AuditLogTest, InputThatIsNotAnAuditLogIsAnErrorAtItsPosition) {
  struct Case {
    std::string text, message;
  };
  const std::vector<Case> cases = {
      {"", "log.jsonl:1:1: error: not a runwarden audit log: the file is empty"},
      {"hello\n", "log.jsonl:1:1: error: not a runwarden audit log: line 1 is not JSON"},
      {"{\"format\": x}\n", "log.jsonl:1:12: error: not a runwarden audit log: line 1 is not JSON"},
      {"{}\n", "not a runwarden audit log: line 1 has no \"format\""},
      {R"({"format":"runwarden-plan/1"})"
       "\n",
       "the format is \"runwarden-plan/1\", not \"runwarden-audit/1\""},
      {R"({"format":"runwarden-audit/1","created":"yesterday","run_id":"r"})"
       "\n",
       "no RFC 3339 UTC \"created\" time"},
      {R"({"format":"runwarden-audit/1","created":"2024-05-01T03:12:45.000Z","run_id":"r"})",
       "line 1 does not end with a newline"},
  };
  for (const Case& c : cases) {
    auto log = ParseLog(c.text, "log.jsonl");
    ASSERT_FALSE(log.ok()) << c.text;
    EXPECT_THAT(log.status().ToString(), HasSubstr(c.message)) << c.text;
    EXPECT_FALSE(Verify(c.text).recognized);
  }
}

TEST_F(AuditLogTest, DeeplyNestedFieldsAreRefusedBeforeParsing) {
  const std::string text = FiveRecords(Path("run.jsonl"));
  auto lines = Lines(text);
  lines.insert(lines.begin() + 2,
               "{\"seq\":2,\"x\":" + std::string(100, '[') + std::string(100, ']') + "}");
  const VerifyResult v = Verify(Join(lines));
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_line, 3);
  EXPECT_THAT(v.problem, HasSubstr("nested deeper than 64 levels"));
}

TEST_F(AuditLogTest, NumbersOutOfRangeAreNotJsonNotACrash) {
  auto lines = Lines(FiveRecords(Path("run.jsonl")));
  lines[2].insert(lines[2].size() - 1, ",\"x\":3305e370710922");
  const VerifyResult v = Verify(Join(lines));
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_line, 3);
  EXPECT_EQ(v.problem, "line 3 is not JSON: a number is out of range");
  auto header = ParseLog("{\"format\":1e999999}\n", "log.jsonl");
  EXPECT_FALSE(header.ok());
}

TEST(AuditValuesTest, ValuesAreLoggedAsTheirHashOnly) {
  EXPECT_EQ(ValueHash("secret"),
            "sha256:2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
  EXPECT_THAT(ValueHash("hunter2"), ::testing::Not(HasSubstr("hunter2")));
}

TEST(AuditTimeTest, TimesAreUtcWithMilliseconds) {
  using std::chrono::system_clock;
  EXPECT_EQ(FormatTime(system_clock::from_time_t(1714533165) + std::chrono::milliseconds(7)),
            "2024-05-01T03:12:45.007Z");
  EXPECT_EQ(FormatTime(system_clock::from_time_t(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_TRUE(IsUtcTime("2024-05-01T03:12:45.007Z"));
  EXPECT_TRUE(IsUtcTime("2024-05-01T03:12:45Z"));
  EXPECT_FALSE(IsUtcTime("2024-05-01T03:12:45.007+02:00"));
  EXPECT_FALSE(IsUtcTime("2024-05-01 03:12:45Z"));
  EXPECT_FALSE(IsUtcTime("2024-05-01T03:12:45.Z"));
}

}  // namespace
}  // namespace runwarden::audit
