// Lexical helpers that recover the text of expressions from DDL statements.
// The parse tree gives only the start of each node (and for operators the
// position of the operator), so the extent of a USING clause or a DEFAULT
// expression is found by scanning the text with the SQL lexer's idea of
// literals and comments.
#include "schema/ddl_text.h"

#include <vector>

#include "base/text.h"
#include "sql/lexer.h"

namespace runwarden::schema {

namespace {

struct Token {
  size_t begin;
  size_t end;
  int depth;  // parenthesis depth before the token
};

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

// Words, single punctuation characters and whole literals, with depths.
std::vector<Token> Tokenize(std::string_view sql) {
  std::vector<Token> out;
  int depth = 0;
  for (const sql::Segment& s : sql::Segments(sql)) {
    if (s.kind == sql::SegmentKind::kLineComment || s.kind == sql::SegmentKind::kBlockComment)
      continue;
    if (s.kind != sql::SegmentKind::kCode) {
      out.push_back({s.begin, s.end, depth});
      continue;
    }
    size_t i = s.begin;
    while (i < s.end) {
      const char c = sql[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (IsWordChar(c)) {
        size_t j = i;
        while (j < s.end && IsWordChar(sql[j])) ++j;
        out.push_back({i, j, depth});
        i = j;
      } else {
        out.push_back({i, i + 1, depth});
        if (c == '(') ++depth;
        if (c == ')') --depth;
        ++i;
      }
    }
  }
  return out;
}

bool Is(std::string_view sql, const Token& t, std::string_view word) {
  return EqualsIgnoreCase(sql.substr(t.begin, t.end - t.begin), word);
}

// Index of the first token after the keyword sequence (tokens.size() when
// the sequence ends the text), or nullopt when the sequence is absent.
std::optional<size_t> FindKeywords(std::string_view sql, const std::vector<Token>& tokens,
                                   std::initializer_list<std::string_view> keywords, size_t from) {
  // Match at the nesting depth where the search starts (0 from the start of
  // a statement; inside the column list for a column's DEFAULT).
  int depth = 0;
  for (const Token& t : tokens) {
    if (t.begin >= from) {
      depth = t.depth;
      break;
    }
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].begin < from || tokens[i].depth != depth) continue;
    size_t k = 0;
    for (std::string_view kw : keywords) {
      if (i + k >= tokens.size() || !Is(sql, tokens[i + k], kw)) break;
      ++k;
    }
    if (k == keywords.size()) return i + k;
  }
  return std::nullopt;
}

}  // namespace

std::optional<TextRange> GroupAfterKeywords(std::string_view sql,
                                            std::initializer_list<std::string_view> keywords,
                                            size_t from) {
  const std::vector<Token> tokens = Tokenize(sql);
  const std::optional<size_t> open = FindKeywords(sql, tokens, keywords, from);
  if (!open || *open >= tokens.size() || sql[tokens[*open].begin] != '(') return std::nullopt;
  for (size_t j = *open + 1; j < tokens.size(); ++j) {
    if (tokens[j].depth == 1 && sql[tokens[j].begin] == ')' &&
        tokens[j].end == tokens[j].begin + 1) {
      return TextRange{tokens[*open].end, tokens[j].begin};
    }
  }
  return std::nullopt;
}

std::optional<size_t> AfterKeywords(std::string_view sql,
                                    std::initializer_list<std::string_view> keywords, size_t from) {
  const std::vector<Token> tokens = Tokenize(sql);
  const std::optional<size_t> next = FindKeywords(sql, tokens, keywords, from);
  if (!next || *next == 0) return std::nullopt;
  return tokens[*next - 1].end;
}

TextRange ExpressionExtent(std::string_view sql, size_t begin) {
  static constexpr std::string_view kStops[] = {"NOT",        "NULL",      "CONSTRAINT",
                                                "CHECK",      "UNIQUE",    "PRIMARY",
                                                "REFERENCES", "GENERATED", "COLLATE"};
  const std::vector<Token> tokens = Tokenize(sql.substr(begin));
  size_t end = sql.size() - begin;
  for (const Token& t : tokens) {
    if (t.depth != 0) continue;
    const std::string_view text = sql.substr(begin + t.begin, t.end - t.begin);
    if (text == "," || text == ")" || text == ";") {
      end = t.begin;
      break;
    }
    bool stop = false;
    for (std::string_view kw : kStops) stop = stop || EqualsIgnoreCase(text, kw);
    if (stop && t.begin > 0) {
      end = t.begin;
      break;
    }
  }
  std::string_view expr = sql.substr(begin, end);
  while (!expr.empty() && (expr.back() == ' ' || expr.back() == '\n' || expr.back() == '\t' ||
                           expr.back() == '\r')) {
    expr.remove_suffix(1);
  }
  return TextRange{begin, begin + expr.size()};
}

}  // namespace runwarden::schema
