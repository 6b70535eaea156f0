// Reads a PostgreSQL catalog into the schema model.
//
// Round trips: BEGIN (when no transaction is open), one pipelined batch of
// every query in PostgresCatalogQueries(), one more for Citus when the
// extension is installed, and ROLLBACK. The batch makes the read cost the
// same for 10 tables or 10,000; all queries see one REPEATABLE READ snapshot.
// Inside a caller's transaction the search path the batch changed is put
// back before returning.
//
// Rows are attached to tables through the relation oid each query returns
// first (a hash map from oid text to the Table in Schema::tables, whose
// nodes never move). Strings are moved out of the query results.
//
// Any failure returns a Status and no Schema: a lost connection becomes
// kUnavailable with "lost while reading the catalog", whatever step it hit.

#include "schema/catalog_postgres.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "base/text.h"
#include "db/server_error.h"
#include "schema/catalog_pg_array.h"
#include "schema/expression.h"
#include "sql/parser.h"

namespace runwarden::schema {

namespace {

// Positions of the queries in PostgresCatalogQueries().
enum QueryIndex : size_t {
  kSearchPathQuery,
  kSetSearchPathQuery,
  kSessionRoleQuery,
  kRolesQuery,
  kTablesQuery,
  kColumnsQuery,
  kConstraintsQuery,
  kIndexesQuery,
  kPoliciesQuery,
  kViewsQuery,
  kEnumsQuery,
  kQueryCount,
};

using db::Row;

std::string Take(Row& row, size_t i) {
  if (i >= row.size() || !row[i]) return {};
  return std::move(*row[i]);
}

bool Flag(const Row& row, size_t i) { return i < row.size() && row[i] && *row[i] == "t"; }

std::optional<std::string> TakeOptional(Row& row, size_t i) {
  if (i >= row.size()) return std::nullopt;
  return std::move(row[i]);
}

// A lost connection (whatever step it hit) or an administrator's
// termination: kUnavailable. Anything else the server refused: kExecution.
Status CatalogError(const Status& error, const std::string& target) {
  const std::string state = db::SqlStateOf(error).value_or("");
  const bool lost = error.code() == ErrorCode::kUnavailable || state.starts_with("08") ||
                    state == "57P01" || state == "57P02" || state == "57P03";
  if (state == "55P03") {
    return ExecutionError("reading the catalog of " + target +
                          " waited too long for a lock: " + error.message())
        .WithHint(
            "another session holds a lock on a table or view (a migration in progress?); nothing "
            "was read or changed: run the command again when it is done");
  }
  if (lost) {
    return Unavailable("the connection to " + target +
                       " was lost while reading the catalog: " + error.message())
        .WithHint(
            "nothing was read; check that the server is up and that no one terminated the "
            "session (pg_terminate_backend), then run the command again");
  }
  return ExecutionError("reading the catalog of " + target + " failed: " + error.message())
      .WithHint(
          "the role runwarden connects as must be able to read pg_catalog; connect as the role "
          "the application uses");
}

class CatalogBuilder {
 public:
  explicit CatalogBuilder(std::string origin) { schema_.origin = std::move(origin); }

  Status Build(std::vector<db::QueryResult>& results) {
    RW_TRY(SearchPath(results[kSearchPathQuery]));
    RW_TRY(SessionRole(results[kSessionRoleQuery]));
    RW_TRY(Roles(results[kRolesQuery]));
    Tables(results[kTablesQuery]);
    Columns(results[kColumnsQuery]);
    RW_TRY(Constraints(results[kConstraintsQuery]));
    RW_TRY(Indexes(results[kIndexesQuery]));
    RW_TRY(Policies(results[kPoliciesQuery]));
    Views(results[kViewsQuery]);
    RW_TRY(Enums(results[kEnumsQuery]));
    return Status::Ok();
  }

  void Distribution(db::QueryResult& result) {
    for (Row& row : result.rows) {
      if (Table* t = Find(row)) t->distribution_column = Take(row, 1);
    }
  }

