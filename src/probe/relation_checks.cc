// The checks of one relation (definitions in docs/probe.md).
//
// Cross-tenant checks run in tenant A's context against rows of tenant B:
//   read    SELECT EXISTS (SELECT 1 FROM t WHERE key <> $A)
//   update  UPDATE t SET key = key WHERE key = $B RETURNING 1 / (tableoid = 0)::integer
//           (and SET key = $A when WITH CHECK refused the first)
//   delete  DELETE FROM t WHERE key = $B RETURNING 1 / (tableoid = 0)::integer
//   insert  INSERT a synthetic row for B
// The RETURNING expression divides by zero on the first row the statement
// reaches: SQLSTATE 22012 proves that row-level security let A change a row
// of B, and the error stops the statement right there, before any AFTER
// trigger or foreign key action and before a second row is touched. Every
// statement runs in a savepoint that is rolled back.
//
// The insert check first inserts the same row in B's own context (and rolls
// it back): a row that B itself cannot insert says nothing about A, so the
// check is then skipped rather than counted as blocked. With INSERT privilege
// SQLSTATE 42501 can only be row-level security.
//
// B's rows: the probe looks for them in B's context and, when there are
// none, keeps the synthetic row (until the final rollback), so that read,
// update, delete and the no-context checks have something to find.

#include "probe/relation_checks.h"

#include <algorithm>

