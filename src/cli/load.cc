#include "cli/load.h"

#include <algorithm>
#include <optional>
#include <set>

#include "analysis/suppression.h"
#include "base/file_reader.h"
#include "contracts/crate_loader.h"
#include "contracts/dwarf_reader.h"
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

Result<contracts::Contracts> LoadContracts(const ContractsRequest& request,
                                           const config::Config& config,
                                           const schema::Schema& schema, SourceSet& sources) {
  RW_ASSIGN_OR_RETURN(contracts::RustCrate crate,
                      contracts::LoadRustCrate(request.rust_path, DiskFileReader()));
  for (const auto& [name, text] : crate.sources) sources[name] = text;
  if (!crate.syntax_errors.empty()) {
    const size_t more = crate.syntax_errors.size() - 1;
    return InvalidInput("the Rust source does not parse here" +
                        (more == 0 ? std::string()
                                   : " (and in " + std::to_string(more) + " more file" +
                                         (more == 1 ? "" : "s") + ")"))
        .At(crate.syntax_errors.front())
        .WithHint(
            "runwarden audits source that compiles: fix the syntax error (cargo check shows it), "
            "or exclude the file with .gitignore");
  }
  contracts::ContractsOptions options;
  for (const config::ContractTable& ct : config.contract_tables) {
    const bool exists =
        std::any_of(crate.structs.begin(), crate.structs.end(),
                    [&](const contracts::RustStruct& s) { return s.name == ct.contract; });
    if (!exists) {
      return InvalidInput(config.path + ": [contracts.tables] maps " + ct.contract +
                          ", which is not a struct of " + request.rust_path)
          .At(ct.span)
          .WithHint("use the struct's name as written in the Rust source, or remove the line");
    }
    options.tables.push_back({ct.contract, ct.table, ct.span});
  }
  std::optional<contracts::BinaryLayout> binary;
  if (!request.binary_path.empty()) {
    std::set<std::string> names;
    for (const contracts::RustStruct& s : crate.structs) names.insert(s.name);
    RW_ASSIGN_OR_RETURN(binary, contracts::ReadBinaryLayout(request.binary_path, names));
  }
  if (request.dialect == "postgres") options.dialect = contracts::Dialect::kPostgres;
  if (request.dialect == "sqlite") options.dialect = contracts::Dialect::kSqlite;
  options.dialect_evidence = request.dialect_evidence;
  return contracts::BuildContracts(std::move(crate), std::move(binary), schema, options);
}

}  // namespace runwarden::cli
