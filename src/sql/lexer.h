#ifndef RUNWARDEN_SQL_LEXER_H_
#define RUNWARDEN_SQL_LEXER_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace runwarden::sql {

/// What a stretch of SQL text is, lexically.
enum class SegmentKind {
  kCode,              ///< keywords, names, operators, numbers, white space
  kStringLiteral,     ///< '...', E'...', U&'...', B'...', X'...', N'...'
  kDollarQuoted,      ///< $$...$$ or $tag$...$tag$
  kQuotedIdentifier,  ///< "..."
  kLineComment,       ///< -- ... end of line
  kBlockComment,      ///< /* ... */ (nested, as in PostgreSQL)
};

/// A maximal run of text of one kind. [begin, end) covers the whole segment
/// including quotes; [body_begin, body_end) is the content between them.
struct Segment {
  SegmentKind kind;
  size_t begin;
  size_t end;
  size_t body_begin;
  size_t body_end;
  /// String literals: E'...' (backslash escapes apply).
  bool backslash_escapes = false;
  /// The closing quote or comment end is missing.
  bool unterminated = false;
};

/// Splits `sql` into segments following PostgreSQL's lexical rules for
/// quotes, dollar quotes and comments. Never fails: an unterminated literal
/// or comment runs to the end of the text and is marked so.
std::vector<Segment> Segments(std::string_view sql);

/// Offset of the first byte at or after `pos` that is neither white space
/// nor inside a comment.
size_t SkipSpaceAndComments(std::string_view sql, size_t pos);

/// `s` quoted as a standard SQL string literal ('it''s').
std::string QuoteLiteral(std::string_view s);

}  // namespace runwarden::sql

#endif  // RUNWARDEN_SQL_LEXER_H_
