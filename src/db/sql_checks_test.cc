#include "db/sql_checks.h"

#include <gtest/gtest.h>

namespace runwarden::db {
namespace {

TEST(ConnectionChecksTest, AcceptsPlainIdentifiers) {
  const std::string longest(63, 'a');
  for (const char* name : {"sp", "_x", "step_12", "A1", longest.c_str()}) {
    EXPECT_TRUE(CheckIdentifier(name, "savepoint name").ok()) << name;
  }
}

TEST(ConnectionChecksTest, RejectsAnythingElse) {
  const std::string too_long(64, 'a');
  for (const char* name :
       {"", "1a", "a b", "a;DROP TABLE t", "a\"b", "ä", "a-b", too_long.c_str()}) {
    Status s = CheckIdentifier(name, "savepoint name");
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << name;
    EXPECT_EQ(s.message().rfind("savepoint name", 0), 0u) << s.message();
  }
}

TEST(ConnectionChecksTest, QuotesIdentifiers) {
  EXPECT_EQ(QuoteIdentifier("step_1"), "\"step_1\"");
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
}

TEST(ConnectionChecksTest, RejectsNulBytesAndTooManyParameters) {
  EXPECT_TRUE(CheckParams({"a", std::nullopt, ""}).ok());
  Status nul = CheckParams({"ok", std::string("a\0b", 3)});
  EXPECT_EQ(nul.code(), ErrorCode::kInvalidInput);
  EXPECT_NE(nul.message().find("$2"), std::string::npos);
  EXPECT_EQ(CheckParams(Params(kMaxParams + 1, "x")).code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace runwarden::db
