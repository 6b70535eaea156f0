#ifndef RUNWARDEN_BASE_TEXT_H_
#define RUNWARDEN_BASE_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_span.h"

namespace runwarden {

/// Byte offset of the first byte that is not part of a well-formed UTF-8
/// sequence (overlongs, surrogates and values past U+10FFFF are rejected), or
/// nullopt when the whole text is valid.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

/// Number of code points in valid UTF-8 `text` (continuation bytes skipped).
size_t CountCodePoints(std::string_view text);

/// Byte offset of the `n`-th code point (0-based) of `text`, clamped to its size.
size_t ByteOffsetOfCodePoint(std::string_view text, size_t n);

/// Maps byte offsets of one text to line and column. Lines end at '\n'; a
/// "\r\n" pair counts as one line break. The index keeps a view of the text,
/// which must outlive it.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  /// The position of byte `offset` (clamped to the text's size).
  SourcePos PosAt(size_t offset) const;
  /// A span over bytes [begin, end) of the text in file `path`.
  SourceSpan SpanOf(const std::string& path, size_t begin, size_t end) const;

  /// The text of 1-based line `line` without its line break.
  std::string_view Line(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }
  /// Byte offset where 1-based line `line` starts.
  size_t LineStart(uint32_t line) const { return starts_[line - 1]; }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

/// The line of `source` under `pos` followed by a second line with a caret
/// under the column, for terminal output.
std::string CaretSnippet(std::string_view line_text, uint32_t column);

/// Lower-case ASCII copy.
std::string AsciiLower(std::string_view s);
/// Upper-case ASCII copy.
std::string AsciiUpper(std::string_view s);
/// `s` without leading and trailing ASCII white space.
std::string_view Trim(std::string_view s);
/// Case-insensitive ASCII equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

/// `name` as a file name runwarden writes: letters, digits, '-', '_' and '.'
/// kept, anything else '_'; never empty, never starting with '.'
/// (prefixed with `fallback`).
std::string SafeFileName(std::string_view name, std::string_view fallback);

}  // namespace runwarden

#endif  // RUNWARDEN_BASE_TEXT_H_
