#include "sql/statement_names.h"

namespace runwarden::sql {

namespace {

struct Name {
  std::string_view tag;
  std::string_view words;
};

constexpr Name kNames[] = {
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
