#ifndef RUNWARDEN_EXEC_AUDIT_JOURNAL_H_
#define RUNWARDEN_EXEC_AUDIT_JOURNAL_H_

#include "audit/writer.h"
#include "exec/journal.h"

namespace runwarden::exec {

/// The journal of a real run: each record appended to the audit log, and
/// flushed to the disk (fdatasync) when the executor asks for durability.
class AuditJournal final : public Journal {
 public:
  explicit AuditJournal(audit::AuditWriter& writer) : writer_(writer) {}
  Status Record(std::string_view kind, nlohmann::ordered_json fields, bool durable) override {
    return durable ? writer_.AppendDurable(kind, std::move(fields))
                   : writer_.Append(kind, std::move(fields));
  }

 private:
  audit::AuditWriter& writer_;
};

}  // namespace runwarden::exec

#endif  // RUNWARDEN_EXEC_AUDIT_JOURNAL_H_
