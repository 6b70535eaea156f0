// Appending to audit logs. The file descriptor is opened with O_APPEND, so
// every write(2) lands at the end even if something else extended the file;
// the exclusive flock keeps other runwarden processes out.
#include "audit/writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "audit/reader.h"
#include "base/sha256.h"

namespace runwarden::audit {

namespace {

using Json = nlohmann::ordered_json;

constexpr off_t kMaxLogBytes = off_t{256} << 20;

std::string Errno() { return std::strerror(errno); }

Status Lock(int fd, const std::string& path) {
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return Status::Ok();
  if (errno == EWOULDBLOCK) {
    return Unavailable(path + ": another runwarden process is writing this audit log")
        .WithHint("wait for that run to end; two runs never write to one log");
  }
  return Unavailable(path + ": cannot lock the audit log: " + Errno());
}

/// Makes the directory entry of a new file durable.
void SyncParentDirectory(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

Result<std::string> ReadAll(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError(path + ": cannot stat the audit log: " + Errno());
  if (st.st_size > kMaxLogBytes) {
    return InvalidInput(path + ": the audit log is larger than 256 MiB");
  }
  std::string data(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::pread(fd, data.data() + done, data.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(path + ": cannot read the audit log: " + Errno());
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  data.resize(done);
  return data;
}

}  // namespace

Result<std::unique_ptr<AuditWriter>> AuditWriter::Create(const std::string& path,
                                                         std::string run_id,
                                                         AuditWriterOptions options) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return InvalidInput(path + ": an audit log (or another file) already exists there")
          .WithHint(
              "runwarden never replaces an audit log; choose a new path, or resume the run "
              "that wrote it");
    }
    return Unavailable(path + ": cannot create the audit log: " + Errno());
  }
  std::unique_ptr<AuditWriter> w(new AuditWriter(path, fd, std::move(options)));
  RW_TRY(Lock(fd, path));
  // umask can only remove bits; make sure nobody but the owner can read it.
  if (::fchmod(fd, 0600) != 0) {
    return Unavailable(path + ": cannot set the audit log's mode to 0600: " + Errno());
  }
  Json header = Json::object();
  header["format"] = kFormat;
  header["created"] = FormatTime(w->options_.clock());
  header["run_id"] = std::move(run_id);
  const std::string line = header.dump(-1, ' ', false, Json::error_handler_t::replace);
  RW_TRY(w->WriteLine(line));
  w->head_ = Sha256Hex(line);
  RW_TRY(w->Sync());
  SyncParentDirectory(path);
  return w;
}

Result<std::unique_ptr<AuditWriter>> AuditWriter::Reopen(const std::string& path,
                                                         AuditWriterOptions options) {
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound(path + ": no audit log there");
    return Unavailable(path + ": cannot open the audit log: " + Errno());
  }
  std::unique_ptr<AuditWriter> w(new AuditWriter(path, fd, std::move(options)));
  RW_TRY(Lock(fd, path));
  RW_ASSIGN_OR_RETURN(std::string contents, ReadAll(fd, path));
  const VerifyResult v = Verify(contents);
  if (!v.recognized) {
    return InvalidInput(path + ": not a runwarden audit log: " + v.problem);
  }
  if (!v.intact) {
    return InvalidInput(
               path + ":" + std::to_string(v.first_bad_line.value_or(1)) +
               ": the audit log does not verify, so nothing is appended to it: " + v.problem)
        .WithHint("runwarden audit verify " + path +
                  " shows what is wrong; keep the file as "
                  "evidence and start a new log");
  }
  w->head_ = v.head;
  w->seq_ = v.records;
  if (v.torn_tail) {
    if (::ftruncate(fd, static_cast<off_t>(v.verified_bytes)) != 0) {
      return Unavailable(path + ": cannot cut the torn last line off the audit log: " + Errno());
    }
    Json fields = Json::object();
    fields["dropped_bytes"] = v.torn_bytes;
    fields["after_line"] = v.records + 1;
    RW_TRY(w->AppendDurable(kinds::kTornTail, std::move(fields)));
  }
  return w;
}

AuditWriter::~AuditWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Status AuditWriter::WriteLine(const std::string& line) {
  if (broken_) {
    return Unavailable(path_ +
                       ": an earlier write to the audit log failed; nothing more is "
                       "appended to it");
  }
  const std::string data = line + "\n";
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = n < 0 ? Errno() : "nothing was written";
      if (done > 0) broken_ = true;
      return Unavailable(path_ + ": writing the audit log failed after " + std::to_string(done) +
                         " of " + std::to_string(data.size()) + " bytes: " + why);
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status AuditWriter::Append(std::string_view kind, nlohmann::ordered_json fields) {
  if (kind.empty()) return InternalError("an audit record needs a kind");
  if (fields.is_null()) fields = Json::object();
  if (!fields.is_object()) {
    return InternalError("the fields of audit record " + std::string(kind) +
                         " are not a JSON object");
  }
  Json record = Json::object();
  record["seq"] = seq_ + 1;
  record["prev"] = head_;
  record["time"] = FormatTime(options_.clock());
  record["kind"] = std::string(kind);
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    for (std::string_view reserved : kEnvelopeKeys) {
      if (it.key() == reserved) {
        return InternalError("audit record " + std::string(kind) + " has a field named " +
                             it.key() + ", which is reserved");
      }
    }
    record[it.key()] = std::move(it.value());
  }
  const std::string line = record.dump(-1, ' ', false, Json::error_handler_t::replace);
  RW_TRY(WriteLine(line));
  ++seq_;
  head_ = Sha256Hex(line);
  return Status::Ok();
}

Status AuditWriter::Sync() {
  while (::fdatasync(fd_) != 0) {
    if (errno == EINTR) continue;
    return Unavailable(path_ + ": flushing the audit log to the disk failed: " + Errno());
  }
  return Status::Ok();
}

Status AuditWriter::AppendDurable(std::string_view kind, nlohmann::ordered_json fields) {
  RW_TRY(Append(kind, std::move(fields)));
  return Sync();
}

}  // namespace runwarden::audit
