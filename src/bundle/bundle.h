#ifndef RUNWARDEN_BUNDLE_BUNDLE_H_
#define RUNWARDEN_BUNDLE_BUNDLE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace runwarden::bundle {

/// The version of the bundle manifest (docs/bundle.md).
inline constexpr char kBundleFormat[] = "runwarden-bundle/1";

/// A parameter of the run. A secret's value is never in a bundle: only its
/// SHA-256, which replay checks the value given again against.
struct BundleParameter {
  std::string name;
  std::optional<std::string> value;  ///< unset for secrets
  std::string secret_sha256;         ///< "sha256:<hex>" for secrets
  bool secret = false;
};

/// How the run ended, as its audit log says.
struct BundleOutcome {
  std::string final_status;  ///< execution_blocked_for_safety, failed_rolled_back, ...
  std::string failed_step;
  std::string message;
  std::vector<std::string> halted_gates;
};

/// Everything needed to make a halted or failed run happen again: the
/// runbook as it was, the plan, the parameters, the target's schema as DDL,
/// the configuration, the audit log, and optionally rows to load.
struct Bundle {
  std::string created;       ///< UTC, ISO 8601
  std::string runbook_path;  ///< as the plan records it (relative paths are kept)
  std::string runbook_text;
  std::string plan_text;
  std::string plan_hash;
  std::string tenant;
  std::vector<BundleParameter> parameters;
  std::string backend;      ///< "postgres" or "sqlite": the sandbox replay makes
  std::string schema_ddl;   ///< schema.sql
  std::string config_text;  ///< runwarden.toml as the run read it; "" for none
  std::string audit_log_text;
  std::string audit_head;
  std::string fixtures_sql;  ///< fixtures.sql; "" for none
  /// The Rust crate the run checked (--rust), as the run named it, and its
  /// files (path relative to it, text), kept under rust/ in the bundle.
  std::string rust_path;
  std::vector<std::pair<std::string, std::string>> rust_files;
  BundleOutcome outcome;
};

/// Writes `bundle` as the directory `dir`: bundle.json (the manifest),
/// runbook/<name>, plan.json, schema.sql, runwarden.toml, audit.jsonl,
/// fixtures.sql when set, and a README.md saying how to replay it. The
/// directory must not exist; it is written beside it under a temporary
/// name, synced and renamed into place, so a crash never leaves half a
/// bundle. Files are readable by their owner only.
Status WriteBundle(const std::string& dir, const Bundle& bundle);

/// Reads the bundle directory `dir`. Errors name the file (and for the
/// manifest the line and column) and say what to do.
Result<Bundle> ReadBundle(const std::string& dir);

/// Parses a manifest's text (`path` names it in errors) into `out`, leaving
/// the file contents it points to empty. For ReadBundle and the fuzzer.
Status ParseManifest(const std::string& text, const std::string& path, Bundle& out);

/// The manifest of `bundle` as ReadBundle reads it back.
std::string ManifestText(const Bundle& bundle);

/// Whether `path` may name a file inside a bundle or a replay's folder:
/// relative, without "..", "." or empty parts, of printable characters.
bool IsSafeRelativePath(const std::string& path);

/// The file name the runbook gets inside a bundle: the last part of its
/// path, limited to letters, digits, '-', '_' and '.'.
std::string RunbookFileName(const std::string& runbook_path);

}  // namespace runwarden::bundle

#endif  // RUNWARDEN_BUNDLE_BUNDLE_H_
