#ifndef RUNWARDEN_CONTRACTS_CRATE_LOADER_H_
#define RUNWARDEN_CONTRACTS_CRATE_LOADER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/file_reader.h"
#include "base/result.h"
#include "contracts/rust_crate.h"

namespace runwarden::contracts {

/// Limits that keep a hostile or accidental input from exhausting memory.
struct CrateLimits {
  size_t max_file_bytes = 8u << 20;     ///< one .rs or .json file
  size_t max_total_bytes = 512u << 20;  ///< all files read
  size_t max_files = 100000;
};

/// Loads a Rust crate or workspace: every `.rs` file below `path` (or `path`
/// itself when it is a file), skipping `target/` and hidden directories,
/// symlinks, and what .gitignore files exclude; sqlx's offline cache
/// (`.sqlx/query-*.json`); and each Cargo.toml's package name and sqlx/diesel
/// features (for the dialect). Files are read in path order, so the result is
/// deterministic. Fails when the path does not exist, holds no Rust file, or a
/// file is unreadable, too large or not UTF-8; the error names the file and
/// position and says what to do.
Result<RustCrate> LoadRustCrate(const std::string& path, const FileReader& reader,
                                const CrateLimits& limits = {});

/// The package name of a Cargo.toml ('-' as '_'), or "" for a virtual
/// workspace manifest.
std::string CargoPackageName(std::string_view cargo_toml);

/// What a Cargo.toml's sqlx / diesel dependencies say about the database:
/// features "postgres" / "sqlite", or the sqlx-postgres / sqlx-sqlite /
/// libsqlite3-sys crates. `path` is used in the evidence.
std::vector<DialectHint> CargoDialectHints(std::string_view cargo_toml, const std::string& path);

/// The module path of a file from its path relative to its crate's
/// directory: src/lib.rs -> "", src/models/mod.rs -> "models",
/// src/models/billing.rs -> "models::billing"; files outside src/ (and
/// src/bin/*.rs) are crate roots.
std::string ModuleOfFile(std::string_view relative_path);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_CRATE_LOADER_H_
