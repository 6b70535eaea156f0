#ifndef RUNWARDEN_CONFIG_CONFIG_H_
#define RUNWARDEN_CONFIG_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/file_reader.h"
#include "base/result.h"
#include "base/source_span.h"

namespace runwarden::config {

/// How tenants are identified in the schema.
struct TenantConfig {
  /// Tenant key column names, in order of preference.
  std::vector<std::string> keys = {"tenant_id",  "org_id",  "organization_id", "workspace_id",
                                   "account_id", "team_id", "namespace_id"};
  /// Keys used only when a table has none of `keys` (a sub-tenant scope).
  std::vector<std::string> secondary_keys = {"project_id"};
  /// Tables that are the tenants themselves ("tenants", "public.orgs").
  std::vector<std::string> roots;
  /// Tables shared by all tenants on purpose ("system_config").
  std::vector<std::string> global_tables;
  /// The setting row-level security policies read the tenant from.
  std::string setting = "app.current_tenant_id";
};

/// A finding the team has decided to accept, with the reason.
struct Ignore {
  std::string rule;   ///< rule id
  std::string table;  ///< "schema.table" or "table"; empty = any
  std::string path;   ///< a file path prefix; empty = any
  std::string reason;
  SourceSpan span;  ///< where the ignore is written
};

/// A Rust row type mapped to a table by hand, in [contracts.tables], for
/// types runwarden cannot map from their queries or names.
struct ContractTable {
  std::string contract;  ///< the Rust struct's name ("InvoiceRow")
  std::string table;     ///< "schema.table" or "table"
  SourceSpan span;       ///< where the mapping is written
};

/// The project's runwarden.toml.
struct Config {
  std::string path;  ///< empty when no file was found (defaults only)
  TenantConfig tenant;
  /// Severity overrides by rule id: "error", "warning", "info" or "off".
  std::map<std::string, std::string> severities;
  std::vector<Ignore> ignores;
  std::vector<ContractTable> contract_tables;
};

/// The file name looked for in the working directory.
inline constexpr char kConfigFileName[] = "runwarden.toml";

/// Reads the configuration: `explicit_path` when given (it must exist),
/// else runwarden.toml in the working directory when there is one, else the
/// defaults. Malformed TOML, unknown keys, severities other than
/// error/warning/info/off and ignores without a reason are errors with
/// their location.
Result<Config> LoadConfig(const std::string& explicit_path, const FileReader& reader);

/// Parses configuration text shown to users as `path`.
Result<Config> ParseConfig(const std::string& text, const std::string& path);

}  // namespace runwarden::config

#endif  // RUNWARDEN_CONFIG_CONFIG_H_
