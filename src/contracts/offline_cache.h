#ifndef RUNWARDEN_CONTRACTS_OFFLINE_CACHE_H_
#define RUNWARDEN_CONTRACTS_OFFLINE_CACHE_H_

#include <string>

#include "base/result.h"
#include "contracts/rust_crate.h"

namespace runwarden::contracts {

/// Reads one file of sqlx's offline cache (`.sqlx/query-<hash>.json`, written
/// by `cargo sqlx prepare`):
///   {"db_name": "PostgreSQL", "query": "...",
///    "describe": {"columns": [{"ordinal": 0, "name": "id", "type_info": "Int8"}],
///                 "parameters": {...}, "nullable": [false]},
///    "hash": "..."}
/// `type_info` is a name ("Int8") or, for user types, {"Custom": {"name": ...}}.
/// `path` names the file in errors.
Result<OfflineQuery> ParseOfflineQuery(std::string json, const std::string& path);

/// The SQL type an offline-cache `type_info` stands for, in format_type()
/// spelling for PostgreSQL ("Int8" -> "bigint", "TextArray" -> "text[]") and
/// as declared for SQLite ("Integer" -> "integer"); "" when unknown.
std::string SqlTypeOfTypeInfo(std::string_view type_info, Dialect dialect);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_OFFLINE_CACHE_H_
