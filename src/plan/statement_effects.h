#ifndef RUNWARDEN_PLAN_STATEMENT_EFFECTS_H_
#define RUNWARDEN_PLAN_STATEMENT_EFFECTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sql/tree.h"

namespace runwarden::plan {

/// What a statement is, for ordering and transaction decisions.
enum class StatementClass {
  kRead,                ///< SELECT, SHOW, EXPLAIN, COPY ... TO
  kWrite,               ///< INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY ... FROM
  kDdl,                 ///< CREATE, ALTER, DROP, GRANT, COMMENT, ...
  kSession,             ///< SET, RESET, DISCARD, LISTEN
  kTransactionControl,  ///< BEGIN, COMMIT, ROLLBACK, SAVEPOINT, PREPARE TRANSACTION
  kOther,               ///< CALL, DO, VACUUM, ANALYZE, CHECKPOINT, LOCK, ...
};

/// Whether a statement can run inside the transaction of an atomic group.
enum class TransactionUse {
  kInTransaction,        ///< runs in a transaction; a rollback undoes it
  kOutsideTransaction,   ///< PostgreSQL refuses it inside a transaction block
  kControlsTransaction,  ///< transaction control: runwarden owns the transactions
};

/// Something a statement does that matters for the order of a plan.
enum class EffectKind {
  kReturnsRows,      ///< rows handed to the operator (SELECT, RETURNING, COPY TO STDOUT)
  kSequenceAdvance,  ///< nextval/setval: sequences ignore rollbacks
  kNotify,           ///< NOTIFY / pg_notify: sent to listeners at commit
  kSessionControl,   ///< pg_terminate_backend, pg_cancel_backend: other sessions, now
  kSessionLock,      ///< pg_advisory_lock: held by the session, past a rollback
  kRemoteCall,       ///< dblink and friends: another database sees it at once
  kFileOutput,       ///< COPY TO a file or program, lo_export, pg_file_write
  kServerConfig,     ///< ALTER SYSTEM, pg_reload_conf: the whole server
  kUnknownCode,      ///< DO, CALL: code runwarden cannot see into
};

/// One effect, where it is written.
struct Effect {
  EffectKind kind = EffectKind::kReturnsRows;
  std::string what;      ///< "nextval", "NOTIFY", "COPY TO PROGRAM"
  int64_t location = 0;  ///< parse-tree location (offset into the statement text)
};

/// What running one statement does, decided from its parse tree alone.
struct StatementEffects {
  StatementClass statement_class = StatementClass::kOther;
  TransactionUse transaction = TransactionUse::kInTransaction;
  /// Why the statement cannot run in a transaction ("VACUUM",
  /// "CREATE INDEX CONCURRENTLY"); empty otherwise.
  std::string outside_transaction_reason;
  std::vector<Effect> effects;

  bool Has(EffectKind kind) const;
  /// An effect a rollback of the statement's transaction does not undo.
  bool HasIrreversibleEffect() const;
  /// Data that leaves the database when the statement runs (rows to the
  /// operator, a remote call, a file): a rollback cannot take it back.
  bool HandsDataOut() const;
};

/// Classifies the statement `stmt` (a RawStmt's `stmt` node, as in
/// runbook::Statement::tree). A missing node (a statement that did not
/// parse) is kOther and in a transaction, with kUnknownCode.
StatementEffects ClassifyStatement(sql::Node stmt);

std::string_view StatementClassName(StatementClass c);  ///< "read", "write", ...
std::string_view TransactionUseName(TransactionUse t);  ///< "in-transaction", ...
std::string_view EffectKindName(EffectKind k);          ///< "returns-rows", ...

/// True for effects a rollback does not undo (everything but kReturnsRows,
/// which is not undoable either but is judged as data handed out, and
/// kNotify, which is discarded by a rollback).
bool IsIrreversible(EffectKind kind);
/// True for effects that hand data out of the database when they happen.
bool HandsDataOut(EffectKind kind);

}  // namespace runwarden::plan

#endif  // RUNWARDEN_PLAN_STATEMENT_EFFECTS_H_
