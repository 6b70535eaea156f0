// The result-column resolver, on libpg_query's parse tree (sql::Node).
//
// A scope is the list of relations of a FROM clause, each with its columns
// already resolved (tables from the schema, views, CTEs and subqueries
// resolved recursively, up to a fixed depth so that a recursive CTE or a view
// cycle terminates). Outer joins mark the columns of their outer side
// nullable when the join is flattened into the scope. Target expressions are
// then typed one by one; PostgreSQL's FigureColname rules give the names of
// unaliased expressions (a column's name, a function's name, "?column?").
//
// Typed child fields of libpg_query are bare objects (SetOperation larg and
// rarg, UpdateStmt.relation); generic Node fields are wrapped
// ({"RangeVar": {...}}). Missing keys read as zero values.
#include "contracts/result_columns.h"

#include <algorithm>

#include "base/text.h"
#include "schema/types.h"
#include "sql/lexer.h"
#include "sql/parser.h"

namespace runwarden::contracts {

namespace {

using sql::Node;

constexpr int kMaxDepth = 16;

struct Column {
  std::string name;
  std::string type;
  Nullability nullability = Nullability::kUnknown;
  std::string origin;
  std::string why;
  bool is_table_column = false;
  bool hidden_in_star = false;  // the right-hand copy of a USING column
};

struct Relation {
  std::string name;  // alias, or table name
  std::vector<Column> columns;
  bool known = true;
};

struct Cte {
  std::string name;
  Node query;
  std::vector<std::string> column_names;
};

std::vector<Cte> CtesOf(Node with_clause) {
  std::vector<Cte> out;
  for (Node item : with_clause["ctes"]) {
    Node cte = item.As("CommonTableExpr");
    if (!cte) continue;
    Cte c;
    c.name = std::string(cte["ctename"].str());
    c.query = cte["ctequery"];
    for (std::string_view n : sql::NameList(cte["aliascolnames"])) c.column_names.emplace_back(n);
    out.push_back(std::move(c));
  }
  return out;
}

class Resolver {
 public:
  Resolver(const schema::Schema& schema, std::vector<std::string>& problems)
      : schema_(schema), problems_(problems) {}

  // Resolves a SelectStmt (the unwrapped object) into columns; see Targets
  // for `targets_out`.
  std::vector<Column> Select(Node select, std::vector<Cte> ctes, int depth, bool& complete,
                             std::vector<Node>* targets_out = nullptr) {
    if (depth > kMaxDepth) {
      complete = false;
      problems_.push_back("query nested too deeply to resolve");
      return {};
    }
    for (Cte& c : CtesOf(select["withClause"])) ctes.push_back(std::move(c));
    const std::string_view op = select["op"].str();
    if (!op.empty() && op != "SETOP_NONE") {
      std::vector<Column> left = Select(select["larg"], ctes, depth + 1, complete);
      std::vector<Column> right = Select(select["rarg"], ctes, depth + 1, complete);
      for (size_t i = 0; i < left.size() && i < right.size(); ++i) {
        Column& l = left[i];
        const Column& r = right[i];
        if (l.type.empty()) l.type = r.type;
        if (l.nullability == Nullability::kNullable || r.nullability == Nullability::kNullable) {
          if (l.nullability != Nullability::kNullable)
            l.why = r.why + " (in one arm of the set operation)";
          l.nullability = Nullability::kNullable;
        } else if (l.nullability != r.nullability) {
          l.nullability = Nullability::kUnknown;
          l.why = "arms of the set operation disagree";
        }
      }
      return left;
    }
    if (select["valuesLists"].size() > 0) {
      std::vector<Column> out;
      Node first = select["valuesLists"].at(0).As("List")["items"];
      std::vector<Relation> none;
      for (size_t i = 0; i < first.size(); ++i) {
        Column c = Expr(first.at(i), none, ctes, depth, complete);
        c.name = "column" + std::to_string(i + 1);
        out.push_back(std::move(c));
      }
      return out;
    }
    std::vector<Relation> scope = From(select["fromClause"], ctes, depth, complete);
    return Targets(select["targetList"], scope, ctes, depth, complete, targets_out);
  }

