#ifndef RUNWARDEN_PROBE_PROBE_H_
#define RUNWARDEN_PROBE_PROBE_H_

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "db/connection.h"
#include "schema/schema.h"

namespace runwarden::probe {

/// Two tenant ids, as text in the tenant key's type.
struct TenantPair {
  std::string a;  ///< the context the probe runs in: "tenant A"
  std::string b;  ///< the tenant whose rows A must not reach: "tenant B"
};

/// What `runwarden probe` tests, and how.
struct ProbeOptions {
  /// Tables and views to probe, as "schema.name" or "name" (looked up
  /// through the schema's search path). Empty: every table, and every view
  /// that has a tenant key column.
  std::vector<std::string> tables;
  /// Tenant key column names in order of preference: a relation's key is the
  /// first of these it has. `--tenant-key col` makes it a list of one.
  std::vector<std::string> tenant_keys = {"tenant_id", "org_id", "organization_id", "workspace_id",
                                          "account_id"};
  /// The setting policies read the tenant from; the probe sets it with
  /// set_config(setting, $1, true). Must contain a dot (a custom setting).
  std::string setting = "app.current_tenant_id";
  /// Tenants to probe with. Unset: the probe picks them (see docs/probe.md).
  std::optional<TenantPair> tenants;
  /// Limits for each statement of the probe (transaction-local).
  std::chrono::milliseconds statement_timeout{10000};
  std::chrono::milliseconds lock_timeout{2000};
  /// Set (by a signal handler, after Connection::Cancel) to stop the probe:
  /// it stops before its next statement and rolls back. Borrowed; may be null.
  const std::atomic<bool>* interrupted = nullptr;
};

/// The conclusion for one table or view (definitions in docs/probe.md).
enum class Verdict {
  kIsolated,              ///< every check ran; nothing crossed tenants
  kLeaks,                 ///< tenant A reached tenant B's rows (see `leaking`)
  kFailsOpen,             ///< with no tenant set, rows are visible
  kErrorsWithoutContext,  ///< with no tenant set, reading raises an error
  kNotTestable,           ///< a check that the verdict needs could not run
};

/// One thing the probe tries.
enum class Check {
  kRead,            ///< A's context reads rows of another tenant
  kUpdate,          ///< A's context updates a row of B
  kDelete,          ///< A's context deletes a row of B
  kInsert,          ///< A's context inserts a row for B
  kNoContextUnset,  ///< no tenant, setting never set in the session (NULL)
  kNoContextEmpty,  ///< no tenant, setting '' (as after any transaction-local set)
};

/// What happened when a check ran.
enum class Outcome {
  kBlocked,  ///< row-level security stopped it (or nothing was visible)
  kDenied,   ///< the role lacks the privilege: it cannot do this to anyone
  kLeaked,   ///< it happened: rows crossed tenants (or were visible without a tenant)
  kError,    ///< the statement failed for another reason (see detail)
  kSkipped,  ///< not run (see detail)
};

/// Why PostgreSQL does not apply the policies here, when the catalog says so.
enum class Bypass {
  kNone,
  kRlsDisabled,       ///< row-level security is off on the table
  kOwner,             ///< the role owns the table (or inherits its owner), not forced
  kBypassRls,         ///< the role has BYPASSRLS
  kSuperuser,         ///< the role is a superuser
  kViewOwner,         ///< a view without security_invoker runs as its owner
  kMaterializedView,  ///< materialized views have no row-level security
};

/// What kind of relation was probed.
enum class RelationKind { kTable, kPartitionedTable, kPartition, kView, kMaterializedView };

/// One check's result.
struct CheckResult {
  Check check = Check::kRead;
  Outcome outcome = Outcome::kSkipped;
  std::string detail;  ///< what was observed, or why it was skipped or failed
};

/// The probe of one table or view.
struct RelationProbe {
  schema::QualifiedName name;
  RelationKind kind = RelationKind::kTable;
  std::string tenant_key;  ///< empty when the relation has none
  Verdict verdict = Verdict::kNotTestable;
  /// kLeaks: the checks that leaked (empty when the leak follows from the
  /// catalog alone, see `bypass`).
  std::vector<Check> leaking;
  Bypass bypass = Bypass::kNone;
  /// One sentence: why this verdict.
  std::string reason;
  std::vector<CheckResult> checks;
  TenantPair tenants;           ///< the ids used (empty when none were)
  bool synthetic_rows = false;  ///< B's rows were inserted by the probe
};

/// Everything the probe found. Rendered by FormatProbeText/FormatProbeJson.
struct ProbeReport {
  std::string target;   ///< the connection, without password
  std::string role;     ///< the role under test (current_user)
  std::string setting;  ///< the tenant setting
  std::vector<RelationProbe> relations;
  /// Observations about the whole session ("the connection starts with
  /// app.current_tenant_id set to ...").
  std::vector<std::string> notes;
};

/// Tries, as the role `connection` is logged in as, whether row-level
/// security keeps tenants apart on each table and view of `schema` (read
/// from the same database with ReadCatalog) that `options` selects. Runs in
/// one transaction that is always rolled back: synthetic rows, updates and
/// deletes never persist, no sequence is advanced (values of columns that
/// would call nextval are given explicitly; tables with triggers or rules
/// are not written to), and every value is a bind parameter. The connection
/// must be PostgreSQL, idle, and is idle again afterwards.
///
/// Errors (no report): kInvalidInput for a non-PostgreSQL connection, an
/// open transaction, a setting without a dot, equal tenants; kNotFound for an
/// unknown table in `options.tables`; kUnavailable when the connection is
/// lost (the server then rolls back); kExecution when `options.interrupted`
/// was set.
Result<ProbeReport> RunIsolationProbe(db::Connection& connection, const schema::Schema& schema,
                                      const ProbeOptions& options);

/// True when some relation leaks, fails open or errors without a tenant:
/// `runwarden probe` exits 1.
bool HasIsolationFailures(const ProbeReport& report);

/// "isolated", "leaks", "fails-open", "errors-without-context", "not-testable".
std::string_view VerdictName(Verdict verdict);
/// "read", "update", "delete", "insert", "no-context-unset", "no-context-empty".
std::string_view CheckName(Check check);
/// "blocked", "denied", "leaked", "error", "skipped".
std::string_view OutcomeName(Outcome outcome);
/// "", "rls-disabled", "owner", "bypassrls", "superuser", "view-owner",
/// "materialized-view".
std::string_view BypassName(Bypass bypass);
/// "table", "partitioned table", "partition", "view", "materialized view".
std::string_view RelationKindName(RelationKind kind);

/// The report for a terminal: one line per relation with its verdict, then
/// the checks of every relation that is not isolated, then the notes.
std::string FormatProbeText(const ProbeReport& report);

/// The report as a JSON document (format in docs/probe.md).
std::string FormatProbeJson(const ProbeReport& report);

}  // namespace runwarden::probe

#endif  // RUNWARDEN_PROBE_PROBE_H_
