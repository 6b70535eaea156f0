#ifndef RUNWARDEN_BASE_STATUS_H_
#define RUNWARDEN_BASE_STATUS_H_

#include <optional>
#include <string>
#include <utility>

#include "base/source_span.h"

namespace runwarden {

/// Why a piece of work could not be done. Callers branch on the code; users
/// read the message and the hint.
enum class ErrorCode {
  kOk = 0,
  kInvalidInput,  ///< the user's input is malformed (exit 2)
  kUsage,         ///< the command line is wrong (exit 2)
  kNotFound,      ///< a file, step or object does not exist (exit 2)
  kIo,            ///< reading or writing failed
  kUnavailable,   ///< a server or tool could not be reached
  kExecution,     ///< the target reported an error while running
  kInternal,      ///< a bug in runwarden
};

/// The outcome of an operation that can fail: ok, or an error with a message
/// that tells the user what went wrong and, in `hint`, what to do about it.
/// `span` points at the offending input when there is one.
class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::optional<SourceSpan>& span() const { return span_; }
  const std::string& hint() const { return hint_; }

  /// Attaches the input location the error is about.
  Status& At(SourceSpan span) & {
    span_ = std::move(span);
    return *this;
  }
  Status&& At(SourceSpan span) && {
    span_ = std::move(span);
    return std::move(*this);
  }
  /// Attaches advice on how to fix the problem.
  Status& WithHint(std::string hint) & {
    hint_ = std::move(hint);
    return *this;
  }
  Status&& WithHint(std::string hint) && {
    hint_ = std::move(hint);
    return std::move(*this);
  }

  /// "path:line:col: error: message" (plus "\n  hint: ..." when a hint is set).
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::optional<SourceSpan> span_;
  std::string hint_;
};

inline Status InvalidInput(std::string message) {
  return Status(ErrorCode::kInvalidInput, std::move(message));
}
inline Status UsageError(std::string message) {
  return Status(ErrorCode::kUsage, std::move(message));
}
inline Status NotFound(std::string message) {
  return Status(ErrorCode::kNotFound, std::move(message));
}
inline Status IoError(std::string message) { return Status(ErrorCode::kIo, std::move(message)); }
inline Status Unavailable(std::string message) {
  return Status(ErrorCode::kUnavailable, std::move(message));
}
inline Status ExecutionError(std::string message) {
  return Status(ErrorCode::kExecution, std::move(message));
}
inline Status InternalError(std::string message) {
  return Status(ErrorCode::kInternal, std::move(message));
}

}  // namespace runwarden

/// Returns early with the Status of `expr` when it is not ok.
#define RW_TRY(expr)                                 \
  do {                                               \
    ::runwarden::Status rw_try_status_ = (expr);     \
    if (!rw_try_status_.ok()) return rw_try_status_; \
  } while (false)

#endif  // RUNWARDEN_BASE_STATUS_H_
