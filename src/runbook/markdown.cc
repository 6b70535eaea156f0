// The one file that includes cmark. cmark 0.30 reports 1-based lines and
// 1-based byte columns for block nodes; a fenced block's start line is the
// opening fence and, when the fence is closed, its end line is the closing
// fence. cmark does not say whether a block was fenced or closed, so both are
// read from the source lines here.
#include "runbook/markdown.h"

#include <cmark.h>

#include <algorithm>

namespace runwarden::runbook {

namespace {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

// Deeper nesting than this is not a runbook; it is refused rather than
// walked, so that hostile input cannot exhaust the stack.
constexpr int kMaxNesting = 64;

void InlineText(cmark_node* node, std::string& out, int depth = 0) {
  if (depth > kMaxNesting) return;
  for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    switch (cmark_node_get_type(c)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_HTML_INLINE:
        if (const char* lit = cmark_node_get_literal(c)) out += lit;
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out += ' ';
        break;
      default:
        InlineText(c, out, depth + 1);
    }
  }
}

size_t LineOffset(const SourceText& src, int line) {
  if (line < 1) return 0;
  const auto l = static_cast<uint32_t>(line);
  if (l > src.index().line_count()) return src.text().size();
  return src.index().LineStart(l);
}

size_t LineEndOffset(const SourceText& src, int line) {
  const size_t start = LineOffset(src, line);
  return start + src.index().Line(static_cast<uint32_t>(std::max(line, 1))).size();
}

// The fence that opens a code block at `line` from byte column `column`:
// its character and length, or {0, 0} when the block is indented code.
std::pair<char, size_t> OpeningFence(const SourceText& src, int line, int column) {
  std::string_view text = src.index().Line(static_cast<uint32_t>(line));
  size_t i = column > 0 ? static_cast<size_t>(column - 1) : 0;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i >= text.size() || (text[i] != '`' && text[i] != '~')) return {0, 0};
  const char c = text[i];
  size_t n = 0;
  while (i + n < text.size() && text[i + n] == c) ++n;
  return n >= 3 ? std::make_pair(c, n) : std::make_pair('\0', size_t{0});
}

bool IsClosingFence(std::string_view line, char c, size_t length) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '>' || line[i] == '\t')) ++i;
  size_t n = 0;
  while (i + n < line.size() && line[i + n] == c) ++n;
  if (n < length) return false;
  for (size_t k = i + n; k < line.size(); ++k) {
    if (line[k] != ' ' && line[k] != '\t') return false;
  }
  return true;
}

// Builds the map from content offsets to file offsets: each content line is
// found at the end of its source line (containers only strip a prefix).
std::shared_ptr<const BlockMap> MapContent(const SourceText& src, const std::string& content,
                                           int first_line, int fallback_column) {
  std::vector<size_t> content_starts, file_starts;
  size_t pos = 0;
  int line = first_line;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string::npos) nl = content.size();
    const std::string_view content_line(content.data() + pos, nl - pos);
    const std::string_view source_line = src.index().Line(static_cast<uint32_t>(line));
    size_t prefix;
    if (source_line.size() >= content_line.size() && source_line.ends_with(content_line)) {
      prefix = source_line.size() - content_line.size();
    } else {
      prefix = std::min(source_line.size(), static_cast<size_t>(std::max(0, fallback_column - 1)));
    }
    content_starts.push_back(pos);
    file_starts.push_back(LineOffset(src, line) + prefix);
    pos = nl + 1;
    ++line;
  }
  if (content_starts.empty()) {
    content_starts.push_back(0);
    file_starts.push_back(LineOffset(src, first_line));
  }
  return std::make_shared<BlockMap>(std::move(content_starts), std::move(file_starts));
}

