#include "db/server_error.h"

#include <gtest/gtest.h>

namespace runwarden::db {
namespace {

TEST(ConnectionServerErrorTest, FormatsEveryField) {
  Status s = ServerError({.sqlstate = "23505",
                          .message = "duplicate key value violates unique constraint \"t_pkey\"",
                          .detail = "Key (id)=(1) already exists.",
                          .hint = "pick another id",
                          .context = "SQL statement"});
  EXPECT_EQ(s.code(), ErrorCode::kExecution);
  EXPECT_EQ(s.message(),
            "SQLSTATE 23505: duplicate key value violates unique constraint \"t_pkey\"\n"
            "  detail: Key (id)=(1) already exists.\n"
            "  hint: pick another id\n"
            "  context: SQL statement");
}

TEST(ConnectionServerErrorTest, NamesTheOriginOfAMappedState) {
  Status s = ServerError(
      {.sqlstate = "55P03", .message = "database is locked", .origin = "sqlite error 5"});
  EXPECT_EQ(s.message(), "SQLSTATE 55P03 (sqlite error 5): database is locked");
  EXPECT_EQ(ServerError({.message = "no such table: x", .origin = "sqlite error 1"}).message(),
            "sqlite error 1: no such table: x");
}

TEST(ConnectionServerErrorTest, ReadsTheSqlStateBack) {
  Status s = ServerError({.sqlstate = "57014", .message = "canceling statement"});
  EXPECT_EQ(SqlStateOf(s), "57014");
  EXPECT_EQ(SqlStateOf(WithContext(s, "statement 2 of 3")), "57014");
  EXPECT_EQ(WithContext(s, "statement 2 of 3").message(),
            "statement 2 of 3: SQLSTATE 57014: canceling statement");
  EXPECT_EQ(SqlStateOf(ExecutionError("no state here")), std::nullopt);
  EXPECT_EQ(SqlStateOf(ExecutionError("SQLSTATE 123")), std::nullopt);
  EXPECT_EQ(SqlStateOf(ExecutionError("SQLSTATE 1234567")), std::nullopt);
}

TEST(ConnectionServerErrorTest, WithContextKeepsCodeAndHint) {
  Status s = WithContext(InvalidInput("bad").WithHint("fix it"), "statement 1 of 1");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.hint(), "fix it");
}

}  // namespace
}  // namespace runwarden::db
