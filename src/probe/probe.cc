// runwarden probe: the orchestration (definitions of the checks and verdicts
// in docs/probe.md, the checks themselves in relation_checks.cc).
//
// One transaction, always rolled back:
//   1. BEGIN; statement and lock timeouts (transaction-local); who we are and
//      the tenant setting as the session starts (NULL: never set).
//   2. For every selected relation: catalog facts (privileges, triggers).
//   3. Setting never set (NULL), only when the session starts that way: the
//      no-context check on the rows that already exist. Must come first: the
//      first set_config creates the setting, and after that it reads ''.
//   4. Per relation, tables before views: tenant B's rows (found or made) and
//      tenant A's context against them.
//   5. set_config(setting, '', true): the no-context check again, now with
//      B's rows in place.
//   6. Verdicts; ROLLBACK whatever happened.

#include "probe/probe.h"

#include <random>

#include "probe/probe_session.h"
#include "probe/relation_checks.h"
#include "probe/row_builder.h"
#include "probe/synthetic_values.h"
#include "schema/catalog_pg_array.h"

namespace runwarden::probe {

namespace {

RelationKind KindOf(const schema::Table& t) {
  if (t.kind == schema::TableKind::kPartitioned) return RelationKind::kPartitionedTable;
  if (t.partition_of) return RelationKind::kPartition;
  return RelationKind::kTable;
}

ProbeTarget ForTable(const schema::Table& t, const std::vector<std::string>& keys) {
  ProbeTarget target{t.name, KindOf(t), &t, nullptr, "", ""};
  for (const std::string& key : keys) {
    if (const schema::Column* c = t.FindColumn(key)) {
      target.key = key;
      target.key_type = c->type;
      break;
    }
  }
  return target;
}

// A view's tenant key and its type, from the catalog (the model keeps no
// view columns).
Result<ProbeTarget> ForView(ProbeSession& session, const schema::View& v,
                            const std::vector<std::string>& keys) {
  ProbeTarget target{
      v.name,  v.materialized ? RelationKind::kMaterializedView : RelationKind::kView,
      nullptr, &v,
      "",      ""};
  RW_ASSIGN_OR_RETURN(
      Attempt columns,
      session.Try("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) "
                  "FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1::pg_catalog.regclass "
                  "AND a.attnum > 0 AND NOT a.attisdropped",
                  {QuoteName(v.name)}, Effects::kUndo));
  if (!columns.ok()) {
    return ExecutionError("cannot read the columns of view " + v.name.ToString() + ": " +
                          columns.error.message());
  }
  for (const std::string& key : keys) {
    for (const db::Row& row : columns.result->rows) {
      if (row[0] == key) {
        target.key = key;
        target.key_type = row[1].value_or("");
        return target;
      }
    }
  }
  return target;
}

// "schema.name" or "name": the table or view it means.
Result<ProbeTarget> Resolve(ProbeSession& session, const schema::Schema& schema,
                            const std::string& given, const std::vector<std::string>& keys) {
  const size_t dot = given.find('.');
  const std::string schema_name = dot == std::string::npos ? "" : given.substr(0, dot);
  const std::string name = dot == std::string::npos ? given : given.substr(dot + 1);
  if (const schema::Table* t = schema.FindTable(schema_name, name)) return ForTable(*t, keys);
  if (const schema::View* v = schema.FindView(schema_name, name)) {
    return ForView(session, *v, keys);
  }
  return NotFound("table " + given + " is not in the database " + schema.origin)
      .WithHint(
          "name tables as schema.table or as they resolve through the search path; "
          "without --tables the probe covers every table");
}

Result<std::vector<ProbeTarget>> SelectTargets(ProbeSession& session, const schema::Schema& schema,
                                               const ProbeOptions& options) {
  std::vector<ProbeTarget> tables, views;
  if (!options.tables.empty()) {
    for (const std::string& given : options.tables) {
      RW_ASSIGN_OR_RETURN(ProbeTarget t, Resolve(session, schema, given, options.tenant_keys));
      (t.table ? tables : views).push_back(t);
    }
  } else {
    for (const auto& [name, table] : schema.tables) {
      tables.push_back(ForTable(table, options.tenant_keys));
    }
    for (const auto& [name, view] : schema.views) {
      RW_ASSIGN_OR_RETURN(ProbeTarget t, ForView(session, view, options.tenant_keys));
      if (!t.key.empty()) views.push_back(t);
    }
  }
  tables.insert(tables.end(), views.begin(), views.end());
  return tables;
}

RoleFacts FactsOf(const schema::Schema& schema, const std::string& role) {
  RoleFacts facts;
  facts.name = role;
  if (auto r = schema.roles.find(role); r != schema.roles.end()) {
    facts.superuser = r->second.superuser;
    facts.bypass_rls = r->second.bypass_rls;
  }
  if (schema.session_role && schema.session_role->name == role) {
    facts.inherited = schema.session_role->inherited;
  }
  return facts;
}

Status Probe(db::Connection& connection, const schema::Schema& schema, const ProbeOptions& options,
             ProbeReport& report) {
  RW_TRY(connection.SetStatementTimeout(options.statement_timeout));
  RW_TRY(connection.SetLockTimeout(options.lock_timeout));
  ProbeSession session(connection, options.setting, options.interrupted);
  RW_ASSIGN_OR_RETURN(Attempt who,
                      session.Try("SELECT current_user, pg_catalog.current_setting($1, true)",
                                  {options.setting}, Effects::kUndo));
  if (!who.ok()) return ExecutionError("cannot start the probe: " + who.error.message());
  report.role = who.result->rows[0][0].value_or("");
  const db::Value initial = who.result->rows[0][1];
  if (initial && !initial->empty()) {
    report.notes.push_back(
        "the session starts with " + options.setting + " = '" + *initial +
        "' (ALTER ROLE/DATABASE ... SET, or the connection's options): every transaction "
        "that does not set a tenant itself runs as that tenant");
  }
  const RoleFacts role = FactsOf(schema, report.role);

  RW_ASSIGN_OR_RETURN(std::vector<ProbeTarget> targets, SelectTargets(session, schema, options));
  ValueMaker values(schema,
                    (static_cast<uint64_t>(std::random_device()()) << 32) ^ std::random_device()());
  RowBuilder rows(session, schema, options.tenant_keys, values);
  RelationChecks checks(session, schema, options, role, rows, values);

  std::vector<RelationProbe> probes(targets.size());
  std::vector<bool> active(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) {
    RW_ASSIGN_OR_RETURN(bool go_on, checks.Start(targets[i], probes[i]));
    active[i] = go_on;
  }
  if (!initial) {
    for (size_t i = 0; i < targets.size(); ++i) {
      if (!active[i]) continue;
      RW_TRY(checks.NoContext(targets[i], probes[i], Check::kNoContextUnset,
                              "the setting never set in this session: NULL; only rows that "
                              "existed before the probe"));
    }
  }
  std::vector<TenantRows> tenant_rows(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) {
    if (active[i]) RW_TRY(checks.CrossTenant(targets[i], probes[i], tenant_rows[i]));
  }
  RW_TRY(session.SetTenant(""));
  for (size_t i = 0; i < targets.size(); ++i) {
    if (!active[i]) continue;
    RW_TRY(checks.NoContext(targets[i], probes[i], Check::kNoContextEmpty,
                            "the setting '', as after any transaction-local set_config"));
    checks.Decide(targets[i], probes[i], tenant_rows[i]);
  }
  report.relations = std::move(probes);
  return Status::Ok();
}

}  // namespace

Result<ProbeReport> RunIsolationProbe(db::Connection& connection, const schema::Schema& schema,
                                      const ProbeOptions& options) {
  ProbeReport report;
  report.target = connection.Describe().ToString();
  report.setting = options.setting;
  if (connection.Backend() != db::BackendKind::kPostgres) {
    return InvalidInput("the isolation probe needs PostgreSQL; " + report.target +
                        " has no row-level security")
        .WithHint("on SQLite, tenant isolation rests on statement analysis: runwarden lint");
  }
  if (options.setting.find('.') == std::string::npos) {
    return InvalidInput("the tenant setting '" + options.setting + "' has no dot")
        .WithHint("policies read a custom setting such as app.current_tenant_id");
  }
  if (options.tenant_keys.empty()) {
    return InvalidInput("no tenant key column names were given")
        .WithHint("give --tenant-key with the column that holds the tenant id");
  }
  if (options.tenants && options.tenants->a == options.tenants->b) {
    return InvalidInput("the two tenants of --tenants must differ");
  }
  if (connection.GetTransactionState() != db::TransactionState::kIdle) {
    return InvalidInput("the probe needs a connection without an open transaction")
        .WithHint("the probe runs in a transaction of its own and always rolls it back");
  }
  RW_TRY(connection.Begin());
  Status probed = Probe(connection, schema, options, report);
  const Status rolled_back = connection.Rollback();
  if (!probed.ok()) {
    if (probed.code() == ErrorCode::kUnavailable) {
      return Unavailable("the connection to " + report.target +
                         " was lost during the probe: " + probed.message())
          .WithHint(
              "PostgreSQL rolls back the transaction of a lost connection: nothing the "
              "probe did remains; run it again");
    }
    return probed;
  }
  if (!rolled_back.ok()) {
    return Unavailable("the probe's transaction on " + report.target +
                       " could not be rolled back: " + rolled_back.message())
        .WithHint(
            "PostgreSQL rolls back the transaction of a lost connection; check that no "
            "session of role " +
            report.role + " is left idle in transaction");
  }
  return report;
}

bool HasIsolationFailures(const ProbeReport& report) {
  for (const RelationProbe& r : report.relations) {
    if (r.verdict == Verdict::kLeaks || r.verdict == Verdict::kFailsOpen ||
        r.verdict == Verdict::kErrorsWithoutContext) {
      return true;
    }
  }
  return false;
}

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kIsolated:
      return "isolated";
    case Verdict::kLeaks:
      return "leaks";
    case Verdict::kFailsOpen:
      return "fails-open";
    case Verdict::kErrorsWithoutContext:
      return "errors-without-context";
    case Verdict::kNotTestable:
      return "not-testable";
  }
  return "not-testable";
}

