#ifndef RUNWARDEN_CLI_LOAD_H_
#define RUNWARDEN_CLI_LOAD_H_

#include <string>

#include "base/result.h"
#include "base/source_text.h"
#include "config/config.h"
#include "contracts/contracts.h"
#include "runbook/runbook.h"
#include "schema/ddl_loader.h"

namespace runwarden::cli {

/// Reads and parses the runbook at `path` ("-" for standard input). The
/// file's text is added to `sources` even when parsing fails, so that the
/// error can show the offending line.
Result<runbook::Runbook> LoadRunbookFile(const std::string& path, SourceSet& sources);

/// Loads a schema from a DDL file or a folder of migrations; its texts are
/// added to `sources`.
Result<schema::LoadedSchema> LoadSchemaFile(const std::string& path, SourceSet& sources);

/// Reads the project configuration (--config, else ./runwarden.toml, else
/// defaults) and checks the rule ids it names.
Result<config::Config> LoadProjectConfig(const std::string& explicit_path);

/// What `--rust`, `--binary` and `--dialect` ask for.
struct ContractsRequest {
  std::string rust_path;    ///< a crate or workspace directory (or one .rs file)
  std::string binary_path;  ///< "" for none
  std::string dialect;      ///< "", "postgres" or "sqlite"
  /// Why `dialect` was chosen, shown in reports ("" for the command line).
  std::string dialect_evidence;
};

/// Reads the Rust crate (and the binary's struct layouts) and maps its
/// contracts to `schema`, which must outlive the result, with the mappings
/// by hand of `config` ([contracts.tables]). The Rust files' texts are added
/// to `sources`. Fails when the crate cannot be read, a file does not parse
/// as Rust (at the first syntax error: runwarden audits source that
/// compiles), the configuration maps a struct the crate does not have, or
/// the binary cannot be read.
Result<contracts::Contracts> LoadContracts(const ContractsRequest& request,
                                           const config::Config& config,
                                           const schema::Schema& schema, SourceSet& sources);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_LOAD_H_
