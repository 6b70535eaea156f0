// Statement effects from libpg_query's parse tree. The statements PostgreSQL
// refuses inside a transaction block are those whose code calls
// PreventInTransactionBlock (VACUUM, CREATE INDEX CONCURRENTLY, CREATE
// DATABASE, ALTER SYSTEM, ...); the functions are those whose effect outlives
// a rollback or leaves the database. Function names are matched on their last
// part, so that pg_catalog.nextval and nextval are the same.
#include "plan/statement_effects.h"

#include <algorithm>

namespace runwarden::plan {

namespace {

using sql::Node;

struct FunctionEffect {
  std::string_view name;
  EffectKind kind;
};

constexpr FunctionEffect kFunctions[] = {
    {"nextval", EffectKind::kSequenceAdvance},
    {"setval", EffectKind::kSequenceAdvance},
    {"pg_notify", EffectKind::kNotify},
    {"pg_terminate_backend", EffectKind::kSessionControl},
    {"pg_cancel_backend", EffectKind::kSessionControl},
    {"pg_advisory_lock", EffectKind::kSessionLock},
    {"pg_advisory_lock_shared", EffectKind::kSessionLock},
    {"pg_try_advisory_lock", EffectKind::kSessionLock},
    {"pg_try_advisory_lock_shared", EffectKind::kSessionLock},
    {"dblink", EffectKind::kRemoteCall},
    {"dblink_exec", EffectKind::kRemoteCall},
    {"dblink_send_query", EffectKind::kRemoteCall},
    {"dblink_open", EffectKind::kRemoteCall},
    {"lo_export", EffectKind::kFileOutput},
    {"pg_file_write", EffectKind::kFileOutput},
    {"pg_reload_conf", EffectKind::kServerConfig},
    {"pg_rotate_logfile", EffectKind::kServerConfig},
    {"pg_switch_wal", EffectKind::kServerConfig},
    {"pg_create_logical_replication_slot", EffectKind::kServerConfig},
    {"pg_create_physical_replication_slot", EffectKind::kServerConfig},
    {"pg_drop_replication_slot", EffectKind::kServerConfig},
};

bool HasDefElem(Node list, std::string_view name) {
  for (Node d : list) {
    if (d.As("DefElem")["defname"].str() == name) return true;
  }
  return false;
}

// Why PostgreSQL refuses the statement inside a transaction block, or "".
std::string OutsideTransactionReason(std::string_view tag, Node s) {
  if (tag == "VacuumStmt") return s["is_vacuumcmd"].boolean() ? "VACUUM" : "";
  if (tag == "IndexStmt") return s["concurrent"].boolean() ? "CREATE INDEX CONCURRENTLY" : "";
  if (tag == "DropStmt") return s["concurrent"].boolean() ? "DROP INDEX CONCURRENTLY" : "";
  if (tag == "ReindexStmt") {
    if (HasDefElem(s["params"], "concurrently")) return "REINDEX CONCURRENTLY";
    const std::string_view kind = s["kind"].str();
    if (kind == "REINDEX_OBJECT_DATABASE" || kind == "REINDEX_OBJECT_SYSTEM") {
      return "REINDEX DATABASE or SYSTEM";
    }
    return "";
  }
  if (tag == "CreatedbStmt") return "CREATE DATABASE";
  if (tag == "DropdbStmt") return "DROP DATABASE";
  if (tag == "CreateTableSpaceStmt") return "CREATE TABLESPACE";
  if (tag == "DropTableSpaceStmt") return "DROP TABLESPACE";
  if (tag == "AlterSystemStmt") return "ALTER SYSTEM";
  if (tag == "CreateSubscriptionStmt") return "CREATE SUBSCRIPTION";
  if (tag == "DropSubscriptionStmt") return "DROP SUBSCRIPTION";
  if (tag == "ClusterStmt") return s["relation"] ? "" : "CLUSTER of every table";
  if (tag == "DiscardStmt") return s["target"].str() == "DISCARD_ALL" ? "DISCARD ALL" : "";
  return "";
}

StatementClass ClassOf(std::string_view tag, Node s) {
  if (tag == "SelectStmt") {
    return s["intoClause"] ? StatementClass::kDdl : StatementClass::kRead;
  }
  if (tag == "InsertStmt" || tag == "UpdateStmt" || tag == "DeleteStmt" || tag == "MergeStmt" ||
      tag == "TruncateStmt") {
    return StatementClass::kWrite;
  }
  if (tag == "CopyStmt") {
    return s["is_from"].boolean() ? StatementClass::kWrite : StatementClass::kRead;
  }
  if (tag == "ExplainStmt" || tag == "VariableShowStmt") return StatementClass::kRead;
  if (tag == "VariableSetStmt" || tag == "DiscardStmt" || tag == "ListenStmt" ||
      tag == "UnlistenStmt") {
    return StatementClass::kSession;
  }
  if (tag == "TransactionStmt") return StatementClass::kTransactionControl;
  if (tag.starts_with("Create") || tag.starts_with("Alter") || tag.starts_with("Drop") ||
      tag == "GrantStmt" || tag == "GrantRoleStmt" || tag == "CommentStmt" || tag == "RenameStmt" ||
      tag == "IndexStmt" || tag == "ViewStmt" || tag == "RuleStmt" || tag == "SecLabelStmt" ||
      tag == "ReassignOwnedStmt" || tag == "CompositeTypeStmt" || tag == "DefineStmt") {
    return StatementClass::kDdl;
  }
  return StatementClass::kOther;
}

void AddStatementEffects(std::string_view tag, Node s, StatementEffects& out) {
  const int64_t at = s["location"].integer();
  if (tag == "SelectStmt" && !s["intoClause"]) {
    out.effects.push_back({EffectKind::kReturnsRows, "SELECT", at});
  } else if (tag == "InsertStmt" || tag == "UpdateStmt" || tag == "DeleteStmt") {
    if (s["returningList"].size() > 0) {
      out.effects.push_back({EffectKind::kReturnsRows, "RETURNING", at});
    }
  } else if (tag == "ExplainStmt" || tag == "VariableShowStmt") {
    out.effects.push_back(
        {EffectKind::kReturnsRows, tag == "ExplainStmt" ? "EXPLAIN" : "SHOW", at});
  } else if (tag == "CopyStmt" && !s["is_from"].boolean()) {
    if (s["is_program"].boolean()) {
      out.effects.push_back({EffectKind::kFileOutput, "COPY TO PROGRAM", at});
    } else if (s["filename"]) {
      out.effects.push_back({EffectKind::kFileOutput, "COPY TO a server file", at});
    } else {
      out.effects.push_back({EffectKind::kReturnsRows, "COPY TO STDOUT", at});
    }
  } else if (tag == "NotifyStmt") {
    out.effects.push_back({EffectKind::kNotify, "NOTIFY", at});
  } else if (tag == "AlterSystemStmt") {
    out.effects.push_back({EffectKind::kServerConfig, "ALTER SYSTEM", at});
  } else if (tag == "DoStmt") {
    out.effects.push_back({EffectKind::kUnknownCode, "DO", at});
  } else if (tag == "CallStmt") {
    out.effects.push_back({EffectKind::kUnknownCode, "CALL", at});
  }
}

void AddFunctionEffects(Node stmt, StatementEffects& out) {
  sql::VisitAll(stmt, [&](Node n) {
    Node f = n.As("FuncCall");
    if (!f) return;
    const auto names = sql::NameList(f["funcname"]);
    if (names.empty()) return;
    for (const FunctionEffect& e : kFunctions) {
      if (names.back() == e.name) {
        out.effects.push_back({e.kind, std::string(e.name), f["location"].integer()});
        return;
      }
    }
  });
}

}  // namespace

bool StatementEffects::Has(EffectKind kind) const {
  return std::any_of(effects.begin(), effects.end(),
                     [&](const Effect& e) { return e.kind == kind; });
}

bool StatementEffects::HasIrreversibleEffect() const {
  return std::any_of(effects.begin(), effects.end(),
                     [](const Effect& e) { return IsIrreversible(e.kind); });
}

bool StatementEffects::HandsDataOut() const {
  return std::any_of(effects.begin(), effects.end(),
                     [](const Effect& e) { return plan::HandsDataOut(e.kind); });
}

StatementEffects ClassifyStatement(Node stmt) {
  StatementEffects out;
  if (!stmt || !stmt.is_object()) {
    out.effects.push_back({EffectKind::kUnknownCode, "a statement that did not parse", 0});
    return out;
  }
  const std::string_view tag = stmt.tag();
  const Node s = stmt.unwrap();
  out.statement_class = ClassOf(tag, s);
  if (out.statement_class == StatementClass::kTransactionControl) {
    out.transaction = TransactionUse::kControlsTransaction;
  } else {
    out.outside_transaction_reason = OutsideTransactionReason(tag, s);
    if (!out.outside_transaction_reason.empty()) {
      out.transaction = TransactionUse::kOutsideTransaction;
    }
  }
  AddStatementEffects(tag, s, out);
  AddFunctionEffects(stmt, out);
  std::stable_sort(out.effects.begin(), out.effects.end(),
                   [](const Effect& a, const Effect& b) { return a.location < b.location; });
  return out;
}

bool IsIrreversible(EffectKind kind) {
  switch (kind) {
    case EffectKind::kReturnsRows:
    case EffectKind::kNotify:
      return false;
    case EffectKind::kSequenceAdvance:
    case EffectKind::kSessionControl:
    case EffectKind::kSessionLock:
    case EffectKind::kRemoteCall:
    case EffectKind::kFileOutput:
    case EffectKind::kServerConfig:
    case EffectKind::kUnknownCode:
      return true;
  }
  return true;
}

bool HandsDataOut(EffectKind kind) {
  return kind == EffectKind::kReturnsRows || kind == EffectKind::kRemoteCall ||
         kind == EffectKind::kFileOutput;
}

std::string_view StatementClassName(StatementClass c) {
  switch (c) {
    case StatementClass::kRead:
      return "read";
    case StatementClass::kWrite:
      return "write";
    case StatementClass::kDdl:
      return "ddl";
    case StatementClass::kSession:
      return "session";
    case StatementClass::kTransactionControl:
      return "transaction-control";
    case StatementClass::kOther:
      return "other";
  }
  return "other";
}

std::string_view TransactionUseName(TransactionUse t) {
  switch (t) {
    case TransactionUse::kInTransaction:
      return "in-transaction";
    case TransactionUse::kOutsideTransaction:
      return "outside-transaction";
    case TransactionUse::kControlsTransaction:
      return "controls-transaction";
  }
  return "in-transaction";
}

std::string_view EffectKindName(EffectKind k) {
  switch (k) {
    case EffectKind::kReturnsRows:
      return "returns-rows";
    case EffectKind::kSequenceAdvance:
      return "sequence-advance";
    case EffectKind::kNotify:
      return "notify";
    case EffectKind::kSessionControl:
      return "session-control";
    case EffectKind::kSessionLock:
      return "session-lock";
    case EffectKind::kRemoteCall:
      return "remote-call";
    case EffectKind::kFileOutput:
      return "file-output";
    case EffectKind::kServerConfig:
      return "server-config";
    case EffectKind::kUnknownCode:
      return "unknown-code";
  }
  return "unknown-code";
}

}  // namespace runwarden::plan
