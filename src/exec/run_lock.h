#ifndef RUNWARDEN_EXEC_RUN_LOCK_H_
#define RUNWARDEN_EXEC_RUN_LOCK_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "db/connection.h"

namespace runwarden::exec {

/// Keeps two runs of the same runbook for the same tenant on the same target
/// from overlapping. Held from Acquire until destruction.
///
/// PostgreSQL: a session-level advisory lock on
/// hashtextextended(RunLockKey(...), 0) in the connection's database; it
/// survives the transactions of the run and ends with the session, so a
/// crashed run never leaves it behind. The session's application_name is
/// "runwarden <holder>" while the lock is held (and restored afterwards), so
/// that a refused run can name the holder from pg_stat_activity.
///
/// SQLite: an exclusive flock() on RunLockFilePath(...) beside the database
/// file, holding the holder's description. The file stays when the lock is
/// released (removing it would race with the next run). An in-memory SQLite
/// database and the fake backend cannot be shared, so their lock is a no-op.
///
/// The lock refers to `conn` and must be destroyed before it.
class RunLock {
 public:
  /// Takes the lock for `runbook_id` and `tenant` or refuses at once, never
  /// waits. `holder` says who runs ("ops@host pid 123"). On PostgreSQL the
  /// connection must not be inside a transaction. When another run holds the
  /// lock: ErrorCode::kUnavailable, with a message that names that run
  /// ("another run of runbook X for tenant T holds the run lock: runwarden
  /// ops@host pid 123 (backend pid 4567, since ...)"). Other errors are those
  /// of the connection, or kIo for the lock file.
  static Result<std::unique_ptr<RunLock>> Acquire(db::Connection& conn, std::string_view runbook_id,
                                                  std::string_view tenant, std::string_view holder);

  /// Releases the lock; errors are ignored (a lost connection has released it
  /// already).
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  /// What is held, for logs: "PostgreSQL advisory lock runwarden:<id>:<tenant>",
  /// "lock file <path>" or "no run lock (in-memory SQLite database)".
  std::string description() const;

 private:
  enum class Kind { kNone, kAdvisory, kFile };
  RunLock(Kind kind, std::string description) : kind_(kind), description_(std::move(description)) {}

  static Result<std::unique_ptr<RunLock>> AcquireAdvisory(db::Connection& conn,
                                                          std::string_view runbook_id,
                                                          std::string_view tenant,
                                                          std::string_view holder);
  static Result<std::unique_ptr<RunLock>> AcquireFile(const std::string& database_path,
                                                      std::string_view runbook_id,
                                                      std::string_view tenant,
                                                      std::string_view holder);

  Kind kind_;
  std::string description_;
  db::Connection* conn_ = nullptr;  // kAdvisory
  std::string key_;                 // kAdvisory
  std::string previous_application_name_;
  int fd_ = -1;  // kFile
};

/// The text whose hash is the PostgreSQL advisory lock key:
/// "runwarden:<runbook_id>:<tenant>".
std::string RunLockKey(std::string_view runbook_id, std::string_view tenant);

/// The lock file of a SQLite database:
/// "<database_path>.runwarden-<first 16 hex digits of
/// sha256(runbook_id + '\0' + tenant)>.lock".
std::string RunLockFilePath(std::string_view database_path, std::string_view runbook_id,
                            std::string_view tenant);

}  // namespace runwarden::exec

#endif  // RUNWARDEN_EXEC_RUN_LOCK_H_