  // Target list entries, with `*` expanded. `targets_out` receives, for each
  // output column, the ResTarget node it came from.
  std::vector<Column> Targets(Node list, const std::vector<Relation>& scope,
                              const std::vector<Cte>& ctes, int depth, bool& complete,
                              std::vector<Node>* targets_out) {
    std::vector<Column> out;
    for (Node item : list) {
      Node rt = item.As("ResTarget");
      Node val = rt["val"];
      if (Node cr = val.As("ColumnRef"); cr && IsStar(cr)) {
        const auto names = sql::NameList(cr["fields"]);
        for (const Relation& r : scope) {
          if (!names.empty() && names.back() != r.name) continue;
          if (!r.known) {
            complete = false;
            problems_.push_back("columns of " + r.name + " are unknown, so " +
                                (names.empty() ? std::string("*") : r.name + ".*") +
                                " cannot be expanded");
          }
          for (const Column& c : r.columns) {
            if (names.empty() && c.hidden_in_star) continue;
            out.push_back(c);
            if (targets_out) targets_out->push_back(item);
          }
        }
        continue;
      }
      Column c = Expr(val, scope, ctes, depth, complete);
      if (rt["name"]) c.name = std::string(rt["name"].str());
      out.push_back(std::move(c));
      if (targets_out) targets_out->push_back(item);
    }
    return out;
  }

  std::vector<Relation> From(Node from_list, const std::vector<Cte>& ctes, int depth,
                             bool& complete) {
    std::vector<Relation> scope;
    for (Node item : from_list) FromItem(item, ctes, depth, complete, scope);
    return scope;
  }

  // The relation named by a RangeVar (bare object): a CTE, a table or a view.
  Relation RangeVarRelation(Node rv, const std::vector<Cte>& ctes, int depth, bool& complete) {
    Relation r;
    const std::string schema_name(rv["schemaname"].str());
    const std::string name(rv["relname"].str());
    r.name = rv["alias"]["aliasname"] ? std::string(rv["alias"]["aliasname"].str()) : name;
    if (schema_name.empty()) {
      for (auto it = ctes.rbegin(); it != ctes.rend(); ++it) {
        if (it->name != name) continue;
        Cte cte = *it;
        std::vector<Cte> visible(ctes.begin(), ctes.end());
        bool inner_complete = true;
        r.columns = Select(cte.query.unwrap(), visible, depth + 1, inner_complete);
        complete = complete && inner_complete;
        for (size_t i = 0; i < cte.column_names.size() && i < r.columns.size(); ++i) {
          r.columns[i].name = cte.column_names[i];
        }
        ApplyAliasColumns(rv["alias"], r);
        return r;
      }
    }
    if (const schema::Table* t = schema_.FindTable(schema_name, name)) {
      for (const schema::Column& col : t->columns) {
        Column c;
        c.name = col.name;
        c.type = col.type;
        const bool pk = t->primary_key &&
                        std::find(t->primary_key->columns.begin(), t->primary_key->columns.end(),
                                  col.name) != t->primary_key->columns.end();
        c.nullability = col.not_null || pk ? Nullability::kNotNull : Nullability::kNullable;
        c.why = c.nullability == Nullability::kNotNull ? "NOT NULL column" : "nullable column";
        c.origin = t->name.ToString() + "." + col.name;
        c.is_table_column = true;
        r.columns.push_back(std::move(c));
      }
      ApplyAliasColumns(rv["alias"], r);
      return r;
    }
    if (const schema::View* v = schema_.FindView(schema_name, name); v && v->tree) {
      bool inner_complete = true;
      r.columns = Select(v->tree.unwrap(), {}, depth + 1, inner_complete);
      complete = complete && inner_complete;
      for (Column& c : r.columns) {
        if (c.origin.empty() || c.origin == "expression")
          c.origin = v->name.ToString() + "." + c.name;
      }
      ApplyAliasColumns(rv["alias"], r);
      return r;
    }
    r.known = false;
    complete = false;
    problems_.push_back("relation " + (schema_name.empty() ? name : schema_name + "." + name) +
                        " is not in the schema");
    return r;
  }

 private:
  static bool IsStar(Node column_ref) {
    Node fields = column_ref["fields"];
    return fields.size() > 0 && fields.at(fields.size() - 1).tag() == "A_Star";
  }

