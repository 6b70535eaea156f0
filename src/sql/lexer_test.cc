#include "sql/lexer.h"

#include <gtest/gtest.h>

#include <string>

namespace runwarden::sql {
namespace {

std::string Describe(std::string_view sql) {
  std::string out;
  for (const Segment& s : Segments(sql)) {
    switch (s.kind) {
      case SegmentKind::kCode:
        out += "C";
        break;
      case SegmentKind::kStringLiteral:
        out += s.backslash_escapes ? "E" : "S";
        break;
      case SegmentKind::kDollarQuoted:
        out += "D";
        break;
      case SegmentKind::kQuotedIdentifier:
        out += "I";
        break;
      case SegmentKind::kLineComment:
        out += "L";
        break;
      case SegmentKind::kBlockComment:
        out += "B";
        break;
    }
    if (s.unterminated) out += "!";
    out += "[" + std::string(sql.substr(s.begin, s.end - s.begin)) + "]";
  }
  return out;
}

TEST(LexerTest, SeparatesLiteralsIdentifiersAndComments) {
  EXPECT_EQ(
      Describe("SELECT 'it''s', \"Col\"\"x\" -- note\nFROM t /* a /* b */ c */;"),
      "C[SELECT ]S['it''s']C[, ]I[\"Col\"\"x\"]C[ ]L[-- note]C[\nFROM t ]B[/* a /* b */ c */]C[;]");
}

TEST(LexerTest, RecognisesPrefixedAndEscapedLiterals) {
  EXPECT_EQ(Describe("x = E'a\\'b' AND y = U&'d' AND z = B'01'"),
            "C[x = ]E[E'a\\'b']C[ AND y = ]S[U&'d']C[ AND z = ]S[B'01']");
  // A name ending in e is not an E'' prefix.
  EXPECT_EQ(Describe("name'x'"), "C[name]S['x']");
}

TEST(LexerTest, DollarQuotesAndParameters) {
  EXPECT_EQ(Describe("SELECT $1, $$a'b$$, $fn$ x $fn$"),
            "C[SELECT $1, ]D[$$a'b$$]C[, ]D[$fn$ x $fn$]");
  EXPECT_EQ(Describe("SELECT a$b$"), "C[SELECT a$b$]");
}

TEST(LexerTest, UnterminatedRunsToEnd) {
  EXPECT_EQ(Describe("SELECT 'abc"), "C[SELECT ]S!['abc]");
  EXPECT_EQ(Describe("/* open"), "B![/* open]");
}

TEST(LexerTest, BodyExcludesQuotes) {
  auto segs = Segments("'%x%'");
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].body_begin, 1u);
  EXPECT_EQ(segs[0].body_end, 4u);
}

TEST(LexerTest, SkipSpaceAndComments) {
  const std::string sql = "  -- c\n /* d */ SELECT";
  EXPECT_EQ(SkipSpaceAndComments(sql, 0), sql.find("SELECT"));
}

TEST(LexerTest, QuoteLiteralDoublesQuotes) { EXPECT_EQ(QuoteLiteral("it's"), "'it''s'"); }

}  // namespace
}  // namespace runwarden::sql
