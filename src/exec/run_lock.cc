// The run lock. PostgreSQL stores the 64-bit key of pg_try_advisory_lock(bigint)
// in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1
// (objsubid 2 is the two-int4 form), in the current database; that is how a
// refusal finds the holder's backend. Keys and names are always bound.
#include "exec/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "base/sha256.h"

namespace runwarden::exec {

namespace {

constexpr char kTryLock[] = "SELECT pg_try_advisory_lock(hashtextextended($1, 0))";
constexpr char kUnlock[] = "SELECT pg_advisory_unlock(hashtextextended($1, 0))";
constexpr char kSetApplicationName[] = "SELECT set_config('application_name', $1, false)";
constexpr char kHolderQuery[] = R"sql(
WITH k AS (SELECT hashtextextended($1, 0) AS key)
SELECT a.application_name, a.pid::text,
       to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ'), host(a.client_addr)
FROM k, pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = (k.key >> 32) & 4294967295
  AND l.objid::bigint = k.key & 4294967295
LIMIT 1)sql";

std::string Conflict(std::string_view runbook_id, std::string_view tenant) {
  return "another run of runbook " + std::string(runbook_id) + " for tenant " +
         std::string(tenant) + " holds the run lock";
}

std::string Cell(const db::QueryResult& r, size_t column) {
  if (r.rows.empty() || column >= r.rows[0].size() || !r.rows[0][column]) return "";
  return *r.rows[0][column];
}

// "runwarden ops@host pid 123 (backend pid 4567, since ..., from 10.0.0.5)",
// or why the holder is unknown.
std::string DescribeAdvisoryHolder(db::Connection& conn, const std::string& key) {
  Result<db::QueryResult> r = conn.Query(kHolderQuery, {key});
  if (!r.ok() || r->rows.empty()) {
    return " (its holder could not be identified; it may have just finished)";
  }
  std::string name = Cell(*r, 0);
  if (name.empty()) name = "a session without an application_name";
  std::string out = ": " + name + " (backend pid " + Cell(*r, 1);
  if (const std::string since = Cell(*r, 2); !since.empty()) out += ", since " + since;
  if (const std::string from = Cell(*r, 3); !from.empty()) out += ", from " + from;
  return out + ")";
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string ReadHolderText(int fd) {
  char buffer[4096];
  const ssize_t n = ::pread(fd, buffer, sizeof buffer, 0);
  std::string text = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

std::string RunLockKey(std::string_view runbook_id, std::string_view tenant) {
  return "runwarden:" + std::string(runbook_id) + ":" + std::string(tenant);
}

std::string RunLockFilePath(std::string_view database_path, std::string_view runbook_id,
                            std::string_view tenant) {
  Sha256 digest;
  digest.Update(runbook_id).Update(std::string_view("\0", 1)).Update(tenant);
  return std::string(database_path) + ".runwarden-" + digest.HexDigest().substr(0, 16) + ".lock";
}

Result<std::unique_ptr<RunLock>> RunLock::Acquire(db::Connection& conn, std::string_view runbook_id,
                                                  std::string_view tenant,
                                                  std::string_view holder) {
  switch (conn.Backend()) {
    case db::BackendKind::kPostgres:
      return AcquireAdvisory(conn, runbook_id, tenant, holder);
    case db::BackendKind::kSqlite: {
      const std::string path = conn.Describe().path;
      if (path.empty() || path == ":memory:") {
        return std::unique_ptr<RunLock>(
            new RunLock(Kind::kNone, "no run lock (in-memory SQLite database)"));
      }
      return AcquireFile(path, runbook_id, tenant, holder);
    }
    case db::BackendKind::kFake:
      break;
  }
  return std::unique_ptr<RunLock>(new RunLock(Kind::kNone, "no run lock (fake connection)"));
}

Result<std::unique_ptr<RunLock>> RunLock::AcquireAdvisory(db::Connection& conn,
                                                          std::string_view runbook_id,
                                                          std::string_view tenant,
                                                          std::string_view holder) {
  // application_name set inside a transaction would be undone by its
  // rollback, and the lock is meant to span the run's transactions.
  if (conn.GetTransactionState() != db::TransactionState::kIdle) {
    return InternalError("the run lock must be taken outside a transaction");
  }
  const std::string key = RunLockKey(runbook_id, tenant);
  RW_ASSIGN_OR_RETURN(db::QueryResult previous,
                      conn.Query("SELECT current_setting('application_name')", {}));
  const std::string previous_name = Cell(previous, 0);
  RW_TRY(conn.Query(kSetApplicationName, {"runwarden " + std::string(holder)}).status());
  Result<db::QueryResult> locked = conn.Query(kTryLock, {key});
  if (locked.ok() && Cell(*locked, 0) == "t") {
    auto lock =
        std::unique_ptr<RunLock>(new RunLock(Kind::kAdvisory, "PostgreSQL advisory lock " + key));
    lock->conn_ = &conn;
    lock->key_ = key;
    lock->previous_application_name_ = previous_name;
    return lock;
  }
  Status refusal =
      locked.ok() ? Unavailable(Conflict(runbook_id, tenant) + DescribeAdvisoryHolder(conn, key))
                        .WithHint(
                            "wait for that run to end; if it is stuck, end "
                            "its session (pg_terminate_backend) and check "
                            "what it left behind")
                  : locked.status();
  static_cast<void>(conn.Query(kSetApplicationName, {previous_name}));
  return refusal;
}

Result<std::unique_ptr<RunLock>> RunLock::AcquireFile(const std::string& database_path,
                                                      std::string_view runbook_id,
                                                      std::string_view tenant,
                                                      std::string_view holder) {
  const std::string path = RunLockFilePath(database_path, runbook_id, tenant);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return IoError("cannot open the run lock file " + path + ": " + std::strerror(errno))
        .WithHint("runwarden needs to create files in the database's directory");
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string text = err == EWOULDBLOCK ? ReadHolderText(fd) : "";
    ::close(fd);
    if (err != EWOULDBLOCK) {
      return IoError("cannot lock the run lock file " + path + ": " + std::strerror(err));
    }
    if (text.empty()) text = "a run that has not named itself yet";
    return Unavailable(Conflict(runbook_id, tenant) + ": " + text + " (lock file " + path + ")")
        .WithHint("wait for that run to end");
  }
  const std::string text = "runwarden " + std::string(holder) + ", since " + UtcNow() + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    const int err = errno;
    ::close(fd);
    return IoError("cannot write the run lock file " + path + ": " + std::strerror(err));
  }
  auto lock = std::unique_ptr<RunLock>(new RunLock(Kind::kFile, "lock file " + path));
  lock->fd_ = fd;
  return lock;
}

RunLock::~RunLock() {
  switch (kind_) {
    case Kind::kAdvisory:
      static_cast<void>(conn_->Query(kUnlock, {key_}));
      static_cast<void>(conn_->Query(kSetApplicationName, {previous_application_name_}));
      break;
    case Kind::kFile:
      // Emptied while still locked, so no later reader takes it for a holder.
      static_cast<void>(::ftruncate(fd_, 0));
      ::close(fd_);
      break;
    case Kind::kNone:
      break;
  }
}

std::string RunLock::description() const { return description_; }

}  // namespace runwarden::exec
