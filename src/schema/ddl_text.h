#ifndef RUNWARDEN_SCHEMA_DDL_TEXT_H_
#define RUNWARDEN_SCHEMA_DDL_TEXT_H_

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace runwarden::schema {

/// A stretch of a statement's text: [begin, end) byte offsets.
struct TextRange {
  size_t begin;
  size_t end;
};

/// The contents of the parenthesised group that follows the keyword sequence
/// `keywords` (for example {"WITH", "CHECK"}) at the nesting depth of the
/// first token at or after `from`, outside
/// literals and comments, searching from `from`. For
/// "CREATE POLICY p ON t USING (a = b) WITH CHECK (c)" and {"USING"} it is
/// the range of "a = b". nullopt when the keywords or the group are missing.
std::optional<TextRange> GroupAfterKeywords(std::string_view sql,
                                            std::initializer_list<std::string_view> keywords,
                                            size_t from = 0);

/// The expression that starts at `begin` and ends before the first ',' or
/// ')' at depth 0, or before a column constraint keyword (NOT NULL, NULL,
/// CONSTRAINT, CHECK, UNIQUE, PRIMARY, REFERENCES, GENERATED, COLLATE), or at
/// the end of the text. Used to read DEFAULT expressions as written.
TextRange ExpressionExtent(std::string_view sql, size_t begin);

/// Offset just past the first occurrence of the keyword sequence outside
/// literals, at the nesting depth of the first token at or after `from`;
/// nullopt when absent.
std::optional<size_t> AfterKeywords(std::string_view sql,
                                    std::initializer_list<std::string_view> keywords,
                                    size_t from = 0);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_DDL_TEXT_H_
