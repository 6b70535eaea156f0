// Canonical forms of expressions, for comparing a policy read from the live
// catalog (pg_get_expr) with the same policy written in DDL.
//
// The printer walks libpg_query's JSON tree. Generic nodes print as
// tag{key:value,...} with every key except locations and display-only
// formats; the nodes that pg_get_expr renders differently from what people
// write get a rule each (see CanonicalExpression in the header). Boolean
// groups are built by AsBoolGroup, which also expands IN and BETWEEN the way
// PostgreSQL's parse analysis does (transformAExprIn, transformAExprBetween),
// so that their parts merge into an enclosing AND/OR chain.
//
// Recursive with a depth limit: past kMaxDepth the printer stops and the
// whole expression falls back to its text (the caller compares text then), so
// a pathological input cannot exhaust the stack.

#include "schema/catalog_expression.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace runwarden::schema {

namespace {

using sql::Node;

constexpr int kMaxDepth = 500;

bool IsNoiseKey(std::string_view key) {
  return key == "location" || key == "funcformat" || key == "row_format" ||
         key == "stmt_location" || key == "stmt_len";
}

Node StripCasts(Node n) {
  while (Node cast = n.As("TypeCast")) n = cast["arg"];
  return n;
}

// A wrapped node is a one-member object whose key is a node type name.
bool IsWrapped(Node n) {
  if (!n.is_object() || n.size() != 1) return false;
  const std::string_view key = n.key(0);
  return !key.empty() && key[0] >= 'A' && key[0] <= 'Z';
}

std::string Quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string LastName(Node list) {
  std::vector<std::string_view> names = sql::NameList(list);
  return names.empty() ? std::string() : std::string(names.back());
}

bool ContainsColumnRef(Node n) {
  bool found = false;
  sql::VisitAll(n, [&](Node x) {
    if (x.tag() == "ColumnRef") found = true;
  });
  return found;
}

class Printer {
 public:
  /// `source` is the text node locations count in, shifted by `base`
  /// (location - base is an offset into `source`); empty when unknown.
  Printer(std::string_view source, size_t base) : source_(source), base_(base) {}

  /// Set when the tree was nested deeper than kMaxDepth; the output is then
  /// incomplete and must not be used.
  bool too_deep() const { return too_deep_; }

  std::string Print(Node n, int depth) {
    if (depth > kMaxDepth) {
      too_deep_ = true;
      return {};
    }
    n = StripCasts(n);
    if (!n) return "-";
    switch (n.kind()) {
      case Node::Kind::kMissing:
      case Node::Kind::kNull:
        return "-";
      case Node::Kind::kBool:
        return n.boolean() ? "true" : "false";
      case Node::Kind::kInt:
        return std::to_string(n.integer());
      case Node::Kind::kFloat:
        return std::to_string(n.number());
      case Node::Kind::kString:
        return Quoted(n.str());
      case Node::Kind::kArray: {
        std::string out = "[";
        for (size_t i = 0; i < n.size(); ++i) {
          if (i) out += ",";
          out += Print(n.at(i), depth + 1);
        }
        return out + "]";
      }
      case Node::Kind::kObject:
        break;
    }
    if (!IsWrapped(n)) return Object("", n, depth);
    const std::string_view tag = n.tag();
    const Node v = n.unwrap();
    if (tag == "A_Const") return Const(v);
    if (tag == "ColumnRef") return "col(" + ColumnName(v) + ")";
    if (tag == "RangeVar") {
      return "rel(" + std::string(v["relname"].str()) + "," + Print(v["alias"], depth + 1) + "," +
             (v["inh"].boolean() ? "inh" : "only") + ")";
    }
    if (tag == "FuncCall") {
      return "fn(" + LastName(v["funcname"]) + "," + Print(v["args"], depth + 1) + "," +
             Object("", v, depth, {"funcname", "args"}) + ")";
    }
    std::string op;
    std::vector<std::string> parts;
    if (AsBoolGroup(n, op, parts, depth)) {
      if (parts.size() == 1) return parts[0];
      return Group(op, parts);
    }
    if (tag == "BoolExpr") {  // NOT
      return "not(" + Print(v["args"].at(0), depth + 1) + ")";
    }
    if (tag == "A_Expr") return AExpr(v, depth);
    return Object(std::string(tag), v, depth);
  }

 private:
  static std::string Group(const std::string& op, const std::vector<std::string>& parts) {
    std::string out = op + "(";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
    return out + ")";
  }

  std::string Const(Node c) const {
    if (c["isnull"].boolean()) return "null";
    if (Node b = c["boolval"]) return b["boolval"].boolean() ? "true" : "false";
    if (Node i = c["ival"]) {
      // libpg_query 15-4.0.0 writes a negative integer constant as "ival":{}
      // (as if it were 0); the literal's text has the real value.
      if (!i["ival"]) return Quoted(IntegerAt(c["location"]));
      return Quoted(std::to_string(i["ival"].integer()));
    }
    if (Node f = c["fval"]) return Quoted(f["fval"].str());
    if (Node s = c["sval"]) return Quoted(s["sval"].str());
    if (Node b = c["bsval"]) return Quoted(b["bsval"].str());
    return "const";
  }

  // The integer literal at a node location ("-12"), or "0" when the source
  // is unknown or holds no such literal there.
  std::string IntegerAt(Node location) const {
    if (!location || location.integer() < static_cast<int64_t>(base_)) return "0";
    size_t at = static_cast<size_t>(location.integer()) - base_;
    std::string out;
    if (at < source_.size() && source_[at] == '-') out += source_[at++];
    while (at < source_.size() && source_[at] >= '0' && source_[at] <= '9') out += source_[at++];
    return out.empty() || out == "-" || out == "-0" ? "0" : out;
  }

