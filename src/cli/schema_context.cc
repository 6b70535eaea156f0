#include "cli/schema_context.h"

#include <set>

#include "cli/load.h"

namespace runwarden::cli {

namespace {

// Superuser or BYPASSRLS, directly or through granted roles.
bool CanBypass(const schema::Schema& schema, const std::string& role, std::set<std::string>& seen) {
  if (!seen.insert(role).second) return false;
  auto it = schema.roles.find(role);
  if (it == schema.roles.end()) return false;
  if (it->second.superuser || it->second.bypass_rls) return true;
  if (!it->second.inherit) return false;
  for (const std::string& parent : it->second.member_of) {
    if (CanBypass(schema, parent, seen)) return true;
  }
  return false;
}

// Tenancy and the role's ability to bypass row-level security.
Status Complete(SchemaContext* ctx, const std::string& role) {
  ctx->tenancy = analysis::ClassifyTenancy(ctx->loaded.schema, ctx->config.tenant);
  const schema::Schema& s = ctx->loaded.schema;
  if (!role.empty()) {
    if (!s.roles.count(role)) {
      return InvalidInput("role '" + role + "' is not defined by the schema")
          .WithHint(
              "name a role created in the schema's DDL (CREATE ROLE), or leave --role out "
              "to check without counting on row-level security");
    }
    std::set<std::string> seen;
    ctx->role_cannot_bypass_rls = !CanBypass(s, role, seen);
  } else if (s.session_role) {
    ctx->role_cannot_bypass_rls = !s.session_role->superuser && !s.session_role->bypass_rls;
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<SchemaContext>> LoadSchemaContext(const std::string& schema_path,
                                                         const std::string& config_path,
                                                         const std::string& role,
                                                         SourceSet& sources) {
  auto ctx = std::make_unique<SchemaContext>();
  RW_ASSIGN_OR_RETURN(ctx->config, LoadProjectConfig(config_path));
  RW_ASSIGN_OR_RETURN(ctx->loaded, LoadSchemaFile(schema_path, sources));
  RW_TRY(Complete(ctx.get(), role));
  return ctx;
}

Result<std::unique_ptr<SchemaContext>> MakeSchemaContext(schema::Schema schema,
                                                         const std::string& config_path,
                                                         const std::string& role) {
  auto ctx = std::make_unique<SchemaContext>();
  RW_ASSIGN_OR_RETURN(ctx->config, LoadProjectConfig(config_path));
  ctx->loaded.schema = std::move(schema);
  RW_TRY(Complete(ctx.get(), role));
  return ctx;
}

}  // namespace runwarden::cli
