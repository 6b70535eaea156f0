#include "contracts/rust_syntax.h"

#include <gtest/gtest.h>

namespace runwarden::contracts {
namespace {

TEST(RustSyntaxTest, GrammarIsAbi14AndAccepted) {
  EXPECT_EQ(RustParser::GrammarAbiVersion(), 14u);
  auto parser = RustParser::Create();
  ASSERT_TRUE(parser.ok()) << parser.status().ToString();
}

}  // namespace
}  // namespace runwarden::contracts
