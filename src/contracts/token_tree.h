#ifndef RUNWARDEN_CONTRACTS_TOKEN_TREE_H_
#define RUNWARDEN_CONTRACTS_TOKEN_TREE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/rust_syntax.h"

namespace runwarden::contracts {

/// One token of a macro or attribute body. tree-sitter leaves the inside of
/// macros unparsed (a `token_tree` of leaves and nested trees), so table!,
/// query_as! and #[sqlx(...)] are read from these tokens.
struct Token {
  enum class Kind {
    kIdent,    ///< identifiers and keywords (r# stripped): users, crate, as
    kString,   ///< "..." or r#"..."#; `text` is the literal as written
    kLiteral,  ///< numbers, chars, booleans
    kPunct,    ///< :: -> , = ! # < > and the like
    kGroup,    ///< (...), [...] or {...}; `text` is the opening delimiter
  };
  Kind kind = Kind::kPunct;
  std::string text;
  uint32_t begin = 0;  ///< source byte range
  uint32_t end = 0;
  std::vector<Token> children;  ///< kGroup: the tokens inside the delimiters

  bool Is(Kind k, std::string_view t) const { return kind == k && text == t; }
  bool IsPunct(std::string_view t) const { return Is(Kind::kPunct, t); }
  bool IsIdent(std::string_view t) const { return Is(Kind::kIdent, t); }
};

/// The tokens inside a `token_tree` node (its delimiters removed). Comments
/// are dropped. Groups nested deeper than 256 are kept without children.
std::vector<Token> TokensOf(SyntaxNode token_tree, const SyntaxTree& tree);

/// Tokens split at top-level `,` (empty pieces dropped).
std::vector<std::vector<Token>> SplitAtCommas(const std::vector<Token>& tokens);

/// The path spelled by tokens like `crate :: schema :: users` ("crate::schema::users");
/// "" when the tokens are not a path.
std::string PathText(const std::vector<Token>& tokens, size_t begin = 0,
                     size_t end = static_cast<size_t>(-1));

/// The tokens as text with single spaces between words ("Nullable < Text >"
/// becomes "Nullable<Text>"), for types written inside macros.
std::string JoinTokens(const std::vector<Token>& tokens, size_t begin = 0,
                       size_t end = static_cast<size_t>(-1));

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_TOKEN_TREE_H_
