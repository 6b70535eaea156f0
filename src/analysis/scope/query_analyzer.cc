// How the analyzer decides that an occurrence is pinned.
//
// Each SELECT level (and the WHERE of UPDATE, DELETE, MERGE) gathers its
// relations as entries and its conjuncts as facts. Column equalities put
// columns into classes (union-find); two special classes stand for the run's
// tenant and for a literal tenant. An entry is pinned when its tenant key is
// in the tenant class, or when one of its foreign keys (or its own unique
// key) equals the referenced columns of a pinned entry. A fixpoint spreads
// pins over joins and foreign-key paths.
//
// Only conjuncts count. An OR pins what every branch pins; a branch that pins
// beside one that does not is remembered as a weakening. LEFT JOIN ... ON
// facts pin only the right side (they are kept as directed edges). IN, EXISTS
// and scalar subqueries in conjunct position are flattened into the level
// under their own namespace, so pins flow both ways; every other subquery is
// analyzed as a child level that sees its outer levels' pins (correlation).
//
// Derived relations (subqueries in FROM, CTEs, views) are analyzed first on
// their own; when some of their occurrences stay unpinned and the outer level
// pins one of their plain output columns, they are analyzed again with that
// pin pushed in. CTEs take the pins common to all their references.
#include "analysis/scope/query_analyzer.h"

#include <algorithm>
#include <map>
#include <optional>

#include "analysis/scope/tenant_value.h"
#include "base/text.h"

namespace runwarden::analysis::scope {

using sql::Node;

bool QueryResult::AllPinned() const {
  for (const Occurrence& o : occurrences) {
    if (o.relation_class == RelationClass::kTenantTable && o.pin == Pin::kNone) return false;
  }
  return true;
}

namespace {

constexpr int kTenant = 0;   // member: the run's tenant
constexpr int kLiteral = 1;  // member: a literal tenant
constexpr int kMaxDepth = 64;
constexpr int kMaxReanalyses = 2000;

struct Level;

// What an outer level knows about a derived relation's output columns:
// positions always equal to the run's tenant, and positions equal to a
// column of a pinned row (a join on a pinned table's key).
struct Pushed {
  std::set<size_t> tenant;
  std::map<size_t, std::pair<const schema::Table*, std::string>> rows;
  bool empty() const { return tenant.empty() && rows.empty(); }
};

struct Cte {
  std::string name;
  Node query;
  std::vector<std::string> colnames;
  QueryResult summary;  // first analysis, without pins from outside
  bool have_summary = false;
  std::optional<Pushed> pinned_outputs;  // common to all references
};

struct Entry {
  enum class Kind { kTable, kDerived, kCte, kOuter, kOpaque };
  Kind kind = Kind::kOpaque;
  std::string name;  // the name columns are qualified with
  int ns = 0;        // -1: imported from an outer level, never found by name
  const schema::Table* table = nullptr;
  const TableTenancy* tenancy = nullptr;
  int occurrence = -1;  // index into Level::occurrences
  // kDerived: the query, analyzed again with pushed pins when needed.
  Node query;
  bool lateral = false;
  std::vector<std::string> colnames;
  const schema::View* view = nullptr;
  int64_t location = 0;
  Cte* cte = nullptr;
  std::vector<OutputColumn> outputs;
  std::vector<Occurrence> inner;  // occurrences of the derived query
  // kOuter
  const Level* outer = nullptr;
  int outer_entry = -1;

  bool pinned = false;
  bool literal = false;
};

struct Directed {
  int a, b;
  std::vector<int> allowed;  // entries the edge may pin
};

struct OrFact {
  std::vector<std::set<int>> branch_pins;  // members each branch sets to the tenant
  int64_t location = 0;
};

struct Level {
  const Level* outer = nullptr;
  int outer_ns = 0;
  std::vector<Entry> entries;
  std::vector<int> ns_parent = {-1};
  // (entry, column); a level has a few dozen at most, so lookups scan.
  std::vector<std::pair<int, std::string>> members;
  std::vector<int> parent;  // union-find over members
  std::vector<Directed> directed;
  std::vector<OrFact> ors;
  std::vector<std::pair<Node, int>> scan;  // expressions that may hold subqueries
  std::set<std::pair<const void*, uint32_t>> flattened;
  std::vector<Occurrence> occurrences;
  // Facts per entry found while reading conjuncts.
  std::map<int, std::string> tenant_on_column;
  std::map<int, std::pair<int64_t, std::string>> literal_at;
  std::map<int, int64_t> weakened_at;

  Level() {
    members = {{-1, "#tenant"}, {-1, "#literal"}};
    parent = {0, 1};
  }
  int Find(int m) const {
    while (parent[m] != m) m = parent[m];
    return m;
  }
  void Union(int a, int b) {
    a = FindMut(a);
    b = FindMut(b);
    if (a == b) return;
    if (a > b) std::swap(a, b);
    parent[b] = a;  // the smaller id wins, so the tenant classes keep theirs
  }
  int FindMut(int m) {
    while (parent[m] != m) {
      parent[m] = parent[parent[m]];
      m = parent[m];
    }
    return m;
  }
  bool IsTenant(int m) const { return m >= 0 && Find(m) == kTenant; }
  bool IsLiteral(int m) const { return m >= 0 && Find(m) == kLiteral; }
  int Lookup(int entry, std::string_view column) const {
    for (size_t m = 2; m < members.size(); ++m) {
      if (members[m].first == entry && members[m].second == column) return static_cast<int>(m);
    }
    return -1;
  }
  int NewNamespace(int parent_ns) {
    ns_parent.push_back(parent_ns);
    return static_cast<int>(ns_parent.size()) - 1;
  }
};

bool HasColumn(const Entry& e, const std::string& column) {
  switch (e.kind) {
    case Entry::Kind::kTable:
      return e.table && e.table->FindColumn(column) != nullptr;
    case Entry::Kind::kDerived:
    case Entry::Kind::kCte:
      for (const auto& o : e.outputs) {
        if (o.name == column) return true;
      }
      return false;
    default:
      return false;
  }
}

std::vector<std::string> ColumnsOf(const Entry& e) {
  std::vector<std::string> out;
  if (e.kind == Entry::Kind::kTable && e.table) {
    for (const auto& c : e.table->columns) out.push_back(c.name);
  } else if (e.kind == Entry::Kind::kDerived || e.kind == Entry::Kind::kCte) {
    for (const auto& o : e.outputs) out.push_back(o.name);
  }
  return out;
}

bool IsAggregate(std::string_view name) {
  static const std::set<std::string, std::less<>> kAggregates = {"count",
                                                                 "sum",
                                                                 "avg",
                                                                 "min",
                                                                 "max",
                                                                 "array_agg",
                                                                 "string_agg",
                                                                 "json_agg",
                                                                 "jsonb_agg",
                                                                 "bool_and",
                                                                 "bool_or",
                                                                 "every",
                                                                 "json_object_agg",
                                                                 "jsonb_object_agg",
                                                                 "percentile_cont",
                                                                 "percentile_disc",
                                                                 "mode"};
  return kAggregates.count(AsciiLower(name)) > 0;
}

// Whether filters on a level's plain output columns may be pushed inside it:
// not when a window function or an ungrouped aggregate mixes rows.
bool PushdownAllowed(Node select) {
  bool window = false, aggregate = false;
  sql::VisitAll(select["targetList"], [&](Node n) {
    Node f = n.As("FuncCall");
    if (!f) return;
    if (f["over"]) window = true;
    const auto names = sql::NameList(f["funcname"]);
    if (f["agg_star"].boolean() || (!names.empty() && IsAggregate(names.back()))) {
      aggregate = true;
    }
  });
  if (window) return false;
  return !aggregate || select["groupClause"].size() > 0;
}

bool IsCatalog(std::string_view schema_name, std::string_view name) {
  if (schema_name == "pg_catalog" || schema_name == "information_schema") return true;
  return schema_name.empty() && name.starts_with("pg_");
}

}  // namespace

class QueryAnalyzerImpl {
 public:
  explicit QueryAnalyzerImpl(const ScopeContext& ctx) : ctx_(ctx) {}

