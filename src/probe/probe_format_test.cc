#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "probe/probe.h"

namespace runwarden::probe {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ProbeReport Sample() {
  ProbeReport report;
  report.target = "postgres host=db port=5432 dbname=app user=app";
  report.role = "app";
  report.setting = "app.current_tenant_id";
  RelationProbe notes;
  notes.name = {"public", "notes"};
  notes.tenant_key = "tenant_id";
  notes.verdict = Verdict::kLeaks;
  notes.leaking = {Check::kRead, Check::kDelete};
  notes.bypass = Bypass::kRlsDisabled;
  notes.reason = "in tenant A's context the role could read and delete tenant B's rows";
  notes.tenants = {"a-id", "b-id"};
  notes.synthetic_rows = true;
  notes.checks = {{Check::kRead, Outcome::kLeaked, "rows of other tenants are visible"},
                  {Check::kInsert, Outcome::kDenied, "no INSERT privilege"}};
  RelationProbe ok;
  ok.name = {"public", "orders"};
  ok.tenant_key = "tenant_id";
  ok.verdict = Verdict::kIsolated;
  ok.reason = "fine";
  RelationProbe plain;
  plain.name = {"public", "countries"};
  plain.verdict = Verdict::kNotTestable;
  plain.reason = "no tenant key column";
  report.relations = {notes, ok, plain};
  report.notes = {"the session starts with app.current_tenant_id = 'x'"};
  return report;
}

TEST(ProbeFormatTest, TextListsVerdictsThenDetailsOfWhatIsNotIsolated) {
  const std::string text = FormatProbeText(Sample());
  EXPECT_THAT(text, HasSubstr("isolation probe of postgres host=db port=5432 dbname=app user=app"));
  EXPECT_THAT(text,
              HasSubstr("  leaks                  public.notes     read, delete (rls-disabled)\n"));
  EXPECT_THAT(text, HasSubstr("  isolated               public.orders\n"));
  EXPECT_THAT(text, HasSubstr("public.notes (table): leaks: in tenant A's context"));
  EXPECT_THAT(text, HasSubstr("  tenant A a-id, tenant B b-id (B's rows made by the probe)\n"));
  EXPECT_THAT(text, HasSubstr("  read              leaked   rows of other tenants are visible\n"));
  EXPECT_THAT(text, Not(HasSubstr("public.orders (table)")));
  EXPECT_THAT(text, HasSubstr("note: the session starts with"));
  EXPECT_THAT(text, HasSubstr("3 relations: 1 isolated, 1 leaks, 0 fails-open, 0 "
                              "errors-without-context, 1 not-testable\n"));
}

TEST(ProbeFormatTest, JsonHasEveryField) {
  const auto doc = nlohmann::json::parse(FormatProbeJson(Sample()));
  EXPECT_EQ(doc["role"], "app");
  EXPECT_EQ(doc["rolled_back"], true);
  EXPECT_EQ(doc["summary"]["leaks"], 1);
  EXPECT_EQ(doc["summary"]["isolated"], 1);
  const auto& notes = doc["relations"][0];
  EXPECT_EQ(notes["name"], "public.notes");
  EXPECT_EQ(notes["kind"], "table");
  EXPECT_EQ(notes["verdict"], "leaks");
  EXPECT_EQ(notes["leaking"], nlohmann::json::array({"read", "delete"}));
  EXPECT_EQ(notes["bypass"], "rls-disabled");
  EXPECT_EQ(notes["tenants"]["b"], "b-id");
  EXPECT_EQ(notes["checks"][1]["outcome"], "denied");
  EXPECT_TRUE(doc["relations"][2]["tenant_key"].is_null());
  EXPECT_TRUE(doc["relations"][2]["tenants"].is_null());
  EXPECT_TRUE(doc["relations"][1]["bypass"].is_null());
}

TEST(ProbeFormatTest, FailuresDecideTheExitCode) {
  ProbeReport report = Sample();
  EXPECT_TRUE(HasIsolationFailures(report));
  report.relations.erase(report.relations.begin());
  EXPECT_FALSE(HasIsolationFailures(report));
  report.relations[0].verdict = Verdict::kErrorsWithoutContext;
  EXPECT_TRUE(HasIsolationFailures(report));
}

}  // namespace
}  // namespace runwarden::probe