  static void ApplyAliasColumns(Node alias, Relation& r) {
    Node names = alias["colnames"];
    for (size_t i = 0; i < names.size() && i < r.columns.size(); ++i) {
      if (auto s = names.at(i).As("String")) r.columns[i].name = std::string(s["sval"].str());
    }
  }

  static void MakeNullable(Relation& r, const std::string& why) {
    for (Column& c : r.columns) {
      if (c.nullability != Nullability::kNullable) c.why = why;
      c.nullability = Nullability::kNullable;
    }
  }

  void FromItem(Node item, const std::vector<Cte>& ctes, int depth, bool& complete,
                std::vector<Relation>& scope) {
    if (Node rv = item.As("RangeVar")) {
      scope.push_back(RangeVarRelation(rv, ctes, depth, complete));
      return;
    }
    if (Node sub = item.As("RangeSubselect")) {
      Relation r;
      r.name = std::string(sub["alias"]["aliasname"].str());
      r.columns = Select(sub["subquery"].unwrap(), ctes, depth + 1, complete);
      for (Column& c : r.columns) {
        if (c.origin.empty()) c.origin = "subquery " + r.name;
      }
      ApplyAliasColumns(sub["alias"], r);
      scope.push_back(std::move(r));
      return;
    }
    if (Node join = item.As("JoinExpr")) {
      std::vector<Relation> left, right;
      FromItem(join["larg"], ctes, depth, complete, left);
      FromItem(join["rarg"], ctes, depth, complete, right);
      const std::string_view type = join["jointype"].str();
      auto names = [](const std::vector<Relation>& rs) {
        std::string out;
        for (const Relation& r : rs) out += (out.empty() ? "" : ", ") + r.name;
        return out;
      };
      if (type == "JOIN_LEFT" || type == "JOIN_FULL") {
        for (Relation& r : right) MakeNullable(r, "right side of LEFT JOIN " + names(right));
      }
      if (type == "JOIN_RIGHT" || type == "JOIN_FULL") {
        for (Relation& r : left) MakeNullable(r, "left side of RIGHT JOIN " + names(right));
      }
      for (std::string_view u : sql::NameList(join["usingClause"])) {
        for (Relation& r : right) {
          for (Column& c : r.columns) c.hidden_in_star = c.hidden_in_star || c.name == u;
        }
      }
      for (Relation& r : left) scope.push_back(std::move(r));
      for (Relation& r : right) scope.push_back(std::move(r));
      return;
    }
    // Set-returning functions, LATERAL function calls, XMLTABLE...: unknown.
    Relation r;
    Node alias = item.unwrap()["alias"];
    r.name = std::string(alias["aliasname"].str());
    r.known = false;
    for (std::string_view n : sql::NameList(alias["colnames"])) {
      Column c;
      c.name = std::string(n);
      c.origin = "expression";
      r.columns.push_back(std::move(c));
    }
    complete = false;
    problems_.push_back("columns of " + std::string(item.tag()) +
                        (r.name.empty() ? "" : " " + r.name) + " are not resolved");
    scope.push_back(std::move(r));
  }

  const Column* Lookup(const std::vector<Relation>& scope, std::string_view rel,
                       std::string_view name) const {
    for (const Relation& r : scope) {
      if (!rel.empty() && r.name != rel) continue;
      for (const Column& c : r.columns) {
        if (c.name == name) return &c;
      }
    }
    return nullptr;
  }

  Column Unknown(std::string name) const {
    Column c;
    c.name = std::move(name);
    c.origin = "expression";
    c.why = "expression";
    return c;
  }

