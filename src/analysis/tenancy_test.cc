#include "analysis/tenancy.h"

#include <gtest/gtest.h>

#include "schema/ddl_loader.h"

namespace runwarden::analysis {
namespace {

schema::Schema Load(const std::string& sql) {
  auto r = schema::LoadDdlText(sql, "schema.sql");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r->schema) : schema::Schema{};
}

const TableTenancy& Of(const Tenancy& t, const std::string& table) {
  static const TableTenancy kMissing;
  const TableTenancy* tt = t.Find({"public", table});
  EXPECT_NE(tt, nullptr) << table;
  return tt ? *tt : kMissing;
}

TEST(TenancyTest, RootDirectAndThreeLevelsOfIndirection) {
  const schema::Schema s = Load(R"(
CREATE TABLE tenants (id uuid PRIMARY KEY);
CREATE TABLE posts (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint NOT NULL REFERENCES posts (id));
CREATE TABLE reactions (id bigint PRIMARY KEY, comment_id bigint NOT NULL REFERENCES comments (id));
CREATE TABLE reaction_audits (id bigint PRIMARY KEY, reaction_id bigint NOT NULL REFERENCES reactions (id));
)");
  const Tenancy t = ClassifyTenancy(s, config::TenantConfig{});
  EXPECT_EQ(Of(t, "tenants").kind, TenancyKind::kRoot);
  EXPECT_EQ(Of(t, "tenants").key_column, "id");
  EXPECT_EQ(Of(t, "posts").kind, TenancyKind::kDirect);
  EXPECT_EQ(Of(t, "posts").key_column, "tenant_id");
  const TableTenancy& deep = Of(t, "reaction_audits");
  EXPECT_EQ(deep.kind, TenancyKind::kIndirect);
  ASSERT_EQ(deep.path.size(), 3u);
  EXPECT_EQ(deep.path.back().to.name, "posts");
  EXPECT_FALSE(deep.weak);
  EXPECT_EQ(
      deep.evidence,
      "scoped through reaction_audits.reaction_id -> reactions.comment_id -> comments.post_id -> "
      "posts.tenant_id");
  EXPECT_EQ(t.keys_detected, (std::vector<std::string>{"tenant_id"}));
}

TEST(TenancyTest, PrefersNotNullPathsAndMarksNullableOnesWeak) {
  const schema::Schema s = Load(R"(
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE groups (id bigint PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
CREATE TABLE boards (id bigint PRIMARY KEY, group_id bigint REFERENCES groups (id),
                     owner_group bigint NOT NULL, FOREIGN KEY (owner_group) REFERENCES groups (id));
CREATE TABLE notes (id bigint PRIMARY KEY, group_id bigint REFERENCES groups (id));
)");
  const Tenancy t = ClassifyTenancy(s, config::TenantConfig{});
  EXPECT_EQ(Of(t, "orgs").kind, TenancyKind::kRoot);
  EXPECT_EQ(Of(t, "boards").kind, TenancyKind::kIndirect);
  EXPECT_EQ(Of(t, "boards").path[0].columns, (std::vector<std::string>{"owner_group"}));
  EXPECT_FALSE(Of(t, "boards").weak);
  EXPECT_TRUE(Of(t, "notes").weak);
}

TEST(TenancyTest, GlobalLookupsAndUnscopedRisk) {
  const schema::Schema s = Load(R"(
CREATE TABLE tenants (id uuid PRIMARY KEY);
CREATE TABLE currencies (code char(3) PRIMARY KEY, name text);
CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id),
                       currency char(3) NOT NULL REFERENCES currencies (code));
CREATE TABLE audit_logs (id bigint PRIMARY KEY, actor_user_id uuid);
CREATE TABLE feature_flags (name text PRIMARY KEY, enabled boolean);
CREATE TABLE system_config (key text PRIMARY KEY, value text);
)");
  config::TenantConfig cfg;
  cfg.global_tables = {"system_config"};
  const Tenancy t = ClassifyTenancy(s, cfg);
  EXPECT_EQ(Of(t, "currencies").kind, TenancyKind::kGlobal);
  EXPECT_EQ(Of(t, "system_config").kind, TenancyKind::kGlobal);
  EXPECT_EQ(Of(t, "system_config").evidence, "configured as global");
  EXPECT_EQ(Of(t, "audit_logs").kind, TenancyKind::kUnscoped);
  EXPECT_EQ(Of(t, "audit_logs").risk, Risk::kHigh);
  EXPECT_EQ(Of(t, "feature_flags").risk, Risk::kMedium);
}

TEST(TenancyTest, ConfiguredKeysRootsAndSecondaryKeys) {
  const schema::Schema s = Load(R"(
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE carts (id bigint PRIMARY KEY, customer_ref bigint NOT NULL REFERENCES customers (id));
CREATE TABLE builds (id bigint PRIMARY KEY, project_id bigint NOT NULL);
CREATE TABLE shops (id bigint PRIMARY KEY, merchant uuid);
)");
  config::TenantConfig cfg;
  cfg.roots = {"public.customers"};
  cfg.keys = {"merchant"};
  const Tenancy t = ClassifyTenancy(s, cfg);
  EXPECT_EQ(Of(t, "customers").kind, TenancyKind::kRoot);
  EXPECT_EQ(Of(t, "customers").evidence, "configured as a tenant root");
  EXPECT_EQ(Of(t, "carts").kind, TenancyKind::kDirect);
  EXPECT_EQ(Of(t, "carts").key_column, "customer_ref");
  EXPECT_EQ(Of(t, "builds").kind, TenancyKind::kDirect);
  EXPECT_TRUE(Of(t, "builds").secondary_key);
  EXPECT_EQ(Of(t, "shops").key_column, "merchant");
  EXPECT_TRUE(Of(t, "shops").key_nullable);
}

}  // namespace
}  // namespace runwarden::analysis
