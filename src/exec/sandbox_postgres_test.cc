#include "exec/sandbox_postgres.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "db/target.h"

namespace runwarden::exec {
namespace {

namespace fs = std::filesystem;

bool InCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

TEST(SandboxPostgresTest, StartsOnAUnixSocketOnlyAndLeavesNothingBehind) {
  const std::string bin = SandboxPostgres::BinDir();
  if (::access((bin + "/initdb").c_str(), X_OK) != 0) {
    if (InCi()) FAIL() << "no PostgreSQL server binaries in " << bin << " under CI=true";
    GTEST_SKIP() << "no PostgreSQL server binaries in " << bin;
  }
  const fs::path dir = fs::temp_directory_path() / ("rw-sandbox-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    auto pg = SandboxPostgres::Start(dir.string());
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    auto conn = db::Open((*pg)->dsn());
    ASSERT_TRUE(conn.ok()) << conn.status().ToString() << "\n" << (*pg)->ServerLog();
    auto r = (*conn)->Query(
        "SELECT current_setting('listen_addresses'), current_setting('fsync'), version()", {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(*r->rows[0][0], "");
    EXPECT_EQ(*r->rows[0][1], "off");
    EXPECT_THAT(*r->rows[0][2], ::testing::HasSubstr("PostgreSQL 15"));
    // A second cluster cannot take an existing folder.
    EXPECT_FALSE(SandboxPostgres::Start(dir.string()).ok());
  }
  EXPECT_FALSE(fs::exists(dir));
}

}  // namespace
}  // namespace runwarden::exec
