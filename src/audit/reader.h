#ifndef RUNWARDEN_AUDIT_READER_H_
#define RUNWARDEN_AUDIT_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/record.h"
#include "base/result.h"

namespace runwarden::audit {

/// What verifying the hash chain of an audit log found.
///
/// A last line that is incomplete (no final newline) or not JSON while
/// everything before it verifies is a torn tail: a write cut short by a
/// crash. It is reported as `torn_tail` with `intact` true for the lines
/// before it, never as tampering. Any other problem (an edited, removed,
/// inserted or reordered record, a changed header) makes `intact` false and
/// names the first bad line.
struct VerifyResult {
  /// Line 1 is a runwarden-audit/1 header. When false the input is not an
  /// audit log at all; `problem` says why and `first_bad_line` is 1.
  bool recognized = false;
  bool intact = false;
  /// Records that verify: all of them when intact, else those before the
  /// first bad line.
  int64_t records = 0;
  /// Lowercase hex SHA-256 of the last line that verifies (the header's when
  /// there are no records): what `--expect-head` compares with. Empty when
  /// the header is the first bad line.
  std::string head;
  std::optional<int> first_bad_line;
  /// 1-based column in the first bad line, when a parse error points into it.
  int first_bad_column = 1;
  /// "record 5: prev does not match the hash of line 5", "seq 7 follows 5",
  /// "not JSON: ..."; empty when intact.
  std::string problem;
  bool torn_tail = false;
  int64_t torn_bytes = 0;
  /// Bytes of the input that verify (everything before a torn tail).
  int64_t verified_bytes = 0;
};

/// Verifies the hash chain of a whole audit log held in memory.
VerifyResult Verify(const std::string& contents);

/// An audit log read back: its header, every record that could be read (also
/// past a bad line, so that a tampered log can still be shown) and what
/// verifying it found.
struct AuditLog {
  std::string path;
  AuditHeader header;
  std::vector<AuditRecord> records;
  VerifyResult verify;
};

/// Reads `contents` as the audit log at display path `path`. A tampered log
/// is returned with `verify.intact` false; only input that is not an audit
/// log (empty, no runwarden-audit/1 header) is an error, at path:line:col.
Result<AuditLog> ParseLog(const std::string& contents, const std::string& path);

/// Reads the audit log at `path` from the disk (see ParseLog).
Result<AuditLog> ReadLog(const std::string& path);

/// The 1-based number of the line of `log` whose SHA-256 is `hash` (the
/// header is line 1), if any: where a head noted earlier sits in the log.
std::optional<int> LineWithHash(const AuditLog& log, const std::string& hash);

}  // namespace runwarden::audit

#endif  // RUNWARDEN_AUDIT_READER_H_
