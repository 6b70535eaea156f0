#ifndef RUNWARDEN_SQL_STATEMENT_NAMES_H_
#define RUNWARDEN_SQL_STATEMENT_NAMES_H_

#include <string>
#include <string_view>

namespace runwarden::sql {

/// The SQL words for a libpg_query statement node tag, for messages:
/// "SET" for VariableSetStmt, "CREATE TABLE AS" for CreateTableAsStmt. Tags
/// without an entry lose their "Stmt" suffix.
std::string StatementName(std::string_view tag);

}  // namespace runwarden::sql

#endif  // RUNWARDEN_SQL_STATEMENT_NAMES_H_
