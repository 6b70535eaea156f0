// The one file that includes libpg_query. Every result it returns is freed
// here; callers get runwarden types only.
//
// Facts about libpg_query 15-4.0 this relies on:
//  - node `location` and statement `stmt_location` values are byte offsets;
//  - an error's `cursorpos` is 1-based and counts characters, not bytes;
//  - `stmt_len` 0 means "to the end of the text";
//  - pg_query_split_with_scanner never fails and keeps bad statements.
#include <pg_query.h>

#include <string>

#include "base/text.h"
#include "sql/lexer.h"
#include "sql/parser.h"

namespace runwarden::sql {

namespace {

// Moves a range's start past leading white space and comments, and its end
// before a trailing ';' and white space.
TextRange Tighten(std::string_view sql, size_t begin, size_t end) {
  begin = SkipSpaceAndComments(sql, begin);
  if (begin > end) begin = end;
  while (end > begin) {
    const char c = sql[end - 1];
    if (c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      --end;
    } else {
      break;
    }
  }
  return TextRange{begin, end - begin};
}

SyntaxError MakeError(const PgQueryError* e, std::string_view text, size_t base) {
  SyntaxError err;
  err.message = e->message ? e->message : "syntax error";
  const size_t chars = e->cursorpos > 0 ? static_cast<size_t>(e->cursorpos - 1) : 0;
  err.offset = base + ByteOffsetOfCodePoint(text, chars);
  return err;
}

// Parses `text` as a whole; fills `out` on success, returns the error otherwise.
std::optional<SyntaxError> ParseWhole(std::string_view text, size_t base,
                                      std::vector<StatementParse>* out) {
  const std::string input(text);
  PgQueryParseResult r = pg_query_parse(input.c_str());
  if (r.error) {
    SyntaxError err = MakeError(r.error, text, base);
    pg_query_free_parse_result(r);
    return err;
  }
  std::string json = r.parse_tree ? r.parse_tree : "{}";
  pg_query_free_parse_result(r);
  std::string tree_error;
  std::shared_ptr<const Tree> tree = Tree::Parse(std::move(json), &tree_error);
  if (!tree) return SyntaxError{"internal: unreadable parse tree: " + tree_error, base};
  for (Node stmt : tree->root()["stmts"]) {
    const size_t loc = static_cast<size_t>(stmt["stmt_location"].integer());
    const size_t len = static_cast<size_t>(stmt["stmt_len"].integer());
    const size_t end = len == 0 ? text.size() : loc + len;
    const TextRange range = Tighten(text, loc, end);
    StatementParse parse;
    parse.offset = base + range.offset;
    parse.length = range.length;
    parse.root = stmt["stmt"];
    parse.tree = tree;
    parse.location_base = base;
    out->push_back(std::move(parse));
  }
  return std::nullopt;
}

}  // namespace

namespace {

// Statements in sql[begin, end) split on the semicolons of code (not inside
// literals, quoted names or comments), skipping empty ones.
void SplitOnSemicolons(std::string_view sql, size_t begin, size_t end,
                       std::vector<TextRange>& out) {
  const std::string_view part = sql.substr(begin, end - begin);
  size_t start = 0;
  auto flush = [&](size_t stop) {
    const TextRange r = Tighten(sql, begin + start, begin + stop);
    if (r.length > 0 && SkipSpaceAndComments(sql, r.offset) < r.offset + r.length) {
      out.push_back(r);
    }
  };
  for (const Segment& seg : Segments(part)) {
    if (seg.kind != SegmentKind::kCode) continue;
    for (size_t i = seg.begin; i < seg.end; ++i) {
      if (part[i] != ';') continue;
      flush(i);
      start = i + 1;
    }
  }
  flush(part.size());
}

}  // namespace

std::vector<TextRange> SplitStatements(std::string_view sql) {
  const std::string input(sql);
  PgQuerySplitResult r = pg_query_split_with_scanner(input.c_str());
  std::vector<TextRange> ranges;
  if (!r.error) {
    for (int i = 0; i < r.n_stmts; ++i) {
      const size_t loc = static_cast<size_t>(r.stmts[i]->stmt_location);
      const size_t len = static_cast<size_t>(r.stmts[i]->stmt_len);
      const size_t end = len == 0 ? sql.size() : loc + len;
      const TextRange range = Tighten(sql, loc, end);
      if (range.length > 0) ranges.push_back(range);
    }
  }
  pg_query_free_split_result(r);
  // The scanner drops a statement it cannot make sense of ("SELEC 1"); such
  // a statement is left in a gap between the ranges, where it is split on
  // semicolons so that it still gets parsed and reported.
  std::vector<TextRange> all;
  size_t pos = 0;
  for (const TextRange& range : ranges) {
    if (range.offset > pos) SplitOnSemicolons(sql, pos, range.offset, all);
    all.push_back(range);
    pos = range.offset + range.length;
  }
  if (pos < sql.size()) SplitOnSemicolons(sql, pos, sql.size(), all);
  return all;
}

std::vector<StatementParse> ParseStatements(std::string_view sql) {
  std::vector<StatementParse> out;
  if (!ParseWhole(sql, 0, &out)) return out;
  out.clear();
  for (const TextRange& range : SplitStatements(sql)) {
    const std::string_view piece = sql.substr(range.offset, range.length);
    std::vector<StatementParse> one;
    std::optional<SyntaxError> err = ParseWhole(piece, range.offset, &one);
    if (err) {
      StatementParse bad;
      bad.offset = range.offset;
      bad.length = range.length;
      bad.error = std::move(err);
      out.push_back(std::move(bad));
      continue;
    }
    // The scanner may have merged or split differently; keep what the
    // parser found.
    for (StatementParse& p : one) out.push_back(std::move(p));
  }
  return out;
}

std::optional<std::string> Fingerprint(std::string_view sql) {
  const std::string input(sql);
  PgQueryFingerprintResult r = pg_query_fingerprint(input.c_str());
  std::optional<std::string> out;
  if (!r.error && r.fingerprint_str) out = r.fingerprint_str;
  pg_query_free_fingerprint_result(r);
  return out;
}

}  // namespace runwarden::sql
