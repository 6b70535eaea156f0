#ifndef RUNWARDEN_RUNBOOK_PARAMETER_TABLE_H_
#define RUNWARDEN_RUNBOOK_PARAMETER_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "runbook/parameter.h"

namespace runwarden::runbook {

/// The parameters of a runbook while it is being parsed: the declared ones,
/// plus one inferred parameter for each placeholder name nobody declared.
/// Placeholder names match parameter names without regard to case, so
/// <TENANT_ID> and {{ tenant_id }} are the same parameter.
class ParameterTable {
 public:
  explicit ParameterTable(std::vector<Parameter> declared) : params_(std::move(declared)) {}

  /// The name of the parameter that placeholder `written` refers to. The
  /// first use of an undeclared name declares an inferred parameter there.
  std::string Resolve(std::string_view written, const SourceSpan& at);
  /// The type of parameter `name` (text when unknown).
  ParamType TypeOf(std::string_view name) const;

  std::vector<Parameter> Take() { return std::move(params_); }

 private:
  const Parameter* Find(std::string_view name) const;
  std::vector<Parameter> params_;
};

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_PARAMETER_TABLE_H_
