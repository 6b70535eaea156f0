#ifndef RUNWARDEN_ANALYSIS_SCOPE_APPLICATION_SQL_H_
#define RUNWARDEN_ANALYSIS_SCOPE_APPLICATION_SQL_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/scope/analyzed_statement.h"
#include "base/source_text.h"
#include "base/status.h"

namespace runwarden::analysis::scope {

/// Application SQL to check: the text of a .sql file, or the query of a sqlx
/// offline cache file.
struct SqlSource {
  /// The file, for positions and snippets.
  std::shared_ptr<const SourceText> file;
  /// The SQL; the file's own text for .sql files.
  std::string sql;
  /// Byte offset in the file of each byte of `sql`; empty when `sql` is the
  /// file's text.
  std::vector<uint32_t> file_offset;
};

/// Scope decisions of statements already analyzed in this run, by their
/// exact text: a query repeated across files and cache entries is parsed and
/// analyzed once. Valid for one ScopeContext only.
class ScopeCache {
 public:
  struct Entry {
    bool parsed = false;
    std::string error;  ///< the syntax error when it did not parse
    size_t error_offset = 0;
    /// Locations relative to the statement's first byte.
    StatementScope scope;
  };
  const Entry* Find(const std::string& text) const;
  const Entry& Add(std::string text, Entry entry);
  size_t hits() const { return hits_; }

 private:
  std::unordered_map<std::string, Entry> entries_;
  mutable size_t hits_ = 0;
};

/// Analyzes every statement of `source` in `context` (application SQL: every
/// bind parameter may carry the tenant). Statements that do not parse are
/// reported in `errors` with their location and skipped.
std::vector<AnalyzedStatement> AnalyzeApplicationSql(const SqlSource& source,
                                                     const ScopeContext& context, ScopeCache& cache,
                                                     std::vector<Status>* errors);

}  // namespace runwarden::analysis::scope

#endif  // RUNWARDEN_ANALYSIS_SCOPE_APPLICATION_SQL_H_
