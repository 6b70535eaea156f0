#ifndef RUNWARDEN_BASE_FILE_READER_H_
#define RUNWARDEN_BASE_FILE_READER_H_

#include <cstddef>
#include <map>
#include <string>

#include "base/result.h"

namespace runwarden {

/// Reads whole files. Commands take a FileReader so that tests can serve
/// files from memory instead of the disk.
class FileReader {
 public:
  virtual ~FileReader() = default;
  /// The contents of `path`, or an error that names the path and says why.
  /// Files larger than `max_bytes` are refused without being read.
  virtual Result<std::string> Read(const std::string& path, size_t max_bytes) const = 0;
};

/// Reads from the real file system. Reading "-" reads standard input.
class DiskFileReader final : public FileReader {
 public:
  Result<std::string> Read(const std::string& path, size_t max_bytes) const override;
};

/// Serves files from a map; for tests.
class MemoryFileReader final : public FileReader {
 public:
  void Add(std::string path, std::string contents) {
    files_[std::move(path)] = std::move(contents);
  }
  Result<std::string> Read(const std::string& path, size_t max_bytes) const override;

 private:
  std::map<std::string, std::string> files_;
};

/// Human-readable byte size: "812 B", "3.4 KiB", "10.0 MiB".
std::string FormatBytes(size_t bytes);

}  // namespace runwarden

#endif  // RUNWARDEN_BASE_FILE_READER_H_
