#include "sql/lexer.h"

#include <string>

namespace runwarden::sql {

namespace {

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Length of a dollar-quote tag starting at sql[i] == '$' ("$$" or "$tag$"),
// or 0 when it is not one (for example a parameter like $1).
size_t DollarTagLength(std::string_view sql, size_t i) {
  size_t j = i + 1;
  if (j < sql.size() && sql[j] == '$') return 2;
  if (j >= sql.size() || !IsIdentStart(sql[j])) return 0;
  while (j < sql.size() && sql[j] != '$') {
    if (!IsIdentChar(sql[j])) return 0;
    ++j;
  }
  if (j >= sql.size()) return 0;
  return j - i + 1;
}

}  // namespace

std::vector<Segment> Segments(std::string_view sql) {
  std::vector<Segment> out;
  const size_t n = sql.size();
  size_t code_start = 0;
  size_t i = 0;
  auto flush_code = [&](size_t upto) {
    if (upto > code_start)
      out.push_back(Segment{SegmentKind::kCode, code_start, upto, code_start, upto});
  };
  while (i < n) {
    const char c = sql[i];
    if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      flush_code(i);
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = n;
      out.push_back(Segment{SegmentKind::kLineComment, i, end, i + 2, end});
      i = code_start = end;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      flush_code(i);
      size_t j = i + 2;
      int depth = 1;
      while (j < n && depth > 0) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      Segment seg{SegmentKind::kBlockComment, i, j, i + 2, depth == 0 ? j - 2 : j};
      seg.unterminated = depth != 0;
      out.push_back(seg);
      i = code_start = j;
      continue;
    }
    if (c == '\'') {
      // A prefix letter (E, U&, B, X, N) directly before the quote belongs to
      // the literal when it starts a token.
      size_t begin = i;
      bool backslash = false;
      if (i >= 1) {
        const char p = sql[i - 1];
        const bool starts_token = i < 2 || !IsIdentChar(sql[i - 2]);
        if ((p == 'E' || p == 'e') && starts_token) {
          backslash = true;
          begin = i - 1;
        } else if ((p == 'B' || p == 'b' || p == 'X' || p == 'x' || p == 'N' || p == 'n') &&
                   starts_token) {
          begin = i - 1;
        } else if (p == '&' && i >= 2 && (sql[i - 2] == 'U' || sql[i - 2] == 'u') &&
                   (i < 3 || !IsIdentChar(sql[i - 3]))) {
          begin = i - 2;
        }
      }
      flush_code(begin);
      size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        if (backslash && sql[j] == '\\' && j + 1 < n) {
          j += 2;
          continue;
        }
        if (sql[j] == '\'') {
          if (j + 1 < n && sql[j + 1] == '\'') {
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        ++j;
      }
      Segment seg{SegmentKind::kStringLiteral, begin, closed ? j + 1 : n, i + 1, j};
      seg.backslash_escapes = backslash;
      seg.unterminated = !closed;
      out.push_back(seg);
      i = code_start = seg.end;
      continue;
    }
    if (c == '"') {
      flush_code(i);
      size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        if (sql[j] == '"') {
          if (j + 1 < n && sql[j + 1] == '"') {
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        ++j;
      }
      Segment seg{SegmentKind::kQuotedIdentifier, i, closed ? j + 1 : n, i + 1, j};
      seg.unterminated = !closed;
      out.push_back(seg);
      i = code_start = seg.end;
      continue;
    }
    if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
      const size_t tag_len = DollarTagLength(sql, i);
      if (tag_len > 0) {
        flush_code(i);
        const std::string_view tag = sql.substr(i, tag_len);
        const size_t close = sql.find(tag, i + tag_len);
        const bool closed = close != std::string_view::npos;
        const size_t body_end = closed ? close : n;
        Segment seg{SegmentKind::kDollarQuoted, i, closed ? close + tag_len : n, i + tag_len,
                    body_end};
        seg.unterminated = !closed;
        out.push_back(seg);
        i = code_start = seg.end;
        continue;
      }
    }
    ++i;
  }
  flush_code(n);
  return out;
}

size_t SkipSpaceAndComments(std::string_view sql, size_t pos) {
  const size_t n = sql.size();
  while (pos < n) {
    const char c = sql[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos;
    } else if (c == '-' && pos + 1 < n && sql[pos + 1] == '-') {
      const size_t end = sql.find('\n', pos);
      pos = end == std::string_view::npos ? n : end + 1;
    } else if (c == '/' && pos + 1 < n && sql[pos + 1] == '*') {
      int depth = 1;
      pos += 2;
      while (pos < n && depth > 0) {
        if (sql[pos] == '/' && pos + 1 < n && sql[pos + 1] == '*') {
          ++depth;
          pos += 2;
        } else if (sql[pos] == '*' && pos + 1 < n && sql[pos + 1] == '/') {
          --depth;
          pos += 2;
        } else {
          ++pos;
        }
      }
    } else {
      break;
    }
  }
  return pos;
}

std::string QuoteLiteral(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace runwarden::sql
