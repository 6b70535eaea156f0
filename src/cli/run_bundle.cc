// The reproduction bundle a halted or failed run leaves beside its audit log.
#include "cli/run_bundle.h"

#include <ctime>
#include <filesystem>

#include "base/file_reader.h"
#include "bundle/bundle.h"
#include "plan/plan_match.h"
#include "schema/ddl_writer.h"

namespace runwarden::cli {

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxInputBytes = size_t{64} << 20;

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The target's schema as DDL: SQLite's own CREATE statements, tables first
// in the order they were made; on PostgreSQL, the schema model written out.
Result<std::string> SchemaSnapshot(const Execution& run, db::Connection& connection) {
  if (connection.Backend() == db::BackendKind::kSqlite) {
    RW_ASSIGN_OR_RETURN(
        db::QueryResult r,
        connection.Query("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE "
                         "'sqlite\\_%' ESCAPE '\\' ORDER BY CASE type WHEN 'table' THEN 0 WHEN "
                         "'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid",
                         {}));
    std::string out = "-- runwarden schema snapshot (sqlite)\n";
    for (const db::Row& row : r.rows) {
      if (!row.empty() && row[0]) out += *row[0] + ";\n";
    }
    return out;
  }
  if (!run.schema) {
    return InternalError("the run has no schema to snapshot");
  }
  return schema::WriteDdl(run.schema->loaded.schema, schema::DdlDialect::kPostgres);
}

}  // namespace

std::string BundleBesideLog(const std::string& log_path) { return BesideLog(log_path, ".bundle"); }

std::map<std::string, std::string> CrateFiles(const std::string& rust_path,
                                              const SourceSet& sources) {
  std::map<std::string, std::string> out;
  if (rust_path.empty()) return out;
  std::error_code ec;
  const bool is_dir = fs::is_directory(rust_path, ec);
  const fs::path root = is_dir ? fs::path(rust_path) : fs::path(rust_path).parent_path();
  for (const auto& [name, text] : sources) {
    const std::string rel = fs::path(name).lexically_relative(root).generic_string();
    if (rel.empty() || rel.rfind("..", 0) == 0 || !bundle::IsSafeRelativePath(rel)) continue;
    if (!is_dir && fs::path(name) != fs::path(rust_path)) continue;
    out[rel] = text->text();
  }
  if (!is_dir) return out;
  const DiskFileReader reader;
  std::vector<fs::path> extra = {root / "Cargo.toml"};
  for (auto it = fs::directory_iterator(root / ".sqlx", ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    if (it->path().extension() == ".json") extra.push_back(it->path());
  }
  for (const fs::path& p : extra) {
    auto text = reader.Read(p.string(), kMaxInputBytes);
    if (text.ok()) out[p.lexically_relative(root).generic_string()] = std::move(*text);
  }
  return out;
}

bool LeavesBundle(const std::string& final_status) {
  return final_status == "execution_blocked_for_safety" || final_status == "failed_rolled_back" ||
         final_status == "in_doubt";
}

Result<std::string> WriteRunBundle(const Execution& run, db::Connection& connection,
                                   const std::string& log_path, const std::string& head,
                                   const exec::RunOutcome& outcome) {
  const plan::Plan& plan = *run.plan;
  const DiskFileReader reader;
  bundle::Bundle b;
  b.created = UtcNow();
  b.runbook_path = plan.runbook_path;
  b.runbook_text = run.runbook_text;
  b.plan_text = run.plan_text;
  b.plan_hash = run.plan_hash;
  b.tenant = run.tenant;
  b.backend = connection.Backend() == db::BackendKind::kSqlite ? "sqlite" : "postgres";
  for (const plan::PlannedParameter& p : plan.parameters) {
    bundle::BundleParameter bp;
    bp.name = p.name;
    bp.secret = p.secret;
    if (p.secret) {
      bp.secret_sha256 = p.secret_sha256.empty() ? "" : "sha256:" + p.secret_sha256;
    } else if (const std::string* v = plan::ValueNamed(run.values, p.name)) {
      bp.value = *v;
    }
    b.parameters.push_back(std::move(bp));
  }
  RW_ASSIGN_OR_RETURN(b.schema_ddl, SchemaSnapshot(run, connection));
  if (run.schema && !run.schema->config.path.empty()) {
    RW_ASSIGN_OR_RETURN(b.config_text, reader.Read(run.schema->config.path, kMaxInputBytes));
  }
  b.rust_path = run.rust_path;
  for (const auto& [path, text] : run.rust_files) b.rust_files.emplace_back(path, text);
  RW_ASSIGN_OR_RETURN(b.audit_log_text, reader.Read(log_path, size_t{256} << 20));
  b.audit_head = head;
  b.outcome.final_status = outcome.final_status;
  b.outcome.failed_step = outcome.failed_step;
  b.outcome.message = outcome.message;
  for (const plan::Gate& g : plan.gates) {
    if (g.status == "halted") b.outcome.halted_gates.push_back(g.name);
  }
  const std::string dir = BundleBesideLog(log_path);
  RW_TRY(bundle::WriteBundle(dir, b));
  return dir;
}

}  // namespace runwarden::cli
