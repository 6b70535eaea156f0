#include "cli/load.h"

#include "analysis/suppression.h"
#include "base/file_reader.h"
#include "runbook/parser.h"

namespace runwarden::cli {

Result<runbook::Runbook> LoadRunbookFile(const std::string& path, SourceSet& sources) {
  DiskFileReader reader;
  RW_ASSIGN_OR_RETURN(std::string text, reader.Read(path, runbook::kDefaultMaxRunbookBytes));
  sources[path] = std::make_shared<SourceText>(path, text);
  return runbook::ParseRunbook(std::move(text), path);
}

Result<schema::LoadedSchema> LoadSchemaFile(const std::string& path, SourceSet& sources) {
  RW_ASSIGN_OR_RETURN(schema::LoadedSchema loaded, schema::LoadDdl(path, DiskFileReader()));
  for (const auto& [name, text] : loaded.sources) sources[name] = text;
  return loaded;
}

Result<config::Config> LoadProjectConfig(const std::string& explicit_path) {
  RW_ASSIGN_OR_RETURN(config::Config c, config::LoadConfig(explicit_path, DiskFileReader()));
  RW_TRY(analysis::CheckConfigRules(c));
  return c;
}

}  // namespace runwarden::cli
