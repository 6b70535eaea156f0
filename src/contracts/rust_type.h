#ifndef RUNWARDEN_CONTRACTS_RUST_TYPE_H_
#define RUNWARDEN_CONTRACTS_RUST_TYPE_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace runwarden::contracts {

/// A Rust type as written in source or named in DWARF, parsed into a small
/// tree: `Option<chrono::DateTime<Utc>>` is a path {Option} with one
/// argument, a path {chrono, DateTime} with one argument {Utc}. Lifetimes are
/// dropped: `&'a str` and `&str` are equal.
struct RustType {
  enum class Kind {
    kPath,       ///< i64, String, sqlx::types::Json<T>
    kReference,  ///< &T, &mut T (args[0] is T)
    kPointer,    ///< *const T, *mut T (args[0] is T)
    kTuple,      ///< (A, B); () is the empty tuple
    kArray,      ///< [T; N] (args[0] is T, `length` is N as written)
    kSlice,      ///< [T]
    kInfer,      ///< _
    kOther,      ///< fn pointers, dyn/impl traits: kept as text only
  };
  Kind kind = Kind::kOther;
  std::vector<std::string> path;  ///< kPath: the segments, `::` removed
  std::vector<RustType> args;     ///< generic arguments or element types
  std::string length;             ///< kArray
  std::string text;               ///< kOther: the type as written
  bool is_mut = false;            ///< kReference, kPointer

  /// The last path segment ("DateTime"); "" for non-paths.
  std::string_view Name() const;
  /// The T of Option<T> (any path ending in Option with one argument), or
  /// nullptr when this is not an Option.
  const RustType* OptionInner() const;
  /// Canonical text with full paths: "Option<chrono::DateTime<Utc>>".
  std::string ToString() const;
  /// Canonical text with the last segment of every path only:
  /// "Option<DateTime<Utc>>".
  std::string ShortString() const;

  friend bool operator==(const RustType&, const RustType&) = default;
};

/// Parses a type written in Rust syntax (`Option<Vec<String>>`, `&'a str`,
/// `[u8; 16]`, `(i32, String)`, `chrono::DateTime<chrono::Utc>`). Errors say
/// where the text stopped making sense. Nesting deeper than 64 is refused.
Result<RustType> ParseRustType(std::string_view text);

/// Builds a path type from segments and arguments, for tests and for
/// translating diesel SQL types.
RustType PathType(std::vector<std::string> path, std::vector<RustType> args = {});

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_RUST_TYPE_H_
