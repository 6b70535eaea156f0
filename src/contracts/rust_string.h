#ifndef RUNWARDEN_CONTRACTS_RUST_STRING_H_
#define RUNWARDEN_CONTRACTS_RUST_STRING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runwarden::contracts {

/// The value of a Rust string literal ("...", r"...", r#"..."#) with a map
/// from value offsets back to the source, so that a position inside the
/// value (a column of the SQL it holds) becomes a position in the .rs file.
class RustString {
 public:
  /// Decodes the literal `literal` (quotes and prefix included), which starts
  /// at byte `source_offset` of its file. nullopt for byte strings, C strings
  /// and malformed escapes: they are never SQL text runwarden can check.
  static std::optional<RustString> Decode(std::string_view literal, uint32_t source_offset);

  const std::string& value() const { return value_; }
  /// The source byte offset of value byte `offset` (an escape maps to its
  /// backslash; the end of the value maps to the closing quote).
  uint32_t SourceOffset(size_t offset) const;
  /// Source byte range of the whole literal.
  uint32_t begin() const { return begin_; }
  uint32_t end() const { return end_; }

 private:
  struct Piece {
    uint32_t value_offset;
    uint32_t source_offset;
  };
  std::string value_;
  std::vector<Piece> pieces_;  ///< sorted; value bytes map linearly within a piece
  uint32_t begin_ = 0;
  uint32_t end_ = 0;
};

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_RUST_STRING_H_
