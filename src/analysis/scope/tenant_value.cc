// The run's tenant is recognised on the parse tree, never on text: a bind
// parameter that carries the tenant parameter, current_setting() of the
// tenant setting, or a function without arguments named after the tenant
// (app.current_tenant()), as row-level security policies write it.
#include "analysis/scope/tenant_value.h"

#include <algorithm>

#include "base/text.h"

namespace runwarden::analysis::scope {

using sql::Node;

Node StripCasts(Node expr) {
  for (int guard = 0; guard < 64; ++guard) {
    Node cast = expr.As("TypeCast");
    if (!cast) break;
    expr = cast["arg"];
  }
  return expr;
}

namespace {

bool IsEmptyString(Node n) {
  auto s = sql::ConstString(StripCasts(n));
  return s && s->empty();
}

std::string ConstText(Node c) {
  if (auto s = sql::ConstString(c)) return "'" + std::string(*s) + "'";
  if (Node i = c["ival"]) return std::to_string(i["ival"].integer());
  if (c["fval"]) return std::string(c["fval"]["fval"].str());
  return "a constant";
}

}  // namespace

ValueClass ClassifyValue(Node expr, const TenantValue& tenant) {
  expr = StripCasts(expr);
  if (Node p = expr.As("ParamRef")) {
    const int n = static_cast<int>(p["number"].integer());
    const bool is_tenant = tenant.any_param || std::find(tenant.params.begin(), tenant.params.end(),
                                                         n) != tenant.params.end();
    std::string text = "$" + std::to_string(n);
    if (n >= 1 && static_cast<size_t>(n) <= tenant.param_names.size()) {
      text = "<" + tenant.param_names[n - 1] + ">";
    }
    return {is_tenant ? ValueKind::kTenant : ValueKind::kOtherParam, std::move(text)};
  }
  if (Node c = expr.As("A_Const")) {
    if (c["isnull"].boolean()) return {};
    return {ValueKind::kLiteral, ConstText(c)};
  }
  if (Node f = expr.As("FuncCall")) {
    const auto names = sql::NameList(f["funcname"]);
    if (names.empty()) return {};
    const std::string name = AsciiLower(names.back());
    Node args = f["args"];
    if (name == "current_setting" && args.size() >= 1) {
      auto setting = sql::ConstString(StripCasts(args.at(0)));
      if (setting && EqualsIgnoreCase(*setting, tenant.setting)) return {ValueKind::kTenant, ""};
      return {};
    }
    if (name == "nullif" && args.size() == 2 && IsEmptyString(args.at(1))) {
      return ClassifyValue(args.at(0), tenant);
    }
    if (args.size() == 0 && name.find("tenant") != std::string::npos) {
      return {ValueKind::kTenant, ""};
    }
    return {};
  }
  if (Node a = expr.As("A_Expr")) {
    if (a["kind"].str() == "AEXPR_NULLIF" && IsEmptyString(a["rexpr"])) {
      return ClassifyValue(a["lexpr"], tenant);
    }
    const auto op = sql::NameList(a["name"]);
    if (a["kind"].str() == "AEXPR_OP" && op.size() == 1 && op[0] == "||") {
      if (IsEmptyString(a["lexpr"])) return ClassifyValue(a["rexpr"], tenant);
      if (IsEmptyString(a["rexpr"])) return ClassifyValue(a["lexpr"], tenant);
    }
  }
  return {};
}

}  // namespace runwarden::analysis::scope
