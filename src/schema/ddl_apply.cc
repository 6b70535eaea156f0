// Applies parsed DDL to the schema model.
//
// Names: the tree holds identifiers as PostgreSQL stores them (unquoted ones
// folded to lower case). A name without a schema is created in the first
// schema of the search path the DDL set (default public) and looked up
// through that path, then through the model's own search path.
//
// Expression text: the parse tree gives the start of a node but not its end
// (and for an operator the operator's position), so the text of USING,
// WITH CHECK, DEFAULT and view bodies is recovered lexically from the
// statement (ddl_text.h) and parsed again on its own, the same way a live
// catalog's pg_get_expr text is.
#include "schema/ddl_apply.h"

#include <algorithm>

#include "base/text.h"
#include "schema/ddl_text.h"
#include "schema/expression.h"
#include "schema/types.h"
#include "sql/lexer.h"
#include "sql/parser.h"
#include "sql/statement_names.h"

namespace runwarden::schema {

using sql::Node;

class DdlApplier::Context {
 public:
  Context(DdlApplier& applier, const DdlStatement& stmt, const SourceText& source)
      : a_(applier),
        stmt_(stmt),
        source_(source),
        text_(std::string_view(source.text()).substr(stmt.offset, stmt.length)) {}

  void Run() {
    const std::string_view tag = stmt_.root.tag();
    const Node n = stmt_.root.unwrap();
    bool applied = true;
    if (tag == "CreateStmt") {
      CreateTable(n);
    } else if (tag == "AlterTableStmt") {
      applied = AlterTable(n);
    } else if (tag == "CreatePolicyStmt") {
      CreatePolicy(n);
    } else if (tag == "AlterPolicyStmt") {
      AlterPolicy(n);
    } else if (tag == "DropStmt") {
      applied = Drop(n);
    } else if (tag == "ViewStmt") {
      CreateView(n);
    } else if (tag == "CreateTableAsStmt") {
      CreateTableAs(n);
    } else if (tag == "IndexStmt") {
      CreateIndex(n);
    } else if (tag == "RenameStmt") {
      applied = Rename(n);
    } else if (tag == "AlterObjectSchemaStmt") {
      applied = SetSchema(n);
    } else if (tag == "CreateEnumStmt") {
      CreateEnum(n);
    } else if (tag == "AlterEnumStmt") {
      AlterEnum(n);
    } else if (tag == "CreateSchemaStmt") {
      // Schemas exist implicitly in the model.
    } else if (tag == "CreateRoleStmt" || tag == "AlterRoleStmt") {
      RoleOptions(n, tag == "CreateRoleStmt");
    } else if (tag == "GrantRoleStmt") {
      GrantRole(n);
    } else if (tag == "DoStmt") {
      applied = DoBlock(n);
    } else {
      applied = false;
      if (tag == "CreateSeqStmt") a_.sequences_.insert(NewName(n["sequence"]));
      if (tag == "VariableSetStmt") SearchPathFromSet(n);
      if (tag == "SelectStmt") SearchPathFromSetConfig(n);
    }
    if (applied) {
      ++a_.stats_.applied;
    } else if (tag == "AlterTableStmt") {
      // ALTER SEQUENCE / INDEX / TYPE ... come as AlterTableStmt too.
      const std::string_view objtype = n["objtype"].str();
      ++a_.stats_.skipped["ALTER " + AsciiUpper(objtype.substr(objtype.find('_') + 1))];
    } else {
      ++a_.stats_.skipped[sql::StatementName(tag)];
    }
  }

 private:
  // ---- locations and problems

  SourceSpan SpanAt(size_t local) const {
    const size_t at = stmt_.offset + std::min(local, text_.size());
    return source_.Span(at, at);
  }
  SourceSpan StatementSpan() const { return SpanAt(0); }
  // A node location as an offset in the statement's text.
  size_t Local(int64_t location) const {
    const int64_t at =
        static_cast<int64_t>(stmt_.location_base) + location - static_cast<int64_t>(stmt_.offset);
    return at < 0 ? 0 : static_cast<size_t>(at);
  }
  SourceSpan NodeSpan(Node n) const {
    return n["location"] ? SpanAt(Local(n["location"].integer())) : StatementSpan();
  }
  void NotApplied(std::string message) {
    a_.schema_.load_problems.push_back(
        LoadProblem{LoadProblem::Kind::kNotApplied, std::move(message), StatementSpan()});
  }

  // ---- names

  QualifiedName NewName(Node range_var) const {
    QualifiedName q;
    q.name = std::string(range_var["relname"].str());
    if (!range_var["schemaname"].str().empty()) {
      q.schema = std::string(range_var["schemaname"].str());
    } else if (!a_.load_search_path_.empty()) {
      q.schema = a_.load_search_path_.front();
    }
    return q;
  }