std::string_view CheckName(Check check) {
  switch (check) {
    case Check::kRead:
      return "read";
    case Check::kUpdate:
      return "update";
    case Check::kDelete:
      return "delete";
    case Check::kInsert:
      return "insert";
    case Check::kNoContextUnset:
      return "no-context-unset";
    case Check::kNoContextEmpty:
      return "no-context-empty";
  }
  return "read";
}

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kBlocked:
      return "blocked";
    case Outcome::kDenied:
      return "denied";
    case Outcome::kLeaked:
      return "leaked";
    case Outcome::kError:
      return "error";
    case Outcome::kSkipped:
      return "skipped";
  }
  return "skipped";
}

std::string_view BypassName(Bypass bypass) {
  switch (bypass) {
    case Bypass::kNone:
      return "";
    case Bypass::kRlsDisabled:
      return "rls-disabled";
    case Bypass::kOwner:
      return "owner";
    case Bypass::kBypassRls:
      return "bypassrls";
    case Bypass::kSuperuser:
      return "superuser";
    case Bypass::kViewOwner:
      return "view-owner";
    case Bypass::kMaterializedView:
      return "materialized-view";
  }
  return "";
}

std::string_view RelationKindName(RelationKind kind) {
  switch (kind) {
    case RelationKind::kTable:
      return "table";
    case RelationKind::kPartitionedTable:
      return "partitioned table";
    case RelationKind::kPartition:
      return "partition";
    case RelationKind::kView:
      return "view";
    case RelationKind::kMaterializedView:
      return "materialized view";
  }
  return "table";
}

}  // namespace runwarden::probe
