#ifndef RUNWARDEN_CONTRACTS_DESCRIBE_H_
#define RUNWARDEN_CONTRACTS_DESCRIBE_H_

#include <string>

#include "contracts/rust_crate.h"

namespace runwarden::contracts {

/// Everything extracted from a crate as stable, line-oriented text: structs
/// with derives, attributes and fields, type aliases, diesel tables, query
/// call sites with their SQL, offline-cache entries and notes. Golden tests
/// compare it; `runwarden contracts --dump` could print it.
std::string DescribeCrate(const RustCrate& crate);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_DESCRIBE_H_
