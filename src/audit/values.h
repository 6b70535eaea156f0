#ifndef RUNWARDEN_AUDIT_VALUES_H_
#define RUNWARDEN_AUDIT_VALUES_H_

#include <string>
#include <string_view>

namespace runwarden::audit {

/// "sha256:" followed by the lowercase hex SHA-256 of `value`.
///
/// The audit log never holds a secret: bind parameters, secret parameters
/// and anything else whose value must not be kept are logged only as this
/// hash, so that a reviewer who knows a value can check that it was the one
/// used, and nobody can read it back from the log.
std::string ValueHash(std::string_view value);

}  // namespace runwarden::audit

#endif  // RUNWARDEN_AUDIT_VALUES_H_
