#ifndef RUNWARDEN_CLI_LIVE_SCHEMA_H_
#define RUNWARDEN_CLI_LIVE_SCHEMA_H_

#include <string>

#include "base/result.h"
#include "db/connection.h"
#include "schema/schema.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace runwarden::cli {

/// The --db TARGET option of the commands that read a live database.
/// `--db ""` is a target (the PG* environment and ~/.pgpass), so whether the
/// option was given is what counts, not whether it is empty.
class DatabaseOption {
 public:
  /// Adds the option as `names` (CLI11 spelling: "--db", "--target,--db").
  void Add(CLI::App& sub, const std::string& help, const std::string& names = "--db");
  bool given() const;
  const std::string& target() const { return target_; }
  /// The option itself, for CLI11 constraints (excludes, needs).
  CLI::Option* option() const { return option_; }

 private:
  std::string target_;
  CLI::Option* option_ = nullptr;
};

/// A schema read from a live database's catalog, and the engine it came from.
struct LiveSchema {
  schema::Schema schema;
  db::BackendKind backend = db::BackendKind::kPostgres;
  db::TargetDescription target;  ///< who was read; never holds a password
  std::string server_version;
};

/// Opens `target`, reads its catalog in one read-only snapshot, and closes
/// the connection. Ctrl-C or SIGTERM cancels the read: the result is then an
/// error and `*interrupted` is set, so that the caller exits with 130.
Result<LiveSchema> ReadLiveSchema(const std::string& target, bool* interrupted);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_LIVE_SCHEMA_H_
