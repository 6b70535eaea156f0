#ifndef RUNWARDEN_CONTRACTS_BINARY_MATCH_H_
#define RUNWARDEN_CONTRACTS_BINARY_MATCH_H_

#include <string>
#include <vector>

#include "contracts/binary_layout.h"
#include "contracts/rust_crate.h"

namespace runwarden::contracts {

/// One way a struct's layout in a binary differs from its source.
struct LayoutDifference {
  enum class Kind {
    kMissingInBinary,  ///< the source declares a field the binary lacks
    kMissingInSource,  ///< the binary has a field the source lacks
    kTypeDiffers,      ///< same field, different type
    kOrderDiffers,     ///< same fields, declared in another order
  };
  Kind kind = Kind::kTypeDiffers;
  std::string field;
  std::string source_type;  ///< as compared (last path segments, no default arguments)
  std::string binary_type;
  const RustField* source_field = nullptr;  ///< null for kMissingInSource / kOrderDiffers
};

/// Compares a source struct with its DWARF layout: field names (tuple
/// fields "__0" in DWARF are "0"), declaration order and types. Types are
/// compared by their last path segments (DWARF qualifies them fully:
/// alloc::string::String), after expanding the crate's type aliases (which
/// DWARF does not keep) and dropping default generic arguments DWARF spells
/// out (alloc::alloc::Global, RandomState).
std::vector<LayoutDifference> CompareLayouts(const RustStruct& source, const BinaryStruct& binary,
                                             const RustCrate& crate);

/// The comparable form of a type name written in Rust or named by DWARF:
/// "core::option::Option<alloc::vec::Vec<u8, alloc::alloc::Global>>" and
/// "Option<Vec<u8>>" both give "Option<Vec<u8>>".
std::string ComparableTypeName(const std::string& type_name, const RustCrate* crate);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_BINARY_MATCH_H_
