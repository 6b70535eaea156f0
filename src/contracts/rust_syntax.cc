// The only file that sees tree-sitter's C API.
//
// SyntaxNode and SyntaxCursor keep tree-sitter's TSNode and TSTreeCursor as
// raw bytes so that their header needs no C type; they are copied in and out
// with memcpy, which compilers reduce to register moves. The static_asserts
// below fail the build if a tree-sitter upgrade changes either layout.
//
// The grammar (tree-sitter-rust 0.23.3, fetched by cmake/TreeSitterRust.cmake)
// is generated for ABI 14. Debian 12's runtime (0.20.7) accepts ABI 13 to 14;
// ts_parser_set_language returns false for anything else, which Create()
// turns into an error that says which grammar to use.
#include "contracts/rust_syntax.h"

#include <tree_sitter/api.h>

#include <cstdlib>
#include <cstring>

extern "C" const TSLanguage* tree_sitter_rust(void);

namespace runwarden::contracts {

namespace {

static_assert(sizeof(TSNode) == 32, "TSNode layout changed: update SyntaxNode::raw_");
static_assert(alignof(TSNode) <= 8);
static_assert(sizeof(TSTreeCursor) == 24, "TSTreeCursor layout changed: update SyntaxCursor");
static_assert(alignof(TSTreeCursor) <= 8);

// A parse that takes longer than this is abandoned (tree-sitter is linear in
// practice: ~100k lines/s), so hostile input cannot hang a run.
constexpr uint64_t kParseTimeoutMicros = 60u * 1000 * 1000;

TSNode ToTs(const std::array<unsigned char, 32>& raw) {
  TSNode n;
  std::memcpy(&n, raw.data(), sizeof n);
  return n;
}

std::array<unsigned char, 32> FromTs(TSNode n) {
  std::array<unsigned char, 32> raw;
  std::memcpy(raw.data(), &n, sizeof n);
  return raw;
}

TSTreeCursor* AsCursor(std::array<unsigned char, 24>& raw) {
  return reinterpret_cast<TSTreeCursor*>(raw.data());
}
const TSTreeCursor* AsCursor(const std::array<unsigned char, 24>& raw) {
  return reinterpret_cast<const TSTreeCursor*>(raw.data());
}

}  // namespace

// SyntaxNode ------------------------------------------------------------------

bool SyntaxNode::IsNull() const { return ts_node_is_null(ToTs(raw_)); }

std::string_view SyntaxNode::Kind() const {
  if (IsNull()) return {};
  const char* type = ts_node_type(ToTs(raw_));
  return type ? std::string_view(type) : std::string_view();
}

bool SyntaxNode::IsNamed() const { return !IsNull() && ts_node_is_named(ToTs(raw_)); }
bool SyntaxNode::IsError() const { return Kind() == "ERROR"; }
bool SyntaxNode::HasError() const { return !IsNull() && ts_node_has_error(ToTs(raw_)); }
uint32_t SyntaxNode::StartByte() const { return IsNull() ? 0 : ts_node_start_byte(ToTs(raw_)); }
uint32_t SyntaxNode::EndByte() const { return IsNull() ? 0 : ts_node_end_byte(ToTs(raw_)); }

uint32_t SyntaxNode::ChildCount() const { return IsNull() ? 0 : ts_node_child_count(ToTs(raw_)); }

SyntaxNode SyntaxNode::Child(uint32_t index) const {
  SyntaxNode out;
  if (index < ChildCount()) out.raw_ = FromTs(ts_node_child(ToTs(raw_), index));
  return out;
}

uint32_t SyntaxNode::NamedChildCount() const {
  return IsNull() ? 0 : ts_node_named_child_count(ToTs(raw_));
}

SyntaxNode SyntaxNode::NamedChild(uint32_t index) const {
  SyntaxNode out;
  if (index < NamedChildCount()) out.raw_ = FromTs(ts_node_named_child(ToTs(raw_), index));
  return out;
}

SyntaxNode SyntaxNode::ChildByField(std::string_view field) const {
  SyntaxNode out;
  if (IsNull()) return out;
  out.raw_ = FromTs(
      ts_node_child_by_field_name(ToTs(raw_), field.data(), static_cast<uint32_t>(field.size())));
  return out;
}

SyntaxNode SyntaxNode::Parent() const {
  SyntaxNode out;
  if (!IsNull()) out.raw_ = FromTs(ts_node_parent(ToTs(raw_)));
  return out;
}

SyntaxNode SyntaxNode::NextSibling() const {
  SyntaxNode out;
  if (!IsNull()) out.raw_ = FromTs(ts_node_next_sibling(ToTs(raw_)));
  return out;
}

SyntaxNode SyntaxNode::PrevSibling() const {
  SyntaxNode out;
  if (!IsNull()) out.raw_ = FromTs(ts_node_prev_sibling(ToTs(raw_)));
  return out;
}

SyntaxNode SyntaxNode::NextNamedSibling() const {
  SyntaxNode out;
  if (!IsNull()) out.raw_ = FromTs(ts_node_next_named_sibling(ToTs(raw_)));
  return out;
}

SyntaxNode SyntaxNode::PrevNamedSibling() const {
  SyntaxNode out;
  if (!IsNull()) out.raw_ = FromTs(ts_node_prev_named_sibling(ToTs(raw_)));
  return out;
}

std::string SyntaxNode::ToSExpression() const {
  if (IsNull()) return "";
  char* s = ts_node_string(ToTs(raw_));
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

bool operator==(const SyntaxNode& a, const SyntaxNode& b) {
  return ts_node_eq(ToTs(a.raw_), ToTs(b.raw_));
}

// SyntaxCursor ----------------------------------------------------------------

SyntaxCursor::SyntaxCursor(SyntaxNode start) {
  const TSTreeCursor c = ts_tree_cursor_new(ToTs(start.raw_));
  std::memcpy(raw_.data(), &c, sizeof c);
}

SyntaxCursor::~SyntaxCursor() { ts_tree_cursor_delete(AsCursor(raw_)); }

SyntaxNode SyntaxCursor::Node() const {
  SyntaxNode out;
  out.raw_ = FromTs(ts_tree_cursor_current_node(AsCursor(raw_)));
  return out;
}

bool SyntaxCursor::GotoFirstChild() { return ts_tree_cursor_goto_first_child(AsCursor(raw_)); }
bool SyntaxCursor::GotoNextSibling() { return ts_tree_cursor_goto_next_sibling(AsCursor(raw_)); }
bool SyntaxCursor::GotoParent() { return ts_tree_cursor_goto_parent(AsCursor(raw_)); }

// SyntaxTree ------------------------------------------------------------------

SyntaxTree::SyntaxTree(SyntaxTree&& other) noexcept : tree_(other.tree_), text_(other.text_) {
  other.tree_ = nullptr;
}

SyntaxTree& SyntaxTree::operator=(SyntaxTree&& other) noexcept {
  if (this != &other) {
    if (tree_) ts_tree_delete(static_cast<TSTree*>(tree_));
    tree_ = other.tree_;
    text_ = other.text_;
    other.tree_ = nullptr;
  }
  return *this;
}

SyntaxTree::~SyntaxTree() {
  if (tree_) ts_tree_delete(static_cast<TSTree*>(tree_));
}

SyntaxNode SyntaxTree::Root() const {
  SyntaxNode out;
  if (tree_) out.raw_ = FromTs(ts_tree_root_node(static_cast<const TSTree*>(tree_)));
  return out;
}

std::string_view SyntaxTree::Text(SyntaxNode node) const {
  const uint32_t begin = node.StartByte(), end = node.EndByte();
  if (begin > end || end > text_.size()) return {};
  return text_.substr(begin, end - begin);
}

// RustParser ------------------------------------------------------------------

Result<RustParser> RustParser::Create() {
  TSParser* parser = ts_parser_new();
  if (!parser) return InternalError("tree-sitter could not allocate a parser");
  const TSLanguage* language = tree_sitter_rust();
  if (!ts_parser_set_language(parser, language)) {
    ts_parser_delete(parser);
    return InternalError("the tree-sitter runtime rejected the Rust grammar: the grammar is ABI " +
                         std::to_string(ts_language_version(language)) +
                         ", the runtime accepts ABI " +
                         std::to_string(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) + " to " +
                         std::to_string(TREE_SITTER_LANGUAGE_VERSION))
        .WithHint(
            "build against tree-sitter-rust 0.23.3 (ABI 14) with libtree-sitter 0.20.7, as "
            "cmake/TreeSitterRust.cmake pins them; tree-sitter-rust 0.24 and later are ABI 15");
  }
  ts_parser_set_timeout_micros(parser, kParseTimeoutMicros);
  return RustParser(parser);
}

RustParser::RustParser(RustParser&& other) noexcept : parser_(other.parser_) {
  other.parser_ = nullptr;
}

RustParser& RustParser::operator=(RustParser&& other) noexcept {
  if (this != &other) {
    if (parser_) ts_parser_delete(static_cast<TSParser*>(parser_));
    parser_ = other.parser_;
    other.parser_ = nullptr;
  }
  return *this;
}

RustParser::~RustParser() {
  if (parser_) ts_parser_delete(static_cast<TSParser*>(parser_));
}

Result<SyntaxTree> RustParser::Parse(std::string_view text, const std::string& path) {
  if (text.size() > UINT32_MAX) {
    return InvalidInput(path + ": file is too large to parse (over 4 GiB)");
  }
  TSParser* parser = static_cast<TSParser*>(parser_);
  TSTree* tree =
      ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
  if (!tree) {
    ts_parser_reset(parser);
    return InvalidInput(path + ": parsing took longer than " +
                        std::to_string(kParseTimeoutMicros / 1000000) + " s and was abandoned")
        .WithHint("exclude the file with .gitignore if it is generated");
  }
  return SyntaxTree(tree, text);
}

uint32_t RustParser::GrammarAbiVersion() { return ts_language_version(tree_sitter_rust()); }

}  // namespace runwarden::contracts
