#ifndef RUNWARDEN_RUNBOOK_PARAMETER_H_
#define RUNWARDEN_RUNBOOK_PARAMETER_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_span.h"
#include "base/status.h"

namespace runwarden::runbook {

/// The type of a runbook parameter; values are checked against it before
/// anything runs.
enum class ParamType { kUuid, kInt, kBigint, kText, kBool, kEnum, kIdentifier, kDuration };

/// A typed input of a runbook, declared in the front matter or inferred from
/// a placeholder that was not declared.
struct Parameter {
  enum class Origin { kDeclared, kInferred };

  std::string name;
  ParamType type = ParamType::kText;
  bool required = true;
  std::optional<std::string> default_value;
  std::optional<std::string> pattern;  ///< ECMAScript regex the whole value must match
  bool secret = false;                 ///< never printed, logged or stored in clear
  std::string description;
  std::vector<std::string> enum_values;
  Origin origin = Origin::kDeclared;
  SourceSpan span;  ///< the declaration, or the first placeholder when inferred
};

std::string_view ParamTypeName(ParamType type);
std::optional<ParamType> ParseParamType(std::string_view name);
/// "uuid, int, bigint, text, bool, enum, identifier, duration".
std::string ParamTypeList();

/// Ok when `value` is a valid value of `param` (type, enum values, pattern);
/// otherwise an error saying what is wrong without echoing a secret value.
Status ValidateValue(const Parameter& param, std::string_view value);

/// The environment variable a shell step reads the parameter from:
/// RUNWARDEN_PARAM_TENANT_ID for tenant_id.
std::string EnvVarName(std::string_view parameter);

/// The type a placeholder name suggests when it was not declared: uuid when
/// the name mentions UUID or ends in _ID, text otherwise.
ParamType InferType(std::string_view name);

/// Parses "500ms", "30s", "5m", "1h", "1h30m"; nullopt when malformed.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);
/// The shortest form ParseDuration reads back: "30s", "1h30m", "250ms".
std::string FormatDuration(std::chrono::milliseconds d);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_PARAMETER_H_