namespace runwarden::probe {

namespace {

constexpr std::string_view kDivisionByZero = "22012";
constexpr std::string_view kInsufficientPrivilege = "42501";
constexpr char kStopAtFirstRow[] = " RETURNING 1 / (tableoid = 0)::integer";

void Add(RelationProbe& probe, Check check, Outcome outcome, std::string detail) {
  probe.checks.push_back(CheckResult{check, outcome, std::move(detail)});
}

std::string FirstLine(const Status& error) {
  const std::string& m = error.message();
  return m.substr(0, m.find('\n'));
}

const CheckResult* Find(const RelationProbe& probe, Check check) {
  for (const CheckResult& c : probe.checks) {
    if (c.check == check) return &c;
  }
  return nullptr;
}

bool Passed(const CheckResult* c) {
  return c && (c->outcome == Outcome::kBlocked || c->outcome == Outcome::kDenied);
}

std::string Join(const std::vector<std::string>& items, const std::string& last_sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? last_sep : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

RelationChecks::RelationChecks(ProbeSession& session, const schema::Schema& schema,
                               const ProbeOptions& options, const RoleFacts& role, RowBuilder& rows,
                               ValueMaker& values)
    : session_(session),
      schema_(schema),
      options_(options),
      role_(role),
      rows_(rows),
      values_(values) {}

Result<bool> RelationChecks::Start(const ProbeTarget& target, RelationProbe& probe) {
  probe.name = target.name;
  probe.kind = target.kind;
  probe.tenant_key = target.key;
  if (target.key.empty()) {
    probe.verdict = Verdict::kNotTestable;
    probe.reason = "no tenant key column (looked for " + Join(options_.tenant_keys, " and ") +
                   "); give --tenant-key";
    return false;
  }
  RW_ASSIGN_OR_RETURN(RelationMeta meta, rows_.Meta(target.name));
  probe.bypass = StaticBypass(target);
  if (!meta.can_select) {
    probe.verdict = Verdict::kNotTestable;
    probe.reason = "role " + role_.name +
                   " has no SELECT privilege on it, so it reads no tenant's rows through it";
    return false;
  }
  return true;
}

Bypass RelationChecks::StaticBypass(const ProbeTarget& target) const {
  if (target.view) {
    if (target.view->materialized) return Bypass::kMaterializedView;
    return target.view->security_invoker ? Bypass::kNone : Bypass::kViewOwner;
  }
  const schema::Table& t = *target.table;
  if (!t.rls_enabled) return Bypass::kRlsDisabled;
  if (role_.superuser) return Bypass::kSuperuser;
  if (role_.bypass_rls) return Bypass::kBypassRls;
  const bool owner =
      t.owner == role_.name ||
      std::find(role_.inherited.begin(), role_.inherited.end(), t.owner) != role_.inherited.end();
  if (owner && !t.rls_forced) return Bypass::kOwner;
  return Bypass::kNone;
}

std::string RelationChecks::BypassSentence(const ProbeTarget& target, Bypass bypass) const {
  switch (bypass) {
    case Bypass::kNone:
      return "";
    case Bypass::kRlsDisabled:
      return "row-level security is disabled on it";
    case Bypass::kOwner:
      if (target.table->owner == role_.name) {
        return "role " + role_.name + " owns it and row-level security is not forced";
      }
      return "role " + role_.name + " inherits the privileges of its owner " + target.table->owner +
             " and row-level security is not forced";
    case Bypass::kBypassRls:
      return "role " + role_.name + " has BYPASSRLS";
    case Bypass::kSuperuser:
      return "role " + role_.name + " is a superuser";
    case Bypass::kViewOwner:
      return "the view has no security_invoker, so it reads with the rights of its owner " +
             target.view->owner;
    case Bypass::kMaterializedView:
      return "materialized views have no row-level security";
  }
  return "";
}

Result<std::optional<TenantPair>> RelationChecks::PairFor(const ProbeTarget& target) {
  if (options_.tenants) return std::optional<TenantPair>(*options_.tenants);
  if (target.view) {
    auto proven = proven_.find(target.key_type);
    if (proven != proven_.end()) return std::optional<TenantPair>(proven->second);
  }
  if (target.table) {
    for (const schema::ForeignKey& fk : target.table->foreign_keys) {
      if (fk.columns.size() != 1 || fk.columns[0] != target.key) continue;
      const schema::Table* parent = schema_.FindTable(fk.referenced);
      if (!parent || fk.referenced_columns.size() != 1) break;
      auto known = by_parent_.find(fk.referenced);
      if (known == by_parent_.end()) {
        const std::string column = QuoteIdent(fk.referenced_columns[0]);
        RW_ASSIGN_OR_RETURN(Attempt ids,
                            session_.Try("SELECT " + column + " FROM " + QuoteName(fk.referenced) +
                                             " WHERE " + column + " IS NOT NULL LIMIT 2",
                                         {}, Effects::kUndo));
        std::optional<TenantPair> pair;
        if (ids.ok() && ids.result->rows.size() == 2 && ids.result->rows[0][0] &&
            ids.result->rows[1][0]) {
          pair = TenantPair{*ids.result->rows[1][0], *ids.result->rows[0][0]};
        }
        known = by_parent_.emplace(fk.referenced, pair).first;
      }
      if (known->second) return known->second;
      break;
    }
  }
  auto typed = by_type_.find(target.key_type);
  if (typed == by_type_.end()) {
    std::optional<std::string> a = values_.TenantId(target.key_type);
    std::optional<std::string> b = values_.TenantId(target.key_type);
    if (!a || !b) return std::optional<TenantPair>();
    typed = by_type_.emplace(target.key_type, TenantPair{*a, *b}).first;
  }
  return std::optional<TenantPair>(typed->second);
}

Status RelationChecks::InsertCheck(const ProbeTarget& target, const RelationMeta& meta,
                                   const TenantPair& pair, RelationProbe& probe,
                                   std::optional<SyntheticRow>& row_b) {
  if (const std::string why = meta.NoWriteReason(); !why.empty()) {
    no_rows_for_b_ = "runwarden does not write to it: " + why;
    Add(probe, Check::kInsert, Outcome::kSkipped, "not written to: " + why);
    return Status::Ok();
  }
  if (!meta.can_insert) {
    no_rows_for_b_ = "role " + role_.name + " may not insert into it";
    Add(probe, Check::kInsert, Outcome::kDenied, "role " + role_.name + " has no INSERT privilege");
    return Status::Ok();
  }
  RW_TRY(session_.SetTenant(pair.b));
  std::string problem;
  RW_ASSIGN_OR_RETURN(std::optional<SyntheticRow> row,
                      rows_.Build(*target.table, {{target.key, pair.b}}, &problem));
  if (!row) {
    no_rows_for_b_ = "no row for tenant B can be made: " + problem;
    Add(probe, Check::kInsert, Outcome::kSkipped, no_rows_for_b_);
    return Status::Ok();
  }
  const std::string insert = InsertSql(target.name, *row, "");
  RW_ASSIGN_OR_RETURN(Attempt own, session_.Try(insert, row->values, Effects::kUndo));
  if (!own.ok()) {
    no_rows_for_b_ =
        "a row for tenant B is refused even in B's own context: " + FirstLine(own.error);
    Add(probe, Check::kInsert, Outcome::kSkipped, no_rows_for_b_);
    return Status::Ok();
  }
  row_b = std::move(row);
  RW_TRY(session_.SetTenant(pair.a));
  RW_ASSIGN_OR_RETURN(Attempt cross, session_.Try(insert, row_b->values, Effects::kUndo));
  if (cross.ok()) {
    Add(probe, Check::kInsert, Outcome::kLeaked,
        "a row for tenant B was accepted in tenant A's context");
  } else if (cross.sqlstate == kInsufficientPrivilege) {
    Add(probe, Check::kInsert, Outcome::kBlocked,
        "row-level security refused a row for tenant B in tenant A's context");
  } else {
    Add(probe, Check::kInsert, Outcome::kError,
        "inserting a row for tenant B in tenant A's context failed: " + FirstLine(cross.error));
  }
  return Status::Ok();
}

Status RelationChecks::WriteCheck(Check check, const ProbeTarget& target, const RelationMeta& meta,
                                  const TenantPair& pair, bool b_visible,
                                  const std::string& no_write, RelationProbe& probe) {
  const bool update = check == Check::kUpdate;
  const std::string verb = update ? "updated" : "deleted";
  if (!target.table) {
    Add(probe, check, Outcome::kSkipped, "views are checked for reads only");
    return Status::Ok();
  }
  if (!no_write.empty()) {
    Add(probe, check, Outcome::kSkipped, "not written to: " + no_write);
    return Status::Ok();
  }
  if (!(update ? meta.can_update : meta.can_delete)) {
    Add(probe, check, Outcome::kDenied,
        "role " + role_.name + " has no " + (update ? "UPDATE" : "DELETE") + " privilege");
    return Status::Ok();
  }
  if (!b_visible) {
    Add(probe, check, Outcome::kSkipped, "no row of tenant B to aim at: " + no_rows_for_b_);
    return Status::Ok();
  }
  const std::string table = QuoteName(target.name);
  const std::string key = QuoteIdent(target.key);
  const std::string sql =
      update ? "UPDATE " + table + " SET " + key + " = " + key + " WHERE " + key + " = $1" +
                   kStopAtFirstRow
             : "DELETE FROM " + table + " WHERE " + key + " = $1" + kStopAtFirstRow;
  RW_ASSIGN_OR_RETURN(Attempt first, session_.Try(sql, {pair.b}, Effects::kUndo));
  if (first.sqlstate == kDivisionByZero) {
    Add(probe, check, Outcome::kLeaked, "tenant A's context " + verb + " a row of tenant B");
    return Status::Ok();
  }
  if (first.ok()) {
    Add(probe, check, Outcome::kBlocked,
        "no row of tenant B could be " + verb + " in tenant A's context");
    return Status::Ok();
  }
  if (first.sqlstate != kInsufficientPrivilege) {
    Add(probe, check, Outcome::kError,
        std::string(update ? "updating" : "deleting") + " tenant B's rows in tenant A's context " +
            "failed: " + FirstLine(first.error));
    return Status::Ok();
  }
  if (!update) {
    Add(probe, check, Outcome::kBlocked, "row-level security refused to delete tenant B's rows");
    return Status::Ok();
  }
  // WITH CHECK refused B's row as B's: would it take the row as A's?
  RW_ASSIGN_OR_RETURN(Attempt moved,
                      session_.Try("UPDATE " + table + " SET " + key + " = $2 WHERE " + key +
                                       " = $1" + kStopAtFirstRow,
                                   {pair.b, pair.a}, Effects::kUndo));
  if (moved.sqlstate == kDivisionByZero) {
    Add(probe, check, Outcome::kLeaked, "tenant A's context moved a row of tenant B into tenant A");
  } else if (moved.ok() || moved.sqlstate == kInsufficientPrivilege) {
    Add(probe, check, Outcome::kBlocked,
        "row-level security (WITH CHECK) refused every change to tenant B's rows");
  } else {
    Add(probe, check, Outcome::kError,
        "moving tenant B's rows into tenant A failed: " + FirstLine(moved.error));
  }
  return Status::Ok();
}

Status RelationChecks::CrossTenant(const ProbeTarget& target, RelationProbe& probe,
                                   TenantRows& rows) {
  bool& b_visible = rows.b_visible;
  b_visible = false;
  no_rows_for_b_ = "the probe could not look for them";
  RW_ASSIGN_OR_RETURN(RelationMeta meta, rows_.Meta(target.name));
  RW_ASSIGN_OR_RETURN(std::optional<TenantPair> pair, PairFor(target));
  if (!pair) {
    const std::string why =
        "no tenant id of type " + target.key_type + " can be made up; give two with --tenants";
    for (Check c : {Check::kRead, Check::kUpdate, Check::kDelete, Check::kInsert}) {
      Add(probe, c, Outcome::kSkipped, why);
    }
    rows.why_none = why;
    return Status::Ok();
  }
  probe.tenants = *pair;
  const std::string no_write = target.table ? meta.NoWriteReason() : "views are only read";

  std::optional<SyntheticRow> row_b;
  if (target.table) {
    RW_TRY(InsertCheck(target, meta, *pair, probe, row_b));
  } else {
    no_rows_for_b_ = "the view shows no row of tenant B in B's own context";
    Add(probe, Check::kInsert, Outcome::kSkipped, "views are checked for reads only");
  }

  const std::string table = QuoteName(target.name);
  const std::string key = QuoteIdent(target.key);
  RW_TRY(session_.SetTenant(pair->b));
  auto b_rows = [&]() -> Result<bool> {
    RW_ASSIGN_OR_RETURN(Attempt a, session_.Try("SELECT EXISTS (SELECT 1 FROM " + table +
                                                    " WHERE " + key + " = $1)",
                                                {pair->b}, Effects::kUndo));
    return a.ok() && a.Scalar() == "t";
  };
  RW_ASSIGN_OR_RETURN(b_visible, b_rows());
  if (!b_visible && row_b) {
    RW_ASSIGN_OR_RETURN(Attempt kept, session_.Try(InsertSql(target.name, *row_b, ""),
                                                   row_b->values, Effects::kKeep));
    if (kept.ok()) {
      probe.synthetic_rows = true;
      RW_ASSIGN_OR_RETURN(b_visible, b_rows());
      if (!b_visible) {
        no_rows_for_b_ = "tenant B cannot see its own row even in its own context";
      }
    } else {
      no_rows_for_b_ = "inserting a row for tenant B failed: " + FirstLine(kept.error);
    }
  }
  if (b_visible) proven_.emplace(target.key_type, *pair);

  RW_TRY(session_.SetTenant(pair->a));
  RW_ASSIGN_OR_RETURN(Attempt read, session_.Try("SELECT EXISTS (SELECT 1 FROM " + table +
                                                     " WHERE " + key + " <> $1)",
                                                 {pair->a}, Effects::kUndo));
  if (!read.ok()) {
    Add(probe, Check::kRead, Outcome::kError,
        "reading in tenant A's context failed: " + FirstLine(read.error));
  } else if (read.Scalar() == "t") {
    Add(probe, Check::kRead, Outcome::kLeaked,
        "rows of other tenants are visible in tenant A's context");
  } else if (b_visible) {
    Add(probe, Check::kRead, Outcome::kBlocked,
        "no row of another tenant is visible in tenant A's context");
  } else {
    Add(probe, Check::kRead, Outcome::kSkipped,
        "tenant B has no row here that B can see, so not seeing it proves nothing: " +
            no_rows_for_b_);
  }
  RW_TRY(WriteCheck(Check::kUpdate, target, meta, *pair, b_visible, no_write, probe));
  RW_TRY(WriteCheck(Check::kDelete, target, meta, *pair, b_visible, no_write, probe));
  rows.why_none = b_visible ? "" : no_rows_for_b_;
  return Status::Ok();
}

Status RelationChecks::NoContext(const ProbeTarget& target, RelationProbe& probe, Check check,
                                 const std::string& state) {
  RW_ASSIGN_OR_RETURN(
      Attempt a, session_.Try("SELECT EXISTS (SELECT 1 FROM " + QuoteName(target.name) + ")", {},
                              Effects::kUndo));
  if (!a.ok()) {
    Add(probe, check, Outcome::kError,
        "with no tenant set (" + state + "), reading fails: " + FirstLine(a.error));
  } else if (a.Scalar() == "t") {
    Add(probe, check, Outcome::kLeaked, "with no tenant set (" + state + "), rows are visible");
  } else {
    Add(probe, check, Outcome::kBlocked, "with no tenant set (" + state + "), nothing is visible");
  }
  return Status::Ok();
}

void RelationChecks::Decide(const ProbeTarget& target, RelationProbe& probe,
                            const TenantRows& rows) const {
  const bool b_visible = rows.b_visible;
  // Report order: read, update, delete, insert, then the no-context checks.
  std::stable_sort(probe.checks.begin(), probe.checks.end(),
                   [](const CheckResult& a, const CheckResult& b) { return a.check < b.check; });
  const std::string bypass = BypassSentence(target, probe.bypass);
  std::vector<std::string> leaked;
  for (const CheckResult& c : probe.checks) {
    const bool crossing = c.check == Check::kRead || c.check == Check::kUpdate ||
                          c.check == Check::kDelete || c.check == Check::kInsert;
    if (crossing && c.outcome == Outcome::kLeaked) {
      probe.leaking.push_back(c.check);
      leaked.push_back(std::string(CheckName(c.check)));
    }
  }
  if (!leaked.empty()) {
    probe.verdict = Verdict::kLeaks;
    probe.reason = "in tenant A's context the role could " + Join(leaked, " and ") +
                   " tenant B's rows" + (bypass.empty() ? "" : ": " + bypass);
    return;
  }
  for (Check check : {Check::kNoContextEmpty, Check::kNoContextUnset}) {
    const CheckResult* c = Find(probe, check);
    if (c && c->outcome == Outcome::kLeaked) {
      probe.verdict = Verdict::kFailsOpen;
      probe.reason = c->detail;
      return;
    }
  }
  for (Check check : {Check::kNoContextEmpty, Check::kNoContextUnset}) {
    const CheckResult* c = Find(probe, check);
    if (c && c->outcome == Outcome::kError) {
      probe.verdict = Verdict::kErrorsWithoutContext;
      probe.reason = c->detail;
      return;
    }
  }
  const bool certain = probe.bypass == Bypass::kRlsDisabled || probe.bypass == Bypass::kOwner ||
                       probe.bypass == Bypass::kBypassRls || probe.bypass == Bypass::kSuperuser ||
                       probe.bypass == Bypass::kMaterializedView;
  std::vector<Check> required = {Check::kRead, Check::kNoContextEmpty};
  if (target.table) {
    required.insert(required.end(), {Check::kUpdate, Check::kDelete, Check::kInsert});
  }
  const CheckResult* missing = nullptr;
  for (Check check : required) {
    const CheckResult* c = Find(probe, check);
    if (!Passed(c)) {
      missing = c;
      break;
    }
  }
  if (certain) {
    probe.verdict = Verdict::kLeaks;
    probe.reason = bypass + ", so every tenant's rows are open to role " + role_.name +
                   (missing ? " (not observed: " + std::string(CheckName(missing->check)) + ": " +
                                  missing->detail + ")"
                            : "");
    return;
  }
  if (!b_visible) {
    probe.verdict = Verdict::kNotTestable;
    probe.reason =
        "tenant B has no row here that B can see, so nothing proves isolation: " + rows.why_none;
    return;
  }
  if (missing) {
    probe.verdict = Verdict::kNotTestable;
    probe.reason = std::string(CheckName(missing->check)) + ": " + missing->detail;
    return;
  }
  probe.verdict = Verdict::kIsolated;
  probe.reason =
      "tenant A's context reached none of tenant B's rows, and nothing is visible "
      "with no tenant set";
}

}  // namespace runwarden::probe
