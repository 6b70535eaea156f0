// runwarden check-sql: the tenant-scope checks on application SQL. Inputs are
// .sql files and sqlx offline query caches (.sqlx/query-*.json), given as
// files or found below folders. Application code binds its own parameters,
// so every bind parameter compared with a tenant key counts as the tenant.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>

#include "analysis/lint.h"
#include "analysis/scope/application_sql.h"
#include "analysis/suppression.h"
#include "base/file_reader.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/schema_context.h"
#include "report/findings_report.h"
#include "report/scope_report.h"
#include "sql/sqlx_cache.h"

namespace runwarden::cli {

namespace {

namespace fs = std::filesystem;
namespace scope = analysis::scope;

constexpr size_t kMaxSqlBytes = 64u << 20;

bool IsSqlxQuery(const fs::path& p) {
  const std::string name = p.filename().string();
  return p.parent_path().filename() == ".sqlx" && name.starts_with("query-") &&
         name.ends_with(".json");
}

// The files to check, in a stable order: given files as they are, folders
// searched for *.sql and .sqlx/query-*.json.
Result<std::vector<std::string>> CollectInputs(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const fs::path& p = it->path();
        if (p.extension() == ".sql" || IsSqlxQuery(p)) found.push_back(p.string());
      }
      if (ec) return IoError("cannot read folder " + path + ": " + ec.message());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      out.push_back(path);
    } else {
      return NotFound("no such file or folder: " + path)
          .WithHint("pass .sql files, .sqlx/query-*.json files or folders holding them");
    }
  }
  return out;
}

class CheckSqlCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Checks application SQL against the schema: every relation a statement reads or writes\n"
        "must be pinned to one tenant (a bind parameter, or the tenant setting, compared with\n"
        "its tenant key, a join or foreign-key path to a pinned relation, or forced row-level\n"
        "security with --role). Reads .sql files and sqlx offline caches (.sqlx/query-*.json);\n"
        "folders are searched for both. Exit code 1 when a finding is at error severity, 2 when\n"
        "an input cannot be read or a statement does not parse.");
    sub.add_option("path", paths_, ".sql files, .sqlx/query-*.json files, or folders")->required();
    sub.add_option("--schema", schema_, "DDL file or folder of migrations")->required();
    sub.add_option("--config", config_,
                   "Configuration file (default: ./runwarden.toml if present)");
    sub.add_option("--role", role_,
                   "Role the application runs as; forced row-level security counts when it "
                   "cannot bypass it");
    report_.Add(sub);
  }

  ExitCode Run() override {
    SourceSet sources;
    auto loaded = LoadSchemaContext(schema_, config_, role_, sources);
    if (!loaded.ok()) {
      PrintError(loaded.status(), sources);
      return ExitCode::kUsage;
    }
    const SchemaContext& sc = **loaded;
    auto inputs = CollectInputs(paths_);
    if (!inputs.ok()) {
      PrintError(inputs.status());
      return ExitCode::kUsage;
    }
    scope::ScopeContext ctx;
    ctx.schema = &sc.loaded.schema;
    ctx.tenancy = &sc.tenancy;
    ctx.tenant.any_param = true;
    ctx.tenant.setting = sc.config.tenant.setting;
    ctx.tenant.display = "$n";
    ctx.rls_applies = sc.role_cannot_bypass_rls;
    scope::ScopeCache cache;
    std::vector<scope::AnalyzedStatement> statements;
    bool input_error = false;
    const DiskFileReader reader;
    for (const std::string& path : *inputs) {
      auto text = reader.Read(path, kMaxSqlBytes);
      if (!text.ok()) {
        PrintError(text.status());
        input_error = true;
        continue;
      }
      auto file = std::make_shared<const SourceText>(path, std::move(*text));
      sources[path] = file;
      scope::SqlSource source;
      source.file = file;
      if (IsSqlxQuery(path) || fs::path(path).extension() == ".json") {
        auto q = sql::ParseSqlxQuery(file->text(), path);
        if (!q.ok()) {
          PrintError(q.status(), sources);
          input_error = true;
          continue;
        }
        source.sql = std::move(q->query);
        source.file_offset = std::move(q->file_offset);
      } else {
        source.sql = file->text();
      }
      std::vector<Status> errors;
      for (auto& st : scope::AnalyzeApplicationSql(source, ctx, cache, &errors)) {
        statements.push_back(std::move(st));
      }
      for (const Status& e : errors) PrintError(e, sources);
      input_error = input_error || !errors.empty();
    }
    analysis::RuleContext rc;
    rc.schema = &sc.loaded.schema;
    rc.tenancy = &sc.tenancy;
    rc.tenant_config = &sc.config.tenant;
    rc.statements = &statements;
    std::vector<analysis::Suppressed> suppressed;
    std::vector<analysis::Finding> findings = analysis::ApplyConfig(
        analysis::RunRules(rc, {analysis::RuleTarget::kStatementScope}), sc.config, &suppressed);
    const ExitCode code = report_.Emit(
        findings, [&] { return report::ScopeJson(findings, statements); },
        [&](report::Color color) {
          return report::StatementsText(statements) +
                 report::FindingsText(findings, sources, color);
        });
    return input_error ? ExitCode::kUsage : code;
  }

 private:
  std::vector<std::string> paths_;
  std::string schema_;
  std::string config_;
  std::string role_;
  ReportOptions report_;
};

}  // namespace

std::unique_ptr<Command> MakeCheckSqlCommand() { return std::make_unique<CheckSqlCommand>(); }

}  // namespace runwarden::cli
