// The statement-level decision on top of the query analyzer: which
// statements are DDL or session statements, which unpinned occurrences
// forced row-level security covers, the verdict, and the predicate that
// would pin each leaking occurrence.
#include "analysis/scope/statement_scope.h"

#include "analysis/policy_facts.h"
#include "analysis/scope/query_analyzer.h"
#include "sql/statement_names.h"

namespace runwarden::analysis::scope {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kScoped:
      return "scoped";
    case Verdict::kUnscoped:
      return "unscoped";
    case Verdict::kReliesOnRls:
      return "relies-on-rls";
    case Verdict::kAdmin:
      return "admin";
    case Verdict::kNotApplicable:
      return "not-applicable";
  }
  return "";
}

std::string_view AccessName(Access access) {
  switch (access) {
    case Access::kRead:
      return "read";
    case Access::kInsert:
      return "insert";
    case Access::kUpdate:
      return "update";
    case Access::kDelete:
      return "delete";
    case Access::kMerge:
      return "merge";
    case Access::kCopyOut:
      return "copy to";
    case Access::kCopyIn:
      return "copy from";
    case Access::kTruncate:
      return "truncate";
  }
  return "";
}

std::string_view ProblemRuleId(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kNone:
      return "";
    case ProblemKind::kUnknownRelation:
      return "unknown-relation";
    case ProblemKind::kAdminStatementInTenantStep:
      return "admin-statement-in-tenant-step";
    case ProblemKind::kTenantValueNotBound:
      return "tenant-value-not-bound";
    case ProblemKind::kOrWeakensTenantFilter:
      return "or-weakens-tenant-filter";
    case ProblemKind::kTenantFilterOnWrongColumn:
      return "tenant-filter-on-wrong-column";
    case ProblemKind::kUnscopedUpdate:
      return "unscoped-update";
    case ProblemKind::kUnscopedDelete:
      return "unscoped-delete";
    case ProblemKind::kInsertSelectCrossesTenants:
      return "insert-select-crosses-tenants";
    case ProblemKind::kJoinWithoutTenantPredicate:
      return "join-without-tenant-predicate";
    case ProblemKind::kMissingTenantFilter:
      return "missing-tenant-filter";
  }
  return "";
}

std::string_view PinName(Pin pin) {
  switch (pin) {
    case Pin::kNone:
      return "none";
    case Pin::kTenant:
      return "tenant";
    case Pin::kLiteral:
      return "literal";
    case Pin::kRls:
      return "rls";
  }
  return "";
}

std::string_view RelationClassName(RelationClass relation) {
  switch (relation) {
    case RelationClass::kTenantTable:
      return "tenant table";
    case RelationClass::kOtherTable:
      return "shared table";
    case RelationClass::kCatalog:
      return "system";
    case RelationClass::kUnknown:
      return "unknown";
  }
  return "";
}

bool HasProblem(const StatementScope& scope, StepScope step_scope) {
  for (const Occurrence& o : scope.occurrences) {
    if (ProblemOf(o, step_scope) != ProblemKind::kNone) return true;
  }
  return false;
}

ProblemKind ProblemOf(const Occurrence& o, StepScope step_scope) {
  switch (o.relation_class) {
    case RelationClass::kUnknown:
      return ProblemKind::kUnknownRelation;
    case RelationClass::kCatalog:
      return step_scope == StepScope::kAdmin ? ProblemKind::kNone
                                             : ProblemKind::kAdminStatementInTenantStep;
    case RelationClass::kOtherTable:
      return ProblemKind::kNone;
    case RelationClass::kTenantTable:
      break;
  }
  if (o.pin == Pin::kLiteral) return ProblemKind::kTenantValueNotBound;
  if (o.pin != Pin::kNone || step_scope == StepScope::kAdmin) return ProblemKind::kNone;
  if (o.literal_at && o.access == Access::kInsert) return ProblemKind::kTenantValueNotBound;
  if (o.weakened_at) return ProblemKind::kOrWeakensTenantFilter;
  if (!o.tenant_on_column.empty() || o.filter_elsewhere) {
    return ProblemKind::kTenantFilterOnWrongColumn;
  }
  switch (o.access) {
    case Access::kUpdate:
    case Access::kMerge:
      return ProblemKind::kUnscopedUpdate;
    case Access::kDelete:
    case Access::kTruncate:
      return ProblemKind::kUnscopedDelete;
    case Access::kInsert:
      if (o.feeds_insert) return ProblemKind::kInsertSelectCrossesTenants;
      if (!o.write_note.empty() && o.write_note.find("ON CONFLICT") != std::string::npos) {
        return ProblemKind::kUnscopedUpdate;
      }
      return ProblemKind::kMissingTenantFilter;
    default:
      break;
  }
  if (o.feeds_insert) return ProblemKind::kInsertSelectCrossesTenants;
  if (o.sibling_pinned) return ProblemKind::kJoinWithoutTenantPredicate;
  return ProblemKind::kMissingTenantFilter;
}

