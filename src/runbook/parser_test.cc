#include "runbook/parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace runwarden::runbook {
namespace {

Runbook MustParse(const std::string& text) {
  auto rb = ParseRunbook(text, "book.md");
  EXPECT_TRUE(rb.ok()) << rb.status().ToString();
  return rb.ok() ? std::move(*rb) : Runbook{};
}

Status ParseError(const std::string& text) {
  auto rb = ParseRunbook(text, "book.md");
  EXPECT_FALSE(rb.ok());
  return rb.ok() ? Status() : rb.status();
}

std::string Loc(const SourceSpan& s) { return FormatLocation(s); }

TEST(RunbookParserTest, EmptyFileIsError) {
  Status s = ParseError("");
  EXPECT_EQ(s.message(), "runbook is empty");
  EXPECT_EQ(Loc(*s.span()), "book.md:1:1");
  EXPECT_EQ(ParseError(" \n\n\t\n").message(), "runbook is empty");
}

TEST(RunbookParserTest, BinaryFileIsErrorAtTheNulByte) {
  Status s = ParseError(std::string("# Title\nab\0cd", 13));
  EXPECT_EQ(s.message(), "file looks binary: it contains a NUL byte");
  EXPECT_EQ(Loc(*s.span()), "book.md:2:3");
}

TEST(RunbookParserTest, InvalidUtf8IsErrorWithLineAndColumn) {
  Status s = ParseError("# T\n\nok \xC3\xA9 then \xFF bad\n");
  EXPECT_EQ(s.message(), "file is not valid UTF-8");
  EXPECT_EQ(Loc(*s.span()), "book.md:3:11");
}

TEST(RunbookParserTest, UnterminatedFenceIsError) {
  Status s = ParseError("# T\n\n```sql\nSELECT 1;\n\n## Next\n");
  EXPECT_EQ(s.message(), "code block opened here is never closed");
  EXPECT_EQ(Loc(*s.span()), "book.md:3:1");
  EXPECT_NE(s.hint().find("```"), std::string::npos);
}

TEST(RunbookParserTest, UnterminatedFenceInListItemIsError) {
  Status s = ParseError("# T\n\n1. Run:\n   ```sql\n   SELECT 1;\n2. Next\n");
  EXPECT_EQ(s.message(), "code block opened here is never closed");
  EXPECT_EQ(Loc(*s.span()), "book.md:4:4");
}

TEST(RunbookParserTest, UnclosedFrontMatterIsError) {
  Status s = ParseError("---\nid: x\n# Title\n");
  EXPECT_EQ(s.message(), "front matter opened on line 1 is never closed");
  EXPECT_EQ(Loc(*s.span()), "book.md:1:1");
}

TEST(RunbookParserTest, BrokenFrontMatterYamlIsErrorWithLocation) {
  Status s = ParseError("---\nid: x\nparameters: [a, b\n---\n# T\n");
  EXPECT_NE(s.message().find("front matter is not valid YAML"), std::string::npos);
  ASSERT_TRUE(s.span());
  EXPECT_GE(s.span()->begin.line, 3u);
}

TEST(RunbookParserTest, UnknownParameterTypeIsErrorAtTheType) {
  Status s = ParseError("---\nparameters:\n  TENANT_ID:\n    type: uuidd\n---\n# T\n");
  EXPECT_EQ(s.message(), "front matter: parameter TENANT_ID has unknown type 'uuidd'");
  EXPECT_EQ(Loc(*s.span()), "book.md:4:11");
  EXPECT_NE(s.hint().find("uuid, int, bigint"), std::string::npos);
}

TEST(RunbookParserTest, InvalidDefaultIsError) {
  Status s = ParseError("---\nparameters:\n  N: {type: int, default: many}\n---\n# T\n");
  EXPECT_NE(s.message().find("is not a 32-bit integer"), std::string::npos);
}

TEST(RunbookParserTest, TooLargeIsError) {
  ParseOptions opts;
  opts.max_bytes = 100;
  auto rb = ParseRunbook(std::string(200, 'x'), "big.md", opts);
  ASSERT_FALSE(rb.ok());
  EXPECT_EQ(rb.status().message(), "runbook is 200 B, larger than the limit of 100 B");
}

TEST(RunbookParserTest, ReadsFrontMatter) {
  Runbook rb = MustParse(R"(---
id: tenant-lockdown
title: Lock down a tenant
version: 1.2
severity: sev1
owner: platform-oncall
tenant:
  keys: [tenant_id, workspace_id]
  setting: app.tenant
  parameter: TENANT
parameters:
  TENANT: {type: uuid, description: The tenant}
  PROVIDER:
    type: enum
    values: [aws, gcp]
    default: aws
  TOKEN: {type: text, secret: true, required: false}
  LIMIT: bigint
surprise: 1
---
# Lockdown
)");
  EXPECT_TRUE(rb.has_front_matter);
  EXPECT_EQ(rb.meta.id, "tenant-lockdown");
  EXPECT_EQ(rb.meta.version, "1.2");
  EXPECT_EQ(rb.meta.severity, "SEV-1");
  EXPECT_EQ(rb.tenant.key_columns, (std::vector<std::string>{"tenant_id", "workspace_id"}));
  EXPECT_EQ(rb.tenant.context_setting, "app.tenant");
  ASSERT_EQ(rb.parameters.size(), 4u);
  EXPECT_EQ(rb.parameters[0].type, ParamType::kUuid);
  EXPECT_EQ(rb.parameters[1].enum_values, (std::vector<std::string>{"aws", "gcp"}));
  EXPECT_FALSE(rb.parameters[1].required);
  EXPECT_TRUE(rb.parameters[2].secret);
  EXPECT_EQ(rb.parameters[3].type, ParamType::kBigint);
  EXPECT_EQ(rb.TenantParameter(), &rb.parameters[0]);
  ASSERT_EQ(rb.front_matter_problems.size(), 1u);
  EXPECT_EQ(rb.front_matter_problems[0].key, "surprise");
  EXPECT_EQ(Loc(rb.front_matter_problems[0].span), "book.md:19:1");
}

TEST(RunbookParserTest, StepsKnowTheirSectionAndKind) {
  Runbook rb = MustParse(R"(# Incident

## Containment

### Disconnect
```bash
echo stop
```

### Kill switch
1. Set the flag.
2. Restart the pods.

### Notes
```text
not executed
```

## Investigation
- Look at the audit log.
```sql
SELECT 1;
```
)");
  ASSERT_EQ(rb.steps.size(), 4u);
  EXPECT_EQ(rb.steps[0].kind, StepKind::kShell);
  EXPECT_EQ(rb.steps[0].SectionTitle(), "Incident > Containment > Disconnect");
  EXPECT_EQ(rb.steps[0].id, "disconnect");
  EXPECT_EQ(rb.steps[1].kind, StepKind::kManual);
  EXPECT_EQ(rb.steps[1].body, "Set the flag.");
  EXPECT_EQ(rb.steps[1].id, "kill-switch");
  EXPECT_EQ(rb.steps[2].id, "kill-switch-2");
  // The bullet under Investigation shares its section with a SQL step.
  EXPECT_EQ(rb.steps[3].kind, StepKind::kSql);
  EXPECT_EQ(rb.steps[3].id, "investigation");
  ASSERT_EQ(rb.references.size(), 1u);
  EXPECT_EQ(rb.references[0].language, "text");
}

TEST(RunbookParserTest, StatementsCarryMarkdownLocations) {
  Runbook rb = MustParse(
      "# Check\n\n```sql\nSELECT 1;\n  -- next\n  UPDATE t\n     SET a = 1\n   WHERE b = "
      "2;\n```\n");
  ASSERT_EQ(rb.steps.size(), 1u);
  const Step& s = rb.steps[0];
  ASSERT_EQ(s.statements.size(), 2u);
  EXPECT_EQ(Loc(s.statements[0].span), "book.md:4:1");
  EXPECT_EQ(Loc(s.statements[1].span), "book.md:6:3");
  EXPECT_EQ(s.statements[1].span.end.line, 8u);
  EXPECT_EQ(s.statements[1].text, "UPDATE t\n     SET a = 1\n   WHERE b = 2");
  EXPECT_EQ(s.statements[1].tree.tag(), "UpdateStmt");
  // A node location maps back to the file.
  const int64_t where = s.statements[1].tree.unwrap()["whereClause"].unwrap()["location"].integer();
  EXPECT_EQ(Loc(s.statements[1].SpanAt(where)), "book.md:8:12");
}

TEST(RunbookParserTest, SyntaxErrorPointsIntoTheMarkdown) {
  Runbook rb =
      MustParse("# Check\n\n```sql\nSELECT 1;\nSELECT *\n  FROM WHERE x = 1;\nSELECT 2;\n```\n");
  const Step& s = rb.steps[0];
  ASSERT_EQ(s.statements.size(), 3u);
  EXPECT_FALSE(s.statements[0].syntax_error);
  ASSERT_TRUE(s.statements[1].syntax_error);
  EXPECT_EQ(s.statements[1].syntax_error->message, "syntax error at or near \"WHERE\"");
  EXPECT_EQ(Loc(s.statements[1].syntax_error->span), "book.md:6:8");
  EXPECT_TRUE(s.statements[2].tree.present());
}

TEST(RunbookParserTest, CodeBlockInsideListItemIsAStepWithExactPositions) {
  Runbook rb = MustParse(
      "# Fix\n\n1. Run this:\n\n   ```sql\n   DELETE FROM jobs WHERE id = <JOB_ID>;\n   ```\n");
  ASSERT_EQ(rb.steps.size(), 1u);
  const Step& s = rb.steps[0];
  EXPECT_EQ(s.kind, StepKind::kSql);
  EXPECT_EQ(Loc(s.statements[0].span), "book.md:6:4");
  ASSERT_EQ(s.placeholders.size(), 1u);
  EXPECT_EQ(Loc(s.placeholders[0].span), "book.md:6:32");
  EXPECT_EQ(s.placeholders[0].span.end.column, 40u);
}

TEST(RunbookParserTest, UndeclaredPlaceholdersAreInferred) {
  Runbook rb =
      MustParse("# T\n\n```sql\nSELECT * FROM t WHERE id = <ORDER_ID> AND note = <NOTE>;\n```\n");
  ASSERT_EQ(rb.parameters.size(), 2u);
  EXPECT_EQ(rb.parameters[0].name, "ORDER_ID");
  EXPECT_EQ(rb.parameters[0].type, ParamType::kUuid);
  EXPECT_EQ(rb.parameters[0].origin, Parameter::Origin::kInferred);
  EXPECT_EQ(rb.parameters[1].type, ParamType::kText);
  EXPECT_EQ(Loc(rb.parameters[0].span), "book.md:4:28");
}

TEST(RunbookParserTest, StepIdsDoNotDependOnOtherSections) {
  const std::string tail = "## Verify\n```sql\nSELECT 1;\n```\n";
  Runbook a = MustParse("# T\n## Fix\n```sql\nSELECT 2;\n```\n" + tail);
  Runbook b = MustParse(
      "# T\n## Fix\n```sql\nSELECT 2;\n```\n```sql\nSELECT 3;\n```\n## New\n- x\n" + tail);
  EXPECT_EQ(a.FindStep("verify") != nullptr, true);
  EXPECT_EQ(b.FindStep("verify") != nullptr, true);
  EXPECT_EQ(b.steps[1].id, "fix-2");
}

TEST(RunbookParserTest, ExplicitIdAndAttributes) {
  Runbook rb = MustParse(
      "# T\n```sql {#cutoff needs=a,b scope=admin atomic=grp timeout=30s expect=\"rows == 0\" "
      "confirm}\nSELECT 1;\n```\n");
  const Step& s = rb.steps[0];
  EXPECT_EQ(s.id, "cutoff");
  EXPECT_EQ(s.id_origin, IdOrigin::kExplicit);
  ASSERT_EQ(s.attrs.needs.size(), 2u);
  EXPECT_EQ(s.attrs.needs[1].id, "b");
  EXPECT_EQ(Loc(s.attrs.needs[1].span), "book.md:2:25");
  EXPECT_EQ(s.attrs.scope, Scope::kAdmin);
  EXPECT_EQ(s.attrs.atomic_group, "grp");
  EXPECT_EQ(s.attrs.timeout->count(), 30000);
  EXPECT_EQ(s.attrs.expect->text, "rows == 0");
  EXPECT_TRUE(s.attrs.confirm);
  EXPECT_TRUE(s.attrs.problems.empty());
}

TEST(RunbookParserTest, DigestIsSha256OfTheFile) {
  Runbook rb = MustParse("# T\n");
  EXPECT_EQ(rb.digest.size(), 64u);
}

// The seed runbook this project was built from: it must parse as written.
TEST(RunbookParserTest, ParsesTheSeedRunbook) {
  const std::filesystem::path seed = std::filesystem::path(RUNWARDEN_SOURCE_DIR) / ".." / "shared" /
                                     "seeds" / "003_3aedc2394b867499.txt";
  if (!std::filesystem::exists(seed)) GTEST_SKIP() << "seed runbook not present at " << seed;
  std::ifstream in(seed);
  std::stringstream buf;
  buf << in.rdbuf();
  Runbook rb = MustParse(buf.str());
  const Step* cutoff = rb.FindStep("database-session-cutoff");
  ASSERT_NE(cutoff, nullptr);
  EXPECT_EQ(cutoff->kind, StepKind::kSql);
  ASSERT_EQ(cutoff->statements.size(), 1u);
  EXPECT_FALSE(cutoff->statements[0].syntax_error);
  ASSERT_EQ(cutoff->placeholders.size(), 1u);
  EXPECT_EQ(cutoff->placeholders[0].context, PlaceholderContext::kSqlStringLiteral);
  const Step* disconnect = rb.FindStep("emergency-disconnect");
  ASSERT_NE(disconnect, nullptr);
  EXPECT_EQ(disconnect->kind, StepKind::kShell);
  EXPECT_EQ(disconnect->shell.env.at(0).name, "RUNWARDEN_PARAM_UUID");
  const Step* kill = rb.FindStep("global-kill-switch");
  ASSERT_NE(kill, nullptr);
  EXPECT_EQ(kill->kind, StepKind::kManual);
}

}  // namespace
}  // namespace runwarden::runbook

namespace runwarden::runbook {
namespace {

// When one statement of a block fails, the others are parsed one by one and
// their node locations count from their own start: spans must still be right.
TEST(RunbookParserTest, NodeSpansAreRightWhenASiblingFails) {
  auto rb = ParseRunbook(
      "# T\n\n```sql\nSELECT 1;\nSELECT FROM WHERE;\n  UPDATE t SET a = 1 WHERE b = 2;\n```\n",
      "book.md");
  ASSERT_TRUE(rb.ok());
  const Statement& st = rb->steps[0].statements[2];
  ASSERT_TRUE(st.tree.present());
  const int64_t where = st.tree.unwrap()["whereClause"].unwrap()["location"].integer();
  EXPECT_EQ(FormatLocation(st.SpanAt(where)), "book.md:6:30");
}

}  // namespace
}  // namespace runwarden::runbook
