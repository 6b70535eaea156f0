#ifndef RUNWARDEN_RUNBOOK_SOURCE_MAP_H_
#define RUNWARDEN_RUNBOOK_SOURCE_MAP_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "base/source_span.h"
#include "base/source_text.h"

namespace runwarden::runbook {

/// Maps byte offsets in a fenced block's content (the code without the
/// fences and without container indentation) to byte offsets in the file.
class BlockMap {
 public:
  /// `content_line_starts[i]` is where content line i starts in the content;
  /// `file_line_starts[i]` is where that line's content starts in the file.
  BlockMap(std::vector<size_t> content_line_starts, std::vector<size_t> file_line_starts)
      : content_(std::move(content_line_starts)), file_(std::move(file_line_starts)) {}

  size_t ToFileOffset(size_t content_offset) const;

 private:
  std::vector<size_t> content_;
  std::vector<size_t> file_;
};

/// Maps offsets in a statement's bound text (placeholders replaced) back to
/// the Markdown file, through the block's content.
class StatementMap {
 public:
  /// One replacement: bound[bound_begin, bound_end) stands for
  /// code[code_begin, code_end) of the block content.
  struct Edit {
    size_t bound_begin, bound_end, code_begin, code_end;
  };

  StatementMap(std::shared_ptr<const SourceText> source, std::shared_ptr<const BlockMap> block,
               size_t code_offset, std::vector<Edit> edits)
      : source_(std::move(source)),
        block_(std::move(block)),
        code_offset_(code_offset),
        edits_(std::move(edits)) {}

  /// Offset in the block content of a bound-text offset. An offset inside a
  /// replacement maps to the start of what it replaced.
  size_t ToCode(size_t bound_offset) const;
  /// The file span of bound text [begin, end).
  SourceSpan Span(size_t bound_begin, size_t bound_end) const;

 private:
  std::shared_ptr<const SourceText> source_;
  std::shared_ptr<const BlockMap> block_;
  size_t code_offset_;  ///< where the statement starts in the block content
  std::vector<Edit> edits_;
};

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_SOURCE_MAP_H_
