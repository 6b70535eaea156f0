#include "plan/plan_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/sha256.h"
#include "runbook/parser.h"

namespace runwarden::plan {
namespace {

using ::testing::HasSubstr;

constexpr char kFrontMatter[] = R"(---
id: fix-invoices
title: Fix a tenant's invoices
tenant:
  parameter: TENANT_ID
parameters:
  TENANT_ID: {type: uuid}
  TICKET: {type: text, pattern: "^INC-[0-9]+$"}
  API_TOKEN: {type: text, secret: true, required: false}
---
# Fix
)";

constexpr char kTenant[] = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

runbook::Runbook Parse(const std::string& body) {
  auto rb = runbook::ParseRunbook(std::string(kFrontMatter) + body, "fix.md");
  EXPECT_TRUE(rb.ok()) << rb.status().ToString();
  return rb.ok() ? std::move(*rb) : runbook::Runbook{};
}

PlanInputs Inputs(const runbook::Runbook& rb) {
  PlanInputs in;
  in.runbook = &rb;
  in.tenant = kTenant;
  in.tenant_given = true;
  in.params["TICKET"] = "INC-42";
  in.tool_version = "0.1.0";
  return in;
}

const Gate& GateNamed(const Plan& p, const std::string& name) {
  for (const Gate& g : p.gates) {
    if (g.name == name) return g;
  }
  static const Gate kNone;
  ADD_FAILURE() << "no gate " << name;
  return kNone;
}

std::string Sql(const std::string& attrs, const std::string& body) {
  return "```sql {" + attrs + "}\n" + body + "\n```\n";
}

TEST(PlanBuilderTest, ReadyPlanRecordsValuesAndStatementsWithoutValues) {
  auto rb =
      Parse(Sql("#fix", "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;"));
  PlanInputs in = Inputs(rb);
  in.params["API_TOKEN"] = "s3cret-token";
  auto plan = BuildPlan(in);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->FinalStatus(), "ready");
  ASSERT_EQ(plan->units.size(), 1u);
  const PlannedStatement& st = plan->units[0].steps[0].statements[0];
  EXPECT_EQ(st.sql, "UPDATE invoices SET status = 'void' WHERE tenant_id = $1");
  EXPECT_EQ(st.binds[0].parameter, "TENANT_ID");
  EXPECT_THAT(st.sql, ::testing::Not(HasSubstr(kTenant)));
  ASSERT_EQ(plan->parameters.size(), 3u);
  EXPECT_EQ(plan->parameters[0].value, kTenant);
  // A secret is kept as its hash only.
  EXPECT_FALSE(plan->parameters[2].value.has_value());
  EXPECT_EQ(plan->parameters[2].secret_sha256, Sha256Hex("s3cret-token"));
  EXPECT_EQ(GateNamed(*plan, "dry-run").status, "not-run");
}

TEST(PlanBuilderTest, MissingAndInvalidParametersHaltWithRemediation) {
  auto rb = Parse(Sql("#fix", "SELECT 1 WHERE <TICKET> IS NOT NULL;"));
  PlanInputs in = Inputs(rb);
  in.tenant_given = false;
  in.params["TICKET"] = "oops";
  auto plan = BuildPlan(in);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->FinalStatus(), "execution_blocked_for_safety");
  EXPECT_EQ(GateNamed(*plan, "parameters").status, "halted");
  ASSERT_GE(plan->remediation.size(), 2u);
  EXPECT_EQ(plan->remediation[0].change,
            "give a value for TENANT_ID: --param TENANT_ID=VALUE (or --tenant VALUE)");
  EXPECT_TRUE(plan->remediation[0].span.valid());
  EXPECT_THAT(plan->remediation[1].change, HasSubstr("TICKET"));
}

