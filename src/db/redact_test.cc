#include "db/redact.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace runwarden::db {
namespace {

bool HasSecret(const Redaction& r, const std::string& secret) {
  for (const std::string& s : r.secrets) {
    if (s == secret) return true;
  }
  return false;
}

TEST(TargetRedactionTest, MasksUriPassword) {
  const Redaction r = RedactTarget("postgresql://alice:s3cret@db.example:5432/app?sslmode=require");
  EXPECT_EQ(r.text, "postgresql://alice:****@db.example:5432/app?sslmode=require");
  EXPECT_TRUE(HasSecret(r, "s3cret"));
  EXPECT_FALSE(r.problem);
}

TEST(TargetRedactionTest, MasksPercentEncodedUriPasswordInBothForms) {
  const Redaction r = RedactTarget("postgres://u:p%40ss%2Fw@h/db");
  EXPECT_EQ(r.text, "postgres://u:****@h/db");
  EXPECT_TRUE(HasSecret(r, "p%40ss%2Fw"));
  EXPECT_TRUE(HasSecret(r, "p@ss/w"));
}

TEST(TargetRedactionTest, KeepsUriWithoutPassword) {
  EXPECT_EQ(RedactedTarget("postgresql://alice@h/db"), "postgresql://alice@h/db");
  EXPECT_EQ(RedactedTarget("postgresql://alice:@h/db"), "postgresql://alice:@h/db");
  EXPECT_EQ(RedactedTarget("postgresql:///db?host=/run/pg"), "postgresql:///db?host=/run/pg");
}

TEST(TargetRedactionTest, MasksPasswordQueryParameters) {
  EXPECT_EQ(RedactedTarget("postgresql://h/db?sslmode=require&password=s3cret&user=u"),
            "postgresql://h/db?sslmode=require&password=****&user=u");
  EXPECT_EQ(RedactedTarget("postgresql://h/db?sslpassword=k3y"),
            "postgresql://h/db?sslpassword=****");
  // libpq percent-decodes keys too.
  EXPECT_EQ(RedactedTarget("postgresql://h/db?passw%6Frd=s3cret"),
            "postgresql://h/db?passw%6Frd=****");
  EXPECT_EQ(RedactedTarget("postgresql://h/db?PASSWORD=s3cret"), "postgresql://h/db?PASSWORD=****");
}

TEST(TargetRedactionTest, MasksKeywordPasswords) {
  EXPECT_EQ(RedactedTarget("host=h password=s3cret dbname=app"), "host=h password=**** dbname=app");
  EXPECT_EQ(RedactedTarget("host=h password = s3cret"), "host=h password = ****");
  EXPECT_EQ(RedactedTarget("sslpassword=k3y host=h"), "sslpassword=**** host=h");
  const Redaction quoted = RedactTarget("user=u password='pa ss\\'w' dbname=d");
  EXPECT_EQ(quoted.text, "user=u password=**** dbname=d");
  EXPECT_TRUE(HasSecret(quoted, "pa ss'w"));
  EXPECT_TRUE(HasSecret(quoted, "'pa ss\\'w'"));
}

TEST(TargetRedactionTest, MasksNestedConnectionStringInDbname) {
  const Redaction r = RedactTarget("dbname='postgresql://u:s3cret@h/db' connect_timeout=5");
  EXPECT_EQ(r.text.find("s3cret"), std::string::npos);
  EXPECT_TRUE(HasSecret(r, "s3cret"));
  EXPECT_EQ(RedactedTarget("dbname=app host=h"), "dbname=app host=h");
}

TEST(TargetRedactionTest, UnencodedAtInUriPasswordIsAProblemAndMaskedWhole) {
  const Redaction r = RedactTarget("postgresql://u:p@ss@h/db");
  ASSERT_TRUE(r.problem);
  EXPECT_EQ(r.text, "postgresql://****@h/db");
  EXPECT_EQ(r.problem->find("p@ss"), std::string::npos);
  const Redaction slash = RedactTarget("postgresql://u:pa/ss@h/db");
  ASSERT_TRUE(slash.problem);
  EXPECT_EQ(slash.text.find("pa/ss"), std::string::npos);
}

TEST(TargetRedactionTest, MalformedKeywordStringIsMaskedFromTheBadToken) {
  const Redaction r = RedactTarget("host=h password=s3 cret");
  ASSERT_TRUE(r.problem);
  EXPECT_EQ(r.text, "host=h password=**** ****");
  const Redaction open_quote = RedactTarget("host=h password='s3cret");
  ASSERT_TRUE(open_quote.problem);
  EXPECT_EQ(open_quote.text.find("s3cret"), std::string::npos);
}

TEST(TargetRedactionTest, LeavesTargetsWithoutSecretsAlone) {
  for (const char* target : {"", "host=h dbname=x user=u", "sqlite:/tmp/a.db", "data/app.sqlite3",
                             "postgresql://h:5432,h2:5433/db?target_session_attrs=read-write"}) {
    EXPECT_EQ(RedactedTarget(target), target);
    EXPECT_TRUE(RedactTarget(target).secrets.empty()) << target;
  }
}

TEST(TargetRedactionTest, ScrubsEchoedPasswordsFromMessages) {
  EXPECT_EQ(ScrubSecrets("invalid percent-encoded token: \"p%zz\"", "postgresql://u:p%zz@h/db"),
            "invalid percent-encoded token: \"****\"");
  EXPECT_EQ(ScrubSecrets("database \"s3cret\" does not exist", "password=s3cret dbname=s3cret"),
            "database \"****\" does not exist");
}

TEST(TargetRedactionTest, ScrubsPgpasswordFromMessages) {
  ::setenv("PGPASSWORD", "envs3cret42", 1);
  const std::string scrubbed = ScrubSecrets("echo envs3cret42 echo", "");
  ::unsetenv("PGPASSWORD");
  EXPECT_EQ(scrubbed, "echo **** echo");
}

}  // namespace
}  // namespace runwarden::db
