#include "sql/statement_names.h"

namespace runwarden::sql {

namespace {

struct Name {
  std::string_view tag;
  std::string_view words;
};

constexpr Name kNames[] = {
    {"AlterDefaultPrivilegesStmt", "ALTER DEFAULT PRIVILEGES"},
    {"AlterEnumStmt", "ALTER TYPE"},
    {"AlterFunctionStmt", "ALTER FUNCTION"},
    {"AlterObjectSchemaStmt", "ALTER ... SET SCHEMA"},
    {"AlterOwnerStmt", "ALTER ... OWNER TO"},
    {"AlterPolicyStmt", "ALTER POLICY"},
    {"AlterRoleStmt", "ALTER ROLE"},
    {"AlterSeqStmt", "ALTER SEQUENCE"},
    {"CompositeTypeStmt", "CREATE TYPE"},
    {"CreateCastStmt", "CREATE CAST"},
    {"CreateDomainStmt", "CREATE DOMAIN"},
    {"CreateEnumStmt", "CREATE TYPE ... AS ENUM"},
    {"CreateEventTrigStmt", "CREATE EVENT TRIGGER"},
    {"CreateExtensionStmt", "CREATE EXTENSION"},
    {"CreateFunctionStmt", "CREATE FUNCTION"},
    {"CreateRoleStmt", "CREATE ROLE"},
    {"CreateSchemaStmt", "CREATE SCHEMA"},
    {"CreateSeqStmt", "CREATE SEQUENCE"},
    {"CreateTrigStmt", "CREATE TRIGGER"},
    {"DefineStmt", "CREATE AGGREGATE/OPERATOR/TYPE"},
    {"GrantRoleStmt", "GRANT role"},
    {"RenameStmt", "ALTER ... RENAME"},
    {"RuleStmt", "CREATE RULE"},
    {"SecLabelStmt", "SECURITY LABEL"},
    {"AlterDatabaseSetStmt", "ALTER DATABASE SET"},
    {"AlterRoleSetStmt", "ALTER ROLE SET"},
    {"AlterTableStmt", "ALTER TABLE"},
    {"CallStmt", "CALL"},
    {"CommentStmt", "COMMENT"},
    {"CopyStmt", "COPY"},
    {"CreatePolicyStmt", "CREATE POLICY"},
    {"CreateStmt", "CREATE TABLE"},
    {"CreateTableAsStmt", "CREATE TABLE AS"},
    {"DeleteStmt", "DELETE"},
    {"DoStmt", "DO"},
    {"DropStmt", "DROP"},
    {"ExplainStmt", "EXPLAIN"},
    {"GrantStmt", "GRANT"},
    {"IndexStmt", "CREATE INDEX"},
    {"InsertStmt", "INSERT"},
    {"LockStmt", "LOCK"},
    {"MergeStmt", "MERGE"},
    {"NotifyStmt", "NOTIFY"},
    {"SelectStmt", "SELECT"},
    {"TransactionStmt", "transaction control"},
    {"TruncateStmt", "TRUNCATE"},
    {"UpdateStmt", "UPDATE"},
    {"VacuumStmt", "VACUUM"},
    {"VariableSetStmt", "SET"},
    {"VariableShowStmt", "SHOW"},
    {"ViewStmt", "CREATE VIEW"},
};

}  // namespace

std::string StatementName(std::string_view tag) {
  for (const Name& n : kNames) {
    if (n.tag == tag) return std::string(n.words);
  }
  if (tag.ends_with("Stmt")) tag.remove_suffix(4);
  return std::string(tag);
}

}  // namespace runwarden::sql
