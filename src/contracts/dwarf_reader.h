#ifndef RUNWARDEN_CONTRACTS_DWARF_READER_H_
#define RUNWARDEN_CONTRACTS_DWARF_READER_H_

#include <set>
#include <string>

#include "base/result.h"
#include "contracts/binary_layout.h"

namespace runwarden::contracts {

/// Reads, from the DWARF debug information of the ELF binary at `path`, the
/// layouts of the Rust structs whose unqualified names are in `names` (all
/// structs of Rust compile units when `names` is empty). Needs full debug
/// information (`-C debuginfo=2`, cargo's dev profile): line tables alone
/// (`debuginfo=1`) describe no types. Fails, saying how to rebuild, when the
/// file is missing, not ELF, has no DWARF, no Rust units, only line tables,
/// or (when `names` is not empty) describes none of the structs named.
Result<BinaryLayout> ReadBinaryLayout(const std::string& path, const std::set<std::string>& names);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_DWARF_READER_H_
