#ifndef RUNWARDEN_SCHEMA_CATALOG_H_
#define RUNWARDEN_SCHEMA_CATALOG_H_

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "db/connection.h"
#include "schema/schema.h"

namespace runwarden::schema {

/// How a catalog read behaves on a busy database.
struct CatalogReadOptions {
  /// How long a catalog query of PostgreSQL waits for a lock, for instance
  /// on a view that a migration is replacing (pg_get_viewdef locks the view),
  /// before the read fails with that reason instead of hanging. Applies
  /// when ReadCatalog opens its own transaction; 0 waits forever.
  std::chrono::milliseconds lock_timeout{10000};
};

/// Reads the schema of the database behind `connection` into the same model
/// the offline DDL loader produces, so that every check runs on either.
/// Dispatches on the backend; the connection stays owned by the caller and
/// is left in the transaction state it was in.
///
/// PostgreSQL (12 or later): one pipelined batch of catalog queries (plus one
/// more round trip when the Citus extension is installed), inside a
/// REPEATABLE READ READ ONLY transaction that is rolled back, or inside the
/// caller's open transaction. Names are read with search_path set to
/// `pg_catalog, pg_temp`, as pg_dump does, so column types come out as
/// format_type() prints them with every non-pg_catalog type schema-qualified
/// ("public.mood"), and default and policy expressions as pg_get_expr()
/// prints them ("nextval('public.orders_id_seq'::regclass)"). System schemas
/// (pg_catalog, information_schema, pg_toast*, pg_temp*) and objects that
/// belong to an extension are skipped; so are the copies of a foreign key
/// that PostgreSQL keeps for each partition of a referenced partitioned table
/// and indexes that back a primary key, unique or exclusion constraint.
/// Partitions carry what PostgreSQL gives them (their own columns, keys and
/// foreign keys). Policy roles and a role's memberships are sorted by name
/// (PostgreSQL keeps no meaningful order). `search_path` is
/// current_schemas(false) of the session; `session_role` is current_user with
///   - superuser / bypass_rls: the role has the attribute itself, or can
///     take it with SET ROLE through its memberships (PostgreSQL never lets
///     attributes pass through inheritance, but any member may SET ROLE);
///   - inherited: the roles whose privileges it inherits (transitively;
///     PostgreSQL 15 follows the member's INHERIT attribute, 16 and later
///     each grant's INHERIT option), nearest first. Through them it counts
///     as the owner of their tables, which bypasses row-level security.
/// Roles exclude PostgreSQL's predefined pg_* roles.
///
/// SQLite: tables, columns, NOT NULL, defaults (as written), primary keys,
/// unique constraints, foreign keys, indexes and views, through the
/// pragma_table_list / pragma_table_xinfo / pragma_foreign_key_list /
/// pragma_index_list / pragma_index_xinfo table functions (four queries).
/// Tables are in schema "main", which is the whole search path. A column's
/// type is its declared type lower-cased with white space collapsed
/// ("INTEGER" -> "integer", "VARCHAR(40)" -> "varchar(40)", no type -> ""):
/// SQLite has no format_type() and only applies affinity. A rowid alias
/// (INTEGER PRIMARY KEY) is NOT NULL. SQLite keeps no constraint names
/// (they are empty) and no expression text for index keys ("<expression>").
/// Row-level security does not exist: `row_level_security` is false,
/// rls_enabled is false everywhere, no roles, no owners, and `session_role`
/// is not set.
///
/// `origin` is the connection's description without password.
///
/// Errors: kUnavailable when the connection is lost while reading (the
/// message says so; nothing partial is returned), kExecution when the server
/// refuses a catalog query, kInvalidInput for an unsupported server version
/// or a connection whose transaction has failed.
Result<Schema> ReadCatalog(db::Connection& connection, const CatalogReadOptions& options = {});

/// The chain of memberships from role `from` to the nearest role that
/// satisfies `has`, both ends included ({from} when `from` itself does);
/// empty when no role reachable through Role::member_of does. Breadth-first
/// over `schema.roles`, members sorted by name, so the path is stable.
std::vector<std::string> RoleMembershipPath(const Schema& schema, std::string_view from,
                                            const std::function<bool(const Role&)>& has);

/// A membership path as reports show it: "app -> ops -> admin".
std::string FormatRolePath(const std::vector<std::string>& path);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_CATALOG_H_
