// Query call sites. Shapes (tree-sitter-rust 0.23.3):
//
//   sqlx::query_as!(Invoice, "SELECT ...", id)
//     (macro_invocation macro: (scoped_identifier path: (identifier) name: (identifier))
//                       (token_tree (identifier) "," (string_literal) "," ...))
//   sqlx::query_as::<_, Invoice>("SELECT ...")
//     (call_expression function: (generic_function function: <path>
//                                   type_arguments: (type_arguments <type> <type>))
//                      arguments: (arguments (string_literal | raw_string_literal) ...))
//
// A macro's arguments are a raw token tree, so a query macro inside another
// macro (vec![...], tokio::try_join!(...)) is found by scanning tokens for
// `name ! (group)`. Only string literals are read as SQL: a const, a
// format!() or include_str!() cannot be checked and is noted instead.
#include <optional>

#include "contracts/extract_internal.h"

namespace runwarden::contracts::internal {

namespace {

std::optional<QueryCallKind> MacroKind(std::string_view name) {
  if (name == "query_as") return QueryCallKind::kQueryAsMacro;
  if (name == "query_as_unchecked") return QueryCallKind::kQueryAsUncheckedMacro;
  if (name == "query" || name == "query_unchecked" || name == "query_scalar" ||
      name == "query_scalar_unchecked") {
    return QueryCallKind::kQueryMacro;
  }
  return std::nullopt;
}

bool TakesTarget(QueryCallKind kind) {
  return kind == QueryCallKind::kQueryAsMacro || kind == QueryCallKind::kQueryAsUncheckedMacro;
}

QueryCall NewCall(QueryCallKind kind, SourceSpan span, const std::string& module, FileScan& scan) {
  QueryCall c;
  c.kind = kind;
  c.span = std::move(span);
  c.crate_name = scan.file.crate_name;
  c.module = module;
  c.path = scan.file.path;
  return c;
}

void SetSql(QueryCall& c, std::string_view literal, uint32_t begin, FileScan& scan) {
  c.sql = RustString::Decode(literal, begin);
  if (c.sql) c.sql_span = scan.Span(c.sql->begin(), c.sql->end());
}

void FinishCall(QueryCall c, FileScan& scan) {
  if (!c.sql) {
    scan.out.notes.push_back(
        {c.span, std::string(QueryCallKindName(c.kind)) +
                     " without a string literal: its SQL cannot be read, so it is not checked"});
  }
  scan.out.queries.push_back(std::move(c));
}

void ReadMacroCall(QueryCallKind kind, SourceSpan name_span, const std::vector<Token>& tokens,
                   const std::string& module, FileScan& scan) {
  QueryCall c = NewCall(kind, std::move(name_span), module, scan);
  const auto pieces = SplitAtCommas(tokens);
  size_t sql_piece = 0;
  if (TakesTarget(kind)) {
    if (pieces.empty()) return;
    c.target = JoinTokens(pieces[0]);
    sql_piece = 1;
  }
  if (sql_piece < pieces.size() && pieces[sql_piece].size() == 1 &&
      pieces[sql_piece][0].kind == Token::Kind::kString) {
    const Token& lit = pieces[sql_piece][0];
    SetSql(c, lit.text, lit.begin, scan);
  }
  FinishCall(std::move(c), scan);
}

void ReadGenericCall(SyntaxNode call, const std::string& module, FileScan& scan) {
  SyntaxNode fn = call.ChildByField("function");
  if (fn.Kind() != "generic_function") return;
  SyntaxNode path = fn.ChildByField("function");
  SyntaxNode last = path.Kind() == "scoped_identifier" ? path.ChildByField("name") : path;
  if (scan.tree.Text(last) != "query_as") return;
  SyntaxNode type_args = fn.ChildByField("type_arguments");
  if (type_args.NamedChildCount() != 2) return;
  QueryCall c = NewCall(QueryCallKind::kQueryAsFunction, scan.Span(last), module, scan);
  c.target = std::string(scan.tree.Text(type_args.NamedChild(1)));
  SyntaxNode args = call.ChildByField("arguments");
  SyntaxNode first = args.NamedChild(0);
  if (first.Kind() == "string_literal" || first.Kind() == "raw_string_literal") {
    SetSql(c, scan.tree.Text(first), first.StartByte(), scan);
  }
  FinishCall(std::move(c), scan);
}

}  // namespace

std::string MacroName(SyntaxNode macro_invocation, const SyntaxTree& tree) {
  SyntaxNode m = macro_invocation.ChildByField("macro");
  if (m.Kind() == "scoped_identifier") m = m.ChildByField("name");
  return std::string(tree.Text(m));
}

void FindQueryMacrosInTokens(const std::vector<Token>& tokens, const std::string& module,
                             FileScan& scan) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == Token::Kind::kGroup) {
      FindQueryMacrosInTokens(t.children, module, scan);
      continue;
    }
    if (t.kind != Token::Kind::kIdent || i + 2 >= tokens.size()) continue;
    const auto kind = MacroKind(t.text);
    if (!kind || !tokens[i + 1].IsPunct("!") || tokens[i + 2].kind != Token::Kind::kGroup) continue;
    ReadMacroCall(*kind, scan.Span(t), tokens[i + 2].children, module, scan);
    i += 2;
  }
}

void FindQueryCalls(SyntaxNode subtree, const std::string& module, FileScan& scan) {
  Walk(subtree, [&](SyntaxNode n) {
    const std::string_view kind = n.Kind();
    if (kind == "macro_invocation") {
      SyntaxNode body;
      for (uint32_t i = 0; i < n.NamedChildCount(); ++i) {
        if (n.NamedChild(i).Kind() == "token_tree") body = n.NamedChild(i);
      }
      if (body.IsNull()) return WalkAction::kSkipChildren;
      const std::vector<Token> tokens = TokensOf(body, scan.tree);
      SyntaxNode name = n.ChildByField("macro");
      if (name.Kind() == "scoped_identifier") name = name.ChildByField("name");
      if (const auto mk = MacroKind(scan.tree.Text(name))) {
        ReadMacroCall(*mk, scan.Span(name), tokens, module, scan);
      } else {
        FindQueryMacrosInTokens(tokens, module, scan);
      }
      return WalkAction::kSkipChildren;
    }
    if (kind == "call_expression") {
      ReadGenericCall(n, module, scan);
    } else if (kind == "struct_item") {
      ReadNestedStruct(n, module, scan);
      return WalkAction::kSkipChildren;
    }
    return WalkAction::kDescend;
  });
}

}  // namespace runwarden::contracts::internal
