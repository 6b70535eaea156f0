#ifndef RUNWARDEN_RUNBOOK_PARSER_H_
#define RUNWARDEN_RUNBOOK_PARSER_H_

#include <cstddef>
#include <string>

#include "base/file_reader.h"
#include "base/result.h"
#include "runbook/runbook.h"

namespace runwarden::runbook {

/// Runbooks larger than this are refused: nobody follows a runbook of
/// 8 MiB at 3 AM, and a bound keeps hostile input cheap.
inline constexpr size_t kDefaultMaxRunbookBytes = 8u << 20;

struct ParseOptions {
  size_t max_bytes = kDefaultMaxRunbookBytes;
};

/// Parses the runbook `text`, shown to users as `path`. The error, when
/// there is one, names the location and says how to fix the input: an empty
/// or binary file, invalid UTF-8, a front matter block that is not closed or
/// not valid, an unknown parameter type, a code fence that is never closed.
/// Everything else a runbook can get wrong is kept in the model for the lint
/// rules to report.
Result<Runbook> ParseRunbook(std::string text, std::string path, const ParseOptions& options = {});

/// Reads `path` with `reader` and parses it.
Result<Runbook> LoadRunbook(const FileReader& reader, const std::string& path,
                            const ParseOptions& options = {});

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_PARSER_H_
