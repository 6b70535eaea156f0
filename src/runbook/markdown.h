#ifndef RUNWARDEN_RUNBOOK_MARKDOWN_H_
#define RUNWARDEN_RUNBOOK_MARKDOWN_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "runbook/source_map.h"

namespace runwarden::runbook {

/// The blocks of a CommonMark document that a runbook is made of, in
/// document order, with byte offsets into the file. Produced by the cmark
/// wrapper; nothing above it sees cmark.
struct MarkdownBlock {
  enum class Kind { kHeading, kFencedCode, kIndentedCode, kListItem };
  Kind kind;
  int heading_level = 0;  ///< headings: 1..6
  std::string text;       ///< heading text, or a list item's text as written
  std::string info;       ///< fenced code: the info string
  std::string content;    ///< code: the content without fences
  /// code: maps content offsets to file offsets.
  std::shared_ptr<const BlockMap> content_map;
  size_t begin = 0;  ///< file byte offset of the block's first byte
  size_t end = 0;    ///< file byte offset just past the block
  /// list items: file offsets where each line of `text` starts.
  std::vector<size_t> text_line_offsets;
  /// list items: nesting depth of the list (0 for a top-level list).
  int list_depth = 0;
};

/// Reads the blocks of `source`. Fails only for a fenced code block that is
/// never closed, which would otherwise swallow the rest of the runbook.
Result<std::vector<MarkdownBlock>> ReadMarkdown(const SourceText& source);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_MARKDOWN_H_
