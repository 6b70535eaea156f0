#ifndef RUNWARDEN_ANALYSIS_TENANCY_H_
#define RUNWARDEN_ANALYSIS_TENANCY_H_

#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "schema/schema.h"

namespace runwarden::analysis {

/// How the rows of a table belong to a tenant.
enum class TenancyKind {
  kRoot,      ///< the tenant table itself (tenants, organizations, ...)
  kDirect,    ///< has a tenant key column
  kIndirect,  ///< reaches a tenant-scoped table through foreign keys
  kGlobal,    ///< shared by all tenants on purpose, or a lookup table
  kUnscoped,  ///< none of the above: "unpartitioned"
};

std::string_view TenancyKindName(TenancyKind kind);

/// One foreign-key hop of an indirect table's path to a scoped table.
struct FkHop {
  schema::QualifiedName from;
  std::vector<std::string> columns;
  schema::QualifiedName to;
  std::vector<std::string> to_columns;
  bool nullable = false;  ///< some column of the hop is nullable
};

enum class Risk { kNone, kMedium, kHigh };
std::string_view RiskName(Risk risk);

/// The decision for one table, with its evidence.
struct TableTenancy {
  schema::QualifiedName table;
  TenancyKind kind = TenancyKind::kUnscoped;
  /// Root: its key; direct: the tenant key column.
  std::string key_column;
  bool key_nullable = false;
  bool secondary_key = false;  ///< direct through a secondary key (project_id)
  /// Indirect: the hops, nearest first, ending at a direct or root table.
  std::vector<FkHop> path;
  /// A nullable tenant key or a nullable hop: rows may belong to no tenant.
  bool weak = false;
  Risk risk = Risk::kNone;  ///< unscoped tables only
  std::string evidence;     ///< one sentence saying why

  /// True for root, direct and indirect tables: rows belong to a tenant.
  bool tenant_scoped() const {
    return kind == TenancyKind::kRoot || kind == TenancyKind::kDirect ||
           kind == TenancyKind::kIndirect;
  }
};

/// The tenancy of every table of a schema.
struct Tenancy {
  std::map<schema::QualifiedName, TableTenancy> tables;
  /// Distinct tenant key columns in use, in configured order.
  std::vector<std::string> keys_detected;

  const TableTenancy* Find(const schema::QualifiedName& table) const;
  /// Tables of `kind`, sorted by name.
  std::vector<const TableTenancy*> OfKind(TenancyKind kind) const;
};

/// Decides, for every table, how its rows belong to a tenant:
/// root (configured, or referenced by other tables' tenant keys, or named
/// like a tenant table and without a tenant key), direct (a tenant key
/// column, or a foreign key to a root), indirect (the shortest foreign-key
/// path to a scoped table, preferring NOT NULL hops), global (configured, or
/// a lookup table referenced by scoped tables with no user or tenant data),
/// or unscoped with a risk: high when it holds user or tenant references.
Tenancy ClassifyTenancy(const schema::Schema& schema, const config::TenantConfig& config);

}  // namespace runwarden::analysis

#endif  // RUNWARDEN_ANALYSIS_TENANCY_H_