// A list item's own text as written: the marker removed from the first line
// and the item's indentation from the following ones.
void ItemText(const SourceText& src, cmark_node* item, MarkdownBlock& block) {
  const int start_line = cmark_node_get_start_line(item);
  const int end_line = cmark_node_get_end_line(item);
  cmark_node* first = cmark_node_first_child(item);
  int content_col = first ? cmark_node_get_start_column(first) : cmark_node_get_start_column(item);
  for (int line = start_line; line <= end_line; ++line) {
    std::string_view text = src.index().Line(static_cast<uint32_t>(line));
    size_t skip;
    if (line == start_line) {
      skip = std::min(text.size(), static_cast<size_t>(std::max(1, content_col) - 1));
    } else {
      skip = 0;
      while (skip < text.size() && skip + 1 < static_cast<size_t>(content_col) && text[skip] == ' ')
        ++skip;
    }
    if (!block.text.empty()) block.text += '\n';
    block.text_line_offsets.push_back(LineOffset(src, line) + skip);
    block.text.append(text.substr(skip));
  }
  while (!block.text.empty() && (block.text.back() == '\n' || block.text.back() == ' ')) {
    block.text.pop_back();
  }
  const size_t lines =
      static_cast<size_t>(std::count(block.text.begin(), block.text.end(), '\n')) + 1;
  if (block.text_line_offsets.size() > lines) block.text_line_offsets.resize(lines);
}

Status Walk(const SourceText& src, cmark_node* node, int list_depth,
            std::vector<MarkdownBlock>& out, int depth = 0) {
  if (depth > kMaxNesting) {
    const int line = cmark_node_get_start_line(node);
    const size_t at = LineOffset(src, line);
    return InvalidInput("lists or block quotes are nested more than " +
                        std::to_string(kMaxNesting) + " levels deep")
        .At(src.Span(at, at))
        .WithHint("flatten the structure; runbook steps need at most a few levels");
  }
  for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    const int start_line = cmark_node_get_start_line(c);
    const int start_col = cmark_node_get_start_column(c);
    const int end_line = cmark_node_get_end_line(c);
    switch (cmark_node_get_type(c)) {
      case CMARK_NODE_HEADING: {
        MarkdownBlock b{MarkdownBlock::Kind::kHeading};
        b.heading_level = cmark_node_get_heading_level(c);
        InlineText(c, b.text);
        b.begin = LineOffset(src, start_line) + static_cast<size_t>(std::max(0, start_col - 1));
        b.end = LineEndOffset(src, end_line);
        out.push_back(std::move(b));
        break;
      }
      case CMARK_NODE_CODE_BLOCK: {
        const auto [fence_char, fence_len] = OpeningFence(src, start_line, start_col);
        MarkdownBlock b{fence_len ? MarkdownBlock::Kind::kFencedCode
                                  : MarkdownBlock::Kind::kIndentedCode};
        b.content = cmark_node_get_literal(c) ? cmark_node_get_literal(c) : "";
        b.begin = LineOffset(src, start_line) + static_cast<size_t>(std::max(0, start_col - 1));
        b.end = LineEndOffset(src, end_line);
        if (fence_len) {
          b.info = cmark_node_get_fence_info(c) ? cmark_node_get_fence_info(c) : "";
          const bool closed = end_line > start_line &&
                              IsClosingFence(src.index().Line(static_cast<uint32_t>(end_line)),
                                             fence_char, fence_len);
          if (!closed) {
            return InvalidInput("code block opened here is never closed")
                .At(src.Span(b.begin, b.begin + fence_len))
                .WithHint("add a line with " + std::string(fence_len, fence_char) +
                          " after the block's last line");
          }
          b.content_map = MapContent(src, b.content, start_line + 1, start_col);
        } else {
          b.content_map = MapContent(src, b.content, start_line, start_col);
        }
        out.push_back(std::move(b));
        break;
      }
      case CMARK_NODE_ITEM: {
        MarkdownBlock b{MarkdownBlock::Kind::kListItem};
        b.list_depth = list_depth;
        b.begin = LineOffset(src, start_line) + static_cast<size_t>(std::max(0, start_col - 1));
        b.end = LineEndOffset(src, end_line);
        ItemText(src, c, b);
        out.push_back(std::move(b));
        RW_TRY(Walk(src, c, list_depth + 1, out, depth + 1));
        break;
      }
      case CMARK_NODE_LIST:
      case CMARK_NODE_BLOCK_QUOTE:
        RW_TRY(Walk(src, c, list_depth, out, depth + 1));
        break;
      default:
        break;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<MarkdownBlock>> ReadMarkdown(const SourceText& source) {
  NodePtr doc(cmark_parse_document(source.text().data(), source.text().size(), CMARK_OPT_DEFAULT));
  if (!doc) return InternalError("the Markdown parser ran out of memory");
  std::vector<MarkdownBlock> blocks;
  RW_TRY(Walk(source, doc.get(), 0, blocks));
  return blocks;
}

}  // namespace runwarden::runbook
