#ifndef RUNWARDEN_PLAN_STEP_ORDER_H_
#define RUNWARDEN_PLAN_STEP_ORDER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "base/source_span.h"
#include "runbook/runbook.h"

namespace runwarden::plan {

/// Steps that run together. An atomic group is one transaction with a
/// savepoint per step; every other SQL step is a transaction of its own; a
/// shell or manual step, or a step that cannot run in a transaction, is a
/// unit alone without one.
struct Unit {
  std::string atomic_group;   ///< "" for a step alone
  std::vector<size_t> steps;  ///< indices into Runbook::steps, in execution order
  bool transactional = true;  ///< runs in one transaction (SQL steps that allow it)
};

/// Why the steps cannot be put in an order that is safe to run.
struct OrderProblem {
  enum class Kind {
    kCycle,              ///< steps need each other
    kUnknownNeed,        ///< needs= names no step
    kUnreachable,        ///< needs a step that cannot be ordered
    kSplitGroup,         ///< an atomic group's steps cannot run one after the other
    kGroupNotSql,        ///< a shell or manual step in an atomic group
    kNeedsCompensation,  ///< needs a step that runs only to undo another
  };
  Kind kind;
  size_t step = 0;  ///< the step the problem is reported on
  std::string message;
  SourceSpan span;
};

/// The execution order of a runbook's steps.
struct StepOrder {
  std::vector<size_t> order;  ///< every orderable step, in execution order
  std::vector<Unit> units;    ///< the same steps, grouped
  /// Steps named by another step's rollback=: they run only to undo that
  /// step after a later failure, never in the normal order. Document order.
  std::vector<size_t> compensations;
  std::vector<OrderProblem> problems;
};

/// Orders the steps: a step runs after the steps it needs (needs=) and after
/// the step before it in the same section; among the steps that may run
/// next, the first in the document goes first, and a started atomic group
/// is finished before anything else starts. The same runbook always gives
/// the same order. Steps in a cycle, or that need a step that does not
/// exist or cannot be ordered, are left out of `order` and reported, and
/// so are compensation steps (the targets of rollback=), which are listed
/// apart.
StepOrder OrderSteps(const runbook::Runbook& runbook);

}  // namespace runwarden::plan

#endif  // RUNWARDEN_PLAN_STEP_ORDER_H_
