#ifndef RUNWARDEN_SQL_PARSER_H_
#define RUNWARDEN_SQL_PARSER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/tree.h"

namespace runwarden::sql {

/// Where and why the PostgreSQL 15 grammar rejected a text.
struct SyntaxError {
  std::string message;  ///< as PostgreSQL words it: syntax error at or near "FROM"
  size_t offset = 0;    ///< byte offset into the text that was parsed
};

/// One statement of a SQL text.
struct StatementParse {
  /// Byte range of the statement in the text: from its first token (leading
  /// white space and comments skipped) to its end, without the ';'.
  size_t offset = 0;
  size_t length = 0;
  /// The statement node, e.g. {"SelectStmt": {...}}; missing when it failed.
  Node root;
  std::optional<SyntaxError> error;
  /// Owns the tree `root` points into (shared by statements parsed together).
  std::shared_ptr<const Tree> tree;
  /// Node `location`s count from this byte of the text: 0 when the whole
  /// text was parsed at once, the statement's offset when it was parsed on
  /// its own. The text offset of a node is location_base + location.
  size_t location_base = 0;
};

/// Parses every statement of `sql`. All statements are parsed in one call
/// when the whole text is valid; otherwise the text is split on statement
/// boundaries and each piece is parsed alone, so a bad statement gets its own
/// error and its neighbours still parse. Never fails as a whole.
std::vector<StatementParse> ParseStatements(std::string_view sql);

/// libpg_query's fingerprint of `sql` (hex), equal for statements that differ
/// only in constants and white space; nullopt when it does not parse.
std::optional<std::string> Fingerprint(std::string_view sql);

/// Statement boundaries by the scanner alone: never fails, keeps bad
/// statements. Each range excludes leading white space and comments.
struct TextRange {
  size_t offset;
  size_t length;
};
std::vector<TextRange> SplitStatements(std::string_view sql);

}  // namespace runwarden::sql

#endif  // RUNWARDEN_SQL_PARSER_H_
