#ifndef RUNWARDEN_ANALYSIS_SCOPE_ANALYZED_STATEMENT_H_
#define RUNWARDEN_ANALYSIS_SCOPE_ANALYZED_STATEMENT_H_

#include <functional>
#include <string>
#include <vector>

#include "analysis/scope/statement_scope.h"
#include "base/source_span.h"
#include "runbook/runbook.h"

namespace runwarden::analysis::scope {

/// A statement of a runbook or of application SQL with its scope decision:
/// what the tenant-scope rules read and what reports list.
struct AnalyzedStatement {
  std::string step_id;  ///< empty for application SQL
  StepScope step_scope = StepScope::kTenant;
  SourceSpan span;  ///< where the statement starts
  /// The file position of a parse-tree location of the statement.
  std::function<SourceSpan(int64_t)> span_at;
  StatementScope scope;
};

/// Options shared by every statement of a run.
struct AnalysisOptions {
  /// The session role cannot bypass row-level security (see ScopeContext).
  bool role_cannot_bypass_rls = false;
};

/// Analyzes every parsed statement of the runbook's SQL steps. The tenant is
/// the runbook's tenant parameter (bound as $n) or its context setting. The
/// result refers to `runbook`, which must outlive it.
std::vector<AnalyzedStatement> AnalyzeRunbook(const runbook::Runbook& runbook,
                                              const schema::Schema& schema, const Tenancy& tenancy,
                                              const AnalysisOptions& options);

StepScope StepScopeOf(runbook::Scope scope);

}  // namespace runwarden::analysis::scope

#endif  // RUNWARDEN_ANALYSIS_SCOPE_ANALYZED_STATEMENT_H_