namespace {

bool IsDdl(std::string_view tag) {
  for (std::string_view prefix :
       {"Create", "Alter", "Drop", "Rename", "Grant", "Comment", "Vacuum", "Reindex", "Cluster",
        "Refresh", "Index", "Reassign", "Security", "Import"}) {
    if (tag.starts_with(prefix)) return true;
  }
  return false;
}

schema::PolicyCommand CommandOf(Access access) {
  switch (access) {
    case Access::kInsert:
    case Access::kCopyIn:
      return schema::PolicyCommand::kInsert;
    case Access::kUpdate:
    case Access::kMerge:
      return schema::PolicyCommand::kUpdate;
    case Access::kDelete:
      return schema::PolicyCommand::kDelete;
    default:
      return schema::PolicyCommand::kSelect;
  }
}

// Forced row-level security whose policies pin the tenant key for `access`:
// a restrictive guard, or permissive policies that all guard it.
bool RlsPins(const schema::Table& table, const TableTenancy& tenancy, Access access,
             const std::string& setting) {
  if (!table.rls_enabled || !table.rls_forced || tenancy.key_column.empty()) return false;
  if (access == Access::kTruncate || access == Access::kCopyIn) return false;
  const schema::PolicyCommand command = CommandOf(access);
  bool restrictive_guard = false, permissive_all = true, any_permissive = false;
  for (const schema::Policy& p : table.policies) {
    if (!AppliesTo(p, command)) continue;
    const schema::Expression* e = command == schema::PolicyCommand::kInsert
                                      ? CheckExpression(p)
                                      : (p.using_expr ? &*p.using_expr : nullptr);
    const bool guards = e && [&] {
      const PolicyFacts f = AnalyzePolicyExpression(e->tree, tenancy.key_column, setting);
      return f.guards_key && !f.fails_open && !f.always_true;
    }();
    if (p.permissive) {
      any_permissive = true;
      permissive_all = permissive_all && guards;
    } else if (guards) {
      restrictive_guard = true;
    }
  }
  return any_permissive && (restrictive_guard || permissive_all);
}

std::string Qualified(const Occurrence& o, const std::string& column) {
  return o.qualifier() + "." + column;
}

// `alias.fk IN (SELECT id FROM parent WHERE ...)` down an indirect path.
std::string PathPredicate(const std::string& qualifier, const TableTenancy& tenancy,
                          const Tenancy& all, const std::string& tenant) {
  std::string open, close;
  std::string q = qualifier;
  const TableTenancy* cur = &tenancy;
  for (int guard = 0;
       cur && cur->kind == TenancyKind::kIndirect && !cur->path.empty() && guard < 16; ++guard) {
    const FkHop& hop = cur->path.front();
    const std::string col = hop.columns.empty() ? "?" : hop.columns.front();
    const std::string to_col = hop.to_columns.empty() ? "id" : hop.to_columns.front();
    open += q + "." + col + " IN (SELECT " + to_col + " FROM " + hop.to.ToString() + " WHERE ";
    close += ")";
    q = hop.to.ToString();
    cur = all.Find(hop.to);
  }
  const std::string key = cur && !cur->key_column.empty() ? cur->key_column : "tenant_id";
  return open + (open.empty() ? q + "." : "") + key + " = " + tenant + close;
}

std::string FixFor(const Occurrence& o, ProblemKind kind, const ScopeContext& ctx) {
  const std::string& tenant = ctx.tenant.display;
  switch (kind) {
    case ProblemKind::kNone:
      return "";
    case ProblemKind::kUnknownRelation:
      return "use a relation the schema defines (runwarden scan --tables lists them), or "
             "update the schema the check reads";
    case ProblemKind::kAdminStatementInTenantStep:
      return "mark the step scope=admin, or read the tenant's own tables instead";
    case ProblemKind::kTenantValueNotBound:
      return "replace " + (o.literal_text.empty() ? std::string("the value") : o.literal_text) +
             " by " + tenant;
    default:
      break;
  }
  if (!o.tenancy) return "";
  if (o.access == Access::kInsert) {
    if (o.write_note.find("ON CONFLICT") != std::string::npos) {
      return "add " + o.tenancy->key_column + " to the conflict target: ON CONFLICT (" +
             o.tenancy->key_column + ", ...)";
    }
    if (o.tenancy->kind == TenancyKind::kIndirect) {
      return "select the parent row by its tenant: INSERT ... SELECT ... WHERE " +
             PathPredicate("parent", *o.tenancy, *ctx.tenancy, tenant);
    }
    return "insert " + tenant + " as " + o.tenancy->key_column;
  }
  if (o.access == Access::kTruncate) {
    return "DELETE FROM " + o.relation + " WHERE " + o.tenancy->key_column + " = " + tenant;
  }
  if (o.access == Access::kCopyOut || o.access == Access::kCopyIn) {
    return "COPY (SELECT ... FROM " + o.relation + " WHERE " +
           (o.tenancy->kind == TenancyKind::kIndirect
                ? PathPredicate(o.relation, *o.tenancy, *ctx.tenancy, tenant)
                : o.relation + "." + o.tenancy->key_column + " = " + tenant) +
           ") TO ...";
  }
  if (!o.write_note.empty() && o.write_note.starts_with("SET")) {
    return "do not change " + o.tenancy->key_column + ", or set it to " + tenant;
  }
  const std::string pred = o.tenancy->kind == TenancyKind::kIndirect
                               ? PathPredicate(o.qualifier(), *o.tenancy, *ctx.tenancy, tenant)
                               : Qualified(o, o.tenancy->key_column) + " = " + tenant;
  return "add `AND " + pred + "`";
}

}  // namespace