  Table* FindTable(std::string_view schema_name, std::string_view name) {
    if (!schema_name.empty()) return a_.schema_.FindTable(schema_name, name);
    for (const std::string& s : a_.load_search_path_) {
      if (Table* t = a_.schema_.FindTable(s, name)) return t;
    }
    return a_.schema_.FindTable("", name);
  }
  Table* FindTable(Node range_var) {
    return FindTable(range_var["schemaname"].str(), range_var["relname"].str());
  }
  // A name list such as DropStmt's [schema, table].
  Table* FindTable(const std::vector<std::string_view>& parts) {
    if (parts.size() == 1) return FindTable("", parts[0]);
    if (parts.size() >= 2) return FindTable(parts[parts.size() - 2], parts.back());
    return nullptr;
  }
  View* FindView(std::string_view schema_name, std::string_view name) {
    auto& views = a_.schema_.views;
    if (!schema_name.empty()) {
      auto it = views.find(QualifiedName{std::string(schema_name), std::string(name)});
      return it == views.end() ? nullptr : &it->second;
    }
    std::vector<std::string> path = a_.load_search_path_;
    path.insert(path.end(), a_.schema_.search_path.begin(), a_.schema_.search_path.end());
    for (const std::string& s : path) {
      auto it = views.find(QualifiedName{s, std::string(name)});
      if (it != views.end()) return &it->second;
    }
    return nullptr;
  }
  QualifiedName ReferencedName(Node range_var) {
    if (Table* t = FindTable(range_var)) return t->name;
    return NewName(range_var);
  }

  // ---- expressions

  std::optional<Expression> ExpressionIn(TextRange range) const {
    std::optional<Expression> e =
        ParseExpression(std::string(text_.substr(range.begin, range.end - range.begin)));
    if (e) {
      const size_t lead = std::string_view(text_).substr(range.begin).find_first_not_of(" \t\r\n");
      e->span = SpanAt(range.begin + (lead == std::string_view::npos ? 0 : lead));
    }
    return e;
  }

  std::optional<Expression> GroupExpression(std::initializer_list<std::string_view> keywords) {
    std::optional<TextRange> r = GroupAfterKeywords(text_, keywords);
    if (!r) return std::nullopt;
    std::optional<Expression> e = ExpressionIn(*r);
    if (!e) {
      NotApplied("the " + std::string(*(keywords.end() - 1)) +
                 " expression of this policy could not be read; it is left out of the model");
    }
    return e;
  }

  std::string DefaultText(Node constraint) const {
    if (!constraint["location"]) return "";
    std::optional<size_t> after =
        AfterKeywords(text_, {"DEFAULT"}, Local(constraint["location"].integer()));
    if (!after) return "";
    const TextRange r = ExpressionExtent(text_, *after);
    return std::string(Trim(text_.substr(r.begin, r.end - r.begin)));
  }

  // ---- tables

  void CreateTable(Node n) {
    QualifiedName name = NewName(n["relation"]);
    if (a_.schema_.tables.count(name)) {
      if (!n["if_not_exists"].boolean()) NotApplied("table " + name.ToString() + " already exists");
      return;
    }
    Table t;
    t.name = name;
    t.span = NodeSpan(n["relation"]);
    if (n["partspec"]) {
      t.kind = TableKind::kPartitioned;
      t.partition_by = PartitionBy(n["partspec"]);
    }
    Node inh = n["inhRelations"];
    if (inh.size() > 0) {
      Table* parent = FindTable(inh.at(0).unwrap());
      if (!parent) {
        NotApplied("parent table " + NewName(inh.at(0).unwrap()).ToString() + " is not defined");
      } else {
        for (const Column& c : parent->columns) t.columns.push_back(c);
        if (n["partbound"]) {
          t.partition_of = parent->name;
          t.partition_bound = PartitionBound(n["partbound"]);
          parent->partitions.push_back(name);
          t.foreign_keys = parent->foreign_keys;
          t.owner = parent->owner;
        }
      }
    }
    for (Node elt : n["tableElts"]) {
      if (Node col = elt.As("ColumnDef")) {
        AddColumn(t, col);
      } else if (Node c = elt.As("Constraint")) {
        AddTableConstraint(t, c);
      } else if (Node like = elt.As("TableLikeClause")) {
        if (const Table* src = FindTable(like["relation"])) {
          for (Column copy : src->columns) {
            copy.default_expr.reset();
            copy.identity = Identity::kNone;
            t.columns.push_back(std::move(copy));
          }
        } else {
          NotApplied("LIKE " + NewName(like["relation"]).ToString() + ": table is not defined");
        }
      }
    }
    a_.schema_.tables.emplace(name, std::move(t));
  }

