#include <gtest/gtest.h>

#include "runbook/parser.h"

namespace runwarden::runbook {
namespace {

Step OnlyStep(const std::string& sql, const std::string& front = "") {
  auto rb = ParseRunbook(front + "# S\n\n```sql\n" + sql + "\n```\n", "book.md");
  EXPECT_TRUE(rb.ok()) << rb.status().ToString();
  if (!rb.ok() || rb->steps.empty()) return Step{};
  return rb->steps[0];
}

TEST(SqlStepTest, PlaceholderBecomesBindParameter) {
  Step s = OnlyStep("SELECT * FROM orders WHERE tenant_id = <TENANT_ID> AND id = {{ order_id }};");
  ASSERT_EQ(s.statements.size(), 1u);
  const Statement& st = s.statements[0];
  EXPECT_EQ(st.bound_text, "SELECT * FROM orders WHERE tenant_id = $1 AND id = $2");
  EXPECT_EQ(st.bind_params, (std::vector<std::string>{"TENANT_ID", "order_id"}));
  EXPECT_EQ(st.tree.tag(), "SelectStmt");
  ASSERT_EQ(s.placeholders.size(), 2u);
  EXPECT_EQ(s.placeholders[0].context, PlaceholderContext::kSqlExpression);
  EXPECT_EQ(s.placeholders[0].bind_index, 1);
  EXPECT_EQ(s.placeholders[1].syntax, PlaceholderSyntax::kMustache);
}

TEST(SqlStepTest, BindsAreNumberedPerStatementAndShared) {
  Step s = OnlyStep(
      "UPDATE a SET x = 1 WHERE tenant_id = <TENANT_ID> AND owner = <TENANT_ID>;\n"
      "DELETE FROM b WHERE id = <ITEM_ID> AND tenant_id = {{tenant_id}};");
  ASSERT_EQ(s.statements.size(), 2u);
  EXPECT_EQ(s.statements[0].bound_text, "UPDATE a SET x = 1 WHERE tenant_id = $1 AND owner = $1");
  EXPECT_EQ(s.statements[0].bind_params.size(), 1u);
  EXPECT_EQ(s.statements[1].bound_text, "DELETE FROM b WHERE id = $1 AND tenant_id = $2");
  EXPECT_EQ(s.statements[1].bind_params, (std::vector<std::string>{"ITEM_ID", "TENANT_ID"}));
}

TEST(SqlStepTest, PlaceholderInLiteralSplitsTheLiteral) {
  Step s = OnlyStep(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity\n"
      "WHERE query LIKE '%set_config(''app.current_tenant_id'', ''<TENANT_ID>'', true)%';");
  const Statement& st = s.statements[0];
  EXPECT_EQ(st.bound_text,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity\n"
            "WHERE query LIKE ('%set_config(''app.current_tenant_id'', ''' || $1 || ''', true)%')");
  ASSERT_EQ(st.split_literals.size(), 1u);
  EXPECT_TRUE(st.split_literals[0].like_pattern);
  EXPECT_EQ(st.bind_like_pattern, (std::vector<bool>{true}));
  EXPECT_FALSE(st.syntax_error) << st.syntax_error->message;
  ASSERT_EQ(s.placeholders.size(), 1u);
  EXPECT_EQ(s.placeholders[0].context, PlaceholderContext::kSqlStringLiteral);
  EXPECT_EQ(FormatLocation(s.placeholders[0].span), "book.md:5:60");
}

TEST(SqlStepTest, LiteralThatIsOnlyAPlaceholderIsTheParameter) {
  Step s = OnlyStep("SELECT * FROM t WHERE tenant_id = '<TENANT_ID>'::uuid;");
  EXPECT_EQ(s.statements[0].bound_text, "SELECT * FROM t WHERE tenant_id = $1::uuid");
  EXPECT_FALSE(s.statements[0].syntax_error);
}

TEST(SqlStepTest, PlaceholderWherePostgresTakesNoParameterKeepsTheWrittenTree) {
  Step s = OnlyStep("SET app.current_tenant_id = '<TENANT_ID>';");
  const Statement& st = s.statements[0];
  EXPECT_FALSE(st.syntax_error);
  ASSERT_TRUE(st.bind_error);
  EXPECT_EQ(FormatLocation(st.bind_error->span), "book.md:4:30");
  EXPECT_EQ(st.bind_error->message, "PostgreSQL takes no bind parameters in SET");
  EXPECT_EQ(st.tree.tag(), "VariableSetStmt");
  EXPECT_EQ(st.bound_text, "SET app.current_tenant_id = $1");
}

// Found by fuzz_runbook (fuzz/regressions/positional-bind-padding.md): the
// bind slots below a written $n were padded one by one, whatever n was.
TEST(SqlStepTest, PositionalAboveTheProtocolLimitIsAnErrorNotAnAllocation) {
  Step s = OnlyStep("SELECT $99999999 <TENANT_ID>;");
  const Statement& st = s.statements[0];
  ASSERT_TRUE(st.bind_error);
  EXPECT_EQ(st.bind_error->message,
            "a positional parameter above $65535, PostgreSQL's limit of bind parameters");
  EXPECT_EQ(FormatLocation(st.bind_error->span), "book.md:4:8");
  EXPECT_EQ(st.bind_params.size(), 1u);
  EXPECT_EQ(st.bound_text, "SELECT $99999999 $1");
}

TEST(SqlStepTest, EscapeStringPrefixIsKeptOnEveryPiece) {
  Step s = OnlyStep("SELECT E'a\\n<NAME>b';");
  EXPECT_EQ(s.statements[0].bound_text, "SELECT (E'a\\n' || $1 || E'b')");
  EXPECT_FALSE(s.statements[0].split_literals[0].like_pattern);
}

TEST(SqlStepTest, PlaceholdersInCommentsAndDollarQuotesAreNotBound) {
  Step s = OnlyStep("-- uses <TENANT_ID>\nDO $$ BEGIN PERFORM <TENANT_ID>; END $$;");
  ASSERT_EQ(s.statements.size(), 1u);
  EXPECT_TRUE(s.statements[0].bind_params.empty());
  ASSERT_EQ(s.placeholders.size(), 1u);
  EXPECT_EQ(s.placeholders[0].context, PlaceholderContext::kSqlDollarQuoted);
}

TEST(SqlStepTest, IdentifierParameterIsAQuotedSlot) {
  Step s = OnlyStep("VACUUM <TABLE_NAME>;", "---\nparameters:\n  TABLE_NAME: identifier\n---\n");
  const Statement& st = s.statements[0];
  EXPECT_EQ(st.bound_text, "VACUUM \"TABLE_NAME\"");
  ASSERT_EQ(st.identifier_slots.size(), 1u);
  EXPECT_EQ(st.identifier_slots[0].begin, 7u);
  EXPECT_TRUE(st.bind_params.empty());
  EXPECT_EQ(s.placeholders[0].context, PlaceholderContext::kSqlIdentifier);
}

TEST(SqlStepTest, PositionalParametersAreKeptAndReported) {
  Step s = OnlyStep("SELECT * FROM t WHERE a = $1 AND b = <B>;");
  const Statement& st = s.statements[0];
  EXPECT_EQ(st.bound_text, "SELECT * FROM t WHERE a = $1 AND b = $2");
  EXPECT_EQ(st.bind_params, (std::vector<std::string>{"", "B"}));
  ASSERT_EQ(st.unnamed_parameters.size(), 1u);
  EXPECT_EQ(FormatLocation(st.unnamed_parameters[0]), "book.md:4:27");
}

TEST(SqlStepTest, SemicolonsInsideLiteralsAndParensDoNotSplit) {
  Step s = OnlyStep(
      "SELECT ';' AS a, \"x;y\" FROM t /* ; */;\nCREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY "
      "a; NOTIFY b);");
  ASSERT_EQ(s.statements.size(), 2u);
  EXPECT_FALSE(s.statements[0].syntax_error);
  EXPECT_FALSE(s.statements[1].syntax_error);
}

TEST(SqlStepTest, SyntaxErrorNearPlaceholderMapsToThePlaceholder) {
  Step s = OnlyStep("SELECT * FROM <TENANT_ID>;");
  ASSERT_TRUE(s.statements[0].syntax_error);
  EXPECT_EQ(FormatLocation(s.statements[0].syntax_error->span), "book.md:4:15");
}

TEST(SqlStepTest, EmptyBlockHasNoStatements) {
  Step s = OnlyStep("-- nothing to run\n");
  EXPECT_TRUE(s.statements.empty());
}

}  // namespace
}  // namespace runwarden::runbook
