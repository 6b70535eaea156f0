#include "base/text.h"

#include <gtest/gtest.h>

namespace runwarden {
namespace {

TEST(Utf8Test, AcceptsValidText) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::nullopt);
}

TEST(Utf8Test, RejectsMalformedSequencesAtTheirOffset) {
  EXPECT_EQ(FindInvalidUtf8("ab\xFFz"), 2u);
  EXPECT_EQ(FindInvalidUtf8("ab\xC3"), 2u);            // truncated
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);     // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\x80"), 0u);      // overlong 3-byte
}

TEST(LineIndexTest, MapsOffsetsToLineAndCodePointColumn) {
  const std::string text = "ab\ncaf\xC3\xA9 x\n\nlast";
  LineIndex index(text);
  EXPECT_EQ(index.line_count(), 4u);
  SourcePos p = index.PosAt(0);
  EXPECT_EQ(p.line, 1u);
  EXPECT_EQ(p.column, 1u);
  // 'x' on line 2 sits after "café " = 5 code points, 6 bytes.
  p = index.PosAt(text.find('x'));
  EXPECT_EQ(p.line, 2u);
  EXPECT_EQ(p.column, 6u);
  p = index.PosAt(text.find("last"));
  EXPECT_EQ(p.line, 4u);
  EXPECT_EQ(p.column, 1u);
  EXPECT_EQ(index.Line(2), "caf\xC3\xA9 x");
  EXPECT_EQ(index.Line(3), "");
}

TEST(LineIndexTest, StripsCarriageReturnFromLines) {
  LineIndex index("one\r\ntwo\r\n");
  EXPECT_EQ(index.Line(1), "one");
  EXPECT_EQ(index.Line(2), "two");
}

TEST(CaretSnippetTest, PutsCaretUnderColumn) {
  EXPECT_EQ(CaretSnippet("SELEC 1", 1), "SELEC 1\n^");
  EXPECT_EQ(CaretSnippet("\tab", 3), "\tab\n\t ^");
  EXPECT_EQ(CaretSnippet("\xC3\xA9x", 2), "\xC3\xA9x\n ^");
}

TEST(TextTest, CaseHelpers) {
  EXPECT_EQ(AsciiLower("Tenant_ID"), "tenant_id");
  EXPECT_EQ(AsciiUpper("tenant_id"), "TENANT_ID");
  EXPECT_TRUE(EqualsIgnoreCase("SQL", "sql"));
  EXPECT_FALSE(EqualsIgnoreCase("sql", "sqlite"));
  EXPECT_EQ(Trim("  a b \n"), "a b");
}

TEST(SafeFileNameTest, KeepsOnlyPlainCharactersAndNeverStartsWithADot) {
  EXPECT_EQ(SafeFileName("close-stale_tickets.md", "runbook"), "close-stale_tickets.md");
  EXPECT_EQ(SafeFileName("a b/../c", "runbook"), "a_b_.._c");
  EXPECT_EQ(SafeFileName("", "runbook"), "runbook");
  EXPECT_EQ(SafeFileName(".hidden", "runbook"), "runbook.hidden");
  EXPECT_EQ(SafeFileName("t\xc3\xa9", "runbook"), "t__");
}

}  // namespace

}  // namespace runwarden
