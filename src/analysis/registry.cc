#include "analysis/registry.h"

#include "analysis/rules/rules.h"

namespace runwarden::analysis {

const std::vector<const Rule*>& AllRules() {
  // One rule a line, sorted by id; a test keeps it so.
  // clang-format off
  static const std::vector<const Rule*> kRules = {
      &rules::AdminStatementInTenantStep(),
      &rules::BinarySourceMismatch(),
      &rules::ColumnNotRead(),
      &rules::DdlNotApplied(),
      &rules::DdlSyntaxError(),
      &rules::DependencyCycle(),
      &rules::DuplicateStepId(),
      &rules::FieldWithoutColumn(),
      &rules::InsertSelectCrossesTenants(),
      &rules::IntegerWidthMismatch(),
      &rules::InvalidAttributeValue(),
      &rules::JoinWithoutTenantPredicate(),
      &rules::MissingTenantFilter(),
      &rules::NullableColumnIntoNonOption(),
      &rules::OptionForNotNullColumn(),
      &rules::OrWeakensTenantFilter(),
      &rules::PartitionWithoutRls(),
      &rules::PermissiveTenantGuard(),
      &rules::PlaceholderInStringLiteral(),
      &rules::PolicyAlwaysTrue(),
      &rules::PolicyCastsEmptySetting(),
      &rules::PolicyFailsOpen(),
      &rules::PolicyInequality(),
      &rules::PolicyMissingWithCheck(),
      &rules::PolicyNotOnTenantKey(),
      &rules::PositionalParameter(),
      &rules::RlsDisabledOnTenantTable(),
      &rules::RlsNotForced(),
      &rules::RoleBypassesRls(),
      &rules::RoleIsSuperuser(),
      &rules::RoleOwnsTableWithoutForce(),
      &rules::SchemaDrift(),
      &rules::SessionLevelTenantContext(),
      &rules::SqlSyntaxError(),
      &rules::TenantFilterOnWrongColumn(),
      &rules::TenantKeyNullable(),
      &rules::TenantTableWithoutPolicy(),
      &rules::TenantValueNotBound(),
      &rules::TypeMismatch(),
      &rules::UnbindablePlaceholder(),
      &rules::UndeclaredParameter(),
      &rules::UnknownAttribute(),
      &rules::UnknownDependency(),
      &rules::UnknownRelation(),
      &rules::UnmappedContract(),
      &rules::UnpartitionedTable(),
      &rules::UnscopedDelete(),
      &rules::UnscopedUpdate(),
      &rules::UnusedParameter(),
      &rules::ViewBypassesRls(),
  };
  // clang-format on
  return kRules;
}

const Rule* FindRule(std::string_view id) {
  for (const Rule* r : AllRules()) {
    if (r->info().id == id) return r;
  }
  return nullptr;
}

}  // namespace runwarden::analysis
