// Rust string literal decoding (the Reference, "Tokens: string literals"):
// "..." with \n \r \t \\ \0 \' \" \x00-\x7F \u{...} escapes and line
// continuations (a backslash before a line break skips the break and the
// white space after it); raw strings r"..." and r#"..."# verbatim. Each run
// of literal bytes is one piece of the offset map; each escape starts a new
// piece at its backslash.
#include "contracts/rust_string.h"

#include <algorithm>

namespace runwarden::contracts {

namespace {

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<RustString> RustString::Decode(std::string_view literal, uint32_t source_offset) {
  RustString s;
  s.begin_ = source_offset;
  s.end_ = source_offset + static_cast<uint32_t>(literal.size());
  if (literal.empty()) return std::nullopt;
  if (literal[0] == 'r') {
    size_t hashes = 1;
    while (hashes < literal.size() && literal[hashes] == '#') ++hashes;
    hashes -= 1;
    const size_t open = 1 + hashes;
    if (open >= literal.size() || literal[open] != '"') return std::nullopt;
    if (literal.size() < open + 1 + 1 + hashes) return std::nullopt;
    const size_t close = literal.size() - 1 - hashes;
    if (literal[close] != '"' || close < open + 1) return std::nullopt;
    s.value_ = std::string(literal.substr(open + 1, close - open - 1));
    s.pieces_.push_back({0, source_offset + static_cast<uint32_t>(open + 1)});
    return s;
  }
  if (literal[0] != '"' || literal.size() < 2 || literal.back() != '"') return std::nullopt;
  const std::string_view body = literal.substr(1, literal.size() - 2);
  const uint32_t body_offset = source_offset + 1;
  s.pieces_.push_back({0, body_offset});
  size_t i = 0;
  while (i < body.size()) {
    if (body[i] != '\\') {
      s.value_ += body[i++];
      continue;
    }
    const uint32_t escape_at = body_offset + static_cast<uint32_t>(i);
    s.pieces_.push_back({static_cast<uint32_t>(s.value_.size()), escape_at});
    if (i + 1 >= body.size()) return std::nullopt;
    const char e = body[i + 1];
    i += 2;
    switch (e) {
      case 'n':
        s.value_ += '\n';
        break;
      case 'r':
        s.value_ += '\r';
        break;
      case 't':
        s.value_ += '\t';
        break;
      case '\\':
      case '\'':
      case '"':
        s.value_ += e;
        break;
      case '0':
        s.value_ += '\0';
        break;
      case 'x': {
        if (i + 2 > body.size()) return std::nullopt;
        const int hi = HexValue(body[i]), lo = HexValue(body[i + 1]);
        if (hi < 0 || lo < 0 || hi > 7) return std::nullopt;
        s.value_ += static_cast<char>(hi * 16 + lo);
        i += 2;
        break;
      }
      case 'u': {
        if (i >= body.size() || body[i] != '{') return std::nullopt;
        uint32_t cp = 0;
        size_t digits = 0;
        ++i;
        while (i < body.size() && body[i] != '}') {
          if (body[i] == '_') {
            ++i;
            continue;
          }
          const int v = HexValue(body[i++]);
          if (v < 0 || ++digits > 6) return std::nullopt;
          cp = cp * 16 + static_cast<uint32_t>(v);
        }
        if (i >= body.size() || digits == 0) return std::nullopt;
        ++i;  // '}'
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
        AppendUtf8(s.value_, cp);
        break;
      }
      case '\n':
      case '\r':
        while (i < body.size() &&
               (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
          ++i;
        }
        break;
      default:
        return std::nullopt;
    }
    s.pieces_.push_back(
        {static_cast<uint32_t>(s.value_.size()), body_offset + static_cast<uint32_t>(i)});
  }
  return s;
}

uint32_t RustString::SourceOffset(size_t offset) const {
  if (pieces_.empty()) return begin_;
  if (offset >= value_.size()) return end_ > begin_ ? end_ - 1 : end_;
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), offset,
                             [](size_t v, const Piece& p) { return v < p.value_offset; });
  --it;
  return it->source_offset + static_cast<uint32_t>(offset - it->value_offset);
}

}  // namespace runwarden::contracts
