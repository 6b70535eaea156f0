#ifndef RUNWARDEN_SCHEMA_EXPRESSION_H_
#define RUNWARDEN_SCHEMA_EXPRESSION_H_

#include <optional>
#include <string>

#include "schema/schema.h"

namespace runwarden::schema {

/// Parses a SQL expression written as text (a policy's USING clause, from
/// DDL or from pg_get_expr) into an Expression; nullopt when it is not a
/// valid expression.
std::optional<Expression> ParseExpression(std::string text);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_EXPRESSION_H_
