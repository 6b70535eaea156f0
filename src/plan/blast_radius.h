#ifndef RUNWARDEN_PLAN_BLAST_RADIUS_H_
#define RUNWARDEN_PLAN_BLAST_RADIUS_H_

#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "sql/tree.h"

namespace runwarden::plan {

/// A read-only query that counts the rows an UPDATE or DELETE would touch,
/// per tenant: the write's own target, FROM/USING list and WHERE clause as
/// `SELECT CAST(<tenant key> AS text), count(*) ... GROUP BY 1 ORDER BY 1`, with the
/// write's bind parameters ($n keep their numbers).
struct CountQuery {
  std::string sql;
  std::string table;       ///< the written table, as written ("public.invoices")
  std::string key_column;  ///< "" when the table has no tenant key: one total row
};

/// Builds the count query of `stmt` (the statement node of `sql`, whose $n
/// are its binds, `bind_count` of them). `key_of(schema, table)` gives the
/// table's tenant key column, "" for none. Writes it cannot count without
/// running something else are errors saying why: INSERT, MERGE, a WITH
/// clause, WHERE CURRENT OF, a statement that is not a write.
Result<CountQuery> BlastRadiusQuery(
    std::string_view sql, sql::Node stmt, size_t bind_count,
    const std::function<std::string(std::string_view schema, std::string_view table)>& key_of);

/// `value` for a bind that sits in a LIKE pattern: %, _ and \ escaped with
/// a backslash (LIKE's default escape character), so that they match
/// themselves.
std::string EscapeLikeValue(std::string_view value);

}  // namespace runwarden::plan

#endif  // RUNWARDEN_PLAN_BLAST_RADIUS_H_
