#ifndef RUNWARDEN_CLI_SCHEMA_CONTEXT_H_
#define RUNWARDEN_CLI_SCHEMA_CONTEXT_H_

#include <memory>
#include <string>

#include "analysis/tenancy.h"
#include "base/result.h"
#include "base/source_text.h"
#include "config/config.h"
#include "schema/ddl_loader.h"

namespace runwarden::cli {

/// What the tenant-scope checks of lint --schema and check-sql read: the
/// project configuration, the schema, its tenancy and the session role.
struct SchemaContext {
  config::Config config;
  schema::LoadedSchema loaded;
  analysis::Tenancy tenancy;
  /// The statements run as a role that cannot bypass row-level security
  /// (--role, or the session role of a live schema).
  bool role_cannot_bypass_rls = false;
};

/// Loads the configuration (`config_path`, else ./runwarden.toml), the
/// schema at `schema_path` (file or folder of migrations; its texts go to
/// `sources`) and checks `role` against the schema's roles when given.
Result<std::unique_ptr<SchemaContext>> LoadSchemaContext(const std::string& schema_path,
                                                         const std::string& config_path,
                                                         const std::string& role,
                                                         SourceSet& sources);

/// The same for a schema already read (from a live database's catalog).
Result<std::unique_ptr<SchemaContext>> MakeSchemaContext(schema::Schema schema,
                                                         const std::string& config_path,
                                                         const std::string& role);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_SCHEMA_CONTEXT_H_
