#ifndef RUNWARDEN_EXEC_OPERATOR_H_
#define RUNWARDEN_EXEC_OPERATOR_H_

#include <chrono>
#include <string>

#include "db/connection.h"
#include "plan/plan.h"

namespace runwarden::exec {

/// The operator's answer to a question the run asks.
struct Answer {
  bool yes = false;
  /// How it was given: "terminal"; "none" when no one could be asked (no
  /// terminal), which always counts as no.
  std::string via = "none";
};

/// The person running the plan, as the executor sees them: who they are,
/// the questions it asks them, and what it shows them. The terminal
/// implementation lives in the CLI; tests script it.
class Operator {
 public:
  virtual ~Operator() = default;
  /// "ops@db-admin-1" (user@host): recorded with every confirmation.
  virtual std::string Identity() const = 0;
  /// Shows `question` for `step` and waits for yes or no. Never called while
  /// a transaction of the run is open, so no lock waits on a person.
  virtual Answer Ask(const plan::PlannedStep& step, const std::string& question) = 0;
  /// A step starts (`position` of `total`, from 1).
  virtual void StepStarted(const plan::PlannedStep& step, size_t position, size_t total) = 0;
  /// A step ended: "done", "failed", "rolled back", "skipped".
  virtual void StepEnded(const plan::PlannedStep& step, const std::string& status,
                         std::chrono::milliseconds elapsed) = 0;
  /// Rows a step returned, shown only after its transaction committed, so
  /// that no row leaves before the checks of its transaction passed.
  virtual void ShowRows(const plan::PlannedStep& step, const db::QueryResult& rows) = 0;
  /// Output of a shell step (already free of secret values).
  virtual void ShowOutput(const plan::PlannedStep& step, const std::string& output) = 0;
};

}  // namespace runwarden::exec

#endif  // RUNWARDEN_EXEC_OPERATOR_H_
