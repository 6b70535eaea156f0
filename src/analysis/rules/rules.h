#ifndef RUNWARDEN_ANALYSIS_RULES_RULES_H_
#define RUNWARDEN_ANALYSIS_RULES_RULES_H_

#include "analysis/rule.h"

namespace runwarden::analysis::rules {

// One function per rule, each defined in the file named after its id.
const Rule& AdminStatementInTenantStep();
const Rule& BinarySourceMismatch();
const Rule& ColumnNotRead();
const Rule& DdlNotApplied();
const Rule& DdlSyntaxError();
const Rule& DependencyCycle();
const Rule& DuplicateStepId();
const Rule& FieldWithoutColumn();
const Rule& InsertSelectCrossesTenants();
const Rule& IntegerWidthMismatch();
const Rule& InvalidAttributeValue();
const Rule& JoinWithoutTenantPredicate();
const Rule& MissingTenantFilter();
const Rule& NullableColumnIntoNonOption();
const Rule& OptionForNotNullColumn();
const Rule& OrWeakensTenantFilter();
const Rule& PartitionWithoutRls();
const Rule& PermissiveTenantGuard();
const Rule& PlaceholderInStringLiteral();
const Rule& PolicyAlwaysTrue();
const Rule& PolicyCastsEmptySetting();
const Rule& PolicyFailsOpen();
const Rule& PolicyInequality();
const Rule& PolicyMissingWithCheck();
const Rule& PolicyNotOnTenantKey();
const Rule& PositionalParameter();
const Rule& RlsDisabledOnTenantTable();
const Rule& RlsNotForced();
const Rule& RoleBypassesRls();
const Rule& RoleIsSuperuser();
const Rule& RoleOwnsTableWithoutForce();
const Rule& SchemaDrift();
const Rule& SessionLevelTenantContext();
const Rule& SqlSyntaxError();
const Rule& TenantFilterOnWrongColumn();
const Rule& TenantKeyNullable();
const Rule& TenantTableWithoutPolicy();
const Rule& TenantValueNotBound();
const Rule& TypeMismatch();
const Rule& UnbindablePlaceholder();
const Rule& UndeclaredParameter();
const Rule& UnknownAttribute();
const Rule& UnknownDependency();
const Rule& UnknownRelation();
const Rule& UnmappedContract();
const Rule& UnpartitionedTable();
const Rule& UnscopedDelete();
const Rule& UnscopedUpdate();
const Rule& UnusedParameter();
const Rule& ViewBypassesRls();

}  // namespace runwarden::analysis::rules

#endif  // RUNWARDEN_ANALYSIS_RULES_RULES_H_
