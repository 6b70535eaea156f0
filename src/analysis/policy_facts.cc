#include "analysis/policy_facts.h"

#include <algorithm>

#include "base/text.h"

namespace runwarden::analysis {

namespace {

using sql::Node;

std::string_view LastName(Node list) {
  auto names = sql::NameList(list);
  return names.empty() ? std::string_view() : names.back();
}

// The operator of an A_Expr ("=", "<>", ...), or "" when it is not one.
std::string_view OperatorOf(Node a_expr) {
  if (a_expr["kind"].str() == "AEXPR_DISTINCT") return "IS DISTINCT FROM";
  if (a_expr["kind"].str() != "AEXPR_OP") return {};
  return LastName(a_expr["name"]);
}

class Analyzer {
 public:
  Analyzer(std::string_view key, std::string_view setting) : key_(key), setting_(setting) {}

  // current_setting('<setting>'[, missing_ok]) itself.
  bool IsSettingRead(Node n) const {
    Node f = n.As("FuncCall");
    if (!f || !EqualsIgnoreCase(LastName(f["funcname"]), "current_setting")) return false;
    // pg_dump writes the name as 'app.current_tenant_id'::text.
    Node arg = f["args"].at(0);
    while (Node c = arg.As("TypeCast")) arg = c["arg"];
    auto name = sql::ConstString(arg);
    return name && EqualsIgnoreCase(*name, setting_);
  }

  // The setting read, possibly wrapped in casts, NULLIF(.., '') or COALESCE.
  bool IsSettingValue(Node n) const {
    for (int guard = 0; guard < 16; ++guard) {
      if (IsSettingRead(n)) return true;
      if (Node c = n.As("TypeCast")) {
        n = c["arg"];
      } else if (Node a = n.As("A_Expr"); a && a["kind"].str() == "AEXPR_NULLIF") {
        n = a["lexpr"];  // NULLIF(x, '') parses as an A_Expr, not a function call
      } else if (Node co = n.As("CoalesceExpr")) {
        n = co["args"].at(0);
      } else {
        return false;
      }
    }
    return false;
  }

  // The tenant value: the setting, or a tenant function.
  bool IsTenantValue(Node n) const {
    if (IsSettingValue(n)) return true;
    while (Node c = n.As("TypeCast")) n = c["arg"];
    Node f = n.As("FuncCall");
    if (!f || f["args"].size() != 0) return false;
    const std::string name = AsciiLower(LastName(f["funcname"]));
    return name.find("tenant") != std::string::npos;
  }

  static std::string ColumnOf(Node n) {
    while (Node c = n.As("TypeCast")) n = c["arg"];
    Node cr = n.As("ColumnRef");
    if (!cr) return "";
    auto names = sql::NameList(cr["fields"]);
    return names.empty() ? "" : std::string(names.back());
  }

  // For `col OP tenant` (either side): the column; "" otherwise.
  std::string ComparedColumn(Node a_expr) const {
    if (IsTenantValue(a_expr["rexpr"])) return ColumnOf(a_expr["lexpr"]);
    if (IsTenantValue(a_expr["lexpr"])) return ColumnOf(a_expr["rexpr"]);
    return "";
  }

  bool IsKeyGuard(Node n) const {
    Node a = n.As("A_Expr");
    return a && OperatorOf(a) == "=" && ComparedColumn(a) == key_;
  }

  // Every passing row has key = tenant.
  bool Guards(Node n) const {
    if (IsKeyGuard(n)) return true;
    Node b = n.As("BoolExpr");
    if (!b) return false;
    const std::string_view op = b["boolop"].str();
    if (op == "AND_EXPR") {
      for (Node arg : b["args"]) {
        if (Guards(arg)) return true;
      }
      return false;
    }
    if (op == "OR_EXPR") {
      for (Node arg : b["args"]) {
        if (!Guards(arg)) return false;
      }
      return b["args"].size() > 0;
    }
    return false;
  }

  static bool ConstTrue(Node n) {
    while (Node c = n.As("TypeCast")) n = c["arg"];
    Node k = n.As("A_Const");
    if (!k) return false;
    if (Node b = k["boolval"]) return b["boolval"].boolean();
    if (auto s = sql::ConstString(k)) {
      const std::string v = AsciiLower(*s);
      return v == "t" || v == "true" || v == "on" || v == "yes";
    }
    return false;
  }

