#ifndef RUNWARDEN_EXEC_DRY_RUN_H_
#define RUNWARDEN_EXEC_DRY_RUN_H_

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "base/status.h"
#include "db/connection.h"
#include "plan/plan.h"

namespace runwarden::exec {

/// What the dry run needs besides the plan.
struct DryRunOptions {
  /// The value of every parameter by name, secrets included (the plan holds
  /// only their hashes).
  std::map<std::string, std::string> values;
  /// The run's tenant ("" when the runbook has no tenant parameter) and the
  /// setting its policies read it from.
  std::string tenant;
  std::string tenant_setting = "app.current_tenant_id";
  /// Limit for each statement the dry run sends.
  std::chrono::milliseconds statement_timeout{10000};
  /// The tenant key column of a table ("" for none), from the schema.
  std::function<std::string(std::string_view schema, std::string_view table)> key_of;
};

/// Pre-validates the SQL statements of `plan` against `connection` without
/// side effects, in one read-only transaction that is always rolled back,
/// with the tenant context set as the run will set it
/// (set_config(setting, tenant, true)):
///  - every read and write is described (prepared, never run): names
///    resolve, the type the target gives each $n is checked against the
///    parameter's declared type, and the result columns are recorded;
///  - on PostgreSQL each is also EXPLAINed (never ANALYZEd) with its values
///    bound: the values fit their types, and the estimate of rows is
///    recorded;
///  - UPDATE and DELETE are counted per tenant with a read-only query made
///    of their own target, FROM/USING and WHERE (plan/blast_radius.h);
///  - the rest (DDL, session and utility statements, writes with effects a
///    count would trigger) is recorded as not validated, with why.
/// Results go into each statement's `validation`; the dry-run gate halts the
/// plan, with remediation, when a statement fails, a write would touch rows
/// of another tenant, or more rows than its step's expect= allows.
/// PostgreSQL and SQLite (whose transaction runs under PRAGMA query_only and
/// has no row estimates); other backends are recorded as not run.
/// Returns an error only when the connection itself fails.
Status DryRun(plan::Plan& plan, db::Connection& connection, const DryRunOptions& options);

}  // namespace runwarden::exec

#endif  // RUNWARDEN_EXEC_DRY_RUN_H_
