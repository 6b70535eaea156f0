// The JSON reader behind every parse tree. It only ever sees libpg_query's
// output in production, but it unescapes in place and indexes by hand, so
// arbitrary input is the cheapest way to find an off-by-one.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sql/tree.h"

namespace {

namespace sql = runwarden::sql;

// Touches every accessor on every node, including lookups of keys that
// libpg_query uses, so that missing and mistyped members are exercised.
void Walk(sql::Node root) {
  sql::VisitAll(root, [](sql::Node node) {
    static_cast<void>(node.kind());
    static_cast<void>(node.str());
    static_cast<void>(node.integer());
    static_cast<void>(node.number());
    static_cast<void>(node.boolean());
    static_cast<void>(node.tag());
    static_cast<void>(node.unwrap());
    static_cast<void>(node.As("RangeVar"));
    static_cast<void>(node["location"].integer());
    static_cast<void>(node.at(node.size()));
    for (size_t i = 0; i < node.size(); ++i) static_cast<void>(node.key(i));
    static_cast<void>(sql::NameList(node));
    static_cast<void>(sql::ConstString(node));
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string error;
  std::unique_ptr<sql::Tree> tree =
      sql::Tree::Parse(std::string(reinterpret_cast<const char*>(data), size), &error);
  if (tree) Walk(tree->root());
  return 0;
}
