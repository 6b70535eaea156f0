#include "base/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace runwarden {

namespace {

Status TooLarge(const std::string& path, size_t size, size_t max_bytes) {
  return InvalidInput(path + ": file is " + FormatBytes(size) + ", larger than the limit of " +
                      FormatBytes(max_bytes))
      .WithHint("split it into smaller files");
}

}  // namespace

Result<std::string> DiskFileReader::Read(const std::string& path, size_t max_bytes) const {
  const bool is_stdin = path == "-";
  int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    Status s = (err == ENOENT ? NotFound(path + ": no such file")
                              : IoError(path + ": cannot open: " + std::strerror(err)));
    return s;
  }
  struct stat st {};
  if (!is_stdin && ::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return InvalidInput(path + ": is a directory, expected a file");
    }
    if (S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > max_bytes) {
      ::close(fd);
      return TooLarge(path, static_cast<size_t>(st.st_size), max_bytes);
    }
  }
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      if (!is_stdin) ::close(fd);
      return IoError(path + ": read failed: " + std::strerror(err));
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > max_bytes) {
      if (!is_stdin) ::close(fd);
      return TooLarge(path, data.size(), max_bytes);
    }
  }
  if (!is_stdin) ::close(fd);
  return data;
}

Result<std::string> MemoryFileReader::Read(const std::string& path, size_t max_bytes) const {
  auto it = files_.find(path);
  if (it == files_.end()) return NotFound(path + ": no such file");
  if (it->second.size() > max_bytes) return TooLarge(path, it->second.size(), max_bytes);
  return it->second;
}

std::string FormatBytes(size_t bytes) {
  char buf[32];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%zu B", bytes);
  } else if (bytes < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return buf;
}

}  // namespace runwarden
