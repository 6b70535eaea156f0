#ifndef RUNWARDEN_DB_PG_TEST_ENV_H_
#define RUNWARDEN_DB_PG_TEST_ENV_H_

// Test-only helpers for tests that need a real PostgreSQL server. Include
// from *_test.cc files only: it depends on gtest.

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "db/connection.h"
#include "db/target.h"

namespace runwarden::db {

/// Why a PostgreSQL test did not run.
inline constexpr char kNoPgServerReason[] =
    "no PostgreSQL server: run the tests through scripts/with-postgres.sh (make test does)";

/// The superuser connection string scripts/with-postgres.sh exports as
/// RUNWARDEN_TEST_PG_DSN (a keyword string with host=<socket dir>), or
/// nullopt when the tests run without a server.
inline std::optional<std::string> TestPgDsn() {
  const char* dsn = std::getenv("RUNWARDEN_TEST_PG_DSN");
  if (dsn == nullptr || *dsn == '\0') return std::nullopt;
  return std::string(dsn);
}

/// True when a missing server must fail the tests rather than skip them
/// (the environment variable CI equals "true").
inline bool PgServerRequired() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

/// `dsn` with keyword `key` set to `value` (which must need no quoting). For
/// a keyword string the pair is appended (libpq keeps the last value); for a
/// URI it becomes a query parameter.
inline std::string WithDsnKeyword(const std::string& dsn, std::string_view key,
                                  std::string_view value) {
  const std::string pair = std::string(key) + "=" + std::string(value);
  if (dsn.rfind("postgres://", 0) == 0 || dsn.rfind("postgresql://", 0) == 0) {
    return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + pair;
  }
  return dsn + " " + pair;
}

/// Twelve random lowercase hex digits, for names of per-test objects.
inline std::string RandomSuffix() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::mt19937_64 engine((static_cast<uint64_t>(device()) << 32) ^ device());
  std::string out;
  for (int i = 0; i < 12; ++i) out += kHex[engine() % 16];
  return out;
}

/// A database of one test's own, so that tests can run in parallel against
/// one server: CREATE DATABASE rw_test_<random> on construction, DROP
/// DATABASE ... WITH (FORCE) and DROP ROLE for the roles it made on
/// destruction. Owns its superuser connection to the admin database.
class ScratchDatabase {
 public:
  /// Creates the database through `admin_dsn` (a superuser DSN).
  static Result<std::unique_ptr<ScratchDatabase>> Create(const std::string& admin_dsn) {
    RW_ASSIGN_OR_RETURN(std::unique_ptr<Connection> admin, Open(admin_dsn));
    std::string name = "rw_test_" + RandomSuffix();
    RW_TRY(admin->Execute("CREATE DATABASE " + name).status());
    return std::unique_ptr<ScratchDatabase>(
        new ScratchDatabase(admin_dsn, std::move(admin), std::move(name)));
  }

  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  ~ScratchDatabase() {
    static_cast<void>(admin_->Execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"));
    for (const std::string& role : roles_) {
      static_cast<void>(admin_->Execute("DROP ROLE IF EXISTS " + role));
    }
  }

  const std::string& name() const { return name_; }
  /// Connects to the scratch database as the superuser.
  std::string dsn() const { return WithDsnKeyword(admin_dsn_, "dbname", name_); }
  /// Connects to the scratch database as `role` (trust authentication).
  std::string DsnAs(std::string_view role) const { return WithDsnKeyword(dsn(), "user", role); }

  /// CREATE ROLE <prefix>_<random> LOGIN (not superuser, no BYPASSRLS);
  /// dropped with the database. Returns the role's name.
  Result<std::string> CreateRole(std::string_view prefix) {
    std::string role = std::string(prefix) + "_" + RandomSuffix();
    RW_TRY(admin_->Execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOBYPASSRLS").status());
    roles_.push_back(role);
    return role;
  }

 private:
  ScratchDatabase(std::string admin_dsn, std::unique_ptr<Connection> admin, std::string name)
      : admin_dsn_(std::move(admin_dsn)), admin_(std::move(admin)), name_(std::move(name)) {}

  std::string admin_dsn_;
  std::unique_ptr<Connection> admin_;
  std::string name_;
  std::vector<std::string> roles_;
};

}  // namespace runwarden::db

/// In a test body or SetUp(): declares `std::string var` holding
/// TestPgDsn(), or ends the test when there is no server: a failure when CI
/// is "true", a skip otherwise.
#define RW_REQUIRE_TEST_PG_DSN(var)                          \
  std::string var;                                           \
  if (auto rw_test_pg_dsn_ = ::runwarden::db::TestPgDsn()) { \
    var = *rw_test_pg_dsn_;                                  \
  } else if (::runwarden::db::PgServerRequired()) {          \
    GTEST_FAIL() << ::runwarden::db::kNoPgServerReason;      \
  } else {                                                   \
    GTEST_SKIP() << ::runwarden::db::kNoPgServerReason;      \
  }

namespace runwarden::db {

/// A test with a scratch database of its own, dropped afterwards, and a
/// superuser connection to it. A subclass that adds to SetUp calls this one
/// first and stops when it did not get a database:
///   ScratchDatabaseTest::SetUp();
///   if (IsSkipped() || HasFatalFailure()) return;
class ScratchDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RW_REQUIRE_TEST_PG_DSN(admin_dsn);
    auto db = ScratchDatabase::Create(admin_dsn);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto admin = Open(db_->dsn());
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    admin_ = std::move(admin).value();
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<Connection> admin_;
};

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_PG_TEST_ENV_H_