  // A partition's bound as written: "DEFAULT", or "FOR VALUES" followed by
  // IN (...), FROM (...) TO (...) or WITH (...); empty when it cannot be read.
  std::string PartitionBound(Node bound) const {
    if (!bound) return "";
    if (bound.unwrap()["is_default"].boolean()) return "DEFAULT";
    auto group = [&](std::initializer_list<std::string_view> keywords,
                     size_t from = 0) -> std::optional<TextRange> {
      return GroupAfterKeywords(text_, keywords, from);
    };
    auto text = [&](TextRange r) {
      return "(" + std::string(Trim(text_.substr(r.begin, r.end - r.begin))) + ")";
    };
    if (auto in = group({"FOR", "VALUES", "IN"})) return "FOR VALUES IN " + text(*in);
    if (auto with = group({"FOR", "VALUES", "WITH"})) return "FOR VALUES WITH " + text(*with);
    if (auto from = group({"FOR", "VALUES", "FROM"})) {
      if (auto to = group({"TO"}, from->end + 1)) {
        return "FOR VALUES FROM " + text(*from) + " TO " + text(*to);
      }
      return "";
    }
    // PARTITION OF parent DEFAULT, ATTACH PARTITION child DEFAULT (column
    // defaults are inside the parentheses, at another depth).
    return AfterKeywords(text_, {"DEFAULT"}) ? "DEFAULT" : "";
  }

  std::string PartitionBy(Node spec) const {
    std::string out = AsciiUpper(spec["strategy"].str()) + " (";
    bool first = true;
    for (Node p : spec["partParams"]) {
      Node e = p.As("PartitionElem");
      if (!first) out += ", ";
      out += e["name"].str().empty() ? "expression" : std::string(e["name"].str());
      first = false;
    }
    return out + ")";
  }

  void AddColumn(Table& t, Node def) {
    Column c;
    c.name = std::string(def["colname"].str());
    c.type = FormatTypeName(def["typeName"]);
    c.span = NodeSpan(def);
    c.not_null = def["is_not_null"].boolean();
    if (IsSerialType(def["typeName"])) {
      c.not_null = true;
      // The sequence's name as regclass text: quoted where it needs quotes.
      const QualifiedName seq{t.name.schema == "public" ? "" : t.name.schema,
                              t.name.name + "_" + c.name + "_seq"};
      c.default_expr = "nextval('" + seq.ToString() + "'::regclass)";
    }
    if (t.FindColumn(c.name)) {
      NotApplied("column " + c.name + " of " + t.name.ToString() + " is defined twice");
      return;
    }
    t.columns.push_back(c);
    for (Node cn : def["constraints"]) ApplyColumnConstraint(t, t.columns.back().name, cn.unwrap());
  }

  void ApplyColumnConstraint(Table& t, const std::string& column, Node c) {
    Column* col = t.FindColumn(column);
    if (!col) return;
    const std::string_view type = c["contype"].str();
    if (type == "CONSTR_NOTNULL") {
      col->not_null = true;
    } else if (type == "CONSTR_NULL") {
      col->not_null = false;
    } else if (type == "CONSTR_DEFAULT") {
      col->default_expr = DefaultText(c);
    } else if (type == "CONSTR_IDENTITY") {
      col->identity = c["generated_when"].str() == "a" ? Identity::kAlways : Identity::kByDefault;
      col->not_null = true;
    } else if (type == "CONSTR_GENERATED") {
      col->generated = true;
    } else if (type == "CONSTR_PRIMARY") {
      t.primary_key = KeyConstraint{std::string(c["conname"].str()), {column}};
      col->not_null = true;
    } else if (type == "CONSTR_UNIQUE") {
      t.unique_keys.push_back(KeyConstraint{std::string(c["conname"].str()), {column}});
    } else if (type == "CONSTR_FOREIGN") {
      ForeignKey fk;
      fk.name = std::string(c["conname"].str());
      fk.columns = {column};
      fk.referenced = ReferencedName(c["pktable"]);
      for (auto s : sql::NameList(c["pk_attrs"])) fk.referenced_columns.emplace_back(s);
      fk.span = NodeSpan(c);
      t.foreign_keys.push_back(std::move(fk));
    }
  }

  static std::vector<std::string> Names(Node list) {
    std::vector<std::string> out;
    for (auto s : sql::NameList(list)) out.emplace_back(s);
    return out;
  }

  void AddTableConstraint(Table& t, Node c) {
    const std::string_view type = c["contype"].str();
    const std::string name(c["conname"].str());
    if (type == "CONSTR_PRIMARY") {
      t.primary_key = KeyConstraint{name, Names(c["keys"])};
      for (const auto& k : t.primary_key->columns) {
        if (Column* col = t.FindColumn(k)) col->not_null = true;
      }
    } else if (type == "CONSTR_UNIQUE") {
      t.unique_keys.push_back(KeyConstraint{name, Names(c["keys"])});
    } else if (type == "CONSTR_FOREIGN") {
      ForeignKey fk;
      fk.name = name;
      fk.columns = Names(c["fk_attrs"]);
      fk.referenced = ReferencedName(c["pktable"]);
      fk.referenced_columns = Names(c["pk_attrs"]);
      fk.span = NodeSpan(c);
      t.foreign_keys.push_back(std::move(fk));
    }
  }

  void DropConstraint(Table& t, std::string_view name) {
    if (t.primary_key && t.primary_key->name == name) t.primary_key.reset();
    std::erase_if(t.unique_keys, [&](const KeyConstraint& k) { return k.name == name; });
    std::erase_if(t.foreign_keys, [&](const ForeignKey& k) { return k.name == name; });
  }

