#include "runbook/parameter.h"

#include <charconv>
#include <cstdint>
#include <regex>

#include "base/text.h"

namespace runwarden::runbook {

namespace {

struct TypeName {
  ParamType type;
  std::string_view name;
};
constexpr TypeName kTypeNames[] = {
    {ParamType::kUuid, "uuid"},
    {ParamType::kInt, "int"},
    {ParamType::kBigint, "bigint"},
    {ParamType::kText, "text"},
    {ParamType::kBool, "bool"},
    {ParamType::kEnum, "enum"},
    {ParamType::kIdentifier, "identifier"},
    {ParamType::kDuration, "duration"},
};

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsUuid(std::string_view v) {
  if (v.size() != 36) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (v[i] != '-') return false;
    } else if (!IsHex(v[i])) {
      return false;
    }
  }
  return true;
}

template <typename Int>
bool IsInteger(std::string_view v) {
  if (v.empty()) return false;
  Int out{};
  const char* begin = v.data();
  if (*begin == '+') return false;
  auto [p, ec] = std::from_chars(begin, v.data() + v.size(), out);
  return ec == std::errc() && p == v.data() + v.size();
}

bool IsIdentifier(std::string_view v) {
  if (v.empty() || v.size() > 63) return false;
  const auto start = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!start(v[0])) return false;
  for (char c : v) {
    if (!start(c) && !(c >= '0' && c <= '9') && c != '$') return false;
  }
  return true;
}

constexpr size_t kMaxPatternInput = 4096;

// Describes a rejected value without repeating a secret.
std::string Shown(const Parameter& p, std::string_view value) {
  if (p.secret) return "the value";
  std::string shown(value.substr(0, 60));
  if (value.size() > 60) shown += "...";
  return "'" + shown + "'";
}

}  // namespace

std::string_view ParamTypeName(ParamType type) {
  for (const auto& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return "text";
}

std::optional<ParamType> ParseParamType(std::string_view name) {
  const std::string lower = AsciiLower(Trim(name));
  for (const auto& t : kTypeNames) {
    if (t.name == lower) return t.type;
  }
  if (lower == "integer" || lower == "int4") return ParamType::kInt;
  if (lower == "int8") return ParamType::kBigint;
  if (lower == "boolean") return ParamType::kBool;
  if (lower == "string") return ParamType::kText;
  return std::nullopt;
}

std::string ParamTypeList() {
  std::string out;
  for (const auto& t : kTypeNames) {
    if (!out.empty()) out += ", ";
    out += t.name;
  }
  return out;
}

Status ValidateValue(const Parameter& p, std::string_view value) {
  const std::string what = "parameter " + p.name + ": " + Shown(p, value);
  switch (p.type) {
    case ParamType::kUuid:
      if (!IsUuid(value)) return InvalidInput(what + " is not a UUID (8-4-4-4-12 hex digits)");
      break;
    case ParamType::kInt:
      if (!IsInteger<int32_t>(value)) return InvalidInput(what + " is not a 32-bit integer");
      break;
    case ParamType::kBigint:
      if (!IsInteger<int64_t>(value)) return InvalidInput(what + " is not a 64-bit integer");
      break;
    case ParamType::kBool: {
      const std::string lower = AsciiLower(value);
      if (lower != "true" && lower != "false") return InvalidInput(what + " is not true or false");
      break;
    }
    case ParamType::kEnum: {
      bool found = false;
      for (const auto& v : p.enum_values) found = found || v == value;
      if (!found) {
        std::string list;
        for (const auto& v : p.enum_values) list += (list.empty() ? "" : ", ") + v;
        return InvalidInput(what + " is not one of: " + list);
      }
      break;
    }
    case ParamType::kIdentifier:
      if (!IsIdentifier(value)) {
        return InvalidInput(what +
                            " is not an identifier (a letter or _, then letters, digits, _ or $; "
                            "at most 63 bytes)");
      }
      break;
    case ParamType::kDuration:
      if (!ParseDuration(value)) return InvalidInput(what + " is not a duration such as 30s or 5m");
      break;
    case ParamType::kText:
      if (value.find('\0') != std::string_view::npos) {
        return InvalidInput(what + " contains a NUL byte");
      }
      break;
  }
  if (p.pattern) {
    // libstdc++'s regex matcher recurses per character: bound the input so a
    // long value cannot exhaust the stack.
    if (value.size() > kMaxPatternInput) {
      return InvalidInput(what + " is longer than " + std::to_string(kMaxPatternInput) +
                          " bytes, the most a pattern is checked against");
    }
    std::regex re;
    try {
      re = std::regex(*p.pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return InvalidInput("parameter " + p.name + ": pattern is not a valid regular expression");
    }
    if (!std::regex_match(value.begin(), value.end(), re)) {
      return InvalidInput(what + " does not match the pattern " + *p.pattern);
    }
  }
  return Status::Ok();
}

std::string EnvVarName(std::string_view parameter) {
  std::string out = "RUNWARDEN_PARAM_";
  for (char c : parameter) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    } else {
      out += '_';
    }
  }
  return out;
}

ParamType InferType(std::string_view name) {
  const std::string upper = AsciiUpper(name);
  if (upper.find("UUID") != std::string::npos) return ParamType::kUuid;
  if (upper == "ID" || (upper.size() > 3 && upper.ends_with("_ID"))) return ParamType::kUuid;
  return ParamType::kText;
}

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j == i || j - i > 9) return std::nullopt;
    int64_t n = 0;
    std::from_chars(text.data() + i, text.data() + j, n);
    size_t k = j;
    while (k < text.size() && ((text[k] >= 'a' && text[k] <= 'z'))) ++k;
    const std::string_view unit = text.substr(j, k - j);
    int64_t ms;
    if (unit == "ms") {
      ms = 1;
    } else if (unit == "s") {
      ms = 1000;
    } else if (unit == "m" || unit == "min") {
      ms = 60'000;
    } else if (unit == "h") {
      ms = 3'600'000;
    } else {
      return std::nullopt;
    }
    total += n * ms;
    i = k;
  }
  return std::chrono::milliseconds(total);
}

std::string FormatDuration(std::chrono::milliseconds d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  const int64_t h = ms / 3'600'000;
  ms %= 3'600'000;
  const int64_t m = ms / 60'000;
  ms %= 60'000;
  const int64_t s = ms / 1000;
  ms %= 1000;
  if (h) out += std::to_string(h) + "h";
  if (m) out += std::to_string(m) + "m";
  if (s) out += std::to_string(s) + "s";
  if (ms) out += std::to_string(ms) + "ms";
  return out;
}

}  // namespace runwarden::runbook
