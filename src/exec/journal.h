#ifndef RUNWARDEN_EXEC_JOURNAL_H_
#define RUNWARDEN_EXEC_JOURNAL_H_

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/status.h"

namespace runwarden::exec {

/// Where a run writes its decisions: the audit log in production
/// (audit::AuditWriter behind an adapter), memory in tests. The record kinds
/// and their fields are those of docs/audit-log-format.md.
class Journal {
 public:
  virtual ~Journal() = default;
  /// Appends one record. With `durable`, it and every record before it are
  /// on disk when this returns (fdatasync); the executor asks for that
  /// before a COMMIT and before it reports a step done, so that a crash
  /// never loses a decision the database kept.
  virtual Status Record(std::string_view kind, nlohmann::ordered_json fields, bool durable) = 0;
};

}  // namespace runwarden::exec

#endif  // RUNWARDEN_EXEC_JOURNAL_H_
