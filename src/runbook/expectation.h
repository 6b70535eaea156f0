#ifndef RUNWARDEN_RUNBOOK_EXPECTATION_H_
#define RUNWARDEN_RUNBOOK_EXPECTATION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace runwarden::runbook {

/// A step's `expect=` condition on its result, such as "rows == 0" or
/// "rows >= 1 && rows <= 100". `rows` is the number of rows a statement
/// returned, or affected when it returns none.
struct Expectation {
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };
  struct Clause {
    Op op;
    int64_t value;
  };
  std::vector<Clause> clauses;  ///< all must hold
  std::string text;             ///< normalised: "rows == 0 && rows < 5"

  bool Matches(int64_t rows) const;
};

/// Parses the condition; the error message says what is wrong with it.
Result<Expectation> ParseExpectation(std::string_view text);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_EXPECTATION_H_
