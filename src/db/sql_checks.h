#ifndef RUNWARDEN_DB_SQL_CHECKS_H_
#define RUNWARDEN_DB_SQL_CHECKS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"
#include "db/connection.h"

namespace runwarden::db {

/// The most bind parameters one statement can take (PostgreSQL's protocol
/// limit, applied to every backend alike).
inline constexpr size_t kMaxParams = 65535;

/// Ok when `name` is a plain identifier: [A-Za-z_][A-Za-z0-9_]*, 1 to 63
/// bytes. `what` names the thing in the error ("savepoint name").
Status CheckIdentifier(std::string_view name, std::string_view what);

/// `name` (already checked by CheckIdentifier) in double quotes, ready to be
/// put in SQL text.
std::string QuoteIdentifier(std::string_view name);

/// Ok when the parameters can be bound as text: at most kMaxParams of them
/// and no value holds a NUL byte (libpq would cut it short silently).
Status CheckParams(const Params& params);

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_SQL_CHECKS_H_
