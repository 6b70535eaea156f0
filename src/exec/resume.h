#ifndef RUNWARDEN_EXEC_RESUME_H_
#define RUNWARDEN_EXEC_RESUME_H_

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "db/connection.h"

namespace runwarden::exec {

/// One record of a run's audit log, as resume reads it.
struct LoggedRecord {
  std::string kind;
  nlohmann::ordered_json fields;
};

/// Where a stopped run stands.
struct ResumePoint {
  std::string plan_hash;       ///< of the plan the run executed
  std::string final_status;    ///< of its last run-end; "" when it never ended
  std::set<std::string> done;  ///< steps known to be committed or done: never run again
  /// Steps that ran outside a transaction (shell, manual, SQL that cannot
  /// run in one) and were started but never recorded done: whether they took
  /// effect is unknown, so resume runs them again only when told to.
  std::vector<std::string> uncertain;
  /// How each unit in doubt was settled, in words.
  std::vector<std::string> notes;
};

/// Reads `records` (a verified log, torn tail dropped) and settles the one
/// unit that may be in doubt: journaled as intended to commit, with neither
/// commit-done nor rollback after it. On PostgreSQL `connection` is asked
/// with txid_status(recorded txid): committed means its steps are done,
/// aborted (or a transaction too old to know, which cannot be one this run
/// left open) means they are not. A transaction still in progress, or a
/// unit in doubt on SQLite (which records no transaction id), is an error
/// saying what to check.
Result<ResumePoint> FindResumePoint(const std::vector<LoggedRecord>& records,
                                    db::Connection& connection);

}  // namespace runwarden::exec

#endif  // RUNWARDEN_EXEC_RESUME_H_
