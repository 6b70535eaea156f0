// ReadCatalog dispatches on the backend; the readers live in
// catalog_postgres.cc and catalog_sqlite.cc.

#include "schema/catalog.h"

#include <algorithm>
#include <deque>
#include <map>

#include "schema/catalog_postgres.h"
#include "schema/catalog_sqlite.h"

namespace runwarden::schema {

Result<Schema> ReadCatalog(db::Connection& connection, const CatalogReadOptions& options) {
  switch (connection.Backend()) {
    case db::BackendKind::kPostgres:
      return ReadPostgresCatalog(connection, options);
    case db::BackendKind::kSqlite:
      return ReadSqliteCatalog(connection);
    case db::BackendKind::kFake:
      break;
  }
  return InvalidInput("cannot read a catalog through a fake connection")
      .WithHint("tests script catalogs with ReadPostgresCatalog or ReadSqliteCatalog");
}

std::string FormatRolePath(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& role : path) out += (out.empty() ? "" : " -> ") + role;
  return out;
}

std::vector<std::string> RoleMembershipPath(const Schema& schema, std::string_view from,
                                            const std::function<bool(const Role&)>& has) {
  std::map<std::string, std::string, std::less<>> parent;  // role -> who led to it
  std::deque<std::string> queue;
  parent.emplace(std::string(from), std::string());
  queue.emplace_back(from);
  while (!queue.empty()) {
    const std::string role = std::move(queue.front());
    queue.pop_front();
    auto it = schema.roles.find(role);
    if (it == schema.roles.end()) continue;
    if (has(it->second)) {
      std::vector<std::string> path;
      for (std::string at = role; !at.empty(); at = parent[at]) path.insert(path.begin(), at);
      return path;
    }
    std::vector<std::string> next = it->second.member_of;
    std::sort(next.begin(), next.end());
    for (const std::string& granted : next) {
      if (parent.emplace(granted, role).second) queue.push_back(granted);
    }
  }
  return {};
}

}  // namespace runwarden::schema
