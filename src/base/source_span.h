#ifndef RUNWARDEN_BASE_SOURCE_SPAN_H_
#define RUNWARDEN_BASE_SOURCE_SPAN_H_

#include <cstdint>
#include <string>

namespace runwarden {

/// A position in a source file. `line` and `column` are 1-based; columns count
/// Unicode code points, so a caret lines up under the character a user sees.
/// `offset` is the 0-based byte offset of the same position.
struct SourcePos {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t offset = 0;

  bool valid() const { return line > 0; }
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
  friend auto operator<=>(const SourcePos& a, const SourcePos& b) { return a.offset <=> b.offset; }
};

/// A half-open range [begin, end) in the file named `path` (the display name
/// given to the parser, usually the path the user typed).
struct SourceSpan {
  std::string path;
  SourcePos begin;
  SourcePos end;

  bool valid() const { return begin.valid(); }
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

/// "path:line:col", or just "path" when the span has no position.
std::string FormatLocation(const SourceSpan& span);

}  // namespace runwarden

#endif  // RUNWARDEN_BASE_SOURCE_SPAN_H_
