#ifndef RUNWARDEN_SCHEMA_CATALOG_EXPRESSION_H_
#define RUNWARDEN_SCHEMA_CATALOG_EXPRESSION_H_

#include <string>

#include "schema/schema.h"
#include "sql/tree.h"

namespace runwarden::schema {

/// A canonical text of an expression's parse tree that is the same for the
/// text a person wrote in DDL and for PostgreSQL's pg_get_expr() rendering of
/// the stored expression, so that a live policy can be compared with the
/// policy a schema file declares. Ignored: source locations, parentheses,
/// type casts (pg_get_expr makes implicit casts explicit: `v` comes back as
/// `(v)::text`, `'a'` as `'a'::text`), the kind of a constant ('5' and 5),
/// schema and table qualifiers of column, function, table and operator names,
/// and the nesting of AND/OR chains. Rewrites PostgreSQL applies when it
/// stores an expression are applied to both sides: `x IN (1, 2)` is
/// `x = ANY (ARRAY[1, 2])`, `x IN (1)` is `x = 1`, `x BETWEEN a AND b` is
/// `x >= a AND x <= b`, LIKE is the ~~ operator. Empty when the tree is
/// nested deeper than a fixed limit (500 levels).
std::string CanonicalExpression(sql::Node expression);

/// CanonicalExpression(e.tree), reading negative integer literals from e.text
/// (libpg_query 15-4.0.0's JSON loses their value), or "text:" and e.text
/// with white space collapsed when the expression has no parse tree or is
/// nested too deep.
std::string CanonicalExpression(const Expression& e);

/// True when both expressions have the same canonical form.
bool EquivalentExpressions(const Expression& a, const Expression& b);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_CATALOG_EXPRESSION_H_
