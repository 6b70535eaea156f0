#ifndef RUNWARDEN_EXEC_SANDBOX_POSTGRES_H_
#define RUNWARDEN_EXEC_SANDBOX_POSTGRES_H_

#include <memory>
#include <string>

#include "base/result.h"

namespace runwarden::exec {

/// A throwaway PostgreSQL cluster for replays: initdb in a folder of its
/// own, started listening on a unix socket in that folder only (no TCP
/// port), trusting local connections, fsync off. Stopped and removed when
/// the object goes away. Needs the PostgreSQL server binaries
/// (RUNWARDEN_PG_BIN, else /usr/lib/postgresql/15/bin); run as root, the
/// cluster belongs to the postgres user, as initdb refuses root.
class SandboxPostgres {
 public:
  /// Creates and starts the cluster in `dir`, which must not exist.
  static Result<std::unique_ptr<SandboxPostgres>> Start(const std::string& dir);
  ~SandboxPostgres();
  SandboxPostgres(const SandboxPostgres&) = delete;
  SandboxPostgres& operator=(const SandboxPostgres&) = delete;

  /// libpq connection string of the cluster's `postgres` database as the
  /// `postgres` superuser.
  const std::string& dsn() const { return dsn_; }
  const std::string& dir() const { return dir_; }
  /// The server's log, for error messages.
  std::string ServerLog() const;

  /// Where the server binaries are looked for.
  static std::string BinDir();

 private:
  SandboxPostgres() = default;
  std::string dir_;
  std::string dsn_;
  bool as_postgres_user_ = false;
  bool started_ = false;
};

}  // namespace runwarden::exec

#endif  // RUNWARDEN_EXEC_SANDBOX_POSTGRES_H_
