// Synthetic rows for the probe.
//
// A row gets a value for: the fixed columns (tenant key, foreign key columns
// matched to a parent); every foreign key with a NOT NULL column (the
// referenced row is looked up in the current tenant context, else inserted
// and kept until the probe's final rollback); a partition's key columns (its
// bound); identity columns and columns whose default is not known to be free
// of side effects (explicit values, so nextval() never runs); and the
// remaining NOT NULL columns without a default. Everything else is left to
// its (safe) default or NULL.
//
// Generated columns are never given. Values are text; the server converts
// them to the column types because they are bound as parameters of an
// INSERT into those columns.

#include "probe/row_builder.h"

#include <algorithm>

#include "schema/catalog_pg_array.h"

namespace runwarden::probe {

namespace {

constexpr int kMaxDepth = 3;

constexpr char kMetaQuery[] = R"(SELECT pg_catalog.has_table_privilege(c.oid, 'SELECT'),
       pg_catalog.has_table_privilege(c.oid, 'INSERT'),
       pg_catalog.has_table_privilege(c.oid, 'UPDATE'),
       pg_catalog.has_table_privilege(c.oid, 'DELETE'),
       ARRAY(SELECT DISTINCT t.tgname FROM pg_catalog.pg_trigger t
             WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'
               AND (t.tgrelid = c.oid
                    OR (c.relkind = 'p' AND t.tgrelid IN (
                          SELECT p.relid FROM pg_catalog.pg_partition_tree(c.oid) p)))
             ORDER BY 1),
       c.relkind IN ('r', 'p') AND c.relhasrules,
       pg_catalog.pg_get_expr(c.relpartbound, c.oid)
FROM pg_catalog.pg_class c WHERE c.oid = $1::pg_catalog.regclass)";

bool InKey(const schema::Table& table, const std::string& column) {
  auto has = [&](const schema::KeyConstraint& k) {
    return std::find(k.columns.begin(), k.columns.end(), column) != k.columns.end();
  };
  if (table.primary_key && has(*table.primary_key)) return true;
  return std::any_of(table.unique_keys.begin(), table.unique_keys.end(), has);
}

std::string JoinQuoted(const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& c : columns) out += (out.empty() ? "" : ", ") + QuoteIdent(c);
  return out;
}

}  // namespace

std::string RelationMeta::NoWriteReason() const {
  if (!triggers.empty()) {
    std::string names;
    for (const std::string& t : triggers) names += (names.empty() ? "" : ", ") + t;
    return "it has triggers (" + names +
           "), which could advance a sequence that no rollback restores";
  }
  if (has_rules) return "it has rewrite rules, which could write elsewhere";
  return "";
}

std::string InsertSql(const schema::QualifiedName& table, const SyntheticRow& row,
                      const std::string& returning) {
  std::string sql = "INSERT INTO " + QuoteName(table);
  if (row.columns.empty()) {
    sql += " DEFAULT VALUES";
  } else {
    sql += " (" + JoinQuoted(row.columns) + ")";
    if (row.overriding_system_value) sql += " OVERRIDING SYSTEM VALUE";
    sql += " VALUES (";
    for (size_t i = 0; i < row.columns.size(); ++i) {
      sql += (i ? ", $" : "$") + std::to_string(i + 1);
    }
    sql += ")";
  }
  if (!returning.empty()) sql += " RETURNING " + returning;
  return sql;
}

RowBuilder::RowBuilder(ProbeSession& session, const schema::Schema& schema,
                       const std::vector<std::string>& tenant_keys, ValueMaker& values)
    : session_(session), schema_(schema), tenant_keys_(tenant_keys), values_(values) {}

std::string RowBuilder::TenantKeyOf(const schema::Table& table) const {
  for (const std::string& key : tenant_keys_) {
    if (table.FindColumn(key)) return key;
  }
  return "";
}

Result<RelationMeta> RowBuilder::Meta(const schema::QualifiedName& name) {
  auto cached = meta_.find(name);
  if (cached != meta_.end()) return cached->second;
  RW_ASSIGN_OR_RETURN(Attempt a, session_.Try(kMetaQuery, {QuoteName(name)}, Effects::kUndo));
  if (!a.ok() || a.result->rows.size() != 1) {
    return ExecutionError("cannot read the catalog entry of " + name.ToString() + ": " +
                          a.error.message());
  }
  const db::Row& row = a.result->rows[0];
  auto flag = [&](size_t i) { return row[i] && *row[i] == "t"; };
  RelationMeta meta;
  meta.can_select = flag(0);
  meta.can_insert = flag(1);
  meta.can_update = flag(2);
  meta.can_delete = flag(3);
  RW_ASSIGN_OR_RETURN(meta.triggers, schema::ParsePgNameArray(row[4].value_or("{}")));
  meta.has_rules = flag(5);
  meta.partition_bound = row[6].value_or("");
  meta_.emplace(name, meta);
  return meta;
}