  static std::string ColumnName(Node column_ref) {
    Node fields = column_ref["fields"];
    if (fields.size() == 0) return "";
    Node last = fields.at(fields.size() - 1);
    if (last.tag() == "A_Star") return "*";
    return std::string(last.unwrap()["sval"].str());
  }

  std::string Object(const std::string& tag, Node v, int depth,
                     std::initializer_list<std::string_view> skip = {}) {
    std::vector<std::pair<std::string_view, Node>> members;
    for (size_t i = 0; i < v.size(); ++i) {
      const std::string_view key = v.key(i);
      if (IsNoiseKey(key) || std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
      members.emplace_back(key, v.at(i));
    }
    std::sort(members.begin(), members.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out = tag + "{";
    for (size_t i = 0; i < members.size(); ++i) {
      if (i) out += ",";
      out += std::string(members[i].first) + ":" + Print(members[i].second, depth + 1);
    }
    return out + "}";
  }

  std::string Op(std::string_view name, Node l, Node r, int depth) {
    return "op(" + std::string(name) + "," + Print(l, depth + 1) + "," + Print(r, depth + 1) + ")";
  }

  std::string AExpr(Node v, int depth) {
    const std::string_view kind = v["kind"].str();
    const std::string name = LastName(v["name"]);
    if (kind.empty() || kind == "AEXPR_OP" || kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE") {
      return Op(name, v["lexpr"], v["rexpr"], depth);
    }
    if (kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") {
      Node r = StripCasts(v["rexpr"]);
      const std::string quantifier = kind == "AEXPR_OP_ANY" ? "any" : "all";
      if (Node array = r.As("A_ArrayExpr")) {
        return quantifier + "(" + name + "," + Print(v["lexpr"], depth + 1) + "," +
               Print(array["elements"], depth + 1) + ")";
      }
      return quantifier + "(" + name + "," + Print(v["lexpr"], depth + 1) + "," +
             Print(r, depth + 1) + ")";
    }
    return Object("A_Expr", v, depth);
  }

  // True when `n` is an AND/OR group: a BoolExpr AND/OR, or an A_Expr that
  // PostgreSQL stores as one (IN with more than one comparison, BETWEEN).
  // Fills `op` ("and"/"or") and the canonical parts, flattening nested
  // groups of the same operator.
  bool AsBoolGroup(Node n, std::string& op, std::vector<std::string>& parts, int depth) {
    if (depth > kMaxDepth) {
      too_deep_ = true;
      return false;
    }
    n = StripCasts(n);
    std::vector<std::string> own;
    std::vector<Node> children;
    if (Node b = n.As("BoolExpr")) {
      const std::string_view boolop = b["boolop"].str();
      if (boolop == "AND_EXPR") {
        op = "and";
      } else if (boolop == "OR_EXPR") {
        op = "or";
      } else {
        return false;
      }
      for (Node arg : b["args"]) children.push_back(arg);
    } else if (Node a = n.As("A_Expr")) {
      if (!ExpandAExpr(a, op, own, depth)) return false;
    } else {
      return false;
    }
    for (Node child : children) {
      std::string child_op;
      std::vector<std::string> child_parts;
      if (AsBoolGroup(child, child_op, child_parts, depth + 1) && child_op == op) {
        parts.insert(parts.end(), child_parts.begin(), child_parts.end());
      } else {
        parts.push_back(Print(child, depth + 1));
      }
    }
    parts.insert(parts.end(), own.begin(), own.end());
    return true;
  }

  // IN, NOT IN, BETWEEN and NOT BETWEEN as PostgreSQL's parse analysis
  // rewrites them.
  bool ExpandAExpr(Node a, std::string& op, std::vector<std::string>& parts, int depth) {
    const std::string_view kind = a["kind"].str();
    Node l = a["lexpr"];
    Node items = a["rexpr"].As("List")["items"];
    if (kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN") {
      if (items.size() != 2) return false;
      const bool between = kind == "AEXPR_BETWEEN";
      op = between ? "and" : "or";
      parts.push_back(Op(between ? ">=" : "<", l, items.at(0), depth));
      parts.push_back(Op(between ? "<=" : ">", l, items.at(1), depth));
      return true;
    }
    if (kind != "AEXPR_IN") return false;
    const std::string name = LastName(a["name"]);
    op = name == "<>" ? "and" : "or";
    std::vector<Node> constants, variables, all;
    for (Node item : items) {
      (ContainsColumnRef(item) ? variables : constants).push_back(item);
      all.push_back(item);
    }
    std::vector<Node> singles = all;
    if (constants.size() > 1) {
      singles = variables;
      std::string list = "[";
      for (size_t i = 0; i < constants.size(); ++i) {
        list += (i ? "," : "") + Print(constants[i], depth + 1);
      }
      parts.push_back((name == "<>" ? "all(" : "any(") + name + "," + Print(l, depth + 1) + "," +
                      list + "])");
    }
    for (Node item : singles) parts.push_back(Op(name, l, item, depth));
    return true;
  }

  std::string_view source_;
  size_t base_ = 0;
  bool too_deep_ = false;
};

std::string CollapseSpace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string CanonicalExpression(Node expression) {
  Printer printer({}, 0);
  std::string out = printer.Print(expression, 0);
  return printer.too_deep() ? std::string() : out;
}

std::string CanonicalExpression(const Expression& e) {
  if (e.tree) {
    Printer printer(e.text, e.tree_offset);
    std::string canonical = printer.Print(e.tree, 0);
    if (!printer.too_deep()) return canonical;
  }
  return "text:" + CollapseSpace(e.text);
}

bool EquivalentExpressions(const Expression& a, const Expression& b) {
  return CanonicalExpression(a) == CanonicalExpression(b);
}

}  // namespace runwarden::schema
