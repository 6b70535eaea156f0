// PostgreSQL's array output format (array_out) for one dimension: elements
// separated by ',', each either bare (no white space, quotes, braces, commas
// or backslashes; the bare word NULL is SQL NULL) or double-quoted with '\'
// escaping '"' and '\'. Multi-dimensional arrays and dimension decorations
// ("[1:2]={...}") never come out of runwarden's catalog queries and are
// refused.

#include "schema/catalog_pg_array.h"

namespace runwarden::schema {

namespace {

Status Malformed(std::string_view text, std::string_view why) {
  return InternalError("unexpected array value from the catalog (" + std::string(why) +
                       "): " + std::string(text.substr(0, 80)));
}

}  // namespace

Result<std::vector<std::optional<std::string>>> ParsePgArray(std::string_view text) {
  std::vector<std::optional<std::string>> out;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
    return Malformed(text, "not enclosed in braces");
  }
  const std::string_view body = text.substr(1, text.size() - 2);
  if (body.empty()) return out;
  size_t i = 0;
  while (true) {
    if (i < body.size() && body[i] == '"') {
      std::string element;
      ++i;
      bool closed = false;
      while (i < body.size()) {
        const char c = body[i++];
        if (c == '\\') {
          if (i >= body.size()) return Malformed(text, "dangling escape");
          element += body[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          element += c;
        }
      }
      if (!closed) return Malformed(text, "unterminated quote");
      out.emplace_back(std::move(element));
    } else {
      const size_t end = body.find(',', i);
      const std::string_view word = body.substr(i, end == std::string_view::npos ? end : end - i);
      if (word.empty()) return Malformed(text, "empty element");
      if (word.find_first_of("{}\"\\") != std::string_view::npos) {
        return Malformed(text, "nested or unquoted special character");
      }
      if (word == "NULL") {
        out.emplace_back(std::nullopt);
      } else {
        out.emplace_back(std::string(word));
      }
      i += word.size();
    }
    if (i == body.size()) return out;
    if (body[i] != ',') return Malformed(text, "missing separator");
    ++i;
  }
}

Result<std::vector<std::string>> ParsePgNameArray(std::string_view text) {
  RW_ASSIGN_OR_RETURN(auto elements, ParsePgArray(text));
  std::vector<std::string> out;
  out.reserve(elements.size());
  for (auto& e : elements) {
    if (e) out.push_back(std::move(*e));
  }
  return out;
}

}  // namespace runwarden::schema
