#ifndef RUNWARDEN_BASE_RESULT_H_
#define RUNWARDEN_BASE_RESULT_H_

#include <cassert>
#include <utility>
#include <variant>

#include "base/status.h"

namespace runwarden {

/// Either a value of type T or the Status that explains why there is none.
/// Modelled on std::expected; `RW_ASSIGN_OR_RETURN` unwraps it.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(data_).ok() && "Result built from an ok Status");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  const Status& status() const& {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  Status status() && { return ok() ? Status() : std::get<Status>(std::move(data_)); }

  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace runwarden

#define RW_CONCAT_INNER_(a, b) a##b
#define RW_CONCAT_(a, b) RW_CONCAT_INNER_(a, b)

/// `RW_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from the value of a
/// Result, or returns its Status from the enclosing function.
#define RW_ASSIGN_OR_RETURN(lhs, expr) \
  RW_ASSIGN_OR_RETURN_IMPL_(RW_CONCAT_(rw_result_, __LINE__), lhs, expr)
#define RW_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).status();  \
  lhs = std::move(tmp).value()

#endif  // RUNWARDEN_BASE_RESULT_H_
