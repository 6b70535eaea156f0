#include "schema/expression.h"

#include "base/text.h"
#include "sql/parser.h"

namespace runwarden::schema {

std::optional<Expression> ParseExpression(std::string text) {
  static constexpr std::string_view kPrefix = "SELECT (";
  const std::string sql = std::string(kPrefix) + text + ")";
  std::vector<sql::StatementParse> parses = sql::ParseStatements(sql);
  if (parses.size() != 1 || parses[0].error) return std::nullopt;
  sql::Node select = parses[0].root.As("SelectStmt");
  if (!select || select["targetList"].size() != 1 || select["fromClause"].size() != 0) {
    return std::nullopt;
  }
  Expression e;
  e.text = std::string(Trim(text));
  e.tree = select["targetList"].at(0).unwrap()["val"];
  e.tree_owner = parses[0].tree;
  const size_t lead = text.find_first_not_of(" \t\n\r");
  e.tree_offset = kPrefix.size() + (lead == std::string::npos ? 0 : lead);
  return e;
}

}  // namespace runwarden::schema