StatementScope AnalyzeStatement(sql::Node statement, const ScopeContext& ctx) {
  StatementScope out;
  const std::string_view tag = statement.tag();
  out.kind = sql::StatementName(tag);
  if (IsDdl(tag)) {
    Occurrence o;
    o.relation = out.kind;
    o.relation_class = RelationClass::kCatalog;
    o.location = 0;
    out.occurrences.push_back(std::move(o));
  } else {
    QueryAnalyzer analyzer(ctx);
    out.occurrences = analyzer.Analyze(statement).occurrences;
  }
  const bool admin = ctx.step_scope == StepScope::kAdmin;
  // A leak other than reading catalogs makes the statement unscoped; catalogs
  // alone make it admin (reported by admin-statement-in-tenant-step when the
  // step is not an admin step).
  bool leak = false, catalog = false, unpinned = false, rls = false, pinned = false;
  for (Occurrence& o : out.occurrences) {
    if (o.relation_class == RelationClass::kTenantTable && o.pin == Pin::kNone && ctx.rls_applies &&
        !admin && !o.through_definer_view && o.table && o.tenancy && o.write_note.empty() &&
        RlsPins(*o.table, *o.tenancy, o.access, ctx.tenant.setting)) {
      o.pin = Pin::kRls;
    }
    const ProblemKind kind = ProblemOf(o, ctx.step_scope);
    out.fixes.push_back(FixFor(o, kind, ctx));
    leak = leak || (kind != ProblemKind::kNone && kind != ProblemKind::kAdminStatementInTenantStep);
    catalog = catalog || o.relation_class == RelationClass::kCatalog;
    if (o.relation_class == RelationClass::kTenantTable) {
      unpinned = unpinned || o.pin == Pin::kNone;
      rls = rls || o.pin == Pin::kRls;
      pinned = pinned || o.pin == Pin::kTenant;
    }
  }
  if (leak) {
    out.verdict = Verdict::kUnscoped;
  } else if (catalog || (admin && unpinned)) {
    out.verdict = Verdict::kAdmin;
  } else if (rls) {
    out.verdict = Verdict::kReliesOnRls;
  } else if (pinned) {
    out.verdict = Verdict::kScoped;
  } else {
    out.verdict = Verdict::kNotApplicable;
  }
  return out;
}

}  // namespace runwarden::analysis::scope