  bool has_citus() const { return has_citus_; }
  const std::string& original_search_path() const { return original_search_path_; }
  Schema Release() { return std::move(schema_); }

 private:
  Table* Find(const Row& row) {
    if (row.empty() || !row[0]) return nullptr;
    auto it = by_oid_.find(*row[0]);
    return it == by_oid_.end() ? nullptr : it->second;
  }

  SourceSpan Here() const { return SourceSpan{schema_.origin, {}, {}}; }

  Status SearchPath(db::QueryResult& result) {
    if (result.rows.size() != 1) return InternalError("the search path query returned no row");
    Row& row = result.rows[0];
    RW_ASSIGN_OR_RETURN(schema_.search_path, ParsePgNameArray(Take(row, 0)));
    original_search_path_ = Take(row, 1);
    return Status::Ok();
  }

  Status SessionRole(db::QueryResult& result) {
    if (result.rows.size() != 1) {
      return InternalError("the session role query found no role called current_user");
    }
    Row& row = result.rows[0];
    schema::SessionRole role;
    role.name = Take(row, 0);
    role.superuser = Flag(row, 1);
    role.bypass_rls = Flag(row, 2);
    RW_ASSIGN_OR_RETURN(role.inherited, ParsePgNameArray(Take(row, 3)));
    has_citus_ = Flag(row, 4);
    schema_.session_role = std::move(role);
    return Status::Ok();
  }

  Status Roles(db::QueryResult& result) {
    for (Row& row : result.rows) {
      Role role;
      role.name = Take(row, 0);
      role.superuser = Flag(row, 1);
      role.bypass_rls = Flag(row, 2);
      role.login = Flag(row, 3);
      role.inherit = Flag(row, 4);
      RW_ASSIGN_OR_RETURN(role.member_of, ParsePgNameArray(Take(row, 5)));
      std::string name = role.name;
      schema_.roles.emplace(std::move(name), std::move(role));
    }
    return Status::Ok();
  }

  void Tables(db::QueryResult& result) {
    by_oid_.reserve(result.rows.size());
    for (Row& row : result.rows) {
      Table t;
      t.name = {Take(row, 1), Take(row, 2)};
      const std::string kind = Take(row, 3);
      t.kind = kind == "p" ? TableKind::kPartitioned
                           : (kind == "f" ? TableKind::kForeign : TableKind::kTable);
      t.rls_enabled = Flag(row, 4);
      t.rls_forced = Flag(row, 5);
      t.owner = Take(row, 6);
      t.partition_by = Take(row, 7);
      if (row.size() > 9 && row[8] && row[9])
        t.partition_of = QualifiedName{Take(row, 8), Take(row, 9)};
      if (t.partition_of && row.size() > 10) t.partition_bound = Take(row, 10);
      t.span = Here();
      QualifiedName name = t.name;
      Table& stored = schema_.tables.emplace(std::move(name), std::move(t)).first->second;
      by_oid_.emplace(Take(row, 0), &stored);
    }
    for (auto& [name, table] : schema_.tables) {
      if (!table.partition_of) continue;
      auto parent = schema_.tables.find(*table.partition_of);
      if (parent != schema_.tables.end()) parent->second.partitions.push_back(name);
    }
  }

  void Columns(db::QueryResult& result) {
    Table* current = nullptr;
    const std::string* current_oid = nullptr;
    for (Row& row : result.rows) {
      if (!current_oid || !row[0] || *row[0] != *current_oid) {
        current = Find(row);
        current_oid = row[0] ? &*row[0] : nullptr;
      }
      if (!current) continue;
      Column c;
      c.name = Take(row, 1);
      c.type = Take(row, 2);
      c.not_null = Flag(row, 3);
      c.default_expr = TakeOptional(row, 4);
      const std::string identity = Take(row, 5);
      c.identity = identity == "a"   ? Identity::kAlways
                   : identity == "d" ? Identity::kByDefault
                                     : Identity::kNone;
      c.generated = Flag(row, 6);
      c.span = Here();
      current->columns.push_back(std::move(c));
    }
  }

