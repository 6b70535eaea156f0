#ifndef RUNWARDEN_CONTRACTS_RUST_SYNTAX_H_
#define RUNWARDEN_CONTRACTS_RUST_SYNTAX_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace runwarden::contracts {

/// One node of a Rust syntax tree. Kinds are the node types of the pinned
/// grammar, tree-sitter-rust 0.23.3 ("struct_item", "field_declaration",
/// "token_tree", ...); docs/contracts.md lists the shapes runwarden relies on
/// and rust_syntax_test.cc pins them. A node is a 32-byte value, passed by
/// value, valid while the SyntaxTree it came from lives. The default node is
/// null; navigation off the tree gives null nodes.
class SyntaxNode {
 public:
  SyntaxNode() = default;

  bool IsNull() const;
  /// The grammar's node type: "struct_item", or the token itself ("(", "::")
  /// for anonymous nodes.
  std::string_view Kind() const;
  bool IsNamed() const;
  /// An ERROR node, where the parser skipped text it could not fit.
  bool IsError() const;
  /// True when this node or a descendant is an ERROR or a missing token.
  bool HasError() const;
  uint32_t StartByte() const;
  uint32_t EndByte() const;

  uint32_t ChildCount() const;
  SyntaxNode Child(uint32_t index) const;
  uint32_t NamedChildCount() const;
  SyntaxNode NamedChild(uint32_t index) const;
  /// The child in grammar field `field` ("name", "body", "type", ...).
  SyntaxNode ChildByField(std::string_view field) const;
  SyntaxNode Parent() const;
  SyntaxNode NextSibling() const;
  SyntaxNode PrevSibling() const;
  SyntaxNode NextNamedSibling() const;
  SyntaxNode PrevNamedSibling() const;

  /// The node as an S-expression of named nodes with field names, as
  /// tree-sitter prints it; tests pin the grammar's shapes with it.
  std::string ToSExpression() const;

  friend bool operator==(const SyntaxNode& a, const SyntaxNode& b);

 private:
  friend class SyntaxTree;
  friend class SyntaxCursor;
  /// tree-sitter's TSNode, copied bytewise (see rust_syntax.cc).
  alignas(8) std::array<unsigned char, 32> raw_{};
};

/// Walks a subtree depth first without recursion. Owns tree-sitter's cursor
/// (heap state), so it is movable but not copyable.
class SyntaxCursor {
 public:
  explicit SyntaxCursor(SyntaxNode start);
  ~SyntaxCursor();
  SyntaxCursor(const SyntaxCursor&) = delete;
  SyntaxCursor& operator=(const SyntaxCursor&) = delete;

  SyntaxNode Node() const;
  bool GotoFirstChild();
  bool GotoNextSibling();
  bool GotoParent();

 private:
  /// tree-sitter's TSTreeCursor (see rust_syntax.cc).
  alignas(8) std::array<unsigned char, 24> raw_{};
};

/// What a visitor wants after seeing a node.
enum class WalkAction { kDescend, kSkipChildren };

/// Calls `visit(node)` on `root` and every descendant in document order;
/// when it returns kSkipChildren the node's subtree is not entered.
template <typename Visit>
void Walk(SyntaxNode root, Visit&& visit) {
  SyntaxCursor cursor(root);
  for (;;) {
    if (visit(cursor.Node()) == WalkAction::kDescend && cursor.GotoFirstChild()) continue;
    for (;;) {
      if (cursor.Node() == root) return;
      if (cursor.GotoNextSibling()) break;
      if (!cursor.GotoParent()) return;
    }
  }
}

/// A parsed Rust file. Owns the tree; views (does not own) the text, which
/// must outlive it.
class SyntaxTree {
 public:
  SyntaxTree(SyntaxTree&&) noexcept;
  SyntaxTree& operator=(SyntaxTree&&) noexcept;
  ~SyntaxTree();

  SyntaxNode Root() const;
  std::string_view text() const { return text_; }
  /// The source text a node covers.
  std::string_view Text(SyntaxNode node) const;

 private:
  friend class RustParser;
  SyntaxTree(void* tree, std::string_view text) : tree_(tree), text_(text) {}
  void* tree_ = nullptr;  ///< TSTree*
  std::string_view text_;
};

/// A tree-sitter parser set to the Rust grammar. Not thread-safe; use one
/// per thread. Movable, not copyable.
class RustParser {
 public:
  /// Fails when the tree-sitter runtime rejects the grammar (an ABI the
  /// runtime does not support), with what to install instead.
  static Result<RustParser> Create();

  RustParser(RustParser&&) noexcept;
  RustParser& operator=(RustParser&&) noexcept;
  ~RustParser();

  /// Parses `text` (named `path` in errors). tree-sitter recovers from syntax
  /// errors (they become ERROR nodes), so this fails only for texts over
  /// 4 GiB or when parsing exceeds the time limit.
  Result<SyntaxTree> Parse(std::string_view text, const std::string& path);

  /// The grammar's ABI version (14 for tree-sitter-rust 0.23.3).
  static uint32_t GrammarAbiVersion();

 private:
  explicit RustParser(void* parser) : parser_(parser) {}
  void* parser_ = nullptr;  ///< TSParser*
};

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_RUST_SYNTAX_H_
