#ifndef RUNWARDEN_CONTRACTS_ATTRIBUTES_H_
#define RUNWARDEN_CONTRACTS_ATTRIBUTES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/rust_syntax.h"
#include "contracts/token_tree.h"

namespace runwarden::contracts {

/// One item of an attribute's argument list: `rename = "id"`, `flatten`,
/// `json(nullable)`, `table_name = crate::schema::users`, `sqlx::FromRow`.
struct AttrArg {
  std::string key;  ///< the leading path: "rename", "sqlx::FromRow"
  /// After `=`: a string literal's value, or the tokens as text for paths and
  /// expressions ("crate::schema::users", "true"); "" when there is no `=`.
  std::string value;
  bool value_is_string = false;
  std::vector<AttrArg> nested;  ///< the items of `key(...)`
  uint32_t begin = 0;           ///< source byte range of the item
  uint32_t end = 0;
};

/// An outer attribute: #[path(args...)] or #[path = "value"].
struct Attribute {
  std::string path;  ///< "derive", "sqlx", "diesel", "table_name"
  std::vector<AttrArg> args;
  std::string value;  ///< #[path = "value"]: the string's value
  uint32_t begin = 0;
  uint32_t end = 0;

  /// The argument with `key` (first match), or nullptr.
  const AttrArg* Find(std::string_view key) const;
};

/// Reads one `attribute_item` node. tree-sitter-rust puts the outer
/// attributes of an item or a field in `attribute_item` siblings before it,
/// interleaved with comments; callers collect them while walking a list.
Attribute ReadAttribute(SyntaxNode attribute_item, const SyntaxTree& tree);

/// The items of an argument token list, as in #[sqlx(...)].
std::vector<AttrArg> ReadAttrArgs(const std::vector<Token>& tokens);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_ATTRIBUTES_H_
