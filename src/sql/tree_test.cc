#include "sql/tree.h"

#include <gtest/gtest.h>

#include <string>

namespace runwarden::sql {
namespace {

std::unique_ptr<Tree> MustParse(const std::string& json) {
  std::string error;
  auto tree = Tree::Parse(json, &error);
  EXPECT_NE(tree, nullptr) << error;
  return tree;
}

TEST(TreeTest, ReadsObjectsArraysAndScalars) {
  auto tree = MustParse(R"({"a": 1, "b": [true, false, null, "x"], "c": {"d": -2.5}, "e": {}})");
  Node root = tree->root();
  EXPECT_TRUE(root.is_object());
  EXPECT_EQ(root.size(), 4u);
  EXPECT_EQ(root["a"].integer(), 1);
  EXPECT_EQ(root["b"].size(), 4u);
  EXPECT_TRUE(root["b"].at(0).boolean());
  EXPECT_FALSE(root["b"].at(1).boolean());
  EXPECT_EQ(root["b"].at(2).kind(), Node::Kind::kNull);
  EXPECT_EQ(root["b"].at(3).str(), "x");
  EXPECT_DOUBLE_EQ(root["c"]["d"].number(), -2.5);
  EXPECT_EQ(root["e"].size(), 0u);
  EXPECT_EQ(root.key(2), "c");
}

TEST(TreeTest, MissingKeysReadAsZeroValues) {
  auto tree = MustParse(R"({"RangeVar": {"relname": "t"}})");
  Node rv = tree->root().As("RangeVar");
  ASSERT_TRUE(rv.present());
  EXPECT_EQ(rv["relname"].str(), "t");
  EXPECT_FALSE(rv["inh"].present());
  EXPECT_FALSE(rv["inh"].boolean());
  EXPECT_EQ(rv["location"].integer(), 0);
  EXPECT_EQ(rv["schemaname"].str(), "");
  EXPECT_FALSE(rv["x"]["y"].at(3).present());
  EXPECT_FALSE(tree->root().As("SelectStmt").present());
}

TEST(TreeTest, UnescapesStrings) {
  auto tree = MustParse(R"(["a\"b\\c\/d\n", "\u00e9\ud83d\ude00", "\t"])");
  Node root = tree->root();
  EXPECT_EQ(root.at(0).str(), "a\"b\\c/d\n");
  EXPECT_EQ(root.at(1).str(), "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(root.at(2).str(), "\t");
}

TEST(TreeTest, IteratesArrayElements) {
  auto tree = MustParse(R"([1, 2, 3])");
  int64_t sum = 0;
  for (Node n : tree->root()) sum += n.integer();
  EXPECT_EQ(sum, 6);
}

TEST(TreeTest, RejectsMalformedJson) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1] x", "\"abc", "tru",
                          "[\"\\q\"]", "{1:2}"}) {
    std::string error;
    EXPECT_EQ(Tree::Parse(bad, &error), nullptr) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(TreeTest, DeepNestingDoesNotRecurse) {
  std::string json;
  for (int i = 0; i < 200000; ++i) json += "[";
  for (int i = 0; i < 200000; ++i) json += "]";
  auto tree = MustParse(json);
  size_t count = 0;
  VisitAll(tree->root(), [&](Node) { ++count; });
  EXPECT_EQ(count, 200000u);
}

TEST(TreeTest, NameListAndConstString) {
  auto tree =
      MustParse(R"({"l": [{"String": {"sval": "pg_catalog"}}, {"String": {"sval": "set_config"}}],)"
                R"( "c": {"A_Const": {"sval": {"sval": "x"}, "location": 3}}})");
  auto names = NameList(tree->root()["l"]);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[1], "set_config");
  EXPECT_EQ(ConstString(tree->root()["c"]), "x");
}

}  // namespace
}  // namespace runwarden::sql
