#ifndef RUNWARDEN_DB_REDACT_H_
#define RUNWARDEN_DB_REDACT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runwarden::db {

/// What replaces a password in redacted text.
inline constexpr std::string_view kRedactionMask = "****";

/// What RedactTarget found in a target string.
struct Redaction {
  /// The target with every password value replaced by kRedactionMask: the
  /// password of a URI's user info, `password=` and `sslpassword=` keywords
  /// and query parameters, and a nested connection string given as dbname.
  std::string text;
  /// Each password as written in the target and percent- or quote-decoded,
  /// for scrubbing text that may echo them. Never print these.
  std::vector<std::string> secrets;
  /// Set when the target must not be handed to libpq because libpq would
  /// read it differently and its error message could echo part of a password
  /// (e.g. an unencoded '@' or '/' in a URI password, a keyword without '=').
  /// Worded without quoting the target.
  std::optional<std::string> problem;
};

/// Finds and masks the passwords of a target string (postgres:// URI, libpq
/// keyword string, sqlite path). Pure text work: nothing is opened.
Redaction RedactTarget(std::string_view target);

/// RedactTarget(target).text: the target, safe to print.
std::string RedactedTarget(std::string_view target);

/// `text` (typically a libpq error message about `target`) with every
/// password of `target`, and the value of the PGPASSWORD environment
/// variable, replaced by kRedactionMask.
std::string ScrubSecrets(std::string_view text, std::string_view target);

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_REDACT_H_