Result<std::optional<SyntheticRow>> RowBuilder::Build(
    const schema::Table& table, const std::map<std::string, std::string>& fixed,
    std::string* problem, int depth) {
  std::map<std::string, db::Value> chosen;
  for (const auto& [column, value] : fixed) chosen[column] = value;
  std::string tenant;
  if (const std::string key = TenantKeyOf(table); !key.empty() && fixed.count(key)) {
    tenant = fixed.at(key);
  }

  // Foreign keys with a NOT NULL column need a row to point at.
  for (const schema::ForeignKey& fk : table.foreign_keys) {
    bool needed = false;
    for (const std::string& column : fk.columns) {
      const schema::Column* c = table.FindColumn(column);
      if (!chosen.count(column) && c && c->not_null) needed = true;
    }
    if (!needed) continue;
    const schema::Table* parent = schema_.FindTable(fk.referenced);
    if (!parent) {
      *problem = "its foreign key " + fk.name + " references " + fk.referenced.ToString() +
                 ", which is not in the schema";
      return std::optional<SyntheticRow>();
    }
    std::vector<std::string> parent_columns = fk.referenced_columns;
    if (parent_columns.empty() && parent->primary_key)
      parent_columns = parent->primary_key->columns;
    if (parent_columns.size() != fk.columns.size()) {
      *problem = "cannot match the columns of its foreign key " + fk.name;
      return std::optional<SyntheticRow>();
    }
    std::map<std::string, std::string> parent_fixed;
    for (size_t i = 0; i < fk.columns.size(); ++i) {
      auto it = chosen.find(fk.columns[i]);
      if (it != chosen.end() && it->second) parent_fixed[parent_columns[i]] = *it->second;
    }
    const std::string parent_key = TenantKeyOf(*parent);
    if (!parent_key.empty() && !tenant.empty() && !parent_fixed.count(parent_key)) {
      parent_fixed[parent_key] = tenant;
    }
    if (&table == parent) {
      *problem = "its foreign key " + fk.name + " references the table itself";
      return std::optional<SyntheticRow>();
    }
    RW_ASSIGN_OR_RETURN(auto values,
                        Referenced(*parent, parent_fixed, parent_columns, problem, depth));
    if (!values) return std::optional<SyntheticRow>();
    for (size_t i = 0; i < fk.columns.size(); ++i) chosen[fk.columns[i]] = (*values)[i];
  }

  std::map<std::string, std::optional<std::string>> bound;
  if (table.partition_of) {
    RW_ASSIGN_OR_RETURN(RelationMeta meta, Meta(table.name));
    if (const schema::Table* parent = schema_.FindTable(*table.partition_of)) {
      bound = PartitionBoundValues(parent->partition_by, meta.partition_bound);
    }
  }

  SyntheticRow row;
  for (const schema::Column& c : table.columns) {
    if (c.generated) continue;
    auto it = chosen.find(c.name);
    if (it != chosen.end()) {
      row.columns.push_back(c.name);
      row.values.push_back(it->second);
      continue;
    }
    if (auto b = bound.find(c.name); b != bound.end()) {
      row.columns.push_back(c.name);
      row.values.push_back(b->second);
      continue;
    }
    const bool identity = c.identity != schema::Identity::kNone;
    const bool unsafe_default = c.default_expr && !DefaultIsSafe(*c.default_expr);
    if (!identity && !unsafe_default && (c.default_expr || !c.not_null)) continue;
    const Distinct distinct =
        identity || unsafe_default || InKey(table, c.name) ? Distinct::kUnique : Distinct::kAny;
    std::optional<std::string> value = values_.Make(c.type, distinct);
    if (!value && !c.not_null) {
      row.columns.push_back(c.name);
      row.values.push_back(std::nullopt);
      continue;
    }
    if (!value) {
      *problem = "no value can be made for column " + c.name + " of type " + c.type +
                 (unsafe_default ? " (its default " + *c.default_expr +
                                       " must not run: it could advance a sequence)"
                                 : "");
      return std::optional<SyntheticRow>();
    }
    if (c.identity == schema::Identity::kAlways) row.overriding_system_value = true;
    row.columns.push_back(c.name);
    row.values.push_back(std::move(value));
  }
  return std::optional<SyntheticRow>(std::move(row));
}

Result<std::optional<std::vector<db::Value>>> RowBuilder::Referenced(
    const schema::Table& table, const std::map<std::string, std::string>& fixed,
    const std::vector<std::string>& want, std::string* problem, int depth) {
  using Found = std::optional<std::vector<db::Value>>;
  std::string sql = "SELECT " + JoinQuoted(want) + " FROM " + QuoteName(table.name);
  db::Params params;
  for (const auto& [column, value] : fixed) {
    sql += (params.empty() ? " WHERE " : " AND ") + QuoteIdent(column) + " = $" +
           std::to_string(params.size() + 1);
    params.push_back(value);
  }
  sql += " LIMIT 1";
  RW_ASSIGN_OR_RETURN(Attempt found, session_.Try(sql, params, Effects::kUndo));
  if (!found.ok()) {
    *problem = "cannot read " + table.name.ToString() + ": " + found.error.message();
    return Found();
  }
  if (!found.result->rows.empty()) return Found(found.result->rows[0]);
  const std::string missing = "no row of " + table.name.ToString() + " it could reference";
  if (depth >= kMaxDepth) {
    *problem = missing + ", and its foreign keys nest deeper than " + std::to_string(kMaxDepth);
    return Found();
  }
  RW_ASSIGN_OR_RETURN(RelationMeta meta, Meta(table.name));
  if (const std::string why = meta.NoWriteReason(); !why.empty()) {
    *problem =
        missing + ", and runwarden does not insert into " + table.name.ToString() + ": " + why;
    return Found();
  }
  if (!meta.can_insert || !meta.can_select) {
    *problem = missing + ", and the role may not insert into it";
    return Found();
  }
  RW_ASSIGN_OR_RETURN(auto row, Build(table, fixed, problem, depth + 1));
  if (!row) return Found();
  RW_ASSIGN_OR_RETURN(Attempt inserted, session_.Try(InsertSql(table.name, *row, JoinQuoted(want)),
                                                     row->values, Effects::kKeep));
  if (!inserted.ok() || inserted.result->rows.empty()) {
    *problem = missing + ", and inserting one failed: " + inserted.error.message();
    return Found();
  }
  return Found(inserted.result->rows[0]);
}

}  // namespace runwarden::probe