  Column Expr(Node val, const std::vector<Relation>& scope, const std::vector<Cte>& ctes, int depth,
              bool& complete) {
    const std::string_view tag = val.tag();
    Node v = val.unwrap();
    if (tag == "ColumnRef") {
      const auto names = sql::NameList(v["fields"]);
      if (names.empty()) return Unknown("?column?");
      const std::string_view col = names.back();
      const std::string_view rel = names.size() >= 2 ? names[names.size() - 2] : "";
      if (const Column* c = Lookup(scope, rel, col)) {
        Column out = *c;
        out.hidden_in_star = false;
        return out;
      }
      Column out = Unknown(std::string(col));
      out.why = "column not found in the query's tables";
      return out;
    }
    if (tag == "TypeCast") {
      Column inner = Expr(v["arg"], scope, ctes, depth, complete);
      const std::string type = schema::FormatTypeName(v["typeName"]);
      if (inner.name == "?column?") inner.name = TypeNameForColumn(v["typeName"]);
      inner.type = type;
      inner.is_table_column = false;
      if (inner.origin.empty()) inner.origin = "expression";
      return inner;
    }
    if (tag == "A_Const") return Constant(v);
    if (tag == "FuncCall") return Function(v, scope, ctes, depth, complete);
    if (tag == "CoalesceExpr") {
      Column out = Unknown("coalesce");
      bool any_not_null = false, all_nullable = true;
      for (Node arg : v["args"]) {
        Column a = Expr(arg, scope, ctes, depth, complete);
        if (out.type.empty()) out.type = a.type;
        any_not_null = any_not_null || a.nullability == Nullability::kNotNull;
        all_nullable = all_nullable && a.nullability == Nullability::kNullable;
      }
      if (any_not_null) {
        out.nullability = Nullability::kNotNull;
        out.why = "coalesce() with a NOT NULL argument";
      } else if (all_nullable) {
        out.nullability = Nullability::kNullable;
        out.why = "coalesce() of nullable values";
      }
      return out;
    }
    if (tag == "SQLValueFunction") return ValueFunction(v["op"].str());
    if (tag == "SubLink") {
      const std::string_view kind = v["subLinkType"].str();
      if (kind == "EXISTS_SUBLINK") return NotNull("exists", "boolean", "EXISTS is never NULL");
      if (kind == "EXPR_SUBLINK") {
        bool inner_complete = true;
        auto cols = Select(v["subselect"].unwrap(), ctes, depth + 1, inner_complete);
        Column out = cols.empty() ? Unknown("?column?") : cols[0];
        out.nullability = Nullability::kNullable;
        out.why = "a scalar subquery is NULL when it finds no row";
        out.origin = "subquery";
        return out;
      }
      if (kind == "ARRAY_SUBLINK") {
        bool inner_complete = true;
        auto cols = Select(v["subselect"].unwrap(), ctes, depth + 1, inner_complete);
        Column out = NotNull("array", "", "ARRAY(subquery) is never NULL");
        if (!cols.empty() && !cols[0].type.empty()) out.type = cols[0].type + "[]";
        return out;
      }
      return Unknown("?column?");
    }
    if (tag == "NullTest" || tag == "BooleanTest") {
      return NotNull("?column?", "boolean", "IS [NOT] NULL is never NULL");
    }
    if (tag == "BoolExpr") {
      Column out = Unknown("?column?");
      out.type = "boolean";
      return out;
    }
    if (tag == "A_Expr") {
      Column out = Unknown("?column?");
      const std::string_view kind = v["kind"].str();
      const auto op = sql::NameList(v["name"]);
      const std::string_view o = op.empty() ? "" : op.back();
      if (kind != "AEXPR_OP" || o == "=" || o == "<>" || o == "<" || o == ">" || o == "<=" ||
          o == ">=" || o == "~~" || o == "~~*") {
        out.type = kind == "AEXPR_NULLIF" ? "" : "boolean";
      } else if (o == "||") {
        out.type = "text";
      }
      if (kind == "AEXPR_NULLIF") {
        out.name = "nullif";
        out.nullability = Nullability::kNullable;
        out.why = "nullif() can return NULL";
      }
      return out;
    }
    if (tag == "CaseExpr") return Unknown("case");
    if (tag == "MinMaxExpr") {
      Column out = Unknown(v["op"].str() == "IS_LEAST" ? "least" : "greatest");
      if (v["args"].size() > 0) out.type = Expr(v["args"].at(0), scope, ctes, depth, complete).type;
      return out;
    }
    if (tag == "A_ArrayExpr")
      return NotNull("array", "", "an ARRAY[...] constructor is never NULL");
    if (tag == "RowExpr") return NotNull("row", "record", "a ROW(...) is never NULL");
    return Unknown("?column?");
  }

