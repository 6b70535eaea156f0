#include "runbook/source_map.h"

#include <algorithm>

namespace runwarden::runbook {

size_t BlockMap::ToFileOffset(size_t content_offset) const {
  if (content_.empty()) return 0;
  auto it = std::upper_bound(content_.begin(), content_.end(), content_offset);
  const size_t line = static_cast<size_t>(it - content_.begin()) - 1;
  return file_[line] + (content_offset - content_[line]);
}

size_t StatementMap::ToCode(size_t bound) const {
  size_t shift_bound = 0, shift_code = 0;
  for (const Edit& e : edits_) {
    if (bound < e.bound_begin) break;
    if (bound < e.bound_end) return code_offset_ + e.code_begin;
    shift_bound = e.bound_end;
    shift_code = e.code_end;
  }
  return code_offset_ + shift_code + (bound - shift_bound);
}

SourceSpan StatementMap::Span(size_t bound_begin, size_t bound_end) const {
  const size_t b = block_->ToFileOffset(ToCode(bound_begin));
  size_t e = b;
  if (bound_end > bound_begin) {
    // Map the last byte, then step past it, so an end inside a replacement
    // still covers the whole placeholder.
    e = block_->ToFileOffset(ToCode(bound_end - 1)) + 1;
    for (const Edit& ed : edits_) {
      if (bound_end - 1 >= ed.bound_begin && bound_end - 1 < ed.bound_end) {
        e = block_->ToFileOffset(code_offset_ + ed.code_end - 1) + 1;
      }
    }
  }
  return source_->Span(b, std::max(b, e));
}

}  // namespace runwarden::runbook
