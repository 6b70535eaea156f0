// Test doubles for the executor: a journal in memory, an operator with
// scripted answers, and plans built from runbook text.
#ifndef RUNWARDEN_EXEC_APPLY_TEST_SUPPORT_H_
#define RUNWARDEN_EXEC_APPLY_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "exec/apply.h"
#include "plan/plan_builder.h"
#include "runbook/parser.h"

namespace runwarden::exec::testing {

struct JournalEntry {
  std::string kind;
  nlohmann::ordered_json fields;
  bool durable = false;
};

class MemoryJournal final : public Journal {
 public:
  Status Record(std::string_view kind, nlohmann::ordered_json fields, bool durable) override {
    // The audit log's envelope keys cannot be fields (audit::AuditWriter).
    for (const char* reserved : {"seq", "prev", "time", "kind"}) {
      if (fields.contains(reserved)) {
        ADD_FAILURE() << "record " << kind << " has a field named " << reserved;
      }
    }
    entries.push_back({std::string(kind), std::move(fields), durable});
    return Status::Ok();
  }

  std::vector<std::string> Kinds() const {
    std::vector<std::string> out;
    for (const JournalEntry& e : entries) out.push_back(e.kind);
    return out;
  }

  // Every record as one JSON text, for "never contains" checks.
  std::string Dump() const {
    std::string out;
    for (const JournalEntry& e : entries) out += e.kind + " " + e.fields.dump() + "\n";
    return out;
  }

  std::vector<JournalEntry> entries;
};

class ScriptedOperator final : public Operator {
 public:
  std::string Identity() const override { return "tester@testhost"; }
  Answer Ask(const plan::PlannedStep& step, const std::string& question) override {
    questions.push_back(step.id + ": " + question);
    if (answers.empty()) return Answer{false, "none"};
    const bool yes = answers.front();
    answers.pop_front();
    return Answer{yes, "terminal"};
  }
  void StepStarted(const plan::PlannedStep& step, size_t position, size_t total) override {
    events.push_back("start " + step.id + " " + std::to_string(position) + "/" +
                     std::to_string(total));
  }
  void StepEnded(const plan::PlannedStep& step, const std::string& status,
                 std::chrono::milliseconds) override {
    events.push_back(status + " " + step.id);
  }
  void ShowRows(const plan::PlannedStep& step, const db::QueryResult& rows) override {
    events.push_back("rows " + step.id + " " + std::to_string(rows.rows.size()));
  }
  void ShowOutput(const plan::PlannedStep& step, const std::string& output) override {
    events.push_back("output " + step.id + " " + output);
  }

  std::deque<bool> answers;  ///< answers to give, in order; none left means no terminal
  std::vector<std::string> questions;
  std::vector<std::string> events;
};

/// The plan of a runbook (front matter and body) for `tenant` with `params`.
inline plan::Plan PlanOf(const std::string& text, const std::string& tenant,
                         const std::map<std::string, std::string>& params = {}) {
  auto rb = runbook::ParseRunbook(text, "runbook.md");
  EXPECT_TRUE(rb.ok()) << rb.status().ToString();
  if (!rb.ok()) return {};
  static std::deque<runbook::Runbook> keep;  // the plan's spans point into it
  keep.push_back(std::move(*rb));
  plan::PlanInputs in;
  in.runbook = &keep.back();
  in.tenant = tenant;
  in.tenant_given = !tenant.empty();
  in.params = params;
  in.tool_version = "test";
  auto built = plan::BuildPlan(in);
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  if (!built.ok()) return {};
  EXPECT_FALSE(built->Halted()) << "the plan halted: " << built->remediation.size()
                                << " remediations, first: "
                                << (built->remediation.empty() ? "" : built->remediation[0].change);
  return std::move(*built);
}

}  // namespace runwarden::exec::testing

#endif  // RUNWARDEN_EXEC_APPLY_TEST_SUPPORT_H_
