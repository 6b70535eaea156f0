// Checks shared by the backends before anything reaches a server. Savepoint
// names are the only caller-supplied text that ends up in SQL; they are both
// validated and quoted.

#include "db/sql_checks.h"

namespace runwarden::db {

namespace {

constexpr size_t kMaxIdentifierBytes = 63;

bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentifierChar(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9'); }

}  // namespace

Status CheckIdentifier(std::string_view name, std::string_view what) {
  const std::string label(what);
  if (name.empty()) return InvalidInput(label + " is empty");
  if (name.size() > kMaxIdentifierBytes) {
    return InvalidInput(label + " is longer than 63 bytes");
  }
  if (!IsIdentifierStart(name[0])) {
    return InvalidInput(label + " must start with a letter or '_'")
        .WithHint("use letters, digits and '_' only");
  }
  for (char c : name) {
    if (!IsIdentifierChar(c)) {
      return InvalidInput(label + " may hold only letters, digits and '_'")
          .WithHint("use letters, digits and '_' only");
    }
  }
  return Status::Ok();
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

Status CheckParams(const Params& params) {
  if (params.size() > kMaxParams) {
    return InvalidInput("a statement can take at most 65535 bind parameters, got " +
                        std::to_string(params.size()));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i] && params[i]->find('\0') != std::string::npos) {
      return InvalidInput("bind parameter $" + std::to_string(i + 1) +
                          " holds a NUL byte, which a text parameter cannot carry");
    }
  }
  return Status::Ok();
}

}  // namespace runwarden::db
