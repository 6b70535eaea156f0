#ifndef RUNWARDEN_ANALYSIS_SCOPE_QUERY_ANALYZER_H_
#define RUNWARDEN_ANALYSIS_SCOPE_QUERY_ANALYZER_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "analysis/scope/statement_scope.h"
#include "sql/tree.h"

namespace runwarden::analysis::scope {

/// One output column of a query, with what is known about its value.
struct OutputColumn {
  std::string name;
  bool tenant_bound = false;  ///< always the run's tenant
  /// A plain column of this table ...
  const schema::Table* source_table = nullptr;
  std::string source_column;
  bool source_pinned = false;  ///< ... of an occurrence pinned to the tenant
  /// A plain column reference: a filter on it outside can be pushed in.
  bool plain = false;
};

/// The outcome of analyzing one query (or a DML statement with RETURNING).
struct QueryResult {
  std::vector<OutputColumn> outputs;
  std::vector<Occurrence> occurrences;
  /// True when every tenant-table occurrence is pinned.
  bool AllPinned() const;
};

class QueryAnalyzerImpl;

/// Resolves every relation occurrence of a statement and decides which are
/// pinned to the run's tenant: aliases, CTEs (recursive too), subqueries,
/// LATERAL, set operations, views from the schema model, join equalities,
/// foreign-key paths, IN/EXISTS subqueries, conjuncts only.
class QueryAnalyzer {
 public:
  explicit QueryAnalyzer(const ScopeContext& context);
  ~QueryAnalyzer();
  QueryAnalyzer(const QueryAnalyzer&) = delete;
  QueryAnalyzer& operator=(const QueryAnalyzer&) = delete;

  /// Analyzes a wrapped statement node ({"SelectStmt": ...}, {"UpdateStmt":
  /// ...}, ...). Statements that touch no relation give an empty result.
  QueryResult Analyze(sql::Node statement);

 private:
  std::unique_ptr<QueryAnalyzerImpl> impl_;
};

}  // namespace runwarden::analysis::scope

#endif  // RUNWARDEN_ANALYSIS_SCOPE_QUERY_ANALYZER_H_