  Status Constraints(db::QueryResult& result) {
    for (Row& row : result.rows) {
      Table* t = Find(row);
      if (!t) continue;
      const std::string type = Take(row, 2);
      RW_ASSIGN_OR_RETURN(std::vector<std::string> columns, ParsePgNameArray(Take(row, 3)));
      if (type == "p") {
        t->primary_key = KeyConstraint{Take(row, 1), std::move(columns)};
      } else if (type == "u") {
        t->unique_keys.push_back(KeyConstraint{Take(row, 1), std::move(columns)});
      } else if (type == "f") {
        ForeignKey fk;
        fk.name = Take(row, 1);
        fk.columns = std::move(columns);
        fk.referenced = QualifiedName{Take(row, 4), Take(row, 5)};
        RW_ASSIGN_OR_RETURN(fk.referenced_columns, ParsePgNameArray(Take(row, 6)));
        fk.span = Here();
        t->foreign_keys.push_back(std::move(fk));
      }
    }
    return Status::Ok();
  }

  Status Indexes(db::QueryResult& result) {
    for (Row& row : result.rows) {
      Table* t = Find(row);
      if (!t) continue;
      Index index;
      index.name = Take(row, 1);
      index.unique = Flag(row, 2);
      RW_ASSIGN_OR_RETURN(index.keys, ParsePgNameArray(Take(row, 3)));
      index.predicate = Take(row, 4);
      t->indexes.push_back(std::move(index));
    }
    return Status::Ok();
  }

  static PolicyCommand Command(std::string_view polcmd) {
    if (polcmd == "r") return PolicyCommand::kSelect;
    if (polcmd == "a") return PolicyCommand::kInsert;
    if (polcmd == "w") return PolicyCommand::kUpdate;
    if (polcmd == "d") return PolicyCommand::kDelete;
    return PolicyCommand::kAll;
  }

  // pg_get_expr's text, parsed like a DDL expression. Text that does not
  // parse (it always should) is kept without a tree.
  static std::optional<Expression> PolicyExpression(std::optional<std::string> text) {
    if (!text) return std::nullopt;
    if (std::optional<Expression> parsed = ParseExpression(*text)) return parsed;
    Expression kept;
    kept.text = std::move(*text);
    return kept;
  }

  Status Policies(db::QueryResult& result) {
    for (Row& row : result.rows) {
      Table* t = Find(row);
      if (!t) continue;
      Policy p;
      p.name = Take(row, 1);
      p.command = Command(Take(row, 2));
      p.permissive = Flag(row, 3);
      const bool to_public = Flag(row, 4);
      RW_ASSIGN_OR_RETURN(p.roles, ParsePgNameArray(Take(row, 5)));
      if (to_public) p.roles.clear();
      p.using_expr = PolicyExpression(TakeOptional(row, 6));
      p.check_expr = PolicyExpression(TakeOptional(row, 7));
      p.span = Here();
      t->policies.push_back(std::move(p));
    }
    return Status::Ok();
  }

  void Views(db::QueryResult& result) {
    for (Row& row : result.rows) {
      View v;
      v.name = {Take(row, 0), Take(row, 1)};
      v.materialized = Flag(row, 2);
      std::string definition(Trim(Take(row, 3)));
      while (!definition.empty() && definition.back() == ';') definition.pop_back();
      v.definition = std::move(definition);
      v.owner = Take(row, 4);
      v.security_invoker = Flag(row, 5);
      std::vector<sql::StatementParse> parses = sql::ParseStatements(v.definition);
      if (parses.size() == 1 && !parses[0].error) {
        v.tree = parses[0].root;
        v.tree_owner = parses[0].tree;
      }
      v.span = Here();
      QualifiedName name = v.name;
      schema_.views.emplace(std::move(name), std::move(v));
    }
  }