  static std::string TypeNameForColumn(Node type_name) {
    const auto names = sql::NameList(type_name["names"]);
    return names.empty() ? "?column?" : std::string(names.back());
  }

  static Column NotNull(std::string name, std::string type, std::string why) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullability = Nullability::kNotNull;
    c.why = std::move(why);
    c.origin = "expression";
    return c;
  }

  static Column Constant(Node a_const) {
    if (a_const["isnull"].boolean()) {
      Column c;
      c.name = "?column?";
      c.nullability = Nullability::kNullable;
      c.why = "NULL constant";
      c.origin = "constant";
      return c;
    }
    std::string type = "text";
    if (a_const["ival"]) type = "integer";
    if (a_const["fval"]) type = "numeric";
    if (a_const["boolval"]) type = "boolean";
    if (a_const["bsval"]) type = "bit";
    Column c = NotNull("?column?", type, "constant");
    c.origin = "constant";
    return c;
  }

  static Column ValueFunction(std::string_view op) {
    struct Entry {
      std::string_view op, name, type;
    };
    static constexpr Entry kEntries[] = {
        {"SVFOP_CURRENT_DATE", "current_date", "date"},
        {"SVFOP_CURRENT_TIME", "current_time", "time with time zone"},
        {"SVFOP_CURRENT_TIME_N", "current_time", "time with time zone"},
        {"SVFOP_CURRENT_TIMESTAMP", "current_timestamp", "timestamp with time zone"},
        {"SVFOP_CURRENT_TIMESTAMP_N", "current_timestamp", "timestamp with time zone"},
        {"SVFOP_LOCALTIME", "localtime", "time without time zone"},
        {"SVFOP_LOCALTIME_N", "localtime", "time without time zone"},
        {"SVFOP_LOCALTIMESTAMP", "localtimestamp", "timestamp without time zone"},
        {"SVFOP_LOCALTIMESTAMP_N", "localtimestamp", "timestamp without time zone"},
        {"SVFOP_CURRENT_ROLE", "current_role", "name"},
        {"SVFOP_CURRENT_USER", "current_user", "name"},
        {"SVFOP_USER", "user", "name"},
        {"SVFOP_SESSION_USER", "session_user", "name"},
        {"SVFOP_CURRENT_CATALOG", "current_catalog", "name"},
        {"SVFOP_CURRENT_SCHEMA", "current_schema", "name"},
    };
    for (const Entry& e : kEntries) {
      if (e.op == op) return NotNull(std::string(e.name), std::string(e.type), "never NULL");
    }
    Column c;
    c.name = "?column?";
    c.origin = "expression";
    return c;
  }