  // Returns false for objects the model does not hold (sequences, indexes).
  bool AlterTable(Node n) {
    const std::string_view objtype = n["objtype"].str();
    Node rel = n["relation"];
    if (objtype == "OBJECT_VIEW" || objtype == "OBJECT_MATVIEW") {
      AlterView(n);
      return true;
    }
    if (objtype != "OBJECT_TABLE" && objtype != "OBJECT_FOREIGN_TABLE") return false;
    Table* t = FindTable(rel);
    if (!t) {
      // ALTER TABLE works on views too.
      if (FindView(rel["schemaname"].str(), rel["relname"].str())) {
        AlterView(n);
      } else if (a_.sequences_.count(NewName(rel)) > 0) {
        return false;
      } else if (!n["missing_ok"].boolean()) {
        NotApplied("ALTER TABLE " + NewName(rel).ToString() + ": table is not defined");
      }
      return true;
    }
    for (Node cmd_wrapped : n["cmds"]) {
      Node cmd = cmd_wrapped.As("AlterTableCmd");
      const std::string_view sub = cmd["subtype"].str();
      const std::string col(cmd["name"].str());
      Column* c = col.empty() ? nullptr : t->FindColumn(col);
      if (sub == "AT_AddColumn") {
        Node def = cmd["def"].As("ColumnDef");
        if (!(cmd["missing_ok"].boolean() && t->FindColumn(def["colname"].str())))
          AddColumn(*t, def);
      } else if (sub == "AT_DropColumn") {
        std::erase_if(t->columns, [&](const Column& x) { return x.name == col; });
      } else if (sub == "AT_ColumnDefault" && c) {
        if (cmd["def"]) {
          std::optional<size_t> after = AfterKeywords(text_, {"SET", "DEFAULT"});
          c->default_expr = after ? std::string(Trim(text_.substr(
                                        *after, ExpressionExtent(text_, *after).end - *after)))
                                  : std::string();
        } else {
          c->default_expr.reset();
        }
      } else if (sub == "AT_SetNotNull" && c) {
        c->not_null = true;
      } else if (sub == "AT_DropNotNull" && c) {
        c->not_null = false;
      } else if (sub == "AT_AlterColumnType" && c) {
        c->type = FormatTypeName(cmd["def"].As("ColumnDef")["typeName"]);
      } else if (sub == "AT_AddIdentity" && c) {
        c->identity = cmd["def"].As("Constraint")["generated_when"].str() == "a"
                          ? Identity::kAlways
                          : Identity::kByDefault;
        c->not_null = true;
      } else if (sub == "AT_DropIdentity" && c) {
        c->identity = Identity::kNone;
      } else if (sub == "AT_AddConstraint") {
        AddTableConstraint(*t, cmd["def"].As("Constraint"));
      } else if (sub == "AT_DropConstraint") {
        DropConstraint(*t, col);
      } else if (sub == "AT_EnableRowSecurity") {
        t->rls_enabled = true;
      } else if (sub == "AT_DisableRowSecurity") {
        t->rls_enabled = false;
      } else if (sub == "AT_ForceRowSecurity") {
        t->rls_forced = true;
      } else if (sub == "AT_NoForceRowSecurity") {
        t->rls_forced = false;
      } else if (sub == "AT_ChangeOwner") {
        t->owner = std::string(cmd["newowner"]["rolename"].str());
      } else if (sub == "AT_AttachPartition") {
        Node pc = cmd["def"].As("PartitionCmd");
        if (Table* child = FindTable(pc["name"])) {
          child->partition_of = t->name;
          child->partition_bound = PartitionBound(pc["bound"]);
          t->partitions.push_back(child->name);
        } else {
          NotApplied("ATTACH PARTITION " + NewName(pc["name"]).ToString() +
                     ": table is not defined");
        }
      } else if (sub == "AT_DetachPartition") {
        Node pc = cmd["def"].As("PartitionCmd");
        if (Table* child = FindTable(pc["name"])) {
          child->partition_of.reset();
          child->partition_bound.clear();
          std::erase(t->partitions, child->name);
        }
      } else if (!col.empty() && !c && sub != "AT_DropColumn") {
        NotApplied("column " + col + " of " + t->name.ToString() + " is not defined");
      }
    }
    return true;
  }

  void AlterView(Node n) {
    Node rel = n["relation"];
    View* v = FindView(rel["schemaname"].str(), rel["relname"].str());
    if (!v) {
      if (!n["missing_ok"].boolean())
        NotApplied("ALTER VIEW " + NewName(rel).ToString() + ": view is not defined");
      return;
    }
    for (Node cmd_wrapped : n["cmds"]) {
      Node cmd = cmd_wrapped.As("AlterTableCmd");
      const std::string_view sub = cmd["subtype"].str();
      if (sub == "AT_SetRelOptions" || sub == "AT_ResetRelOptions") {
        for (Node opt : cmd["def"].As("List")["items"]) {
          Node d = opt.As("DefElem");
          if (d["defname"].str() == "security_invoker") {
            v->security_invoker = sub == "AT_SetRelOptions" && DefElemTrue(d);
          }
        }
      } else if (sub == "AT_ChangeOwner") {
        v->owner = std::string(cmd["newowner"]["rolename"].str());
      }
    }
  }