TEST(PlanBuilderTest, UnknownParameterIsAnInputError) {
  auto rb = Parse(Sql("#a", "SELECT 1;"));
  PlanInputs in = Inputs(rb);
  in.params["TENANT"] = "x";
  auto plan = BuildPlan(in);
  ASSERT_FALSE(plan.ok());
  EXPECT_THAT(plan.status().message(), HasSubstr("--param TENANT"));
}

TEST(PlanBuilderTest, ErrorFindingsHaltUnlessAllowedWithAReason) {
  auto rb = Parse(Sql("#a", "SELECT * FROM invoices;"));
  PlanInputs in = Inputs(rb);
  analysis::Finding f;
  f.rule_id = "missing-tenant-filter";
  f.severity = analysis::Severity::kError;
  f.span = rb.steps[0].statements[0].span;
  f.message = "invoices is read without a tenant filter";
  f.help = "add WHERE tenant_id = $1";
  in.findings.push_back(f);
  auto halted = BuildPlan(in);
  ASSERT_TRUE(halted.ok());
  EXPECT_EQ(GateNamed(*halted, "findings").status, "halted");
  EXPECT_EQ(halted->remediation.back().change,
            "invoices is read without a tenant filter: add WHERE tenant_id = $1");
  EXPECT_EQ(halted->remediation.back().span, f.span);

  in.overrides.push_back({"missing-tenant-filter", "the table is being retired"});
  auto allowed = BuildPlan(in);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(GateNamed(*allowed, "findings").status, "overridden");
  EXPECT_EQ(allowed->FinalStatus(), "ready");
  EXPECT_EQ(allowed->findings.size(), 1u);
}

TEST(PlanBuilderTest, StatementsInTheWrongTransaction) {
  auto rb = Parse(Sql("#a atomic=fix", "UPDATE t SET a = 1 WHERE tenant_id = <TENANT_ID>;") +
                  Sql("#b atomic=fix", "VACUUM t;") + Sql("#c", "BEGIN;\nSELECT 1;\nCOMMIT;") +
                  Sql("#d", "CREATE INDEX CONCURRENTLY i ON t (a);") +
                  Sql("#e irreversible", "CREATE INDEX CONCURRENTLY j ON t (b);"));
  auto plan = BuildPlan(Inputs(rb));
  ASSERT_TRUE(plan.ok());
  const Gate& g = GateNamed(*plan, "transactions");
  EXPECT_EQ(g.status, "halted");
  EXPECT_THAT(g.detail, HasSubstr("VACUUM in atomic group fix cannot run in its transaction"));
  EXPECT_THAT(g.detail, HasSubstr("step c controls transactions itself"));
  EXPECT_THAT(g.detail, HasSubstr("step d runs outside a transaction"));
  EXPECT_THAT(g.detail, ::testing::Not(HasSubstr("step e")));
}

TEST(PlanBuilderTest, RollbackPlanSaysWhatAFailureLeavesBehind) {
  auto rb = Parse(
      Sql("#archive rollback=unarchive",
          "UPDATE invoices SET archived = true WHERE tenant_id = <TENANT_ID>;") +
      Sql("#notify irreversible", "SELECT pg_notify('billing', 'x');") +
      Sql("#fix1 atomic=fix", "UPDATE invoices SET total = 0 WHERE tenant_id = <TENANT_ID>;") +
      Sql("#fix2 atomic=fix", "INSERT INTO audit (id) VALUES (nextval('audit_seq'));") +
      "## Undo\n" +
      Sql("#unarchive needs=archive",
          "UPDATE invoices SET archived = false WHERE tenant_id = <TENANT_ID>;"));
  auto plan = BuildPlan(Inputs(rb));
  ASSERT_TRUE(plan.ok());
  const FailureOutcome* at_fix2 = nullptr;
  for (const FailureOutcome& f : plan->rollback_plan) {
    if (f.step == "fix2") at_fix2 = &f;
  }
  ASSERT_NE(at_fix2, nullptr);
  EXPECT_EQ(at_fix2->rolled_back, (std::vector<std::string>{"fix1", "fix2"}));
  EXPECT_EQ(at_fix2->compensations, (std::vector<std::string>{"unarchive"}));
  EXPECT_THAT(at_fix2->remains[0], HasSubstr("nextval in fix2"));
  // notify, committed and marked irreversible, stays done.
  EXPECT_EQ(at_fix2->earlier_steps_kept, 1);
}