  QueryResult AnalyzeAny(Node stmt, const Level* outer, int outer_ns,
                         const Pushed& pinned_outputs) {
    if (depth_ >= kMaxDepth) return Opaque(stmt);
    ++depth_;
    QueryResult r;
    const std::string_view tag = stmt.tag();
    Node n = stmt.unwrap();
    if (tag == "SelectStmt") {
      r = AnalyzeSelect(n, outer, outer_ns, pinned_outputs);
    } else if (tag == "UpdateStmt" || tag == "DeleteStmt" || tag == "MergeStmt") {
      r = AnalyzeWrite(tag, n, outer, outer_ns);
    } else if (tag == "InsertStmt") {
      r = AnalyzeInsert(n, outer, outer_ns);
    } else if (tag == "CopyStmt") {
      r = AnalyzeCopy(n);
    } else if (tag == "TruncateStmt") {
      for (Node rel : n["relations"]) {
        Level level;
        int e = AddRangeVar(level, rel.As("RangeVar"), 0, Access::kTruncate);
        (void)e;
        for (auto& o : level.occurrences) r.occurrences.push_back(std::move(o));
      }
    } else if (tag == "ExplainStmt") {
      r = AnalyzeAny(n["query"], outer, outer_ns, {});
    }
    --depth_;
    return r;
  }

 private:
  // A statement too deep to analyze: every relation in it, unpinned.
  QueryResult Opaque(Node stmt) {
    QueryResult r;
    sql::VisitAll(stmt, [&](Node n) {
      Node rv = n.As("RangeVar");
      if (!rv) return;
      Level level;
      AddRangeVar(level, rv, 0, Access::kRead);
      for (auto& o : level.occurrences) r.occurrences.push_back(std::move(o));
    });
    return r;
  }

  // ---- SELECT ----

  QueryResult AnalyzeSelect(Node s, const Level* outer, int outer_ns,
                            const Pushed& pinned_outputs) {
    const size_t cte_mark = PushCtes(s["withClause"], outer, outer_ns);
    QueryResult r;
    const std::string_view op = s["op"].str();
    if (!op.empty() && op != "SETOP_NONE") {
      QueryResult l = AnalyzeBare(s["larg"], outer, outer_ns, pinned_outputs);
      if (recursive_cte_ && !recursive_cte_->have_summary) {
        recursive_cte_->summary.outputs = l.outputs;
        recursive_cte_->have_summary = true;
      }
      QueryResult rr = AnalyzeBare(s["rarg"], outer, outer_ns, pinned_outputs);
      r.outputs = l.outputs;
      for (size_t i = 0; i < r.outputs.size(); ++i) {
        const OutputColumn* o = i < rr.outputs.size() ? &rr.outputs[i] : nullptr;
        OutputColumn& m = r.outputs[i];
        m.tenant_bound = m.tenant_bound && o && o->tenant_bound;
        m.plain = m.plain && o && o->plain;
        if (!o || o->source_table != m.source_table || o->source_column != m.source_column) {
          m.source_table = nullptr;
        }
        m.source_pinned = m.source_pinned && o && o->source_pinned;
      }
      Append(r.occurrences, l.occurrences);
      Append(r.occurrences, rr.occurrences);
    } else if (s["valuesLists"].size() > 0) {
      r = AnalyzeValues(s, outer, outer_ns);
    } else {
      Level level;
      level.outer = outer;
      level.outer_ns = outer_ns;
      for (Node item : s["fromClause"]) AddFromItem(level, item, 0, Access::kRead, nullptr);
      AddConjunct(level, s["whereClause"], 0, nullptr);
      level.scan.emplace_back(s["havingClause"], 0);
      level.scan.emplace_back(s["sortClause"], 0);
      level.scan.emplace_back(s["groupClause"], 0);
      level.scan.emplace_back(s["targetList"], 0);
      std::vector<int> output_members;
      r.outputs = Outputs(level, s["targetList"], &output_members);
      if (PushdownAllowed(s)) {
        for (size_t p : pinned_outputs.tenant) {
          if (p < output_members.size() && output_members[p] >= 0) {
            level.Union(output_members[p], kTenant);
          }
        }
        for (const auto& [p, row] : pinned_outputs.rows) {
          if (p >= output_members.size() || output_members[p] < 0) continue;
          // A stand-in for the pinned row outside, whose column equals this
          // output: foreign keys and unique keys to it pin inner relations.
          Entry e;
          e.kind = Entry::Kind::kOuter;
          e.ns = -1;
          e.table = row.first;
          e.tenancy = ctx_.tenancy ? ctx_.tenancy->Find(row.first->name) : nullptr;
          e.pinned = true;
          level.entries.push_back(std::move(e));
          const int m = Member(level, static_cast<int>(level.entries.size()) - 1, row.second);
          level.Union(output_members[p], m);
        }
      }
      Finish(level);
      FinishOutputs(level, r.outputs, output_members);
      r.occurrences = std::move(level.occurrences);
    }
    PopCtes(cte_mark, r.occurrences, outer, outer_ns);
    return r;
  }

  QueryResult AnalyzeValues(Node s, const Level* outer, int outer_ns) {
    QueryResult r;
    Level level;
    level.outer = outer;
    level.outer_ns = outer_ns;
    bool first = true;
    for (Node row : s["valuesLists"]) {
      Node items = row.As("List")["items"];
      size_t i = 0;
      for (Node v : items) {
        if (first) r.outputs.push_back({"column" + std::to_string(i + 1)});
        if (i < r.outputs.size()) {
          const bool t = ClassifyValue(v, ctx_.tenant).kind == ValueKind::kTenant;
          r.outputs[i].tenant_bound = first ? t : (r.outputs[i].tenant_bound && t);
        }
        ++i;
      }
      first = false;
      level.scan.emplace_back(items, 0);
    }
    Finish(level);
    r.occurrences = std::move(level.occurrences);
    return r;
  }

  // ---- UPDATE, DELETE, MERGE ----