  static bool DefElemTrue(Node d) {
    Node arg = d["arg"];
    if (!arg) return true;  // WITH (security_invoker)
    if (Node b = arg.As("Boolean")) return b["boolval"].boolean();
    if (Node s = arg.As("String")) {
      const std::string v = AsciiLower(s["sval"].str());
      return v == "true" || v == "on" || v == "yes" || v == "1";
    }
    if (Node i = arg.As("Integer")) return i["ival"].integer() != 0;
    return false;
  }

  // ---- policies

  static PolicyCommand CommandOf(std::string_view name) {
    if (name == "select") return PolicyCommand::kSelect;
    if (name == "insert") return PolicyCommand::kInsert;
    if (name == "update") return PolicyCommand::kUpdate;
    if (name == "delete") return PolicyCommand::kDelete;
    return PolicyCommand::kAll;
  }

  static std::vector<std::string> Roles(Node list) {
    std::vector<std::string> roles;
    for (Node r : list) {
      Node spec = r.As("RoleSpec");
      const std::string_view type = spec["roletype"].str();
      if (type == "ROLESPEC_PUBLIC") return {};
      if (type == "ROLESPEC_CURRENT_USER") {
        roles.emplace_back("current_user");
      } else if (type == "ROLESPEC_SESSION_USER") {
        roles.emplace_back("session_user");
      } else if (type == "ROLESPEC_CURRENT_ROLE") {
        roles.emplace_back("current_role");
      } else {
        roles.emplace_back(spec["rolename"].str());
      }
    }
    return roles;
  }

  void CreatePolicy(Node n) {
    Table* t = FindTable(n["table"]);
    if (!t) {
      NotApplied("CREATE POLICY " + std::string(n["policy_name"].str()) + " on " +
                 NewName(n["table"]).ToString() + ": table is not defined");
      return;
    }
    Policy p;
    p.name = std::string(n["policy_name"].str());
    p.command = CommandOf(n["cmd_name"].str());
    // libpg_query omits `permissive` when it is false: AS RESTRICTIVE.
    p.permissive = n["permissive"].boolean();
    p.roles = Roles(n["roles"]);
    p.span = StatementSpan();
    if (n["qual"]) p.using_expr = GroupExpression({"USING"});
    if (n["with_check"]) p.check_expr = GroupExpression({"WITH", "CHECK"});
    std::erase_if(t->policies, [&](const Policy& x) { return x.name == p.name; });
    t->policies.push_back(std::move(p));
  }

  void AlterPolicy(Node n) {
    Table* t = FindTable(n["table"]);
    Policy* p = nullptr;
    if (t) {
      for (Policy& x : t->policies) {
        if (x.name == n["policy_name"].str()) p = &x;
      }
    }
    if (!p) {
      NotApplied("ALTER POLICY " + std::string(n["policy_name"].str()) + ": policy is not defined");
      return;
    }
    if (n["roles"].size() > 0) p->roles = Roles(n["roles"]);
    if (n["qual"]) p->using_expr = GroupExpression({"USING"});
    if (n["with_check"]) p->check_expr = GroupExpression({"WITH", "CHECK"});
  }

  // ---- drops, renames

  bool Drop(Node n) {
    const std::string_view type = n["removeType"].str();
    const bool missing_ok = n["missing_ok"].boolean();
    if (type != "OBJECT_TABLE" && type != "OBJECT_VIEW" && type != "OBJECT_MATVIEW" &&
        type != "OBJECT_POLICY" && type != "OBJECT_TYPE" && type != "OBJECT_INDEX" &&
        type != "OBJECT_FOREIGN_TABLE" && type != "OBJECT_ROLE") {
      return false;
    }
    for (Node obj : n["objects"]) {
      std::vector<std::string_view> parts = sql::NameList(obj.As("List")["items"]);
      if (type == "OBJECT_ROLE") {
        for (Node r : n["objects"])
          a_.schema_.roles.erase(std::string(r.As("RoleSpec")["rolename"].str()));
        break;
      }
      if (type == "OBJECT_TYPE") {
        // DROP TYPE objects are TypeName nodes.
        std::vector<std::string_view> tn = sql::NameList(obj.As("TypeName")["names"]);
        if (!tn.empty()) {
          std::erase_if(a_.schema_.enums,
                        [&](const auto& kv) { return kv.first.name == tn.back(); });
        }
        continue;
      }
      if (parts.empty()) continue;
      if (type == "OBJECT_POLICY") {
        const std::string_view policy = parts.back();
        parts.pop_back();
        Table* t = FindTable(parts);
        const size_t before = t ? t->policies.size() : 0;
        if (t) std::erase_if(t->policies, [&](const Policy& p) { return p.name == policy; });
        if ((!t || t->policies.size() == before) && !missing_ok) {
          NotApplied("DROP POLICY " + std::string(policy) + ": policy is not defined");
        }
      } else if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW") {
        View* v = parts.size() >= 2 ? FindView(parts[parts.size() - 2], parts.back())
                                    : FindView("", parts.back());
        if (v) {
          a_.schema_.views.erase(v->name);
        } else if (!missing_ok) {
          NotApplied("DROP VIEW " + std::string(parts.back()) + ": view is not defined");
        }
      } else if (type == "OBJECT_INDEX") {
        for (auto& [qn, t] : a_.schema_.tables) {
          std::erase_if(t.indexes, [&](const Index& i) { return i.name == parts.back(); });
        }
      } else if (Table* t = FindTable(parts)) {
        const QualifiedName gone = t->name;
        if (t->partition_of) {
          if (Table* parent = FindTable(t->partition_of->schema, t->partition_of->name)) {
            std::erase(parent->partitions, gone);
          }
        }
        for (const QualifiedName& child : std::vector<QualifiedName>(t->partitions)) {
          a_.schema_.tables.erase(child);
        }
        a_.schema_.tables.erase(gone);
      } else if (!missing_ok) {
        NotApplied("DROP TABLE " + std::string(parts.back()) + ": table is not defined");
      }
    }
    return true;
  }

