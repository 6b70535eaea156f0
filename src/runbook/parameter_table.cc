#include "runbook/parameter_table.h"

#include "base/text.h"

namespace runwarden::runbook {

const Parameter* ParameterTable::Find(std::string_view name) const {
  for (const Parameter& p : params_) {
    if (EqualsIgnoreCase(p.name, name)) return &p;
  }
  return nullptr;
}

std::string ParameterTable::Resolve(std::string_view written, const SourceSpan& at) {
  if (const Parameter* p = Find(written)) return p->name;
  Parameter p;
  p.name = std::string(written);
  p.type = InferType(written);
  p.required = true;
  p.origin = Parameter::Origin::kInferred;
  p.span = at;
  params_.push_back(std::move(p));
  return params_.back().name;
}

ParamType ParameterTable::TypeOf(std::string_view name) const {
  const Parameter* p = Find(name);
  return p ? p->type : ParamType::kText;
}

}  // namespace runwarden::runbook