  QueryResult AnalyzeWrite(std::string_view tag, Node n, const Level* outer, int outer_ns) {
    const size_t cte_mark = PushCtes(n["withClause"], outer, outer_ns);
    Level level;
    level.outer = outer;
    level.outer_ns = outer_ns;
    const Access access = tag == "UpdateStmt"   ? Access::kUpdate
                          : tag == "DeleteStmt" ? Access::kDelete
                                                : Access::kMerge;
    const int target = AddRangeVar(level, n["relation"], 0, access);
    if (tag == "UpdateStmt") {
      for (Node item : n["fromClause"]) AddFromItem(level, item, 0, Access::kRead, nullptr);
    } else if (tag == "DeleteStmt") {
      for (Node item : n["usingClause"]) AddFromItem(level, item, 0, Access::kRead, nullptr);
    } else {
      AddFromItem(level, n["sourceRelation"], 0, Access::kRead, nullptr);
      AddConjunct(level, n["joinCondition"], 0, nullptr);
      level.scan.emplace_back(n["mergeWhenClauses"], 0);
    }
    AddConjunct(level, n["whereClause"], 0, nullptr);
    level.scan.emplace_back(n["targetList"], 0);
    level.scan.emplace_back(n["returningList"], 0);
    std::vector<int> output_members;
    QueryResult r;
    r.outputs = Outputs(level, n["returningList"], &output_members);
    Finish(level);
    FinishOutputs(level, r.outputs, output_members);
    if (target >= 0) {
      Entry& t = level.entries[target];
      if (t.occurrence >= 0) {
        Occurrence& occ = level.occurrences[t.occurrence];
        if (!t.pinned) {
          for (const Entry& e : level.entries) {
            if (&e != &t && e.pinned && e.kind == Entry::Kind::kTable && e.ns == 0) {
              occ.filter_elsewhere = true;
            }
          }
        }
        if (tag == "UpdateStmt" && t.tenancy && !t.tenancy->key_column.empty()) {
          CheckKeyAssignment(n["targetList"], *t.tenancy, occ);
        }
      }
    }
    r.occurrences = std::move(level.occurrences);
    PopCtes(cte_mark, r.occurrences, outer, outer_ns);
    return r;
  }

  // SET tenant_id = <not the tenant> moves rows to another tenant.
  void CheckKeyAssignment(Node target_list, const TableTenancy& tenancy, Occurrence& occ) {
    for (Node t : target_list) {
      Node rt = t.As("ResTarget");
      if (rt["name"].str() != tenancy.key_column) continue;
      const ValueClass v = ClassifyValue(rt["val"], ctx_.tenant);
      if (v.kind != ValueKind::kTenant) {
        occ.pin = Pin::kNone;
        occ.write_note = "SET " + tenancy.key_column + " moves rows to another tenant";
      }
    }
  }

  // ---- INSERT ----

  QueryResult AnalyzeInsert(Node n, const Level* outer, int outer_ns) {
    const size_t cte_mark = PushCtes(n["withClause"], outer, outer_ns);
    Level level;
    level.outer = outer;
    level.outer_ns = outer_ns;
    const int target = AddRangeVar(level, n["relation"], 0, Access::kInsert);
    QueryResult r;
    Node source = n["selectStmt"];
    Node select = source.As("SelectStmt");
    const bool from_values = select && select["valuesLists"].size() > 0;
    QueryResult src;
    if (source) src = AnalyzeAny(source, outer, outer_ns, {});
    if (!from_values) {
      for (Occurrence& o : src.occurrences) o.feeds_insert = true;
    }
    level.scan.emplace_back(n["returningList"], 0);
    Finish(level);
    if (target >= 0 && level.entries[target].occurrence >= 0) {
      const Entry& t = level.entries[target];
      Occurrence& occ = level.occurrences[t.occurrence];
      occ.feeds_insert = source && !from_values;
      std::vector<std::string> cols;
      for (Node c : n["cols"]) cols.emplace_back(c.As("ResTarget")["name"].str());
      if (cols.empty() && t.table) {
        for (const auto& c : t.table->columns) cols.push_back(c.name);
      }
      if (t.tenancy && t.tenancy->tenant_scoped()) {
        DecideInsertPin(n, select, from_values, src, cols, *t.tenancy, *t.table, occ);
      }
    }
    Append(r.occurrences, level.occurrences);
    Append(r.occurrences, src.occurrences);
    PopCtes(cte_mark, r.occurrences, outer, outer_ns);
    return r;
  }

  void DecideInsertPin(Node n, Node select, bool from_values, const QueryResult& src,
                       const std::vector<std::string>& cols, const TableTenancy& tenancy,
                       const schema::Table& table, Occurrence& occ) {
    auto position = [&](const std::string& col) -> int {
      for (size_t i = 0; i < cols.size(); ++i) {
        if (cols[i] == col) return static_cast<int>(i);
      }
      return -1;
    };
    occ.pin = Pin::kNone;
    if (tenancy.kind == TenancyKind::kIndirect) {
      if (tenancy.path.empty()) return;
      const FkHop& hop = tenancy.path.front();
      bool all = !hop.columns.empty() && !from_values;
      for (size_t i = 0; i < hop.columns.size() && all; ++i) {
        const int p = position(hop.columns[i]);
        const std::string to_col = i < hop.to_columns.size() ? hop.to_columns[i] : "";
        const OutputColumn* o =
            p >= 0 && p < static_cast<int>(src.outputs.size()) ? &src.outputs[p] : nullptr;
        all = o && o->source_table && o->source_table->name == hop.to && o->source_pinned &&
              (to_col.empty() || o->source_column == to_col);
      }
      if (all) occ.pin = Pin::kTenant;
    } else {
      const std::string& key = tenancy.key_column;
      const int p = position(key);
      if (p < 0) {
        const schema::Column* c = table.FindColumn(key);
        if (c && c->default_expr &&
            (c->default_expr->find(ctx_.tenant.setting) != std::string::npos ||
             c->default_expr->find("current_tenant") != std::string::npos)) {
          occ.pin = Pin::kTenant;
        } else {
          occ.write_note = "the row gets no " + key;
        }
      } else if (from_values) {
        bool all = true;
        for (Node row : select["valuesLists"]) {
          Node v = row.As("List")["items"].at(static_cast<size_t>(p));
          const ValueClass vc = ClassifyValue(v, ctx_.tenant);
          if (vc.kind == ValueKind::kLiteral || vc.kind == ValueKind::kOtherParam) {
            occ.literal_at = LocationOf(v);
            occ.literal_text = vc.text;
          }
          all = all && vc.kind == ValueKind::kTenant;
        }
        occ.pin = all ? Pin::kTenant : occ.literal_at ? Pin::kLiteral : Pin::kNone;
      } else if (p < static_cast<int>(src.outputs.size()) && src.outputs[p].tenant_bound) {
        occ.pin = Pin::kTenant;
      }
    }
    Node conflict = n["onConflictClause"];
    if (conflict && conflict["action"].str() == "ONCONFLICT_UPDATE" && occ.pin == Pin::kTenant &&
        tenancy.kind != TenancyKind::kIndirect) {
      bool has_key = false;
      for (Node e : conflict["infer"]["indexElems"]) {
        if (e.As("IndexElem")["name"].str() == tenancy.key_column) has_key = true;
      }
      if (!has_key) {
        occ.pin = Pin::kNone;
        occ.write_note = "ON CONFLICT ... DO UPDATE without " + tenancy.key_column +
                         " in the conflict target can update another tenant's row";
      }
    }
  }

  // ---- COPY ----

  QueryResult AnalyzeCopy(Node n) {
    if (n["query"]) return AnalyzeAny(n["query"], nullptr, 0, {});
    QueryResult r;
    Level level;
    AddRangeVar(level, n["relation"], 0,
                n["is_from"].boolean() ? Access::kCopyIn : Access::kCopyOut);
    r.occurrences = std::move(level.occurrences);
    return r;
  }

