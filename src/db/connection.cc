// Value types of the Connection interface. Nothing here talks to a server.

#include "db/connection.h"

namespace runwarden::db {

std::string_view BackendName(BackendKind kind) {
  switch (kind) {
    case BackendKind::kPostgres:
      return "postgres";
    case BackendKind::kSqlite:
      return "sqlite";
    case BackendKind::kFake:
      return "fake";
  }
  return "unknown";
}

std::optional<size_t> QueryResult::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  return std::nullopt;
}

std::string TargetDescription::ToString() const {
  std::string out(BackendName(backend));
  if (backend == BackendKind::kSqlite) return out + " " + path;
  auto add = [&out](std::string_view key, const std::string& value) {
    if (!value.empty()) out += " " + std::string(key) + "=" + value;
  };
  add("host", host);
  add("port", port);
  add("dbname", database);
  add("user", user);
  add("path", path);
  return out;
}

}  // namespace runwarden::db
