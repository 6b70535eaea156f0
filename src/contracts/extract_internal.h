#ifndef RUNWARDEN_CONTRACTS_EXTRACT_INTERNAL_H_
#define RUNWARDEN_CONTRACTS_EXTRACT_INTERNAL_H_

// Shared by the pieces of the Rust extractor (rust_extract.cc,
// diesel_table.cc, query_calls.cc); not part of the module's interface.

#include <string>
#include <vector>

#include "base/source_text.h"
#include "contracts/rust_crate.h"
#include "contracts/rust_extract.h"
#include "contracts/rust_syntax.h"
#include "contracts/token_tree.h"

namespace runwarden::contracts::internal {

/// One file being extracted.
struct FileScan {
  const SyntaxTree& tree;
  const SourceText& source;
  const RustFileContext& file;
  RustCrate& out;

  SourceSpan Span(uint32_t begin, uint32_t end) const { return source.Span(begin, end); }
  SourceSpan Span(SyntaxNode node) const { return Span(node.StartByte(), node.EndByte()); }
  SourceSpan Span(const Token& token) const { return Span(token.begin, token.end); }
};

/// Reads the tables of a diesel table! macro body.
void ReadDieselTables(const std::vector<Token>& body, const std::string& module, FileScan& scan);

/// Records the query call sites in `subtree` (macro invocations, including
/// those nested in other macros' token trees, and query_as::<_, T>() calls).
void FindQueryCalls(SyntaxNode subtree, const std::string& module, FileScan& scan);

/// Records the query macros found in a token list (the body of some other
/// macro, such as vec![...] or tokio::join!(...)).
void FindQueryMacrosInTokens(const std::vector<Token>& tokens, const std::string& module,
                             FileScan& scan);

/// Reads a struct declared inside a function or block (its attributes are
/// found by looking back at its siblings).
void ReadNestedStruct(SyntaxNode struct_item, const std::string& module, FileScan& scan);

/// The macro name of a macro_invocation: the last path segment ("query_as").
std::string MacroName(SyntaxNode macro_invocation, const SyntaxTree& tree);

}  // namespace runwarden::contracts::internal

#endif  // RUNWARDEN_CONTRACTS_EXTRACT_INTERNAL_H_
