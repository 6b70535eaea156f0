// Golden tests per extraction shape. Each file in testdata/contracts/shapes/
// is one shape (FromRow attributes, diesel derives, table!, query macros,
// the query_as function form, modules and aliases, syntax errors); its
// golden holds what runwarden extracts and the grammar's S-expression of the
// file, so a grammar upgrade that changes node shapes fails here first.
#include "contracts/rust_extract.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "contracts/describe.h"
#include "testutil/golden.h"

namespace runwarden::contracts {
namespace {

namespace fs = std::filesystem;

// One named node per line, indented by depth; fields kept ("name: (...)").
std::string Indent(const std::string& sexp) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < sexp.size(); ++i) {
    const char c = sexp[i];
    if (c == '(') {
      if (!out.empty()) {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        // Keep "field: " on the same line as the node it labels.
        std::string label;
        const size_t sp = out.find_last_of(" \n");
        if (!out.empty() && out.back() == ':') {
          label = out.substr(sp == std::string::npos ? 0 : sp + 1);
          out.erase(sp == std::string::npos ? 0 : sp + 1);
          while (!out.empty() && out.back() == ' ') out.pop_back();
        }
        out += "\n" + std::string(static_cast<size_t>(depth) * 2, ' ') + label +
               (label.empty() ? "" : " ");
      }
      ++depth;
      out += c;
    } else if (c == ')') {
      --depth;
      out += c;
    } else {
      out += c;
    }
  }
  return out + "\n";
}

std::vector<fs::path> Shapes() {
  std::vector<fs::path> out;
  for (const auto& e :
       fs::directory_iterator(testutil::SourceDir() / "testdata" / "contracts" / "shapes")) {
    if (e.path().extension() == ".rs") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(RustExtractTest, ShapesMatchGoldens) {
  auto parser = RustParser::Create();
  ASSERT_TRUE(parser.ok());
  const auto files = Shapes();
  ASSERT_GE(files.size(), 7u);
  for (const fs::path& file : files) {
    const std::string rel = fs::relative(file, testutil::SourceDir()).string();
    const std::string text = testutil::ReadFileOrEmpty(file);
    RustCrate crate;
    ASSERT_TRUE(ExtractRustFile(*parser, text, {rel, "shapes", "m"}, crate).ok()) << rel;
    auto tree = parser->Parse(text, rel);
    ASSERT_TRUE(tree.ok());
    fs::path golden = fs::relative(file, testutil::SourceDir());
    golden.replace_extension(".expected");
    testutil::ExpectGolden(golden, "== extracted\n" + DescribeCrate(crate) + "== syntax tree\n" +
                                       Indent(tree->Root().ToSExpression()));
  }
}

TEST(RustExtractTest, NotUtf8IsAnErrorAtTheByte) {
  auto parser = RustParser::Create();
  ASSERT_TRUE(parser.ok());
  RustCrate crate;
  Status s = ExtractRustFile(*parser, "struct A {\n  // caf\xE9\n}\n", {"bad.rs", "", ""}, crate);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("bad.rs:2:9: error: Rust source is not valid UTF-8"),
            std::string::npos)
      << s.ToString();
  EXPECT_NE(s.hint().find("UTF-8"), std::string::npos);
}

TEST(RustExtractTest, NulByteIsAnError) {
  auto parser = RustParser::Create();
  ASSERT_TRUE(parser.ok());
  RustCrate crate;
  Status s =
      ExtractRustFile(*parser, std::string("fn main() {}\n\0\x01", 15), {"bin.rs", "", ""}, crate);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("bin.rs:2:1: error: file looks binary"), std::string::npos);
}

TEST(RustExtractTest, DeepNestingDoesNotCrash) {
  auto parser = RustParser::Create();
  ASSERT_TRUE(parser.ok());
  std::string deep = "fn f() { let x = vec!" + std::string(5000, '[') +
                     "sqlx::query!(\"SELECT 1\")" + std::string(5000, ']') + "; }\n";
  deep += "type T = " + std::string(200, 'O') + ";\n";
  std::string generics = "struct S { f: ";
  for (int i = 0; i < 500; ++i) generics += "Option<";
  generics += "i64" + std::string(500, '>') + " }\n";
  RustCrate crate;
  EXPECT_TRUE(ExtractRustFile(*parser, deep + generics, {"deep.rs", "", ""}, crate).ok());
  ASSERT_EQ(crate.structs.size(), 1u);
  EXPECT_EQ(crate.structs[0].fields[0].type.kind, RustType::Kind::kOther);
}

}  // namespace
}  // namespace runwarden::contracts
