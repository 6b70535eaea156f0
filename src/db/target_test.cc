#include "db/target.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "db/sqlite.h"

namespace runwarden::db {
namespace {

TEST(TargetTest, ParsesPostgresUris) {
  for (const char* uri : {"postgres://u@h/db", "postgresql://u:pw@h:5433/db?sslmode=require"}) {
    Result<Target> t = ParseTarget(uri);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    EXPECT_EQ(t->backend, BackendKind::kPostgres);
    EXPECT_EQ(t->form, TargetForm::kPostgresUri);
    EXPECT_EQ(t->connect_string, uri);
  }
  EXPECT_EQ(ParseTarget("postgresql://u:pw@h/db")->redacted, "postgresql://u:****@h/db");
}

TEST(TargetTest, ParsesKeywordStrings) {
  Result<Target> t = ParseTarget("host=/run/pg dbname=app password=pw");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->backend, BackendKind::kPostgres);
  EXPECT_EQ(t->form, TargetForm::kPostgresKeywords);
  EXPECT_EQ(t->redacted, "host=/run/pg dbname=app password=****");
}

TEST(TargetTest, EmptyTargetMeansPgEnvironment) {
  Result<Target> t = ParseTarget("");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->backend, BackendKind::kPostgres);
  EXPECT_EQ(t->form, TargetForm::kPostgresEnvironment);
  EXPECT_EQ(t->connect_string, "");
}

TEST(TargetTest, ParsesSqliteForms) {
  const std::pair<const char*, const char*> cases[] = {
      {"sqlite:/tmp/x.db", "/tmp/x.db"},   {"sqlite:///tmp/x", "/tmp/x"},
      {"sqlite:relative/x", "relative/x"}, {"sqlite::memory:", ":memory:"},
      {"data/app.db", "data/app.db"},      {"/srv/app.sqlite", "/srv/app.sqlite"},
      {"app.sqlite3", "app.sqlite3"},
  };
  for (const auto& [text, path] : cases) {
    Result<Target> t = ParseTarget(text);
    ASSERT_TRUE(t.ok()) << text;
    EXPECT_EQ(t->backend, BackendKind::kSqlite) << text;
    EXPECT_EQ(t->form, TargetForm::kSqlitePath) << text;
    EXPECT_EQ(t->connect_string, path) << text;
  }
  EXPECT_EQ(ParseTarget("sqlite:").status().code(), ErrorCode::kInvalidInput);
  // A keyword string naming a .db database is still PostgreSQL.
  EXPECT_EQ(ParseTarget("dbname=app.db")->backend, BackendKind::kPostgres);
}

TEST(TargetTest, RejectsUnknownFormsWithAHint) {
  Result<Target> t = ParseTarget("mydatabase");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(t.status().hint().find("sqlite:PATH"), std::string::npos);
  Result<Target> other_scheme = ParseTarget("mysql://u:s3cretpw@h/db");
  ASSERT_FALSE(other_scheme.ok());
  EXPECT_EQ(other_scheme.status().ToString().find("s3cretpw"), std::string::npos);
}

TEST(TargetTest, RejectsAmbiguousUriWithoutEchoingThePassword) {
  Result<Target> t = ParseTarget("postgresql://u:p@ssw0rd@h/db");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(t.status().ToString().find("ssw0rd"), std::string::npos);
  Result<std::unique_ptr<Connection>> opened = Open("postgresql://u:p@ssw0rd@h/db");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().ToString().find("ssw0rd"), std::string::npos);
}

TEST(TargetTest, ConnectErrorsNeverShowThePassword) {
  for (const char* target : {"postgresql://u:s3cretpw@/nodb?host=/nonexistent",
                             "postgresql:///nodb?host=/nonexistent&user=u&password=s3cretpw",
                             "host=/nonexistent dbname=nodb user=u password=s3cretpw",
                             "postgresql://u:s3cretpw@/nodb?host=/nonexistent&port=notaport",
                             "postgresql://u:s3cretpw@/nodb?host=/nonexistent&bogus_option=1",
                             "host=/nonexistent password=s3cretpw bogus_option=1"}) {
    Result<std::unique_ptr<Connection>> opened = Open(target);
    ASSERT_FALSE(opened.ok()) << target;
    const std::string text = opened.status().ToString();
    EXPECT_EQ(text.find("s3cretpw"), std::string::npos) << text;
    EXPECT_NE(text.find("****"), std::string::npos) << text;
  }
  Result<std::unique_ptr<Connection>> opened =
      Open("postgresql://u:s3cretpw@/nodb?host=/nonexistent");
  EXPECT_EQ(opened.status().code(), ErrorCode::kUnavailable);
}

TEST(TargetTest, OpensAnExistingSqliteFile) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("rw_target_test_" + std::to_string(::getpid()) + ".db");
  {
    Result<std::unique_ptr<Connection>> created =
        OpenSqlite(path.string(), SqliteOpenMode::kCreateIfMissing);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }
  Result<std::unique_ptr<Connection>> opened = Open("sqlite:" + path.string());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ((*opened)->Backend(), BackendKind::kSqlite);
  EXPECT_EQ((*opened)->Describe().path, path.string());
  EXPECT_EQ((*opened)->Describe().ToString(), "sqlite " + path.string());
  opened->reset();
  std::filesystem::remove(path);
}

TEST(TargetTest, MissingSqliteFileIsUnavailableAndNotCreated) {
  const std::string path = "/nonexistent-dir/rw_missing.db";
  Result<std::unique_ptr<Connection>> opened = Open(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), ErrorCode::kUnavailable);
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace runwarden::db