  static std::string ConstText(Node n) {
    while (Node c = n.As("TypeCast")) n = c["arg"];
    Node k = n.As("A_Const");
    if (!k) return "\x01";  // not a constant
    if (Node i = k["ival"]) return "i" + std::to_string(i["ival"].integer());
    if (auto s = sql::ConstString(k)) return "s" + std::string(*s);
    if (Node f = k["fval"]) return "f" + std::string(f["fval"].str());
    if (Node b = k["boolval"]) return b["boolval"].boolean() ? "btrue" : "bfalse";
    return "\x01";
  }

  static bool AlwaysTrue(Node n) {
    if (ConstTrue(n)) return true;
    if (Node a = n.As("A_Expr")) {
      if (OperatorOf(a) == "=") {
        const std::string l = ConstText(a["lexpr"]), r = ConstText(a["rexpr"]);
        return l != "\x01" && l == r;
      }
      return false;
    }
    if (Node b = n.As("BoolExpr")) {
      const std::string_view op = b["boolop"].str();
      if (op == "OR_EXPR") {
        for (Node arg : b["args"]) {
          if (AlwaysTrue(arg)) return true;
        }
      } else if (op == "AND_EXPR") {
        for (Node arg : b["args"]) {
          if (!AlwaysTrue(arg)) return false;
        }
        return true;
      }
    }
    if (Node nt = n.As("NullTest")) {
      return nt["nulltesttype"].str() == "IS_NOT_NULL" && ConstText(nt["arg"]) != "\x01";
    }
    return false;
  }

  // A test that holds when no tenant is set.
  bool NoTenantTest(Node n) const {
    if (Node nt = n.As("NullTest")) {
      return nt["nulltesttype"].str() == "IS_NULL" && IsSettingValue(nt["arg"]);
    }
    if (Node a = n.As("A_Expr")) {
      if (OperatorOf(a) != "=") return false;
      return (IsSettingValue(a["lexpr"]) && ConstText(a["rexpr"]) == "s") ||
             (IsSettingValue(a["rexpr"]) && ConstText(a["lexpr"]) == "s");
    }
    return false;
  }

  void Scan(Node root, PolicyFacts& f) const {
    sql::VisitAll(root, [&](Node n) {
      const std::string_view tag = n.tag();
      if (tag == "A_Expr") {
        Node a = n.unwrap();
        const std::string_view op = OperatorOf(a);
        const std::string col = ComparedColumn(a);
        if (!col.empty()) {
          if (op == "=" && col != key_ &&
              std::find(f.other_columns.begin(), f.other_columns.end(), col) ==
                  f.other_columns.end()) {
            f.other_columns.push_back(col);
          }
          if (op == "<>" || op == "!=" || op == "IS DISTINCT FROM") f.inequality = true;
        }
      } else if (tag == "BoolExpr") {
        Node b = n.unwrap();
        if (b["boolop"].str() == "OR_EXPR") {
          for (Node arg : b["args"]) f.fails_open = f.fails_open || NoTenantTest(arg);
        } else if (b["boolop"].str() == "NOT_EXPR") {
          Node inner = b["args"].at(0).As("A_Expr");
          if (inner && OperatorOf(inner) == "=" && !ComparedColumn(inner).empty())
            f.inequality = true;
        }
      } else if (tag == "TypeCast") {
        Node c = n.unwrap();
        const std::string type = AsciiLower(LastName(c["typeName"]["names"]));
        if (IsSettingRead(c["arg"]) && type != "text" && type != "varchar" && type != "name" &&
            type != "bpchar") {
          f.unguarded_cast = true;
        }
      } else if (tag == "FuncCall") {
        if (IsTenantValue(n)) f.reads_tenant = true;
      }
    });
  }

 private:
  std::string_view key_;
  std::string_view setting_;
};

}  // namespace

PolicyFacts AnalyzePolicyExpression(Node expr, std::string_view key_column,
                                    std::string_view setting) {
  PolicyFacts f;
  if (!expr) return f;
  Analyzer a(key_column, setting);
  f.always_true = Analyzer::AlwaysTrue(expr);
  f.guards_key = !key_column.empty() && a.Guards(expr);
  a.Scan(expr, f);
  return f;
}

bool AppliesTo(const schema::Policy& policy, schema::PolicyCommand command) {
  return policy.command == schema::PolicyCommand::kAll || policy.command == command;
}

const schema::Expression* CheckExpression(const schema::Policy& policy) {
  if (policy.check_expr) return &*policy.check_expr;
  if ((policy.command == schema::PolicyCommand::kAll ||
       policy.command == schema::PolicyCommand::kUpdate) &&
      policy.using_expr) {
    return &*policy.using_expr;
  }
  return nullptr;
}

}  // namespace runwarden::analysis