  Column Function(Node f, const std::vector<Relation>& scope, const std::vector<Cte>& ctes,
                  int depth, bool& complete) {
    const auto names = sql::NameList(f["funcname"]);
    const std::string name = names.empty() ? "?column?" : AsciiLower(names.back());
    std::vector<Column> args;
    for (Node a : f["args"]) args.push_back(Expr(a, scope, ctes, depth, complete));
    const std::string arg_type = args.empty() ? "" : args[0].type;
    const Nullability arg_null = args.empty() ? Nullability::kUnknown : args[0].nullability;
    Column out = Unknown(name);
    out.origin = name + "()";
    auto never_null = [&](std::string type) {
      out.type = std::move(type);
      out.nullability = Nullability::kNotNull;
      out.why = name + "() is never NULL";
    };
    auto follows_argument = [&](std::string type) {
      out.type = std::move(type);
      out.nullability = arg_null;
      out.why = name + "() of a " + std::string(NullabilityName(arg_null)) + " value";
    };
    auto aggregate = [&](std::string type) {
      out.type = std::move(type);
      out.nullability = Nullability::kNullable;
      out.why = name + "() is NULL over no rows";
    };
    if (name == "count") {
      never_null("bigint");
      out.origin = f["agg_star"].boolean() ? "count(*)" : "count()";
    } else if (name == "row_number" || name == "rank" || name == "dense_rank" || name == "ntile") {
      never_null(name == "ntile" ? "integer" : "bigint");
    } else if (name == "now" || name == "transaction_timestamp" || name == "statement_timestamp" ||
               name == "clock_timestamp") {
      never_null("timestamp with time zone");
    } else if (name == "gen_random_uuid" || name == "uuid_generate_v4") {
      never_null("uuid");
    } else if (name == "concat" || name == "concat_ws") {
      never_null("text");
    } else if (name == "json_build_object" || name == "json_build_array") {
      never_null("json");
    } else if (name == "jsonb_build_object" || name == "jsonb_build_array") {
      never_null("jsonb");
    } else if (name == "sum") {
      aggregate(arg_type == "smallint" || arg_type == "integer"           ? "bigint"
                : arg_type == "bigint" || arg_type.starts_with("numeric") ? "numeric"
                                                                          : arg_type);
    } else if (name == "avg") {
      aggregate(arg_type == "real" || arg_type == "double precision" ? "double precision"
                : arg_type.empty()                                   ? ""
                                                                     : "numeric");
    } else if (name == "min" || name == "max") {
      aggregate(arg_type);
    } else if (name == "array_agg") {
      aggregate(arg_type.empty() ? "" : arg_type + "[]");
    } else if (name == "json_agg" || name == "json_object_agg") {
      aggregate("json");
    } else if (name == "jsonb_agg" || name == "jsonb_object_agg") {
      aggregate("jsonb");
    } else if (name == "string_agg") {
      aggregate("text");
    } else if (name == "bool_and" || name == "bool_or" || name == "every") {
      aggregate("boolean");
    } else if (name == "lower" || name == "upper" || name == "trim" || name == "btrim" ||
               name == "ltrim" || name == "rtrim" || name == "replace" || name == "substr" ||
               name == "substring" || name == "left" || name == "right" || name == "md5" ||
               name == "initcap" || name == "to_char") {
      follows_argument("text");
    } else if (name == "length" || name == "char_length" || name == "octet_length") {
      follows_argument("integer");
    } else if (name == "to_jsonb") {
      follows_argument("jsonb");
    } else if (name == "to_json") {
      follows_argument("json");
    } else if (name == "date_trunc" && args.size() == 2) {
      out.type = args[1].type;
      out.nullability = args[1].nullability;
      out.why = "date_trunc() of a " + std::string(NullabilityName(args[1].nullability)) + " value";
    } else if (name == "abs" || name == "round" || name == "ceil" || name == "floor") {
      follows_argument(name == "round" && arg_type.empty() ? "" : arg_type);
    }
    if (f["over"] && (name == "sum" || name == "min" || name == "max" || name == "avg")) {
      out.why = name + "() over a window can be NULL";
    }
    return out;
  }

  const schema::Schema& schema_;
  std::vector<std::string>& problems_;
};

// Rewrites SQLite placeholders (?, ?NNN, :name, @name, $name) to $n outside
// literals and comments; `inserted` records, for each rewrite, the output
// offset after it and how many bytes the output grew, to map offsets back.
std::string RewriteSqlitePlaceholders(std::string_view sql,
                                      std::vector<std::pair<size_t, long>>& shifts) {
  std::string out;
  int next = 0;
  long growth = 0;
  for (const sql::Segment& seg : sql::Segments(sql)) {
    std::string_view text = sql.substr(seg.begin, seg.end - seg.begin);
    if (seg.kind != sql::SegmentKind::kCode) {
      out += text;
      continue;
    }
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      const bool named =
          (c == ':' || c == '@' || c == '$') && i + 1 < text.size() &&
          (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '_') &&
          !(c == ':' && i > 0 && text[i - 1] == ':');
      if (c != '?' && !named) {
        out += c;
        continue;
      }
      size_t j = i + 1;
      while (j < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) {
        ++j;
      }
      if (c == ':' && j < text.size() && text[j] == ':') {  // a :: cast
        out += c;
        continue;
      }
      const std::string repl = "$" + std::to_string(++next);
      growth += static_cast<long>(repl.size()) - static_cast<long>(j - i);
      out += repl;
      shifts.emplace_back(out.size(), growth);
      i = j - 1;
    }
  }
  return out;
}

size_t MapBack(size_t offset, const std::vector<std::pair<size_t, long>>& shifts) {
  long growth = 0;
  for (const auto& [at, g] : shifts) {
    if (at > offset) break;
    growth = g;
  }
  const long back = static_cast<long>(offset) - growth;
  return back < 0 ? 0 : static_cast<size_t>(back);
}

}  // namespace

