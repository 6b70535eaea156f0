// sqlx (the Rust SQL toolkit) keeps one JSON file per checked query in
// .sqlx/ for offline builds: {"db_name": "PostgreSQL", "query": "...",
// "describe": {...}, "hash": "..."}. The JSON is validated with the tree
// parser; the query string is then decoded here by hand, keeping the file
// offset of every byte.
#include "sql/sqlx_cache.h"

#include "base/text.h"
#include "sql/tree.h"

namespace runwarden::sql {

namespace {

size_t SkipSpace(std::string_view t, size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
  return i;
}

// End of the JSON string starting at t[i] == '"' (one past the closing quote).
size_t SkipString(std::string_view t, size_t i) {
  for (++i; i < t.size(); ++i) {
    if (t[i] == '\\') {
      ++i;
    } else if (t[i] == '"') {
      return i + 1;
    }
  }
  return t.size();
}

// End of the JSON value starting at t[i].
size_t SkipValue(std::string_view t, size_t i) {
  if (i >= t.size()) return i;
  if (t[i] == '"') return SkipString(t, i);
  if (t[i] == '{' || t[i] == '[') {
    int depth = 0;
    while (i < t.size()) {
      if (t[i] == '"') {
        i = SkipString(t, i);
        continue;
      }
      if (t[i] == '{' || t[i] == '[') ++depth;
      if (t[i] == '}' || t[i] == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return i;
  }
  while (i < t.size() && t[i] != ',' && t[i] != '}' && t[i] != ']') ++i;
  return i;
}

void AppendUtf8(uint32_t cp, uint32_t at, SqlxQuery& out) {
  auto put = [&](uint32_t byte) {
    out.query.push_back(static_cast<char>(byte));
    out.file_offset.push_back(at);
  };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6));
    put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18));
    put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  }
}

uint32_t Hex4(std::string_view t, size_t i) {
  uint32_t v = 0;
  for (size_t k = i; k < i + 4 && k < t.size(); ++k) {
    const char c = t[k];
    v = v * 16 + (c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : 0);
  }
  return v;
}

// Decodes the (valid) JSON string whose opening quote is at t[i].
SqlxQuery Decode(std::string_view t, size_t i) {
  SqlxQuery out;
  for (++i; i < t.size() && t[i] != '"'; ++i) {
    const uint32_t at = static_cast<uint32_t>(i);
    if (t[i] != '\\') {
      out.query.push_back(t[i]);
      out.file_offset.push_back(at);
      continue;
    }
    const char e = i + 1 < t.size() ? t[++i] : '\\';
    switch (e) {
      case 'n':
        AppendUtf8('\n', at, out);
        break;
      case 't':
        AppendUtf8('\t', at, out);
        break;
      case 'r':
        AppendUtf8('\r', at, out);
        break;
      case 'b':
        AppendUtf8('\b', at, out);
        break;
      case 'f':
        AppendUtf8('\f', at, out);
        break;
      case 'u': {
        uint32_t cp = Hex4(t, i + 1);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < t.size() && t[i + 1] == '\\' &&
            t[i + 2] == 'u') {
          const uint32_t lo = Hex4(t, i + 3);
          if (lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(cp, at, out);
        break;
      }
      default:
        AppendUtf8(static_cast<unsigned char>(e), at, out);
    }
  }
  return out;
}

}  // namespace

Result<SqlxQuery> ParseSqlxQuery(std::string_view text, const std::string& path) {
  const LineIndex index(text);
  std::string error;
  auto tree = Tree::Parse(std::string(text), &error);
  if (!tree) {
    return InvalidInput("not a sqlx query file: " + error)
        .At(index.SpanOf(path, 0, 0))
        .WithHint("sqlx writes .sqlx/query-<hash>.json with cargo sqlx prepare");
  }
  if (!tree->root()["query"].is_string()) {
    return InvalidInput("no \"query\" string in this sqlx query file")
        .At(index.SpanOf(path, 0, 0))
        .WithHint("sqlx writes .sqlx/query-<hash>.json with cargo sqlx prepare");
  }
  size_t i = SkipSpace(text, 0);
  if (i < text.size() && text[i] == '{') ++i;
  while (i < text.size()) {
    i = SkipSpace(text, i);
    if (i >= text.size() || text[i] != '"') break;
    const size_t key_end = SkipString(text, i);
    const std::string_view key = text.substr(i + 1, key_end - i - 2);
    i = SkipSpace(text, key_end);
    if (i < text.size() && text[i] == ':') ++i;
    i = SkipSpace(text, i);
    if (key == "query" && i < text.size() && text[i] == '"') return Decode(text, i);
    i = SkipSpace(text, SkipValue(text, i));
    if (i < text.size() && text[i] == ',') ++i;
  }
  return InvalidInput("no \"query\" string in this sqlx query file").At(index.SpanOf(path, 0, 0));
}

}  // namespace runwarden::sql
