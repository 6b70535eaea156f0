#ifndef RUNWARDEN_CONTRACTS_RUST_EXTRACT_H_
#define RUNWARDEN_CONTRACTS_RUST_EXTRACT_H_

#include <string>

#include "base/status.h"
#include "contracts/rust_crate.h"
#include "contracts/rust_syntax.h"

namespace runwarden::contracts {

/// Where a Rust file sits in its crate.
struct RustFileContext {
  std::string path;        ///< display path, used in every span
  std::string crate_name;  ///< [package] name, '-' as '_'; "" when unknown
  std::string module;      ///< the file's module path: "models::billing"; "" for lib.rs/main.rs
};

/// Reads one Rust file's text and adds what it declares to `out`: structs
/// (with derives and sqlx/diesel attributes), type aliases, diesel table!
/// blocks, and query_as!/query!/query_as::<_, T>() call sites with literal
/// SQL (also inside other macros' token trees). The text is kept in
/// out.sources. Syntax errors are recorded in out.notes and extraction goes
/// on around them. Fails only for text that cannot be Rust source (not
/// UTF-8, or a NUL byte), with the position of the offending byte.
Status ExtractRustFile(RustParser& parser, std::string text, const RustFileContext& file,
                       RustCrate& out);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_RUST_EXTRACT_H_
