#include "cli/load.h"

#include "base/file_reader.h"
#include "runbook/parser.h"

namespace runwarden::cli {

Result<runbook::Runbook> LoadRunbookFile(const std::string& path, SourceSet& sources) {
  DiskFileReader reader;
  RW_ASSIGN_OR_RETURN(std::string text, reader.Read(path, runbook::kDefaultMaxRunbookBytes));
  sources[path] = std::make_shared<SourceText>(path, text);
  return runbook::ParseRunbook(std::move(text), path);
}

}  // namespace runwarden::cli
