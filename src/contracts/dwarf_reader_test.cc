#include "contracts/dwarf_reader.h"

#include <gtest/gtest.h>

#include <map>

#include "testutil/golden.h"
#include "testutil/rustc.h"

namespace runwarden::contracts {
namespace {

const std::filesystem::path kLayouts = "testdata/contracts/binary/layouts.rs";

// Compiles the fixture, or skips (fails under CI) when rustc is missing.
#define RW_COMPILE_OR_SKIP(var, debuginfo)                                       \
  auto var = testutil::CompileRust(testutil::SourceDir() / kLayouts, debuginfo); \
  if (!var.ok() && var.status().code() == ErrorCode::kNotFound) {                \
    GTEST_SKIP() << var.status().message();                                      \
  }                                                                              \
  ASSERT_TRUE(var.ok()) << var.status().ToString()

// The structs sorted by name (their order follows the compile units).
std::string Describe(const BinaryLayout& layout) {
  std::map<std::string, std::string> structs;
  for (const BinaryStruct& s : layout.structs) {
    std::string& out = structs[s.QualifiedName()];
    for (const BinaryField& f : s.fields) out += "  " + f.name + ": " + f.type_name + "\n";
  }
  std::string out;
  for (const auto& [name, fields] : structs) out += name + "\n" + fields;
  return out;
}

TEST(DwarfReaderTest, ReadsMembersInDeclarationOrder) {
  RW_COMPILE_OR_SKIP(binary, 2);
  auto layout = ReadBinaryLayout(*binary, {"Invoice", "Pair"});
  ASSERT_TRUE(layout.ok()) << layout.status().ToString();
  EXPECT_NE(layout->producer.find("rustc"), std::string::npos) << layout->producer;
  EXPECT_EQ(Describe(*layout),
            "layouts::Pair\n"
            "  __0: i32\n"
            "  __1: String\n"
            "layouts::billing::Invoice\n"
            "  flag: bool\n"
            "  id: i64\n"
            "  note: Option<alloc::string::String>\n"
            "  code: [u8; 4]\n"
            "  tags: Vec<alloc::string::String, alloc::alloc::Global>\n");
}

TEST(DwarfReaderTest, LineTablesOnlySayHowToRebuild) {
  RW_COMPILE_OR_SKIP(binary, 1);
  auto layout = ReadBinaryLayout(*binary, {"Invoice"});
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(layout.status().hint().find("debuginfo=2"), std::string::npos)
      << layout.status().ToString();
}

TEST(DwarfReaderTest, NoDebugInfoSaysHowToRebuild) {
  RW_COMPILE_OR_SKIP(binary, 0);
  auto layout = ReadBinaryLayout(*binary, {"Invoice"});
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(layout.status().hint().find("debuginfo=2"), std::string::npos)
      << layout.status().ToString();
}

TEST(DwarfReaderTest, MissingFileIsNotFound) {
  auto layout = ReadBinaryLayout("testdata/contracts/binary/no-such-binary", {});
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.status().code(), ErrorCode::kNotFound);
}

TEST(DwarfReaderTest, TextFileIsNotElf) {
  auto layout = ReadBinaryLayout((testutil::SourceDir() / kLayouts).string(), {});
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(layout.status().message().find("not an ELF"), std::string::npos)
      << layout.status().ToString();
}

}  // namespace
}  // namespace runwarden::contracts