  // ---- CTEs ----

  size_t PushCtes(Node with, const Level* outer, int outer_ns) {
    const size_t mark = ctes_.size();
    if (!with) return mark;
    const bool recursive = with["recursive"].boolean();
    for (Node c : with["ctes"]) {
      Node cte = c.As("CommonTableExpr");
      auto info = std::make_unique<Cte>();
      info->name = std::string(cte["ctename"].str());
      info->query = cte["ctequery"];
      for (Node name : cte["aliascolnames"])
        info->colnames.emplace_back(name.As("String")["sval"].str());
      Cte* raw = info.get();
      ctes_.push_back(std::move(info));
      Cte* saved = recursive_cte_;
      if (recursive) recursive_cte_ = raw;
      raw->summary = AnalyzeAny(raw->query, outer, outer_ns, {});
      raw->have_summary = true;
      recursive_cte_ = saved;
      Rename(raw->summary.outputs, raw->colnames);
    }
    return mark;
  }

  // Analyzes each CTE of the WITH once more with the pins common to its
  // references, and adds its occurrences.
  void PopCtes(size_t mark, std::vector<Occurrence>& out, const Level* outer, int outer_ns) {
    for (size_t i = mark; i < ctes_.size(); ++i) {
      Cte& c = *ctes_[i];
      if (c.summary.AllPinned() || !c.pinned_outputs || c.pinned_outputs->empty() ||
          reanalyses_ >= kMaxReanalyses) {
        Append(out, c.summary.occurrences);
        continue;
      }
      ++reanalyses_;
      QueryResult again = AnalyzeAny(c.query, outer, outer_ns, *c.pinned_outputs);
      Append(out, again.occurrences);
    }
    ctes_.resize(mark);
  }

  Cte* FindCte(std::string_view name) {
    for (size_t i = ctes_.size(); i-- > 0;) {
      if (ctes_[i]->name == name) return ctes_[i].get();
    }
    return nullptr;
  }

  // ---- FROM ----

  // Adds the relations of a FROM item; returns the entries it added.
  std::vector<int> AddFromItem(Level& level, Node item, int ns, Access access,
                               const std::vector<int>* restrict) {
    std::vector<int> added;
    if (Node rv = item.As("RangeVar")) {
      added.push_back(AddRangeVar(level, rv, ns, access));
    } else if (Node j = item.As("JoinExpr")) {
      std::vector<int> left = AddFromItem(level, j["larg"], ns, access, restrict);
      std::vector<int> right = AddFromItem(level, j["rarg"], ns, access, restrict);
      const std::string_view type = j["jointype"].str();
      std::optional<std::vector<int>> allowed;
      if (type == "JOIN_LEFT") allowed = right;
      if (type == "JOIN_RIGHT") allowed = left;
      if (type == "JOIN_FULL") allowed = std::vector<int>{};
      const std::vector<int>* a = allowed ? &*allowed : restrict;
      AddConjunct(level, j["quals"], ns, a);
      for (Node u : j["usingClause"]) {
        const std::string col(u.As("String")["sval"].str());
        int l = -1, r = -1;
        for (int e : left) {
          if (l < 0 && HasColumn(level.entries[e], col)) l = e;
        }
        for (int e : right) {
          if (r < 0 && HasColumn(level.entries[e], col)) r = e;
        }
        if (l >= 0 && r >= 0) Equate(level, Member(level, l, col), Member(level, r, col), a);
      }
      added = left;
      Append(added, right);
    } else if (Node sub = item.As("RangeSubselect")) {
      Entry e;
      e.kind = Entry::Kind::kDerived;
      e.ns = ns;
      e.query = sub["subquery"];
      e.lateral = sub["lateral"].boolean();
      e.name = std::string(sub["alias"]["aliasname"].str());
      for (Node name : sub["alias"]["colnames"])
        e.colnames.emplace_back(name.As("String")["sval"].str());
      added.push_back(AddDerived(level, std::move(e)));
    } else if (Node f = item.As("RangeFunction")) {
      Entry e;
      e.ns = ns;
      e.name = std::string(f["alias"]["aliasname"].str());
      level.entries.push_back(std::move(e));
      level.scan.emplace_back(f["functions"], ns);
      added.push_back(static_cast<int>(level.entries.size()) - 1);
    } else if (item) {
      Entry e;
      e.ns = ns;
      level.entries.push_back(std::move(e));
      added.push_back(static_cast<int>(level.entries.size()) - 1);
    }
    return added;
  }

  int AddDerived(Level& level, Entry e) {
    const Level* outer = e.lateral ? &level : level.outer;
    const int outer_ns = e.lateral ? e.ns : level.outer_ns;
    QueryResult r = AnalyzeAny(e.query, outer, outer_ns, {});
    e.outputs = std::move(r.outputs);
    Rename(e.outputs, e.colnames);
    e.inner = std::move(r.occurrences);
    e.pinned = AllTenantPinned(e.inner);
    level.entries.push_back(std::move(e));
    return static_cast<int>(level.entries.size()) - 1;
  }

  int AddRangeVar(Level& level, Node rv, int ns, Access access) {
    if (!rv) return -1;
    const std::string schema_name(rv["schemaname"].str());
    const std::string name(rv["relname"].str());
    const std::string alias(rv["alias"]["aliasname"].str());
    const int64_t location = rv["location"].integer();
    Entry e;
    e.ns = ns;
    e.name = alias.empty() ? name : alias;
    e.location = location;
    if (schema_name.empty()) {
      if (Cte* cte = FindCte(name)) {
        e.kind = Entry::Kind::kCte;
        e.cte = cte;
        if (cte->have_summary) e.outputs = cte->summary.outputs;
        Rename(e.outputs, cte->colnames);
        e.pinned = !cte->have_summary || cte == recursive_cte_ || cte->summary.AllPinned();
        level.entries.push_back(std::move(e));
        return static_cast<int>(level.entries.size()) - 1;
      }
    }
    Occurrence occ;
    occ.relation = schema_name.empty() ? name : schema_name + "." + name;
    occ.alias = alias;
    occ.location = location;
    occ.access = access;
    const schema::Table* table = ctx_.schema ? ctx_.schema->FindTable(schema_name, name) : nullptr;
    const schema::View* view =
        ctx_.schema && !table ? ctx_.schema->FindView(schema_name, name) : nullptr;
    if (view && view->tree && access == Access::kRead &&
        std::find(views_.begin(), views_.end(), view) == views_.end()) {
      e.kind = Entry::Kind::kDerived;
      e.view = view;
      e.query = view->tree;
      views_.push_back(view);
      const ViewFrame saved = view_frame_;
      view_frame_ = {view->name.ToString(), location, !view->security_invoker, true};
      QueryResult r = AnalyzeAny(view->tree, nullptr, 0, {});
      view_frame_ = saved;
      views_.pop_back();
      e.outputs = std::move(r.outputs);
      e.inner = std::move(r.occurrences);
      e.pinned = AllTenantPinned(e.inner);
      level.entries.push_back(std::move(e));
      return static_cast<int>(level.entries.size()) - 1;
    }
    if (table) {
      e.kind = Entry::Kind::kTable;
      e.table = table;
      e.tenancy = ctx_.tenancy ? ctx_.tenancy->Find(table->name) : nullptr;
      occ.table = table;
      occ.tenancy = e.tenancy;
      occ.relation_class = e.tenancy && e.tenancy->tenant_scoped() ? RelationClass::kTenantTable
                                                                   : RelationClass::kOtherTable;
    } else if (view) {
      occ.relation_class = RelationClass::kOtherTable;
    } else if (IsCatalog(schema_name, name)) {
      occ.relation_class = RelationClass::kCatalog;
    } else {
      occ.relation_class = RelationClass::kUnknown;
    }
    if (view_frame_.active) {
      occ.via_view = view_frame_.name;
      occ.location = view_frame_.location;
      occ.through_definer_view = view_frame_.definer;
    }
    e.occurrence = static_cast<int>(level.occurrences.size());
    level.occurrences.push_back(std::move(occ));
    level.entries.push_back(std::move(e));
    return static_cast<int>(level.entries.size()) - 1;
  }