  Status Enums(db::QueryResult& result) {
    for (Row& row : result.rows) {
      EnumType e;
      e.name = {Take(row, 0), Take(row, 1)};
      RW_ASSIGN_OR_RETURN(e.values, ParsePgNameArray(Take(row, 2)));
      QualifiedName name = e.name;
      schema_.enums.emplace(std::move(name), std::move(e));
    }
    return Status::Ok();
  }

  Schema schema_;
  std::unordered_map<std::string, Table*> by_oid_;
  bool has_citus_ = false;
  std::string original_search_path_;
};

Result<Schema> ReadInTransaction(db::Connection& connection, int major, const std::string& target,
                                 std::string* original_search_path) {
  std::vector<db::Statement> batch;
  for (CatalogQuery& q : PostgresCatalogQueries(major)) batch.push_back({std::move(q.sql), {}});
  Result<std::vector<db::QueryResult>> results = connection.ExecuteBatch(batch);
  if (!results.ok()) return CatalogError(results.status(), target);
  if (results->size() != kQueryCount) {
    return InternalError("the catalog batch returned " + std::to_string(results->size()) +
                         " results for " + std::to_string(kQueryCount) + " queries");
  }
  CatalogBuilder builder(target);
  Status built = builder.Build(*results);
  *original_search_path = builder.original_search_path();
  RW_TRY(built);
  if (builder.has_citus()) {
    Result<db::QueryResult> citus =
        connection.Query(std::string(CitusDistributionQuery()), db::Params{});
    if (!citus.ok()) return CatalogError(citus.status(), target);
    builder.Distribution(*citus);
  }
  return builder.Release();
}

}  // namespace

int PostgresMajorVersion(std::string_view server_version) {
  int major = 0;
  size_t i = 0;
  while (i < server_version.size() && server_version[i] >= '0' && server_version[i] <= '9') {
    major = major * 10 + (server_version[i] - '0');
    if (major > 100000) return 0;
    ++i;
  }
  return major;
}

Result<Schema> ReadPostgresCatalog(db::Connection& connection, const CatalogReadOptions& options) {
  const std::string target = connection.Describe().ToString();
  const std::string version = connection.ServerVersion();
  const int major = PostgresMajorVersion(version);
  if (major < kMinPostgresMajor) {
    return InvalidInput("cannot read the catalog of " + target + ": PostgreSQL " + version +
                        " is not supported")
        .WithHint("runwarden reads catalogs of PostgreSQL " + std::to_string(kMinPostgresMajor) +
                  " and later");
  }
  const db::TransactionState state = connection.GetTransactionState();
  if (state == db::TransactionState::kFailed) {
    return InvalidInput("cannot read the catalog of " + target +
                        ": the connection's transaction has failed")
        .WithHint("roll the transaction back first");
  }
  const bool own_transaction = state == db::TransactionState::kIdle;
  if (own_transaction) {
    // One round trip: the lock timeout is local to the snapshot's transaction.
    Result<db::QueryResult> begun = connection.Execute(
        "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL lock_timeout = " +
        std::to_string(options.lock_timeout.count()));
    if (!begun.ok()) return CatalogError(begun.status(), target);
  }
  std::string original_search_path;
  Result<Schema> schema = ReadInTransaction(connection, major, target, &original_search_path);
  if (own_transaction) {
    // The read is complete or failed either way; a failing ROLLBACK (the
    // connection dropped after the last result) changes neither.
    static_cast<void>(connection.Rollback());
  } else if (!original_search_path.empty()) {
    Result<db::QueryResult> restored = connection.Query(
        "SELECT pg_catalog.set_config('search_path', $1, true)", {original_search_path});
    if (!restored.ok() && schema.ok()) return CatalogError(restored.status(), target);
  }
  return schema;
}

}  // namespace runwarden::schema