std::string_view NullabilityName(Nullability n) {
  switch (n) {
    case Nullability::kNotNull:
      return "NOT NULL";
    case Nullability::kNullable:
      return "nullable";
    case Nullability::kUnknown:
      return "unknown";
  }
  return "?";
}

OverrideAlias ParseOverrideAlias(std::string_view alias) {
  OverrideAlias out;
  std::string_view name = alias;
  if (const size_t colon = alias.find(':'); colon != std::string_view::npos) {
    name = alias.substr(0, colon);
    const std::string type(Trim(alias.substr(colon + 1)));
    if (!type.empty() && type != "_") out.type = type;
  }
  name = Trim(name);
  if (name.ends_with("!")) {
    out.nullability = Nullability::kNotNull;
    name.remove_suffix(1);
  } else if (name.ends_with("?")) {
    out.nullability = Nullability::kNullable;
    name.remove_suffix(1);
  }
  out.name = std::string(name);
  return out;
}

Result<QueryShape> ResolveResultColumns(std::string_view sql, const schema::Schema& schema,
                                        const ResolveOptions& options) {
  std::vector<std::pair<size_t, long>> shifts;
  std::string text(sql);
  if (options.dialect == Dialect::kSqlite) text = RewriteSqlitePlaceholders(sql, shifts);
  std::vector<sql::StatementParse> parsed = sql::ParseStatements(text);
  if (parsed.empty()) return InvalidInput("the query is empty");
  if (parsed.size() > 1) {
    return InvalidInput("the query holds " + std::to_string(parsed.size()) +
                        " statements; sqlx runs one");
  }
  const sql::StatementParse& p = parsed[0];
  if (p.error) {
    return InvalidInput("the query does not parse: " + p.error->message + " (at byte " +
                        std::to_string(MapBack(p.error->offset, shifts)) + ")");
  }
  QueryShape shape;
  Resolver resolver(schema, shape.problems);
  const std::string_view tag = p.root.tag();
  Node stmt = p.root.unwrap();
  std::vector<Column> cols;
  std::vector<Node> targets;
  bool complete = true;
  if (tag == "SelectStmt") {
    cols = resolver.Select(stmt, {}, 0, complete, &targets);
  } else if (tag == "InsertStmt" || tag == "UpdateStmt" || tag == "DeleteStmt") {
    if (!stmt["returningList"]) return shape;
    const std::vector<Cte> with = CtesOf(stmt["withClause"]);
    std::vector<Relation> scope;
    scope.push_back(resolver.RangeVarRelation(stmt["relation"], with, 0, complete));
    const Node extra = tag == "UpdateStmt" ? stmt["fromClause"] : stmt["usingClause"];
    for (Relation& r : resolver.From(extra, with, 0, complete)) scope.push_back(std::move(r));
    cols = resolver.Targets(stmt["returningList"], scope, with, 0, complete, &targets);
  } else {
    return shape;  // no result rows
  }
  shape.complete = complete;
  for (size_t i = 0; i < cols.size(); ++i) {
    Column& c = cols[i];
    ResultColumn rc;
    rc.name = c.name;
    rc.type = c.type;
    rc.nullability = c.nullability;
    rc.origin = c.origin.empty() ? "expression" : c.origin;
    rc.is_table_column = c.is_table_column;
    rc.why = c.why;
    if (i < targets.size()) {
      Node rt = targets[i].As("ResTarget");
      const int64_t loc = rt["val"].unwrap()["location"].integer();
      rc.offset = MapBack(p.location_base + static_cast<size_t>(loc > 0 ? loc : 0), shifts);
      if (options.read_overrides && rt["name"]) {
        const OverrideAlias o = ParseOverrideAlias(rt["name"].str());
        rc.name = o.name;
        if (o.nullability) {
          rc.nullability = *o.nullability;
          rc.why = "sqlx override \"" + std::string(rt["name"].str()) + "\"";
        }
        rc.override_type = o.type;
      }
    }
    shape.columns.push_back(std::move(rc));
  }
  return shape;
}

}  // namespace runwarden::contracts
