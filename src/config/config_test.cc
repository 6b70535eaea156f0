#include "config/config.h"

#include <gtest/gtest.h>

namespace runwarden::config {
namespace {

TEST(ConfigTest, ReadsEverySection) {
  auto c = ParseConfig(R"(
[tenant]
keys = ["org_id"]
roots = ["public.orgs"]
global = ["system_config"]
setting = "app.org"

[rules]
rls-not-forced = "warning"
unpartitioned-table = "off"

[[ignore]]
rule = "policy-always-true"
table = "public.countries"
reason = "countries are public reference data"
)",
                       "runwarden.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->tenant.keys, (std::vector<std::string>{"org_id"}));
  EXPECT_EQ(c->tenant.roots, (std::vector<std::string>{"public.orgs"}));
  EXPECT_EQ(c->tenant.setting, "app.org");
  EXPECT_EQ(c->severities.at("unpartitioned-table"), "off");
  ASSERT_EQ(c->ignores.size(), 1u);
  EXPECT_EQ(c->ignores[0].table, "public.countries");
  EXPECT_EQ(c->ignores[0].span.begin.line, 12u);
}

TEST(ConfigTest, DefaultsWhenEmpty) {
  auto c = ParseConfig("", "runwarden.toml");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->tenant.keys.front(), "tenant_id");
  EXPECT_EQ(c->tenant.setting, "app.current_tenant_id");
}

TEST(ConfigTest, ErrorsHaveLocations) {
  auto syntax = ParseConfig("[tenant\nkeys = 1\n", "r.toml");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().span()->begin.line, 1u);
  auto unknown = ParseConfig("[tenant]\nkeyz = [\"x\"]\n", "r.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(), "r.toml: unknown key tenant.keyz");
  EXPECT_EQ(FormatLocation(*unknown.status().span()), "r.toml:2:8");
  auto no_reason = ParseConfig("[[ignore]]\nrule = \"x\"\n", "r.toml");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_NE(no_reason.status().message().find("has no reason"), std::string::npos);
  EXPECT_FALSE(ParseConfig("[rules]\nx = \"fatal\"\n", "r.toml").ok());
  EXPECT_FALSE(ParseConfig("[tenant]\nkeys = \"tenant_id\"\n", "r.toml").ok());
}

TEST(ConfigTest, ReadsContractTables) {
  auto c = ParseConfig(R"([contracts.tables]
InvoiceRow = "billing.invoices"
LegacyReport = "monthly_totals"
)",
                       "runwarden.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->contract_tables.size(), 2u);
  EXPECT_EQ(c->contract_tables[0].contract, "InvoiceRow");
  EXPECT_EQ(c->contract_tables[0].table, "billing.invoices");
  EXPECT_EQ(c->contract_tables[1].span.begin.line, 3u);

  auto not_string = ParseConfig("[contracts.tables]\nInvoiceRow = 3\n", "r.toml");
  ASSERT_FALSE(not_string.ok());
  EXPECT_EQ(FormatLocation(*not_string.status().span()), "r.toml:2:14");
  auto unknown = ParseConfig("[contracts]\nmaps = {}\n", "r.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(), "r.toml: unknown key contracts.maps");
  EXPECT_FALSE(ParseConfig("[contracts]\ntables = \"x\"\n", "r.toml").ok());
  EXPECT_FALSE(ParseConfig("[contracts.tables]\nX = \"\"\n", "r.toml").ok());
}

}  // namespace
}  // namespace runwarden::config
