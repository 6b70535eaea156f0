// Target strings: which backend, in which form, and how to show them safely.
// Everything PostgreSQL-shaped is passed to libpq as written; the parsing here
// only classifies and redacts.

#include "db/target.h"

#include "base/text.h"
#include "db/postgres.h"
#include "db/sqlite.h"

namespace runwarden::db {

namespace {

bool HasSuffix(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool HasPrefixIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

bool IsSqlitePath(std::string_view s) {
  return s.find('=') == std::string_view::npos && s.find("://") == std::string_view::npos &&
         (HasSuffix(s, ".db") || HasSuffix(s, ".sqlite") || HasSuffix(s, ".sqlite3"));
}

constexpr std::string_view kTargetForms =
    "give postgres://USER@HOST/DB, a libpq keyword string (host=... dbname=...), an empty "
    "target for the PG* environment, sqlite:PATH, or a path ending in .db, .sqlite or .sqlite3";

}  // namespace

Result<Target> ParseTarget(std::string_view text) {
  Target target;
  target.connect_string = std::string(text);
  if (HasPrefixIgnoreCase(text, "sqlite:")) {
    std::string_view path = text.substr(7);
    if (path.substr(0, 2) == "//") path.remove_prefix(2);
    if (path.empty()) {
      return InvalidInput("the sqlite target names no file").WithHint("write sqlite:PATH");
    }
    target.backend = BackendKind::kSqlite;
    target.form = TargetForm::kSqlitePath;
    target.connect_string = std::string(path);
    target.redacted = std::string(text);
    return target;
  }
  if (IsSqlitePath(text)) {
    target.backend = BackendKind::kSqlite;
    target.form = TargetForm::kSqlitePath;
    target.redacted = std::string(text);
    return target;
  }
  Redaction redaction = RedactTarget(text);
  target.redacted = redaction.text;
  if (redaction.problem) {
    return InvalidInput("cannot use target " + redaction.text + ": " + *redaction.problem);
  }
  target.backend = BackendKind::kPostgres;
  if (text.empty()) {
    target.form = TargetForm::kPostgresEnvironment;
  } else if (HasPrefixIgnoreCase(text, "postgresql://") ||
             HasPrefixIgnoreCase(text, "postgres://")) {
    target.form = TargetForm::kPostgresUri;
  } else if (text.find('=') != std::string_view::npos &&
             text.find("://") == std::string_view::npos) {
    target.form = TargetForm::kPostgresKeywords;
  } else {
    return InvalidInput("unrecognised target " + redaction.text)
        .WithHint(std::string(kTargetForms));
  }
  return target;
}

Result<std::unique_ptr<Connection>> Open(const std::string& target) {
  RW_ASSIGN_OR_RETURN(Target parsed, ParseTarget(target));
  if (parsed.backend == BackendKind::kSqlite) {
    return OpenSqlite(parsed.connect_string, SqliteOpenMode::kOpenExisting);
  }
  return OpenPostgres(parsed.connect_string);
}

}  // namespace runwarden::db