  // ---- columns and members ----

  int Member(Level& level, int entry, const std::string& column) {
    if (const int existing = level.Lookup(entry, column); existing >= 0) return existing;
    const int id = static_cast<int>(level.members.size());
    level.members.emplace_back(entry, column);
    level.parent.push_back(id);
    const Entry& e = level.entries[entry];
    if (e.kind == Entry::Kind::kOuter && e.outer) {
      const int m = e.outer->Lookup(e.outer_entry, column);
      if (e.outer->IsTenant(m)) level.Union(id, kTenant);
      if (e.outer->IsLiteral(m)) level.Union(id, kLiteral);
    } else if (e.kind == Entry::Kind::kDerived || e.kind == Entry::Kind::kCte) {
      for (const auto& o : e.outputs) {
        if (o.name == column && o.tenant_bound) level.Union(id, kTenant);
      }
    }
    return id;
  }

  // Finds the entry a column reference names, in this level's namespaces and
  // then in the outer levels (imported as kOuter entries).
  int ResolveColumn(Level& level, Node column_ref, int ns, std::string* column) {
    Node fields = column_ref["fields"];
    const size_t n = fields.size();
    if (n == 0) return -1;
    Node last = fields.at(n - 1);
    if (!last.As("String")) return -1;
    *column = std::string(last.As("String")["sval"].str());
    const std::string qualifier =
        n >= 2 ? std::string(fields.at(n - 2).As("String")["sval"].str()) : std::string();
    const Level* lv = &level;
    int cur_ns = ns;
    while (lv) {
      for (int s = cur_ns; s >= 0; s = lv->ns_parent[s]) {
        for (size_t i = 0; i < lv->entries.size(); ++i) {
          const Entry& e = lv->entries[i];
          if (e.ns != s) continue;
          const bool match = qualifier.empty() ? HasColumn(e, *column) : e.name == qualifier;
          if (!match) continue;
          if (lv == &level) return static_cast<int>(i);
          return ImportOuter(level, lv, static_cast<int>(i));
        }
      }
      cur_ns = lv->outer_ns;
      lv = lv->outer;
    }
    return -1;
  }

  int ImportOuter(Level& level, const Level* outer, int index) {
    for (size_t i = 0; i < level.entries.size(); ++i) {
      const Entry& e = level.entries[i];
      if (e.kind == Entry::Kind::kOuter && e.outer == outer && e.outer_entry == index) {
        return static_cast<int>(i);
      }
    }
    const Entry& src = outer->entries[index];
    Entry e;
    e.kind = Entry::Kind::kOuter;
    e.ns = -1;
    e.name = src.name;
    e.table = src.table;
    e.tenancy = src.tenancy;
    e.outputs = src.outputs;
    e.pinned = src.pinned;
    e.literal = src.literal;
    e.outer = outer;
    e.outer_entry = index;
    level.entries.push_back(std::move(e));
    return static_cast<int>(level.entries.size()) - 1;
  }

  int MemberOf(Level& level, Node expr, int ns) {
    Node c = StripCasts(expr).As("ColumnRef");
    if (!c) return -1;
    std::string column;
    const int e = ResolveColumn(level, c, ns, &column);
    return e < 0 ? -1 : Member(level, e, column);
  }

  // ---- conjuncts ----

  void Equate(Level& level, int a, int b, const std::vector<int>* restrict) {
    if (a < 0 || b < 0) return;
    if (!restrict) {
      level.Union(a, b);
    } else {
      level.directed.push_back({a, b, * restrict});
    }
  }

  static bool Allowed(const std::vector<int>* restrict, int entry) {
    return !restrict || std::find(restrict->begin(), restrict->end(), entry) != restrict->end();
  }

  // The tenant value compared with a column: note a wrong column.
  void PinToTenant(Level& level, int m, const std::vector<int>* restrict) {
    const int entry = level.members[m].first;
    if (!Allowed(restrict, entry)) return;
    level.Union(m, kTenant);
    const Entry& e = level.entries[entry];
    if (!ctx_.tenant.any_param && e.kind == Entry::Kind::kTable && e.tenancy &&
        e.tenancy->tenant_scoped() && level.members[m].second != e.tenancy->key_column) {
      level.tenant_on_column.emplace(entry, level.members[m].second);
    }
  }

  bool IsKeyMember(const Level& level, int m) const {
    const int entry = level.members[m].first;
    if (entry < 0) return false;
    const Entry& e = level.entries[entry];
    return e.tenancy && !e.tenancy->key_column.empty() &&
           level.members[m].second == e.tenancy->key_column;
  }

  // `col = value` and `col IN (values)` / `col = ANY(value)`.
  void CompareWithValues(Level& level, int m, const std::vector<Node>& values,
                         const std::vector<int>* restrict) {
    bool all_tenant = !values.empty();
    std::optional<std::pair<int64_t, std::string>> literal;
    for (Node v : values) {
      const ValueClass vc = ClassifyValue(v, ctx_.tenant);
      if (vc.kind != ValueKind::kTenant) all_tenant = false;
      if ((vc.kind == ValueKind::kLiteral || vc.kind == ValueKind::kOtherParam) && !literal) {
        literal = {LocationOf(v), vc.text};
      }
      if (vc.kind == ValueKind::kOther) return;
    }
    if (all_tenant) {
      PinToTenant(level, m, restrict);
    } else if (literal && IsKeyMember(level, m) && Allowed(restrict, level.members[m].first)) {
      level.Union(m, kLiteral);
      level.literal_at.emplace(level.members[m].first, *literal);
    }
  }

