#include "base/result.h"

#include <gtest/gtest.h>

#include <string>

namespace runwarden {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidInput("odd: " + std::to_string(x)).WithHint("pass an even number");
  return x / 2;
}

Result<int> Quarter(int x) {
  RW_ASSIGN_OR_RETURN(int h, Half(x));
  RW_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int x) {
  RW_TRY(Half(x).status());
  return Status::Ok();
}

TEST(ResultTest, PropagatesValueAndError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(r.status().message(), "odd: 3");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_FALSE(CheckEven(5).ok());
}

TEST(StatusTest, ToStringNamesLocationAndHint) {
  SourceSpan span{"book.md", {3, 7, 20}, {3, 9, 22}};
  Status s = InvalidInput("unknown parameter type 'uuidd'").At(span).WithHint("use one of: uuid");
  EXPECT_EQ(s.ToString(),
            "book.md:3:7: error: unknown parameter type 'uuidd'\n  hint: use one of: uuid");
}

}  // namespace
}  // namespace runwarden
