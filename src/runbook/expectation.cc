#include "runbook/expectation.h"

#include <charconv>

#include "base/text.h"

namespace runwarden::runbook {

namespace {

std::string_view OpText(Expectation::Op op) {
  switch (op) {
    case Expectation::Op::kEq:
      return "==";
    case Expectation::Op::kNe:
      return "!=";
    case Expectation::Op::kLt:
      return "<";
    case Expectation::Op::kLe:
      return "<=";
    case Expectation::Op::kGt:
      return ">";
    case Expectation::Op::kGe:
      return ">=";
  }
  return "==";
}

Status Bad(std::string_view text, std::string_view why) {
  return InvalidInput("expect=\"" + std::string(text) + "\": " + std::string(why))
      .WithHint("write a condition on rows, such as rows == 0 or rows >= 1 && rows <= 100");
}

}  // namespace

bool Expectation::Matches(int64_t rows) const {
  for (const Clause& c : clauses) {
    bool ok = false;
    switch (c.op) {
      case Op::kEq:
        ok = rows == c.value;
        break;
      case Op::kNe:
        ok = rows != c.value;
        break;
      case Op::kLt:
        ok = rows < c.value;
        break;
      case Op::kLe:
        ok = rows <= c.value;
        break;
      case Op::kGt:
        ok = rows > c.value;
        break;
      case Op::kGe:
        ok = rows >= c.value;
        break;
    }
    if (!ok) return false;
  }
  return true;
}

Result<Expectation> ParseExpectation(std::string_view text) {
  Expectation e;
  std::string_view rest = Trim(text);
  if (rest.empty()) return Bad(text, "the condition is empty");
  for (;;) {
    rest = Trim(rest);
    if (!rest.starts_with("rows")) return Bad(text, "a condition starts with rows");
    rest.remove_prefix(4);
    rest = Trim(rest);
    Expectation::Op op;
    if (rest.starts_with("==")) {
      op = Expectation::Op::kEq;
      rest.remove_prefix(2);
    } else if (rest.starts_with("!=")) {
      op = Expectation::Op::kNe;
      rest.remove_prefix(2);
    } else if (rest.starts_with("<=")) {
      op = Expectation::Op::kLe;
      rest.remove_prefix(2);
    } else if (rest.starts_with(">=")) {
      op = Expectation::Op::kGe;
      rest.remove_prefix(2);
    } else if (rest.starts_with("<")) {
      op = Expectation::Op::kLt;
      rest.remove_prefix(1);
    } else if (rest.starts_with(">")) {
      op = Expectation::Op::kGt;
      rest.remove_prefix(1);
    } else if (rest.starts_with("=")) {
      op = Expectation::Op::kEq;
      rest.remove_prefix(1);
    } else {
      return Bad(text, "expected one of == != < <= > >= after rows");
    }
    rest = Trim(rest);
    size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 0) return Bad(text, "expected a whole number after the comparison");
    int64_t value = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + digits, value);
    if (ec != std::errc()) return Bad(text, "the number is too large");
    (void)p;
    rest.remove_prefix(digits);
    e.clauses.push_back({op, value});
    if (!e.text.empty()) e.text += " && ";
    e.text += "rows " + std::string(OpText(op)) + " " + std::to_string(value);
    rest = Trim(rest);
    if (rest.empty()) break;
    if (rest.starts_with("&&")) {
      rest.remove_prefix(2);
    } else if (rest.size() > 4 && EqualsIgnoreCase(rest.substr(0, 4), "and ")) {
      rest.remove_prefix(4);
    } else {
      return Bad(text, "join conditions with &&");
    }
  }
  return e;
}

}  // namespace runwarden::runbook