  void AddConjunct(Level& level, Node expr, int ns, const std::vector<int>* restrict) {
    if (!expr) return;
    if (Node b = expr.As("BoolExpr")) {
      const std::string_view op = b["boolop"].str();
      if (op == "AND_EXPR") {
        for (Node a : b["args"]) AddConjunct(level, a, ns, restrict);
        return;
      }
      if (op == "OR_EXPR" && !restrict) {
        AddOr(level, b, ns);
        return;
      }
      level.scan.emplace_back(expr, ns);
      return;
    }
    if (Node a = expr.As("A_Expr")) {
      const auto op = sql::NameList(a["name"]);
      const std::string_view kind = a["kind"].str();
      const bool eq = op.size() == 1 && op[0] == "=";
      level.scan.emplace_back(expr, ns);
      if (kind == "AEXPR_OP" && eq) {
        EqualityConjunct(level, a["lexpr"], a["rexpr"], ns, restrict);
      } else if (kind == "AEXPR_IN" && eq) {
        const int l = MemberOf(level, a["lexpr"], ns);
        std::vector<Node> values;
        for (Node v : a["rexpr"].As("List")["items"]) values.push_back(v);
        if (l >= 0) CompareWithValues(level, l, values, restrict);
      } else if (kind == "AEXPR_OP_ANY" && eq) {
        const int l = MemberOf(level, a["lexpr"], ns);
        if (l >= 0) CompareWithValues(level, l, {a["rexpr"]}, restrict);
      }
      return;
    }
    if (Node sl = expr.As("SubLink")) {
      const std::string_view type = sl["subLinkType"].str();
      if (!restrict && (type == "EXISTS_SUBLINK" || type == "ANY_SUBLINK")) {
        const auto op = sql::NameList(sl["operName"]);
        const bool eq = op.empty() || (op.size() == 1 && op[0] == "=");
        Flatten(level, sl, ns, eq ? sl["testexpr"] : Node());
        return;
      }
    }
    level.scan.emplace_back(expr, ns);
  }

  // `l = r`, also between row constructors: (a.x, a.y) = (b.x, b.y).
  void EqualityConjunct(Level& level, Node lhs, Node rhs, int ns,
                        const std::vector<int>* restrict) {
    Node lrow = StripCasts(lhs).As("RowExpr");
    Node rrow = StripCasts(rhs).As("RowExpr");
    if (lrow && rrow && lrow["args"].size() == rrow["args"].size()) {
      for (size_t i = 0; i < lrow["args"].size(); ++i) {
        EqualityConjunct(level, lrow["args"].at(i), rrow["args"].at(i), ns, restrict);
      }
      return;
    }
    const int l = MemberOf(level, lhs, ns);
    const int r = MemberOf(level, rhs, ns);
    if (l >= 0 && r >= 0) {
      Equate(level, l, r, restrict);
    } else if (l >= 0 && !rhs.As("SubLink")) {
      CompareWithValues(level, l, {rhs}, restrict);
    } else if (r >= 0 && !lhs.As("SubLink")) {
      CompareWithValues(level, r, {lhs}, restrict);
    }
    const Node sides[2] = {lhs, rhs};
    for (int i = 0; i < 2; ++i) {
      Node sl = sides[i].As("SubLink");
      if (sl && !restrict && sl["subLinkType"].str() == "EXPR_SUBLINK") {
        Flatten(level, sl, ns, sides[1 - i]);
      }
    }
  }

  // Merges an IN / EXISTS / scalar subquery into the level under its own
  // namespace; `test` is the outer side of an equality with its single
  // output column.
  void Flatten(Level& level, Node sublink, int ns, Node test) {
    Node sub = sublink["subselect"].As("SelectStmt");
    const std::string_view op = sub["op"].str();
    if (!sub || (!op.empty() && op != "SETOP_NONE") || sub["withClause"] ||
        sub["valuesLists"].size() > 0 || depth_ >= kMaxDepth) {
      return;  // scanned as a child instead
    }
    ++depth_;
    level.flattened.insert({sublink.owner(), sublink.id()});
    const int inner = level.NewNamespace(ns);
    for (Node item : sub["fromClause"]) AddFromItem(level, item, inner, Access::kRead, nullptr);
    AddConjunct(level, sub["whereClause"], inner, nullptr);
    level.scan.emplace_back(sub["targetList"], inner);
    level.scan.emplace_back(sub["havingClause"], inner);
    if (test && sub["targetList"].size() == 1) {
      Node val = sub["targetList"].at(0).As("ResTarget")["val"];
      const int r = MemberOf(level, val, inner);
      const int l = MemberOf(level, test, ns);
      if (l >= 0 && r >= 0 && PushdownAllowed(sub)) Equate(level, l, r, nullptr);
    }
    --depth_;
  }

  void AddOr(Level& level, Node b, int ns) {
    OrFact fact;
    fact.location = b["location"].integer();
    for (Node branch : b["args"]) {
      std::set<int> pins;
      CollectBranchPins(level, branch, ns, pins);
      fact.branch_pins.push_back(std::move(pins));
      level.scan.emplace_back(branch, ns);
    }
    level.ors.push_back(std::move(fact));
  }

  // Members a branch of an OR sets to the tenant by itself.
  void CollectBranchPins(Level& level, Node expr, int ns, std::set<int>& pins) {
    if (Node b = expr.As("BoolExpr")) {
      if (b["boolop"].str() == "AND_EXPR") {
        for (Node a : b["args"]) CollectBranchPins(level, a, ns, pins);
      }
      return;
    }
    Node a = expr.As("A_Expr");
    if (!a) return;
    const auto op = sql::NameList(a["name"]);
    if (op.size() != 1 || op[0] != "=") return;
    const std::string_view kind = a["kind"].str();
    int m = MemberOf(level, a["lexpr"], ns);
    std::vector<Node> values;
    if (kind == "AEXPR_OP") {
      values = {a["rexpr"]};
      if (m < 0) {
        m = MemberOf(level, a["rexpr"], ns);
        values = {a["lexpr"]};
      }
    } else if (kind == "AEXPR_IN") {
      for (Node v : a["rexpr"].As("List")["items"]) values.push_back(v);
    } else if (kind == "AEXPR_OP_ANY") {
      values = {a["rexpr"]};
    }
    if (m < 0 || values.empty()) return;
    for (Node v : values) {
      if (ClassifyValue(v, ctx_.tenant).kind != ValueKind::kTenant) return;
    }
    pins.insert(m);
  }

  // ---- deciding ----

  bool EqualMembers(const Level& level, int a, int b, int target_entry) const {
    if (a < 0 || b < 0) return false;
    if (level.Find(a) == level.Find(b)) return true;
    for (const Directed& d : level.directed) {
      if (((d.a == a && d.b == b) || (d.a == b && d.b == a)) &&
          std::find(d.allowed.begin(), d.allowed.end(), target_entry) != d.allowed.end()) {
        return true;
      }
    }
    return false;
  }

  // Whether `cols` of entry `e` equal `ref_cols` of a pinned row of table `ref`.
  bool ReferencesPinnedRow(const Level& level, int e, const std::vector<std::string>& cols,
                           const schema::QualifiedName& ref,
                           const std::vector<std::string>& ref_cols) const {
    for (size_t p = 0; p < level.entries.size(); ++p) {
      if (static_cast<int>(p) == e) continue;
      const Entry& pe = level.entries[p];
      bool ok = !cols.empty();
      for (size_t i = 0; i < cols.size() && ok; ++i) {
        const std::string& rc = i < ref_cols.size() ? ref_cols[i] : cols[i];
        std::string pcol;
        if ((pe.kind == Entry::Kind::kTable || pe.kind == Entry::Kind::kOuter) && pe.table &&
            pe.table->name == ref && pe.pinned && !pe.literal) {
          pcol = rc;
        } else {
          for (const auto& o : pe.outputs) {
            if (o.source_table && o.source_table->name == ref && o.source_column == rc &&
                o.source_pinned) {
              pcol = o.name;
            }
          }
        }
        ok = !pcol.empty() && EqualMembers(level, level.Lookup(e, cols[i]),
                                           level.Lookup(static_cast<int>(p), pcol), e);
      }
      if (ok) return true;
    }
    return false;
  }

