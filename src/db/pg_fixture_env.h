#ifndef RUNWARDEN_DB_PG_FIXTURE_ENV_H_
#define RUNWARDEN_DB_PG_FIXTURE_ENV_H_

// Test-only helpers for tests that load the live fixtures of testdata/live/
// (holes.sql, clean.sql and their roles) into a ScratchDatabase. Include
// from *_test.cc files only.

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "db/pg_test_env.h"
#include "db/server_error.h"

namespace runwarden::db {

/// The cluster roles the live fixtures name (testdata/live/roles.sql).
inline constexpr char kFixtureOwnerRole[] = "rw_fixture_owner";
inline constexpr char kFixtureAppRole[] = "rw_fixture_app";
inline constexpr char kFixtureBypassRole[] = "rw_fixture_bypass";

/// testdata/live/<name> in the source tree.
inline std::filesystem::path LiveFixturePath(const std::string& name) {
  return std::filesystem::path(RUNWARDEN_SOURCE_DIR) / "testdata" / "live" / name;
}

/// The text of testdata/live/<name>, or "" when it cannot be read.
inline std::string ReadLiveFixture(const std::string& name) {
  std::ifstream in(LiveFixturePath(name), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Creates the fixture roles of roles.sql when they do not exist yet and
/// (re)applies their attributes. Roles belong to the whole cluster and are
/// shared by every test of a run, so this runs under an advisory lock and
/// never drops them (scripts/with-postgres.sh throws the cluster away).
inline Status EnsureFixtureRoles(Connection& admin) {
  RW_TRY(admin.Execute("SELECT pg_advisory_lock(7151)").status());
  std::istringstream lines(ReadLiveFixture("roles.sql"));
  std::string line;
  Status status;
  while (status.ok() && std::getline(lines, line)) {
    if (line.empty() || line.rfind("--", 0) == 0) continue;
    Result<QueryResult> r = admin.Execute(line);
    if (!r.ok() && SqlStateOf(r.status()) != "42710") status = r.status();  // duplicate_object
  }
  static_cast<void>(admin.Execute("SELECT pg_advisory_unlock(7151)"));
  return status;
}

/// Applies testdata/live/<fixture> to `db` as the superuser, after making
/// sure its roles exist.
inline Status ApplyLiveFixture(ScratchDatabase& db, const std::string& fixture) {
  RW_ASSIGN_OR_RETURN(std::unique_ptr<Connection> admin, Open(db.dsn()));
  RW_TRY(EnsureFixtureRoles(*admin));
  const std::string sql = ReadLiveFixture(fixture);
  if (sql.empty()) return NotFound("cannot read " + LiveFixturePath(fixture).string());
  return admin->Execute(sql).status();
}

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_PG_FIXTURE_ENV_H_
