// Attributes in tree-sitter-rust 0.23.3:
//   (attribute_item (attribute <path> arguments: (token_tree ...)))  #[sqlx(rename = "x")]
//   (attribute_item (attribute <path> value: (string_literal)))      #[table_name = "users"]
// where <path> is an identifier or a scoped_identifier. Outer attributes of
// an item or a field are its preceding siblings; doc comments and plain
// comments may sit between them.
#include "contracts/attributes.h"

#include <cctype>

#include "contracts/rust_string.h"

namespace runwarden::contracts {

namespace {

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

std::string StringValue(const Token& t) {
  auto decoded = RustString::Decode(t.text, t.begin);
  return decoded ? decoded->value() : std::string();
}

}  // namespace

const AttrArg* Attribute::Find(std::string_view key) const {
  for (const AttrArg& a : args) {
    if (a.key == key) return &a;
  }
  return nullptr;
}

std::vector<AttrArg> ReadAttrArgs(const std::vector<Token>& tokens) {
  std::vector<AttrArg> out;
  for (const std::vector<Token>& piece : SplitAtCommas(tokens)) {
    AttrArg arg;
    arg.begin = piece.front().begin;
    arg.end = piece.back().end;
    size_t i = 0;
    while (i < piece.size() && (piece[i].kind == Token::Kind::kIdent || piece[i].IsPunct("::"))) {
      ++i;
    }
    arg.key = PathText(piece, 0, i);
    if (i < piece.size() && piece[i].IsPunct("=")) {
      if (i + 2 == piece.size() && piece[i + 1].kind == Token::Kind::kString) {
        arg.value = StringValue(piece[i + 1]);
        arg.value_is_string = true;
      } else {
        arg.value = JoinTokens(piece, i + 1);
      }
    } else if (i < piece.size() && piece[i].kind == Token::Kind::kGroup) {
      arg.nested = ReadAttrArgs(piece[i].children);
    } else if (i < piece.size() && arg.key.empty()) {
      // A bare literal, as in #[sqlx(type_name = ...)] oddities: keep its text.
      arg.value = JoinTokens(piece, i);
    }
    out.push_back(std::move(arg));
  }
  return out;
}

Attribute ReadAttribute(SyntaxNode attribute_item, const SyntaxTree& tree) {
  Attribute a;
  a.begin = attribute_item.StartByte();
  a.end = attribute_item.EndByte();
  SyntaxNode attr;
  for (uint32_t i = 0; i < attribute_item.NamedChildCount(); ++i) {
    if (attribute_item.NamedChild(i).Kind() == "attribute") attr = attribute_item.NamedChild(i);
  }
  if (attr.IsNull()) return a;
  SyntaxNode path = attr.NamedChild(0);
  if (path.Kind() == "identifier" || path.Kind() == "scoped_identifier") {
    a.path = WithoutSpaces(tree.Text(path));
  }
  if (SyntaxNode args = attr.ChildByField("arguments"); !args.IsNull()) {
    a.args = ReadAttrArgs(TokensOf(args, tree));
  }
  if (SyntaxNode value = attr.ChildByField("value"); !value.IsNull()) {
    auto decoded = RustString::Decode(tree.Text(value), value.StartByte());
    a.value = decoded ? decoded->value() : std::string(tree.Text(value));
  }
  return a;
}

}  // namespace runwarden::contracts
