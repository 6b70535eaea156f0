#ifndef RUNWARDEN_AUDIT_WRITER_H_
#define RUNWARDEN_AUDIT_WRITER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "audit/record.h"
#include "base/result.h"

namespace runwarden::audit {

/// Options of an AuditWriter; the defaults are what a run uses.
struct AuditWriterOptions {
  /// The time stamped on the header and on each record. Tests pass a fixed
  /// clock so that a log is the same bytes every time.
  std::function<std::chrono::system_clock::time_point()> clock = [] {
    return std::chrono::system_clock::now();
  };
};

/// Appends records to an audit log (docs/audit-log-format.md).
///
/// Each record is one line whose "prev" is the SHA-256 of the line before
/// it, so that any edit, removal, insertion or reordering is detected by
/// Verify (reader.h). The writer holds an exclusive flock(2) on the file
/// while it is open: two runs never write to one log.
///
/// Append writes a whole line with write(2) and does not flush it to the
/// disk; AppendDurable (or Sync) does, and is what a caller uses before it
/// reports the effect a record describes as done. A line is built completely
/// before anything is written; a failed write leaves at most a torn last
/// line, which Verify reports as such and Reopen drops. After a failed
/// write the writer refuses further records.
///
/// The log never holds a secret: values are logged only as their hash
/// (values.h).
class AuditWriter {
 public:
  /// Creates a new log at `path` (mode 0600) and writes its header with
  /// `run_id`. Refuses a path that exists: an audit log is never replaced.
  static Result<std::unique_ptr<AuditWriter>> Create(const std::string& path, std::string run_id,
                                                     AuditWriterOptions options = {});

  /// Opens an existing log to continue it (a resumed run). The log is
  /// verified first and refused when it does not verify. A torn last line
  /// is cut off, and the first record appended is a "torn-tail" record
  /// saying how many bytes were dropped.
  static Result<std::unique_ptr<AuditWriter>> Reopen(const std::string& path,
                                                     AuditWriterOptions options = {});

  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  /// Appends one record of `kind` with `fields` (a JSON object, or null for
  /// none) after the envelope keys. A field named seq, prev, time or kind is
  /// an error, as is an empty kind. Not flushed to the disk (see Sync).
  Status Append(std::string_view kind, nlohmann::ordered_json fields);

  /// Flushes what was appended to the disk (fdatasync).
  Status Sync();

  /// Append, then Sync.
  Status AppendDurable(std::string_view kind, nlohmann::ordered_json fields);

  /// Lowercase hex SHA-256 of the last line written: noting it pins the log,
  /// since `runwarden audit verify --expect-head` then detects any record
  /// removed from or added to its end.
  std::string head() const { return head_; }

  /// The seq of the last record written (0 when there is only the header).
  int64_t seq() const { return seq_; }

  const std::string& path() const { return path_; }

 private:
  AuditWriter(std::string path, int fd, AuditWriterOptions options)
      : path_(std::move(path)), fd_(fd), options_(std::move(options)) {}

  /// Writes `line` and its newline, all of it or an error.
  Status WriteLine(const std::string& line);

  std::string path_;
  int fd_ = -1;
  AuditWriterOptions options_;
  std::string head_;
  int64_t seq_ = 0;
  bool broken_ = false;
};

}  // namespace runwarden::audit

#endif  // RUNWARDEN_AUDIT_WRITER_H_
