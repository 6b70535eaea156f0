// Token trees from tree-sitter-rust 0.23.3. Inside a `token_tree` the
// grammar produces leaves (identifier, primitive_type, crate, self, super,
// string_literal, raw_string_literal, integer_literal, ..., and anonymous
// punctuation such as "::" "->" "=" ",") and nested `token_tree`s whose
// first and last children are the delimiters. Line and block comments are
// extras and are skipped. The walk keeps its own stack of groups, so a
// deeply nested macro cannot exhaust the C++ stack.
#include "contracts/token_tree.h"

#include <cctype>

namespace runwarden::contracts {

namespace {

constexpr size_t kMaxGroupDepth = 256;

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

Token LeafToken(SyntaxNode node, const SyntaxTree& tree) {
  Token t;
  t.begin = node.StartByte();
  t.end = node.EndByte();
  t.text = std::string(tree.Text(node));
  const std::string_view kind = node.Kind();
  if (kind == "string_literal" || kind == "raw_string_literal") {
    t.kind = Token::Kind::kString;
  } else if (kind == "integer_literal" || kind == "float_literal" || kind == "char_literal" ||
             kind == "boolean_literal") {
    t.kind = Token::Kind::kLiteral;
  } else if (!t.text.empty() && IsWordChar(t.text[0])) {
    t.kind = Token::Kind::kIdent;
    if (t.text.starts_with("r#")) t.text.erase(0, 2);
  } else {
    t.kind = Token::Kind::kPunct;
  }
  return t;
}

bool IsComment(std::string_view kind) { return kind == "line_comment" || kind == "block_comment"; }

}  // namespace

std::vector<Token> TokensOf(SyntaxNode token_tree, const SyntaxTree& tree) {
  struct Frame {
    SyntaxNode node;
    uint32_t next;
    std::vector<Token>* out;
  };
  std::vector<Token> root;
  std::vector<Frame> stack;
  stack.push_back({token_tree, 0, &root});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const uint32_t count = f.node.ChildCount();
    if (f.next >= count) {
      stack.pop_back();
      continue;
    }
    const uint32_t i = f.next++;
    SyntaxNode child = f.node.Child(i);
    const std::string_view kind = child.Kind();
    // The delimiters of a group are its first and last children (the last
    // can be missing after a syntax error).
    if (i == 0 && (kind == "(" || kind == "[" || kind == "{")) continue;
    if (i + 1 == count && (kind == ")" || kind == "]" || kind == "}")) continue;
    if (IsComment(kind) || child.IsError()) continue;
    if (kind == "token_tree") {
      Token g;
      g.kind = Token::Kind::kGroup;
      g.begin = child.StartByte();
      g.end = child.EndByte();
      g.text = std::string(tree.Text(child).substr(0, 1));
      f.out->push_back(std::move(g));
      std::vector<Token>* children = &f.out->back().children;
      if (stack.size() < kMaxGroupDepth) stack.push_back({child, 0, children});
      continue;
    }
    // Leaves of compound literal nodes (string_content, escape_sequence)
    // belong to the literal; anything else named with children (rare inside
    // macros) is flattened to its text.
    f.out->push_back(LeafToken(child, tree));
  }
  return root;
}

std::vector<std::vector<Token>> SplitAtCommas(const std::vector<Token>& tokens) {
  std::vector<std::vector<Token>> out(1);
  for (const Token& t : tokens) {
    if (t.IsPunct(",")) {
      out.emplace_back();
    } else {
      out.back().push_back(t);
    }
  }
  std::vector<std::vector<Token>> pieces;
  for (auto& piece : out) {
    if (!piece.empty()) pieces.push_back(std::move(piece));
  }
  return pieces;
}

std::string PathText(const std::vector<Token>& tokens, size_t begin, size_t end) {
  end = std::min(end, tokens.size());
  std::string out;
  bool want_ident = true;
  for (size_t i = begin; i < end; ++i) {
    const Token& t = tokens[i];
    if (want_ident && t.kind == Token::Kind::kIdent) {
      out += t.text;
      want_ident = false;
    } else if (t.IsPunct("::")) {
      if (!out.empty() && want_ident) return "";
      if (!out.empty()) out += "::";
      want_ident = true;
    } else {
      return "";
    }
  }
  return want_ident ? "" : out;
}

std::string JoinTokens(const std::vector<Token>& tokens, size_t begin, size_t end) {
  end = std::min(end, tokens.size());
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    const Token& t = tokens[i];
    std::string text = t.text;
    if (t.kind == Token::Kind::kGroup) {
      const char close = t.text == "(" ? ')' : t.text == "[" ? ']' : '}';
      text = t.text + JoinTokens(t.children) + close;
    }
    if (!out.empty() && !text.empty() && IsWordChar(out.back()) && IsWordChar(text[0])) {
      out += ' ';
    } else if (t.IsPunct(",")) {
      out += ", ";
      continue;
    }
    out += text;
  }
  return out;
}

}  // namespace runwarden::contracts
