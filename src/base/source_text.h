#ifndef RUNWARDEN_BASE_SOURCE_TEXT_H_
#define RUNWARDEN_BASE_SOURCE_TEXT_H_

#include <map>
#include <memory>
#include <string>

#include "base/source_span.h"
#include "base/text.h"

namespace runwarden {

/// A source file's text with its line index, shared (through shared_ptr) by
/// everything that turns byte offsets into line and column after parsing, and
/// by reporters that show the offending line.
class SourceText {
 public:
  SourceText(std::string path, std::string text)
      : path_(std::move(path)), text_(std::move(text)), index_(text_) {}
  SourceText(const SourceText&) = delete;
  SourceText& operator=(const SourceText&) = delete;

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  const LineIndex& index() const { return index_; }
  SourceSpan Span(size_t begin, size_t end) const { return index_.SpanOf(path_, begin, end); }

 private:
  std::string path_;
  std::string text_;
  LineIndex index_;  // views text_
};

/// Source files by display path, so that reporters can quote lines.
using SourceSet = std::map<std::string, std::shared_ptr<const SourceText>>;

}  // namespace runwarden

#endif  // RUNWARDEN_BASE_SOURCE_TEXT_H_
