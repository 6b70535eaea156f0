#ifndef RUNWARDEN_CONTRACTS_BINARY_LAYOUT_H_
#define RUNWARDEN_CONTRACTS_BINARY_LAYOUT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace runwarden::contracts {

/// A struct member as the compiler described it in DWARF.
struct BinaryField {
  std::string name;
  /// The member's type as DWARF names it: "i64",
  /// "core::option::Option<alloc::string::String>", "[u8; 16]".
  std::string type_name;
  uint64_t offset = 0;  ///< byte offset in the struct (rustc reorders fields)
};

/// A struct read from a binary's debug information.
struct BinaryStruct {
  std::string name;                     ///< "Invoice"
  std::vector<std::string> namespaces;  ///< {"my_crate", "models"}
  /// Members in declaration order (DWARF keeps source order even though
  /// rustc lays fields out differently).
  std::vector<BinaryField> fields;

  /// "my_crate::models::Invoice".
  std::string QualifiedName() const {
    std::string out;
    for (const std::string& n : namespaces) out += n + "::";
    return out + name;
  }
};

/// The struct layouts runwarden looked for in one binary.
struct BinaryLayout {
  std::string path;
  std::string
      producer;  ///< DW_AT_producer of the first Rust unit: "clang LLVM (rustc version 1.95.0 ...)"
  size_t compile_units = 0;
  std::vector<BinaryStruct> structs;
};

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_BINARY_LAYOUT_H_
