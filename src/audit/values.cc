#include "audit/values.h"

#include "base/sha256.h"

namespace runwarden::audit {

std::string ValueHash(std::string_view value) { return "sha256:" + Sha256Hex(value); }

}  // namespace runwarden::audit