TEST(PlanBuilderTest, DataHandedOutBeforeACheckIsAHazard) {
  auto rb = Parse(Sql("#show atomic=fix", "SELECT * FROM invoices WHERE tenant_id = <TENANT_ID>;") +
                  Sql("#void atomic=fix",
                      "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;"));
  auto plan = BuildPlan(Inputs(rb));
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->hazards.size(), 1u);
  EXPECT_EQ(plan->hazards[0].message,
            "data leaves the database (SELECT) in step show before a write that can still fail "
            "in step void; a rollback then cannot take it back");
  EXPECT_EQ(plan->hazards[0].proposal,
            "run step void before step show: checks and writes first, outward and irreversible "
            "effects last");
  EXPECT_EQ(plan->hazards[0].effect_span.begin.line, 13u);
  // A write after the rows is a hazard, not a halt.
  EXPECT_FALSE(plan->hazards[0].tenant_data_before_check);
  EXPECT_EQ(GateNamed(*plan, "order").status, "passed");
}

TEST(PlanBuilderTest, TenantRowsHandedOutBeforeTheirCheckHaltUnlessAllowed) {
  auto rb = Parse(Sql("#show atomic=fix", "SELECT * FROM invoices WHERE tenant_id = <TENANT_ID>;") +
                  Sql("#check atomic=fix expect=\"rows == 0\"",
                      "SELECT id FROM invoices WHERE tenant_id <> <TENANT_ID>;"));
  auto plan = BuildPlan(Inputs(rb));
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->hazards.size(), 1u);
  EXPECT_TRUE(plan->hazards[0].tenant_data_before_check);
  EXPECT_EQ(GateNamed(*plan, "order").status, "halted");
  EXPECT_EQ(plan->FinalStatus(), "execution_blocked_for_safety");
  bool remedy = false;
  for (const Remediation& r : plan->remediation) {
    remedy = remedy || (r.span.begin.line == 13u &&
                        r.change.find("run step check before step show") != std::string::npos);
  }
  EXPECT_TRUE(remedy);

  PlanInputs in = Inputs(rb);
  in.overrides.push_back({kTenantDataBeforeCheck, "the rows go to the on-call engineer only"});
  auto allowed = BuildPlan(in);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(GateNamed(*allowed, "order").status, "overridden");
  EXPECT_FALSE(allowed->Halted());
}

TEST(PlanBuilderTest, ASchemaOtherThanTheValidatedOneHalts) {
  auto rb = runbook::ParseRunbook(
      "---\nid: x\nvalidated_schema: abc123\n---\n# T\n" + Sql("#a", "SELECT 1;"), "x.md");
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  EXPECT_EQ(rb->meta.validated_schema, "abc123");
  PlanInputs in;
  in.runbook = &*rb;
  in.schema_fingerprint = "abc123";
  auto same = BuildPlan(in);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(GateNamed(*same, "schema").status, "passed");
  EXPECT_EQ(same->FinalStatus(), "ready");

  in.schema_fingerprint = "def456";
  auto changed = BuildPlan(in);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(GateNamed(*changed, "schema").status, "halted");
  EXPECT_EQ(changed->remediation.back().change,
            "review the runbook against the current schema, then set validated_schema: def456");
  EXPECT_EQ(FormatLocation(changed->remediation.back().span), "x.md:3:19");

  in.schema_fingerprint = "";
  auto none = BuildPlan(in);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(GateNamed(*none, "schema").status, "not-run");
}

}  // namespace
}  // namespace runwarden::plan