  bool DecidePinned(const Level& level, int i) const {
    const Entry& e = level.entries[i];
    if (e.kind != Entry::Kind::kTable || !e.table) return e.pinned;
    if (e.tenancy && !e.tenancy->key_column.empty()) {
      const int m = level.Lookup(i, e.tenancy->key_column);
      if (level.IsTenant(m) || level.IsLiteral(m)) return true;
    }
    // Foreign-key paths pin tables without a tenant key of their own: a
    // table with one may still hold another tenant's key beside the
    // reference.
    const bool indirect = e.tenancy && e.tenancy->kind == TenancyKind::kIndirect;
    for (const schema::ForeignKey& fk : e.table->foreign_keys) {
      if (!indirect) break;
      const TableTenancy* to = ctx_.tenancy ? ctx_.tenancy->Find(fk.referenced) : nullptr;
      if (!to || !to->tenant_scoped()) continue;
      std::vector<std::string> ref_cols = fk.referenced_columns;
      if (ref_cols.empty()) {
        const schema::Table* rt = ctx_.schema->FindTable(fk.referenced);
        if (rt && rt->primary_key) ref_cols = rt->primary_key->columns;
      }
      if (ReferencesPinnedRow(level, i, fk.columns, fk.referenced, ref_cols)) return true;
    }
    // The same row as a pinned occurrence of the same table, by a unique key.
    std::vector<const schema::KeyConstraint*> keys;
    if (e.table->primary_key) keys.push_back(&*e.table->primary_key);
    for (const auto& k : e.table->unique_keys) keys.push_back(&k);
    for (const auto* k : keys) {
      if (ReferencesPinnedRow(level, i, k->columns, e.table->name, k->columns)) return true;
    }
    return false;
  }

  bool LiteralOnly(const Level& level, int i) const {
    const Entry& e = level.entries[i];
    if (!e.tenancy || e.tenancy->key_column.empty()) return false;
    const int m = level.Lookup(i, e.tenancy->key_column);
    return level.IsLiteral(m);
  }

  void Fixpoint(Level& level) {
    for (const OrFact& f : level.ors) {
      std::set<int> common = f.branch_pins.empty() ? std::set<int>() : f.branch_pins.front();
      for (const auto& b : f.branch_pins) {
        std::set<int> keep;
        for (int m : common) {
          if (b.count(m)) keep.insert(m);
        }
        common = std::move(keep);
      }
      for (int m : common) level.Union(m, kTenant);
      for (const auto& b : f.branch_pins) {
        for (int m : b) {
          if (!common.count(m)) level.weakened_at.emplace(level.members[m].first, f.location);
        }
      }
    }
    bool changed = true;
    for (int round = 0; changed && round < 1000; ++round) {
      changed = false;
      for (const Directed& d : level.directed) {
        for (auto [x, y] : {std::pair{d.a, d.b}, std::pair{d.b, d.a}}) {
          const int target = level.members[y].first;
          if (std::find(d.allowed.begin(), d.allowed.end(), target) == d.allowed.end()) continue;
          if (level.IsTenant(x) && !level.IsTenant(y)) {
            level.Union(y, kTenant);
            changed = true;
          }
        }
      }
      for (size_t i = 0; i < level.entries.size(); ++i) {
        Entry& e = level.entries[i];
        if (e.pinned || e.kind == Entry::Kind::kOuter) continue;
        if (DecidePinned(level, static_cast<int>(i))) {
          e.pinned = true;
          e.literal = LiteralOnly(level, static_cast<int>(i));
          changed = true;
        }
      }
    }
  }

  // A column of a pinned table occurrence that member `m` equals, other than
  // one of entry `self`.
  std::optional<std::pair<const schema::Table*, std::string>> PinnedRowColumn(const Level& level,
                                                                              int m,
                                                                              int self) const {
    const int root = level.Find(m);
    for (size_t k = 2; k < level.members.size(); ++k) {
      const auto& [entry, column] = level.members[k];
      if (entry == self || entry < 0 || level.Find(static_cast<int>(k)) != root) continue;
      const Entry& q = level.entries[entry];
      if ((q.kind == Entry::Kind::kTable || q.kind == Entry::Kind::kOuter) && q.table && q.pinned &&
          !q.literal) {
        return std::make_pair(q.table, column);
      }
    }
    return std::nullopt;
  }

  // Pushes the level's pins into derived relations whose own occurrences
  // are not all pinned.
  void PushIntoDerived(Level& level) {
    for (size_t i = 0; i < level.entries.size(); ++i) {
      Entry& e = level.entries[i];
      if (e.kind != Entry::Kind::kDerived && e.kind != Entry::Kind::kCte) continue;
      Pushed pinned;
      for (size_t p = 0; p < e.outputs.size(); ++p) {
        const int m = level.Lookup(static_cast<int>(i), e.outputs[p].name);
        if (m < 0) continue;
        if (level.IsTenant(m)) {
          pinned.tenant.insert(p);
        } else if (auto row = PinnedRowColumn(level, m, static_cast<int>(i))) {
          pinned.rows.emplace(p, *row);
        }
      }
      if (e.kind == Entry::Kind::kCte) {
        if (!e.cte->pinned_outputs) {
          e.cte->pinned_outputs = pinned;
        } else {
          Pushed keep;
          for (size_t p : e.cte->pinned_outputs->tenant) {
            if (pinned.tenant.count(p)) keep.tenant.insert(p);
          }
          for (const auto& [p, row] : e.cte->pinned_outputs->rows) {
            auto it = pinned.rows.find(p);
            if (it != pinned.rows.end() && it->second == row) keep.rows.emplace(p, row);
          }
          e.cte->pinned_outputs = std::move(keep);
        }
        continue;
      }
      if (e.pinned || (pinned.empty() && !e.lateral) || reanalyses_ >= kMaxReanalyses) continue;
      ++reanalyses_;
      const Level* outer = e.lateral ? &level : level.outer;
      const int outer_ns = e.lateral ? e.ns : level.outer_ns;
      ViewFrame saved = view_frame_;
      if (e.view) {
        view_frame_ = {e.view->name.ToString(), e.location, !e.view->security_invoker, true};
        views_.push_back(e.view);
      }
      QueryResult r = AnalyzeAny(e.query, e.view ? nullptr : outer, e.view ? 0 : outer_ns, pinned);
      if (e.view) views_.pop_back();
      view_frame_ = saved;
      e.inner = std::move(r.occurrences);
      e.pinned = AllTenantPinned(e.inner);
    }
  }

  // Every subquery the level did not flatten, analyzed as a child level.
  void AnalyzeChildren(Level& level) {
    std::vector<std::pair<Node, int>> stack;
    for (auto it = level.scan.rbegin(); it != level.scan.rend(); ++it) stack.push_back(*it);
    std::set<std::pair<const void*, uint32_t>> seen;
    while (!stack.empty()) {
      auto [n, ns] = stack.back();
      stack.pop_back();
      if (!n) continue;
      if (n.tag() == "SubLink") {
        const Node sl_node = n.unwrap();
        if (level.flattened.count({sl_node.owner(), sl_node.id()})) {
          stack.emplace_back(n.unwrap()["testexpr"], ns);
          continue;
        }
        if (!seen.insert({sl_node.owner(), sl_node.id()}).second) continue;
        Node sl = n.unwrap();
        stack.emplace_back(sl["testexpr"], ns);
        QueryResult r = AnalyzeAny(sl["subselect"], &level, ns, {});
        Append(level.occurrences, r.occurrences);
        continue;
      }
      if (n.tag() == "SelectStmt") {
        QueryResult r = AnalyzeAny(n, &level, ns, {});
        Append(level.occurrences, r.occurrences);
        continue;
      }
      // Only containers can hold a subquery; scalars are not visited.
      for (size_t i = n.size(); i-- > 0;) {
        const Node child = n.at(i);
        const Node::Kind kind = child.kind();
        if (kind == Node::Kind::kObject || kind == Node::Kind::kArray) {
          stack.emplace_back(child, ns);
        }
      }
    }
  }

