#ifndef RUNWARDEN_CLI_LOAD_H_
#define RUNWARDEN_CLI_LOAD_H_

#include <string>

#include "base/result.h"
#include "base/source_text.h"
#include "runbook/runbook.h"

namespace runwarden::cli {

/// Reads and parses the runbook at `path` ("-" for standard input). The
/// file's text is added to `sources` even when parsing fails, so that the
/// error can show the offending line.
Result<runbook::Runbook> LoadRunbookFile(const std::string& path, SourceSet& sources);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_LOAD_H_
