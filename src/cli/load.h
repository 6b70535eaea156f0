#ifndef RUNWARDEN_CLI_LOAD_H_
#define RUNWARDEN_CLI_LOAD_H_

#include <string>

#include "base/result.h"
#include "base/source_text.h"
#include "config/config.h"
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

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_LOAD_H_