  void Finish(Level& level) {
    Fixpoint(level);
    PushIntoDerived(level);
    Fixpoint(level);
    AnalyzeChildren(level);
    bool any_pinned = false;
    for (const Entry& e : level.entries) {
      if (e.kind == Entry::Kind::kTable && e.pinned && e.tenancy && e.tenancy->tenant_scoped()) {
        any_pinned = true;
      }
    }
    for (size_t i = 0; i < level.entries.size(); ++i) {
      const Entry& e = level.entries[i];
      if (e.occurrence >= 0) {
        Occurrence& o = level.occurrences[e.occurrence];
        if (o.relation_class == RelationClass::kTenantTable) {
          o.pin = e.pinned ? (e.literal ? Pin::kLiteral : Pin::kTenant) : Pin::kNone;
        }
        o.sibling_pinned = any_pinned && !e.pinned;
        auto col = level.tenant_on_column.find(static_cast<int>(i));
        if (col != level.tenant_on_column.end()) o.tenant_on_column = col->second;
        auto lit = level.literal_at.find(static_cast<int>(i));
        if (lit != level.literal_at.end()) {
          o.literal_at = lit->second.first;
          o.literal_text = lit->second.second;
        }
        auto weak = level.weakened_at.find(static_cast<int>(i));
        if (weak != level.weakened_at.end() && !e.pinned) o.weakened_at = weak->second;
      }
      if (e.kind == Entry::Kind::kDerived) Append(level.occurrences, e.inner);
    }
  }

  std::vector<OutputColumn> Outputs(Level& level, Node target_list, std::vector<int>* members) {
    std::vector<OutputColumn> out;
    for (Node t : target_list) {
      Node rt = t.As("ResTarget");
      Node val = rt["val"];
      Node cref = val.As("ColumnRef");
      if (cref && cref["fields"].size() > 0 &&
          cref["fields"].at(cref["fields"].size() - 1).As("A_Star")) {
        const size_t n = cref["fields"].size();
        const std::string qualifier =
            n >= 2 ? std::string(cref["fields"].at(n - 2).As("String")["sval"].str()) : "";
        for (size_t i = 0; i < level.entries.size(); ++i) {
          const Entry& e = level.entries[i];
          if (e.ns != 0 || (!qualifier.empty() && e.name != qualifier)) continue;
          for (const std::string& c : ColumnsOf(e)) {
            OutputColumn o;
            o.name = c;
            o.plain = true;
            out.push_back(o);
            members->push_back(Member(level, static_cast<int>(i), c));
          }
        }
        continue;
      }
      OutputColumn o;
      o.name = std::string(rt["name"].str());
      int m = -1;
      if (cref) {
        m = MemberOf(level, val, 0);
        o.plain = true;
        if (o.name.empty()) {
          Node last = cref["fields"].at(cref["fields"].size() - 1);
          o.name = std::string(last.As("String")["sval"].str());
        }
      } else {
        o.tenant_bound = ClassifyValue(val, ctx_.tenant).kind == ValueKind::kTenant;
        if (o.name.empty()) {
          if (Node f = StripCasts(val).As("FuncCall")) {
            const auto names = sql::NameList(f["funcname"]);
            if (!names.empty()) o.name = std::string(names.back());
          }
        }
      }
      out.push_back(o);
      members->push_back(m);
    }
    return out;
  }

  void FinishOutputs(const Level& level, std::vector<OutputColumn>& outputs,
                     const std::vector<int>& members) {
    for (size_t i = 0; i < outputs.size() && i < members.size(); ++i) {
      const int m = members[i];
      if (m < 0) continue;
      OutputColumn& o = outputs[i];
      o.tenant_bound = o.tenant_bound || level.IsTenant(m);
      const auto& [entry, column] = level.members[m];
      const Entry& e = level.entries[entry];
      if ((e.kind == Entry::Kind::kTable || e.kind == Entry::Kind::kOuter) && e.table) {
        o.source_table = e.table;
        o.source_column = column;
        o.source_pinned = e.pinned && !e.literal;
      } else {
        for (const auto& d : e.outputs) {
          if (d.name == column) {
            o.source_table = d.source_table;
            o.source_column = d.source_column;
            o.source_pinned = d.source_pinned && e.pinned;
          }
        }
      }
    }
  }

  // ---- helpers ----

  // Set operation branches (larg, rarg) are bare SelectStmt objects.
  QueryResult AnalyzeBare(Node select, const Level* outer, int outer_ns,
                          const Pushed& pinned_outputs) {
    if (depth_ >= kMaxDepth) return Opaque(select);
    ++depth_;
    QueryResult r = AnalyzeSelect(select, outer, outer_ns, pinned_outputs);
    --depth_;
    return r;
  }

  static void Rename(std::vector<OutputColumn>& outputs, const std::vector<std::string>& names) {
    for (size_t i = 0; i < names.size() && i < outputs.size(); ++i) outputs[i].name = names[i];
  }

  static bool AllTenantPinned(const std::vector<Occurrence>& occ) {
    for (const Occurrence& o : occ) {
      if (o.relation_class == RelationClass::kTenantTable && o.pin == Pin::kNone) return false;
    }
    return true;
  }

  static int64_t LocationOf(Node expr) {
    int64_t loc = -1;
    sql::VisitAll(expr, [&](Node n) {
      if (loc < 0 && n.is_object()) {
        Node l = n["location"];
        if (l && l.kind() == Node::Kind::kInt) loc = l.integer();
      }
    });
    return loc < 0 ? 0 : loc;
  }

  template <typename T>
  static void Append(std::vector<T>& to, std::vector<T>& from) {
    for (auto& x : from) to.push_back(std::move(x));
    from.clear();
  }
  template <typename T>
  static void Append(std::vector<T>& to, const std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
  }

  struct ViewFrame {
    std::string name;
    int64_t location = 0;
    bool definer = false;
    bool active = false;
  };

  const ScopeContext& ctx_;
  std::vector<std::unique_ptr<Cte>> ctes_;
  Cte* recursive_cte_ = nullptr;
  std::vector<const schema::View*> views_;
  ViewFrame view_frame_;
  int depth_ = 0;
  int reanalyses_ = 0;
};

QueryAnalyzer::QueryAnalyzer(const ScopeContext& context)
    : impl_(std::make_unique<QueryAnalyzerImpl>(context)) {}
QueryAnalyzer::~QueryAnalyzer() = default;

QueryResult QueryAnalyzer::Analyze(Node statement) {
  return impl_->AnalyzeAny(statement, nullptr, 0, {});
}

}  // namespace runwarden::analysis::scope
