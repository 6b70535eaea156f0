#include <gtest/gtest.h>

#include "runbook/parser.h"

namespace runwarden::runbook {
namespace {

Step OnlyStep(const std::string& script) {
  auto rb = ParseRunbook("# S\n\n```bash\n" + script + "\n```\n", "book.md");
  EXPECT_TRUE(rb.ok()) << rb.status().ToString();
  if (!rb.ok() || rb->steps.empty()) return Step{};
  return rb->steps[0];
}

TEST(ShellStepTest, UnquotedPlaceholderBecomesQuotedVariable) {
  Step s = OnlyStep("python3 scripts/disconnect.py --tenant-id <UUID> --provider aws");
  EXPECT_EQ(
      s.shell.script,
      "python3 scripts/disconnect.py --tenant-id \"${RUNWARDEN_PARAM_UUID}\" --provider aws\n");
  ASSERT_EQ(s.shell.env.size(), 1u);
  EXPECT_EQ(s.shell.env[0].name, "RUNWARDEN_PARAM_UUID");
  EXPECT_EQ(s.shell.env[0].parameter, "UUID");
  EXPECT_EQ(FormatLocation(s.placeholders[0].span), "book.md:4:43");
}

TEST(ShellStepTest, QuotingContextsAreRespected) {
  Step s = OnlyStep("echo \"tenant <T>\" 'id=<T>;' $'x<T>' {{ t }}");
  EXPECT_EQ(s.shell.script,
            "echo \"tenant ${RUNWARDEN_PARAM_T}\" 'id='\"${RUNWARDEN_PARAM_T}\"';' "
            "$'x'\"${RUNWARDEN_PARAM_T}\"$'' \"${RUNWARDEN_PARAM_T}\"\n");
  EXPECT_EQ(s.shell.env.size(), 1u);
}

TEST(ShellStepTest, CommentsAreLeftAlone) {
  Step s = OnlyStep("# pass <TENANT_ID> here\necho ok # or <TENANT_ID>\necho a#<X>");
  EXPECT_EQ(s.shell.script,
            "# pass <TENANT_ID> here\necho ok # or <TENANT_ID>\necho a#\"${RUNWARDEN_PARAM_X}\"\n");
  EXPECT_EQ(s.shell.env.size(), 1u);
  EXPECT_EQ(s.placeholders[0].context, PlaceholderContext::kShellComment);
}

TEST(ShellStepTest, HeredocBodies) {
  Step s = OnlyStep("cat <<EOF\nid <T>\nEOF\ncat <<'RAW'\nid <T>\nRAW\necho <T>");
  EXPECT_EQ(s.shell.script,
            "cat <<EOF\nid ${RUNWARDEN_PARAM_T}\nEOF\ncat <<'RAW'\nid <T>\nRAW\necho "
            "\"${RUNWARDEN_PARAM_T}\"\n");
  ASSERT_EQ(s.placeholders.size(), 3u);
  EXPECT_EQ(s.placeholders[1].context, PlaceholderContext::kShellQuotedHeredoc);
}

TEST(ShellStepTest, EscapedQuotesDoNotOpenStrings) {
  Step s = OnlyStep("echo \\' <T> \"a\\\"<T>\"");
  EXPECT_EQ(s.shell.script, "echo \\' \"${RUNWARDEN_PARAM_T}\" \"a\\\"${RUNWARDEN_PARAM_T}\"\n");
}

TEST(ShellStepTest, HereStringIsNotAHeredoc) {
  Step s = OnlyStep("grep x <<< \"<T>\"\necho <T>");
  EXPECT_EQ(s.shell.script, "grep x <<< \"${RUNWARDEN_PARAM_T}\"\necho \"${RUNWARDEN_PARAM_T}\"\n");
}

}  // namespace
}  // namespace runwarden::runbook
