#ifndef RUNWARDEN_AUDIT_RECORD_H_
#define RUNWARDEN_AUDIT_RECORD_H_

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace runwarden::audit {

/// The value of the header's "format" key (docs/audit-log-format.md).
inline constexpr char kFormat[] = "runwarden-audit/1";

/// The kinds of record runwarden writes. A reader shows any other kind
/// generically: an unknown kind is never an error.
namespace kinds {
inline constexpr char kRunStart[] = "run-start";
inline constexpr char kPhase[] = "phase";
inline constexpr char kGate[] = "gate";
inline constexpr char kStepStart[] = "step-start";
inline constexpr char kStatement[] = "statement";
inline constexpr char kShellResult[] = "shell-result";
inline constexpr char kConfirmation[] = "confirmation";
inline constexpr char kTransactionBegin[] = "transaction-begin";
inline constexpr char kCommitIntended[] = "commit-intended";
inline constexpr char kCommitDone[] = "commit-done";
inline constexpr char kRollback[] = "rollback";
inline constexpr char kCompensation[] = "compensation";
inline constexpr char kStepDone[] = "step-done";
inline constexpr char kRunEnd[] = "run-end";
inline constexpr char kResume[] = "resume";
/// Written by AuditWriter::Reopen when it dropped an incomplete last line.
inline constexpr char kTornTail[] = "torn-tail";
}  // namespace kinds

/// Every kind above, in the order a run writes them first.
inline constexpr std::string_view kKnownKinds[] = {
    kinds::kRunStart,       kinds::kPhase,       kinds::kGate,         kinds::kStepStart,
    kinds::kStatement,      kinds::kShellResult, kinds::kConfirmation, kinds::kTransactionBegin,
    kinds::kCommitIntended, kinds::kCommitDone,  kinds::kRollback,     kinds::kCompensation,
    kinds::kStepDone,       kinds::kRunEnd,      kinds::kResume,       kinds::kTornTail,
};

/// True for the kinds listed in kKnownKinds.
bool IsKnownKind(std::string_view kind);

/// The keys every record starts with, in this order; a record's own fields
/// may not use them.
inline constexpr std::string_view kEnvelopeKeys[] = {"seq", "prev", "time", "kind"};

/// One line of an audit log after the header.
struct AuditRecord {
  int64_t seq = 0;
  std::string prev;  ///< lowercase hex SHA-256 of the previous line's bytes
  std::string time;  ///< RFC 3339 UTC with milliseconds
  std::string kind;
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();  ///< the rest, in file order
  std::string line;     ///< the exact bytes of the line, without its newline
  int line_number = 0;  ///< 1-based; the header is line 1
};

/// Line 1 of an audit log.
struct AuditHeader {
  std::string format;
  std::string created;
  std::string run_id;
  std::string line;  ///< the exact bytes, without the newline
};

/// `t` as RFC 3339 in UTC with milliseconds: "2024-05-01T03:12:45.123Z".
std::string FormatTime(std::chrono::system_clock::time_point t);

/// True when `s` has the form FormatTime writes, with or without the
/// fraction of a second ("2024-05-01T03:12:45Z" is accepted too).
bool IsUtcTime(std::string_view s);

}  // namespace runwarden::audit

#endif  // RUNWARDEN_AUDIT_RECORD_H_
