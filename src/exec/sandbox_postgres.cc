// The replay sandbox on PostgreSQL: the same throwaway cluster the test
// suite uses (scripts/with-postgres.sh), made by runwarden itself.
#include "exec/sandbox_postgres.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "exec/shell_step.h"

namespace runwarden::exec {

namespace {

namespace fs = std::filesystem;

Status RunTool(const std::vector<std::string>& argv, bool as_postgres, const std::string& what) {
  ShellRequest request;
  if (as_postgres) request.argv = {"runuser", "-u", "postgres", "--"};
  request.argv.insert(request.argv.end(), argv.begin(), argv.end());
  request.timeout = std::chrono::seconds(120);
  auto ran = RunShell(request);
  if (!ran.ok()) return ran.status();
  if (!ran->Succeeded()) {
    return Unavailable("the replay sandbox could not " + what + ": " +
                       (ran->stderr_text.empty() ? ran->stdout_text : ran->stderr_text))
        .WithHint("check the PostgreSQL server binaries in " + SandboxPostgres::BinDir());
  }
  return Status::Ok();
}

}  // namespace

std::string SandboxPostgres::BinDir() {
  const char* env = std::getenv("RUNWARDEN_PG_BIN");
  return env != nullptr && *env != '\0' ? env : "/usr/lib/postgresql/15/bin";
}

Result<std::unique_ptr<SandboxPostgres>> SandboxPostgres::Start(const std::string& dir) {
  const std::string bin = BinDir();
  if (::access((bin + "/initdb").c_str(), X_OK) != 0 ||
      ::access((bin + "/pg_ctl").c_str(), X_OK) != 0) {
    return Unavailable("a PostgreSQL bundle replays on a throwaway PostgreSQL cluster, and " + bin +
                       " has no initdb and pg_ctl")
        .WithHint(
            "install the PostgreSQL server binaries (Debian: apt-get install postgresql-15) or "
            "point RUNWARDEN_PG_BIN at their folder");
  }
  std::unique_ptr<SandboxPostgres> pg(new SandboxPostgres());
  pg->dir_ = dir;
  if (::mkdir(dir.c_str(), 0700) != 0) {
    return IoError("cannot create the sandbox folder " + dir);
  }
  pg->as_postgres_user_ = ::geteuid() == 0;
  if (pg->as_postgres_user_) {
    const struct passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr || ::chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return Unavailable(
                 "running as root, the sandbox cluster must belong to the postgres user, "
                 "and it cannot be given " +
                 dir)
          .WithHint("run runwarden replay as an ordinary user, or create the postgres user");
    }
  }
  RW_TRY(RunTool({bin + "/initdb", "-D", dir + "/data", "-U", "postgres", "-A", "trust", "-E",
                  "UTF8", "--locale=C.UTF-8", "--no-sync"},
                 pg->as_postgres_user_, "create its cluster (initdb)"));
  pg->started_ = true;  // from here on the destructor stops it
  RW_TRY(RunTool(
      {bin + "/pg_ctl", "-D", dir + "/data", "-l", dir + "/server.log", "-w", "-t", "60", "-o",
       "-c listen_addresses='' -c unix_socket_directories='" + dir +
           "' -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
       "start"},
      pg->as_postgres_user_, "start its server (pg_ctl start)"));
  pg->dsn_ = "host=" + dir + " port=5432 dbname=postgres user=postgres";
  return pg;
}

std::string SandboxPostgres::ServerLog() const {
  std::ifstream in(dir_ + "/server.log");
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

SandboxPostgres::~SandboxPostgres() {
  if (started_) {
    static_cast<void>(
        RunTool({BinDir() + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"},
                as_postgres_user_, "stop"));
  }
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

}  // namespace runwarden::exec
