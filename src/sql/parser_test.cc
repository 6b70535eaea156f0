#include "sql/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace runwarden::sql {
namespace {

std::string_view TextOf(std::string_view sql, const StatementParse& p) {
  return sql.substr(p.offset, p.length);
}

TEST(ParserTest, ParsesStatementsWithTightRanges) {
  const std::string sql =
      "  -- first\nSELECT 1;\n\n/* second */ UPDATE t SET a = $1 WHERE b = 2 ;  ";
  auto stmts = ParseStatements(sql);
  ASSERT_EQ(stmts.size(), 2u);
  EXPECT_EQ(TextOf(sql, stmts[0]), "SELECT 1");
  EXPECT_EQ(TextOf(sql, stmts[1]), "UPDATE t SET a = $1 WHERE b = 2");
  EXPECT_EQ(stmts[0].root.tag(), "SelectStmt");
  EXPECT_EQ(stmts[1].root.tag(), "UpdateStmt");
  EXPECT_EQ(stmts[1].root.unwrap()["relation"]["relname"].str(), "t");
  EXPECT_FALSE(stmts[0].error.has_value());
}

TEST(ParserTest, BadStatementGetsItsOwnErrorAndNeighboursParse) {
  const std::string sql = "SELECT 1;\nSELECT * FROM WHERE x;\nDELETE FROM t WHERE id = 1;";
  auto stmts = ParseStatements(sql);
  ASSERT_EQ(stmts.size(), 3u);
  EXPECT_TRUE(stmts[0].root.present());
  ASSERT_TRUE(stmts[1].error.has_value());
  EXPECT_EQ(stmts[1].error->message, "syntax error at or near \"WHERE\"");
  EXPECT_EQ(stmts[1].error->offset, sql.find("WHERE x"));
  EXPECT_EQ(stmts[2].root.tag(), "DeleteStmt");
}

TEST(ParserTest, ErrorOffsetIsInBytesAfterMultibyteText) {
  const std::string sql = "SELECT '\xC3\xA9\xC3\xA9' FROM WHERE";
  auto stmts = ParseStatements(sql);
  ASSERT_EQ(stmts.size(), 1u);
  ASSERT_TRUE(stmts[0].error.has_value());
  EXPECT_EQ(stmts[0].error->offset, sql.find("WHERE"));
}

TEST(ParserTest, EndOfInputError) {
  const std::string sql = "SELECT a FROM t WHERE";
  auto stmts = ParseStatements(sql);
  ASSERT_EQ(stmts.size(), 1u);
  ASSERT_TRUE(stmts[0].error.has_value());
  EXPECT_EQ(stmts[0].error->message, "syntax error at end of input");
}

TEST(ParserTest, KeepsAStatementTheScannerDrops) {
  const std::string sql = "SELECT 1;\nSELEC oops;\n-- trailing comment\n";
  const auto ranges = SplitStatements(sql);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(sql.substr(ranges[1].offset, ranges[1].length), "SELEC oops");
  const auto parsed = ParseStatements(sql);
  ASSERT_EQ(parsed.size(), 2u);
  ASSERT_TRUE(parsed[1].error.has_value());
  EXPECT_EQ(parsed[1].offset, sql.find("SELEC oops"));
}

TEST(ParserTest, EmptyTextHasNoStatements) {
  EXPECT_TRUE(ParseStatements("").empty());
  EXPECT_TRUE(ParseStatements("  -- only a comment\n").empty());
}

TEST(ParserTest, FingerprintIgnoresConstants) {
  auto a = Fingerprint("SELECT * FROM t WHERE id = 1");
  auto b = Fingerprint("select * from t where id = 42");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_FALSE(Fingerprint("SELECT FROM WHERE").has_value());
}

}  // namespace
}  // namespace runwarden::sql
