#include "base/file_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace runwarden {
namespace {

TEST(FileReaderTest, MissingFileIsNotFound) {
  DiskFileReader reader;
  auto r = reader.Read("/nonexistent/runbook.md", 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/runbook.md"), std::string::npos);
}

TEST(FileReaderTest, RefusesFilesOverTheLimit) {
  const auto path = std::filesystem::temp_directory_path() / "runwarden_reader_test.txt";
  {
    std::ofstream out(path);
    out << std::string(2048, 'x');
  }
  DiskFileReader reader;
  auto r = reader.Read(path.string(), 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("larger than the limit of 1.0 KiB"), std::string::npos);
  auto ok = reader.Read(path.string(), 4096);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 2048u);
  std::filesystem::remove(path);
}

TEST(FileReaderTest, DirectoryIsInvalidInput) {
  DiskFileReader reader;
  auto r = reader.Read(std::filesystem::temp_directory_path().string(), 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace runwarden