  bool Rename(Node n) {
    const std::string_view type = n["renameType"].str();
    Node rel = n["relation"];
    const std::string new_name(n["newname"].str());
    if (type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE") {
      Table* t = FindTable(rel);
      if (!t) {
        if (!n["missing_ok"].boolean())
          NotApplied("ALTER TABLE " + NewName(rel).ToString() + " RENAME: table is not defined");
        return true;
      }
      const QualifiedName old = t->name;
      Table moved = std::move(*t);
      a_.schema_.tables.erase(old);
      moved.name.name = new_name;
      const QualifiedName renamed = moved.name;
      a_.schema_.tables.emplace(renamed, std::move(moved));
      RetargetReferences(old, renamed);
      return true;
    }
    if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW") {
      View* v = FindView(rel["schemaname"].str(), rel["relname"].str());
      if (!v) return true;
      View moved = std::move(*v);
      a_.schema_.views.erase(moved.name);
      moved.name.name = new_name;
      const QualifiedName key = moved.name;
      a_.schema_.views.emplace(key, std::move(moved));
      return true;
    }
    if (type == "OBJECT_COLUMN") {
      Table* t = FindTable(rel);
      Column* c = t ? t->FindColumn(n["subname"].str()) : nullptr;
      if (!c) {
        NotApplied("RENAME COLUMN " + std::string(n["subname"].str()) + ": column is not defined");
        return true;
      }
      const std::string old = c->name;
      c->name = new_name;
      auto rename_in = [&](std::vector<std::string>& cols) {
        for (auto& x : cols) {
          if (x == old) x = new_name;
        }
      };
      if (t->primary_key) rename_in(t->primary_key->columns);
      for (auto& u : t->unique_keys) rename_in(u.columns);
      for (auto& fk : t->foreign_keys) rename_in(fk.columns);
      for (auto& i : t->indexes) rename_in(i.keys);
      for (auto& [qn, other] : a_.schema_.tables) {
        for (auto& fk : other.foreign_keys) {
          if (fk.referenced == t->name) rename_in(fk.referenced_columns);
        }
      }
      return true;
    }
    if (type == "OBJECT_POLICY") {
      if (Table* t = FindTable(rel)) {
        for (Policy& p : t->policies) {
          if (p.name == n["subname"].str()) p.name = new_name;
        }
      }
      return true;
    }
    if (type == "OBJECT_TABCONSTRAINT") {
      if (Table* t = FindTable(rel)) {
        const std::string_view old = n["subname"].str();
        if (t->primary_key && t->primary_key->name == old) t->primary_key->name = new_name;
        for (auto& u : t->unique_keys) {
          if (u.name == old) u.name = new_name;
        }
        for (auto& fk : t->foreign_keys) {
          if (fk.name == old) fk.name = new_name;
        }
      }
      return true;
    }
    return false;
  }

  bool SetSchema(Node n) {
    if (n["objectType"].str() != "OBJECT_TABLE") return false;
    Table* t = FindTable(n["relation"]);
    if (!t) {
      NotApplied("SET SCHEMA: table " + NewName(n["relation"]).ToString() + " is not defined");
      return true;
    }
    const QualifiedName old = t->name;
    Table moved = std::move(*t);
    a_.schema_.tables.erase(old);
    moved.name.schema = std::string(n["newschema"].str());
    const QualifiedName renamed = moved.name;
    a_.schema_.tables.emplace(renamed, std::move(moved));
    RetargetReferences(old, renamed);
    return true;
  }

  void RetargetReferences(const QualifiedName& old, const QualifiedName& renamed) {
    for (auto& [qn, t] : a_.schema_.tables) {
      for (auto& fk : t.foreign_keys) {
        if (fk.referenced == old) fk.referenced = renamed;
      }
      if (t.partition_of == old) t.partition_of = renamed;
      for (auto& p : t.partitions) {
        if (p == old) p = renamed;
      }
    }
  }

  // ---- views, indexes, types, roles

  void CreateView(Node n) {
    View v;
    v.name = NewName(n["view"]);
    v.span = NodeSpan(n["view"]);
    for (Node opt : n["options"]) {
      Node d = opt.As("DefElem");
      if (d["defname"].str() == "security_invoker") v.security_invoker = DefElemTrue(d);
    }
    if (std::optional<size_t> as = AfterKeywords(text_, {"AS"})) {
      v.definition = std::string(Trim(text_.substr(*as)));
    }
    v.tree = n["query"];
    v.tree_owner = stmt_.tree;
    if (auto existing = a_.schema_.views.find(v.name); existing != a_.schema_.views.end()) {
      if (!n["replace"].boolean()) {
        NotApplied("view " + v.name.ToString() + " already exists");
        return;
      }
      v.owner = existing->second.owner;
      a_.schema_.views.erase(existing);
    }
    a_.schema_.views.emplace(v.name, std::move(v));
  }

  void CreateTableAs(Node n) {
    Node into = n["into"];
    if (n["objtype"].str() == "OBJECT_MATVIEW") {
      View v;
      v.name = NewName(into["rel"]);
      v.materialized = true;
      v.span = NodeSpan(into["rel"]);
      if (std::optional<size_t> as = AfterKeywords(text_, {"AS"})) {
        v.definition = std::string(Trim(text_.substr(*as)));
      }
      v.tree = n["query"];
      v.tree_owner = stmt_.tree;
      a_.schema_.views.emplace(v.name, std::move(v));
      return;
    }
    Table t;
    t.name = NewName(into["rel"]);
    t.span = NodeSpan(into["rel"]);
    for (Node target : n["query"].unwrap()["targetList"]) {
      Node rt = target.As("ResTarget");
      std::string name(rt["name"].str());
      if (name.empty()) {
        if (Node cr = rt["val"].As("ColumnRef")) {
          auto fields = sql::NameList(cr["fields"]);
          if (!fields.empty()) name = std::string(fields.back());
        }
      }
      if (!name.empty()) t.columns.push_back(Column{name, "unknown"});
    }
    a_.schema_.tables.emplace(t.name, std::move(t));
  }

  void CreateIndex(Node n) {
    Table* t = FindTable(n["relation"]);
    if (!t) {
      NotApplied("CREATE INDEX " + std::string(n["idxname"].str()) + ": table " +
                 NewName(n["relation"]).ToString() + " is not defined");
      return;
    }
    Index i;
    i.name = std::string(n["idxname"].str());
    i.unique = n["unique"].boolean();
    for (Node p : n["indexParams"]) {
      Node e = p.As("IndexElem");
      i.keys.push_back(e["name"].str().empty() ? "(expression)" : std::string(e["name"].str()));
    }
    if (n["whereClause"]) {
      if (std::optional<size_t> where = AfterKeywords(text_, {"WHERE"})) {
        i.predicate = std::string(Trim(text_.substr(*where)));
      }
    }
    if (i.unique && n["whereClause"].kind() == Node::Kind::kMissing && !i.keys.empty() &&
        std::none_of(i.keys.begin(), i.keys.end(),
                     [](const std::string& k) { return k == "(expression)"; })) {
      t->unique_keys.push_back(KeyConstraint{i.name, i.keys});
    }
    t->indexes.push_back(std::move(i));
  }

  QualifiedName TypeName(Node names) const {
    std::vector<std::string_view> parts = sql::NameList(names);
    QualifiedName q;
    q.name = parts.empty() ? "" : std::string(parts.back());
    if (parts.size() >= 2) {
      q.schema = std::string(parts[parts.size() - 2]);
    } else if (!a_.load_search_path_.empty()) {
      q.schema = a_.load_search_path_.front();
    }
    return q;
  }

  void CreateEnum(Node n) {
    EnumType e;
    e.name = TypeName(n["typeName"]);
    for (auto v : sql::NameList(n["vals"])) e.values.emplace_back(v);
    a_.schema_.enums[e.name] = std::move(e);
  }

  void AlterEnum(Node n) {
    auto it = a_.schema_.enums.find(TypeName(n["typeName"]));
    if (it == a_.schema_.enums.end()) {
      NotApplied("ALTER TYPE: enum " + TypeName(n["typeName"]).ToString() + " is not defined");
      return;
    }
    if (!n["newVal"].str().empty() && n["oldVal"].str().empty()) {
      it->second.values.emplace_back(n["newVal"].str());
    } else if (!n["oldVal"].str().empty()) {
      for (auto& v : it->second.values) {
        if (v == n["oldVal"].str()) v = std::string(n["newVal"].str());
      }
    }
  }

  void RoleOptions(Node n, bool create) {
    const std::string name(create ? n["role"].str() : n["role"]["rolename"].str());
    Role& r = a_.schema_.roles[name];
    r.name = name;
    for (Node opt : n["options"]) {
      Node d = opt.As("DefElem");
      const std::string_view key = d["defname"].str();
      const bool on = DefElemTrue(d);
      if (key == "superuser") {
        r.superuser = on;
      } else if (key == "bypassrls") {
        r.bypass_rls = on;
      } else if (key == "canlogin") {
        r.login = on;
      } else if (key == "inherit") {
        r.inherit = on;
      } else if (key == "addroleto") {
        for (Node m : d["arg"].As("List")["items"]) {
          r.member_of.emplace_back(m.As("RoleSpec")["rolename"].str());
        }
      } else if (key == "rolemembers") {
        for (Node m : d["arg"].As("List")["items"]) {
          Role& member = a_.schema_.roles[std::string(m.As("RoleSpec")["rolename"].str())];
          member.name = std::string(m.As("RoleSpec")["rolename"].str());
          member.member_of.push_back(name);
        }
      }
    }
  }

  // A DO block that creates roles (the usual way for a migration to create a
  // role only when it is missing: IF NOT EXISTS (...) THEN CREATE ROLE ...)
  // is read as its CREATE ROLE statements; other DO blocks are skipped.
  bool DoBlock(Node n) {
    std::string_view body;
    for (Node arg : n["args"]) {
      Node d = arg.As("DefElem");
      if (d["defname"].str() == "as") body = d["arg"].As("String")["sval"].str();
      if (d["defname"].str() == "language" &&
          AsciiLower(d["arg"].As("String")["sval"].str()) != "plpgsql") {
        return false;
      }
    }
    auto word_char = [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    };
    bool applied = false;
    for (const sql::Segment& seg : sql::Segments(body)) {
      if (seg.kind != sql::SegmentKind::kCode) continue;
      const std::string code = AsciiUpper(body.substr(seg.begin, seg.end - seg.begin));
      for (size_t at = code.find("CREATE"); at != std::string::npos;
           at = code.find("CREATE", at + 6)) {
        const size_t role = code.find_first_not_of(" \t\r\n", at + 6);
        if ((at > 0 && word_char(code[at - 1])) || role == std::string::npos || role == at + 6 ||
            code.compare(role, 4, "ROLE") != 0 ||
            (role + 4 < code.size() && word_char(code[role + 4]))) {
          continue;
        }
        const std::string_view rest = body.substr(seg.begin + at);
        const std::vector<sql::TextRange> pieces = sql::SplitStatements(rest);
        if (pieces.empty()) continue;
        std::vector<sql::StatementParse> parsed =
            sql::ParseStatements(rest.substr(pieces[0].offset, pieces[0].length));
        if (parsed.size() == 1 && !parsed[0].error && parsed[0].root.tag() == "CreateRoleStmt") {
          RoleOptions(parsed[0].root.unwrap(), true);
          applied = true;
        }
      }
    }
    return applied;
  }

  void GrantRole(Node n) {
    if (!n["is_grant"].boolean()) return;
    for (Node grantee : n["grantee_roles"]) {
      const std::string who(grantee.As("RoleSpec")["rolename"].str());
      Role& r = a_.schema_.roles[who];
      r.name = who;
      for (Node granted : n["granted_roles"]) {
        const std::string role(granted.As("AccessPriv")["priv_name"].str());
        if (std::find(r.member_of.begin(), r.member_of.end(), role) == r.member_of.end()) {
          r.member_of.push_back(role);
        }
      }
    }
  }

  // ---- search_path

  static std::vector<std::string> SplitPath(std::string_view value) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string_view::npos) comma = value.size();
      std::string part(Trim(value.substr(start, comma - start)));
      if (part.size() >= 2 && part.front() == '"' && part.back() == '"')
        part = part.substr(1, part.size() - 2);
      if (!part.empty() && part != "$user" && part != "pg_catalog") out.push_back(part);
      start = comma + 1;
    }
    return out;
  }

  void SearchPathFromSet(Node n) {
    if (n["name"].str() != "search_path" || n["kind"].str() != "VAR_SET_VALUE") return;
    std::string value;
    for (Node arg : n["args"]) {
      if (auto s = sql::ConstString(arg)) value += (value.empty() ? "" : ",") + std::string(*s);
    }
    a_.load_search_path_ = SplitPath(value);
  }

  void SearchPathFromSetConfig(Node n) {
    for (Node target : n["targetList"]) {
      Node f = target.As("ResTarget")["val"].As("FuncCall");
      auto names = sql::NameList(f["funcname"]);
      if (names.empty() || names.back() != "set_config") continue;
      auto name = sql::ConstString(f["args"].at(0));
      auto value = sql::ConstString(f["args"].at(1));
      if (name && value && *name == "search_path") a_.load_search_path_ = SplitPath(*value);
    }
  }

  DdlApplier& a_;
  const DdlStatement& stmt_;
  const SourceText& source_;
  std::string_view text_;
};

void DdlApplier::Apply(const DdlStatement& stmt, const SourceText& source) {
  ++stats_.statements;
  Context(*this, stmt, source).Run();
}

}  // namespace runwarden::schema
