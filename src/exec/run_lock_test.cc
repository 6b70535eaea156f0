// The run lock on SQLite (a lock file beside the database), in-memory SQLite
// and the fake backend.
#include "exec/run_lock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "db/fake.h"
#include "db/sqlite.h"

namespace runwarden::exec {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
namespace fs = std::filesystem;

class RunLockSqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "rw-lock-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_path_ = (dir_ / "app.db").string();
    first_ = Connect();
    second_ = Connect();
  }
  void TearDown() override {
    first_.reset();
    second_.reset();
    fs::remove_all(dir_);
  }

  std::unique_ptr<db::Connection> Connect() {
    Result<std::unique_ptr<db::Connection>> conn =
        db::OpenSqlite(db_path_, db::SqliteOpenMode::kCreateIfMissing);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    return conn.ok() ? std::move(conn).value() : nullptr;
  }

  fs::path dir_;
  std::string db_path_;
  std::unique_ptr<db::Connection> first_, second_;
};

TEST_F(RunLockSqliteTest, SecondRunIsRefusedAndNamesTheHolder) {
  Result<std::unique_ptr<RunLock>> held =
      RunLock::Acquire(*first_, "purge-sessions", "acme", "ops@host1 pid 123");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  const std::string lock_file =
      RunLockFilePath(fs::canonical(db_path_).string(), "purge-sessions", "acme");
  EXPECT_EQ((*held)->description(), "lock file " + lock_file);

  Result<std::unique_ptr<RunLock>> refused =
      RunLock::Acquire(*second_, "purge-sessions", "acme", "ops@host2 pid 456");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kUnavailable);
  EXPECT_THAT(refused.status().message(),
              HasSubstr("another run of runbook purge-sessions for tenant acme holds the run "
                        "lock: runwarden ops@host1 pid 123, since "));
  EXPECT_THAT(refused.status().message(), HasSubstr(lock_file));
  EXPECT_FALSE(refused.status().hint().empty());
}

TEST_F(RunLockSqliteTest, ReleasedLockCanBeTakenAgain) {
  {
    Result<std::unique_ptr<RunLock>> held = RunLock::Acquire(*first_, "rb", "t1", "first");
    ASSERT_TRUE(held.ok()) << held.status().ToString();
  }
  Result<std::unique_ptr<RunLock>> again = RunLock::Acquire(*second_, "rb", "t1", "second");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  // The file stays; it names the current holder.
  std::ifstream in(RunLockFilePath(fs::canonical(db_path_).string(), "rb", "t1"));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), MatchesRegex("runwarden second, since "
                                       "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\n"));
}

TEST_F(RunLockSqliteTest, OtherTenantsAndRunbooksDoNotConflict) {
  Result<std::unique_ptr<RunLock>> held = RunLock::Acquire(*first_, "rb", "t1", "first");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  Result<std::unique_ptr<RunLock>> tenant = RunLock::Acquire(*second_, "rb", "t2", "second");
  EXPECT_TRUE(tenant.ok()) << tenant.status().ToString();
  Result<std::unique_ptr<RunLock>> runbook = RunLock::Acquire(*second_, "rb2", "t1", "second");
  EXPECT_TRUE(runbook.ok()) << runbook.status().ToString();
  // The separator cannot be forged by moving text between the two parts.
  Result<std::unique_ptr<RunLock>> shifted = RunLock::Acquire(*second_, "rbt", "1", "second");
  EXPECT_TRUE(shifted.ok()) << shifted.status().ToString();
}

TEST_F(RunLockSqliteTest, LockFileIsPrivateAndBesideTheDatabase) {
  Result<std::unique_ptr<RunLock>> held = RunLock::Acquire(*first_, "rb", "t1", "first");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  const std::string path = RunLockFilePath(fs::canonical(db_path_).string(), "rb", "t1");
  EXPECT_EQ(fs::path(path).parent_path(), fs::canonical(dir_));
  EXPECT_THAT(fs::path(path).filename().string(),
              MatchesRegex("app\\.db\\.runwarden-[0-9a-f]{16}\\.lock"));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(RunLockSqliteTest, HostileNamesAreData) {
  const std::string runbook = "it's \"quoted\"; rm -rf / #";
  const std::string tenant = "../../etc/passwd\n'; DROP TABLE x; --";
  Result<std::unique_ptr<RunLock>> held = RunLock::Acquire(*first_, runbook, tenant, "first");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  Result<std::unique_ptr<RunLock>> refused = RunLock::Acquire(*second_, runbook, tenant, "second");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kUnavailable);
  EXPECT_THAT(refused.status().message(), HasSubstr(runbook));
  // Only the database and the one lock file are in the directory.
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "app.db" || name.rfind("app.db.runwarden-", 0) == 0) << name;
    ++files;
  }
  EXPECT_EQ(files, 2u);
}

TEST_F(RunLockSqliteTest, SymlinkedLockFileIsRefused) {
  const std::string path = RunLockFilePath(fs::canonical(db_path_).string(), "rb", "t1");
  const fs::path victim = dir_ / "victim";
  std::ofstream(victim) << "keep me\n";
  fs::create_symlink(victim, path);
  Result<std::unique_ptr<RunLock>> r = RunLock::Acquire(*first_, "rb", "t1", "first");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIo);
  std::ifstream in(victim);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "keep me");
}

TEST(RunLockTest, InMemorySqliteNeedsNoLock) {
  Result<std::unique_ptr<db::Connection>> a =
      db::OpenSqlite(":memory:", db::SqliteOpenMode::kCreateIfMissing);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  Result<std::unique_ptr<RunLock>> first = RunLock::Acquire(**a, "rb", "t", "first");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Result<std::unique_ptr<RunLock>> second = RunLock::Acquire(**a, "rb", "t", "second");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_THAT((*first)->description(), HasSubstr("no run lock"));
}

TEST(RunLockTest, FakeConnectionNeedsNoLockAndSendsNothing) {
  db::FakeConnection fake;
  Result<std::unique_ptr<RunLock>> lock = RunLock::Acquire(fake, "rb", "t", "ops");
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  lock->reset();
  EXPECT_TRUE(fake.calls().empty());
}

TEST(RunLockTest, KeyAndFileName) {
  EXPECT_EQ(RunLockKey("purge", "acme"), "runwarden:purge:acme");
  // sha256("purge\0acme"), first 16 hex digits.
  EXPECT_EQ(RunLockFilePath("/srv/app.db", "purge", "acme"),
            "/srv/app.db.runwarden-4863072eff205061.lock");
  EXPECT_NE(RunLockFilePath("/srv/app.db", "ab", "c"), RunLockFilePath("/srv/app.db", "a", "bc"));
  EXPECT_EQ(RunLockFilePath("/srv/app.db", "purge", "acme"),
            RunLockFilePath("/srv/app.db", "purge", "acme"));
}

}  // namespace
}  // namespace runwarden::exec
