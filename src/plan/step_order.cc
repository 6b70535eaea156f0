// Kahn's algorithm over the needs= edges and the edges of document order
// within a section, picking the ready step first in the document, except
// that a started atomic group is finished first. An edge of document order
// that would contradict an explicit needs= (an earlier step that needs a
// later one of its section) is left out: what the author wrote wins.
#include "plan/step_order.h"

#include <algorithm>
#include <map>
#include <set>

#include "plan/statement_effects.h"
#include "runbook/dependencies.h"

namespace runwarden::plan {

namespace {

using runbook::Runbook;
using runbook::Step;
using runbook::StepKind;

// True when `from` needs `to`, directly or through other needs=.
bool NeedsReach(const std::vector<std::vector<size_t>>& needs, size_t from, size_t to) {
  std::vector<bool> seen(needs.size(), false);
  std::vector<size_t> stack{from};
  while (!stack.empty()) {
    const size_t n = stack.back();
    stack.pop_back();
    for (size_t m : needs[n]) {
      if (m == to) return true;
      if (!seen[m]) {
        seen[m] = true;
        stack.push_back(m);
      }
    }
  }
  return false;
}

bool RunsInTransaction(const Step& step) {
  if (step.kind != StepKind::kSql) return false;
  return std::none_of(step.statements.begin(), step.statements.end(), [](const auto& s) {
    return ClassifyStatement(s.tree).transaction == TransactionUse::kOutsideTransaction;
  });
}

}  // namespace

StepOrder OrderSteps(const Runbook& rb) {
  StepOrder out;
  const size_t n = rb.steps.size();
  const std::vector<std::vector<size_t>> needs = runbook::NeedsGraph(rb);
  std::vector<std::vector<size_t>> before(n);  // steps that must run first
  for (size_t i = 0; i < n; ++i) before[i] = needs[i];

  std::vector<bool> blocked(n, false);  // reported already; never ordered
  std::vector<bool> compensation(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (!rb.steps[i].attrs.rollback) continue;
    for (size_t j = 0; j < n; ++j) {
      if (rb.steps[j].id == rb.steps[i].attrs.rollback->id) compensation[j] = true;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (compensation[i]) out.compensations.push_back(i);
  }
  for (const auto& cycle : runbook::FindDependencyCycles(rb)) {
    std::string names;
    for (size_t i : cycle) {
      blocked[i] = true;
      names += (names.empty() ? "" : ", ") + rb.steps[i].id;
    }
    const Step& first = rb.steps[cycle.front()];
    out.problems.push_back({OrderProblem::Kind::kCycle, cycle.front(),
                            cycle.size() == 1 ? "step " + first.id + " needs itself"
                                              : "steps " + names + " need each other",
                            first.span});
  }
  for (size_t i = 0; i < n; ++i) {
    for (const runbook::StepRef& ref : rb.steps[i].attrs.needs) {
      if (rb.FindStep(ref.id) == nullptr) {
        blocked[i] = true;
        out.problems.push_back(
            {OrderProblem::Kind::kUnknownNeed, i,
             "step " + rb.steps[i].id + " needs " + ref.id + ", which is not a step of the runbook",
             ref.span});
      }
    }
  }

  for (size_t i = 0; i < n; ++i) {
    if (compensation[i] || blocked[i]) continue;
    for (size_t b : needs[i]) {
      if (!compensation[b]) continue;
      blocked[i] = true;
      out.problems.push_back({OrderProblem::Kind::kNeedsCompensation, i,
                              "step " + rb.steps[i].id + " needs " + rb.steps[b].id +
                                  ", which runs only to undo another step (rollback=)",
                              rb.steps[i].span});
      break;
    }
  }

  // Document order within a section; compensation steps are not in it.
  std::map<std::vector<std::string>, size_t> last_in_section;
  for (size_t i = 0; i < n; ++i) {
    if (compensation[i]) continue;
    auto [it, first] = last_in_section.try_emplace(rb.steps[i].section_path, i);
    if (!first) {
      const size_t prev = it->second;
      if (!NeedsReach(needs, prev, i)) before[i].push_back(prev);
      it->second = i;
    }
  }

  // Atomic groups: members are SQL steps.
  for (size_t i = 0; i < n; ++i) {
    const Step& s = rb.steps[i];
    if (!s.attrs.atomic_group.empty() && s.kind != StepKind::kSql) {
      out.problems.push_back({OrderProblem::Kind::kGroupNotSql, i,
                              "step " + s.id + " is a " +
                                  std::string(runbook::StepKindName(s.kind)) +
                                  " step in atomic group " + s.attrs.atomic_group +
                                  ": only SQL steps share a transaction",
                              s.span});
    }
  }

  std::vector<size_t> waiting(n, 0);
  std::vector<std::vector<size_t>> after(n);
  for (size_t i = 0; i < n; ++i) {
    std::set<size_t> unique(before[i].begin(), before[i].end());
    waiting[i] = unique.size();
    for (size_t b : unique) after[b].push_back(i);
  }
  std::set<size_t> ready;
  for (size_t i = 0; i < n; ++i) {
    if (waiting[i] == 0 && !blocked[i] && !compensation[i]) ready.insert(i);
  }
  std::vector<bool> done(n, false);
  std::set<std::string> split_reported;
  std::string open_group;
  while (!ready.empty()) {
    size_t next = *ready.begin();
    if (!open_group.empty()) {
      auto member = std::find_if(ready.begin(), ready.end(), [&](size_t i) {
        return rb.steps[i].attrs.atomic_group == open_group;
      });
      if (member != ready.end()) {
        next = *member;
      } else {
        // Members left but none ready: the group cannot run as one unit.
        for (size_t i = 0; i < n; ++i) {
          if (done[i] || blocked[i] || rb.steps[i].attrs.atomic_group != open_group) continue;
          if (!split_reported.insert(open_group).second) break;
          std::string outside;
          for (size_t b : before[i]) {
            if (!done[b] && rb.steps[b].attrs.atomic_group != open_group) {
              outside = rb.steps[b].id;
              break;
            }
          }
          out.problems.push_back(
              {OrderProblem::Kind::kSplitGroup, i,
               "atomic group " + open_group + " cannot run as one transaction: step " +
                   rb.steps[i].id +
                   (outside.empty() ? " cannot follow the group's other steps"
                                    : " needs " + outside + ", which is not in the group"),
               rb.steps[i].span});
          break;
        }
      }
    }
    ready.erase(next);
    done[next] = true;
    out.order.push_back(next);
    open_group = rb.steps[next].attrs.atomic_group;
    for (size_t a : after[next]) {
      if (--waiting[a] == 0 && !blocked[a] && !compensation[a]) ready.insert(a);
    }
  }

  for (size_t i = 0; i < n; ++i) {
    if (done[i] || blocked[i] || compensation[i]) continue;
    std::string on;
    for (size_t b : before[i]) {
      if (!done[b]) {
        on = rb.steps[b].id;
        break;
      }
    }
    out.problems.push_back(
        {OrderProblem::Kind::kUnreachable, i,
         "step " + rb.steps[i].id + " cannot be ordered: it needs " + on + ", which cannot run",
         rb.steps[i].span});
  }

  for (size_t i : out.order) {
    const Step& s = rb.steps[i];
    const bool joins = !s.attrs.atomic_group.empty() && !out.units.empty() &&
                       out.units.back().atomic_group == s.attrs.atomic_group;
    if (joins) {
      out.units.back().steps.push_back(i);
      out.units.back().transactional = out.units.back().transactional && RunsInTransaction(s);
    } else {
      out.units.push_back({s.attrs.atomic_group, {i}, RunsInTransaction(s)});
    }
  }
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const OrderProblem& a, const OrderProblem& b) { return a.step < b.step; });
  return out;
}

}  // namespace runwarden::plan
