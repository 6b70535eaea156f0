#ifndef RUNWARDEN_PROBE_PROBE_SESSION_H_
#define RUNWARDEN_PROBE_PROBE_SESSION_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "db/connection.h"
#include "schema/schema.h"

namespace runwarden::probe {

/// What became of one statement the probe tried: its result, or the error
/// the server gave (with SQLSTATE).
struct Attempt {
  std::optional<db::QueryResult> result;
  Status error;          ///< set when `result` is not
  std::string sqlstate;  ///< of `error`, "" when unknown

  bool ok() const { return result.has_value(); }
  /// The first column of the first row, when there is one.
  std::optional<std::string> Scalar() const;
};

/// Whether a statement's effects stay.
enum class Effects {
  kKeep,  ///< released on success (rolled back on failure)
  kUndo,  ///< always rolled back: the statement only observes
};

/// The probe's view of its transaction. Every statement runs in its own
/// savepoint, so that an error (an RLS violation, a constraint) ends that
/// statement only, never the probe. Borrows the connection.
class ProbeSession {
 public:
  /// `interrupted` (may be null) stops every later statement once set.
  ProbeSession(db::Connection& connection, std::string setting,
               const std::atomic<bool>* interrupted);

  /// Runs `sql` with bind `params` in a savepoint. The statement's own
  /// failure is reported in the Attempt; a Status only when the session
  /// itself broke (connection lost, savepoint refused) or the probe was
  /// interrupted: the probe must stop.
  Result<Attempt> Try(const std::string& sql, const db::Params& params, Effects effects);

  /// set_config(setting, value, true): the tenant context for the rest of the
  /// transaction; "" is no tenant.
  Status SetTenant(const std::string& value);

 private:
  db::Connection& connection_;
  std::string setting_;
  const std::atomic<bool>* interrupted_;
  uint64_t next_savepoint_ = 0;
};

/// A relation name as SQL: both parts always double-quoted.
std::string QuoteName(const schema::QualifiedName& name);
/// An identifier as SQL, always double-quoted.
std::string QuoteIdent(const std::string& ident);

}  // namespace runwarden::probe

#endif  // RUNWARDEN_PROBE_PROBE_SESSION_H_
